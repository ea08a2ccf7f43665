//! `ec2.isolate_instance`: cut a compromised instance off the network, per interface.

use crate::RestoreInterfaceGroups;
use crate::ec2::isolation_groups::{
    Kind, candidate_names, ensure_group, find_groups, find_named_groups, in_vpc, no_ssm_endpoints_warning,
    ssm_endpoint_groups,
};
use crate::ec2::restore_interface_groups as restore;
use cordon_aws::ec2::{describe_instance, interfaces};
use cordon_aws::{Aws, call, consistency_pause, retry_consistency};
use cordon_core::action::{
    Action, ActionDoc, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, Cidr, InstanceId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use futures::future::join_all;
use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct IsolateInstance;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.isolate_instance",
    summary: "Isolate an instance: every network interface moved to a containment group with no rules",
    description: "Changing security groups does not cut connections that are already tracked. For each \
network interface this first moves it to the case's all-traffic group `cordon-untrack-<case>` (ingress \
and egress open to 0.0.0.0/0 and ::/0, which makes existing flows untracked), then to the case's \
containment group `cordon-isolation-<case>`, which has no ingress rule (except the optional examiner CIDR) \
and no egress rule (the default egress rules, IPv4 and IPv6, are revoked). Nothing is trusted by name: a \
group found under either name is used only if it carries the case's tag and no rule Cordon would not give \
it, otherwise the next name (`-2` … `-5`) is used and the receipt says why; rules are read back before any \
interface moves. An interface is never left in the all-traffic group: if the move to containment fails, it \
is moved back to its original groups and the step fails naming it (interfaces already isolated stay \
isolated, and `cordon undo` restores them from the step's checkpoint). It works per interface (ModifyNetworkInterfaceAttribute), so instances with several interfaces \
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
        ops::ec2::REVOKE_SECURITY_GROUP_INGRESS,
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

/// The groups Cordon moves interfaces into (all-traffic, containment), saved with
/// [`INTERFACES`]: an interface holding only these holds Cordon's change, not its original.
const CORDON_GROUPS: Checkpoint<Vec<String>> = Checkpoint::new("cordon_groups");

/// Where one interface ended, saved as soon as it is known.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Moved {
    network_interface_id: String,
    groups: Vec<String>,
    isolated: bool,
}

const MOVED: Checkpoint<Moved> = Checkpoint::new("interface_outcome");

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

/// The case's all-traffic group, through which interfaces pass to drop tracked flows.
pub fn untrack_group_name(case: &CaseId) -> String {
    format!("cordon-untrack-{case}")
}

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

/// What earlier attempts recorded, in this run or any run of the case.
struct Prior {
    /// Each interface's groups before Cordon first moved it.
    originals: HashMap<String, Vec<String>>,
    /// The groups Cordon moved interfaces into.
    cordon_groups: HashSet<String>,
    /// Interfaces an interrupted attempt of this very step may have moved (its own
    /// change, which its receipt must undo; an earlier run's change is undone with that run).
    this_step: HashSet<String>,
}

fn prior_records(ctx: &StepContext<'_>) -> Prior {
    let mut originals = HashMap::new();
    let this_step: Vec<Original> = ctx.recall_all(&INTERFACES).into_iter().flatten().collect();
    let case = ctx.recall_case_all(&INTERFACES).into_iter().flatten();
    for o in case.chain(this_step.iter().cloned()) {
        if !o.original_groups.is_empty() {
            originals.entry(o.network_interface_id).or_insert(o.original_groups);
        }
    }
    let groups = ctx.recall_case_all(&CORDON_GROUPS).into_iter().chain(ctx.recall_all(&CORDON_GROUPS)).flatten();
    Prior {
        originals,
        cordon_groups: groups.collect(),
        this_step: this_step.into_iter().map(|o| o.network_interface_id).collect(),
    }
}

async fn modify_groups(aws: &Aws, ctx: &StepContext<'_>, eni: &str, groups: &[String]) -> Result<(), ActionError> {
    retry_consistency(|| {
        call(
            ctx,
            ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
            eni,
            aws.ec2
                .modify_network_interface_attribute()
                .network_interface_id(eni)
                .set_groups(Some(groups.to_vec()))
                .send(),
        )
    })
    .await
    .map(|_| ())
}

/// One interface to isolate: the groups it holds now and its original groups (empty when
/// it holds only Cordon's groups and no record of the groups before exists).
struct Target {
    eni: String,
    now: Vec<String>,
    original: Vec<String>,
    /// An interrupted attempt of this step may have moved it.
    moved_before: bool,
}

/// Moves one interface through the all-traffic group into the containment group. If the
/// second move fails, the interface is moved back to its original groups (tried three
/// times): it is never left open. The error says where it was left.
async fn isolate_one(
    aws: &Aws,
    ctx: &StepContext<'_>,
    t: &Target,
    untrack: &str,
    contain: &str,
) -> Result<InterfaceChange, ActionError> {
    let contained = t.now == [contain];
    let change = |groups: Vec<String>| InterfaceChange {
        network_interface_id: t.eni.clone(),
        original_groups: t.original.clone(),
        groups,
        // Contained already, and not by an interrupted attempt of this step: this step changed nothing.
        already_isolated: contained && !t.moved_before,
    };
    if contained {
        return Ok(change(t.now.clone()));
    }
    let (untrack, contain) = (vec![untrack.to_string()], vec![contain.to_string()]);
    if t.now != untrack {
        modify_groups(aws, ctx, &t.eni, &untrack).await.map_err(|e| with_note(e, &t.eni, "left as it was"))?;
    }
    let Err(e) = modify_groups(aws, ctx, &t.eni, &contain).await else {
        return Ok(change(contain));
    };
    let back = if t.original.is_empty() { &t.now } else { &t.original };
    if back != &untrack {
        for attempt in 1..=3 {
            if modify_groups(aws, ctx, &t.eni, back).await.is_ok() {
                let note = format!("moved back to its original groups [{}]", back.join(", "));
                return Err(with_note(e, &t.eni, &note));
            }
            consistency_pause(attempt).await;
        }
    }
    Err(with_note(e, &t.eni, "STILL IN THE ALL-TRAFFIC GROUP: moving it back failed too; move it by hand"))
}

fn with_note(mut e: ActionError, eni: &str, note: &str) -> ActionError {
    e.message = format!("{} ({eni} {note})", e.message);
    e.resource.get_or_insert_with(|| eni.to_string());
    e
}

impl Action for IsolateInstance {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, warnings: vec![tracked_flows_warning()], ..Default::default() }.change(
            p.instance_id.as_str(),
            "every network interface: original groups -> the case's all-traffic group -> its containment group (no rules)",
        )
    }

    async fn check(&self, aws: &Aws, case_id: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        validate(p)?;
        let inst = describe_instance(aws, &NoCallLog, &p.instance_id).await?;
        let vpc = inst.vpc_id().unwrap_or_default().to_string();
        let name = containment_group_name(case_id);
        let untrack_name = untrack_group_name(case_id);
        let names: Vec<String> = candidate_names(&untrack_name).into_iter().chain(candidate_names(&name)).collect();
        let groups = find_groups(aws, &NoCallLog, &vpc, &names).await?;
        let mut plan = StepPlan { mutates: true, warnings: vec![tracked_flows_warning()], ..Default::default() };
        plan.observations.push(format!(
            "instance {} is {} in {vpc}",
            p.instance_id,
            inst.state().and_then(|s| s.name()).map(|n| n.as_str()).unwrap_or("in an unknown state")
        ));
        let ssm = if p.allow_ssm { ssm_endpoint_groups(aws, &NoCallLog, &vpc).await? } else { Vec::new() };
        let mut contain_id = None;
        for (gname, kind) in [(&untrack_name, Kind::Untrack), (&name, Kind::containment(p, &ssm))] {
            let mut usable = None;
            for candidate in candidate_names(gname) {
                match groups.iter().find(|g| g.group_name() == Some(candidate.as_str())) {
                    None => break,
                    Some(g) => match kind.distrust(g, case_id.as_str()) {
                        None => {
                            usable = g.group_id().map(str::to_string);
                            break;
                        }
                        Some(why) => plan = plan.warn(format!("{candidate} exists but {why}: it will not be used")),
                    },
                }
            }
            match &usable {
                Some(id) => plan.observations.push(format!("{} group {gname} exists: {id}", kind.label())),
                None => {
                    plan = plan.change(format!("{vpc}/{gname}"), format!("create the {} security group", kind.label()))
                }
            }
            if matches!(kind, Kind::Contain { .. }) {
                contain_id = usable;
            }
        }
        for (eni, current) in interfaces(&inst) {
            if contain_id.as_ref().is_some_and(|c| current == [c.clone()]) {
                plan.observations.push(format!("{eni} already holds only {name}"));
            } else {
                plan = plan
                    .change(&eni, format!("security groups [{}] -> [{untrack_name}] -> [{name}]", current.join(", ")));
            }
        }
        if let Some(cidr) = &p.examiner_cidr {
            plan = plan.change(&name, format!("allow tcp {:?} from examiner {cidr}", p.examiner_ports));
        }
        if p.allow_ssm {
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
        let name = containment_group_name(ctx.case_id);
        let untrack_name = untrack_group_name(ctx.case_id);
        let names: Vec<String> = candidate_names(&untrack_name).into_iter().chain(candidate_names(&name)).collect();
        // The case's groups are looked up alongside the instance (one round trip, not two).
        let (inst, named) =
            futures::try_join!(describe_instance(aws, ctx, &p.instance_id), find_named_groups(aws, ctx, &names))?;
        let vpc = inst.vpc_id().map(str::to_string).ok_or_else(|| {
            ActionError::new(ErrorKind::Conflict, "the instance is not in a VPC").on(p.instance_id.as_str())
        })?;
        let groups = in_vpc(named, &vpc);
        let ssm_groups = if p.allow_ssm { ssm_endpoint_groups(aws, ctx, &vpc).await? } else { Vec::new() };
        let mut warnings = vec![tracked_flows_warning()];
        if p.allow_ssm && ssm_groups.is_empty() {
            warnings.push(no_ssm_endpoints_warning(&vpc));
        }
        let contain_kind = Kind::containment(p, &ssm_groups);
        let (untrack, contain) = futures::try_join!(
            ensure_group(aws, ctx, &vpc, &untrack_name, &Kind::Untrack, &groups),
            ensure_group(aws, ctx, &vpc, &name, &contain_kind, &groups),
        )?;
        warnings.extend(untrack.passed_over.iter().chain(&contain.passed_over).cloned());
        let created_groups = [&untrack, &contain].iter().filter(|g| g.created).map(|g| g.id.clone()).collect();
        let (untrack_id, contain_id) = (untrack.id, contain.id);
        // The groups each interface had before Cordon first moved it, whatever attempt or
        // run did: what an interface holds now is its original only if it is not Cordon's.
        let mut prior = prior_records(ctx);
        prior.cordon_groups.extend([untrack_id.clone(), contain_id.clone()]);
        let targets: Vec<Target> = interfaces(&inst)
            .into_iter()
            .map(|(eni, now)| {
                let cordons = !now.is_empty() && now.iter().all(|g| prior.cordon_groups.contains(g));
                let original =
                    if cordons { prior.originals.get(&eni).cloned().unwrap_or_default() } else { now.clone() };
                let moved_before = cordons && prior.this_step.contains(&eni);
                Target { eni, now, original, moved_before }
            })
            .collect();
        for t in targets.iter().filter(|t| t.original.is_empty() && t.now != [contain_id.clone()]) {
            warnings.push(format!(
                "{} held only Cordon's groups [{}] and the case has no record of its groups before: undo leaves it isolated",
                t.eni,
                t.now.join(", ")
            ));
        }
        if targets.iter().any(|t| t.now != std::slice::from_ref(&contain_id)) {
            let originals: Vec<Original> = targets
                .iter()
                .map(|t| Original { network_interface_id: t.eni.clone(), original_groups: t.original.clone() })
                .collect();
            ctx.save_both((&INTERFACES, &originals), (&CORDON_GROUPS, &vec![untrack_id.clone(), contain_id.clone()]))?;
        }
        // Interfaces are independent: isolate them concurrently, each to its end (a failure
        // of one does not leave another half-way), and record where each ended.
        let results = join_all(targets.iter().map(|t| {
            let (untrack_id, contain_id) = (&untrack_id, &contain_id);
            async move {
                let r = isolate_one(aws, ctx, t, untrack_id, contain_id).await;
                let groups = match &r {
                    Ok(c) => c.groups.clone(),
                    Err(_) => Vec::new(),
                };
                let moved = Moved { network_interface_id: t.eni.clone(), groups, isolated: r.is_ok() };
                ctx.save(&MOVED, &moved)?;
                r
            }
        }))
        .await;
        let (changes, failures): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if let Some(first) = failures.into_iter().filter_map(Result::err).reduce(|mut a, b| {
            a.message = format!("{}; {b}", a.message);
            a
        }) {
            let isolated: Vec<String> = changes.iter().flatten().map(|c| c.network_interface_id.clone()).collect();
            let mut e = first;
            e.message = format!(
                "{} (isolated: [{}]; `cordon undo` restores them from the step's checkpoint)",
                e.message,
                isolated.join(", ")
            );
            return Err(e);
        }
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            vpc_id: vpc,
            untracking_group_id: untrack_id,
            containment_group_id: contain_id,
            created_groups,
            interfaces: changes.into_iter().flatten().collect(),
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
            .filter(|i| !i.already_isolated && !i.original_groups.is_empty())
            .map(|i| {
                restore::InterfaceGroups::recorded(&i.network_interface_id, &i.original_groups)
                    .and_then(|g| g.left_in(&i.groups))
            })
            .collect::<Result<Vec<_>, _>>();
        Undo::from_steps(restore.map(restore_step))
    }

    /// A failed or interrupted attempt: every interface back to the groups recorded before
    /// it was first moved (restoring one that was never moved changes nothing).
    fn undo_recorded(&self, _p: &Params, recorded: &Recorded<'_>) -> Undo {
        let mut seen = HashSet::new();
        let originals = recorded
            .all(&INTERFACES)
            .into_iter()
            .flatten()
            .filter(|o| seen.insert(o.network_interface_id.clone()))
            .map(|o| (o.network_interface_id, o.original_groups));
        restore_originals(originals)
    }
}

/// One `ec2.restore_interface_groups` step for the interfaces whose groups before are known.
fn restore_originals(originals: impl Iterator<Item = (String, Vec<String>)>) -> Undo {
    let restore = originals
        .filter(|(_, groups)| !groups.is_empty())
        .map(|(eni, groups)| restore::InterfaceGroups::recorded(&eni, &groups))
        .collect::<Result<Vec<_>, _>>();
    Undo::from_steps(restore.map(restore_step))
}

fn restore_step(interfaces: Vec<restore::InterfaceGroups>) -> Vec<UndoStep> {
    if interfaces.is_empty() {
        return Vec::new();
    }
    vec![UndoStep::to::<RestoreInterfaceGroups>(&restore::Params { interfaces, force: false })]
}
