//! `ec2.restore_instance_protection`: put termination protection, shutdown behaviour and
//! DeleteOnTermination flags back as recorded (the inverse of `ec2.protect_instance`).

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::protect_instance::{Protection, apply, current};

pub struct RestoreInstanceProtection;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.restore_instance_protection",
    summary: "Set termination protection, shutdown behaviour and DeleteOnTermination back to recorded values",
    description: "Sets the named fields of an instance back to the recorded state (ModifyInstanceAttribute), \
recording what they were. `cordon undo` builds this step from an `ec2.protect_instance` receipt.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
        ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
    ],
    implied: &[],
    inverse: &[&DOC],
    undo: "Sets the fields back to the values they had before this step.",
    example: "instance_id: i-0123456789abcdef0\nstate:\n  termination_protection: false\n  shutdown_behavior: terminate\n  volumes: []\nfields: [termination_protection, shutdown_behavior]\n",
};

/// The protection before the step.
const BEFORE: Checkpoint<Protection> = Checkpoint::new("before");

/// Parameters of `ec2.restore_instance_protection`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// The state to restore.
    pub state: Protection,
    /// Which fields to restore: `termination_protection`, `stop_protection`, `shutdown_behavior`,
    /// `delete_on_termination:<device>`.
    pub fields: Vec<String>,
}

impl Params {
    /// Only the instance's stop protection, set to `on`.
    pub(crate) fn stop_protection(instance_id: InstanceId, on: bool) -> Self {
        let state = Protection {
            termination_protection: false,
            stop_protection: on,
            shutdown_behavior: String::new(),
            volumes: Vec::new(),
        };
        Self { instance_id, state, fields: vec!["stop_protection".into()] }
    }
}

/// Receipt of `ec2.restore_instance_protection`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The state before this step.
    pub before: Protection,
    /// The fields restored.
    pub restored: Vec<String>,
    /// The state restored to.
    pub state: Protection,
}

impl Action for RestoreInstanceProtection {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        p.fields.iter().fold(StepPlan { mutates: true, ..Default::default() }, |plan, f| {
            plan.change(p.instance_id.as_str(), format!("restore {f}"))
        })
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = current(aws, &NoCallLog, &p.instance_id).await?;
        let mut plan = self.plan(p);
        plan.observations.push(format!(
            "{}: termination protection {}, stop protection {}, shutdown behaviour {}",
            p.instance_id, now.termination_protection, now.stop_protection, now.shutdown_behavior
        ));
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        // Saved before the change: after a crash, the state read again is the one this
        // step already set, not the one it replaced.
        let before = ctx.remember(&BEFORE, || current(aws, ctx, &p.instance_id)).await?;
        apply(aws, ctx, p.instance_id.as_str(), &p.state, &p.fields).await?;
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            before,
            restored: p.fields.clone(),
            state: p.state.clone(),
        })
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<Self>(&Params {
                instance_id: p.instance_id.clone(),
                state: r.before.clone(),
                fields: r.restored.clone(),
            })],
        }
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.restored
            .iter()
            .map(|f| Change { resource: r.instance_id.clone(), description: format!("{f} restored") })
            .collect()
    }
}
