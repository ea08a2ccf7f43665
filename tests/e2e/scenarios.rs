//! The shipped playbooks as scenarios the fault and crash suites share: what each seeds,
//! its inputs, and the AWS state it may change, read back through the SDK by name (never
//! by the ids a seed gets), so that the state of two seeds compares.

use cordon_testenv::seed::{ExposedBucket, Fleet, Seeded};
use serde_json::{Value, json};

use crate::helpers::*;

/// What a scenario seeded.
pub struct Env {
    pub label: String,
    pub web: Seeded,
    pub fleet: Option<Fleet>,
    pub bucket: Option<ExposedBucket>,
}

async fn group_names(aws: &cordon_aws::Aws, eni: &str) -> Vec<String> {
    let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
    let mut names: Vec<String> =
        d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_name()).map(str::to_string).collect();
    names.sort();
    names
}

async fn instance(aws: &cordon_aws::Aws, id: &str) -> Value {
    use aws_sdk_ec2::types::{Filter, InstanceAttributeName as A};
    let attr = |name| aws.ec2.describe_instance_attribute().instance_id(id).attribute(name).send();
    let term = attr(A::DisableApiTermination).await.unwrap();
    let stop = attr(A::DisableApiStop).await.unwrap();
    let shutdown = attr(A::InstanceInitiatedShutdownBehavior).await.unwrap();
    let inst = aws.ec2.describe_instances().instance_ids(id).send().await.unwrap();
    let inst = &inst.reservations()[0].instances()[0];
    let mut enis = Vec::new();
    for n in inst.network_interfaces() {
        enis.push(group_names(aws, n.network_interface_id().unwrap()).await);
    }
    enis.sort();
    let volumes: Vec<Value> = inst
        .block_device_mappings()
        .iter()
        .map(|b| json!([b.device_name(), b.ebs().and_then(|e| e.delete_on_termination())]))
        .collect();
    let profiles = aws
        .ec2
        .describe_iam_instance_profile_associations()
        .filters(Filter::builder().name("instance-id").values(id).build())
        .send()
        .await
        .unwrap();
    let profile = profiles
        .iam_instance_profile_associations()
        .iter()
        .any(|a| a.state().is_none_or(|s| s.as_str() == "associated"));
    json!({
        "state": inst.state().and_then(|s| s.name()).map(|n| n.as_str().to_string()),
        "interfaces": enis,
        "termination_protection": term.disable_api_termination().and_then(|v| v.value()),
        "stop_protection": stop.disable_api_stop().and_then(|v| v.value()),
        "shutdown": shutdown.instance_initiated_shutdown_behavior().and_then(|v| v.value()),
        "volumes": volumes,
        "profile": profile,
    })
}

/// Everything the shipped playbooks may change in `env`, by name (never by the ids a
/// seed gets), with the seed's label replaced, so two seeds compare.
pub async fn world(aws: &cordon_aws::Aws, env: &Env) -> Value {
    use aws_sdk_ec2::types::Filter;
    let web = &env.web;
    let mut w = json!({ "web": instance(aws, &web.instance_id).await });
    let eip = aws.ec2.describe_addresses().allocation_ids(&web.elastic_ip_allocation_id).send().await.unwrap();
    w["elastic_ip_attached"] = json!(eip.addresses()[0].network_interface_id().is_some_and(|i| !i.is_empty()));
    let acls = aws
        .ec2
        .describe_network_acls()
        .filters(Filter::builder().name("association.subnet-id").values(&web.subnet_id).build())
        .send()
        .await
        .unwrap();
    let acl = &acls.network_acls()[0];
    w["subnet_acl"] = json!(
        acl.tags()
            .iter()
            .find(|t| t.key() == Some("Name"))
            .and_then(|t| t.value())
            .unwrap_or(if acl.is_default().unwrap_or(false) { "default" } else { "unnamed" })
    );
    let snaps = aws
        .ec2
        .describe_snapshots()
        .filters(Filter::builder().name("tag:cordon:case").values(format!("IR-{}", env.label)).build())
        .send()
        .await
        .unwrap();
    w["case_snapshots"] = json!(snaps.snapshots().len());
    // Cordon's groups and their rules (a rule skipped under faults would show here).
    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(Filter::builder().name("vpc-id").values(&web.vpc_id).build())
        .send()
        .await
        .unwrap();
    let rules = |perms: &[aws_sdk_ec2::types::IpPermission]| {
        let mut out: Vec<String> = perms
            .iter()
            .flat_map(|p| {
                let head = format!("{} {:?}-{:?}", p.ip_protocol().unwrap_or_default(), p.from_port(), p.to_port());
                let v4 = p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).map(str::to_string);
                let v6 = p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()).map(str::to_string);
                v4.chain(v6).map(move |peer| format!("{head} {peer}")).collect::<Vec<_>>()
            })
            .collect();
        out.sort();
        out
    };
    let mut cordons: Vec<Value> = groups
        .security_groups()
        .iter()
        .filter(|g| g.group_name().is_some_and(|n| n.starts_with("cordon-")))
        .map(|g| json!([g.group_name(), rules(g.ip_permissions()), rules(g.ip_permissions_egress())]))
        .collect();
    cordons.sort_by_key(|v| v.to_string());
    w["cordon_groups"] = json!(cordons);
    let keys = aws.iam.list_access_keys().user_name(&web.user_name).send().await.unwrap();
    w["keys"] = json!(keys.access_key_metadata().iter().map(|k| k.status().unwrap().as_str()).collect::<Vec<_>>());
    w["login_profile"] = json!(aws.iam.get_login_profile().user_name(&web.user_name).send().await.is_ok());
    let mfa = aws.iam.list_mfa_devices().user_name(&web.user_name).send().await.unwrap();
    w["mfa"] = json!(mfa.mfa_devices().len());
    let mut user = aws.iam.list_user_policies().user_name(&web.user_name).send().await.unwrap().policy_names().to_vec();
    let mut role = aws.iam.list_role_policies().role_name(&web.role_name).send().await.unwrap().policy_names().to_vec();
    user.sort();
    role.sort();
    w["user_policies"] = json!(user);
    w["role_policies"] = json!(role);
    if let Some(f) = &env.fleet {
        let mut members = Vec::new();
        for id in &f.instance_ids {
            members.push(instance(aws, id).await);
        }
        w["fleet"] = json!(members);
        let asg = aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(&f.asg_name).send();
        let asg = asg.await.unwrap();
        let g = &asg.auto_scaling_groups()[0];
        let mut in_asg: Vec<(String, String)> = g
            .instances()
            .iter()
            .map(|i| {
                (i.instance_id().unwrap_or_default().to_string(), i.lifecycle_state().unwrap().as_str().to_string())
            })
            .collect();
        in_asg.sort();
        w["asg"] = json!({ "members": in_asg.len(), "states": in_asg.iter().map(|(_, s)| s).collect::<Vec<_>>(), "desired": g.desired_capacity() });
        let health = aws.elbv2.describe_target_health().target_group_arn(&f.target_group_arn).send().await.unwrap();
        w["targets"] = json!(health.target_health_descriptions().len());
        let lbs = aws.elb.describe_load_balancers().load_balancer_names(&f.classic_lb).send().await.unwrap();
        w["classic"] = json!(lbs.load_balancer_descriptions()[0].instances().len());
    }
    if let Some(b) = &env.bucket {
        let policy = aws.s3.get_bucket_policy().bucket(&b.bucket).send().await.ok().and_then(|p| p.policy);
        let mut sids: Vec<String> = policy
            .and_then(|p| serde_json::from_str::<Value>(&p).ok())
            .and_then(|p| p["Statement"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|s| s["Sid"].as_str().unwrap_or_default().to_string())
            .collect();
        sids.sort();
        w["bucket_policy"] = json!(sids);
        let pab = aws.s3.get_public_access_block().bucket(&b.bucket).send().await.ok();
        w["public_access_block"] =
            json!(pab.and_then(|p| p.public_access_block_configuration).map(|c| format!("{c:?}")));
        let v = aws.s3.get_bucket_versioning().bucket(&b.bucket).send().await.unwrap();
        // S3 has no way back to "never enabled": Suspended is how undo leaves it.
        w["versioning_enabled"] = json!(v.status().is_some_and(|s| s.as_str() == "Enabled"));
    }
    let text = w.to_string().replace(&env.label, "L").replace(&env.label.to_lowercase(), "L");
    serde_json::from_str(&text).unwrap()
}

/// The state without what undo keeps on purpose: the case's snapshots (evidence) and
/// the groups Cordon created (the record).
pub fn kept(mut world: Value) -> Value {
    if let Some(w) = world.as_object_mut() {
        w.remove("case_snapshots");
        w.remove("cordon_groups");
    }
    world
}

#[derive(Clone, Copy)]
pub enum Scenario {
    Ec2,
    Fleet,
    Iam,
    S3,
}

impl Scenario {
    pub fn playbook(self) -> &'static str {
        match self {
            Scenario::Ec2 => "ec2-compromise.yaml",
            Scenario::Fleet => "fleet-isolation.yaml",
            Scenario::Iam => "iam-credential-compromise.yaml",
            Scenario::S3 => "s3-public-exposure.yaml",
        }
    }

    pub async fn seed(self, endpoint: &str, label: &str) -> (cordon_aws::Aws, Env) {
        let (aws, web) = seed(endpoint, label).await;
        let fleet = match self {
            Scenario::Fleet => Some(cordon_testenv::seed::fleet(&aws, label, &web).await.unwrap()),
            _ => None,
        };
        let bucket = match self {
            Scenario::S3 => Some(cordon_testenv::seed::exposed_bucket(&aws, label).await.unwrap()),
            _ => None,
        };
        (aws, Env { label: label.to_string(), web, fleet, bucket })
    }

    pub fn inputs(self, env: &Env) -> Vec<String> {
        match self {
            Scenario::Ec2 => vec![format!("instance_id={}", env.web.instance_id)],
            Scenario::Fleet => vec![format!("tag={}", env.fleet.as_ref().unwrap().tag)],
            Scenario::Iam => {
                vec![format!("access_key_id={}", env.web.access_key_id), format!("role_name={}", env.web.role_name)]
            }
            Scenario::S3 => vec![
                format!("bucket={}", env.bucket.as_ref().unwrap().bucket),
                "deny_principal=arn:aws:iam::123456789012:user/attacker".into(),
                "protect=true".into(),
            ],
        }
    }
}
