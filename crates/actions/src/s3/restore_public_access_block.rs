//! `s3.restore_public_access_block`: set a bucket's public access block back as recorded
//! (the inverse of `s3.block_public_access`).

use cordon_aws::Aws;
use cordon_aws::s3::{self, PublicAccessBlock};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub struct RestorePublicAccessBlock;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.restore_public_access_block",
    summary: "Set a bucket's public access block to recorded values, or remove it",
    description: "Puts the given public access block on the bucket, or deletes the bucket's public access \
block when `config` is null. `cordon undo` builds this step from an `s3.block_public_access` receipt.",
    operations: &[ops::s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK, ops::s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK],
    implied: &[],
    inverse: &[&DOC],
    undo: "Sets the public access block back to what it was before this step.",
    example: "bucket: example-exposed-bucket\nconfig: null\n",
};

/// The public access block before the step (`None`: none was set).
const BEFORE: Checkpoint<Option<PublicAccessBlock>> = Checkpoint::new("before");

/// Parameters of `s3.restore_public_access_block`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
    /// The public access block to set; null removes it.
    pub config: Option<PublicAccessBlock>,
    /// The public access block Cordon left on the bucket. Another one now means someone
    /// changed it since: it is not overwritten unless `force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_by_cordon: Option<PublicAccessBlock>,
    /// Restore it even if someone changed it since Cordon did (`cordon undo --force`).
    #[serde(default)]
    pub force: bool,
}

impl Params {
    /// Why the bucket, whose block is `now`, must not be restored without `force`, if it must not.
    fn changed_since(&self, now: Option<&PublicAccessBlock>) -> Option<String> {
        let left = self.left_by_cordon.as_ref()?;
        (now != Some(left) && now != self.config.as_ref()).then(|| {
            format!(
                "bucket {} has public access block {}, not the {} Cordon left: changed since",
                self.bucket,
                json!(now),
                json!(left)
            )
        })
    }
}

/// Receipt of `s3.restore_public_access_block`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The public access block before this step.
    pub before: Option<PublicAccessBlock>,
    /// The public access block set (null: removed).
    pub config: Option<PublicAccessBlock>,
}

impl Action for RestorePublicAccessBlock {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let what = match &p.config {
            Some(c) => format!("public access block set to {}", json!(c)),
            None => "public access block removed".into(),
        };
        StepPlan { mutates: true, ..Default::default() }.change(format!("s3://{}", p.bucket), what)
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = s3::public_access_block(aws, &NoCallLog, p.bucket.as_str()).await?;
        if let Some(why) = p.changed_since(now.as_ref()).filter(|_| !p.force) {
            return Ok(StepPlan { mutates: true, ..Default::default() }
                .warn(format!("{why}; left as it is (`cordon undo --force` restores it anyway)")));
        }
        Ok(self.plan(p).observe(format!("bucket {} now: {}", p.bucket, json!(now))))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        // Saved before the change: after a crash, the setting read again is the one this
        // step already made, not the one it replaced.
        let before = ctx.remember(&BEFORE, || s3::public_access_block(aws, ctx, b)).await?;
        // What others changed since Cordon did is not overwritten without `force`. The block
        // read now (not the checkpoint) is compared: a re-run finds the block it already set.
        let now = s3::public_access_block(aws, ctx, b).await?;
        if let Some(why) = p.changed_since(now.as_ref()).filter(|_| !p.force) {
            return Err(ActionError::new(
                cordon_core::ErrorKind::Conflict,
                format!("{why}; not restored (`cordon undo --force` restores it anyway)"),
            )
            .on(format!("s3://{b}")));
        }
        s3::set_public_access_block(aws, ctx, b, p.config.as_ref()).await?;
        Ok(Receipt { bucket: b.to_string(), before, config: p.config.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let what = match &r.config {
            Some(c) => format!("public access block set to {}", json!(c)),
            None => "public access block removed".into(),
        };
        vec![Change { resource: format!("s3://{}", r.bucket), description: what }]
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<Self>(&Params {
                bucket: p.bucket.clone(),
                config: r.before.clone(),
                left_by_cordon: r.config.clone(),
                force: false,
            })],
        }
    }
}
