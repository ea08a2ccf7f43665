//! Cleanup of a drill's EC2, Auto Scaling, load-balancing and role resources. Each is
//! deleted only once its drill id reads back from the resource itself (its `cordon:drill`
//! tag, or for a role and an instance profile the drill's IAM path, which cannot be
//! changed after creation). The drill's VPC takes with it what the response made inside
//! it (isolation groups); anything in it that does not carry the drill id keeps the VPC.
//! Snapshots of the drill's volumes are the responders' evidence: deleted only when
//! asked.

use aws_sdk_ec2::types::Filter;
use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::{ErrorKind, ops};

use crate::cleanup::gone;
use crate::compute::tagged;
use crate::state::{DrillState, Kind};
use crate::{DrillError, Result, TAG_KEY, user_path};

/// The order cleanup deletes in: what holds others first.
pub(crate) fn phase(kind: Kind) -> u8 {
    match kind {
        Kind::LoadBalancer | Kind::TargetGroup => 0,
        Kind::AutoScalingGroup => 1,
        Kind::Instance => 2,
        Kind::LaunchTemplate | Kind::Volume => 3,
        Kind::SecurityGroup | Kind::Subnet => 4,
        Kind::Vpc => 5,
        Kind::InstanceProfile => 6,
        Kind::Role => 7,
        Kind::User | Kind::AccessKey | Kind::Bucket | Kind::Trail | Kind::Detector => 8,
    }
}

/// Whether an error says the resource does not exist (EC2 names it per type).
fn missing(e: &cordon_core::ActionError) -> bool {
    e.kind == ErrorKind::NotFound
        || e.code
            .as_deref()
            .is_some_and(|c| c.contains("NotFound") || c.contains(".Malformed") || c == "ValidationError")
}

fn absent<T>(r: std::result::Result<T, cordon_core::ActionError>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if missing(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Deletes one resource; `Ok(false)` if it is not the drill's.
pub(crate) async fn delete(aws: &Aws, state: &DrillState, kind: Kind, name: &str) -> Result<bool> {
    let id = state.drill_id.as_str();
    if name.is_empty() {
        // Recorded before its creation, never confirmed: the sweep finds it by its tag.
        return Ok(true);
    }
    match kind {
        Kind::LoadBalancer => {
            let Some(t) = absent(
                call(
                    &NoCallLog,
                    ops::elb::DESCRIBE_TAGS,
                    name,
                    aws.elb.describe_tags().load_balancer_names(name).send(),
                )
                .await,
            )?
            else {
                return Ok(true);
            };
            let tags: Vec<_> = t.tag_descriptions().iter().flat_map(|d| d.tags()).collect();
            if tags.is_empty() {
                return Ok(true);
            }
            if !tags.iter().any(|t| t.key() == TAG_KEY && t.value() == Some(id)) {
                return Ok(false);
            }
            call(
                &NoCallLog,
                ops::elb::DELETE_LOAD_BALANCER,
                name,
                aws.elb.delete_load_balancer().load_balancer_name(name).send(),
            )
            .await?;
        }
        Kind::TargetGroup => {
            let Some(t) = absent(
                call(&NoCallLog, ops::elb::DESCRIBE_TAGS, name, aws.elbv2.describe_tags().resource_arns(name).send())
                    .await,
            )?
            else {
                return Ok(true);
            };
            if !t
                .tag_descriptions()
                .iter()
                .flat_map(|d| d.tags())
                .any(|t| t.key() == Some(TAG_KEY) && t.value() == Some(id))
            {
                return Ok(false);
            }
            absent(
                call(
                    &NoCallLog,
                    ops::elb::DELETE_TARGET_GROUP,
                    name,
                    aws.elbv2.delete_target_group().target_group_arn(name).send(),
                )
                .await,
            )?;
        }
        Kind::AutoScalingGroup => {
            let out = call(
                &NoCallLog,
                ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
                name,
                aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(name).send(),
            )
            .await?;
            let Some(g) = out.auto_scaling_groups().first() else { return Ok(true) };
            if !g.tags().iter().any(|t| t.key() == Some(TAG_KEY) && t.value() == Some(id)) {
                return Ok(false);
            }
            absent(
                call(
                    &NoCallLog,
                    ops::autoscaling::DELETE_AUTO_SCALING_GROUP,
                    name,
                    aws.autoscaling.delete_auto_scaling_group().auto_scaling_group_name(name).force_delete(true).send(),
                )
                .await,
            )?;
        }
        Kind::Instance => return terminate(aws, id, name).await,
        Kind::LaunchTemplate => {
            let Some(out) = absent(
                call(
                    &NoCallLog,
                    ops::ec2::DESCRIBE_LAUNCH_TEMPLATES,
                    name,
                    aws.ec2.describe_launch_templates().launch_template_names(name).send(),
                )
                .await,
            )?
            else {
                return Ok(true);
            };
            let Some(t) = out.launch_templates().first() else { return Ok(true) };
            if !tagged(t.tags(), id) {
                return Ok(false);
            }
            absent(
                call(
                    &NoCallLog,
                    ops::ec2::DELETE_LAUNCH_TEMPLATE,
                    name,
                    aws.ec2.delete_launch_template().launch_template_name(name).send(),
                )
                .await,
            )?;
        }
        Kind::Volume => {
            let Some(out) = absent(
                call(&NoCallLog, ops::ec2::DESCRIBE_VOLUMES, name, aws.ec2.describe_volumes().volume_ids(name).send())
                    .await,
            )?
            else {
                return Ok(true);
            };
            let Some(v) = out.volumes().first() else { return Ok(true) };
            if !tagged(v.tags(), id) {
                return Ok(false);
            }
            absent(
                call(&NoCallLog, ops::ec2::DELETE_VOLUME, name, aws.ec2.delete_volume().volume_id(name).send()).await,
            )?;
        }
        // Deleted with the drill's VPC.
        Kind::SecurityGroup | Kind::Subnet => {}
        Kind::Vpc => return delete_vpc(aws, id, name).await,
        Kind::InstanceProfile => {
            let Some(p) = gone(
                call(
                    &NoCallLog,
                    ops::iam::GET_INSTANCE_PROFILE,
                    name,
                    aws.iam.get_instance_profile().instance_profile_name(name).send(),
                )
                .await,
            )?
            else {
                return Ok(true);
            };
            let Some(p) = p.instance_profile() else { return Ok(true) };
            if p.path() != user_path(id) {
                return Ok(false);
            }
            for r in p.roles() {
                unlink(aws, name, r.role_name()).await?;
            }
            gone(
                call(
                    &NoCallLog,
                    ops::iam::DELETE_INSTANCE_PROFILE,
                    name,
                    aws.iam.delete_instance_profile().instance_profile_name(name).send(),
                )
                .await,
            )?;
        }
        Kind::Role => return delete_role(aws, id, name).await,
        Kind::User | Kind::AccessKey | Kind::Bucket | Kind::Trail | Kind::Detector => {
            return Err(DrillError(format!("{kind} is not an EC2 or role resource")));
        }
    }
    Ok(true)
}

/// Terminates a drill instance (termination protection, which a response sets, taken off
/// first), and waits for it to be gone so that its volumes and network can go.
async fn terminate(aws: &Aws, id: &str, instance: &str) -> Result<bool> {
    for n in 0..120 {
        let Some(out) = absent(
            call(
                &NoCallLog,
                ops::ec2::DESCRIBE_INSTANCES,
                instance,
                aws.ec2.describe_instances().instance_ids(instance).send(),
            )
            .await,
        )?
        else {
            return Ok(true);
        };
        let Some(i) = out.reservations().iter().flat_map(|r| r.instances()).next() else { return Ok(true) };
        if !tagged(i.tags(), id) {
            return Ok(false);
        }
        match i.state().and_then(|s| s.name()).map(|s| s.as_str()) {
            Some("terminated") => return Ok(true),
            Some("shutting-down") => {}
            _ if n == 0 => {
                call(
                    &NoCallLog,
                    ops::ec2::MODIFY_INSTANCE_ATTRIBUTE,
                    instance,
                    aws.ec2
                        .modify_instance_attribute()
                        .instance_id(instance)
                        .disable_api_termination(
                            aws_sdk_ec2::types::AttributeBooleanValue::builder().value(false).build(),
                        )
                        .send(),
                )
                .await?;
                call(
                    &NoCallLog,
                    ops::ec2::TERMINATE_INSTANCES,
                    instance,
                    aws.ec2.terminate_instances().instance_ids(instance).send(),
                )
                .await?;
                continue;
            }
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
    Err(DrillError(format!("{instance} is still not terminated: run cleanup again")))
}

/// Deletes the drill's VPC with what is inside: interfaces left behind, every security
/// group but the default (the drill's and the response's isolation groups), subnets.
/// An instance in it that is not the drill's keeps it (and is named).
async fn delete_vpc(aws: &Aws, id: &str, vpc: &str) -> Result<bool> {
    let Some(out) =
        absent(call(&NoCallLog, ops::ec2::DESCRIBE_VPCS, vpc, aws.ec2.describe_vpcs().vpc_ids(vpc).send()).await)?
    else {
        return Ok(true);
    };
    let Some(v) = out.vpcs().first() else { return Ok(true) };
    if !tagged(v.tags(), id) {
        return Ok(false);
    }
    let in_vpc = || Filter::builder().name("vpc-id").values(vpc).build();
    let instances =
        call(&NoCallLog, ops::ec2::DESCRIBE_INSTANCES, vpc, aws.ec2.describe_instances().filters(in_vpc()).send())
            .await?;
    let mut terminated = Vec::new();
    for i in instances.reservations().iter().flat_map(|r| r.instances()) {
        let live = !matches!(i.state().and_then(|s| s.name()).map(|s| s.as_str()), Some("terminated"));
        let instance = i.instance_id().unwrap_or_default();
        terminated.push(instance.to_string());
        if live && !tagged(i.tags(), id) {
            return Err(DrillError(format!(
                "the drill's VPC {vpc} holds {instance}, which is not the drill's: left alone, with the VPC"
            )));
        }
        if live && !terminate(aws, id, instance).await? {
            return Ok(false);
        }
    }
    let enis = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_NETWORK_INTERFACES,
        vpc,
        aws.ec2.describe_network_interfaces().filters(in_vpc()).send(),
    )
    .await?;
    for n in enis.network_interfaces() {
        let eni = n.network_interface_id().unwrap_or_default();
        // Loose, or still attached to a terminated instance (the emulator keeps those).
        let attached_to = n.attachment().and_then(|a| a.instance_id());
        if attached_to.is_none_or(|i| terminated.iter().any(|t| t == i)) {
            absent(
                call(
                    &NoCallLog,
                    ops::ec2::DELETE_NETWORK_INTERFACE,
                    eni,
                    aws.ec2.delete_network_interface().network_interface_id(eni).send(),
                )
                .await,
            )?;
        }
    }
    let groups = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        vpc,
        aws.ec2.describe_security_groups().filters(in_vpc()).send(),
    )
    .await?;
    for g in groups.security_groups().iter().filter(|g| g.group_name() != Some("default")) {
        let gid = g.group_id().unwrap_or_default();
        settled(|| {
            call(&NoCallLog, ops::ec2::DELETE_SECURITY_GROUP, gid, aws.ec2.delete_security_group().group_id(gid).send())
        })
        .await?;
    }
    let subnets =
        call(&NoCallLog, ops::ec2::DESCRIBE_SUBNETS, vpc, aws.ec2.describe_subnets().filters(in_vpc()).send()).await?;
    for s in subnets.subnets().iter().filter_map(|s| s.subnet_id()) {
        settled(|| call(&NoCallLog, ops::ec2::DELETE_SUBNET, s, aws.ec2.delete_subnet().subnet_id(s).send())).await?;
    }
    settled(|| call(&NoCallLog, ops::ec2::DELETE_VPC, vpc, aws.ec2.delete_vpc().vpc_id(vpc).send())).await?;
    Ok(true)
}

/// A deletion EC2 refuses while something still depends on the resource (a load
/// balancer's interfaces go some minutes after it, an instance's after its
/// termination): tried again for five minutes. What is gone already counts as done.
async fn settled<T, F, Fut>(mut f: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<T, cordon_core::ActionError>>,
{
    for _ in 0..30 {
        match f().await {
            Err(e) if e.code.as_deref() == Some("DependencyViolation") => {
                tokio::time::sleep(std::time::Duration::from_secs(10)).await;
            }
            r => {
                absent(r)?;
                return Ok(());
            }
        }
    }
    Err(DrillError("a dependency of the drill's network is still there after five minutes: run cleanup again".into()))
}

/// Takes a role out of an instance profile (already out counts as done).
async fn unlink(aws: &Aws, profile: &str, role: &str) -> Result<()> {
    gone(
        call(
            &NoCallLog,
            ops::iam::REMOVE_ROLE_FROM_INSTANCE_PROFILE,
            profile,
            aws.iam.remove_role_from_instance_profile().instance_profile_name(profile).role_name(role).send(),
        )
        .await,
    )?;
    Ok(())
}

/// Deletes a drill role (its path read back) with its policies and profile links,
/// including the response's session-revoking policy.
async fn delete_role(aws: &Aws, id: &str, name: &str) -> Result<bool> {
    let Some(r) = gone(call(&NoCallLog, ops::iam::GET_ROLE, name, aws.iam.get_role().role_name(name).send()).await)?
    else {
        return Ok(true);
    };
    if r.role().map(|r| r.path()) != Some(user_path(id).as_str()) {
        return Ok(false);
    }
    let profiles = call(
        &NoCallLog,
        ops::iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
        name,
        aws.iam.list_instance_profiles_for_role().role_name(name).send(),
    )
    .await?;
    for p in profiles.instance_profiles() {
        unlink(aws, p.instance_profile_name(), name).await?;
    }
    let inline =
        call(&NoCallLog, ops::iam::LIST_ROLE_POLICIES, name, aws.iam.list_role_policies().role_name(name).send())
            .await?;
    for p in inline.policy_names() {
        gone(
            call(
                &NoCallLog,
                ops::iam::DELETE_ROLE_POLICY,
                name,
                aws.iam.delete_role_policy().role_name(name).policy_name(p).send(),
            )
            .await,
        )?;
    }
    let attached = call(
        &NoCallLog,
        ops::iam::LIST_ATTACHED_ROLE_POLICIES,
        name,
        aws.iam.list_attached_role_policies().role_name(name).send(),
    )
    .await?;
    for p in attached.attached_policies().iter().filter_map(|p| p.policy_arn()) {
        gone(
            call(
                &NoCallLog,
                ops::iam::DETACH_ROLE_POLICY,
                name,
                aws.iam.detach_role_policy().role_name(name).policy_arn(p).send(),
            )
            .await,
        )?;
    }
    gone(call(&NoCallLog, ops::iam::DELETE_ROLE, name, aws.iam.delete_role().role_name(name).send()).await)?;
    Ok(true)
}

/// Deletes the snapshots of the drill's volumes (the responders' evidence, when asked);
/// returns their ids.
pub(crate) async fn delete_snapshots(aws: &Aws, state: &DrillState) -> Result<Vec<String>> {
    let volumes: Vec<String> = state
        .resources
        .iter()
        .filter(|r| r.kind == Kind::Volume && !r.name.is_empty())
        .map(|r| r.name.clone())
        .collect();
    let mut deleted = Vec::new();
    for chunk in volumes.chunks(100) {
        let out = call(
            &NoCallLog,
            ops::ec2::DESCRIBE_SNAPSHOTS,
            "drill volumes",
            aws.ec2
                .describe_snapshots()
                .owner_ids("self")
                .filters(Filter::builder().name("volume-id").set_values(Some(chunk.to_vec())).build())
                .send(),
        )
        .await?;
        for s in out.snapshots().iter().filter_map(|s| s.snapshot_id()) {
            absent(
                call(&NoCallLog, ops::ec2::DELETE_SNAPSHOT, s, aws.ec2.delete_snapshot().snapshot_id(s).send()).await,
            )?;
            deleted.push(s.to_string());
        }
    }
    Ok(deleted)
}
