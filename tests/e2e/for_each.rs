//! `for_each` against the emulator: every item is its own journaled step instance,
//! changed and undone on its own, and the plan lists each item.

use aws_sdk_ec2::types::InstanceAttributeName;

use crate::helpers::*;

async fn protected(aws: &cordon_aws::Aws, instance_id: &str) -> Option<bool> {
    let attr = aws
        .ec2
        .describe_instance_attribute()
        .instance_id(instance_id)
        .attribute(InstanceAttributeName::DisableApiTermination)
        .send()
        .await
        .unwrap();
    attr.disable_api_termination().and_then(|v| v.value())
}

/// A second instance in the seeded subnet.
async fn second_instance(aws: &cordon_aws::Aws, subnet_id: &str) -> String {
    let image = aws.ec2.describe_images().owners("amazon").send().await.unwrap();
    let image_id = image.images().iter().find_map(|i| i.image_id()).unwrap();
    let run = aws.ec2.run_instances().image_id(image_id).min_count(1).max_count(1).subnet_id(subnet_id).send().await;
    run.unwrap().instances()[0].instance_id().unwrap().to_string()
}

#[tokio::test]
async fn for_each_protects_every_instance_as_its_own_step_and_undo_restores_each() {
    let Some(emu) = emulator() else { return };
    let label = unique("foreach");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let other = second_instance(&aws, &seeded.subnet_id).await;
    let ids = [seeded.instance_id.clone(), other.clone()];
    for id in &ids {
        assert_ne!(protected(&aws, id).await, Some(true));
    }
    let key = access_key(&label);
    let set = format!("instance_ids={},{}", ids[0], ids[1]);
    let fixture = workspace().join("tests/fixtures/playbooks/protect-each.yaml");

    let plan = run(cordon(&emu.endpoint, &key)
        .args(["plan", "--output", "json", "--case", &format!("IR-{label}"), "--set", &set])
        .arg(&fixture));
    assert!(plan.status.success(), "{}", text(&plan));
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let planned: Vec<(&str, &str)> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["item"].as_str().unwrap_or("-")))
        .collect();
    assert_eq!(planned, [("protect[0]", ids[0].as_str()), ("protect[1]", ids[1].as_str()), ("capture", "-")]);
    assert_eq!(plan["steps"][2]["after"], serde_json::json!([]), "capture needs nothing");

    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--case", &format!("IR-{label}"), "--set", &set, "--case-dir"])
        .arg(tmp.path())
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    for id in &ids {
        assert_eq!(protected(&aws, id).await, Some(true), "{id} is protected");
    }
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    let intents: Vec<(String, String)> = journal
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|e| e["event"].clone())
        .filter(|e| e["type"] == "step_intent" && e["action"] == "ec2.protect_instance")
        .map(|e| (e["step_id"].as_str().unwrap().to_string(), e["item"].as_str().unwrap().to_string()))
        .collect();
    let mut intents = intents;
    intents.sort();
    assert_eq!(intents, [("protect[0]".to_string(), ids[0].clone()), ("protect[1]".to_string(), ids[1].clone())]);
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    for id in &ids {
        assert_eq!(protected(&aws, id).await, Some(false), "{id}: undo restored its flag");
    }
}
