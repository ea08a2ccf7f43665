//! `cordon timeline build` against a trail archive in the emulator's S3: only the files
//! that can hold window events are read, bad files are reported by URI, duplicates are
//! dropped; merged with a real case's responder actions, and the report shows both.

use std::io::Write;

use serde_json::{Value, json};
use sha2::Digest;

use crate::helpers::*;

pub fn ct_record(id: &str, time: &str, name: &str, user: &str) -> Value {
    json!({
        "eventVersion": "1.09", "eventTime": time, "eventSource": "iam.amazonaws.com", "eventName": name,
        "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.50", "userAgent": "aws-cli/2", "eventID": id,
        "readOnly": false, "recipientAccountId": "111122223333",
        "userIdentity": {"type": "IAMUser", "userName": user, "accountId": "111122223333", "accessKeyId": "AKIAATTACKER0001",
                         "arn": format!("arn:aws:iam::111122223333:user/{user}")},
        "requestParameters": {"userName": "backdoor"}
    })
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn log_key(region: &str, stamp: &str, n: u32) -> String {
    let (y, m, d) = (&stamp[..4], &stamp[4..6], &stamp[6..8]);
    format!(
        "trail/AWSLogs/111122223333/CloudTrail/{region}/{y}/{m}/{d}/111122223333_CloudTrail_{region}_{stamp}_{n:04}.json.gz"
    )
}

async fn put(s3: &aws_sdk_s3::Client, bucket: &str, key: &str, body: Vec<u8>) {
    s3.put_object().bucket(bucket).key(key).body(body.into()).send().await.unwrap();
}

fn records(r: &[Value]) -> Vec<u8> {
    gzip(json!({ "Records": r }).to_string().as_bytes())
}

fn jsonl(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn reads_only_the_window_from_the_trail_archive() {
    let Some(emu) = emulator() else { return };
    let label = unique("trail");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let in_window = ct_record("a1", "2026-11-29T10:01:00Z", "CreateUser", "mallory");
    put(
        &aws.s3,
        &bucket,
        &log_key("us-east-1", "20261129T1005Z", 1),
        records(&[in_window.clone(), ct_record("a0", "2026-11-29T09:00:00Z", "ListUsers", "mallory")]),
    )
    .await;
    put(
        &aws.s3,
        &bucket,
        &log_key("eu-west-1", "20261129T1020Z", 2),
        records(&[ct_record("b1", "2026-11-29T10:10:00Z", "CreateAccessKey", "mallory"), in_window]),
    )
    .await;
    // Traps: in-window events in files whose stamps cannot hold them. Read, they would show.
    put(
        &aws.s3,
        &bucket,
        &log_key("us-east-1", "20261128T1000Z", 3),
        records(&[ct_record("trap-day", "2026-11-29T10:02:00Z", "Trap", "x")]),
    )
    .await;
    put(
        &aws.s3,
        &bucket,
        &log_key("us-east-1", "20261129T1200Z", 4),
        records(&[ct_record("trap-late", "2026-11-29T10:03:00Z", "Trap", "x")]),
    )
    .await;
    let mut truncated = records(&[ct_record("c1", "2026-11-29T10:04:00Z", "DeleteTrail", "mallory")]);
    truncated.truncate(truncated.len() / 2);
    let bad_key = log_key("us-east-1", "20261129T1006Z", 5);
    put(&aws.s3, &bucket, &bad_key, truncated).await;

    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("t.jsonl");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["--output", "json", "timeline", "build", "--from", &format!("s3://{bucket}/trail")])
        .args(["--start", "2026-11-29T10:00:00Z", "--end", "2026-11-29T10:30:00Z", "--out"])
        .arg(&out_file));
    assert!(out.status.success(), "{}", text(&out));
    let ids: Vec<String> = jsonl(&out_file).iter().map(|l| l["event_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["a1", "b1"], "window events once each, no trap file read");
    let summary: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(summary["summary"]["duplicates"], 1);
    assert_eq!(summary["summary"]["files"], 3, "three files can hold window events: {summary}");
    let problems = summary["summary"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["file"], format!("s3://{bucket}/{bad_key}"));
    assert!(problems[0]["message"].as_str().unwrap().contains("truncated"));

    let only_eu = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["--region", "eu-west-1", "timeline", "build", "--from", &format!("s3://{bucket}/trail/")])
        .args(["--start", "2026-11-29T10:00:00Z", "--end", "2026-11-29T10:30:00Z", "--format", "csv"]));
    assert!(only_eu.status.success(), "{}", text(&only_eu));
    let csv = String::from_utf8_lossy(&only_eu.stdout);
    assert_eq!(csv.lines().count(), 3, "header and the two eu-west-1 events: {csv}");
    assert!(csv.contains("CreateAccessKey") && !csv.contains("DeleteTrail"));
}

/// A local copy of the archive (`aws s3 sync`) follows the same window rule as the
/// bucket: trail log files stamped where they cannot hold window events are not read
/// (counted, and read with --all-files); files named otherwise are always read.
#[test]
fn reads_only_the_window_from_a_local_copy_of_the_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let put = |rel: &str, body: Vec<u8>| {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    };
    put(
        &log_key("us-east-1", "20261129T1005Z", 1),
        records(&[ct_record("a1", "2026-11-29T10:01:00Z", "CreateUser", "mallory")]),
    );
    // Traps: window events in files whose stamps cannot hold them.
    put(
        &log_key("us-east-1", "20261128T1000Z", 2),
        records(&[ct_record("trap-day", "2026-11-29T10:02:00Z", "Trap", "x")]),
    );
    put(
        &log_key("us-east-1", "20261129T1200Z", 3),
        records(&[ct_record("trap-late", "2026-11-29T10:03:00Z", "Trap", "x")]),
    );
    // Not a trail log file's name: read whatever its name says.
    put(
        "exports/events_20261101T0000Z.json",
        json!({"Records": [ct_record("e1", "2026-11-29T10:04:00Z", "PutBucketPolicy", "mallory")]})
            .to_string()
            .into_bytes(),
    );

    let build = |extra: &[&str]| {
        let out_file = tmp.path().join("t.jsonl");
        let out = run(cordon("http://127.0.0.1:9", "AKIALOCALONLY0000001")
            .args(["--output", "json", "timeline", "build"])
            .arg(tmp.path().join("trail"))
            .arg(tmp.path().join("exports"))
            .args(["--start", "2026-11-29T10:00:00Z", "--end", "2026-11-29T10:30:00Z", "--out"])
            .arg(&out_file)
            .args(extra));
        assert!(out.status.success(), "{}", text(&out));
        let ids: Vec<String> = jsonl(&out_file).iter().map(|l| l["event_id"].as_str().unwrap().to_string()).collect();
        let summary: Value = serde_json::from_slice(&out.stderr).unwrap();
        (ids, summary["summary"].clone())
    };
    let (ids, summary) = build(&[]);
    assert_eq!(ids, ["a1", "e1"], "no trap file read: {summary}");
    assert_eq!((summary["files"].as_u64(), summary["files_skipped"].as_u64()), (Some(2), Some(2)), "{summary}");
    let (ids, summary) = build(&["--all-files"]);
    assert_eq!(ids, ["a1", "trap-day", "trap-late", "e1"], "every file read: {summary}");
    assert_eq!((summary["files"].as_u64(), summary["files_skipped"].as_u64()), (Some(4), Some(0)), "{summary}");
}

/// Many broken files: the human summary lists the first problems and says how many more
/// there are, so the summary stays readable; JSON lists every one.
#[test]
fn many_problems_do_not_bury_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tmp.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    for n in 0..25 {
        std::fs::write(logs.join(format!("broken-{n:02}.json")), b"{\"Records\": [").unwrap();
    }
    std::fs::write(
        logs.join("good.json"),
        records(&[ct_record("g1", "2026-11-29T10:00:00Z", "CreateUser", "mallory")]),
    )
    .unwrap();
    let out_file = tmp.path().join("t.jsonl");
    let human = run(cordon("http://127.0.0.1:9", "AKIALOCALONLY0000001")
        .args(["timeline", "build"])
        .arg(&logs)
        .arg("--out")
        .arg(&out_file));
    assert!(human.status.success(), "{}", text(&human));
    let err = String::from_utf8_lossy(&human.stderr);
    assert_eq!(err.lines().filter(|l| l.contains("broken-")).count(), 20, "{err}");
    assert!(err.contains("... and 5 more problems (--output json lists every one)"), "{err}");
    assert_eq!(jsonl(&out_file).len(), 1, "the good file is still read: {err}");
    let json = run(cordon("http://127.0.0.1:9", "AKIALOCALONLY0000001")
        .args(["--output", "json", "timeline", "build"])
        .arg(&logs)
        .arg("--out")
        .arg(&out_file));
    let summary: Value = serde_json::from_slice(&json.stderr).unwrap();
    assert_eq!(summary["summary"]["problems"].as_array().map(Vec::len), Some(25));
}

#[tokio::test]
async fn merges_a_cases_responder_actions_and_feeds_the_report() {
    let Some(emu) = emulator() else { return };
    let label = unique("tlcase");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let ran = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--case-dir"])
        .arg(&case_dir));
    assert!(ran.status.success(), "{}", text(&ran));
    // Attacker activity a minute before the run, from a local export (JSON Lines).
    let before = jiff::Timestamp::now().checked_sub(jiff::SignedDuration::from_secs(60)).unwrap();
    let hostile = ct_record("x1", &before.to_string(), "CreateUser", "mallory");
    let export = tmp.path().join("export.jsonl");
    std::fs::write(&export, format!("{hostile}\n")).unwrap();

    let out = run(cordon(&emu.endpoint, &key).args(["timeline", "build"]).arg(&export).arg("--case").arg(&case_dir));
    assert!(out.status.success(), "{}", text(&out));
    let lines = jsonl(&case_dir.join("timeline.jsonl"));
    assert_eq!(lines[0]["event_id"], "x1", "the attacker's event comes first");
    assert_eq!(lines[0]["timestamp_desc"], "Event Time");
    let responder: Vec<_> = lines.iter().filter(|l| l["responder_action"] == true).collect();
    assert!(responder.len() >= 5, "{lines:?}");
    assert!(responder.iter().all(|l| l["timestamp_desc"] == "Responder Action"));
    assert!(responder.iter().any(|l| l["event_name"].as_str().unwrap().contains("isolate")));
    let times: Vec<&str> = lines.iter().map(|l| l["datetime"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order: {times:?}");

    let report = run(cordon(&emu.endpoint, &key).arg("report").arg(&case_dir));
    assert!(report.status.success(), "{}", text(&report));
    let md = std::fs::read_to_string(case_dir.join("report.md")).unwrap();
    let row = md.lines().find(|l| l.contains("CreateUser")).expect("the CloudTrail event is in the report");
    assert!(row.contains("user/mallory") && row.contains("cloudtrail"), "{row}");
    assert!(
        verify(&case_dir, &emu.endpoint).status.success(),
        "timeline.jsonl beside the evidence does not break verification"
    );
}

#[tokio::test]
async fn cloudtrail_collect_copies_the_window_into_the_case_as_stored() {
    let Some(emu) = emulator() else { return };
    let label = unique("collect");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let inside = [log_key("us-east-1", "20261129T1005Z", 1), log_key("eu-west-1", "20261129T1020Z", 2)];
    let outside = [log_key("us-east-1", "20261128T1000Z", 3), log_key("us-east-1", "20261129T1300Z", 4)];
    for (i, k) in inside.iter().chain(&outside).enumerate() {
        let r = ct_record(&format!("c{i}"), "2026-11-29T10:01:00Z", "CreateUser", "mallory");
        put(&aws.s3, &bucket, k, records(&[r])).await;
    }
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let fixture = workspace().join("tests/fixtures/playbooks/collect-trail.yaml");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--case", &format!("IR-{label}"), "--set", &format!("bucket={bucket}")])
        .args(["--set", "start=2026-11-29T10:00:00Z", "--set", "end=2026-11-29T10:30:00Z", "--case-dir"])
        .arg(&case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(case_dir.join("manifest.json")).unwrap()).unwrap();
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let mut sources: Vec<&str> = artifacts.iter().map(|a| a["source"].as_str().unwrap()).collect();
    sources.sort();
    let mut expected: Vec<String> = inside.iter().map(|k| format!("s3://{bucket}/{k}")).collect();
    expected.sort();
    assert_eq!(sources, expected, "exactly the files that can hold window events");
    for a in artifacts {
        let key = a["source"].as_str().unwrap().trim_start_matches(&format!("s3://{bucket}/")).to_string();
        let object = aws.s3.get_object().bucket(&bucket).key(&key).send().await.unwrap();
        let bytes = object.body.collect().await.unwrap().into_bytes();
        let local = std::fs::read(case_dir.join(a["path"].as_str().unwrap())).unwrap();
        assert_eq!(local, bytes.to_vec(), "copied as stored (compressed)");
        assert_eq!(a["sha256"].as_str().unwrap(), hex::encode(sha2::Sha256::digest(&bytes)));
        assert_eq!(a["media_type"], "application/gzip");
    }
    assert!(verify(&case_dir, &emu.endpoint).status.success());
    let tl = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["timeline", "build"])
        .arg(case_dir.join("artifacts"))
        .args(["--format", "md"]));
    assert!(tl.status.success(), "{}", text(&tl));
    assert_eq!(String::from_utf8_lossy(&tl.stdout).matches("CreateUser").count(), 2, "{}", text(&tl));
}

/// Keys an attacker who can write to the trail bucket may plant among the log files:
/// hidden, very long, with control and direction-changing characters, and one object
/// larger than the step will copy. None fails the step; each odd one is stored under a
/// safe name with its key in `source`; the large one is skipped, said so, and not kept.
#[tokio::test]
async fn cloudtrail_collect_stores_odd_keys_under_safe_names_and_skips_large_objects() {
    let Some(emu) = emulator() else { return };
    let label = unique("oddkeys");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let day = "trail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/29/";
    let odd = [
        format!("{day}.hidden.json.gz"),
        format!("{day}{}.json.gz", "x".repeat(400)),
        format!("{day}tab\there\u{7f}del\u{202E}zg.nosj.exe"),
        format!("{day}CON"),
    ];
    let normal = log_key("us-east-1", "20261129T1005Z", 1);
    let large = log_key("us-east-1", "20261129T1010Z", 2);
    for (i, k) in odd.iter().chain([&normal]).enumerate() {
        let r = ct_record(&format!("o{i}"), "2026-11-29T10:01:00Z", "CreateUser", "mallory");
        put(&aws.s3, &bucket, k, records(&[r])).await;
    }
    put(&aws.s3, &bucket, &large, vec![b'x'; 5000]).await;
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let fixture = workspace().join("tests/fixtures/playbooks/collect-trail.yaml");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--output", "json", "--case", &format!("IR-{label}"), "--set", &format!("bucket={bucket}")])
        .args(["--set", "start=2026-11-29T10:00:00Z", "--set", "end=2026-11-29T10:30:00Z"])
        .args(["--set", "max_file_size=4000", "--case-dir"])
        .arg(&case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let receipt = summary["summary"]["steps"][0]["receipt"].clone();
    assert_eq!(receipt["files"], 5, "{receipt}");
    let skipped = receipt["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{receipt}");
    assert_eq!(skipped[0]["source"], format!("s3://{bucket}/{large}"));
    assert!(skipped[0]["reason"].as_str().unwrap().contains("max_file_size 4000"), "{receipt}");

    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(case_dir.join("manifest.json")).unwrap()).unwrap();
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let mut sources: Vec<String> = artifacts.iter().map(|a| a["source"].as_str().unwrap().to_string()).collect();
    sources.sort();
    let mut expected: Vec<String> = odd.iter().chain([&normal]).map(|k| format!("s3://{bucket}/{k}")).collect();
    expected.sort();
    assert_eq!(sources, expected, "every key kept verbatim in source");
    for a in artifacts {
        let path = a["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        assert!(!name.starts_with('.') && name.len() <= 170, "{name:?}");
        assert!(!name.chars().any(|c| c.is_control() || c == '\u{202E}'), "{name:?}");
        assert_ne!(name, "CON");
        let local = std::fs::read(case_dir.join(path)).unwrap();
        assert_eq!(a["sha256"].as_str().unwrap(), hex::encode(sha2::Sha256::digest(&local)));
    }
    let names: Vec<String> = std::fs::read_dir(case_dir.join("artifacts/trail"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "nothing else left in the step's folder (no partial of the large object): {names:?}");
    assert!(!names.iter().any(|n| n.contains("0002")), "the large object is not kept: {names:?}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}
