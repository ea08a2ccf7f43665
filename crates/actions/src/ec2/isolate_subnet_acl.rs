//! `ec2.isolate_subnet_acl`: swap the network ACL of the instance's subnets for a
//! deny-all one. Opt-in: it cuts every instance in those subnets, and every flow at once
//! (network ACLs are stateless, so tracked flows are cut too).

use aws_sdk_ec2::types::{Filter, PortRange, ResourceType, RuleAction, Tag, TagSpecification};
use cordon_aws::ec2::{CASE_TAG, describe_instance};
use cordon_aws::{Aws, call};
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep,
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
with `examiner_cidr`, TCP 22 in from it and ephemeral ports back out to it). The original ACL of each \
subnet is recorded.",
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

/// Parameters of `ec2.isolate_subnet_acl`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance whose subnets are cut off.
    pub instance_id: InstanceId,
    /// An IPv4 CIDR allowed in on TCP 22 (and back out on ephemeral ports).
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

async fn ensure_acl(aws: &Aws, ctx: &StepContext<'_>, vpc: &str, p: &Params) -> Result<String, ActionError> {
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
    if let Some(id) = found.network_acls().iter().find_map(|a| a.network_acl_id()) {
        return Ok(id.to_string());
    }
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
    let id = out
        .network_acl()
        .and_then(|a| a.network_acl_id())
        .map(str::to_string)
        .ok_or_else(|| ActionError::new(ErrorKind::Other, "CreateNetworkAcl returned no id").on(name.as_str()))?;
    if let Some(cidr) = &p.examiner_cidr {
        for (egress, from, to) in [(false, 22, 22), (true, 1024, 65535)] {
            let req = aws
                .ec2
                .create_network_acl_entry()
                .network_acl_id(&id)
                .rule_number(100)
                .protocol("6")
                .rule_action(RuleAction::Allow)
                .egress(egress)
                .cidr_block(cidr.as_str())
                .port_range(PortRange::builder().from(from).to(to).build());
            call(ctx, ops::ec2::CREATE_NETWORK_ACL_ENTRY, &id, req.send()).await?;
        }
    }
    Ok(id)
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
        let network_acl_id = ensure_acl(aws, ctx, &vpc, p).await?;
        let prior: Vec<SubnetAcl> = ctx.recall(&SUBNETS).unwrap_or_default();
        let mut originals = Vec::new();
        let mut todo = Vec::new();
        for s in &subnet_ids {
            let (acl, assoc) = subnet_acl(aws, ctx, s).await?;
            let original =
                prior.iter().find(|o| o.subnet_id == *s).map(|o| o.network_acl_id.clone()).unwrap_or(acl.clone());
            originals.push(SubnetAcl { subnet_id: s.clone(), network_acl_id: original });
            if acl != network_acl_id {
                todo.push(assoc);
            }
        }
        ctx.save(&SUBNETS, &originals)?;
        for assoc in todo {
            let req = aws.ec2.replace_network_acl_association().association_id(&assoc).network_acl_id(&network_acl_id);
            call(ctx, ops::ec2::REPLACE_NETWORK_ACL_ASSOCIATION, &assoc, req.send()).await?;
        }
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            network_acl_id,
            warnings: vec![subnet_warning(&subnet_ids)],
            subnets: originals,
        })
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
            steps: vec![UndoStep::to::<crate::RestoreSubnetAcl>(&crate::ec2::restore_subnet_acl::Params {
                subnets: r.subnets.clone(),
            })],
        }
    }
}
