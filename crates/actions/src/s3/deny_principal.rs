//! `s3.deny_principal`: add an explicit deny of a principal to a bucket policy, keeping
//! every other statement.

use cordon_aws::{Aws, s3};
use cordon_core::action::{
    Action, ActionDoc, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::s3::common::{bucket_resources, with_statement};

pub struct DenyPrincipal;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.deny_principal",
    summary: "Add an explicit deny of a principal (every S3 action) to the bucket policy",
    description: "Adds a statement denying `s3:*` on the bucket and its objects to the principal (an IAM \
user or role ARN, or an account id), and keeps the rest of the policy as it was. Running it again replaces \
its own statement rather than adding another. Refuses `*`, which would lock everyone out, responders \
included. The policy before is recorded (checkpointed before the change).",
    operations: &[ops::s3::GET_BUCKET_POLICY, ops::s3::PUT_BUCKET_POLICY],
    implied: &[],
    inverse: &[&crate::s3::restore_bucket_policy::DOC],
    undo: "Puts the bucket policy back as it was (or deletes it, if the bucket had none).",
    example: "bucket: example-exposed-bucket\nprincipal: arn:aws:iam::123456789012:user/deploy-bot\n",
};

/// The bucket policy before the step (`None`: it had none).
const PREVIOUS_POLICY: Checkpoint<Option<String>> = Checkpoint::new("previous_policy");

// tidy: unreached ops::s3::DELETE_BUCKET_POLICY: `set_policy` is always given a document here (one with the new statement)

/// Parameters of `s3.deny_principal`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
    /// The principal to deny: an IAM user or role ARN, or a 12-digit account id.
    pub principal: String,
}

/// Receipt of `s3.deny_principal`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The principal denied.
    pub principal: String,
    /// The `Sid` of the statement added.
    pub sid: String,
    /// The bucket policy before (null: the bucket had none).
    pub previous_policy: Option<String>,
}

fn checked(p: &Params) -> Result<&str, ActionError> {
    let who = p.principal.trim();
    let account = who.len() == 12 && who.bytes().all(|b| b.is_ascii_digit());
    if who == "*" || !(account || who.starts_with("arn:")) {
        return Err(ActionError::new(
            ErrorKind::Invalid,
            format!("`principal: {who}`: give an IAM user or role ARN, or an account id (never `*`)"),
        )
        .on(p.bucket.as_str()));
    }
    Ok(who)
}

/// The statement's `Sid`: letters and digits only, stable for a principal.
fn sid(principal: &str) -> String {
    let digest = Sha256::digest(principal.as_bytes());
    format!("CordonDeny{}", digest.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>())
}

fn statement(partition: &str, bucket: &str, principal: &str) -> Value {
    json!({
        "Sid": sid(principal),
        "Effect": "Deny",
        "Principal": { "AWS": principal },
        "Action": "s3:*",
        "Resource": bucket_resources(partition, bucket),
    })
}

impl Action for DenyPrincipal {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() };
        match checked(p) {
            Ok(who) => plan.change(format!("s3://{}", p.bucket), format!("bucket policy denies {who} every S3 action")),
            Err(e) => plan.warn(e.message),
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        checked(p)?;
        let now = s3::policy(aws, &NoCallLog, p.bucket.as_str()).await?;
        let kept = now
            .as_deref()
            .and_then(|d| serde_json::from_str::<Value>(d).ok())
            .and_then(|v| v["Statement"].as_array().map(Vec::len))
            .unwrap_or(0);
        Ok(self.plan(p).observe(format!("the {kept} statement(s) already in the policy are kept")))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let who = checked(p)?;
        let b = p.bucket.as_str();
        let previous_policy = ctx.remember(&PREVIOUS_POLICY, || s3::policy(aws, ctx, b)).await?;
        // Built on the current policy, which after a crash may already hold the statement.
        let current = s3::policy(aws, ctx, b).await?;
        let document = with_statement(current.as_deref(), statement(aws.partition(), b, who)).map_err(|e| e.on(b))?;
        s3::set_policy(aws, ctx, b, Some(&document)).await?;
        Ok(Receipt { bucket: b.to_string(), principal: who.to_string(), sid: sid(who), previous_policy })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        vec![Change {
            resource: format!("s3://{}", r.bucket),
            description: format!("bucket policy denies {} every S3 action (statement {})", r.principal, r.sid),
        }]
    }

    /// A failed or interrupted attempt: its statement is removed if it was put.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(previous_policy) = recorded.first(&PREVIOUS_POLICY) else { return Undo::NothingToUndo };
        let who = p.principal.trim();
        let r = Receipt { bucket: p.bucket.to_string(), principal: who.to_string(), sid: sid(who), previous_policy };
        self.undo(p, &r)
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::RestoreBucketPolicy>(&crate::s3::restore_bucket_policy::Params {
                bucket: p.bucket.clone(),
                document: r.previous_policy.clone(),
                // Only Cordon's statement goes: edits others made since are kept.
                remove_sids: vec![sid(p.principal.trim())],
            })],
        }
    }
}
