//! `ec2.isolate_subnet_acl`: swap the network ACL of the instance's subnets for a
//! deny-all one. Opt-in: it cuts every instance in those subnets, and every flow at once
//! (network ACLs are stateless, so tracked flows are cut too).

use aws_sdk_ec2::types::{Filter, NetworkAcl, PortRange, ResourceType, RuleAction, Tag, TagSpecification};
use cordon_aws::ec2::{CASE_TAG, describe_instance};
use cordon_aws::{Aws, call, consistency_pause, retry_consistency};
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, Cidr, InstanceId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct IsolateSubnetAcl;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.isolate_subnet_acl",
    summary: "Replace the network ACL of the instance's subnets with a deny-all ACL (affects the whole subnet)",
    description: "Security groups leave ICMP and flows through NLB, NAT gateway, transit gateway and other \
services tracked. A network ACL is stateless and cuts everything at once — for every instance in the \
subnet, which is why this step is opt-in and always warns. For each subnet of the instance's interfaces, \
it associates the case's network ACL `cordon-isolation-<case>` (created in the VPC with no allow rule; \
with `examiner_cidr`, TCP 22 in from it and ephemeral ports back out to it). An ACL carrying the case's \
tag is reused only if it has no entry Cordon would not give it, and the entries are read back before any \
subnet is associated. The original ACL of each subnet is recorded (from the case's first record when the \
subnet already holds the case's ACL), and a failed or interrupted step is undone from that record.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_NETWORK_ACLS,
        ops::ec2::CREATE_NETWORK_ACL,
        ops::ec2::CREATE_NETWORK_ACL_ENTRY,
        ops::ec2::REPLACE_NETWORK_ACL_ASSOCIATION,
    ],
    // Tags are set as the ACL is created (TagSpecifications), which needs ec2:CreateTags.
    implied: &[ops::ec2::CREATE_TAGS],
    inverse: &[&crate::ec2::restore_subnet_acl::DOC],
    undo: "Associates each subnet with its original network ACL again (the case's ACL is kept, as part of the record).",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// Each subnet's ACL before the step, saved before any is replaced.
const SUBNETS: Checkpoint<Vec<SubnetAcl>> = Checkpoint::new("subnets");

/// The case's ACL the subnets are moved to, saved with [`SUBNETS`].
const ACL: Checkpoint<String> = Checkpoint::new("acl");

/// Parameters of `ec2.isolate_subnet_acl`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance whose subnets are cut off.
    pub instance_id: InstanceId,
    /// An IPv4 or IPv6 CIDR allowed in on TCP 22 (and back out on ephemeral ports).
    #[serde(default)]
    pub examiner_cidr: Option<Cidr>,
}

/// One subnet's ACL, before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SubnetAcl {
    pub subnet_id: String,
    pub network_acl_id: String,
}

/// Receipt of `ec2.isolate_subnet_acl`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The case's deny-all network ACL.
    pub network_acl_id: String,
    /// Each subnet with its original ACL.
    pub subnets: Vec<SubnetAcl>,
    /// What this affects beyond the instance.
    pub warnings: Vec<String>,
}

fn acl_name(case: &CaseId) -> String {
    format!("cordon-isolation-{case}")
}

fn subnet_warning(subnets: &[String]) -> String {
    format!("every instance in subnet(s) {} loses all network access, not only the compromised one", subnets.join(", "))
}

/// The network ACL a subnet is associated with: (ACL id, association id).
pub(crate) async fn subnet_acl(aws: &Aws, log: &dyn CallLog, subnet: &str) -> Result<(String, String), ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_NETWORK_ACLS,
        subnet,
        aws.ec2
            .describe_network_acls()
            .filters(Filter::builder().name("association.subnet-id").values(subnet).build())
            .send(),
    )
    .await?;
    out.network_acls()
        .iter()
        .find_map(|acl| {
            let assoc = acl.associations().iter().find(|a| a.subnet_id() == Some(subnet))?;
            Some((acl.network_acl_id()?.to_string(), assoc.network_acl_association_id()?.to_string()))
        })
        .ok_or_else(|| ActionError::new(ErrorKind::NotFound, "no network ACL is associated with the subnet").on(subnet))
}

/// One non-default entry of a network ACL: (egress, rule number, protocol, allow, CIDR, ports).
type Entry = (bool, i32, String, bool, String, Option<(i32, i32)>);

/// The entries the case's ACL must have, and nothing else (besides AWS's own deny-all
/// entries, numbered 32767 and up): with an examiner, TCP 22 in from it and ephemeral
/// ports back out to it.
fn expected_entries(p: &Params) -> Vec<Entry> {
    let Some(cidr) = &p.examiner_cidr else { return Vec::new() };
    [(false, (22, 22)), (true, (1024, 65535))]
        .into_iter()
        .map(|(egress, ports)| (egress, 100, "6".to_string(), true, cidr.to_string(), Some(ports)))
        .collect()
}

fn entries(acl: &NetworkAcl) -> Vec<Entry> {
    let mut out: Vec<Entry> = acl
        .entries()
        .iter()
        .filter(|e| e.rule_number().is_some_and(|n| n < 32767))
        .map(|e| {
            (
                e.egress().unwrap_or_default(),
                e.rule_number().unwrap_or_default(),
                e.protocol().unwrap_or_default().to_string(),
                e.rule_action() == Some(&RuleAction::Allow),
                e.cidr_block().or(e.ipv6_cidr_block()).unwrap_or_default().to_string(),
                e.port_range().and_then(|r| r.from().zip(r.to())),
            )
        })
        .collect();
    out.sort();
    out
}

/// The case's deny-all ACL, ready: (id, why ACLs carrying the case's tag were passed over).
///
/// Nothing is trusted by its tag alone: a tagged ACL is used only if its entries are a
/// subset of Cordon's (a half-built one from an interrupted attempt is completed); one
/// with any other entry (an attacker's allow-all) is passed over. The entries are read
/// back before the ACL is returned, so a half-built ACL is never associated.
async fn ensure_acl(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    p: &Params,
) -> Result<(String, Vec<String>), ActionError> {
    let name = acl_name(ctx.case_id);
    let found = call(
        ctx,
        ops::ec2::DESCRIBE_NETWORK_ACLS,
        vpc,
        aws.ec2
            .describe_network_acls()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .filters(Filter::builder().name(format!("tag:{CASE_TAG}")).values(ctx.case_id.as_str()).build())
            .send(),
    )
    .await?;
    let want = expected_entries(p);
    let mut passed_over = Vec::new();
    let mut usable = None;
    for acl in found.network_acls() {
        let id = acl.network_acl_id().unwrap_or_default().to_string();
        let extra: Vec<String> =
            entries(acl).into_iter().filter(|e| !want.contains(e)).map(|e| format!("{e:?}")).collect();
        if extra.is_empty() && !acl.is_default().unwrap_or(false) {
            usable = Some(id);
            break;
        }
        passed_over.push(format!(
            "network ACL {id} in {vpc} carries the case's tag but has entries Cordon would not give it ({}): not used",
            extra.join(", ")
        ));
    }
    let id = match usable {
        Some(id) => id,
        None => {
            let out = call(
                ctx,
                ops::ec2::CREATE_NETWORK_ACL,
                &name,
                aws.ec2
                    .create_network_acl()
                    .vpc_id(vpc)
                    .tag_specifications(
                        TagSpecification::builder()
                            .resource_type(ResourceType::NetworkAcl)
                            .tags(Tag::builder().key(CASE_TAG).value(ctx.case_id.as_str()).build())
                            .tags(Tag::builder().key("Name").value(&name).build())
                            .build(),
                    )
                    .send(),
            )
            .await?;
            out.network_acl().and_then(|a| a.network_acl_id()).map(str::to_string).ok_or_else(|| {
                ActionError::new(ErrorKind::Other, "CreateNetworkAcl returned no id").on(name.as_str())
            })?
        }
    };
    converge_entries(aws, ctx, &id, &want).await?;
    Ok((id, passed_over))
}

async fn read_acl(aws: &Aws, ctx: &StepContext<'_>, id: &str) -> Result<NetworkAcl, ActionError> {
    let out = retry_consistency(|| {
        call(ctx, ops::ec2::DESCRIBE_NETWORK_ACLS, id, aws.ec2.describe_network_acls().network_acl_ids(id).send())
    })
    .await?;
    out.network_acls()
        .first()
        .cloned()
        .ok_or_else(|| ActionError::new(ErrorKind::NotFound, "DescribeNetworkAcls returned no ACL").on(id))
}

/// Adds the missing entries and reads them back until exactly `want` is confirmed.
async fn converge_entries(aws: &Aws, ctx: &StepContext<'_>, id: &str, want: &[Entry]) -> Result<(), ActionError> {
    for attempt in 1..=cordon_aws::CONSISTENCY_ATTEMPTS {
        // The read-back right after a change is immediate; later ones wait, with backoff.
        if attempt > 2 {
            consistency_pause(attempt - 2).await;
        }
        let have = entries(&read_acl(aws, ctx, id).await?);
        if have == want {
            return Ok(());
        }
        if let Some(extra) = have.iter().find(|e| !want.contains(e)) {
            return Err(ActionError::new(
                ErrorKind::Conflict,
                format!("the case's network ACL gained an entry Cordon did not add ({extra:?}): not associated"),
            )
            .on(id));
        }
        // The missing entries are independent: added together, in one round trip.
        let added = futures::future::join_all(want.iter().filter(|e| !have.contains(e)).map(
            |(egress, number, protocol, _, cidr, ports)| {
                let mut req = aws
                    .ec2
                    .create_network_acl_entry()
                    .network_acl_id(id)
                    .rule_number(*number)
                    .protocol(protocol)
                    .rule_action(RuleAction::Allow)
                    .egress(*egress)
                    .set_port_range(ports.map(|(from, to)| PortRange::builder().from(from).to(to).build()));
                req = if cidr.contains(':') { req.ipv6_cidr_block(cidr) } else { req.cidr_block(cidr) };
                call(ctx, ops::ec2::CREATE_NETWORK_ACL_ENTRY, id, req.send())
            },
        ))
        .await;
        for r in added {
            match r {
                Ok(_) => {}
                Err(e)
                    if e.code.as_deref() == Some("NetworkAclEntryAlreadyExists")
                        || cordon_aws::not_visible_yet(e.code.as_deref()) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Err(ActionError::new(ErrorKind::Conflict, "the case's network ACL entries could not be confirmed: not associated")
        .on(id))
}

async fn subnets(aws: &Aws, log: &dyn CallLog, id: &InstanceId) -> Result<(String, Vec<String>), ActionError> {
    let inst = describe_instance(aws, log, id).await?;
    let vpc = inst
        .vpc_id()
        .map(str::to_string)
        .ok_or_else(|| ActionError::new(ErrorKind::Conflict, "the instance is not in a VPC").on(id.as_str()))?;
    let mut subnets: Vec<String> =
        inst.network_interfaces().iter().filter_map(|n| n.subnet_id()).map(str::to_string).collect();
    subnets.sort();
    subnets.dedup();
    Ok((vpc, subnets))
}

impl Action for IsolateSubnetAcl {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), "its subnets' network ACL replaced by a deny-all ACL")
            .warn("every instance in those subnets loses all network access")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let (_, subnets) = subnets(aws, &NoCallLog, &p.instance_id).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() }.warn(subnet_warning(&subnets));
        for s in &subnets {
            let (acl, _) = subnet_acl(aws, &NoCallLog, s).await?;
            plan = plan.change(s, format!("network ACL {acl} -> the case's deny-all ACL"));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let (vpc, subnet_ids) = subnets(aws, ctx, &p.instance_id).await?;
        let (network_acl_id, passed_over) = ensure_acl(aws, ctx, &vpc, p).await?;
        // A subnet on one of the case's ACLs holds Cordon's change: its original is the
        // first record of the case, whatever run wrote it.
        let recorded: Vec<SubnetAcl> =
            ctx.recall_case_all(&SUBNETS).into_iter().chain(ctx.recall_all(&SUBNETS)).flatten().collect();
        let cordons: Vec<String> =
            ctx.recall_case_all(&ACL).into_iter().chain(ctx.recall_all(&ACL)).chain([network_acl_id.clone()]).collect();
        let mut originals = Vec::new();
        let mut todo = Vec::new();
        for s in &subnet_ids {
            let (acl, assoc) = subnet_acl(aws, ctx, s).await?;
            let original = if cordons.contains(&acl) {
                recorded.iter().find(|o| o.subnet_id == *s && !cordons.contains(&o.network_acl_id))
            } else {
                None
            };
            let original = original.map(|o| o.network_acl_id.clone()).unwrap_or(acl.clone());
            originals.push(SubnetAcl { subnet_id: s.clone(), network_acl_id: original });
            if acl != network_acl_id {
                todo.push((s.clone(), assoc));
            }
        }
        ctx.save_both((&SUBNETS, &originals), (&ACL, &network_acl_id))?;
        // Independent subnets: replace concurrently; each is done or untouched, and a failure
        // leaves a state undo restores from the checkpoint above.
        let replaced = futures::future::join_all(todo.iter().map(|(subnet, assoc)| {
            let req = aws.ec2.replace_network_acl_association().association_id(assoc).network_acl_id(&network_acl_id);
            async move {
                call(ctx, ops::ec2::REPLACE_NETWORK_ACL_ASSOCIATION, subnet, req.send()).await.map_err(|mut e| {
                    e.resource = Some(subnet.clone());
                    e
                })
            }
        }))
        .await;
        if let Some(e) = replaced.into_iter().filter_map(Result::err).reduce(|mut a, b| {
            a.message = format!("{}; {b}", a.message);
            a
        }) {
            return Err(e);
        }
        let mut warnings = vec![subnet_warning(&subnet_ids)];
        warnings.extend(passed_over);
        Ok(Receipt { instance_id: p.instance_id.to_string(), network_acl_id, warnings, subnets: originals })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.subnets
            .iter()
            .map(|s| Change {
                resource: s.subnet_id.clone(),
                description: format!("network ACL {} -> {} (deny all)", s.network_acl_id, r.network_acl_id),
            })
            .collect()
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::RestoreSubnetAcl>(&crate::ec2::restore_subnet_acl::Params::back_from(
                r.subnets.clone(),
                Some(r.network_acl_id.clone()),
            ))],
        }
    }

    /// A failed or interrupted attempt: every subnet back to the ACL recorded before it.
    fn undo_recorded(&self, _p: &Params, recorded: &Recorded<'_>) -> Undo {
        match recorded.first(&SUBNETS) {
            Some(subnets) if !subnets.is_empty() => Undo::Steps {
                steps: vec![UndoStep::to::<crate::RestoreSubnetAcl>(
                    &crate::ec2::restore_subnet_acl::Params::back_from(subnets, recorded.all(&ACL).pop()),
                )],
            },
            _ => Undo::NothingToUndo,
        }
    }
}
