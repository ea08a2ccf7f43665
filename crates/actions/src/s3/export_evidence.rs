//! `s3.export_evidence`: copy the case's artifacts to an evidence bucket, verified by S3
//! on arrival (SHA-256), locked when the bucket has Object Lock, every copy recorded.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ChecksumAlgorithm, ObjectLockLegalHoldStatus, ObjectLockMode};
use base64::Engine as _;
use cordon_aws::{Aws, call, s3};
use cordon_core::action::{Action, ActionDoc, CallLog, Checkpoint, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::artifact::ArtifactExport;
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct ExportEvidence;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.export_evidence",
    summary: "Upload the case's artifacts to an evidence bucket, checksum-verified by S3, under Object Lock",
    description: "Uploads every artifact of the case (as of this step) to `s3://bucket/prefix/<path>`, sending \
its SHA-256 so that S3 verifies the bytes on arrival and rejects a corrupted upload. When the bucket has \
Object Lock, each object gets a legal hold (the default) and/or a retention (`retention_mode`, \
`retention_days`). Refuses a bucket without versioning unless `force: true`, since an overwrite there would \
destroy the earlier copy. Each copy — bucket, key, version id, checksum, lock — is journaled as custody and \
listed in the manifest. A re-run after a crash does not upload again what the first attempt recorded. Then \
the case's own `journal.jsonl` and `manifest.json`, as they stand, are uploaded the same way (a new version \
each time, under the same lock): a copy of the journal off the machine, whose last line is an anchor \
`cordon evidence verify --anchor` checks the local journal against. With `role_arn`, everything is written \
through that role (a forensic account's, assumed with the case's credentials, the session named for the case), \
so the affected account needs no write access to the evidence bucket; the receipt names the session that \
wrote.",
    operations: &[ops::s3::GET_BUCKET_VERSIONING, ops::s3::GET_BUCKET_OBJECT_LOCK_CONFIGURATION, ops::s3::PUT_OBJECT],
    // With `role_arn`: the case's identity assumes the forensic account's role.
    implied: &[ops::s3::PUT_OBJECT_LEGAL_HOLD, ops::s3::PUT_OBJECT_RETENTION, ops::sts::ASSUME_ROLE],
    inverse: &[],
    undo: "Not undone: exported evidence is never deleted.",
    example: "bucket: example-evidence-bucket\nretention_mode: GOVERNANCE\nretention_days: 365\nrole_arn: arn:aws:iam::999999999999:role/EvidenceWriter\n",
};

/// One object exported, saved as soon as it is verified, so a re-run does not upload it again.
const EXPORTED: Checkpoint<Exported> = Checkpoint::new("exported");

/// Parameters of `s3.export_evidence`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The evidence bucket.
    pub bucket: BucketName,
    /// Key prefix (default `cordon/<case id>/`).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Put a legal hold on each object (default: on when the bucket has Object Lock).
    #[serde(default)]
    pub legal_hold: Option<bool>,
    /// `GOVERNANCE` or `COMPLIANCE` retention, with `retention_days`.
    #[serde(default)]
    pub retention_mode: Option<String>,
    /// Days of retention from now.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// Export to a bucket without versioning.
    #[serde(default)]
    pub force: bool,
    /// Write through this role (in the forensic account that owns the bucket), assumed
    /// with the case's credentials: the affected account needs no write access to it.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// The external id that role's trust policy asks for, if any.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// One object written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Exported {
    pub path: String,
    pub key: String,
    pub version_id: Option<String>,
    pub checksum_sha256: String,
}

/// Receipt of `s3.export_evidence`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The key prefix used.
    pub prefix: String,
    /// Every object written.
    pub objects: Vec<Exported>,
    /// Whether the bucket has Object Lock.
    pub object_lock: bool,
    /// Whether each object got a legal hold.
    pub legal_hold: bool,
    /// The retention mode applied, if any.
    pub retention_mode: Option<String>,
    /// The case's journal and manifest as exported (after the artifacts).
    #[serde(default)]
    pub records: Vec<Exported>,
    /// The head of the journal exported: the anchor its copy holds.
    #[serde(default)]
    pub journal_head: Option<String>,
    /// With `role_arn`: the session that wrote (the forensic account's side of the copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_as: Option<WrittenAs>,
}

/// The forensic account's side of an export: the role session that wrote.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct WrittenAs {
    pub role_arn: String,
    /// `cordon-<case>-evidence`, as the forensic account's CloudTrail shows it.
    pub session_name: String,
    /// The session's access key id, as that CloudTrail records it.
    pub access_key_id: Option<String>,
}

/// The client that writes: the case's own, or the forensic account's role session.
async fn writer(aws: &Aws, case: &CaseId, p: &Params) -> Result<(Aws, Option<WrittenAs>), ActionError> {
    let Some(role_arn) = &p.role_arn else { return Ok((aws.clone(), None)) };
    let req = cordon_aws::RoleRequest {
        role_arn: role_arn.clone(),
        session_name: cordon_aws::session_name(case.as_str(), Some("evidence")),
        external_id: p.external_id.clone(),
        duration: None,
    };
    let (aws, role) = aws.assume(&req, aws.region()).await?;
    let written_as =
        WrittenAs { role_arn: role.role_arn, session_name: role.session_name, access_key_id: role.access_key_id };
    Ok((aws, Some(written_as)))
}

/// Puts one object, checksum-verified by S3 and locked as planned; returns S3's answer
/// and the retention date applied.
#[allow(clippy::too_many_arguments)]
async fn put(
    aws: &Aws,
    ctx: &StepContext<'_>,
    plan: &Plan,
    b: &str,
    key: &str,
    sha256: &str,
    body: ByteStream,
    subject: &str,
) -> Result<(aws_sdk_s3::operation::put_object::PutObjectOutput, Option<String>), ActionError> {
    let digest = hex::decode(sha256)
        .map_err(|e| ActionError::new(ErrorKind::Other, format!("recorded sha256 is not hex: {e}")).on(subject))?;
    let checksum = base64::engine::general_purpose::STANDARD.encode(digest);
    let mut req = aws
        .s3
        .put_object()
        .bucket(b)
        .key(key)
        .body(body)
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .checksum_sha256(&checksum)
        .metadata("cordon-case", ctx.case_id.as_str())
        .metadata("cordon-sha256", sha256);
    if plan.legal_hold {
        req = req.object_lock_legal_hold_status(ObjectLockLegalHoldStatus::On);
    }
    let mut retain_until = None;
    if let Some((mode, days)) = &plan.retention {
        let until = ctx.clock.now() + jiff::SignedDuration::from_hours(24 * i64::from(*days));
        retain_until = Some(until.to_string());
        req = req
            .object_lock_mode(mode.clone())
            .object_lock_retain_until_date(aws_smithy_types::DateTime::from_secs(until.as_second()));
    }
    let out = call(ctx, ops::s3::PUT_OBJECT, key, req.send()).await?;
    // S3 answers with the checksum it verified; anything else is not our bytes.
    let verified = out.checksum_sha256().unwrap_or_default();
    if verified != checksum {
        return Err(ActionError::new(
            ErrorKind::Conflict,
            format!("S3 reported checksum {verified:?} for s3://{b}/{key}, expected {checksum}"),
        )
        .on(subject));
    }
    Ok((out, retain_until))
}

struct Plan {
    lock: bool,
    legal_hold: bool,
    retention: Option<(ObjectLockMode, u32)>,
}

async fn prepare(aws: &Aws, log: &dyn CallLog, p: &Params) -> Result<Plan, ActionError> {
    let b = p.bucket.as_str();
    let versioning = s3::versioning(aws, log, b).await?;
    if versioning.as_deref() != Some("Enabled") && !p.force {
        return Err(ActionError::new(
            ErrorKind::Refused,
            format!(
                "bucket {b} has no versioning ({}): an overwrite would destroy evidence; enable versioning (and Object Lock) or set force: true",
                versioning.as_deref().unwrap_or("never enabled")
            ),
        )
        .on(b));
    }
    let lock = match call(
        log,
        ops::s3::GET_BUCKET_OBJECT_LOCK_CONFIGURATION,
        b,
        aws.s3.get_object_lock_configuration().bucket(b).send(),
    )
    .await
    {
        Ok(out) => out
            .object_lock_configuration()
            .and_then(|c| c.object_lock_enabled())
            .is_some_and(|e| e.as_str() == "Enabled"),
        Err(e) if e.code.as_deref() == Some("ObjectLockConfigurationNotFoundError") => false,
        Err(e) => return Err(e),
    };
    let retention = match (&p.retention_mode, p.retention_days) {
        (None, None) => None,
        (Some(m), Some(days)) if days > 0 => match m.as_str() {
            "GOVERNANCE" => Some((ObjectLockMode::Governance, days)),
            "COMPLIANCE" => Some((ObjectLockMode::Compliance, days)),
            other => {
                return Err(ActionError::invalid(format!("retention_mode `{other}` is not GOVERNANCE or COMPLIANCE")));
            }
        },
        _ => return Err(ActionError::invalid("give retention_mode and retention_days (more than 0) together")),
    };
    let legal_hold = p.legal_hold.unwrap_or(lock);
    if (legal_hold || retention.is_some()) && !lock {
        return Err(ActionError::new(
            ErrorKind::Invalid,
            format!("bucket {b} has no Object Lock: no legal hold or retention can be applied"),
        )
        .on(b));
    }
    Ok(Plan { lock, legal_hold, retention })
}

impl Action for ExportEvidence {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(
            format!("s3://{}", p.bucket),
            "the case's artifacts uploaded (checksum-verified, locked when the bucket has Object Lock)",
        )
    }

    async fn check(&self, aws: &Aws, case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let (aws, _) = writer(aws, case, p).await?;
        let plan = prepare(&aws, &NoCallLog, p).await?;
        Ok(self.plan(p).observe(format!(
            "bucket {}: versioning on, Object Lock {}{}",
            p.bucket,
            if plan.lock { "on" } else { "off" },
            if plan.legal_hold { "; legal hold on each object" } else { "" }
        )))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        let (aws, written_as) = writer(aws, ctx.case_id, p).await?;
        let aws = &aws;
        let plan = prepare(aws, ctx, p).await?;
        let prefix = p.prefix.clone().unwrap_or_else(|| format!("cordon/{}/", ctx.case_id));
        let done: Vec<Exported> = ctx.recall_all(&EXPORTED);
        let mut objects = done.clone();
        for artifact in ctx.artifacts.list() {
            if done.iter().any(|d| d.path == artifact.path) {
                continue;
            }
            let Some(local) = ctx.artifacts.local_path(&artifact) else { continue };
            let key = format!("{prefix}{}", artifact.path);
            let body = ByteStream::from_path(&local).await.map_err(|e| {
                ActionError::new(ErrorKind::Other, format!("cannot read the artifact: {e}")).on(&artifact.path)
            })?;
            let (out, retain_until) = put(aws, ctx, &plan, b, &key, &artifact.sha256, body, &artifact.path).await?;
            let verified = out.checksum_sha256().unwrap_or_default().to_string();
            let exported = Exported {
                path: artifact.path.clone(),
                key: key.clone(),
                version_id: out.version_id().map(str::to_string),
                checksum_sha256: verified.clone(),
            };
            ctx.record_export(ArtifactExport {
                path: artifact.path.clone(),
                sha256: artifact.sha256.clone(),
                destination: format!("s3://{b}/{key}"),
                bucket: b.to_string(),
                key,
                version_id: exported.version_id.clone(),
                checksum_sha256: verified,
                legal_hold: plan.legal_hold,
                retention_mode: plan.retention.as_ref().map(|(m, _)| m.as_str().to_string()),
                retain_until,
                exported_at: ctx.clock.now().round(jiff::Unit::Millisecond).unwrap_or(ctx.clock.now()).to_string(),
            })?;
            ctx.save(&EXPORTED, &exported)?;
            objects.push(exported);
        }
        // The case's own records last, as they stand after the artifacts' custody entries.
        let mut records = Vec::new();
        let mut journal_head = None;
        if let Some(case) = ctx.artifacts.case_records() {
            for (name, bytes) in [("journal.jsonl", case.journal), ("manifest.json", case.manifest)] {
                let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
                let key = format!("{prefix}{name}");
                let (out, _) = put(aws, ctx, &plan, b, &key, &sha256, ByteStream::from(bytes), name).await?;
                records.push(Exported {
                    path: name.to_string(),
                    key,
                    version_id: out.version_id().map(str::to_string),
                    checksum_sha256: out.checksum_sha256().unwrap_or_default().to_string(),
                });
            }
            journal_head = Some(case.head);
        }
        Ok(Receipt {
            records,
            journal_head,
            bucket: b.to_string(),
            prefix,
            objects,
            object_lock: plan.lock,
            legal_hold: plan.legal_hold,
            retention_mode: plan.retention.map(|(m, _)| m.as_str().to_string()),
            written_as,
        })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::Irreversible { reason: "exported evidence is never deleted".into() }
    }
}
