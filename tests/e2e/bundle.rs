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
    cordon_case::private::write(&pem, signing.to_pkcs8_pem(Default::default()).unwrap().as_bytes()).unwrap();
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

    // The signer's public key as the verifier holds it (not the one beside the bundle).
    use ed25519_dalek::pkcs8::EncodePublicKey;
    let signer = tmp.path().join("signer.pub");
    std::fs::write(&signer, signing.verifying_key().to_public_key_pem(Default::default()).unwrap()).unwrap();
    let fingerprint = cordon_case::bundle::fingerprint(&signing.verifying_key());
    let verified = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--require-signature"])
        .arg(&zip)
        .arg("--public-key")
        .arg(&signer));
    let shown = text(&verified);
    assert!(verified.status.success(), "{shown}");
    assert!(shown.contains("ok    signature") && shown.contains("ok    SHA256SUMS"), "{shown}");
    assert!(shown.contains("ok    zip layout"), "{shown}");
    assert!(shown.contains("signed by a trusted key") && shown.contains(&fingerprint), "{shown}");
    // The key beside the bundle is not trust: intact, said untrusted, exit 5 when required.
    let untrusted = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify"])
        .arg(&zip)
        .env("CORDON_TRUSTED_KEYS", "")
        .env("HOME", tmp.path()));
    assert!(untrusted.status.success() && text(&untrusted).contains("UNTRUSTED"), "{}", text(&untrusted));
    let required = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--require-signature"])
        .arg(&zip)
        .env("CORDON_TRUSTED_KEYS", "")
        .env("HOME", tmp.path()));
    assert_eq!(required.status.code(), Some(5), "{}", text(&required));

    // The documentation's recipes, run exactly as written: the case directory's checks
    // from inside it, and the bundle's by hand beside it (with the signer's key).
    let doc = std::fs::read_to_string(workspace().join("docs/case-format.md")).unwrap();
    let block = |after: &str, fence: &str| {
        let from = doc.find(after).unwrap_or_else(|| panic!("docs/case-format.md: no {after:?}"));
        let open = from + doc[from..].find(fence).unwrap() + fence.len();
        let close = open + doc[open..].find("\n```").unwrap();
        doc[open..close].to_string()
    };
    let bash = |script: String, dir: &std::path::Path| {
        let out =
            std::process::Command::new("bash").args(["-euo", "pipefail", "-c", &script]).current_dir(dir).output();
        let out = out.expect("bash runs");
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{script}\n{said}");
        said
    };
    let case_said = bash(block("## Checking a case without Cordon", "```bash"), &case_dir);
    assert!(!case_said.contains("chain broken") && !case_said.contains("FAILED"), "{case_said}");
    assert!(case_said.contains("manifest agrees with the journal"), "{case_said}");
    let hand = tmp.path().join("third-party");
    std::fs::create_dir(&hand).unwrap();
    for f in ["case.zip", "case.zip.sig", "signer.pub"] {
        std::fs::copy(tmp.path().join(f), hand.join(f)).unwrap();
    }
    let by_hand_said = bash(block("By hand, without Cordon", "```sh"), &hand);
    assert!(by_hand_said.contains("Signature Verified Successfully"), "{by_hand_said}");
    assert!(by_hand_said.contains(&fingerprint), "the fingerprint openssl prints is Cordon's: {by_hand_said}");

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

    // The anchor the run printed: still in the journal after the custody records; a cut
    // at it (the run's last entries removed) passes the chain check but not the anchor.
    let anchor = text(&out)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Journal anchor (keep it off this machine; `cordon evidence verify --anchor` checks it): ")
        })
        .map(str::to_string)
        .unwrap_or_else(|| panic!("the run prints its anchor: {}", text(&out)));
    let anchored = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--no-record", "--anchor", &anchor])
        .arg(&case_dir));
    assert!(anchored.status.success() && text(&anchored).contains("ok    anchor"), "{}", text(&anchored));
    let lines: Vec<&str> = journal.lines().collect();
    let at = lines.iter().position(|l| sha256_hex(l.as_bytes()) == anchor).expect("the anchored line");
    std::fs::write(case_dir.join("journal.jsonl"), lines[..at].iter().map(|l| format!("{l}\n")).collect::<String>())
        .unwrap();
    let cut = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "verify", "--no-record", "--anchor", &anchor])
        .arg(&case_dir));
    assert!(!cut.status.success() && text(&cut).contains("FAIL  anchor"), "{}", text(&cut));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}
