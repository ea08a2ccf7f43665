//! The sweep's half for EC2, Auto Scaling, load balancing and roles: what still carries
//! the drill's id, found by the drill's IAM path, its `cordon:drill` tag, or its name
//! suffix, whatever the state file holds (a drill stopped before it learnt an id).

use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;

use crate::compute::tag_filter;
use crate::state::Kind;
use crate::{Result, TAG_KEY, user_path};

/// What carries the drill's id still: roles and instance profiles under its path;
/// instances (not terminated), volumes, VPCs and launch templates with its tag; Auto
/// Scaling groups with its tag; target groups and load balancers named for it.
pub(crate) async fn remaining(aws: &Aws, drill_id: &str) -> Result<Vec<(Kind, String)>> {
    let mut left = Vec::new();
    let path = user_path(drill_id);
    let roles = call(&NoCallLog, ops::iam::LIST_ROLES, &path, aws.iam.list_roles().path_prefix(&path).send()).await?;
    // The path again here: a prefix filter is a hint some implementations ignore.
    left.extend(roles.roles().iter().filter(|r| r.path() == path).map(|r| (Kind::Role, r.role_name().to_string())));
    let profiles = call(
        &NoCallLog,
        ops::iam::LIST_INSTANCE_PROFILES,
        &path,
        aws.iam.list_instance_profiles().path_prefix(&path).send(),
    )
    .await?;
    left.extend(
        profiles
            .instance_profiles()
            .iter()
            .filter(|p| p.path() == path)
            .map(|p| (Kind::InstanceProfile, p.instance_profile_name().to_string())),
    );
    let instances = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_INSTANCES,
        TAG_KEY,
        aws.ec2.describe_instances().filters(tag_filter(drill_id)).send(),
    )
    .await?;
    left.extend(
        instances
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .filter(|i| crate::compute::live(i))
            .filter_map(|i| i.instance_id())
            .map(|i| (Kind::Instance, i.to_string())),
    );
    let volumes = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_VOLUMES,
        TAG_KEY,
        aws.ec2.describe_volumes().filters(tag_filter(drill_id)).send(),
    )
    .await?;
    left.extend(volumes.volumes().iter().filter_map(|v| v.volume_id()).map(|v| (Kind::Volume, v.to_string())));
    let vpcs = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_VPCS,
        TAG_KEY,
        aws.ec2.describe_vpcs().filters(tag_filter(drill_id)).send(),
    )
    .await?;
    left.extend(vpcs.vpcs().iter().filter_map(|v| v.vpc_id()).map(|v| (Kind::Vpc, v.to_string())));
    let templates = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_LAUNCH_TEMPLATES,
        TAG_KEY,
        aws.ec2.describe_launch_templates().filters(tag_filter(drill_id)).send(),
    )
    .await?;
    left.extend(
        templates
            .launch_templates()
            .iter()
            .filter_map(|t| t.launch_template_name())
            .map(|t| (Kind::LaunchTemplate, t.to_string())),
    );
    let asg_filter =
        |name: &str, value: &str| aws_sdk_autoscaling::types::Filter::builder().name(name).values(value).build();
    let groups = call(
        &NoCallLog,
        ops::autoscaling::DESCRIBE_TAGS,
        TAG_KEY,
        aws.autoscaling
            .describe_tags()
            .filters(asg_filter("key", TAG_KEY))
            .filters(asg_filter("value", drill_id))
            .send(),
    )
    .await?;
    left.extend(
        groups
            .tags()
            .iter()
            .filter(|t| t.key() == Some(TAG_KEY) && t.value() == Some(drill_id))
            .filter_map(|t| t.resource_id())
            .map(|g| (Kind::AutoScalingGroup, g.to_string())),
    );
    let suffix = format!("-{drill_id}");
    // Every page: these are listed whole, not filtered by the service.
    let mut marker: Option<String> = None;
    loop {
        let page = call(
            &NoCallLog,
            ops::elb::DESCRIBE_TARGET_GROUPS,
            "target groups",
            aws.elbv2.describe_target_groups().set_marker(marker.clone()).send(),
        )
        .await?;
        left.extend(
            page.target_groups()
                .iter()
                .filter(|t| t.target_group_name().is_some_and(|n| n.ends_with(&suffix)))
                .filter_map(|t| t.target_group_arn())
                .map(|a| (Kind::TargetGroup, a.to_string())),
        );
        marker = page.next_marker().filter(|m| !m.is_empty()).map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    loop {
        let page = call(
            &NoCallLog,
            ops::elb::DESCRIBE_LOAD_BALANCERS,
            "load balancers",
            aws.elb.describe_load_balancers().set_marker(marker.clone()).send(),
        )
        .await?;
        left.extend(
            page.load_balancer_descriptions()
                .iter()
                .filter_map(|l| l.load_balancer_name())
                .filter(|n| n.ends_with(&suffix))
                .map(|n| (Kind::LoadBalancer, n.to_string())),
        );
        marker = page.next_marker().filter(|m| !m.is_empty()).map(str::to_string);
        if marker.is_none() {
            break;
        }
    }
    Ok(left)
}
