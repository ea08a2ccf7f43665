//! The security groups `ec2.isolate_instance` moves interfaces into: found by name and
//! the case's tag, or created with exactly their rules (the all-traffic "untrack" group
//! that stops connection tracking, and the case's containment group), and the groups of
//! the VPC's Systems Manager endpoints.

use aws_sdk_ec2::types::{
    Filter, IpPermission, IpRange, Ipv6Range, ResourceType, SecurityGroup, Tag, TagSpecification, UserIdGroupPair,
};
use cordon_aws::ec2::CASE_TAG;
use cordon_aws::{Aws, call};
use cordon_core::action::{CallLog, StepContext};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};

use super::isolate_instance::{Params, UNTRACK_GROUP, cidr_family, containment_group_name};

/// The security groups of the VPC's Systems Manager interface endpoints.
pub(crate) async fn ssm_endpoint_groups(aws: &Aws, log: &dyn CallLog, vpc: &str) -> Result<Vec<String>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_VPC_ENDPOINTS,
        vpc,
        aws.ec2.describe_vpc_endpoints().filters(Filter::builder().name("vpc-id").values(vpc).build()).send(),
    )
    .await?;
    let mut groups: Vec<String> = out
        .vpc_endpoints()
        .iter()
        .filter(|e| {
            e.service_name().is_some_and(|n| [".ssm", ".ssmmessages", ".ec2messages"].iter().any(|s| n.ends_with(s)))
        })
        .flat_map(|e| e.groups().iter().filter_map(|g| g.group_id()).map(str::to_string))
        .collect();
    groups.sort();
    groups.dedup();
    Ok(groups)
}

pub(crate) fn no_ssm_endpoints_warning(vpc: &str) -> String {
    format!(
        "allow_ssm: {vpc} has no ssm/ssmmessages/ec2messages interface endpoints with security groups, so no \
path to Systems Manager was opened (the public endpoints would need egress to the internet)"
    )
}

pub(crate) async fn find_groups(
    aws: &Aws,
    log: &dyn CallLog,
    vpc: &str,
    names: &[&str],
) -> Result<Vec<SecurityGroup>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        vpc,
        aws.ec2
            .describe_security_groups()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .filters(
                Filter::builder()
                    .name("group-name")
                    .set_values(Some(names.iter().map(|n| n.to_string()).collect()))
                    .build(),
            )
            .send(),
    )
    .await?;
    Ok(out.security_groups().to_vec())
}

pub(crate) fn group_id(groups: &[SecurityGroup], name: &str) -> Option<String> {
    groups.iter().find(|g| g.group_name() == Some(name)).and_then(|g| g.group_id()).map(str::to_string)
}

/// Creates the group, or — when a concurrent step (another instance of the fleet, in
/// the same VPC) created it first — finds it. `true` when this call created it.
pub(crate) async fn create_group(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    name: &str,
    description: &str,
) -> Result<(String, bool), ActionError> {
    let created = call(
        ctx,
        ops::ec2::CREATE_SECURITY_GROUP,
        name,
        aws.ec2
            .create_security_group()
            .group_name(name)
            .description(description)
            .vpc_id(vpc)
            .tag_specifications(
                TagSpecification::builder()
                    .resource_type(ResourceType::SecurityGroup)
                    .tags(Tag::builder().key(CASE_TAG).value(ctx.case_id.as_str()).build())
                    .tags(Tag::builder().key("Name").value(name).build())
                    .build(),
            )
            .send(),
    )
    .await;
    match created {
        Ok(out) => out
            .group_id()
            .map(|id| (id.to_string(), true))
            .ok_or_else(|| ActionError::new(ErrorKind::Other, "CreateSecurityGroup returned no group id").on(name)),
        Err(e) if e.code.as_deref() == Some("InvalidGroup.Duplicate") => {
            let found = find_groups(aws, ctx, vpc, &[name]).await?;
            group_id(&found, name).map(|id| (id, false)).ok_or(e)
        }
        Err(e) => Err(e),
    }
}

/// Ignores "already there" answers, so re-runs converge.
pub(crate) fn tolerate_duplicate<T>(r: Result<T, ActionError>) -> Result<(), ActionError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) if e.code.as_deref().is_some_and(|c| c.contains("Duplicate") || c.contains("NotFound")) => Ok(()),
        Err(e) => Err(e),
    }
}

pub(crate) fn all_traffic() -> IpPermission {
    IpPermission::builder()
        .ip_protocol("-1")
        .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
        .build()
}

/// The all-traffic group: any flow in or out, so existing flows become untracked.
pub(crate) async fn ensure_untracking_group(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    existing: Option<String>,
) -> Result<(String, bool), ActionError> {
    if let Some(id) = existing {
        return Ok((id, false));
    }
    let (id, created) = create_group(
        aws,
        ctx,
        vpc,
        UNTRACK_GROUP,
        "Cordon: all traffic, makes existing flows untracked before isolation",
    )
    .await?;
    let ingress = call(
        ctx,
        ops::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
        &id,
        aws.ec2.authorize_security_group_ingress().group_id(&id).ip_permissions(all_traffic()).send(),
    );
    let egress = call(
        ctx,
        ops::ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
        &id,
        aws.ec2
            .authorize_security_group_egress()
            .group_id(&id)
            .ip_permissions(
                IpPermission::builder()
                    .ip_protocol("-1")
                    .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
                    .build(),
            )
            .send(),
    );
    let (i, e) = futures::join!(ingress, egress);
    tolerate_duplicate(i)?;
    tolerate_duplicate(e)?;
    Ok((id, created))
}

/// The containment group: no egress at all, ingress only from the examiner.
pub(crate) async fn ensure_containment_group(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    p: &Params,
    existing: Option<&SecurityGroup>,
    ssm_groups: &[String],
) -> Result<(String, bool), ActionError> {
    let name = containment_group_name(ctx.case_id);
    let (id, created, egress) = match existing
        .and_then(|g| g.group_id().map(|id| (id.to_string(), g.ip_permissions_egress().to_vec())))
    {
        Some((id, egress)) => (id, false, egress),
        None => {
            let (id, created) =
                create_group(aws, ctx, vpc, &name, "Cordon: isolation, no egress, ingress only from the examiner")
                    .await?;
            // A new group gets allow-all egress by default (IPv4, and IPv6 in IPv6 VPCs): read what is there.
            let out = call(
                ctx,
                ops::ec2::DESCRIBE_SECURITY_GROUPS,
                &id,
                aws.ec2.describe_security_groups().group_ids(&id).send(),
            )
            .await?;
            let egress = out.security_groups().first().map(|g| g.ip_permissions_egress().to_vec()).unwrap_or_default();
            (id, created, egress)
        }
    };
    // Everything except the Systems Manager path this step itself opens.
    let egress: Vec<IpPermission> = egress
        .into_iter()
        .filter(|perm| {
            !(perm.from_port() == Some(443)
                && !perm.user_id_group_pairs().is_empty()
                && perm
                    .user_id_group_pairs()
                    .iter()
                    .all(|g| g.group_id().is_some_and(|id| ssm_groups.iter().any(|s| s == id))))
        })
        .collect();
    if !egress.is_empty() {
        tolerate_duplicate(
            call(
                ctx,
                ops::ec2::REVOKE_SECURITY_GROUP_EGRESS,
                &id,
                aws.ec2.revoke_security_group_egress().group_id(&id).set_ip_permissions(Some(egress)).send(),
            )
            .await,
        )?;
    }
    if let Some(cidr) = &p.examiner_cidr {
        let perms: Vec<IpPermission> = p
            .examiner_ports
            .iter()
            .map(|port| {
                let perm =
                    IpPermission::builder().ip_protocol("tcp").from_port(i32::from(*port)).to_port(i32::from(*port));
                let description = format!("Cordon examiner, case {}", ctx.case_id);
                if cidr_family(cidr.as_str()) == Some(true) {
                    perm.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(cidr.as_str()).description(description).build())
                        .build()
                } else {
                    perm.ip_ranges(IpRange::builder().cidr_ip(cidr.as_str()).description(description).build()).build()
                }
            })
            .collect();
        tolerate_duplicate(
            call(
                ctx,
                ops::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
                &id,
                aws.ec2.authorize_security_group_ingress().group_id(&id).set_ip_permissions(Some(perms)).send(),
            )
            .await,
        )?;
    }
    if !ssm_groups.is_empty() {
        let perm = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .set_user_id_group_pairs(Some(
                ssm_groups
                    .iter()
                    .map(|g| {
                        UserIdGroupPair::builder()
                            .group_id(g)
                            .description(format!("Cordon: Systems Manager endpoint, case {}", ctx.case_id))
                            .build()
                    })
                    .collect(),
            ))
            .build();
        tolerate_duplicate(
            call(
                ctx,
                ops::ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
                &id,
                aws.ec2.authorize_security_group_egress().group_id(&id).ip_permissions(perm).send(),
            )
            .await,
        )?;
    }
    Ok((id, created))
}
