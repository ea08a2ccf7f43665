//! `ec2.stop_instance`: stop an instance, refusing when that would destroy evidence.

use cordon_core::ops;
use std::time::Duration;

use cordon_aws::ec2::describe_instance;
use cordon_aws::{Aws, call, poll_until};
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct StopInstance;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.stop_instance",
    summary: "Stop an instance (refuses with instance-store volumes, or without a verified memory capture, unless forced)",
    description: "Stopping loses memory and the contents of instance-store volumes. So this refuses, unless \
`force: true`, when the instance has instance-store volumes (its root device, or storage that comes with its \
instance type), and when the case holds no verified memory capture of it: the record `ec2.capture_memory` \
writes only after the uploaded image matched the host's SHA-256. Nothing a playbook says stands in for that \
record, so a failed or skipped capture never leads to a stop. Waits until the \
instance is stopped (`timeout_seconds`). The state before is recorded. When stop protection is on (as \
`ec2.protect_instance` sets it), it is lifted for this stop and set again once the instance is stopped.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_INSTANCE_TYPES,
        ops::ec2::STOP_INSTANCES,
        ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
    ],
    implied: &[],
    inverse: &[&crate::ec2::start_instance::DOC, &crate::ec2::restore_instance_protection::DOC],
    undo: "Starts the instance again if it was running.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The instance's state before the step, saved before it is stopped.
const STATE_BEFORE: Checkpoint<String> = Checkpoint::new("state_before");

/// Saved before stop protection is lifted for the stop: it must be set again, even by a
/// re-run after a crash.
const LIFTED_STOP_PROTECTION: Checkpoint<bool> = Checkpoint::new("lifted_stop_protection");

async fn set_stop_protection(aws: &Aws, ctx: &StepContext<'_>, id: &str, on: bool) -> Result<(), ActionError> {
    let value = aws_sdk_ec2::types::AttributeBooleanValue::builder().value(on).build();
    let req = aws.ec2.modify_instance_attribute().instance_id(id).disable_api_stop(value);
    call(ctx, ops::ec2::MODIFY_INSTANCE_ATTRIBUTE, id, req.send()).await.map(|_| ())
}

/// Parameters of `ec2.stop_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// Stop even when instance-store data or memory would be lost.
    #[serde(default)]
    pub force: bool,
    /// How long to wait for the stop (default 600).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_timeout() -> u64 {
    600
}

impl Params {
    /// A stop with the defaults: the evidence checks apply, nothing forced.
    pub fn of(instance_id: InstanceId) -> Self {
        Self { instance_id, force: false, timeout_seconds: default_timeout() }
    }
}

/// Receipt of `ec2.stop_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// Its state before (`running`, `stopped`…).
    pub state_before: String,
    /// Whether this step stopped it.
    pub stopped: bool,
    /// Whether it was stopped despite a refusal reason (`force`).
    pub forced: bool,
}

/// Why stopping would destroy evidence, if it would. `captured`: whether the case holds a
/// verified memory capture of the instance (`None` at plan time: not known yet).
async fn refusal(
    aws: &Aws,
    log: &dyn CallLog,
    p: &Params,
    captured: Option<bool>,
) -> Result<(String, Option<String>), ActionError> {
    let inst = describe_instance(aws, log, &p.instance_id).await?;
    let state = inst.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()).unwrap_or_default();
    if inst.root_device_type().is_some_and(|t| t.as_str() == "instance-store") {
        return Ok((state, Some("its root device is an instance-store volume: stopping loses it".into())));
    }
    if let Some(kind) = inst.instance_type() {
        let out = call(
            log,
            ops::ec2::DESCRIBE_INSTANCE_TYPES,
            kind.as_str(),
            aws.ec2.describe_instance_types().instance_types(kind.clone()).send(),
        )
        .await?;
        if out.instance_types().iter().any(|t| t.instance_storage_supported() == Some(true)) {
            return Ok((
                state,
                Some(format!("its type {} has instance-store volumes: stopping erases them", kind.as_str())),
            ));
        }
    }
    if captured == Some(false) && matches!(state.as_str(), "running" | "pending") {
        let why = "the case holds no verified memory capture of it (ec2.capture_memory): stopping loses its memory";
        return Ok((state, Some(why.into())));
    }
    Ok((state, None))
}

impl Action for StopInstance {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(p.instance_id.as_str(), "stopped (memory is lost)")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let (state, why) = refusal(aws, &NoCallLog, p, None).await?;
        let mut plan = self.plan(p).observe(format!("{} is {state}", p.instance_id));
        if !p.force {
            plan = plan.observe("refuses when it runs unless the case then holds a verified memory capture of it");
        }
        Ok(match why {
            Some(why) if !p.force => plan.warn(format!("will refuse: {why} (force: true overrides)")),
            Some(why) => plan.warn(format!("forced: {why}")),
            None => plan,
        })
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let captured = crate::ec2::capture_memory::captured(&ctx.artifacts.list(), id);
        let (state, why) = refusal(aws, ctx, p, Some(captured)).await?;
        if let Some(why) = &why
            && !p.force
        {
            return Err(
                ActionError::new(ErrorKind::Refused, format!("not stopped: {why}; `force: true` overrides")).on(id)
            );
        }
        let recorded = ctx.recall(&STATE_BEFORE);
        let state_before = recorded.unwrap_or(state.clone());
        ctx.save(&STATE_BEFORE, &state_before)?;
        let stopped = matches!(state.as_str(), "pending" | "running" | "stopping");
        let mut lifted = ctx.recall(&LIFTED_STOP_PROTECTION).unwrap_or(false);
        if matches!(state.as_str(), "pending" | "running") {
            let stop = || call(ctx, ops::ec2::STOP_INSTANCES, id, aws.ec2.stop_instances().instance_ids(id).send());
            match stop().await {
                Ok(_) => {}
                // Stop protection (DisableApiStop): this stop is the responder's decision.
                Err(e) if e.code.as_deref() == Some("OperationNotPermitted") => {
                    ctx.save(&LIFTED_STOP_PROTECTION, &true)?;
                    lifted = true;
                    set_stop_protection(aws, ctx, id, false).await?;
                    if let Err(e) = stop().await {
                        // Never leave it less protected than it was.
                        set_stop_protection(aws, ctx, id, true).await?;
                        return Err(e);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let waited = if stopped {
            poll_until(
                &format!("{id} to stop"),
                Duration::from_secs(p.timeout_seconds),
                Duration::from_secs(5),
                || async {
                    let inst = describe_instance(aws, ctx, &p.instance_id).await?;
                    Ok(inst.state().and_then(|s| s.name()).is_some_and(|n| n.as_str() == "stopped").then_some(()))
                },
            )
            .await
        } else {
            Ok(())
        };
        // Set again whether or not the wait succeeded.
        if lifted {
            set_stop_protection(aws, ctx, id, true).await?;
        }
        waited?;
        Ok(Receipt {
            instance_id: id.into(),
            stopped: state_before == "running" || stopped,
            state_before,
            forced: why.is_some(),
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        if !r.stopped {
            return Vec::new();
        }
        vec![Change { resource: r.instance_id.clone(), description: format!("{} -> stopped", r.state_before) }]
    }

    /// A failed or interrupted attempt: a stop protection it lifted is set again, and an
    /// instance it found running is started.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(state_before) = recorded.first(&STATE_BEFORE) else { return Undo::NothingToUndo };
        let mut steps = Vec::new();
        if recorded.first(&LIFTED_STOP_PROTECTION).unwrap_or(false) {
            steps.push(UndoStep::to::<crate::RestoreInstanceProtection>(
                &crate::ec2::restore_instance_protection::Params::stop_protection(p.instance_id.clone(), true),
            ));
        }
        let r = Receipt { instance_id: p.instance_id.to_string(), stopped: true, state_before, forced: p.force };
        if let Undo::Steps { steps: start } = self.undo(p, &r) {
            steps.extend(start);
        }
        if steps.is_empty() { Undo::NothingToUndo } else { Undo::Steps { steps } }
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if !r.stopped || r.state_before != "running" {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::StartInstance>(&crate::ec2::start_instance::Params {
                instance_id: p.instance_id.clone(),
            })],
        }
    }
}
