//! `s3.restore_bucket_policy`: put a bucket policy back as recorded, or delete it (the
//! inverse of `s3.deny_principal` and `s3.protect_from_deletion`).

use cordon_aws::{Aws, s3};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct RestoreBucketPolicy;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.restore_bucket_policy",
    summary: "Remove Cordon's statements from a bucket policy (or put a recorded policy back)",
    description: "With `remove_sids`, removes only the statements with those Sids from the bucket's current \
policy, keeping every statement anyone added or changed since (the security team's edits during the \
incident survive undo); the policy is deleted when nothing else is left in it. Without, puts `document` \
back whole, or deletes the policy when it is null. `cordon undo` builds the first form from \
`s3.deny_principal` and `s3.protect_from_deletion` receipts.",
    operations: &[ops::s3::GET_BUCKET_POLICY, ops::s3::PUT_BUCKET_POLICY, ops::s3::DELETE_BUCKET_POLICY],
    implied: &[],
    inverse: &[&DOC],
    undo: "Puts back the policy the bucket had before this step.",
    example: "bucket: example-exposed-bucket\ndocument: null\n",
};

/// The bucket policy before the step (`None`: it had none).
const BEFORE: Checkpoint<Option<String>> = Checkpoint::new("before");

/// Parameters of `s3.restore_bucket_policy`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
    /// The policy document to put; null deletes the bucket policy. Recorded only, when
    /// `remove_sids` is given.
    pub document: Option<String>,
    /// Remove only the statements with these Sids (Cordon's own) from the current policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_sids: Vec<String>,
}

/// The current policy without the statements `sids` name: `Ok(None)` when nothing else is
/// left in it (the policy is deleted), `Err` when it does not parse.
fn without(current: &str, sids: &[String]) -> Result<Option<String>, ActionError> {
    let mut policy: serde_json::Value = serde_json::from_str(current)
        .map_err(|e| ActionError::invalid(format!("the bucket policy is not JSON: {e}")))?;
    let Some(statements) = policy.get_mut("Statement").and_then(|s| s.as_array_mut()) else {
        return Err(ActionError::invalid("the bucket policy has no Statement list"));
    };
    statements.retain(|s| !s["Sid"].as_str().is_some_and(|sid| sids.iter().any(|x| x == sid)));
    Ok((!statements.is_empty()).then(|| policy.to_string()))
}

/// Receipt of `s3.restore_bucket_policy`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The policy before this step.
    pub before: Option<String>,
    /// Whether a document was put (otherwise the policy was deleted).
    pub restored: bool,
}

impl Action for RestoreBucketPolicy {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        if !p.remove_sids.is_empty() {
            return StepPlan { mutates: true, ..Default::default() }.change(
                format!("s3://{}", p.bucket),
                format!("statements {} removed from the bucket policy (the rest kept)", p.remove_sids.join(", ")),
            );
        }
        let what = if p.document.is_some() {
            "bucket policy set back to its earlier document"
        } else {
            "bucket policy deleted"
        };
        StepPlan { mutates: true, ..Default::default() }.change(format!("s3://{}", p.bucket), what)
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = s3::policy(aws, &NoCallLog, p.bucket.as_str()).await?;
        Ok(self.plan(p).observe(format!(
            "bucket {} {}",
            p.bucket,
            if now.is_some() { "has a policy" } else { "has no policy" }
        )))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        // Saved before the change: after a crash, the setting read again is the one this
        // step already made, not the one it replaced.
        let before = ctx.remember(&BEFORE, || s3::policy(aws, ctx, b)).await?;
        if !p.remove_sids.is_empty() {
            // Only Cordon's own statements go; what others did since stays.
            let Some(current) = s3::policy(aws, ctx, b).await? else {
                return Ok(Receipt { bucket: b.to_string(), before, restored: false });
            };
            let kept = without(&current, &p.remove_sids).map_err(|e| e.on(b))?;
            if kept.as_deref() != Some(current.as_str()) {
                s3::set_policy(aws, ctx, b, kept.as_deref()).await?;
            }
            return Ok(Receipt { bucket: b.to_string(), before, restored: kept.is_some() });
        }
        s3::set_policy(aws, ctx, b, p.document.as_deref()).await?;
        Ok(Receipt { bucket: b.to_string(), before, restored: p.document.is_some() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let what = if r.restored { "bucket policy set back to its earlier document" } else { "bucket policy deleted" };
        vec![Change { resource: format!("s3://{}", r.bucket), description: what.into() }]
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<Self>(&Params {
                bucket: p.bucket.clone(),
                document: r.before.clone(),
                remove_sids: Vec::new(),
            })],
        }
    }
}
