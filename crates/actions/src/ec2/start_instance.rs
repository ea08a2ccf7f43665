//! `ec2.start_instance`: start a stopped instance (the inverse of `ec2.stop_instance`).

use cordon_core::ops;
use std::time::Duration;

use cordon_aws::ec2::describe_instance;
use cordon_aws::{Aws, call, poll_until};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, InstanceId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct StartInstance;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.start_instance",
    summary: "Start a stopped instance and wait until it runs",
    description: "Starts the instance and waits until it is running. `cordon undo` builds this step from an \
`ec2.stop_instance` receipt. Nothing is done to an instance that is already running.",
    operations: &[ops::ec2::DESCRIBE_INSTANCES, ops::ec2::START_INSTANCES],
    implied: &[],
    inverse: &[&crate::ec2::stop_instance::DOC],
    undo: "Stops the instance again (with the same evidence checks).",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The instance's state before the step, saved before it is started.
const STATE_BEFORE: Checkpoint<String> = Checkpoint::new("state_before");

/// Parameters of `ec2.start_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
}

/// Receipt of `ec2.start_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// Its state before.
    pub state_before: String,
}

impl Action for StartInstance {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(p.instance_id.as_str(), "started")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let inst = describe_instance(aws, &NoCallLog, &p.instance_id).await?;
        let state = inst.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()).unwrap_or_default();
        Ok(self.plan(p).observe(format!("{} is {state}", p.instance_id)))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let inst = describe_instance(aws, ctx, &p.instance_id).await?;
        let state = inst.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()).unwrap_or_default();
        // Saved before the start: a re-run after a crash finds it running and must not
        // take that for the state before (undo would then leave it running).
        let state_before = ctx.remember_now(&STATE_BEFORE, state.clone())?;
        if state != "running" {
            if state == "stopped" {
                call(ctx, ops::ec2::START_INSTANCES, id, aws.ec2.start_instances().instance_ids(id).send()).await?;
            }
            poll_until(&format!("{id} to run"), Duration::from_secs(600), Duration::from_secs(5), || async {
                let inst = describe_instance(aws, ctx, &p.instance_id).await?;
                Ok(inst.state().and_then(|s| s.name()).is_some_and(|n| n.as_str() == "running").then_some(()))
            })
            .await?;
        }
        Ok(Receipt { instance_id: id.into(), state_before })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        if r.state_before == "running" {
            return Vec::new();
        }
        vec![Change { resource: r.instance_id.clone(), description: format!("{} -> running", r.state_before) }]
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if r.state_before == "running" {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::StopInstance>(&crate::ec2::stop_instance::Params::of(
                p.instance_id.clone(),
            ))],
        }
    }
}
