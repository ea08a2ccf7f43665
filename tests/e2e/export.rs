//! Evidence collected from a seeded instance and user, exported to an Object-Lock
//! bucket: read back through the SDK — bytes, S3-verified checksums, versions, legal
//! hold and retention — and matched against the manifest and the journal's custody.

use aws_sdk_s3::types::ChecksumMode;
use base64::Engine as _;
use sha2::Digest;

use crate::helpers::*;

#[tokio::test]
async fn collected_evidence_is_exported_checksummed_and_locked() {
    let Some(emu) = emulator() else { return };
    let label = unique("export");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let bucket = format!("evidence-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).object_lock_enabled_for_bucket(true).send().await.unwrap();
    let fixture = workspace().join("tests/fixtures/playbooks/collect-export.yaml");
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--case", &format!("IR-{label}")])
        .args(["--set", &format!("instance_id={}", seeded.instance_id)])
        .args(["--set", &format!("user_name={}", seeded.user_name), "--set", &format!("bucket={bucket}")])
        .arg("--case-dir")
        .arg(tmp.path())
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap()).unwrap();
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let exports = manifest["exports"].as_array().unwrap();
    assert!(artifacts.len() >= 5, "instance, interfaces, volumes, console, user: {}", artifacts.len());
    assert_eq!(exports.len(), artifacts.len(), "every artifact exported once");
    for x in exports {
        let path = x["path"].as_str().unwrap();
        let object_key = x["key"].as_str().unwrap();
        assert_eq!(object_key, format!("cordon/IR-{label}/{path}"));
        let local = std::fs::read(tmp.path().join(path)).unwrap();
        let sha = sha2::Sha256::digest(&local);
        assert_eq!(x["sha256"], hex::encode(sha), "{path}");
        let head = aws.s3.head_object().bucket(&bucket).key(object_key).checksum_mode(ChecksumMode::Enabled).send();
        let head = head.await.unwrap();
        assert_eq!(
            head.checksum_sha256(),
            Some(base64::engine::general_purpose::STANDARD.encode(sha).as_str()),
            "{path}"
        );
        assert_eq!(head.version_id(), x["version_id"].as_str(), "{path}: the version recorded is the one stored");
        let body = aws.s3.get_object().bucket(&bucket).key(object_key).send().await.unwrap().body.collect().await;
        assert_eq!(body.unwrap().into_bytes().as_ref(), local.as_slice(), "{path}: the same bytes");
        let hold = aws.s3.get_object_legal_hold().bucket(&bucket).key(object_key).send().await.unwrap();
        assert_eq!(hold.legal_hold().and_then(|h| h.status()).map(|s| s.as_str()), Some("ON"), "{path}");
        // Retention as HeadObject reports it (the emulator does not serve GetObjectRetention).
        assert_eq!(head.object_lock_mode().map(|m| m.as_str()), Some("GOVERNANCE"), "{path}");
        assert!(head.object_lock_retain_until_date().is_some(), "{path}");
        assert_eq!(head.object_lock_legal_hold_status().map(|s| s.as_str()), Some("ON"), "{path}");
    }
    // Custody: one journal entry per export, and the case still verifies.
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert_eq!(journal.matches("\"type\":\"artifact_exported\"").count(), exports.len());
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    // The journal and manifest went too, locked: the exported journal is an anchor off
    // the machine. The local journal holds its last line; cut the local journal back
    // before it, and the copy exposes the cut.
    for name in ["journal.jsonl", "manifest.json"] {
        let object_key = format!("cordon/IR-{label}/{name}");
        let hold = aws.s3.get_object_legal_hold().bucket(&bucket).key(&object_key).send().await.unwrap();
        assert_eq!(hold.legal_hold().and_then(|h| h.status()).map(|s| s.as_str()), Some("ON"), "{name}");
    }
    let object_key = format!("cordon/IR-{label}/journal.jsonl");
    let copy = aws.s3.get_object().bucket(&bucket).key(&object_key).send().await.unwrap().body.collect().await;
    let copy = copy.unwrap().into_bytes();
    assert!(journal.as_bytes().starts_with(&copy), "the exported journal is the local one as it stood");
    let copy_path = tmp.path().join("exported-journal.jsonl");
    std::fs::write(&copy_path, &copy).unwrap();
    let anchored = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--no-record", "--anchor"])
        .arg(&copy_path)
        .arg(tmp.path()));
    assert!(anchored.status.success() && text(&anchored).contains("ok    anchor"), "{}", text(&anchored));
    let kept: String =
        journal.lines().take(String::from_utf8_lossy(&copy).lines().count() - 1).map(|l| format!("{l}\n")).collect();
    std::fs::write(tmp.path().join("journal.jsonl"), kept).unwrap();
    let cut = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--no-record", "--anchor"])
        .arg(&copy_path)
        .arg(tmp.path()));
    assert!(!cut.status.success() && text(&cut).contains("FAIL  anchor"), "{}", text(&cut));
    std::fs::write(tmp.path().join("journal.jsonl"), &journal).unwrap();

    let report = std::fs::read_to_string(tmp.path().join("report.md")).unwrap();
    assert!(report.contains("Exported copies") && report.contains(&format!("s3://{bucket}/cordon/")), "{report}");

    // A bucket without versioning is refused: an overwrite there would destroy evidence.
    let plain = format!("plain-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&plain).send().await.unwrap();
    let refused_dir = tempfile::tempdir().unwrap();
    let refused = run(cordon(&emu.endpoint, &key)
        .args(["run", "--case", &format!("IR-{label}-2")])
        .args(["--set", &format!("instance_id={}", seeded.instance_id)])
        .args(["--set", &format!("user_name={}", seeded.user_name), "--set", &format!("bucket={plain}")])
        .arg("--case-dir")
        .arg(refused_dir.path())
        .arg(&fixture));
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("has no versioning"), "{}", text(&refused));
    let listed = aws.s3.list_objects_v2().bucket(&plain).send().await.unwrap();
    assert_eq!(listed.key_count(), Some(0), "nothing was uploaded");
}
