//! `ec2.register_with_load_balancers`: register an instance again where it was (the
//! inverse of `ec2.deregister_from_load_balancers`).

use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::deregister_from_load_balancers::{Registrations, registrations, target};

pub struct RegisterWithLoadBalancers;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.register_with_load_balancers",
    summary: "Register an instance with classic load balancers and target groups as recorded",
    description: "Registers the instance with each listed classic load balancer and each target group, on \
the recorded port and Availability Zone. `cordon undo` builds this step from an \
`ec2.deregister_from_load_balancers` receipt.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::elb::DESCRIBE_LOAD_BALANCERS,
        ops::elb::DESCRIBE_TARGET_GROUPS,
        ops::elb::DESCRIBE_TARGET_HEALTH,
        ops::elb::REGISTER_INSTANCES_WITH_LOAD_BALANCER,
        ops::elb::REGISTER_TARGETS,
    ],
    implied: &[],
    inverse: &[&crate::ec2::deregister_from_load_balancers::DOC],
    undo: "Deregisters it again from the same load balancers and target groups.",
    example: "instance_id: i-0123456789abcdef0\nregistrations: { classic: [web-lb], targets: [] }\n",
};

/// Parameters of `ec2.register_with_load_balancers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// Where to register it.
    pub registrations: Registrations,
}

/// Receipt of `ec2.register_with_load_balancers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The registrations made.
    pub registered: Registrations,
}

impl Action for RegisterWithLoadBalancers {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() };
        let plan = p.registrations.classic.iter().fold(plan, |plan, n| {
            plan.change(p.instance_id.as_str(), format!("registered with classic load balancer {n}"))
        });
        p.registrations.targets.iter().fold(plan, |plan, t| {
            plan.change(p.instance_id.as_str(), format!("registered with target group {}", t.target_group_arn))
        })
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let now = registrations(aws, &NoCallLog, p.instance_id.as_str()).await?;
        Ok(self.plan(p).observe(format!(
            "{} is now in {} classic load balancer(s) and {} target group registration(s)",
            p.instance_id,
            now.classic.len(),
            now.targets.len()
        )))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let classic = p.registrations.classic.iter().map(|name| {
            let instance = aws_sdk_elasticloadbalancing::types::Instance::builder().instance_id(id).build();
            let req = aws.elb.register_instances_with_load_balancer().load_balancer_name(name).instances(instance);
            call(ctx, ops::elb::REGISTER_INSTANCES_WITH_LOAD_BALANCER, name, req.send())
        });
        let targets = p.registrations.targets.iter().map(|t| {
            let req = aws.elbv2.register_targets().target_group_arn(&t.target_group_arn).targets(target(id, t));
            call(ctx, ops::elb::REGISTER_TARGETS, &t.target_group_arn, req.send())
        });
        futures::try_join!(try_join_all(classic), try_join_all(targets))?;
        Ok(Receipt { instance_id: id.into(), registered: p.registrations.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let n = r.registered.classic.len() + r.registered.targets.len();
        vec![Change { resource: r.instance_id.clone(), description: format!("registered again in {n} place(s)") }]
    }

    fn undo(&self, p: &Params, _r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::DeregisterFromLoadBalancers>(
                &crate::ec2::deregister_from_load_balancers::Params { instance_id: p.instance_id.clone() },
            )],
        }
    }
}
