//! Snapshots copied to another Region, re-encrypted with a customer-managed key and
//! shared with a forensic account — read back through the SDK — then unshared by undo;
//! and a snapshot Cordon did not create is refused.

use aws_sdk_ec2::types::{Filter, SnapshotAttributeName};

use crate::helpers::*;

const FORENSIC: &str = "999988887777";

/// The snapshots tagged with the case in one Region.
async fn case_snapshots(ec2: &aws_sdk_ec2::Client, case: &str) -> Vec<aws_sdk_ec2::types::Snapshot> {
    let out = ec2
        .describe_snapshots()
        .owner_ids("self")
        .filters(Filter::builder().name("tag:cordon:case").values(case).build())
        .send()
        .await
        .unwrap();
    out.snapshots().to_vec()
}

/// The accounts a snapshot is shared with, read back through the SDK.
async fn shared_with(ec2: &aws_sdk_ec2::Client, snapshot_id: &str) -> Vec<String> {
    let attr = ec2
        .describe_snapshot_attribute()
        .snapshot_id(snapshot_id)
        .attribute(SnapshotAttributeName::CreateVolumePermission)
        .send()
        .await
        .unwrap();
    attr.create_volume_permissions().iter().filter_map(|p| p.user_id()).map(str::to_string).collect()
}

#[tokio::test]
async fn snapshots_are_copied_reencrypted_shared_and_unshared() {
    let Some(emu) = emulator() else { return };
    let label = unique("share");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let kms = aws.kms_in("eu-west-1");
    let key = kms.create_key().description("forensics").send().await.unwrap();
    let key_arn = key.key_metadata().unwrap().arn().unwrap().to_string();
    let key_id = key.key_metadata().unwrap().key_id().to_string();
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let fixture = workspace().join("tests/fixtures/playbooks/snapshot-share.yaml");
    let ak = access_key(&label);
    let out = run(cordon(&emu.endpoint, &ak)
        .args(["run", "--yes", "--case", &case])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--set", "region=eu-west-1"])
        .args(["--set", &format!("account={FORENSIC}"), "--set", &format!("kms_key={key_arn}"), "--case-dir"])
        .arg(&case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));

    let ec2_eu = aws.ec2_in("eu-west-1");
    let copies = case_snapshots(&ec2_eu, &case).await;
    assert_eq!(copies.len(), 2, "both volumes' snapshots copied to eu-west-1");
    for c in &copies {
        let id = c.snapshot_id().unwrap();
        assert_eq!(c.encrypted(), Some(true), "{id} re-encrypted");
        assert!(c.kms_key_id().is_some_and(|k| k.contains(&key_id)), "{id} with the given key: {:?}", c.kms_key_id());
        assert!(c.tags().iter().any(|t| t.key() == Some("cordon:source-snapshot")));
        assert_eq!(shared_with(&ec2_eu, id).await, [FORENSIC], "{id} shared with the forensic account only");
    }
    let grants = kms.list_grants().key_id(&key_id).send().await.unwrap();
    assert!(
        grants.grants().iter().any(|g| g.grantee_principal() == Some(&format!("arn:aws:iam::{FORENSIC}:root"))),
        "the forensic account may use the key: {:?}",
        grants.grants()
    );

    let undone = run(cordon(&emu.endpoint, &ak).args(["undo", "--yes"]).arg(&case_dir));
    assert!(undone.status.success(), "{}", text(&undone));
    for c in &copies {
        assert!(shared_with(&ec2_eu, c.snapshot_id().unwrap()).await.is_empty(), "no longer shared");
    }
    let grants = kms.list_grants().key_id(&key_id).send().await.unwrap();
    assert!(grants.grants().is_empty(), "grant revoked: {:?}", grants.grants());
    assert_eq!(case_snapshots(&ec2_eu, &case).await.len(), 2, "copies are evidence: kept");
}

#[tokio::test]
async fn a_snapshot_cordon_did_not_create_is_never_shared() {
    let Some(emu) = emulator() else { return };
    let label = unique("noshare");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let volume = aws
        .ec2
        .describe_volumes()
        .filters(Filter::builder().name("attachment.instance-id").values(&seeded.instance_id).build())
        .send()
        .await
        .unwrap();
    let vol = volume.volumes()[0].volume_id().unwrap();
    let snap = aws.ec2.create_snapshot().volume_id(vol).send().await.unwrap();
    let snap_id = snap.snapshot_id().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--yes", "--case", &format!("IR-{label}"), "--set", &format!("snapshot_id={snap_id}")])
        .args(["--set", &format!("account={FORENSIC}"), "--case-dir"])
        .arg(tmp.path())
        .arg(workspace().join("tests/fixtures/playbooks/share-only.yaml")));
    assert!(!out.status.success());
    assert!(text(&out).contains("Cordon shares only its own snapshots"), "{}", text(&out));
    assert!(shared_with(&aws.ec2, snap_id).await.is_empty(), "nothing was shared");
}

/// The incident playbook's optional last step: with a forensic account and Region, the
/// snapshots it took are copied there, re-encrypted with the given key and shared.
#[tokio::test]
async fn the_ec2_playbook_shares_its_snapshots_with_the_forensic_account_when_asked() {
    let Some(emu) = emulator() else { return };
    let label = unique("pbshare");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let kms = aws.kms_in("eu-west-1");
    let key = kms.create_key().description("forensics").send().await.unwrap();
    let key_arn = key.key_metadata().unwrap().arn().unwrap().to_string();
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case, "--output", "json"])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--set", "forensic_region=eu-west-1"])
        .args(["--set", &format!("forensic_account={FORENSIC}"), "--set", &format!("forensic_kms_key={key_arn}")])
        .arg("--case-dir")
        .arg(&case_dir));
    assert!(out.status.success(), "{}", text(&out));
    let copies = case_snapshots(&aws.ec2_in("eu-west-1"), &case).await;
    assert_eq!(copies.len(), 2, "both volumes' snapshots copied to the forensic Region");
    for c in &copies {
        let id = c.snapshot_id().unwrap();
        assert_eq!(
            shared_with(&aws.ec2_in("eu-west-1"), id).await,
            [FORENSIC],
            "{id} shared with the forensic account"
        );
    }
    let journal = std::fs::read_to_string(case_dir.join("journal.jsonl")).unwrap();
    assert!(journal.contains(r#""type":"approval_granted","run":1,"step_id":"share""#), "the share step was approved");
}
