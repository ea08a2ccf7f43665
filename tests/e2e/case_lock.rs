//! One writer per case: a second `undo`, `run` or `bundle` on a case in use is refused
//! naming the holder; a read-only `verify` still works and writes no custody record; a
//! lock left by a killed holder is taken over and journaled.

use crate::helpers::*;

fn custody_whats(case_dir: &std::path::Path) -> Vec<String> {
    let journal = std::fs::read_to_string(case_dir.join("journal.jsonl")).unwrap();
    journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].clone())
        .filter(|e| e["type"] == "custody")
        .map(|e| e["what"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_case_in_use_is_refused_to_writers_and_verified_without_custody_and_a_dead_holder_is_taken_over() {
    let Some(emu) = emulator() else { return };
    let label = unique("lock");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let case = format!("IR-{label}");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--case-dir"])
        .arg(&case_dir));
    assert!(out.status.success(), "{}", text(&out));
    let journal_before = std::fs::read_to_string(case_dir.join("journal.jsonl")).unwrap();

    // Another process (this test) holds the case.
    let held = cordon_case::CaseLock::acquire(&case_dir, "run", "2026-11-30T10:00:00Z").unwrap();
    let me = format!("pid {}", std::process::id());
    for args in [vec!["undo", "--yes"], vec!["resume", "--yes"]] {
        let refused = run(cordon(&emu.endpoint, &key).args(&args).arg(&case_dir));
        assert!(!refused.status.success(), "{args:?}: {}", text(&refused));
        assert!(text(&refused).contains(&me) && text(&refused).contains("cordon run"), "{}", text(&refused));
    }
    let again = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--case-dir"])
        .arg(&case_dir));
    assert!(!again.status.success() && text(&again).contains(&me), "{}", text(&again));
    let bundled = run(cordon(&emu.endpoint, &key)
        .args(["evidence", "bundle"])
        .arg(&case_dir)
        .arg("--out")
        .arg(tmp.path().join("b.zip")));
    assert!(!bundled.status.success() && text(&bundled).contains(&me), "{}", text(&bundled));
    let verified = run(cordon(&emu.endpoint, &key).args(["evidence", "verify"]).arg(&case_dir));
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(text(&verified).contains("no custody record"), "{}", text(&verified));
    assert_eq!(std::fs::read_to_string(case_dir.join("journal.jsonl")).unwrap(), journal_before, "nothing written");

    // The holder is killed: the OS releases the lock, its record stays behind.
    drop(held);
    let dead = cordon_case::Holder {
        pid: 4_000_000,
        host: cordon_case::host_name(),
        command: "run".into(),
        since: "2026-11-30T10:00:00Z".into(),
    };
    std::fs::write(case_dir.join(cordon_case::LOCK), serde_json::to_string(&dead).unwrap()).unwrap();
    let undone = run(cordon(&emu.endpoint, &key).args(["undo", "--yes"]).arg(&case_dir));
    assert!(undone.status.success(), "{}", text(&undone));
    assert!(text(&undone).contains("pid 4000000"), "{}", text(&undone));
    assert_eq!(custody_whats(&case_dir), ["lock_taken_over"]);
    assert!(run(cordon(&emu.endpoint, &key).args(["evidence", "verify"]).arg(&case_dir)).status.success());
}
