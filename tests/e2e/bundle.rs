//! `cordon evidence bundle` on a real case, signed; `cordon evidence verify` on the
//! bundle; and the same check by hand with python3's zipfile and `sha256sum -c`.

use ed25519_dalek::pkcs8::EncodePrivateKey;

use crate::helpers::*;

#[tokio::test]
async fn a_signed_bundle_of_a_real_case_verifies_with_cordon_and_with_sha256sum() {
    let Some(emu) = emulator() else { return };
    let label = unique("bundle");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--case-dir"])
        .arg(&case_dir));
    assert!(out.status.success(), "{}", text(&out));

    let signing = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]);
    let pem = tmp.path().join("key.pem");
    std::fs::write(&pem, signing.to_pkcs8_pem(Default::default()).unwrap().as_bytes()).unwrap();
    let zip = tmp.path().join("case.zip");
    let bundled = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "bundle"])
        .arg(&case_dir)
        .arg("--out")
        .arg(&zip)
        .arg("--sign")
        .arg(&pem));
    assert!(bundled.status.success(), "{}", text(&bundled));
    assert!(tmp.path().join("case.zip.sig").exists() && tmp.path().join("case.zip.pub").exists());

    let verified = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify"])
        .arg(&zip)
        .arg("--public-key")
        .arg(tmp.path().join("case.zip.pub")));
    let shown = text(&verified);
    assert!(verified.status.success(), "{shown}");
    assert!(shown.contains("ok    signature") && shown.contains("ok    SHA256SUMS"), "{shown}");

    // A third party without Cordon: extract, then sha256sum -c.
    let by_hand = tmp.path().join("by-hand");
    let unzip =
        std::process::Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&zip).arg(&by_hand).output().unwrap();
    assert!(unzip.status.success(), "{}", String::from_utf8_lossy(&unzip.stderr));
    let sums =
        std::process::Command::new("sha256sum").args(["-c", "SHA256SUMS"]).current_dir(&by_hand).output().unwrap();
    let listed = String::from_utf8_lossy(&sums.stdout);
    assert!(sums.status.success(), "{listed}");
    assert!(listed.contains("journal.jsonl: OK") && listed.contains("manifest.json: OK"), "{listed}");
    assert!(listed.lines().filter(|l| l.ends_with(": OK")).count() >= 6, "{listed}");

    // Custody: the bundling and a later verification are in the case's own journal.
    let checked =
        run(cordon(&emu.endpoint, &key).args(["evidence", "verify", "--operator", "Alice Responder"]).arg(&case_dir));
    assert!(checked.status.success(), "{}", text(&checked));
    let journal = std::fs::read_to_string(case_dir.join("journal.jsonl")).unwrap();
    let custody: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].clone())
        .filter(|e| e["type"] == "custody")
        .collect();
    assert_eq!(custody.len(), 2, "{custody:?}");
    assert_eq!(custody[0]["what"], "bundled");
    assert_eq!(custody[0]["detail"]["bundle"], zip.display().to_string());
    assert_eq!(custody[0]["detail"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        (custody[1]["what"].as_str(), custody[1]["operator"].as_str()),
        (Some("verified"), Some("Alice Responder"))
    );
    assert_eq!(custody[1]["ok"], true);
    assert_eq!(custody[1]["tool_version"], env!("CARGO_PKG_VERSION"));
    assert!(custody[1]["user"].as_str().is_some_and(|u| !u.is_empty()));
    // The records are chained like every other entry: the case still verifies.
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}
