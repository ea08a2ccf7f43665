//! `cordon undo` restores exactly what the playbook changed, and keeps the evidence.

use aws_sdk_ec2::types::{Filter, InstanceAttributeName};
use cordon_testenv::seed::Seeded;

use crate::helpers::*;

/// Everything the ec2-compromise playbook may change, read back through the SDK.
#[derive(Debug, PartialEq)]
struct State {
    interface_groups: Vec<(String, Vec<String>)>,
    termination_protection: Option<bool>,
    shutdown_behavior: Option<String>,
    delete_on_termination: Vec<(String, Option<bool>)>,
    instance_profile: Option<String>,
    stop_protection: Option<bool>,
    role_policies: Vec<String>,
    elastic_ip: Option<String>,
    subnet_acl: String,
}

async fn state(aws: &cordon_aws::Aws, s: &Seeded) -> State {
    let mut interface_groups = Vec::new();
    for eni in &s.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let groups =
            d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).map(str::to_string).collect();
        interface_groups.push((eni.clone(), groups));
    }
    let attr = |name| aws.ec2.describe_instance_attribute().instance_id(&s.instance_id).attribute(name).send();
    let term = attr(InstanceAttributeName::DisableApiTermination).await.unwrap();
    let stop = attr(InstanceAttributeName::DisableApiStop).await.unwrap();
    let shutdown = attr(InstanceAttributeName::InstanceInitiatedShutdownBehavior).await.unwrap();
    let inst = aws.ec2.describe_instances().instance_ids(&s.instance_id).send().await.unwrap();
    let delete_on_termination = inst.reservations()[0].instances()[0]
        .block_device_mappings()
        .iter()
        .map(|b| (b.device_name().unwrap_or_default().to_string(), b.ebs().and_then(|e| e.delete_on_termination())))
        .collect();
    let profile = aws
        .ec2
        .describe_iam_instance_profile_associations()
        .filters(Filter::builder().name("instance-id").values(&s.instance_id).build())
        .send()
        .await
        .unwrap();
    let instance_profile = profile
        .iam_instance_profile_associations()
        .iter()
        .filter(|a| a.state().is_none_or(|st| st.as_str() == "associated"))
        .find_map(|a| a.iam_instance_profile().and_then(|p| p.arn()).map(str::to_string));
    let role_policies =
        aws.iam.list_role_policies().role_name(&s.role_name).send().await.unwrap().policy_names().to_vec();
    let eip = aws.ec2.describe_addresses().allocation_ids(&s.elastic_ip_allocation_id).send().await.unwrap();
    // The interface the address points at (the emulator leaves InstanceId empty after an
    // association by interface, which AWS fills in).
    let elastic_ip = eip.addresses()[0].network_interface_id().filter(|i| !i.is_empty()).map(str::to_string);
    let acls = aws
        .ec2
        .describe_network_acls()
        .filters(Filter::builder().name("association.subnet-id").values(&s.subnet_id).build())
        .send()
        .await
        .unwrap();
    let subnet_acl = acls.network_acls()[0].network_acl_id().unwrap().to_string();
    State {
        instance_profile,
        role_policies,
        elastic_ip,
        subnet_acl,
        interface_groups,
        termination_protection: term.disable_api_termination().and_then(|v| v.value()),
        stop_protection: stop.disable_api_stop().and_then(|v| v.value()),
        shutdown_behavior: shutdown.instance_initiated_shutdown_behavior().and_then(|v| v.value()).map(str::to_string),
        delete_on_termination,
    }
}

#[tokio::test]
async fn undo_restores_the_state_before_the_run_and_keeps_the_evidence() {
    let Some(emu) = emulator() else { return };
    let label = unique("undo");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let before = state(&aws, &seeded).await;
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let key = access_key(&label);
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case])
        .arg("--set")
        .arg(format!("instance_id={}", seeded.instance_id))
        .args(["--set", "disassociate_eip=true", "--set", "isolate_subnet=true"])
        .arg("--case-dir")
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));
    let contained = state(&aws, &seeded).await;
    assert_ne!(contained, before, "the run changed the instance");
    assert!(before.instance_profile.is_some() && contained.instance_profile.is_none(), "profile detached");
    assert_eq!((before.stop_protection, contained.stop_protection), (Some(false), Some(true)), "stop protection");
    let mut role_policies = contained.role_policies.clone();
    role_policies.sort();
    assert_eq!(
        role_policies,
        [format!("cordon-revoke-older-sessions-{case}"), "web-data".to_string()],
        "role sessions revoked, the role's own policy untouched"
    );
    assert!(before.elastic_ip.as_ref().is_some_and(|eni| seeded.network_interface_ids.contains(eni)));
    assert_eq!(contained.elastic_ip, None, "Elastic IP disassociated");
    assert_ne!(contained.subnet_acl, before.subnet_acl, "deny-all ACL on the subnet");

    // Without a terminal and without --yes: the plan is shown, nothing changes.
    let refused = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).stdin(std::process::Stdio::null()));
    assert_eq!(refused.status.code(), Some(4), "{}", text(&refused));
    let shown = text(&refused);
    assert!(shown.contains("ec2.restore_interface_groups") && shown.contains("Approval required"), "{shown}");
    assert!(shown.contains("not undone: run 1 step snapshot"), "irreversible steps are listed: {shown}");
    assert_eq!(state(&aws, &seeded).await, contained, "nothing changed without approval");

    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!(state(&aws, &seeded).await, before, "undo restores interfaces, flags, profile, role, address and ACL");

    // Evidence is never deleted by undo.
    let snaps = aws
        .ec2
        .describe_snapshots()
        .filters(Filter::builder().name("tag:cordon:case").values(&case).build())
        .send()
        .await
        .unwrap();
    assert_eq!(snaps.snapshots().len(), seeded.volume_ids.len());
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    // The undo is journaled like any run; a second undo finds nothing left to do.
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"playbook_path\":\"(undo)\""));
    let again = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(again.status.success() && text(&again).contains("Nothing to undo"), "{}", text(&again));
}

/// Someone changes an isolated interface's groups during the incident: undo restores
/// everything else but leaves that interface as they set it, naming it; `--force`
/// restores it too.
#[tokio::test]
async fn undo_does_not_overwrite_what_someone_changed_since_unless_forced() {
    let Some(emu) = emulator() else { return };
    let label = unique("undo-since");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--case-dir"])
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));
    let eni = &seeded.network_interface_ids[0];
    let by_hand =
        security_group(&aws, &format!("forensics-{label}"), "added by the security team", &seeded.vpc_id).await;
    aws.ec2.modify_network_interface_attribute().network_interface_id(eni).groups(&by_hand).send().await.unwrap();
    let groups_of = |eni: String| {
        let aws = &aws;
        async move {
            let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
            d.network_interfaces()[0]
                .groups()
                .iter()
                .filter_map(|g| g.group_id())
                .map(str::to_string)
                .collect::<Vec<_>>()
        }
    };

    let undone = run(cordon(&emu.endpoint, &key).args(["undo", "--yes"]).arg(tmp.path()));
    assert!(text(&undone).contains("changed since") && text(&undone).contains(eni.as_str()), "{}", text(&undone));
    assert_eq!(groups_of(eni.clone()).await, std::slice::from_ref(&by_hand), "left as the security team set it");
    let attr = aws
        .ec2
        .describe_instance_attribute()
        .instance_id(&seeded.instance_id)
        .attribute(InstanceAttributeName::DisableApiTermination)
        .send()
        .await
        .unwrap();
    assert_eq!(attr.disable_api_termination().and_then(|v| v.value()), Some(false), "the rest is restored");

    let forced = run(cordon(&emu.endpoint, &key).args(["undo", "--yes", "--force"]).arg(tmp.path()));
    assert!(forced.status.success(), "{}", text(&forced));
    for eni in &seeded.network_interface_ids {
        assert_eq!(
            groups_of(eni.clone()).await,
            std::slice::from_ref(&seeded.web_group_id),
            "{eni}: restored with --force"
        );
    }
}

/// The security team tightens a bucket's public access block differently during the
/// incident (here: ACLs ignored, policies still checked): undo leaves their setting,
/// names the bucket and says why; `--force` puts back the block the bucket had before.
#[tokio::test]
async fn undo_keeps_a_public_access_block_someone_set_since_unless_forced() {
    use aws_sdk_s3::types::PublicAccessBlockConfiguration;
    let Some(emu) = emulator() else { return };
    let label = unique("undo-pab");
    let (aws, env) = crate::scenarios::Scenario::S3.seed(&emu.endpoint, &label).await;
    let bucket = env.bucket.as_ref().unwrap().bucket.clone();
    let pab = || {
        let aws = &aws;
        let bucket = bucket.clone();
        async move {
            let got = aws.s3.get_public_access_block().bucket(bucket).send().await.ok();
            got.and_then(|g| g.public_access_block_configuration)
                .map(|c| (c.block_public_acls, c.ignore_public_acls, c.block_public_policy, c.restrict_public_buckets))
        }
    };
    let before = pab().await;
    let tmp = tempfile::tempdir().unwrap();
    let mut run_cmd = cordon(&emu.endpoint, &access_key(&label));
    run_cmd.args(["run", "--yes", &playbook("s3-public-exposure.yaml"), "--case", &format!("IR-{label}")]);
    for i in crate::scenarios::Scenario::S3.inputs(&env) {
        run_cmd.args(["--set", &i]);
    }
    let out = run(run_cmd.arg("--case-dir").arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));
    let all = Some((Some(true), Some(true), Some(true), Some(true)));
    assert_eq!(pab().await, all, "the playbook blocks all public access");

    let theirs = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(false)
        .restrict_public_buckets(false)
        .build();
    aws.s3.put_public_access_block().bucket(&bucket).public_access_block_configuration(theirs).send().await.unwrap();
    let set_by_them = Some((Some(true), Some(true), Some(false), Some(false)));

    let key = access_key(&label);
    let undone = run(cordon(&emu.endpoint, &key).args(["undo", "--yes"]).arg(tmp.path()));
    let said = text(&undone);
    assert!(said.contains("changed since") && said.contains(&bucket), "{said}");
    assert_eq!(pab().await, set_by_them, "left as the security team set it");

    let forced = run(cordon(&emu.endpoint, &key).args(["undo", "--yes", "--force"]).arg(tmp.path()));
    assert!(forced.status.success(), "{}", text(&forced));
    assert_eq!(pab().await, before, "--force puts back the block the bucket had before");
}
