//! `ec2.isolate_instance`: cut a compromised instance off the network, per interface.

use crate::RestoreInterfaceGroups;
use crate::ec2::isolation_groups::{
    ensure_containment_group, ensure_untracking_group, find_groups, group_id, no_ssm_endpoints_warning,
    ssm_endpoint_groups,
};
use crate::ec2::restore_interface_groups as restore;
use cordon_aws::ec2::{describe_instance, interfaces};
use cordon_aws::{Aws, call};
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, Cidr, InstanceId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct IsolateInstance;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.isolate_instance",
    summary: "Isolate an instance: every network interface moved to a containment group with no rules",
    description: "Changing security groups does not cut connections that are already tracked. For each \
network interface this first moves it to an all-traffic group (ingress and egress open to 0.0.0.0/0 and \
::/0, which makes existing flows untracked), then to the case's containment group, which has no ingress \
rule (except the optional examiner CIDR) and no egress rule (the default egress rules, IPv4 and IPv6, are \
revoked). It works per interface (ModifyNetworkInterfaceAttribute), so instances with several interfaces \
are handled. The original groups of every interface are recorded in the receipt. ICMP, and flows through \
NLB, NAT gateway, transit gateway, Gateway Load Balancer, Network Firewall and Global Accelerator stay \
tracked: the receipt warns of it; a network ACL step is the option for those. The examiner CIDR may be \
IPv4 or IPv6. With `allow_ssm`, the containment group keeps egress on 443 to the security groups of the \
VPC's Systems Manager interface endpoints, so memory can still be captured through SSM.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        ops::ec2::DESCRIBE_VPC_ENDPOINTS,
        ops::ec2::CREATE_SECURITY_GROUP,
        ops::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
        ops::ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
        ops::ec2::REVOKE_SECURITY_GROUP_EGRESS,
        ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
    ],
    // Tags are set as the group is created (TagSpecifications), which needs ec2:CreateTags.
    implied: &[ops::ec2::CREATE_TAGS],
    inverse: &[&crate::ec2::restore_interface_groups::DOC],
    undo: "Restores each interface's original security groups (the groups Cordon created are kept, as part of the record).",
    example: "instance_id: i-0123456789abcdef0\nexaminer_cidr: 203.0.113.10/32\n",
};

/// One interface's security groups before isolation.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Original {
    network_interface_id: String,
    original_groups: Vec<String>,
}

/// Every interface's groups before isolation, saved before any interface is moved.
const INTERFACES: Checkpoint<Vec<Original>> = Checkpoint::new("interfaces");

/// Parameters of `ec2.isolate_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance to isolate.
    pub instance_id: InstanceId,
    /// An IPv4 or IPv6 CIDR the responders' examiner host connects from; allowed in on `examiner_ports`.
    #[serde(default)]
    pub examiner_cidr: Option<Cidr>,
    /// TCP ports opened to `examiner_cidr` (default 22).
    #[serde(default = "default_ports")]
    pub examiner_ports: Vec<u16>,
    /// Keep a path to Systems Manager (for memory capture through SSM): egress on 443 to the
    /// security groups of the VPC's ssm, ssmmessages and ec2messages interface endpoints.
    #[serde(default)]
    pub allow_ssm: bool,
}

fn default_ports() -> Vec<u16> {
    vec![22]
}

/// One network interface, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InterfaceChange {
    pub network_interface_id: String,
    /// The security groups it had before isolation (what undo restores).
    pub original_groups: Vec<String>,
    /// The groups it has now.
    pub groups: Vec<String>,
    /// True when it already held only the containment group (nothing was changed).
    pub already_isolated: bool,
}

/// Receipt of `ec2.isolate_instance`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The isolated instance.
    pub instance_id: String,
    /// Its VPC.
    pub vpc_id: String,
    /// The all-traffic group each interface passed through (makes flows untracked).
    pub untracking_group_id: String,
    /// The containment group every interface now holds.
    pub containment_group_id: String,
    /// Groups created by this step (kept on undo, as part of the record).
    pub created_groups: Vec<String>,
    /// Every network interface, with its original groups.
    pub interfaces: Vec<InterfaceChange>,
    /// Security groups of the Systems Manager endpoints the containment group may reach on 443.
    pub ssm_endpoint_groups: Vec<String>,
    /// What isolation does not cover.
    pub warnings: Vec<String>,
}

pub const UNTRACK_GROUP: &str = "cordon-untrack";

pub fn containment_group_name(case: &CaseId) -> String {
    format!("cordon-isolation-{case}")
}

fn tracked_flows_warning() -> String {
    "ICMP flows, and flows through an NLB, NAT gateway, transit gateway, Gateway Load Balancer, Network Firewall \
or Global Accelerator, stay tracked after a security group change; a network ACL on the subnet cuts them"
        .to_string()
}

/// Whether a CIDR is IPv6 (`Some(true)`), IPv4 (`Some(false)`) or not a CIDR (`None`).
pub(crate) fn cidr_family(cidr: &str) -> Option<bool> {
    let (ip, len) = cidr.split_once('/')?;
    let len = len.parse::<u8>().ok()?;
    match ip.parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(_) if len <= 32 => Some(false),
        std::net::IpAddr::V6(_) if len <= 128 => Some(true),
        _ => None,
    }
}

fn validate(p: &Params) -> Result<(), ActionError> {
    if let Some(cidr) = &p.examiner_cidr
        && cidr_family(cidr.as_str()).is_none()
    {
        return Err(ActionError::invalid(format!(
            "examiner_cidr `{cidr}` is not a CIDR such as 203.0.113.10/32 or 2001:db8::10/128"
        )));
    }
    Ok(())
}

/// Original groups per interface, from checkpoints of an interrupted earlier attempt.
fn prior_originals(ctx: &StepContext<'_>) -> std::collections::HashMap<String, Vec<String>> {
    ctx.recall_all(&INTERFACES).into_iter().flatten().map(|o| (o.network_interface_id, o.original_groups)).collect()
}

async fn modify_groups(aws: &Aws, ctx: &StepContext<'_>, eni: &str, group: &str) -> Result<(), ActionError> {
    call(
        ctx,
        ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
        eni,
        aws.ec2.modify_network_interface_attribute().network_interface_id(eni).groups(group).send(),
    )
    .await
    .map(|_| ())
}

impl Action for IsolateInstance {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, warnings: vec![tracked_flows_warning()], ..Default::default() }.change(
            p.instance_id.as_str(),
            "every network interface: original groups -> cordon-untrack -> the case's containment group (no rules)",
        )
    }

    async fn check(&self, aws: &Aws, case_id: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        validate(p)?;
        let inst = describe_instance(aws, &NoCallLog, &p.instance_id).await?;
        let vpc = inst.vpc_id().unwrap_or_default().to_string();
        let name = containment_group_name(case_id);
        let groups = find_groups(aws, &NoCallLog, &vpc, &[UNTRACK_GROUP, &name]).await?;
        let mut plan = StepPlan { mutates: true, warnings: vec![tracked_flows_warning()], ..Default::default() };
        plan.observations.push(format!(
            "instance {} is {} in {vpc}",
            p.instance_id,
            inst.state().and_then(|s| s.name()).map(|n| n.as_str()).unwrap_or("in an unknown state")
        ));
        let contain_id = group_id(&groups, &name);
        for (label, gname, id) in [
            ("all-traffic", UNTRACK_GROUP, group_id(&groups, UNTRACK_GROUP)),
            ("containment", name.as_str(), contain_id.clone()),
        ] {
            match id {
                Some(id) => plan.observations.push(format!("{label} group {gname} exists: {id}")),
                None => plan = plan.change(format!("{vpc}/{gname}"), format!("create the {label} security group")),
            }
        }
        for (eni, current) in interfaces(&inst) {
            if contain_id.as_ref().is_some_and(|c| current == [c.clone()]) {
                plan.observations.push(format!("{eni} already holds only {name}"));
            } else {
                plan = plan
                    .change(&eni, format!("security groups [{}] -> [{UNTRACK_GROUP}] -> [{name}]", current.join(", ")));
            }
        }
        if let Some(cidr) = &p.examiner_cidr {
            plan = plan.change(&name, format!("allow tcp {:?} from examiner {cidr}", p.examiner_ports));
        }
        if p.allow_ssm {
            let ssm = ssm_endpoint_groups(aws, &NoCallLog, &vpc).await?;
            plan = if ssm.is_empty() {
                plan.warn(no_ssm_endpoints_warning(&vpc))
            } else {
                plan.change(
                    &name,
                    format!("allow egress tcp 443 to the Systems Manager endpoints' groups [{}]", ssm.join(", ")),
                )
            };
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        validate(p)?;
        let inst = describe_instance(aws, ctx, &p.instance_id).await?;
        let vpc = inst.vpc_id().map(str::to_string).ok_or_else(|| {
            ActionError::new(ErrorKind::Conflict, "the instance is not in a VPC").on(p.instance_id.as_str())
        })?;
        let name = containment_group_name(ctx.case_id);
        let groups = find_groups(aws, ctx, &vpc, &[UNTRACK_GROUP, &name]).await?;
        let existing_contain = groups.iter().find(|g| g.group_name() == Some(name.as_str()));
        let ssm_groups = if p.allow_ssm { ssm_endpoint_groups(aws, ctx, &vpc).await? } else { Vec::new() };
        let mut warnings = vec![tracked_flows_warning()];
        if p.allow_ssm && ssm_groups.is_empty() {
            warnings.push(no_ssm_endpoints_warning(&vpc));
        }
        let (untrack, contain) = futures::try_join!(
            ensure_untracking_group(aws, ctx, &vpc, group_id(&groups, UNTRACK_GROUP)),
            ensure_containment_group(aws, ctx, &vpc, p, existing_contain, &ssm_groups),
        )?;
        let created_groups =
            [&untrack, &contain].iter().filter(|(_, created)| *created).map(|(id, _)| id.clone()).collect();
        let (untrack_id, contain_id) = (untrack.0, contain.0);
        // The groups each interface had before *any* attempt of this step: an earlier,
        // interrupted attempt checkpointed them before changing anything.
        let prior = prior_originals(ctx);
        let plan: Vec<(String, Vec<String>, Vec<String>)> = interfaces(&inst)
            .into_iter()
            .map(|(eni, now)| {
                let original = prior.get(&eni).cloned().unwrap_or_else(|| now.clone());
                (eni, now, original)
            })
            .collect();
        if plan.iter().any(|(_, now, _)| now != std::slice::from_ref(&contain_id)) {
            let originals: Vec<Original> = plan
                .iter()
                .map(|(eni, _, original)| Original {
                    network_interface_id: eni.clone(),
                    original_groups: original.clone(),
                })
                .collect();
            ctx.save(&INTERFACES, &originals)?;
        }
        // Interfaces are independent: isolate them concurrently; each goes through the
        // all-traffic group first so its existing flows stop being tracked.
        let changes = try_join_all(plan.into_iter().map(|(eni, now, original)| {
            let (untrack_id, contain_id) = (&untrack_id, &contain_id);
            async move {
                let contained = now == std::slice::from_ref(contain_id);
                if !contained {
                    if now != std::slice::from_ref(untrack_id) {
                        modify_groups(aws, ctx, &eni, untrack_id).await?;
                    }
                    modify_groups(aws, ctx, &eni, contain_id).await?;
                }
                // Contained already, with no record of other groups: nothing was changed.
                let already_isolated = contained && original == now;
                Ok::<_, ActionError>(InterfaceChange {
                    network_interface_id: eni,
                    original_groups: original,
                    groups: vec![contain_id.clone()],
                    already_isolated,
                })
            }
        }))
        .await?;
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            vpc_id: vpc,
            untracking_group_id: untrack_id,
            containment_group_id: contain_id,
            created_groups,
            interfaces: changes,
            ssm_endpoint_groups: ssm_groups,
            warnings,
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let created = r
            .created_groups
            .iter()
            .map(|g| Change { resource: g.clone(), description: format!("security group created in {}", r.vpc_id) });
        let moved = r.interfaces.iter().filter(|i| !i.already_isolated).map(|i| Change {
            resource: i.network_interface_id.clone(),
            description: format!(
                "security groups [{}] -> [{}] -> [{}]",
                i.original_groups.join(", "),
                r.untracking_group_id,
                i.groups.join(", ")
            ),
        });
        created.chain(moved).collect()
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        let restore = r
            .interfaces
            .iter()
            .filter(|i| !i.already_isolated)
            .map(|i| restore::InterfaceGroups::recorded(&i.network_interface_id, &i.original_groups))
            .collect::<Result<Vec<_>, _>>();
        Undo::from_steps(restore.map(|interfaces| {
            if interfaces.is_empty() {
                return Vec::new();
            }
            vec![UndoStep::to::<RestoreInterfaceGroups>(&restore::Params { interfaces })]
        }))
    }
}
