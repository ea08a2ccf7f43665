//! `s3.restore_versioning`: set a bucket's versioning to `Enabled` or `Suspended` (the
//! inverse of `s3.protect_from_deletion`'s versioning change).

use cordon_aws::{Aws, s3};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{BucketName, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct RestoreVersioning;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "s3.restore_versioning",
    summary: "Set a bucket's versioning to Enabled or Suspended",
    description: "Sets the bucket's versioning status. A bucket on which versioning was ever enabled cannot \
return to \"never enabled\": `Suspended` is the closest state, and existing versions are kept either way. \
`cordon undo` builds this step from an `s3.protect_from_deletion` receipt.",
    operations: &[ops::s3::GET_BUCKET_VERSIONING, ops::s3::PUT_BUCKET_VERSIONING],
    implied: &[],
    inverse: &[&DOC],
    undo: "Sets versioning back to the status it had before this step (Suspended for never enabled).",
    example: "bucket: example-exposed-bucket\nstatus: Suspended\n",
};

/// The versioning status before the step (`None`: never enabled).
const BEFORE: Checkpoint<Option<String>> = Checkpoint::new("before");

/// A versioning status that can be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Status {
    Enabled,
    Suspended,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Enabled => "Enabled",
            Status::Suspended => "Suspended",
        }
    }
}

/// Parameters of `s3.restore_versioning`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The bucket.
    pub bucket: BucketName,
    /// `Enabled` or `Suspended`.
    pub status: Status,
}

/// Receipt of `s3.restore_versioning`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The bucket.
    pub bucket: String,
    /// The status before this step (null: never enabled).
    pub before: Option<String>,
    /// The status set.
    pub status: Status,
}

impl Action for RestoreVersioning {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(format!("s3://{}", p.bucket), format!("versioning {}", p.status.as_str()))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = s3::versioning(aws, &NoCallLog, p.bucket.as_str()).await?;
        Ok(self.plan(p).observe(format!("versioning now: {}", now.as_deref().unwrap_or("never enabled"))))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let b = p.bucket.as_str();
        // Saved before the change: after a crash, the setting read again is the one this
        // step already made, not the one it replaced.
        let before = ctx.remember(&BEFORE, || s3::versioning(aws, ctx, b)).await?;
        s3::set_versioning(aws, ctx, b, p.status.as_str()).await?;
        Ok(Receipt { bucket: b.to_string(), before, status: p.status })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let was = r.before.as_deref().unwrap_or("never enabled");
        vec![Change {
            resource: format!("s3://{}", r.bucket),
            description: format!("versioning {was} -> {}", r.status.as_str()),
        }]
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        let back = if r.before.as_deref() == Some("Enabled") { Status::Enabled } else { Status::Suspended };
        if back == r.status {
            return Undo::NothingToUndo;
        }
        Undo::Steps { steps: vec![UndoStep::to::<Self>(&Params { bucket: p.bucket.clone(), status: back })] }
    }
}
