//! The case directory on a real filesystem: store, verify, tamper, refuse.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use cordon_case::{CaseDir, CaseError, verify};
use cordon_core::artifact::{ArtifactMeta, ArtifactSink};
use cordon_core::clock::FixedClock;
use cordon_core::journal::{CallerIdentity, Event, JournalSink, StepStatus};

fn caller(account: &str) -> CallerIdentity {
    CallerIdentity {
        account: account.into(),
        arn: format!("arn:aws:iam::{account}:user/responder"),
        user_id: "AIDA1".into(),
    }
}

fn open(dir: &std::path::Path, case: &str, account: &str) -> Result<CaseDir, CaseError> {
    let clock = Arc::new(FixedClock::new("2026-11-22T08:00:00Z".parse().unwrap(), 10));
    let caller = caller(account);
    let who =
        cordon_case::Opener { operator: Some("alice"), region: Some("us-east-1"), ..cordon_case::Opener::new(&caller) };
    CaseDir::open(dir, case, &who, clock).map(|o| o.dir)
}

fn meta(name: &str) -> ArtifactMeta {
    ArtifactMeta { name: name.into(), source: "i-1234abcd".into(), media_type: "application/json" }
}

fn populated() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let case = open(tmp.path(), "IR-1", "123456789012").unwrap();
    case.store("capture", "ec2.capture_metadata", meta("instance.json"), b"{\"id\":1}").unwrap();
    case.store("capture", "ec2.capture_metadata", meta("console.txt"), b"boot log").unwrap();
    case.append(Event::RunFinished { run: 1, status: StepStatus::Succeeded, failed_steps: vec![] }).unwrap();
    tmp
}

#[test]
fn intact_case_verifies() {
    let tmp = populated();
    let report = verify(tmp.path());
    assert!(report.ok, "{:#?}", report.items);
    assert_eq!(report.journal_entries, 4, "case_opened, two artifacts, run_finished");
    let sha = report.items.iter().find(|i| i.item == "artifacts/capture/instance.json").unwrap();
    assert!(
        sha.detail.contains(&cordon_case::sha256_file(&tmp.path().join("artifacts/capture/instance.json")).unwrap().0)
    );
}

#[test]
fn a_changed_artifact_byte_is_named() {
    let tmp = populated();
    let p = tmp.path().join("artifacts/capture/console.txt");
    std::fs::write(&p, b"boot lag").unwrap();
    let report = verify(tmp.path());
    assert!(!report.ok);
    let bad: Vec<_> = report.failures().map(|i| i.item.as_str()).collect();
    assert_eq!(bad, ["artifacts/capture/console.txt"]);
}

#[test]
fn a_changed_journal_line_is_named() {
    let tmp = populated();
    let p = tmp.path().join("journal.jsonl");
    let text = std::fs::read_to_string(&p).unwrap().replacen("alice", "mallory", 1);
    std::fs::write(&p, text).unwrap();
    let report = verify(tmp.path());
    let bad: Vec<_> = report.failures().map(|i| i.item.as_str()).collect();
    assert_eq!(bad, ["journal.jsonl:2"], "line 1 was edited, so line 2's prev no longer matches");
}

#[test]
fn a_manifest_rewritten_with_the_artifact_is_caught_by_the_journal() {
    let tmp = populated();
    std::fs::write(tmp.path().join("artifacts/capture/console.txt"), b"forged").unwrap();
    let (sha, size) = cordon_case::sha256_file(&tmp.path().join("artifacts/capture/console.txt")).unwrap();
    let mpath = tmp.path().join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["artifacts"][1]["sha256"] = sha.into();
    m["artifacts"][1]["size"] = size.into();
    std::fs::write(&mpath, serde_json::to_string(&m).unwrap()).unwrap();
    let report = verify(tmp.path());
    assert!(!report.ok);
    assert!(
        report.failures().any(|i| i.item == "manifest.json" && i.detail.contains("console.txt")),
        "{:#?}",
        report.items
    );
}

#[test]
fn unrecorded_files_and_missing_files_are_reported() {
    let tmp = populated();
    std::fs::write(tmp.path().join("artifacts/capture/planted.sh"), b"x").unwrap();
    std::fs::remove_file(tmp.path().join("artifacts/capture/instance.json")).unwrap();
    let report = verify(tmp.path());
    let bad: Vec<_> = report.failures().map(|i| i.item.as_str()).collect();
    assert!(bad.contains(&"artifacts/capture/planted.sh"), "{bad:?}");
    assert!(bad.contains(&"artifacts/capture/instance.json"), "{bad:?}");
}

#[test]
fn artifacts_are_never_overwritten() {
    let tmp = populated();
    let case = open(tmp.path(), "IR-1", "123456789012").unwrap();
    let r = case.store("capture", "ec2.capture_metadata", meta("instance.json"), b"second").unwrap();
    assert_eq!(r.path, "artifacts/capture/instance-2.json");
    assert_eq!(std::fs::read(tmp.path().join("artifacts/capture/instance.json")).unwrap(), b"{\"id\":1}");
    assert!(verify(tmp.path()).ok);
    assert!(case.store("../x", "a", meta("y"), b"").is_err());
    // A name from outside never leaves the step's folder: it is stored under a safe name.
    let r = case.store("s", "a", meta("../../etc/passwd"), b"").unwrap();
    assert_eq!(r.path, "artifacts/s/_.._.._etc_passwd");
}

#[test]
fn refuses_another_case_or_account_or_a_damaged_journal() {
    let tmp = populated();
    assert!(matches!(open(tmp.path(), "IR-2", "123456789012"), Err(CaseError::OtherCase { .. })));
    assert!(matches!(open(tmp.path(), "IR-1", "999999999999"), Err(CaseError::OtherAccount { .. })));
    let p = tmp.path().join("journal.jsonl");
    let text = std::fs::read_to_string(&p).unwrap().replacen("\"seq\":1", "\"seq\":7", 1);
    std::fs::write(&p, text).unwrap();
    assert!(matches!(open(tmp.path(), "IR-1", "123456789012"), Err(CaseError::Damaged { .. })));
}

#[test]
fn reopening_after_a_crash_repairs_partials_and_the_manifest() {
    let tmp = populated();
    // A crash before the journal record: an unrecorded partial file.
    std::fs::write(tmp.path().join("artifacts/capture/.volumes.json.partial"), b"half").unwrap();
    // A crash between the journal record and the rename: the file is still partial.
    let recorded = tmp.path().join("artifacts/capture/console.txt");
    std::fs::rename(&recorded, tmp.path().join("artifacts/capture/.console.txt.partial")).unwrap();
    // A crash before the manifest write: the manifest lags behind the journal.
    let mpath = tmp.path().join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["artifacts"].as_array_mut().unwrap().pop();
    std::fs::write(&mpath, m.to_string()).unwrap();
    assert!(!verify(tmp.path()).ok);

    let _case = open(tmp.path(), "IR-1", "123456789012").unwrap();
    let report = verify(tmp.path());
    assert!(report.ok, "{:#?}", report.items);
    assert_eq!(std::fs::read(&recorded).unwrap(), b"boot log");
    assert!(!tmp.path().join("artifacts/capture/.volumes.json.partial").exists());
}

#[test]
fn a_file_is_stored_streamed_and_hashed_on_the_way_in() {
    let tmp = tempfile::tempdir().unwrap();
    let case = open(tmp.path(), "IR-9", "123456789012").unwrap();
    let source = tmp.path().join("memory.raw");
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&source, &content).unwrap();
    let record = case.store_file("memory", "ec2.capture_memory", meta("memory.raw"), &source).unwrap();
    assert_eq!(record.size, content.len() as u64);
    assert_eq!(record.sha256, cordon_case::sha256_file(&source).unwrap().0);
    assert_eq!(std::fs::read(tmp.path().join(&record.path)).unwrap(), content);
    let report = verify(tmp.path());
    assert!(report.ok, "{:#?}", report.items);
}

#[test]
fn names_from_outside_are_stored_safely_and_never_fail_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let case = open(tmp.path(), "IR-1", "123456789012").unwrap();
    let odd = [".hidden", "..", "", "a/b", "bell\u{7}", "rtl\u{202E}txt.exe", &"y".repeat(1000), "NUL.json"];
    for name in odd {
        let meta = ArtifactMeta { name: name.into(), source: format!("s3://b/{name}"), media_type: "text/plain" };
        let rec = case.store("collect", "cloudtrail.collect", meta, name.as_bytes()).unwrap();
        let file = rec.path.strip_prefix("artifacts/collect/").unwrap();
        assert_eq!(file, cordon_case::artifact_file_name(name), "{name:?}");
        assert_eq!(rec.source, format!("s3://b/{name}"), "the original name is kept");
        assert_eq!(std::fs::read(tmp.path().join(&rec.path)).unwrap(), name.as_bytes());
    }
    let report = verify(tmp.path());
    assert!(report.ok, "{:#?}", report.items);
}

#[test]
fn pieces_written_at_once_under_one_name_never_share_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let case = open(tmp.path(), "IR-1", "123456789012").unwrap();
    // Begun together (streams from S3 in flight at once), finished in reverse order.
    let mut writers: Vec<_> =
        (0..4).map(|_| case.begin("collect", "cloudtrail.collect", meta("same.json.gz")).unwrap()).collect();
    for (i, w) in writers.iter_mut().enumerate() {
        w.write(format!("piece {i};").as_bytes()).unwrap();
        w.write(b"more").unwrap();
    }
    let mut records: Vec<_> = writers.into_iter().rev().map(|w| w.finish().unwrap()).collect();
    records.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<&str> = records.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "artifacts/collect/same.json-2.gz",
            "artifacts/collect/same.json-3.gz",
            "artifacts/collect/same.json-4.gz",
            "artifacts/collect/same.json.gz"
        ]
    );
    let mut contents: Vec<String> =
        records.iter().map(|r| std::fs::read_to_string(tmp.path().join(&r.path)).unwrap()).collect();
    contents.sort();
    assert_eq!(contents, ["piece 0;more", "piece 1;more", "piece 2;more", "piece 3;more"]);
    // A writer dropped unfinished (the object was too large) leaves nothing and records nothing.
    let mut dropped = case.begin("collect", "cloudtrail.collect", meta("big.json.gz")).unwrap();
    dropped.write(b"partial").unwrap();
    drop(dropped);
    let left: Vec<String> = std::fs::read_dir(tmp.path().join("artifacts/collect"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 4, "{left:?}");
    assert_eq!(case.list().len(), 4);
    assert!(verify(tmp.path()).ok);
}
