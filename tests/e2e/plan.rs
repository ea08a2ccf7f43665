//! `cordon plan` makes no mutating request: proven from the emulator's own recording.

use crate::helpers::*;

#[tokio::test]
async fn plan_sends_only_read_requests() {
    let Some(emu) = emulator() else { return };
    assert!(!emu.recording.as_os_str().is_empty(), "the emulator must record requests (cargo xtask test does)");
    let label = unique("plan");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    // Inputs from a file this time (`--inputs`), as a responder's ticket system would write them.
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs.yaml");
    std::fs::write(&inputs, format!("instance_id: {}\n", seeded.instance_id)).unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["plan", &playbook("ec2-compromise.yaml"), "--case", "IR-PLAN", "--inputs"])
        .arg(&inputs));
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    for eni in &seeded.network_interface_ids {
        assert!(shown.contains(eni), "the plan names {eni}:\n{shown}");
    }
    assert!(shown.contains("cordon-isolation-IR-PLAN"), "{shown}");

    let requests = cordon_testenv::recorder::requests_by(&emu.recording, &key).unwrap();
    let actions: Vec<&str> = requests.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"GetCallerIdentity") && actions.contains(&"DescribeInstances"), "{actions:?}");
    let mutating: Vec<&str> = requests.iter().filter(|r| r.is_mutating()).map(|r| r.action.as_str()).collect();
    assert!(mutating.is_empty(), "plan sent mutating requests: {mutating:?}");

    // And nothing changed: the interfaces still hold their original group.
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, "AKIAREADBACK00000001").await;
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let held: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).collect();
        assert_eq!(held, [seeded.web_group_id.as_str()]);
    }
}

#[tokio::test]
async fn run_executes_a_reviewed_plan_and_refuses_a_stale_one() {
    let Some(emu) = emulator() else { return };
    let label = unique("reviewed");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let pb = tmp.path().join("pb.yaml");
    std::fs::copy(playbook("ec2-compromise.yaml"), &pb).unwrap();
    let case_dir = tmp.path().join("case");
    let planned = run(cordon(&emu.endpoint, &key)
        .args(["plan", pb.to_str().unwrap(), "--case", "IR-REVIEWED", "--output", "json", "--set"])
        .arg(format!("instance_id={}", seeded.instance_id))
        .arg("--case-dir")
        .arg(&case_dir));
    assert!(planned.status.success(), "{}", text(&planned));
    let plan_file = tmp.path().join("plan.json");
    std::fs::write(&plan_file, &planned.stdout).unwrap();
    let with_plan = |case: &str| {
        let mut c = cordon(&emu.endpoint, &key);
        c.args(["run", "--yes", "--case", case, "--plan"]).arg(&plan_file).arg("--case-dir").arg(&case_dir);
        c
    };

    // Another case than the one reviewed: refused.
    let other = run(&mut with_plan("IR-OTHER"));
    assert_eq!(other.status.code(), Some(2));
    assert!(text(&other).contains("the case id differs"), "{}", text(&other));
    // The playbook edited after review: refused, nothing written.
    let original = std::fs::read_to_string(&pb).unwrap();
    std::fs::write(&pb, original.replace("severity: high", "severity: low")).unwrap();
    let stale = run(&mut with_plan("IR-REVIEWED"));
    assert_eq!(stale.status.code(), Some(2));
    assert!(text(&stale).contains("refusing to run the reviewed plan: the playbook changed"), "{}", text(&stale));
    assert!(!case_dir.exists());
    // As reviewed: it runs (inputs come from the plan).
    std::fs::write(&pb, original).unwrap();
    let ok = run(&mut with_plan("IR-REVIEWED"));
    assert!(ok.status.success(), "{}", text(&ok));
}

#[tokio::test]
async fn a_guardduty_finding_fills_the_inputs() {
    let Some(emu) = emulator() else { return };
    let label = unique("finding");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let tmp = tempfile::tempdir().unwrap();
    let id = seeded.instance_id.as_str();
    // The finding as GuardDuty's API and console write it (camelCase).
    let camel = serde_json::json!({"schemaVersion": "2.0", "accountId": "123456789012", "region": "us-east-1",
        "id": "f1", "type": "Backdoor:EC2/C&CActivity.B!DNS", "severity": 8,
        "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": id}}});
    let shapes = [
        // The get-findings CLI output (PascalCase).
        serde_json::json!({"Findings": [{"AccountId": "123456789012", "Region": "us-east-1", "Type": "Backdoor:EC2/C&CActivity.B!DNS",
            "Resource": {"ResourceType": "Instance", "InstanceDetails": {"InstanceId": id}}}]})
        .to_string(),
        // As EventBridge delivers it.
        serde_json::json!({"version": "0", "id": "8f3e", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
            "account": "123456789012", "time": "2026-11-29T10:00:00Z", "region": "us-east-1", "resources": [], "detail": camel})
        .to_string(),
        // The console's export (a list) and the API's response body.
        serde_json::json!([camel]).to_string(),
        serde_json::json!({"findings": [camel]}).to_string(),
        // findings.collect's JSON Lines.
        format!("{camel}\n"),
        // Security Hub ASFF.
        serde_json::json!({"SchemaVersion": "2018-10-08", "Id": "x", "AwsAccountId": "123456789012", "Types": ["TTPs"],
            "Resources": [{"Type": "AwsEc2Instance", "Id": format!("arn:aws:ec2:us-east-1:123456789012:instance/{id}")}]})
        .to_string(),
    ];
    for (n, shape) in shapes.iter().enumerate() {
        let finding = tmp.path().join(format!("finding-{n}.json"));
        std::fs::write(&finding, shape).unwrap();
        let out = run(cordon(&emu.endpoint, &access_key(&label))
            .args([
                "plan",
                &playbook("ec2-compromise.yaml"),
                "--case",
                "IR-FINDING",
                "--output",
                "json",
                "--from-finding",
            ])
            .arg(&finding));
        assert!(out.status.success(), "shape {n}: {}", text(&out));
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(plan["inputs"]["instance_id"], id, "shape {n}: {shape}");
    }
}

#[tokio::test]
async fn every_shipped_playbook_plans_without_a_mutating_request() {
    let Some(emu) = emulator() else { return };
    let label = unique("planall");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let fleet = cordon_testenv::seed::fleet(&aws, &label, &seeded).await.unwrap();
    let bucket = cordon_testenv::seed::exposed_bucket(&aws, &label).await.unwrap();
    let key = access_key(&label);
    let cases: [(&str, Vec<String>); 4] = [
        ("ec2-compromise.yaml", vec![format!("instance_id={}", seeded.instance_id), "disassociate_eip=true".into()]),
        (
            "iam-credential-compromise.yaml",
            vec![format!("access_key_id={}", seeded.access_key_id), format!("role_name={}", seeded.role_name)],
        ),
        ("s3-public-exposure.yaml", vec![format!("bucket={}", bucket.bucket), "protect=true".into()]),
        ("fleet-isolation.yaml", vec![format!("asg_name={}", fleet.asg_name)]),
    ];
    let mut shipped: Vec<String> = std::fs::read_dir(workspace().join("playbooks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    shipped.sort();
    let mut covered: Vec<String> = cases.iter().map(|(p, _)| p.to_string()).collect();
    covered.sort();
    assert_eq!(covered, shipped, "every shipped playbook is planned here");
    for (name, sets) in &cases {
        let out = run(cordon(&emu.endpoint, &key)
            .args(["plan", &playbook(name), "--case", "IR-PLANALL"])
            .args(sets.iter().flat_map(|s| ["--set", s.as_str()])));
        assert!(out.status.success(), "{name}: {}", text(&out));
        assert!(text(&out).contains("change(s) planned"), "{name}: {}", text(&out));
    }
    let requests = cordon_testenv::recorder::requests_by(&emu.recording, &key).unwrap();
    assert!(requests.len() > 10, "the plans made read-only checks: {}", requests.len());
    let mutating: Vec<&str> = requests.iter().filter(|r| r.is_mutating()).map(|r| r.action.as_str()).collect();
    assert!(mutating.is_empty(), "plan sent mutating requests: {mutating:?}");
}
