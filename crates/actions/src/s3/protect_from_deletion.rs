//! `s3.protect_from_deletion`: versioning on, and a bucket policy statement denying
//! deletion (and the changes that would enable it) to everyone but the responder.

use cordon_aws::{Aws, s3};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::s3::common::{bucket_resources, with_statement};

pub struct ProtectFromDeletion;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.protect_from_deletion",
    summary: "Turn versioning on and deny deletion to everyone but the responder",
    description: "Enables versioning (an overwritten or deleted object keeps its earlier versions) and adds \
the statement `CordonProtectFromDeletion` to the bucket policy: Deny of object and bucket deletion, lifecycle \
and versioning changes, and policy changes, for every principal except the responder (`responder_arn`, by \
default the role or user running Cordon: for an assumed-role session its role, whatever the role's path, \
so an IAM Identity Center role does not lock itself out; ARNs in the caller's partition). The rest of the policy is kept; the policy and versioning status \
before are recorded (checkpointed before the change).",
    operations: &[
        ops::sts::GET_CALLER_IDENTITY,
        ops::s3::GET_BUCKET_POLICY,
        ops::s3::PUT_BUCKET_POLICY,
        ops::s3::GET_BUCKET_VERSIONING,
        ops::s3::PUT_BUCKET_VERSIONING,
    ],
    implied: &[],
    inverse: &[&crate::s3::restore_bucket_policy::DOC, &crate::s3::restore_versioning::DOC],
    undo: "Puts the bucket policy back, and versioning back to Suspended if it was not Enabled (S3 has no way \
back to \"never enabled\").",
    example: "bucket: example-exposed-bucket\n",
};

/// The bucket policy before the step (`None`: it had none).
const PREVIOUS_POLICY: Checkpoint<Option<String>> = Checkpoint::new("previous_policy");
/// The versioning status before the step (`None`: never enabled).
const PREVIOUS_VERSIONING: Checkpoint<Option<String>> = Checkpoint::new("previous_versioning");

// tidy: unreached ops::s3::DELETE_BUCKET_POLICY: `set_policy` is always given a document here (one with the new statement)

/// The Sid of Cordon's statement.
const SID: &str = "CordonProtectFromDeletion";

const DENIED: [&str; 7] = [
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteBucket",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
];

/// Parameters of `s3.protect_from_deletion`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
    /// The principal still allowed to delete (an IAM role or user ARN); default: the caller.
    #[serde(default)]
    pub responder_arn: Option<String>,
}

/// Receipt of `s3.protect_from_deletion`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The principal exempted from the deny.
    pub responder_arn: String,
    /// The bucket policy before (null: none).
    pub previous_policy: Option<String>,
    /// Versioning before: `Enabled`, `Suspended`, or null when never enabled.
    pub previous_versioning: Option<String>,
}

/// The `aws:PrincipalArn` patterns that exempt the responder. For an assumed-role session
/// that is the role's ARN, which carries the role's path (an IAM Identity Center role is
/// `role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_…`) while the session's ARN does
/// not: both `role/<name>` and `role/*/<name>` are exempted (a role name is unique in its
/// account, whatever the path, so the pattern matches that one role). The partition is
/// the caller's own.
fn exempted(caller_arn: &str) -> Vec<String> {
    match caller_arn.split_once(":assumed-role/") {
        Some((head, rest)) => {
            let mut fields = head.split(':');
            let partition = fields.nth(1).unwrap_or("aws");
            let account = head.rsplit(':').next().unwrap_or_default();
            let role = rest.split('/').next().unwrap_or_default();
            vec![
                format!("arn:{partition}:iam::{account}:role/{role}"),
                format!("arn:{partition}:iam::{account}:role/*/{role}"),
            ]
        }
        None => vec![caller_arn.to_string()],
    }
}

fn statement(partition: &str, bucket: &str, exempted: &[String]) -> Value {
    json!({
        "Sid": SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": DENIED,
        "Resource": bucket_resources(partition, bucket),
        // A negated condition with several values holds when the ARN matches none of them.
        "Condition": { "ArnNotLike": { "aws:PrincipalArn": exempted } },
    })
}

impl Action for ProtectFromDeletion {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let who = p.responder_arn.as_deref().unwrap_or("the caller");
        StepPlan { mutates: true, ..Default::default() }
            .change(format!("s3://{}", p.bucket), "versioning Enabled")
            .change(format!("s3://{}", p.bucket), format!("bucket policy denies deletion to everyone but {who}"))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let v = s3::versioning(aws, &NoCallLog, p.bucket.as_str()).await?;
        Ok(self.plan(p).observe(format!("versioning now: {}", v.as_deref().unwrap_or("never enabled"))))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        let exempt = match &p.responder_arn {
            Some(arn) => vec![arn.clone()],
            None => exempted(&aws.caller_identity().await?.arn),
        };
        let responder_arn = exempt.first().cloned().unwrap_or_default();
        let recalled = ctx.recall(&PREVIOUS_POLICY).map(|policy| (policy, ctx.recall(&PREVIOUS_VERSIONING).flatten()));
        let (previous_policy, previous_versioning) = match recalled {
            Some(prior) => prior,
            None => {
                let (policy, versioning) = futures::try_join!(s3::policy(aws, ctx, b), s3::versioning(aws, ctx, b))?;
                ctx.save_both((&PREVIOUS_POLICY, &policy), (&PREVIOUS_VERSIONING, &versioning))?;
                (policy, versioning)
            }
        };
        s3::set_versioning(aws, ctx, b, "Enabled").await?;
        let current = s3::policy(aws, ctx, b).await?;
        let document =
            with_statement(current.as_deref(), statement(aws.partition(), b, &exempt)).map_err(|e| e.on(b))?;
        s3::set_policy(aws, ctx, b, Some(&document)).await?;
        Ok(Receipt { bucket: b.to_string(), responder_arn, previous_policy, previous_versioning })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let bucket = format!("s3://{}", r.bucket);
        let mut out = Vec::new();
        if r.previous_versioning.as_deref() != Some("Enabled") {
            let was = r.previous_versioning.as_deref().unwrap_or("never enabled");
            out.push(Change { resource: bucket.clone(), description: format!("versioning {was} -> Enabled") });
        }
        out.push(Change {
            resource: bucket,
            description: format!("bucket policy denies deletion to everyone but {}", r.responder_arn),
        });
        out
    }

    /// A failed or interrupted attempt: policy and versioning as they were recorded before it.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(previous_policy) = recorded.first(&PREVIOUS_POLICY) else { return Undo::NothingToUndo };
        let receipt = Receipt {
            bucket: p.bucket.to_string(),
            responder_arn: String::new(),
            previous_policy,
            previous_versioning: recorded.first(&PREVIOUS_VERSIONING).flatten(),
        };
        self.undo(p, &receipt)
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        let mut steps = vec![UndoStep::to::<crate::RestoreBucketPolicy>(&crate::s3::restore_bucket_policy::Params {
            bucket: p.bucket.clone(),
            document: r.previous_policy.clone(),
            // Only Cordon's statement goes: edits others made since are kept.
            remove_sids: vec![SID.to_string()],
        })];
        if r.previous_versioning.as_deref() != Some("Enabled") {
            steps.push(UndoStep::to::<crate::RestoreVersioning>(&crate::s3::restore_versioning::Params {
                bucket: p.bucket.clone(),
                status: crate::s3::restore_versioning::Status::Suspended,
            }));
        }
        Undo::Steps { steps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ArnLike` on one ARN: each colon-separated field matched alone, `*` any run of characters.
    fn arn_like(pattern: &str, arn: &str) -> bool {
        fn glob(p: &[u8], s: &[u8]) -> bool {
            match (p.first(), s.first()) {
                (None, None) => true,
                (Some(b'*'), _) => glob(&p[1..], s) || (!s.is_empty() && glob(p, &s[1..])),
                (Some(a), Some(b)) if a == b => glob(&p[1..], &s[1..]),
                _ => false,
            }
        }
        let (p, a): (Vec<&str>, Vec<&str>) = (pattern.splitn(6, ':').collect(), arn.splitn(6, ':').collect());
        p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| glob(p.as_bytes(), a.as_bytes()))
    }

    /// Whether the statement's condition exempts `principal_arn` from the deny.
    fn exempts(statement: &Value, principal_arn: &str) -> bool {
        let values = statement["Condition"]["ArnNotLike"]["aws:PrincipalArn"].as_array().unwrap();
        values.iter().any(|v| arn_like(v.as_str().unwrap(), principal_arn))
    }

    #[test]
    fn an_identity_center_role_does_not_deny_itself_and_nobody_else_is_exempted() {
        let caller = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_IR_0123456789abcdef/alice";
        let s = statement("aws", "evidence", &exempted(caller));
        let role = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_IR_0123456789abcdef";
        assert!(exempts(&s, role), "{s}");
        assert!(exempts(&s, "arn:aws:iam::123456789012:role/ir/team/AWSReservedSSO_IR_0123456789abcdef"));
        for other in [
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef",
            "arn:aws:iam::123456789012:role/AWSReservedSSO_IR_0123456789abcdef-evil",
            "arn:aws:iam::999999999999:role/AWSReservedSSO_IR_0123456789abcdef",
            "arn:aws:iam::123456789012:user/AWSReservedSSO_IR_0123456789abcdef",
        ] {
            assert!(!exempts(&s, other), "{other} must stay denied");
        }
    }

    #[test]
    fn the_partition_is_the_callers() {
        let caller = "arn:aws-cn:sts::123456789012:assumed-role/Responder/alice";
        let s = statement("aws-cn", "evidence", &exempted(caller));
        assert!(exempts(&s, "arn:aws-cn:iam::123456789012:role/Responder"));
        assert!(!exempts(&s, "arn:aws:iam::123456789012:role/Responder"));
        assert_eq!(s["Resource"][0], "arn:aws-cn:s3:::evidence");
        let user = "arn:aws:iam::123456789012:user/ops/bob";
        assert_eq!(exempted(user), [user]);
    }
}
