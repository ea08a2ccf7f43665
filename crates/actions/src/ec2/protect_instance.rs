//! `ec2.protect_instance`: keep the evidence from being terminated away.

use crate::RestoreInstanceProtection;
use crate::ec2::restore_instance_protection as restore;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, AttributeValue, EbsInstanceBlockDeviceSpecification, InstanceAttributeName,
    InstanceBlockDeviceMappingSpecification,
};
use cordon_aws::ec2::{describe_instance, ebs_volumes};
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct ProtectInstance;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.protect_instance",
    summary: "Protect an instance from termination and stop: termination and stop protection, shutdown behaviour stop, volumes kept",
    description: "Turns API termination protection and stop protection (DisableApiStop: a stop loses memory) \
on, sets the instance-initiated shutdown behaviour to `stop` (a `shutdown -h` from inside no longer \
terminates it), and sets DeleteOnTermination to false on every EBS volume, so that neither the attacker, an \
automation nor a mistaken click destroys the disks or the memory. Only what differs is changed; the prior \
values are checkpointed before the change, for undo. `ec2.stop_instance` lifts stop protection for the \
responder's own deliberate stop and sets it again.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
        ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
    ],
    implied: &[],
    inverse: &[&crate::ec2::restore_instance_protection::DOC],
    undo: "Restores the prior termination protection, shutdown behaviour and DeleteOnTermination flags.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The protection before the step, saved before it changes anything.
const BEFORE: Checkpoint<Protection> = Checkpoint::new("before");

/// Parameters of `ec2.protect_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance to protect.
    pub instance_id: InstanceId,
}

/// One EBS volume's DeleteOnTermination flag, before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VolumeFlag {
    pub device_name: String,
    pub volume_id: String,
    pub delete_on_termination: bool,
}

/// The protection-relevant state of an instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Protection {
    pub termination_protection: bool,
    /// DisableApiStop (absent in receipts written before Cordon set it: false).
    #[serde(default)]
    pub stop_protection: bool,
    pub shutdown_behavior: String,
    pub volumes: Vec<VolumeFlag>,
}

/// Receipt of `ec2.protect_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The protected instance.
    pub instance_id: String,
    /// The state before (what undo restores).
    pub before: Protection,
    /// What was changed, e.g. `termination_protection`, `delete_on_termination:/dev/xvda`.
    pub changed: Vec<String>,
}

pub(crate) async fn current(aws: &Aws, log: &dyn CallLog, id: &InstanceId) -> Result<Protection, ActionError> {
    let attr = |name: InstanceAttributeName| {
        call(
            log,
            ops::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
            id.as_str(),
            aws.ec2.describe_instance_attribute().instance_id(id.as_str()).attribute(name).send(),
        )
    };
    let (inst, term, stop, shutdown) = futures::try_join!(
        describe_instance(aws, log, id),
        attr(InstanceAttributeName::DisableApiTermination),
        attr(InstanceAttributeName::DisableApiStop),
        attr(InstanceAttributeName::InstanceInitiatedShutdownBehavior),
    )?;
    Ok(Protection {
        termination_protection: term.disable_api_termination().and_then(|v| v.value()).unwrap_or(false),
        stop_protection: stop.disable_api_stop().and_then(|v| v.value()).unwrap_or(false),
        shutdown_behavior: shutdown
            .instance_initiated_shutdown_behavior()
            .and_then(|v| v.value())
            .unwrap_or("stop")
            .to_string(),
        volumes: ebs_volumes(&inst)
            .into_iter()
            .map(|(device_name, volume_id, delete_on_termination)| VolumeFlag {
                device_name,
                volume_id,
                delete_on_termination,
            })
            .collect(),
    })
}

/// The changes that bring `state` to protected.
fn needed(state: &Protection) -> Vec<String> {
    let mut out = Vec::new();
    if !state.termination_protection {
        out.push("termination_protection".to_string());
    }
    if !state.stop_protection {
        out.push("stop_protection".to_string());
    }
    if state.shutdown_behavior != "stop" {
        out.push("shutdown_behavior".to_string());
    }
    out.extend(
        state
            .volumes
            .iter()
            .filter(|v| v.delete_on_termination)
            .map(|v| format!("delete_on_termination:{}", v.device_name)),
    );
    out
}

/// Sets the instance to `target`, for the fields named in `fields`.
pub(crate) async fn apply(
    aws: &Aws,
    log: &dyn CallLog,
    id: &str,
    target: &Protection,
    fields: &[String],
) -> Result<(), ActionError> {
    let modify = || aws.ec2.modify_instance_attribute().instance_id(id);
    let term = fields.iter().any(|f| f == "termination_protection").then(|| {
        call(
            log,
            ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
            id,
            modify()
                .disable_api_termination(AttributeBooleanValue::builder().value(target.termination_protection).build())
                .send(),
        )
    });
    let stop = fields.iter().any(|f| f == "stop_protection").then(|| {
        call(
            log,
            ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
            id,
            modify().disable_api_stop(AttributeBooleanValue::builder().value(target.stop_protection).build()).send(),
        )
    });
    let shutdown = fields.iter().any(|f| f == "shutdown_behavior").then(|| {
        call(
            log,
            ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
            id,
            modify()
                .instance_initiated_shutdown_behavior(
                    AttributeValue::builder().value(&target.shutdown_behavior).build(),
                )
                .send(),
        )
    });
    let mappings: Vec<_> = target
        .volumes
        .iter()
        .filter(|v| fields.contains(&format!("delete_on_termination:{}", v.device_name)))
        .map(|v| {
            InstanceBlockDeviceMappingSpecification::builder()
                .device_name(&v.device_name)
                .ebs(
                    EbsInstanceBlockDeviceSpecification::builder()
                        .volume_id(&v.volume_id)
                        .delete_on_termination(v.delete_on_termination)
                        .build(),
                )
                .build()
        })
        .collect();
    let volumes = (!mappings.is_empty()).then(|| {
        call(log, ops::ec2::MODIFY_INSTANCE_ATTRIBUTE, id, modify().set_block_device_mappings(Some(mappings)).send())
    });
    // The attributes are independent: one round trip for all of them.
    let (a, b, c, d) = futures::join!(opt(term), opt(stop), opt(shutdown), opt(volumes));
    a.and(b).and(c).and(d)
}

/// A field of [`needed`] (not a volume), as the change it makes from `before`.
fn describe_field(field: &str, before: &Protection) -> String {
    match field {
        "termination_protection" => "termination protection off -> on".to_string(),
        "stop_protection" => "stop protection off -> on".to_string(),
        _ => format!("shutdown behaviour {} -> stop", before.shutdown_behavior),
    }
}

async fn opt<T>(f: Option<impl std::future::Future<Output = Result<T, ActionError>>>) -> Result<(), ActionError> {
    match f {
        Some(f) => f.await.map(|_| ()),
        None => Ok(()),
    }
}

impl Action for ProtectInstance {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(
            p.instance_id.as_str(),
            "termination and stop protection on, shutdown behaviour stop, DeleteOnTermination false on every volume",
        )
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let state = current(aws, &NoCallLog, &p.instance_id).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        let todo = needed(&state);
        if todo.is_empty() {
            plan.observations.push(format!("{} is already protected", p.instance_id));
        }
        for f in todo {
            plan = plan.change(
                p.instance_id.as_str(),
                match f.split_once(':') {
                    Some((_, dev)) => format!("DeleteOnTermination true -> false on {dev}"),
                    None => describe_field(&f, &state),
                },
            );
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let now = current(aws, ctx, &p.instance_id).await?;
        // The state before the first attempt, saved before any change: a re-run after a
        // crash between the change and its outcome would otherwise find the instance
        // protected already and record nothing for undo to restore.
        let before = ctx.remember_now(&BEFORE, now.clone())?;
        let changed = needed(&before);
        let todo = needed(&now);
        let protected = Protection {
            termination_protection: true,
            stop_protection: true,
            shutdown_behavior: "stop".into(),
            volumes: before.volumes.iter().map(|v| VolumeFlag { delete_on_termination: false, ..v.clone() }).collect(),
        };
        apply(aws, ctx, p.instance_id.as_str(), &protected, &todo).await?;
        Ok(Receipt { instance_id: p.instance_id.to_string(), before, changed })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.changed
            .iter()
            .map(|f| {
                let description = match f.split_once(':') {
                    Some((_, dev)) => {
                        let vol = r.before.volumes.iter().find(|v| v.device_name == dev).map(|v| v.volume_id.as_str());
                        format!("DeleteOnTermination true -> false on {dev} ({})", vol.unwrap_or("?"))
                    }
                    None => describe_field(f, &r.before),
                };
                Change { resource: r.instance_id.clone(), description }
            })
            .collect()
    }

    /// A failed or interrupted attempt: every field that was not protected before goes back
    /// (restoring one the attempt did not reach changes nothing).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        match recorded.first(&BEFORE) {
            Some(before) => {
                let changed = needed(&before);
                self.undo(p, &Receipt { instance_id: p.instance_id.to_string(), before, changed })
            }
            None => Undo::NothingToUndo,
        }
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if r.changed.is_empty() {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<RestoreInstanceProtection>(&restore::Params {
                instance_id: p.instance_id.clone(),
                state: r.before.clone(),
                fields: r.changed.clone(),
            })],
        }
    }
}
