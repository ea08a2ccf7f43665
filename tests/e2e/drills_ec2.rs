//! EC2 drills end to end on the emulator: a web server of an Auto Scaling group behind a
//! load balancer, instance-role credentials used outside, and a whole group compromised.
//! Each responded to with the playbook that fits, read back through the SDK; not
//! responding scores no containment; the wrong playbook scores what it achieved; and
//! cleanup returns an account's whole inventory (EC2, IAM, S3, Auto Scaling, ELB, KMS)
//! to exactly what it was before the drill started. The inventory test runs in an
//! account of its own (an assumed role's), so other tests' resources cannot blur it.

use std::collections::BTreeMap;
use std::process::Command;

use aws_sdk_ec2::types::Filter;
use cordon_aws::Aws;
use serde_json::Value;

use crate::drills::{json_of, name_of as id_of, state};
use crate::helpers::*;

/// Everything an account holds that a drill or a response could create or leave.
pub(crate) async fn inventory(aws: &Aws) -> BTreeMap<&'static str, Vec<String>> {
    let mut inv: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let ec2 = &aws.ec2;
    let instances = ec2.describe_instances().send().await.unwrap();
    inv.insert(
        "ec2 instances (not terminated)",
        instances
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .filter(|i| i.state().and_then(|s| s.name()).map(|s| s.as_str()) != Some("terminated"))
            .filter_map(|i| i.instance_id().map(str::to_string))
            .collect(),
    );
    let volumes = ec2.describe_volumes().send().await.unwrap();
    inv.insert("ec2 volumes", volumes.volumes().iter().filter_map(|v| v.volume_id().map(str::to_string)).collect());
    let snapshots = ec2.describe_snapshots().owner_ids("self").send().await.unwrap();
    inv.insert(
        "ec2 snapshots",
        snapshots.snapshots().iter().filter_map(|s| s.snapshot_id().map(str::to_string)).collect(),
    );
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    inv.insert("ec2 vpcs", vpcs.vpcs().iter().filter_map(|v| v.vpc_id().map(str::to_string)).collect());
    let subnets = ec2.describe_subnets().send().await.unwrap();
    inv.insert("ec2 subnets", subnets.subnets().iter().filter_map(|s| s.subnet_id().map(str::to_string)).collect());
    let groups = ec2.describe_security_groups().send().await.unwrap();
    inv.insert(
        "ec2 security groups",
        groups.security_groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect(),
    );
    let enis = ec2.describe_network_interfaces().send().await.unwrap();
    inv.insert(
        "ec2 network interfaces",
        enis.network_interfaces().iter().filter_map(|n| n.network_interface_id().map(str::to_string)).collect(),
    );
    let templates = ec2.describe_launch_templates().send().await.unwrap();
    inv.insert(
        "ec2 launch templates",
        templates.launch_templates().iter().filter_map(|t| t.launch_template_id().map(str::to_string)).collect(),
    );
    let users = aws.iam.list_users().send().await.unwrap();
    inv.insert("iam users", users.users().iter().map(|u| u.user_name().to_string()).collect());
    let roles = aws.iam.list_roles().send().await.unwrap();
    inv.insert("iam roles", roles.roles().iter().map(|r| r.role_name().to_string()).collect());
    let profiles = aws.iam.list_instance_profiles().send().await.unwrap();
    inv.insert(
        "iam instance profiles",
        profiles.instance_profiles().iter().map(|p| p.instance_profile_name().to_string()).collect(),
    );
    let policies = aws.iam.list_policies().scope(aws_sdk_iam::types::PolicyScopeType::Local).send().await.unwrap();
    inv.insert("iam policies", policies.policies().iter().filter_map(|p| p.arn().map(str::to_string)).collect());
    let buckets = aws.s3.list_buckets().send().await.unwrap();
    inv.insert("s3 buckets", buckets.buckets().iter().filter_map(|b| b.name().map(str::to_string)).collect());
    let asgs = aws.autoscaling.describe_auto_scaling_groups().send().await.unwrap();
    inv.insert(
        "auto scaling groups",
        asgs.auto_scaling_groups().iter().filter_map(|g| g.auto_scaling_group_name().map(str::to_string)).collect(),
    );
    let tgs = aws.elbv2.describe_target_groups().send().await.unwrap();
    inv.insert(
        "elb target groups",
        tgs.target_groups().iter().filter_map(|t| t.target_group_arn().map(str::to_string)).collect(),
    );
    let lbs = aws.elbv2.describe_load_balancers().send().await.unwrap();
    inv.insert(
        "elb load balancers",
        lbs.load_balancers().iter().filter_map(|l| l.load_balancer_arn().map(str::to_string)).collect(),
    );
    let classic = aws.elb.describe_load_balancers().send().await.unwrap();
    inv.insert(
        "elb classic load balancers",
        classic
            .load_balancer_descriptions()
            .iter()
            .filter_map(|l| l.load_balancer_name().map(str::to_string))
            .collect(),
    );
    // Customer keys: AWS makes its own (`alias/aws/ebs` for EBS) on first use, and nobody
    // can delete those.
    let aws_managed: Vec<String> = aws
        .kms
        .list_aliases()
        .send()
        .await
        .unwrap()
        .aliases()
        .iter()
        .filter(|a| a.alias_name().is_some_and(|n| n.starts_with("alias/aws/")))
        .filter_map(|a| a.target_key_id().map(str::to_string))
        .collect();
    let keys = aws.kms.list_keys().send().await.unwrap();
    inv.insert(
        "kms keys (customer)",
        keys.keys()
            .iter()
            .filter_map(|k| k.key_id().map(str::to_string))
            .filter(|k| !aws_managed.contains(k))
            .collect(),
    );
    for v in inv.values_mut() {
        v.sort();
    }
    inv
}

/// What differs between two inventories, one line per kind.
pub(crate) fn inventory_changes(
    before: &BTreeMap<&'static str, Vec<String>>,
    after: &BTreeMap<&'static str, Vec<String>>,
) -> Vec<String> {
    before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|(k, v)| {
            let now = after.get(k).cloned().unwrap_or_default();
            let added: Vec<&String> = now.iter().filter(|x| !v.contains(x)).collect();
            let removed: Vec<&String> = v.iter().filter(|x| !now.contains(x)).collect();
            format!("{k}: added {added:?}, removed {removed:?}")
        })
        .collect()
}

/// An account of the test's own: credentials of a role session in a fresh account id,
/// for the SDK and for the `cordon` binary.
pub(crate) async fn own_account(endpoint: &str, label: &str) -> (Aws, [(String, String); 3]) {
    let key = access_key(label);
    let base = cordon_testenv::emulator_aws(endpoint, &key).await;
    let digits: String = key.bytes().map(|b| char::from(b'0' + b % 10)).collect();
    let account = format!("7{}", &digits[digits.len() - 11..]);
    let (aws, env) = assumed(&base, &format!("arn:aws:iam::{account}:role/drill-inventory"), "drill-inventory").await;
    assert_eq!(aws.caller_identity().await.unwrap().account, account, "the emulator did not switch accounts");
    (aws, env)
}

pub(crate) fn cordon_as(endpoint: &str, env: &[(String, String); 3]) -> Command {
    let mut c = cordon(endpoint, &env[0].1);
    c.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    c
}

/// The security groups on an instance's interfaces.
async fn groups_of(aws: &Aws, instance: &str) -> Vec<String> {
    let out = aws.ec2.describe_instances().instance_ids(instance).send().await.unwrap();
    let mut g: Vec<String> = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .flat_map(|i| i.network_interfaces())
        .flat_map(|n| n.groups())
        .filter_map(|g| g.group_id().map(str::to_string))
        .collect();
    g.sort();
    g.dedup();
    g
}

/// Whether a group lets anything through (ingress or egress rules).
async fn has_rules(aws: &Aws, group: &str) -> bool {
    let out = aws.ec2.describe_security_groups().group_ids(group).send().await.unwrap();
    let g = &out.security_groups()[0];
    !g.ip_permissions().is_empty() || !g.ip_permissions_egress().is_empty()
}

async fn in_a_group(aws: &Aws, instance: &str) -> bool {
    let out = aws.autoscaling.describe_auto_scaling_instances().instance_ids(instance).send().await.unwrap();
    !out.auto_scaling_instances().is_empty()
}

async fn inline_policies(aws: &Aws, role: &str) -> Vec<String> {
    aws.iam.list_role_policies().role_name(role).send().await.unwrap().policy_names().to_vec()
}

#[tokio::test]
async fn web_server_drill_is_contained_by_ec2_compromise_and_cleanup_restores_the_whole_inventory() {
    let Some(emu) = emulator() else { return };
    let (aws, env) = own_account(&emu.endpoint, &unique("drillinv")).await;
    let before = inventory(&aws).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");

    let out = run(cordon_as(&emu.endpoint, &env)
        .args(["--output", "json", "drill", "run", "web-server-compromise", "--respond", "ec2-compromise", "--keep"])
        .arg("--dir")
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let card = json_of(&out);
    assert_eq!((card["passed"].as_bool(), card["score"].as_u64()), (Some(true), Some(100)), "{card}");

    // The case states when the alert was handed over, for its report's time to detect.
    let incident: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case/incident.json")).unwrap()).unwrap();
    let alert_at: jiff::Timestamp = state(&dir)["alert_at"].as_str().unwrap().parse().unwrap();
    let detected: jiff::Timestamp = incident["detected_at"].as_str().unwrap().parse().unwrap();
    assert!(detected.duration_since(alert_at).as_millis().abs() <= 1, "{incident}");

    // Read back: web-1 is isolated (its groups let nothing through), out of its group and
    // off the load balancer, its role's earlier sessions denied, its volumes snapshotted;
    // web-2 and the bastion run on as they were.
    let st = state(&dir);
    let (web1, web2, bastion) =
        (id_of(&st, "instance", "web-1"), id_of(&st, "instance", "web-2"), id_of(&st, "instance", "bastion"));
    let web_group = id_of(&st, "security_group", "web");
    let groups = groups_of(&aws, &web1).await;
    assert!(!groups.contains(&web_group), "{groups:?}");
    for g in &groups {
        assert!(!has_rules(&aws, g).await, "{g} on web-1 still has rules");
    }
    assert!(!in_a_group(&aws, &web1).await);
    assert!(in_a_group(&aws, &web2).await, "the response took web-2 out too");
    assert_eq!(groups_of(&aws, &web2).await, std::slice::from_ref(&web_group));
    assert_eq!(groups_of(&aws, &bastion).await, std::slice::from_ref(&web_group));
    let tg = id_of(&st, "target_group", "web");
    let health = aws.elbv2.describe_target_health().target_group_arn(&tg).send().await.unwrap();
    let targets: Vec<&str> =
        health.target_health_descriptions().iter().filter_map(|t| t.target().and_then(|t| t.id())).collect();
    assert_eq!(targets, [web2.as_str()]);
    let role = id_of(&st, "role", "web-role");
    assert!(inline_policies(&aws, &role).await.iter().any(|p| p.starts_with("cordon-revoke-older-sessions")));
    let volumes: Vec<String> = st["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "volume" && r["of"] == web1.as_str())
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert!(volumes.len() >= 2, "{volumes:?}");
    let snaps = aws
        .ec2
        .describe_snapshots()
        .owner_ids("self")
        .filters(Filter::builder().name("volume-id").set_values(Some(volumes.clone())).build())
        .send()
        .await
        .unwrap();
    let mut snapped: Vec<String> = snaps.snapshots().iter().filter_map(|s| s.volume_id().map(str::to_string)).collect();
    snapped.sort();
    snapped.dedup();
    let mut want = volumes.clone();
    want.sort();
    assert_eq!(snapped, want);

    // The attack's records, from the drill's trail: in order, as the instance's role
    // session, from the attacker's address.
    let lines = crate::drills::attack_timeline(cordon_as(&emu.endpoint, &env), &st, tmp.path());
    let names: Vec<&str> = lines.iter().filter_map(|e| e["event_name"].as_str()).collect();
    assert_eq!(names, ["GetCallerIdentity", "ListBuckets", "DescribeInstances", "GetObject", "GetObject"]);
    for e in &lines {
        assert_eq!(e["actor_type"], "AssumedRole", "{e}");
        assert_eq!(e["session_name"], web1.as_str(), "{e}");
        assert_eq!(e["source_ip"], "198.51.100.23", "{e}");
    }
    let times: Vec<&str> = lines.iter().filter_map(|e| e["time"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    // Cleanup with the response's snapshots: the account is as it was before the drill.
    let out = run(cordon_as(&emu.endpoint, &env).args(["drill", "cleanup", "--delete-evidence"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let changed = inventory_changes(&before, &inventory(&aws).await);
    assert!(changed.is_empty(), "cleanup did not restore the inventory:\n{}", changed.join("\n"));
}

#[tokio::test]
async fn ec2_drills_without_a_response_score_no_containment_and_clean_up() {
    let Some(emu) = emulator() else { return };
    let key = access_key(&unique("drillnone"));
    let tmp = tempfile::tempdir().unwrap();
    for scenario in ["web-server-compromise", "instance-credentials-exfiltration", "fleet-compromise"] {
        let dir = tmp.path().join(scenario);
        let out = run(cordon(&emu.endpoint, &key).args(["drill", "start", scenario, "--dir"]).arg(&dir));
        assert!(out.status.success(), "{scenario}: {}", text(&out));
        let out = run(cordon(&emu.endpoint, &key).args(["--output", "json", "drill", "score"]).arg(&dir));
        assert_eq!(out.status.code(), Some(1), "{scenario}: {}", text(&out));
        let card = json_of(&out);
        let contained = card["contained"].as_array().unwrap();
        assert!(!contained.is_empty() && contained.iter().all(|i| i["ok"] == false), "{scenario}: {card}");
        assert!(card["bystanders"].as_array().unwrap().iter().all(|i| i["ok"] == true), "{scenario}: {card}");
        let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
        assert!(out.status.success(), "{scenario}: {}", text(&out));
        let out = run(cordon(&emu.endpoint, &key).args(["--output", "json", "drill", "status"]).arg(&dir));
        assert_eq!(json_of(&out)["phase"], "cleaned up", "{scenario}");
    }
}

#[tokio::test]
async fn the_wrong_playbook_scores_what_it_achieved() {
    let Some(emu) = emulator() else { return };
    let key = access_key(&unique("drillwrong"));
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    // fleet-isolation takes the group from the finding's tags and contains all of it, but
    // leaves the instance's role alone: its sessions still work.
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "run", "web-server-compromise", "--respond", "fleet-isolation", "--keep"])
        .arg("--dir")
        .arg(&dir));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let card = json_of(&out);
    let oks: Vec<bool> = card["contained"].as_array().unwrap().iter().map(|i| i["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, true, false], "{card}");
    // 50 x 2/3 contained, all the evidence (capture and snapshots), no bystander harmed.
    assert_eq!((card["score"].as_u64(), card["passed"].as_bool()), (Some(83), Some(false)), "{card}");
    assert!(card["time_to_contain_s"].is_null(), "{card}");
    let st = state(&dir);
    let role = id_of(&st, "role", "web-role");
    assert!(inline_policies(&aws, &role).await.is_empty());
    // What it really did: both web servers out of service, not only the alert's.
    for logical in ["web-1", "web-2"] {
        assert!(!in_a_group(&aws, &id_of(&st, "instance", logical)).await, "{logical}");
    }
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup", "--delete-evidence"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
}

#[tokio::test]
async fn instance_credentials_and_fleet_drills_pass_with_their_playbooks() {
    let Some(emu) = emulator() else { return };
    let key = access_key(&unique("drillcreds"));
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();

    let dir = tmp.path().join("creds");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "run", "instance-credentials-exfiltration"])
        .args(["--respond", "iam-credential-compromise", "--keep", "--dir"])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json_of(&out)["score"], 100);
    let st = state(&dir);
    // The alert named the role (a temporary key has no user): its sessions are revoked,
    // the other role is untouched, the instance keeps its profile.
    let (app_role, batch_role) = (id_of(&st, "role", "app-role"), id_of(&st, "role", "batch-role"));
    let policies = inline_policies(&aws, &app_role).await;
    assert!(policies.iter().any(|p| p.starts_with("cordon-revoke-older-sessions")), "{policies:?}");
    let doc = aws.iam.get_role_policy().role_name(&app_role).policy_name(&policies[0]).send().await.unwrap();
    let doc = percent_decode(doc.policy_document());
    let issued: jiff::Timestamp = st["session"]["issued_at"].as_str().unwrap().parse().unwrap();
    let before: jiff::Timestamp =
        doc["Statement"][0]["Condition"]["DateLessThan"]["aws:TokenIssueTime"].as_str().unwrap().parse().unwrap();
    assert!(before > issued, "the deny ({before}) must cover the attacker's session ({issued})");
    assert!(inline_policies(&aws, &batch_role).await.is_empty());
    let app = id_of(&st, "instance", "app");
    let described = aws.ec2.describe_instances().instance_ids(&app).send().await.unwrap();
    assert!(described.reservations()[0].instances()[0].iam_instance_profile().is_some());
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));

    let dir = tmp.path().join("fleet");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "run", "fleet-compromise", "--respond", "fleet-isolation", "--keep"])
        .arg("--dir")
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json_of(&out)["score"], 100);
    let st = state(&dir);
    let web_group = id_of(&st, "security_group", "web");
    for logical in ["workers-1", "workers-2", "workers-3"] {
        let id = id_of(&st, "instance", logical);
        assert!(!in_a_group(&aws, &id).await, "{logical}");
        let groups = groups_of(&aws, &id).await;
        assert!(!groups.contains(&web_group), "{logical}: {groups:?}");
    }
    assert_eq!(groups_of(&aws, &id_of(&st, "instance", "bastion")).await, [web_group]);
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup", "--delete-evidence"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
}

fn percent_decode(text: &str) -> Value {
    serde_json::from_str(&percent_encoding::percent_decode_str(text).decode_utf8_lossy()).unwrap()
}

/// A drill stopped right after its create calls, before it learnt their ids (its state
/// holds the intents only, with no id; volumes not recorded yet): cleanup finds
/// everything by the drill's tag and path, deletes it in dependency order, and the
/// account's inventory is what it was.
#[tokio::test]
async fn an_ec2_drill_interrupted_before_its_ids_were_recorded_is_cleaned_up_by_its_tags() {
    let Some(emu) = emulator() else { return };
    let (aws, env) = own_account(&emu.endpoint, &unique("drillcut")).await;
    let before = inventory(&aws).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let out = run(cordon_as(&emu.endpoint, &env).args(["drill", "start", "web-server-compromise", "--dir"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let mut st = state(&dir);
    let resources = st["resources"].as_array_mut().unwrap();
    resources.retain(|r| r["kind"] != "volume");
    for r in resources.iter_mut() {
        if ["vpc", "subnet", "security_group", "instance", "target_group"].contains(&r["kind"].as_str().unwrap()) {
            r["name"] = Value::from("");
            r["confirmed"] = Value::from(false);
        }
    }
    std::fs::write(dir.join("drill.json"), serde_json::to_string_pretty(&st).unwrap()).unwrap();
    let out = run(cordon_as(&emu.endpoint, &env).args(["--output", "json", "drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let cleaned = json_of(&out);
    let swept: Vec<&str> = cleaned["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|d| d.contains("sweep"))
        .collect();
    for kind in ["instance", "vpc", "target_group"] {
        assert!(swept.iter().any(|d| d.starts_with(kind)), "{kind} not found by the sweep: {cleaned}");
    }
    let changed = inventory_changes(&before, &inventory(&aws).await);
    assert!(changed.is_empty(), "cleanup did not restore the inventory:\n{}", changed.join("\n"));
}
