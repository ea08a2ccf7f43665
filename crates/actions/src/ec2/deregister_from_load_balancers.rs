//! `ec2.deregister_from_load_balancers`: take an instance out of every classic load
//! balancer and every target group (ALB, NLB, GWLB) that holds it.

use aws_sdk_elasticloadbalancingv2::types::TargetDescription;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DeregisterFromLoadBalancers;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.deregister_from_load_balancers",
    summary: "Deregister an instance from every classic load balancer and every target group holding it",
    description: "Lists the classic load balancers and the target groups of the account and Region, finds \
those that hold the instance (every port it is registered on), and deregisters it, so that no health check \
replaces it and no traffic reaches it. Each registration is recorded so that undo registers it again \
exactly (target group, port, Availability Zone). The target group lookups run concurrently.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::elb::DESCRIBE_LOAD_BALANCERS,
        ops::elb::DESCRIBE_TARGET_GROUPS,
        ops::elb::DESCRIBE_TARGET_HEALTH,
        ops::elb::DEREGISTER_INSTANCES_FROM_LOAD_BALANCER,
        ops::elb::DEREGISTER_TARGETS,
    ],
    implied: &[],
    inverse: &[&crate::ec2::register_with_load_balancers::DOC],
    undo: "Registers the instance again with each classic load balancer and target group, on the same ports.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The registrations removed so far, saved before each deregistration.
const REGISTRATIONS: Checkpoint<Registrations> = Checkpoint::new("registrations");

/// Parameters of `ec2.deregister_from_load_balancers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
}

/// One registration of the instance in a target group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetRegistration {
    pub target_group_arn: String,
    pub port: Option<i32>,
    pub availability_zone: Option<String>,
}

/// Where the instance is registered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Registrations {
    /// Classic load balancer names.
    pub classic: Vec<String>,
    /// Target group registrations.
    pub targets: Vec<TargetRegistration>,
}

/// Receipt of `ec2.deregister_from_load_balancers`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The registrations removed.
    pub deregistered: Registrations,
}

pub(crate) async fn registrations(aws: &Aws, log: &dyn CallLog, id: &str) -> Result<Registrations, ActionError> {
    let classic = call(log, ops::elb::DESCRIBE_LOAD_BALANCERS, id, aws.elb.describe_load_balancers().send());
    let groups = async {
        let mut pages = aws.elbv2.describe_target_groups().into_paginator().send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            // A page is one request: recorded and mapped like any other call.
            let page = call(log, ops::elb::DESCRIBE_TARGET_GROUPS, id, std::future::ready(page)).await?;
            all.extend(page.target_groups().iter().cloned());
        }
        Ok::<_, ActionError>(all)
    };
    // The instance's VPC, read alongside: an instance target group holds instances of its
    // own VPC only, so the others need no health query (an account may have hundreds).
    // Only an optimization: when it cannot be read, every group is asked.
    let vpc = async {
        let out =
            call(log, ops::ec2::DESCRIBE_INSTANCES, id, aws.ec2.describe_instances().instance_ids(id).send()).await;
        out.ok().and_then(|o| {
            o.reservations().iter().flat_map(|r| r.instances()).find_map(|i| i.vpc_id().map(str::to_string))
        })
    };
    let (classic, groups, vpc) = futures::join!(classic, groups, vpc);
    let (classic, groups) = (classic?, groups?);
    let classic: Vec<String> = classic
        .load_balancer_descriptions()
        .iter()
        .filter(|lb| lb.instances().iter().any(|i| i.instance_id() == Some(id)))
        .filter_map(|lb| lb.load_balancer_name().map(str::to_string))
        .collect();
    let instance_groups: Vec<String> = groups
        .iter()
        .filter(|g| g.target_type().is_none_or(|t| t.as_str() == "instance"))
        .filter(|g| vpc.is_none() || g.vpc_id().is_none() || g.vpc_id() == vpc.as_deref())
        .filter_map(|g| g.target_group_arn().map(str::to_string))
        .collect();
    let healths = try_join_all(instance_groups.iter().map(|arn| {
        call(
            log,
            ops::elb::DESCRIBE_TARGET_HEALTH,
            arn,
            aws.elbv2.describe_target_health().target_group_arn(arn).send(),
        )
    }))
    .await?;
    let targets = instance_groups
        .iter()
        .zip(healths)
        .flat_map(|(arn, h)| {
            h.target_health_descriptions()
                .iter()
                .filter_map(|d| d.target())
                .filter(|t| t.id() == Some(id))
                .map(|t| TargetRegistration {
                    target_group_arn: arn.clone(),
                    port: t.port(),
                    availability_zone: t.availability_zone().map(str::to_string),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(Registrations { classic, targets })
}

pub(crate) fn target(id: &str, r: &TargetRegistration) -> TargetDescription {
    TargetDescription::builder().id(id).set_port(r.port).set_availability_zone(r.availability_zone.clone()).build()
}

fn describe(r: &Registrations) -> Vec<String> {
    let classic = r.classic.iter().map(|n| format!("classic load balancer {n}"));
    let targets = r.targets.iter().map(|t| match t.port {
        Some(port) => format!("target group {} (port {port})", t.target_group_arn),
        None => format!("target group {}", t.target_group_arn),
    });
    classic.chain(targets).collect()
}

impl Action for DeregisterFromLoadBalancers {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), "deregistered from every load balancer and target group holding it")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let r = registrations(aws, &NoCallLog, p.instance_id.as_str()).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for what in describe(&r) {
            plan = plan.change(p.instance_id.as_str(), format!("deregistered from {what}"));
        }
        if plan.changes.is_empty() {
            plan = plan.observe(format!("{} is registered with no load balancer", p.instance_id));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let found = registrations(aws, ctx, id).await?;
        // A re-run after a crash finds fewer registrations: keep the first attempt's record.
        let mut deregistered: Registrations = ctx.recall(&REGISTRATIONS).unwrap_or_default();
        for n in &found.classic {
            if !deregistered.classic.contains(n) {
                deregistered.classic.push(n.clone());
            }
        }
        for t in &found.targets {
            if !deregistered.targets.contains(t) {
                deregistered.targets.push(t.clone());
            }
        }
        ctx.save(&REGISTRATIONS, &deregistered)?;
        let classic = found.classic.iter().map(|name| {
            let instance = aws_sdk_elasticloadbalancing::types::Instance::builder().instance_id(id).build();
            let req = aws.elb.deregister_instances_from_load_balancer().load_balancer_name(name).instances(instance);
            call(ctx, ops::elb::DEREGISTER_INSTANCES_FROM_LOAD_BALANCER, name, req.send())
        });
        let targets = found.targets.iter().map(|t| {
            let req = aws.elbv2.deregister_targets().target_group_arn(&t.target_group_arn).targets(target(id, t));
            call(ctx, ops::elb::DEREGISTER_TARGETS, &t.target_group_arn, req.send())
        });
        futures::try_join!(try_join_all(classic), try_join_all(targets))?;
        Ok(Receipt { instance_id: id.into(), deregistered })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        describe(&r.deregistered)
            .into_iter()
            .map(|what| Change { resource: r.instance_id.clone(), description: format!("deregistered from {what}") })
            .collect()
    }

    /// A failed or interrupted attempt: registered again everywhere it was recorded
    /// (registering where it still is changes nothing).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        match recorded.all(&REGISTRATIONS).pop() {
            Some(deregistered) => self.undo(p, &Receipt { instance_id: p.instance_id.to_string(), deregistered }),
            None => Undo::NothingToUndo,
        }
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if r.deregistered == Registrations::default() {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::RegisterWithLoadBalancers>(
                &crate::ec2::register_with_load_balancers::Params {
                    instance_id: p.instance_id.clone(),
                    registrations: r.deregistered.clone(),
                },
            )],
        }
    }
}
