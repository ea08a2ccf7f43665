//! `findings.collect`: the GuardDuty and Security Hub findings about the case's resources,
//! pulled from the APIs and stored as evidence exactly as the APIs returned them.
//!
//! Invariants: read-only; each finding is stored as the bytes of its JSON in the API's
//! response (a JSON Lines file per service), kept only when it names one of the case's
//! resources (checked here too: a filter the service ignores or over-matches cannot add
//! findings about something else); a service that is not enabled, or that this principal
//! may not read, or that fails, is reported in `skipped`, never fatal: the other is still read.

use std::collections::BTreeSet;

use aws_sdk_guardduty::types::{Condition, FindingCriteria};
use aws_sdk_securityhub::types::{AwsSecurityFindingFilters, DateFilter, StringFilter, StringFilterComparison};
use cordon_aws::Aws;
use cordon_aws::raw::RawBodies;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::CaseId;
use cordon_core::{ActionError, ErrorKind, ops};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub struct CollectFindings;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "findings.collect",
    summary: "Store the GuardDuty and Security Hub findings about the case's resources, as the APIs returned them",
    description: "Read-only. GuardDuty: every detector of the Region (ListDetectors), its findings whose resource is \
one of `resources` (ListFindings on the instance id, access key id, user name or bucket name fields, then \
GetFindings fifty at a time); Security Hub: GetFindings whose resource id contains one of them. `since` keeps \
findings updated from then on. Each finding is stored as the exact bytes of its JSON in the API's response, one \
per line, in `guardduty-findings.jsonl` and `securityhub-findings.jsonl`; a finding is kept only when it names \
one of the resources (checked again here, whatever the service's filter did). The timeline shows each finding as \
an event at its first sighting. A service that is not enabled in the Region, that this principal may not \
read, or that fails is listed in `skipped` with the error; the other is still collected.",
    operations: &[
        ops::guardduty::LIST_DETECTORS,
        ops::guardduty::LIST_FINDINGS,
        ops::guardduty::GET_FINDINGS,
        ops::securityhub::GET_FINDINGS,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "resources: [i-0123456789abcdef0, AKIAIOSFODNN7EXAMPLE]\nsince: \"2026-11-01T00:00:00Z\"\n",
};

/// Parameters of `findings.collect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The case's resources: instance ids, access key ids, IAM user names, bucket names.
    pub resources: Vec<String>,
    /// Only findings updated at or after this time (RFC 3339); default: all.
    #[serde(default)]
    pub since: Option<String>,
}

/// Receipt of `findings.collect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// Findings stored from GuardDuty.
    pub guardduty: usize,
    /// Findings stored from Security Hub.
    pub securityhub: usize,
    /// Each finding stored: `<service>:<finding id>`.
    pub finding_ids: Vec<String>,
    /// A service not read, and why.
    pub skipped: Vec<String>,
    /// The files stored.
    pub artifacts: Vec<ArtifactRecord>,
}

/// Why a service was not read. Its findings are an addition to the case, never a reason to
/// lose the other service's: any error is reported, the step goes on.
fn why(e: &ActionError) -> String {
    let off = matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::NotFound)
        || e.code.as_deref().is_some_and(|c| {
            matches!(
                c,
                "InvalidAccessException"
                    | "AccessDeniedException"
                    | "BadRequestException"
                    | "ResourceNotFoundException"
            )
        });
    if off { format!("not enabled here, or not readable by this principal: {e}") } else { format!("failed: {e}") }
}

/// The findings of `pages` (raw response bodies) under `field`, as their exact bytes,
/// kept when `names_ours` says they name one of the resources.
fn findings_of(
    pages: &[Vec<u8>],
    field: &str,
    names_ours: impl Fn(&serde_json::Value) -> bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in pages {
        let Ok(doc) = serde_json::from_slice::<std::collections::HashMap<String, &RawValue>>(page) else { continue };
        let Some(list) = doc.get(field).and_then(|l| serde_json::from_str::<Vec<&RawValue>>(l.get()).ok()) else {
            continue;
        };
        for raw in list {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.get()) else { continue };
            let id = value.get("id").or_else(|| value.get("Id")).and_then(|i| i.as_str()).unwrap_or_default();
            if !id.is_empty() && names_ours(&value) {
                // One finding per line: the API's bytes, unless they span lines.
                let text = if raw.get().contains('\n') { value.to_string() } else { raw.get().to_string() };
                out.push((id.to_string(), text));
            }
        }
    }
    out
}

/// Whether any string in `v` equals one of `resources`, or (an ARN) ends with `/<it>` or `:<it>`.
fn mentions(v: &serde_json::Value, resources: &BTreeSet<String>) -> bool {
    match v {
        serde_json::Value::String(s) => resources.iter().any(|r| {
            s == r || s.strip_suffix(r.as_str()).is_some_and(|head| head.ends_with('/') || head.ends_with(':'))
        }),
        serde_json::Value::Array(a) => a.iter().any(|x| mentions(x, resources)),
        serde_json::Value::Object(o) => o.values().any(|x| mentions(x, resources)),
        _ => false,
    }
}

/// The raw GetFindings pages of every detector; `None` when GuardDuty has no detector here.
async fn guardduty(
    aws: &Aws,
    ctx: &StepContext<'_>,
    p: &Params,
    since: Option<i64>,
) -> Result<Option<Vec<Vec<u8>>>, ActionError> {
    let detectors =
        cordon_aws::call(ctx, ops::guardduty::LIST_DETECTORS, "GuardDuty", aws.guardduty.list_detectors().send())
            .await?;
    if detectors.detector_ids().is_empty() {
        return Ok(None);
    }
    let fields = |r: &str| -> &'static [&'static str] {
        if r.starts_with("i-") {
            &["resource.instanceDetails.instanceId"]
        } else if r.starts_with("AKIA") || r.starts_with("ASIA") {
            &["resource.accessKeyDetails.accessKeyId"]
        } else {
            &["resource.accessKeyDetails.userName", "resource.s3BucketDetails.name"]
        }
    };
    let mut pages = Vec::new();
    for detector in detectors.detector_ids() {
        let mut ids = BTreeSet::new();
        let mut queries: Vec<(&str, Vec<String>)> = Vec::new();
        for r in &p.resources {
            for f in fields(r) {
                match queries.iter_mut().find(|(q, _)| q == f) {
                    Some((_, values)) => values.push(r.clone()),
                    None => queries.push((f, vec![r.clone()])),
                }
            }
        }
        for (field, values) in queries {
            let mut criteria = FindingCriteria::builder()
                .criterion(field, Condition::builder().set_equals(Some(values.clone())).build());
            if let Some(ms) = since {
                criteria = criteria.criterion("updatedAt", Condition::builder().greater_than_or_equal(ms).build());
            }
            let criteria = criteria.build();
            let mut token = None;
            loop {
                let req = aws
                    .guardduty
                    .list_findings()
                    .detector_id(detector)
                    .finding_criteria(criteria.clone())
                    .max_results(50)
                    .set_next_token(token.clone());
                let out = cordon_aws::call(ctx, ops::guardduty::LIST_FINDINGS, detector, req.send()).await?;
                ids.extend(out.finding_ids().iter().cloned());
                token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
        }
        let ids: Vec<String> = ids.into_iter().collect();
        for batch in ids.chunks(50) {
            let raw = RawBodies::default();
            let req = aws.guardduty.get_findings().detector_id(detector).set_finding_ids(Some(batch.to_vec()));
            cordon_aws::call(
                ctx,
                ops::guardduty::GET_FINDINGS,
                detector,
                req.customize().interceptor(raw.clone()).send(),
            )
            .await?;
            pages.extend(raw.take());
        }
    }
    Ok(Some(pages))
}

async fn securityhub(aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Vec<Vec<u8>>, ActionError> {
    let mut filters = AwsSecurityFindingFilters::builder();
    for r in &p.resources {
        filters =
            filters.resource_id(StringFilter::builder().value(r).comparison(StringFilterComparison::Contains).build());
    }
    if let Some(since) = &p.since {
        filters = filters.updated_at(DateFilter::builder().start(since).end("2100-01-01T00:00:00Z").build());
    }
    let filters = filters.build();
    let raw = RawBodies::default();
    let mut token = None;
    loop {
        let req =
            aws.securityhub.get_findings().filters(filters.clone()).max_results(100).set_next_token(token.clone());
        let out = cordon_aws::call(
            ctx,
            ops::securityhub::GET_FINDINGS,
            "Security Hub",
            req.customize().interceptor(raw.clone()).send(),
        )
        .await?;
        token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Ok(raw.take())
}

fn store(
    ctx: &StepContext<'_>,
    name: &str,
    source: &str,
    found: &[(String, String)],
) -> Result<ArtifactRecord, ActionError> {
    let mut text = String::new();
    for (_, line) in found {
        text.push_str(line);
        text.push('\n');
    }
    ctx.store(
        ArtifactMeta { name: name.into(), source: source.into(), media_type: "application/x-ndjson" },
        text.as_bytes(),
    )
}

impl Action for CollectFindings {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan::default().observe(format!(
            "read-only: store the GuardDuty and Security Hub findings about {}",
            p.resources.join(", ")
        ))
    }

    async fn check(&self, _aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let since = match &p.since {
            Some(s) => Some(
                s.parse::<jiff::Timestamp>()
                    .map_err(|e| ActionError::invalid(format!("since {s:?} is not an RFC 3339 time: {e}")))?
                    .as_millisecond(),
            ),
            None => None,
        };
        let resources: BTreeSet<String> = p.resources.iter().filter(|r| !r.is_empty()).cloned().collect();
        if resources.is_empty() {
            return Err(ActionError::invalid("no resources to look for findings about"));
        }
        let mut receipt = Receipt {
            guardduty: 0,
            securityhub: 0,
            finding_ids: Vec::new(),
            skipped: Vec::new(),
            artifacts: Vec::new(),
        };
        match guardduty(aws, ctx, p, since).await {
            Ok(None) => receipt.skipped.push("GuardDuty: not enabled in this Region (no detector)".into()),
            Ok(Some(pages)) => {
                let found = findings_of(&pages, "findings", |f| mentions(f.get("resource").unwrap_or(f), &resources));
                receipt.guardduty = found.len();
                receipt.finding_ids.extend(found.iter().map(|(id, _)| format!("guardduty:{id}")));
                receipt.artifacts.push(store(ctx, "guardduty-findings.jsonl", "guardduty", &found)?);
            }
            Err(e) => receipt.skipped.push(format!("GuardDuty: {}", why(&e))),
        }
        match securityhub(aws, ctx, p).await {
            Ok(pages) => {
                let found = findings_of(&pages, "Findings", |f| mentions(f.get("Resources").unwrap_or(f), &resources));
                receipt.securityhub = found.len();
                receipt.finding_ids.extend(found.iter().map(|(id, _)| format!("securityhub:{id}")));
                receipt.artifacts.push(store(ctx, "securityhub-findings.jsonl", "securityhub", &found)?);
            }
            Err(e) => receipt.skipped.push(format!("Security Hub: {}", why(&e))),
        }
        Ok(receipt)
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_api_bytes_of_findings_that_name_a_resource() {
        let page = br#"{"findings":[{"id":"a","resource":{"instanceDetails":{"instanceId":"i-0abc"}},"severity":8.0},{"id":"b","resource":{"instanceDetails":{"instanceId":"i-0abcd"}}}]}"#;
        let ours: BTreeSet<String> = ["i-0abc".to_string()].into();
        let found = findings_of(&[page.to_vec()], "findings", |f| mentions(f.get("resource").unwrap_or(f), &ours));
        assert_eq!(found.len(), 1, "a longer id that contains ours is not ours: {found:?}");
        assert_eq!(found[0].1, r#"{"id":"a","resource":{"instanceDetails":{"instanceId":"i-0abc"}},"severity":8.0}"#);
        let arn: BTreeSet<String> = ["i-0abc".to_string()].into();
        assert!(mentions(&serde_json::json!({"Id": "arn:aws:ec2:us-east-1:1:instance/i-0abc"}), &arn));
        assert!(!mentions(&serde_json::json!({"Id": "arn:aws:ec2:us-east-1:1:instance/xi-0abc"}), &arn));
        assert!(findings_of(&[b"not json".to_vec()], "findings", |_| true).is_empty());
    }
}
