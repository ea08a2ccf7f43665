//! `s3.capture_access_config`: save a bucket's access settings as evidence, before any
//! change: policy, ACL, public access block, ownership controls, versioning.

use cordon_aws::{Aws, s3};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub struct CaptureAccessConfig;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.capture_access_config",
    summary: "Save a bucket's policy, ACL, public access block, ownership controls and versioning",
    description: "Read-only. Captures the bucket's access configuration as the attacker (or the mistake) left \
it: the bucket policy document, the ACL grants, the bucket-level public access block, the object ownership \
setting and the versioning status. Written to the case as one JSON artifact, hashed as it is written.",
    operations: &[
        ops::s3::GET_BUCKET_POLICY,
        ops::s3::GET_BUCKET_ACL,
        ops::s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK,
        ops::s3::GET_BUCKET_OWNERSHIP_CONTROLS,
        ops::s3::GET_BUCKET_VERSIONING,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "bucket: example-exposed-bucket\n",
};

/// Parameters of `s3.capture_access_config`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
}

/// Receipt of `s3.capture_access_config`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// Whether the bucket has a policy.
    pub has_policy: bool,
    /// ACL grants to everyone or to any authenticated AWS user, e.g. `READ to AllUsers`.
    pub public_grants: Vec<String>,
    /// Whether every flag of the bucket's public access block is on.
    pub public_access_blocked: bool,
    /// `Enabled`, `Suspended`, or null when never enabled.
    pub versioning: Option<String>,
    /// The artifact written.
    pub artifacts: Vec<ArtifactRecord>,
}

impl Action for CaptureAccessConfig {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan::default().observe(format!("read-only: capture the access configuration of bucket {}", p.bucket))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let b = p.bucket.as_str();
        let (policy, pab) =
            futures::try_join!(s3::policy(aws, &NoCallLog, b), s3::public_access_block(aws, &NoCallLog, b))?;
        Ok(self.plan(p).observe(format!(
            "bucket {b}: {}, public access block {}",
            if policy.is_some() { "has a policy" } else { "no policy" },
            if pab.as_ref() == Some(&s3::PublicAccessBlock::ALL) { "fully on" } else { "not fully on" }
        )))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        let (policy, acl, pab, ownership, versioning) = futures::try_join!(
            s3::policy(aws, ctx, b),
            s3::acl(aws, ctx, b),
            s3::public_access_block(aws, ctx, b),
            s3::ownership(aws, ctx, b),
            s3::versioning(aws, ctx, b),
        )?;
        let policy_json = policy.as_deref().map(|d| serde_json::from_str(d).unwrap_or_else(|_| json!(d)));
        let config = json!({
            "bucket": b,
            "policy": policy_json,
            "acl": acl,
            "public_access_block": pab,
            "object_ownership": ownership,
            "versioning": versioning,
        });
        let mut bytes = serde_json::to_vec_pretty(&config).unwrap_or_default();
        bytes.push(b'\n');
        let artifact = ctx.store(
            ArtifactMeta {
                name: "s3-access-config.json".into(),
                source: format!("s3://{b}"),
                media_type: "application/json",
            },
            &bytes,
        )?;
        Ok(Receipt {
            bucket: b.to_string(),
            has_policy: policy.is_some(),
            public_grants: s3::public_grants(&acl),
            public_access_blocked: pab.as_ref() == Some(&s3::PublicAccessBlock::ALL),
            versioning,
            artifacts: vec![artifact],
        })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
