//! The EC2-compromise playbook end to end, state read back through the SDK.

use aws_sdk_ec2::types::{Filter, InstanceAttributeName, SnapshotState};

use crate::helpers::*;

/// The snapshots tagged with a case id.
async fn case_snapshots(aws: &cordon_aws::Aws, case: &str) -> Vec<aws_sdk_ec2::types::Snapshot> {
    let filter = Filter::builder().name("tag:cordon:case").values(case).build();
    aws.ec2.describe_snapshots().filters(filter).send().await.unwrap().snapshots().to_vec()
}

#[tokio::test]
async fn run_isolates_protects_snapshots_and_the_evidence_verifies() {
    let Some(emu) = emulator() else { return };
    let label = unique("e2e");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    assert_eq!(seeded.network_interface_ids.len(), 2, "seed: two interfaces");
    assert_eq!(seeded.volume_ids.len(), 2, "seed: two volumes");
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");

    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case, "--operator", "alice"])
        .arg("--set")
        .arg(format!("instance_id={}", seeded.instance_id))
        .arg("--case-dir")
        .arg(&case_dir));
    assert!(out.status.success(), "cordon run failed:\n{}", text(&out));

    // Every interface holds only the containment group.
    let group_name = format!("cordon-isolation-{case}");
    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values(&group_name).build())
        .send()
        .await
        .unwrap();
    let group = groups.security_groups().first().expect("containment group exists");
    let group_id = group.group_id().unwrap();
    assert!(group.ip_permissions().is_empty(), "no ingress rule: {:?}", group.ip_permissions());
    assert!(group.ip_permissions_egress().is_empty(), "no egress rule: {:?}", group.ip_permissions_egress());
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let held: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).collect();
        assert_eq!(held, [group_id], "{eni} holds only the containment group");
    }

    // Termination protection, shutdown behaviour, volumes kept.
    let attr = |name| aws.ec2.describe_instance_attribute().instance_id(&seeded.instance_id).attribute(name).send();
    let term = attr(InstanceAttributeName::DisableApiTermination).await.unwrap();
    assert_eq!(term.disable_api_termination().and_then(|v| v.value()), Some(true));
    let stop = attr(InstanceAttributeName::DisableApiStop).await.unwrap();
    assert_eq!(stop.disable_api_stop().and_then(|v| v.value()), Some(true), "stop protection");
    let shutdown = attr(InstanceAttributeName::InstanceInitiatedShutdownBehavior).await.unwrap();
    assert_eq!(shutdown.instance_initiated_shutdown_behavior().and_then(|v| v.value()), Some("stop"));
    let inst = aws.ec2.describe_instances().instance_ids(&seeded.instance_id).send().await.unwrap();
    let mappings = inst.reservations()[0].instances()[0].block_device_mappings();
    assert_eq!(mappings.len(), 2);
    for m in mappings {
        assert_eq!(m.ebs().and_then(|e| e.delete_on_termination()), Some(false), "{:?}", m.device_name());
    }

    // One completed snapshot per volume, tagged with the case and its source.
    let snaps = case_snapshots(&aws, &case).await;
    let mut sources: Vec<String> = snaps.iter().filter_map(|s| s.volume_id()).map(str::to_string).collect();
    sources.sort();
    let mut volumes = seeded.volume_ids.clone();
    volumes.sort();
    assert_eq!(sources, volumes, "a snapshot of each volume");
    for s in &snaps {
        assert_eq!(s.state(), Some(&SnapshotState::Completed));
        let tag = |k: &str| s.tags().iter().find(|t| t.key() == Some(k)).and_then(|t| t.value()).map(str::to_string);
        assert_eq!(tag("cordon:source-instance").as_deref(), Some(seeded.instance_id.as_str()));
        assert_eq!(tag("cordon:source-volume").as_deref(), s.volume_id());
    }

    // The case verifies; one changed byte anywhere is named.
    let ok = verify(&case_dir, &emu.endpoint);
    assert!(ok.status.success(), "verify:\n{}", text(&ok));
    let report = std::fs::read_to_string(case_dir.join("report.md")).unwrap();
    assert!(report.contains(&seeded.instance_id) && report.contains("passed"), "{report}");
    // The report shows what actually changed, before -> after, per interface.
    for eni in &seeded.network_interface_ids {
        let line = format!("{eni}: security groups \\[{}\\] -&gt; \\[", seeded.web_group_id);
        assert!(report.contains(&line) && report.contains(group_id), "report shows {eni} before -> after:\n{report}");
    }

    // The instance's surroundings were captured before any change.
    let captured = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(case_dir.join("artifacts/capture").join(name)).unwrap()).unwrap()
    };
    assert_eq!(captured("user-data.json")["text"], cordon_testenv::seed::USER_DATA);
    let groups = captured("security-groups.json");
    let web = groups.as_array().unwrap().iter().find(|g| g["group_id"] == seeded.web_group_id.as_str()).unwrap();
    assert!(
        web["ingress"].as_array().unwrap().iter().any(|r| r["from_port"] == 22 && r["ipv4"][0]["cidr"] == "0.0.0.0/0"),
        "the rule the attacker came in through: {web}"
    );
    assert!(!captured("route-tables.json").as_array().unwrap().is_empty());
    assert_eq!(captured("flow-logs.json")["vpc_id"], seeded.vpc_id.as_str());
    assert!(captured("image.json")["image_id"].is_string());
    let lt = captured("launch-template.json");
    assert_eq!(lt["launch_template_name"], format!("web-lt-{label}"), "{lt}");
    assert_eq!(lt["version"], 1);
    let profile = captured("instance-profile.json");
    let role = &profile["roles"][0];
    assert_eq!(role["role_name"], seeded.role_name.as_str(), "{profile}");
    assert_eq!(role["trust_policy"]["Statement"][0]["Principal"]["Service"], "ec2.amazonaws.com");
    assert_eq!(role["inline_policies"][0]["document"]["Statement"][0]["Action"], "s3:*", "{role}");

    let artifact = case_dir.join("artifacts/capture/instance.json");
    let original = std::fs::read(&artifact).unwrap();
    let mut flipped = original.clone();
    flipped[10] ^= 0x01;
    std::fs::write(&artifact, &flipped).unwrap();
    let bad = verify(&case_dir, &emu.endpoint);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("FAIL  artifacts/capture/instance.json"), "{}", text(&bad));
    std::fs::write(&artifact, &original).unwrap();

    let journal = case_dir.join("journal.jsonl");
    let jtext = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, jtext.replacen("\"operator\":\"alice\"", "\"operator\":\"alicf\"", 1)).unwrap();
    let bad = verify(&case_dir, &emu.endpoint);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("FAIL  journal.jsonl:2"), "{}", text(&bad));
}

#[tokio::test]
async fn a_second_run_in_the_same_case_is_safe_and_changes_nothing_more() {
    let Some(emu) = emulator() else { return };
    let label = unique("rerun");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let run_once = || {
        run(cordon(&emu.endpoint, &access_key(&label))
            .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case, "--output", "json"])
            .arg("--set")
            .arg(format!("instance_id={}", seeded.instance_id))
            .arg("--case-dir")
            .arg(tmp.path()))
    };
    let first = run_once();
    assert!(first.status.success(), "{}", text(&first));
    let second = run_once();
    assert!(second.status.success(), "{}", text(&second));
    let summary: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let receipt = |id: &str| {
        summary["summary"]["steps"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()["receipt"].clone()
    };
    assert_eq!(receipt("protect")["changed"], serde_json::json!([]), "already protected");
    assert!(receipt("isolate")["interfaces"].as_array().unwrap().iter().all(|i| i["already_isolated"] == true));
    assert_eq!(receipt("snapshot")["reused"], true, "no duplicate snapshots");
    assert_eq!(case_snapshots(&aws, &case).await.len(), 2);
    assert!(verify(tmp.path(), &emu.endpoint).status.success());
}

#[tokio::test]
async fn an_examiner_cidr_is_the_only_way_in() {
    let Some(emu) = emulator() else { return };
    let label = unique("exam");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args([
            "run",
            "--yes",
            &playbook("ec2-compromise.yaml"),
            "--case",
            &case,
            "--set",
            "examiner_cidr=203.0.113.10/32",
        ])
        .arg("--set")
        .arg(format!("instance_id={}", seeded.instance_id))
        .arg("--case-dir")
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));
    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values(format!("cordon-isolation-{case}")).build())
        .send()
        .await
        .unwrap();
    let group = &groups.security_groups()[0];
    assert!(group.ip_permissions_egress().is_empty(), "still no egress");
    let rules: Vec<(Option<&str>, Option<i32>, Vec<&str>)> = group
        .ip_permissions()
        .iter()
        .map(|p| (p.ip_protocol(), p.from_port(), p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).collect()))
        .collect();
    assert_eq!(rules, [(Some("tcp"), Some(22), vec!["203.0.113.10/32"])]);
}

#[tokio::test]
async fn isolation_waits_for_approval_and_resume_yes_finishes_the_run() {
    let Some(emu) = emulator() else { return };
    let label = unique("approve");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let tmp = tempfile::tempdir().unwrap();
    let key = access_key(&label);
    let paused = run(cordon(&emu.endpoint, &key)
        .args(["run", &playbook("ec2-compromise.yaml"), "--case", &format!("IR-{label}")])
        .arg("--set")
        .arg(format!("instance_id={}", seeded.instance_id))
        .arg("--case-dir")
        .arg(tmp.path())
        .stdin(std::process::Stdio::null()));
    assert_eq!(paused.status.code(), Some(4), "{}", text(&paused));
    assert!(text(&paused).contains("wait  isolate  needs approval"), "{}", text(&paused));
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"type\":\"approval_required\"") && !journal.contains("\"type\":\"run_finished\""));
    // The snapshots need only `capture`: they were taken while isolation waited.
    let snapshot_done = |journal: &str| {
        journal
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|e| {
                let e = &e["event"];
                e["type"] == "step_outcome" && e["step_id"] == "snapshot" && e["status"] == "succeeded"
            })
            .count()
    };
    assert_eq!(snapshot_done(&journal), 1, "evidence collection did not wait for the approval gate");
    // Nothing was isolated: the interfaces still hold their original group.
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let held: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).collect();
        assert_eq!(held, [seeded.web_group_id.as_str()]);
    }

    let resumed = run(cordon(&emu.endpoint, &key).args(["resume", "--yes", "--operator", "bob"]).arg(tmp.path()));
    assert!(resumed.status.success(), "{}", text(&resumed));
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"approved_by\":\"bob (--yes)\""), "who approved is journaled");
    assert_eq!(journal.matches("\"step_id\":\"capture\",\"action\"").count(), 2, "capture ran once (intent + outcome)");
    assert_eq!(snapshot_done(&journal), 1, "the snapshots were not taken again");
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let held: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_name()).collect();
        assert_eq!(held, [format!("cordon-isolation-IR-{label}")]);
    }
}
