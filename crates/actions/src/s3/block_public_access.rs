//! `s3.block_public_access`: turn on every flag of the bucket's public access block.

use cordon_aws::Aws;
use cordon_aws::s3::{self, PublicAccessBlock};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct BlockPublicAccess;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.block_public_access",
    summary: "Turn on the bucket's public access block (all four settings)",
    description: "Sets the bucket-level public access block: BlockPublicAcls, IgnorePublicAcls, \
BlockPublicPolicy and RestrictPublicBuckets. Public ACLs are ignored and public policies stop granting \
access at once; nothing is deleted, so the original policy and ACL stay as evidence. The prior setting \
is recorded (checkpointed before the change, so a re-run after a crash keeps the original).",
    operations: &[ops::s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK, ops::s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK],
    implied: &[],
    inverse: &[&crate::s3::restore_public_access_block::DOC],
    undo: "Puts the prior public access block back (or removes it, if the bucket had none).",
    example: "bucket: example-exposed-bucket\n",
};

/// The public access block before the step (`None`: the bucket had none).
const BEFORE: Checkpoint<Option<PublicAccessBlock>> = Checkpoint::new("before");

/// Parameters of `s3.block_public_access`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
}

/// Receipt of `s3.block_public_access`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The public access block before (null: none was set).
    pub before: Option<PublicAccessBlock>,
    /// False when every flag was already on.
    pub changed: bool,
}

impl Action for BlockPublicAccess {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(format!("s3://{}", p.bucket), "public access block: all four settings on")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = s3::public_access_block(aws, &NoCallLog, p.bucket.as_str()).await?;
        if now.as_ref() == Some(&PublicAccessBlock::ALL) {
            return Ok(StepPlan { mutates: true, ..Default::default() }
                .observe(format!("bucket {} already blocks all public access", p.bucket)));
        }
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        let before = ctx.remember(&BEFORE, || s3::public_access_block(aws, ctx, b)).await?;
        let changed = before.as_ref() != Some(&PublicAccessBlock::ALL);
        if changed {
            s3::set_public_access_block(aws, ctx, b, Some(&PublicAccessBlock::ALL)).await?;
        }
        Ok(Receipt { bucket: b.to_string(), before, changed })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        if !r.changed {
            return Vec::new();
        }
        vec![Change {
            resource: format!("s3://{}", r.bucket),
            description: "public access block: all four settings on".into(),
        }]
    }

    /// A failed or interrupted attempt: the block it had before is put back.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(before) = recorded.first(&BEFORE) else { return Undo::NothingToUndo };
        let changed = before.as_ref() != Some(&PublicAccessBlock::ALL);
        self.undo(p, &Receipt { bucket: p.bucket.to_string(), before, changed })
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if !r.changed {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::RestorePublicAccessBlock>(
                &crate::s3::restore_public_access_block::Params {
                    bucket: p.bucket.clone(),
                    config: r.before.clone(),
                    left_by_cordon: Some(PublicAccessBlock::ALL),
                    force: false,
                },
            )],
        }
    }
}
