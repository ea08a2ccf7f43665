//! `ec2.detach_from_autoscaling`: take an instance out of its Auto Scaling group (detach,
//! or standby with scale-in protection), so the group cannot terminate the evidence.

use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DetachFromAutoscaling;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.detach_from_autoscaling",
    summary: "Take an instance out of its Auto Scaling group: detach, or standby with scale-in protection",
    description: "Finds the instance's Auto Scaling group (DescribeAutoScalingInstances). `mode: detach` \
(the default) removes it from the group; `mode: standby` turns scale-in protection on and moves it to \
Standby, so it stays a member but receives no traffic and is never terminated by the group. By default the \
desired capacity is decremented so that nothing is launched or terminated on its account (and undo is \
exact); `decrement_desired_capacity: false` lets the group launch a replacement. An instance in no group is \
left alone. The group, lifecycle state, protection and desired capacity before are recorded.",
    operations: &[
        ops::autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
        ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
        ops::autoscaling::DETACH_INSTANCES,
        ops::autoscaling::SET_INSTANCE_PROTECTION,
        ops::autoscaling::ENTER_STANDBY,
    ],
    implied: &[],
    inverse: &[&crate::ec2::restore_autoscaling::DOC],
    undo: "Attaches the instance back (detach), or moves it out of Standby and restores its scale-in protection (standby).",
    example: "instance_id: i-0123456789abcdef0\nmode: standby\n",
};

/// The group membership before the step (`None`: not in a group).
const BEFORE: Checkpoint<Option<Membership>> = Checkpoint::new("before");

/// How the instance leaves the group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Removed from the group.
    #[default]
    Detach,
    /// Kept as a member, in Standby, protected from scale-in.
    Standby,
}

/// Parameters of `ec2.detach_from_autoscaling`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// `detach` (default) or `standby`.
    #[serde(default)]
    pub mode: Mode,
    /// Lower the group's desired capacity by one (default true: nothing launched in its place).
    #[serde(default = "yes")]
    pub decrement_desired_capacity: bool,
}

fn yes() -> bool {
    true
}

/// The instance's membership, before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Membership {
    pub asg_name: String,
    pub lifecycle_state: String,
    pub protected_from_scale_in: bool,
    pub desired_capacity: i32,
}

/// Receipt of `ec2.detach_from_autoscaling`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// Its group membership before (null: it was in no group).
    pub before: Option<Membership>,
    /// What was done: `detached`, `standby`, or `none`.
    pub done: String,
    /// Whether the desired capacity was decremented.
    pub decremented: bool,
}

/// The group's desired capacity now.
pub(crate) async fn desired_capacity(aws: &Aws, log: &dyn CallLog, asg: &str) -> Result<i32, ActionError> {
    let groups = call(
        log,
        ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
        asg,
        aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(asg).send(),
    )
    .await?;
    Ok(groups.auto_scaling_groups().first().and_then(|g| g.desired_capacity()).unwrap_or_default())
}

pub(crate) async fn membership(aws: &Aws, log: &dyn CallLog, id: &str) -> Result<Option<Membership>, ActionError> {
    let out = call(
        log,
        ops::autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
        id,
        aws.autoscaling.describe_auto_scaling_instances().instance_ids(id).send(),
    )
    .await?;
    let Some(inst) = out.auto_scaling_instances().iter().find(|i| i.instance_id() == Some(id)) else { return Ok(None) };
    let asg = inst.auto_scaling_group_name().unwrap_or_default().to_string();
    Ok(Some(Membership {
        desired_capacity: desired_capacity(aws, log, &asg).await?,
        asg_name: asg,
        lifecycle_state: inst.lifecycle_state().unwrap_or_default().to_string(),
        protected_from_scale_in: inst.protected_from_scale_in().unwrap_or(false),
    }))
}

pub(crate) async fn set_protection(
    aws: &Aws,
    log: &dyn CallLog,
    asg: &str,
    id: &str,
    on: bool,
) -> Result<(), ActionError> {
    let req = aws
        .autoscaling
        .set_instance_protection()
        .auto_scaling_group_name(asg)
        .instance_ids(id)
        .protected_from_scale_in(on);
    call(log, ops::autoscaling::SET_INSTANCE_PROTECTION, id, req.send()).await.map(|_| ())
}

impl Action for DetachFromAutoscaling {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let what = match p.mode {
            Mode::Detach => "detached from its Auto Scaling group (if any)",
            Mode::Standby => "scale-in protection on, moved to Standby in its Auto Scaling group (if any)",
        };
        StepPlan { mutates: true, ..Default::default() }.change(p.instance_id.as_str(), what)
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        match membership(aws, &NoCallLog, p.instance_id.as_str()).await? {
            None => Ok(StepPlan { mutates: true, ..Default::default() }
                .observe(format!("{} is in no Auto Scaling group", p.instance_id))),
            Some(m) => Ok(self.plan(p).observe(format!(
                "{} is {} in {} (desired capacity {}{})",
                p.instance_id,
                m.lifecycle_state,
                m.asg_name,
                m.desired_capacity,
                if p.decrement_desired_capacity { ", to be decremented" } else { "; a replacement will be launched" }
            ))),
        }
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        // A re-run after a crash may find the instance already out: the checkpoint holds the truth.
        let before = ctx.remember(&BEFORE, || membership(aws, ctx, id)).await?;
        let Some(m) = &before else {
            return Ok(Receipt { instance_id: id.into(), before, done: "none".into(), decremented: false });
        };
        let now = membership(aws, ctx, id).await?;
        let done = match p.mode {
            Mode::Detach => {
                if now.is_some() {
                    let req = aws
                        .autoscaling
                        .detach_instances()
                        .auto_scaling_group_name(&m.asg_name)
                        .instance_ids(id)
                        .should_decrement_desired_capacity(p.decrement_desired_capacity);
                    call(ctx, ops::autoscaling::DETACH_INSTANCES, id, req.send()).await?;
                }
                "detached"
            }
            Mode::Standby => {
                set_protection(aws, ctx, &m.asg_name, id, true).await?;
                if now.as_ref().is_some_and(|n| n.lifecycle_state == "InService") {
                    let req = aws
                        .autoscaling
                        .enter_standby()
                        .auto_scaling_group_name(&m.asg_name)
                        .instance_ids(id)
                        .should_decrement_desired_capacity(p.decrement_desired_capacity);
                    call(ctx, ops::autoscaling::ENTER_STANDBY, id, req.send()).await?;
                }
                "standby"
            }
        };
        Ok(Receipt { instance_id: id.into(), before, done: done.into(), decremented: p.decrement_desired_capacity })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let Some(m) = &r.before else { return Vec::new() };
        let cap = if r.decremented { ", desired capacity decremented" } else { "" };
        let description = match r.done.as_str() {
            "standby" => format!("scale-in protection on, {} -> Standby in {}{cap}", m.lifecycle_state, m.asg_name),
            _ => format!("detached from {}{cap}", m.asg_name),
        };
        vec![Change { resource: r.instance_id.clone(), description }]
    }

    /// A failed or interrupted attempt: the membership recorded before it, restored as
    /// this step's mode would have left it (restoring what was not changed changes nothing).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(before) = recorded.first(&BEFORE) else { return Undo::NothingToUndo };
        let done = match p.mode {
            Mode::Detach => "detached",
            Mode::Standby => "standby",
        };
        let receipt = Receipt {
            instance_id: p.instance_id.to_string(),
            before,
            done: done.into(),
            decremented: p.decrement_desired_capacity,
        };
        self.undo(p, &receipt)
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        let Some(m) = &r.before else { return Undo::NothingToUndo };
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::RestoreAutoscaling>(&crate::ec2::restore_autoscaling::Params {
                instance_id: p.instance_id.clone(),
                membership: m.clone(),
                from: r.done.clone(),
                decremented: r.decremented,
            })],
        }
    }
}
