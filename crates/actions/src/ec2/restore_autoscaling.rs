//! `ec2.restore_autoscaling`: put an instance back in its Auto Scaling group as recorded
//! (the inverse of `ec2.detach_from_autoscaling`).

use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::detach_from_autoscaling::{Membership, desired_capacity, membership, set_protection};

/// The group's desired capacity before the instance is attached again.
const DESIRED_BEFORE: Checkpoint<i32> = Checkpoint::new("desired_before");

pub struct RestoreAutoscaling;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.restore_autoscaling",
    summary: "Put an instance back in its Auto Scaling group as recorded",
    description: "After `detached`: attaches the instance to the group again (AttachInstances raises the \
desired capacity by one; when the detach did not lower it, the desired capacity is set back to what it was \
just before the attach, so a capacity someone set during the incident is kept). After `standby`: moves it out \
of Standby and sets its scale-in protection back. `cordon undo` builds this step from an \
`ec2.detach_from_autoscaling` receipt.",
    operations: &[
        ops::autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
        ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
        ops::autoscaling::ATTACH_INSTANCES,
        ops::autoscaling::EXIT_STANDBY,
        ops::autoscaling::SET_INSTANCE_PROTECTION,
        ops::autoscaling::SET_DESIRED_CAPACITY,
    ],
    implied: &[],
    inverse: &[],
    undo: "Not undone automatically: run `ec2.detach_from_autoscaling` again.",
    example: "instance_id: i-0123456789abcdef0\nmembership: { asg_name: web, lifecycle_state: InService, protected_from_scale_in: false, desired_capacity: 2 }\nfrom: detached\ndecremented: true\n",
};

/// Parameters of `ec2.restore_autoscaling`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// Its membership before it was taken out.
    pub membership: Membership,
    /// `detached` or `standby`: how it was taken out.
    pub from: String,
    /// Whether the desired capacity was decremented when it was taken out.
    #[serde(default)]
    pub decremented: bool,
}

/// Receipt of `ec2.restore_autoscaling`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The group it is back in.
    pub asg_name: String,
    /// Its lifecycle state afterwards.
    pub lifecycle_state: String,
}

impl Action for RestoreAutoscaling {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(
            p.instance_id.as_str(),
            format!("back in Auto Scaling group {} ({})", p.membership.asg_name, p.membership.lifecycle_state),
        )
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = membership(aws, &NoCallLog, p.instance_id.as_str()).await?;
        Ok(self.plan(p).observe(match now {
            Some(m) => format!("{} is {} in {}", p.instance_id, m.lifecycle_state, m.asg_name),
            None => format!("{} is in no Auto Scaling group", p.instance_id),
        }))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let m = &p.membership;
        let now = membership(aws, ctx, id).await?;
        if p.from == "standby" {
            if now.as_ref().is_some_and(|n| n.lifecycle_state == "Standby") {
                let req = aws.autoscaling.exit_standby().auto_scaling_group_name(&m.asg_name).instance_ids(id);
                call(ctx, ops::autoscaling::EXIT_STANDBY, id, req.send()).await?;
            }
            set_protection(aws, ctx, &m.asg_name, id, m.protected_from_scale_in).await?;
        } else {
            // The capacity before the attach, saved before it: attaching raises it by one,
            // and lowering it back to this (not to the recorded value) keeps a capacity
            // someone set during the incident.
            let desired = if p.decremented {
                0
            } else {
                ctx.remember(&DESIRED_BEFORE, || desired_capacity(aws, ctx, &m.asg_name)).await?
            };
            if now.is_none() {
                let req = aws.autoscaling.attach_instances().auto_scaling_group_name(&m.asg_name).instance_ids(id);
                call(ctx, ops::autoscaling::ATTACH_INSTANCES, id, req.send()).await?;
            }
            if !p.decremented {
                // Lowering the capacity makes the group terminate an instance: never this one.
                set_protection(aws, ctx, &m.asg_name, id, true).await?;
                let req = aws
                    .autoscaling
                    .set_desired_capacity()
                    .auto_scaling_group_name(&m.asg_name)
                    .desired_capacity(desired)
                    .honor_cooldown(false);
                call(ctx, ops::autoscaling::SET_DESIRED_CAPACITY, &m.asg_name, req.send()).await?;
            }
            if m.protected_from_scale_in || !p.decremented {
                set_protection(aws, ctx, &m.asg_name, id, m.protected_from_scale_in).await?;
            }
        }
        let after = membership(aws, ctx, id).await?;
        Ok(Receipt {
            instance_id: id.into(),
            asg_name: m.asg_name.clone(),
            lifecycle_state: after.map(|a| a.lifecycle_state).unwrap_or_default(),
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        vec![Change {
            resource: r.instance_id.clone(),
            description: format!("back in {} ({})", r.asg_name, r.lifecycle_state),
        }]
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::Irreversible { reason: "run ec2.detach_from_autoscaling again to take it out".into() }
    }
}
