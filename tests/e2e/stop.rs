//! `ec2.stop_instance` against the emulator: refuses when the case holds no verified
//! memory capture or when the instance has instance-store volumes (unless forced), stops
//! and waits when forced, and undo starts it again. (The stop a verified capture lets
//! through is in `volatile.rs`.)

use crate::helpers::*;

async fn state(aws: &cordon_aws::Aws, id: &str) -> String {
    let d = aws.ec2.describe_instances().instance_ids(id).send().await.unwrap();
    d.reservations()[0].instances()[0].state().unwrap().name().unwrap().as_str().to_string()
}

fn stop(endpoint: &str, label: &str, dir: &std::path::Path, id: &str, extra: &[&str]) -> std::process::Output {
    let fixture = workspace().join("tests/fixtures/playbooks/stop.yaml");
    run(cordon(endpoint, &access_key(label))
        .args(["run", "--case", &format!("IR-{label}"), "--set", &format!("instance_id={id}")])
        .args(extra.iter().flat_map(|e| ["--set", e]))
        .arg("--case-dir")
        .arg(dir)
        .arg(fixture))
}

#[tokio::test]
async fn stop_refuses_to_destroy_evidence_and_undo_starts_it_again() {
    let Some(emu) = emulator() else { return };
    let label = unique("stop");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let id = seeded.instance_id.as_str();
    assert_eq!(state(&aws, id).await, "running");

    let refused_dir = tempfile::tempdir().unwrap();
    let refused = stop(&emu.endpoint, &label, refused_dir.path(), id, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("no verified memory capture"), "{}", text(&refused));
    assert_eq!(state(&aws, id).await, "running", "not stopped");

    let dir = tempfile::tempdir().unwrap();
    let out = stop(&emu.endpoint, &label, dir.path(), id, &["force=true"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(state(&aws, id).await, "stopped");
    let undone = run(cordon(&emu.endpoint, &access_key(&label)).arg("undo").arg(dir.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!(state(&aws, id).await, "running", "undo started it again");

    // An instance type with instance-store volumes: refused unless forced.
    let image = aws.ec2.describe_images().owners("amazon").send().await.unwrap();
    let image_id = image.images().iter().find_map(|i| i.image_id()).unwrap();
    let launched = aws
        .ec2
        .run_instances()
        .image_id(image_id)
        .instance_type(aws_sdk_ec2::types::InstanceType::M5dLarge)
        .min_count(1)
        .max_count(1)
        .subnet_id(&seeded.subnet_id)
        .send()
        .await
        .unwrap();
    let nvme = launched.instances()[0].instance_id().unwrap().to_string();
    let store_dir = tempfile::tempdir().unwrap();
    let refused = stop(&emu.endpoint, &label, store_dir.path(), &nvme, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("instance-store"), "{}", text(&refused));
    assert_eq!(state(&aws, &nvme).await, "running");
    let forced_dir = tempfile::tempdir().unwrap();
    let forced = stop(&emu.endpoint, &label, forced_dir.path(), &nvme, &["force=true"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert_eq!(state(&aws, &nvme).await, "stopped");
}
