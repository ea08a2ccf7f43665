//! EC2 for drills: the drill's own network (a VPC, a subnet and a web security group),
//! instances with their volumes and interfaces, and Auto Scaling groups behind a load
//! balancer. Every resource is recorded before the call that creates it and carries the
//! drill's tag (`cordon:drill`, and `Name`; volumes and interfaces too).

use std::path::Path;

use aws_sdk_ec2::types::{
    BlockDeviceMapping, EbsBlockDevice, Filter, IamInstanceProfileSpecification, InstanceNetworkInterfaceSpecification,
    InstanceType, IpPermission, IpRange, ResourceType, Tag, TagSpecification,
};
use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;

use crate::scenario::{GroupSpec, InstanceSpec};
use crate::setup::{confirm, created, intend};
use crate::state::{Created, DrillState, Kind};
use crate::{DrillError, Result, TAG_KEY, physical};

/// The logical names of the drill's network.
pub const NETWORK: &str = "network";
/// The web security group every drill instance starts in.
pub const WEB_GROUP: &str = "web";
const INSTANCE_TYPE: InstanceType = InstanceType::T3Micro;
const DEVICES: [&str; 4] = ["/dev/xvda", "/dev/sdf", "/dev/sdg", "/dev/sdh"];

/// The drill's tags on an EC2 resource at creation.
fn tags(kind: ResourceType, drill_id: &str, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key(TAG_KEY).value(drill_id).build())
        .tags(Tag::builder().key("Name").value(name).build())
        .build()
}

/// Whether EC2 tags carry the drill's id.
pub(crate) fn tagged(tags: &[Tag], drill_id: &str) -> bool {
    tags.iter().any(|t| t.key() == Some(TAG_KEY) && t.value() == Some(drill_id))
}

/// A filter for resources carrying the drill's tag.
pub(crate) fn tag_filter(drill_id: &str) -> Filter {
    Filter::builder().name(format!("tag:{TAG_KEY}")).values(drill_id).build()
}

/// The drill's network: made on first use.
struct Network {
    vpc: String,
    subnet: String,
    group: String,
}

async fn network(aws: &Aws, state: &mut DrillState, dir: &Path) -> Result<Network> {
    let id = state.drill_id.clone();
    let have = |state: &DrillState, kind| state.name_of(kind, NETWORK).filter(|n| !n.is_empty()).map(str::to_string);
    if let (Some(vpc), Some(subnet), Some(group)) = (
        have(state, Kind::Vpc),
        have(state, Kind::Subnet),
        state.name_of(Kind::SecurityGroup, WEB_GROUP).map(str::to_string),
    ) {
        return Ok(Network { vpc, subnet, group });
    }
    let name = physical(NETWORK, &id);
    // Ids are known after the call: recorded empty first, found by the tag sweep if the
    // drill stops in between.
    let i = intend(state, dir, created(Kind::Vpc, "", NETWORK))?;
    let out = call(
        &NoCallLog,
        ops::ec2::CREATE_VPC,
        &name,
        aws.ec2.create_vpc().cidr_block("10.77.0.0/16").tag_specifications(tags(ResourceType::Vpc, &id, &name)).send(),
    )
    .await?;
    let vpc = out.vpc().and_then(|v| v.vpc_id()).ok_or_else(|| DrillError("ec2:CreateVpc returned no id".into()))?;
    let vpc = vpc.to_string();
    confirm(state, dir, i, Some(vpc.clone()))?;
    let i = intend(state, dir, created(Kind::Subnet, "", NETWORK))?;
    let out = call(
        &NoCallLog,
        ops::ec2::CREATE_SUBNET,
        &vpc,
        aws.ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block("10.77.1.0/24")
            .tag_specifications(tags(ResourceType::Subnet, &id, &name))
            .send(),
    )
    .await?;
    let subnet = out.subnet().and_then(|s| s.subnet_id()).unwrap_or_default().to_string();
    confirm(state, dir, i, Some(subnet.clone()))?;
    let group_name = physical(WEB_GROUP, &id);
    let i = intend(state, dir, created(Kind::SecurityGroup, "", WEB_GROUP))?;
    let out = call(
        &NoCallLog,
        ops::ec2::CREATE_SECURITY_GROUP,
        &group_name,
        aws.ec2
            .create_security_group()
            .group_name(&group_name)
            .description("drill web servers")
            .vpc_id(&vpc)
            .tag_specifications(tags(ResourceType::SecurityGroup, &id, &group_name))
            .send(),
    )
    .await?;
    let group = out.group_id().unwrap_or_default().to_string();
    confirm(state, dir, i, Some(group.clone()))?;
    let open = |port: i32| {
        IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .build()
    };
    call(
        &NoCallLog,
        ops::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
        &group,
        aws.ec2
            .authorize_security_group_ingress()
            .group_id(&group)
            .ip_permissions(open(443))
            .ip_permissions(open(22))
            .send(),
    )
    .await?;
    Ok(Network { vpc, subnet, group })
}

/// An Amazon Linux image (any EBS-backed Amazon image where none is named so).
async fn image(aws: &Aws) -> Result<String> {
    let ebs = Filter::builder().name("root-device-type").values("ebs").build();
    for name in [Some("al2023-ami-2023*-x86_64"), None] {
        let mut req = aws.ec2.describe_images().owners("amazon").filters(ebs.clone());
        if let Some(n) = name {
            req = req.filters(Filter::builder().name("name").values(n).build());
        }
        let out = call(&NoCallLog, ops::ec2::DESCRIBE_IMAGES, "amazon", req.send()).await?;
        let mut images: Vec<_> = out.images().iter().filter(|i| i.image_id().is_some()).collect();
        images.sort_by_key(|i| std::cmp::Reverse(i.creation_date().unwrap_or_default().to_string()));
        if let Some(id) = images.first().and_then(|i| i.image_id()) {
            return Ok(id.to_string());
        }
    }
    Err(DrillError("no EBS-backed Amazon image in this Region".into()))
}

fn volumes(sizes: &[u16]) -> Vec<BlockDeviceMapping> {
    sizes
        .iter()
        .zip(DEVICES)
        .map(|(gib, device)| {
            BlockDeviceMapping::builder()
                .device_name(device)
                .ebs(EbsBlockDevice::builder().volume_size(i32::from(*gib)).delete_on_termination(true).build())
                .build()
        })
        .collect()
}

/// A new instance profile takes seconds to be usable by EC2 on a real account.
async fn retry_profile<T, F, Fut>(local: bool, mut f: F) -> std::result::Result<T, cordon_core::ActionError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<T, cordon_core::ActionError>>,
{
    let mut n = 0;
    loop {
        match f().await {
            Err(e) if !local && n < 20 && e.message.to_lowercase().contains("instance profile") => {
                n += 1;
                tokio::time::sleep(std::time::Duration::from_secs(3)).await;
            }
            r => return r,
        }
    }
}

/// The instances with these ids, as EC2 describes them.
pub(crate) async fn describe(aws: &Aws, ids: &[String]) -> Result<Vec<aws_sdk_ec2::types::Instance>> {
    let out = call(
        &NoCallLog,
        ops::ec2::DESCRIBE_INSTANCES,
        &ids.join(","),
        aws.ec2.describe_instances().set_instance_ids(Some(ids.to_vec())).send(),
    )
    .await?;
    Ok(out.reservations().iter().flat_map(|r| r.instances()).cloned().collect())
}

/// Whether an instance still exists (neither terminated nor on its way).
pub(crate) fn live(i: &aws_sdk_ec2::types::Instance) -> bool {
    !matches!(i.state().and_then(|s| s.name()).map(|s| s.as_str()), Some("terminated" | "shutting-down"))
}

/// Records the instances' volumes, tagged by the drill, and gives each the web group and
/// its role's instance profile, whatever the launch did (the emulator's Auto Scaling
/// launches ignore a launch template's groups and profile).
async fn settle(
    aws: &Aws,
    state: &mut DrillState,
    dir: &Path,
    instances: &[(String, String)],
    role: Option<&str>,
    group: &str,
) -> Result<()> {
    let ids: Vec<String> = instances.iter().map(|(_, id)| id.clone()).collect();
    for inst in &describe(aws, &ids).await? {
        let id = inst.instance_id().unwrap_or_default().to_string();
        let logical = instances.iter().find(|(_, i)| *i == id).map(|(l, _)| l.clone()).unwrap_or_default();
        for eni in inst.network_interfaces() {
            let groups: Vec<&str> = eni.groups().iter().filter_map(|g| g.group_id()).collect();
            let eni = eni.network_interface_id().unwrap_or_default();
            if groups != [group] {
                call(
                    &NoCallLog,
                    ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
                    eni,
                    aws.ec2.modify_network_interface_attribute().network_interface_id(eni).groups(group).send(),
                )
                .await?;
            }
        }
        if let Some(role) = role.filter(|_| inst.iam_instance_profile().is_none()) {
            let profile = physical(role, &state.drill_id);
            call(
                &NoCallLog,
                ops::ec2::ASSOCIATE_IAM_INSTANCE_PROFILE,
                &id,
                aws.ec2
                    .associate_iam_instance_profile()
                    .instance_id(&id)
                    .iam_instance_profile(IamInstanceProfileSpecification::builder().name(profile).build())
                    .send(),
            )
            .await?;
        }
        let mut resources: Vec<String> =
            inst.network_interfaces().iter().filter_map(|n| n.network_interface_id()).map(str::to_string).collect();
        for b in inst.block_device_mappings() {
            let Some(v) = b.ebs().and_then(|e| e.volume_id()) else { continue };
            resources.push(v.to_string());
            let device = b.device_name().unwrap_or_default();
            state.resources.push(Created {
                of: Some(id.clone()),
                confirmed: true,
                ..created(Kind::Volume, v, &format!("{logical}:{device}"))
            });
        }
        state.write(dir)?;
        call(
            &NoCallLog,
            ops::ec2::CREATE_TAGS,
            &id,
            aws.ec2
                .create_tags()
                .set_resources(Some(resources))
                .tags(Tag::builder().key(TAG_KEY).value(&state.drill_id).build())
                .send(),
        )
        .await?;
    }
    Ok(())
}

/// One instance in the drill's network.
pub(crate) async fn create_instance(aws: &Aws, state: &mut DrillState, dir: &Path, spec: &InstanceSpec) -> Result<()> {
    let net = network(aws, state, dir).await?;
    let image = image(aws).await?;
    let id = state.drill_id.clone();
    let name = physical(&spec.name, &id);
    let interface = |n: i32| {
        InstanceNetworkInterfaceSpecification::builder()
            .device_index(n)
            .subnet_id(&net.subnet)
            .groups(&net.group)
            .delete_on_termination(true)
            .build()
    };
    let i = intend(state, dir, created(Kind::Instance, "", &spec.name))?;
    let local = crate::guard::is_local_emulator(aws.endpoint());
    let out = retry_profile(local, || {
        let mut req = aws
            .ec2
            .run_instances()
            .image_id(&image)
            .instance_type(INSTANCE_TYPE)
            .min_count(1)
            .max_count(1)
            .set_block_device_mappings(Some(volumes(&spec.volumes)))
            .tag_specifications(tags(ResourceType::Instance, &id, &name))
            .tag_specifications(tags(ResourceType::Volume, &id, &name));
        for n in 0..i32::from(spec.interfaces) {
            req = req.network_interfaces(interface(n));
        }
        if let Some(role) = &spec.role {
            req =
                req.iam_instance_profile(IamInstanceProfileSpecification::builder().name(physical(role, &id)).build());
        }
        call(&NoCallLog, ops::ec2::RUN_INSTANCES, &name, req.send())
    })
    .await?;
    let instance = out.instances().first().and_then(|x| x.instance_id()).unwrap_or_default().to_string();
    confirm(state, dir, i, Some(instance.clone()))?;
    settle(aws, state, dir, &[(spec.name.clone(), instance)], spec.role.as_deref(), &net.group).await
}

/// An Auto Scaling group from a launch template, its instances recorded as
/// `<group>-<n>`, optionally registered with a target group and a classic load balancer.
pub(crate) async fn create_group(aws: &Aws, state: &mut DrillState, dir: &Path, g: &GroupSpec) -> Result<()> {
    use aws_sdk_autoscaling::types::{LaunchTemplateSpecification, Tag as AsgTag};
    use aws_sdk_ec2::types::{
        LaunchTemplateBlockDeviceMappingRequest, LaunchTemplateEbsBlockDeviceRequest,
        LaunchTemplateIamInstanceProfileSpecificationRequest, LaunchTemplateTagSpecificationRequest,
        RequestLaunchTemplateData,
    };
    let net = network(aws, state, dir).await?;
    let image = image(aws).await?;
    let id = state.drill_id.clone();
    let name = physical(&g.name, &id);
    let lt_tags = |kind: ResourceType| {
        LaunchTemplateTagSpecificationRequest::builder()
            .resource_type(kind)
            .tags(Tag::builder().key(TAG_KEY).value(&id).build())
            .tags(Tag::builder().key("Name").value(&name).build())
            .build()
    };
    let mut data = RequestLaunchTemplateData::builder()
        .image_id(&image)
        .instance_type(INSTANCE_TYPE)
        .security_group_ids(&net.group)
        .tag_specifications(lt_tags(ResourceType::Instance))
        .tag_specifications(lt_tags(ResourceType::Volume));
    for (gib, device) in g.volumes.iter().zip(DEVICES) {
        data = data.block_device_mappings(
            LaunchTemplateBlockDeviceMappingRequest::builder()
                .device_name(device)
                .ebs(
                    LaunchTemplateEbsBlockDeviceRequest::builder()
                        .volume_size(i32::from(*gib))
                        .delete_on_termination(true)
                        .build(),
                )
                .build(),
        );
    }
    if let Some(role) = &g.role {
        data = data.iam_instance_profile(
            LaunchTemplateIamInstanceProfileSpecificationRequest::builder().name(physical(role, &id)).build(),
        );
    }
    let i = intend(state, dir, created(Kind::LaunchTemplate, &name, &g.name))?;
    call(
        &NoCallLog,
        ops::ec2::CREATE_LAUNCH_TEMPLATE,
        &name,
        aws.ec2
            .create_launch_template()
            .launch_template_name(&name)
            .launch_template_data(data.build())
            .tag_specifications(tags(ResourceType::LaunchTemplate, &id, &name))
            .send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    let asg_tag = |k: &str, v: &str| {
        AsgTag::builder()
            .key(k)
            .value(v)
            .propagate_at_launch(true)
            .resource_id(&name)
            .resource_type("auto-scaling-group")
            .build()
    };
    let size = i32::from(g.size);
    let i = intend(state, dir, created(Kind::AutoScalingGroup, &name, &g.name))?;
    call(
        &NoCallLog,
        ops::autoscaling::CREATE_AUTO_SCALING_GROUP,
        &name,
        aws.autoscaling
            .create_auto_scaling_group()
            .auto_scaling_group_name(&name)
            .launch_template(
                LaunchTemplateSpecification::builder().launch_template_name(&name).version("$Latest").build(),
            )
            // Not below: a response takes instances out, lowering the desired capacity.
            .min_size(0)
            .max_size(size)
            .desired_capacity(size)
            .vpc_zone_identifier(&net.subnet)
            .tags(asg_tag(TAG_KEY, &id))
            .tags(asg_tag("Name", &name))
            .send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    // A real group launches in the background: wait (10 minutes at most) for its size.
    let mut ids = Vec::new();
    for _ in 0..120 {
        let out = call(
            &NoCallLog,
            ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
            &name,
            aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(&name).send(),
        )
        .await?;
        ids = out
            .auto_scaling_groups()
            .iter()
            .flat_map(|g| g.instances())
            .filter_map(|i| i.instance_id())
            .map(str::to_string)
            .collect();
        if ids.len() >= usize::from(g.size) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
    if ids.len() < usize::from(g.size) {
        return Err(DrillError(format!("the group {name} launched {} of {} instances", ids.len(), g.size)));
    }
    ids.sort();
    let members: Vec<(String, String)> =
        ids.iter().enumerate().map(|(n, i)| (format!("{}-{}", g.name, n + 1), i.clone())).collect();
    for (logical, instance) in &members {
        state.resources.push(Created {
            of: Some(g.name.clone()),
            confirmed: true,
            ..created(Kind::Instance, instance, logical)
        });
    }
    state.write(dir)?;
    settle(aws, state, dir, &members, g.role.as_deref(), &net.group).await?;
    if g.load_balancer {
        load_balancer(aws, state, dir, &g.name, &net, &ids).await?;
    }
    Ok(())
}

/// A target group and a classic load balancer named for the group, its instances in both.
async fn load_balancer(
    aws: &Aws,
    state: &mut DrillState,
    dir: &Path,
    logical: &str,
    net: &Network,
    instances: &[String],
) -> Result<()> {
    use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, TargetDescription, TargetTypeEnum};
    let id = state.drill_id.clone();
    let name = physical(logical, &id);
    let i = intend(state, dir, created(Kind::TargetGroup, "", logical))?;
    let tg_tag = aws_sdk_elasticloadbalancingv2::types::Tag::builder().key(TAG_KEY).value(&id).build();
    let out = call(
        &NoCallLog,
        ops::elb::CREATE_TARGET_GROUP,
        &name,
        aws.elbv2
            .create_target_group()
            .name(&name)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .vpc_id(&net.vpc)
            .target_type(TargetTypeEnum::Instance)
            .tags(tg_tag)
            .send(),
    )
    .await?;
    let arn = out.target_groups().first().and_then(|t| t.target_group_arn()).unwrap_or_default().to_string();
    confirm(state, dir, i, Some(arn.clone()))?;
    let mut register = aws.elbv2.register_targets().target_group_arn(&arn);
    for x in instances {
        register = register.targets(TargetDescription::builder().id(x).port(80).build());
    }
    call(&NoCallLog, ops::elb::REGISTER_TARGETS, &arn, register.send()).await?;
    let listener = aws_sdk_elasticloadbalancing::types::Listener::builder()
        .protocol("HTTP")
        .load_balancer_port(80)
        .instance_port(80)
        .build()
        .map_err(|e| DrillError(e.to_string()))?;
    let lb_tag = aws_sdk_elasticloadbalancing::types::Tag::builder()
        .key(TAG_KEY)
        .value(&id)
        .build()
        .map_err(|e| DrillError(e.to_string()))?;
    let i = intend(state, dir, created(Kind::LoadBalancer, &name, logical))?;
    call(
        &NoCallLog,
        ops::elb::CREATE_LOAD_BALANCER,
        &name,
        aws.elb
            .create_load_balancer()
            .load_balancer_name(&name)
            .listeners(listener)
            .subnets(&net.subnet)
            .security_groups(&net.group)
            .tags(lb_tag)
            .send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    let mut reg = aws.elb.register_instances_with_load_balancer().load_balancer_name(&name);
    for x in instances {
        reg = reg.instances(aws_sdk_elasticloadbalancing::types::Instance::builder().instance_id(x).build());
    }
    call(&NoCallLog, ops::elb::REGISTER_INSTANCES_WITH_LOAD_BALANCER, &name, reg.send()).await?;
    Ok(())
}
