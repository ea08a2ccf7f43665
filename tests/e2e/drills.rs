//! `cordon drill` end to end on the emulator: a shipped scenario started, responded to
//! with the playbook that fits (`drill run`), scored and cleaned up; everything read back
//! through the SDK, not taken from the scorecard. Also: a response that does nothing
//! fails the pass mark, the attack's CloudTrail records make a timeline, and cleanup
//! resumes after an interruption and never deletes what does not carry the drill's id.

use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use serde_json::Value;

use crate::helpers::*;

/// The timeline `cordon timeline build` makes of a drill's trail (its state's `trail`),
/// as JSON lines; `cordon` is the binary with the test's credentials.
pub(crate) fn attack_timeline(mut cordon: std::process::Command, st: &Value, dir: &Path) -> Vec<Value> {
    let trail = st["trail"]["bucket"].as_str().unwrap();
    let events = dir.join("events.jsonl");
    let out = run(cordon
        .args(["timeline", "build", "--from", &format!("s3://{trail}/AWSLogs/"), "--format", "jsonl", "--out"])
        .arg(&events));
    assert!(out.status.success(), "{}", text(&out));
    std::fs::read_to_string(&events).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

pub(crate) fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", text(out)))
}

pub(crate) fn state(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("drill.json")).unwrap()).unwrap()
}

/// The drill's real name for a logical resource.
pub(crate) fn name_of(state: &Value, kind: &str, logical: &str) -> String {
    state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["logical"] == logical)
        .and_then(|r| r["name"].as_str())
        .unwrap_or_else(|| panic!("no {kind} {logical} in {state}"))
        .to_string()
}

/// Users under the drill's path and buckets named for it, read through the SDK.
async fn left(aws: &cordon_aws::Aws, id: &str) -> Vec<String> {
    let users = aws.iam.list_users().path_prefix(format!("/cordon-drill/{id}/")).send().await.unwrap();
    let mut out: Vec<String> = users.users().iter().map(|u| u.user_name().to_string()).collect();
    let buckets = aws.s3.list_buckets().send().await.unwrap();
    out.extend(
        buckets
            .buckets()
            .iter()
            .filter_map(|b| b.name())
            .filter(|n| n.ends_with(&format!("-{id}")))
            .map(str::to_string),
    );
    out
}

async fn key_statuses(aws: &cordon_aws::Aws, user: &str) -> Vec<String> {
    let keys = aws.iam.list_access_keys().user_name(user).send().await.unwrap();
    keys.access_key_metadata().iter().map(|k| k.status().unwrap().as_str().to_string()).collect()
}

#[tokio::test]
async fn leaked_keys_drill_run_with_its_playbook_passes_and_cleanup_leaves_nothing() {
    let Some(emu) = emulator() else { return };
    let label = unique("drill");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");

    let out = run(cordon(&emu.endpoint, &key)
        .args([
            "--output",
            "json",
            "drill",
            "run",
            "leaked-access-keys",
            "--respond",
            "iam-credential-compromise",
            "--keep",
            "--dir",
        ])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let card = json_of(&out);
    assert_eq!(card["passed"], true, "{card}");
    assert_eq!(card["score"], 100, "{card}");
    assert!(card["time_to_detect_s"].as_i64().is_some() && card["time_to_contain_s"].as_i64().is_some(), "{card}");
    assert!(card["contained"].as_array().unwrap().iter().all(|i| i["ok"] == true), "{card}");

    // Read back: the leaked key's user is contained, the bystander is not touched, and the
    // attacker's backdoor exists (the response did not go after it: a hunt would).
    let st = state(&dir);
    assert!(st["attack"].as_array().unwrap().iter().all(|c| c["result"] == "ok"), "{}", st["attack"]);
    let id = st["drill_id"].as_str().unwrap().to_string();
    let (deployer, analyst, backdoor) =
        (name_of(&st, "user", "ci-deployer"), name_of(&st, "user", "analyst"), name_of(&st, "user", "svc-backup"));
    assert_eq!(key_statuses(&aws, &deployer).await, ["Inactive"]);
    assert_eq!(key_statuses(&aws, &analyst).await, ["Active"]);
    assert_eq!(key_statuses(&aws, &backdoor).await, ["Active"]);
    let attached = aws.iam.list_attached_user_policies().user_name(&backdoor).send().await.unwrap();
    assert!(
        attached
            .attached_policies()
            .iter()
            .any(|p| p.policy_arn() == Some("arn:aws:iam::aws:policy/AdministratorAccess"))
    );

    // The attack's CloudTrail records, in the trail's layout, make a timeline.
    let lines = attack_timeline(cordon(&emu.endpoint, &key), &st, tmp.path());
    let names: Vec<&str> = lines.iter().filter_map(|e| e["event_name"].as_str()).collect();
    for want in ["GetCallerIdentity", "ListBuckets", "ListUsers", "CreateUser", "AttachUserPolicy", "CreateAccessKey"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(lines.iter().all(|e| e["source_ip"] == "198.51.100.77"), "{lines:?}");

    // Cleanup, read back; then again (nothing to do, still clean).
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, &id).await, Vec::<String>::new());
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let out = run(cordon(&emu.endpoint, &key).args(["--output", "json", "drill", "status"]).arg(&dir));
    assert_eq!(json_of(&out)["phase"], "cleaned up");
}

#[tokio::test]
async fn exposure_drill_passes_with_s3_public_exposure_and_a_response_that_does_nothing_fails() {
    let Some(emu) = emulator() else { return };
    let label = unique("drills3");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();

    // With the playbook: passes, and (no --keep) nothing is left.
    let dir = tmp.path().join("responded");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "run", "s3-bucket-exposure", "--respond", "s3-public-exposure", "--dir"])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let card = json_of(&out);
    assert_eq!(card["passed"], true, "{card}");
    assert!(card["bystanders"].as_array().unwrap().iter().all(|i| i["ok"] == true), "{card}");
    let id = state(&dir)["drill_id"].as_str().unwrap().to_string();
    assert_eq!(left(&aws, &id).await, Vec::<String>::new());

    // Started, never responded to: the score says so and exits 1.
    let dir = tmp.path().join("ignored");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "start", "s3-bucket-exposure", "--dir"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.join("alert.json").exists() && dir.join("briefing.md").exists());
    let st = state(&dir);
    let exports = name_of(&st, "bucket", "customer-exports");
    // The attack is real: the bucket's policy lets anyone read.
    // A --set no responding playbook declares is refused before anything is created.
    let typo = tmp.path().join("typo");
    let out = run(cordon(&emu.endpoint, &key)
        .args([
            "drill",
            "run",
            "s3-bucket-exposure",
            "--respond",
            "s3-public-exposure",
            "--set",
            "protcet=true",
            "--dir",
        ])
        .arg(&typo));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("protcet") && text(&out).contains("protect"), "{}", text(&out));
    assert!(!typo.exists(), "nothing started");
    let policy = aws.s3.get_bucket_policy().bucket(&exports).send().await.unwrap();
    assert!(policy.policy().unwrap().contains("\"Principal\":\"*\""), "{policy:?}");
    let out = run(cordon(&emu.endpoint, &key).args(["--output", "json", "drill", "score"]).arg(&dir));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let card = json_of(&out);
    assert_eq!(card["passed"], false);
    assert_eq!(card["contained"][0]["ok"], false, "{card}");
    assert!(card["time_to_detect_s"].is_null(), "{card}");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, st["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
}

/// A drill killed after creating some of its resources (the state file lists them, one
/// not yet confirmed), and a bucket of the same shape of name that someone else made:
/// cleanup deletes the drill's, refuses the other, and says so.
#[tokio::test]
async fn cleanup_after_an_interruption_deletes_only_what_carries_the_drill_id() {
    let Some(emu) = emulator() else { return };
    let label = unique("drillcut");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let id = format!("dr{}", label.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), ""));
    let path = format!("/cordon-drill/{id}/");
    let user = format!("ci-deployer-{id}");
    let tag = aws_sdk_iam::types::Tag::builder().key("cordon:drill").value(&id).build().unwrap();
    aws.iam.create_user().user_name(&user).path(&path).tags(tag).send().await.unwrap();
    aws.iam.create_access_key().user_name(&user).send().await.unwrap();
    aws.iam
        .put_user_policy()
        .user_name(&user)
        .policy_name("cordon-deny-all-x")
        .policy_document(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
        )
        .send()
        .await
        .unwrap();
    let ours = format!("trail-{id}");
    aws.s3.create_bucket().bucket(&ours).send().await.unwrap();
    let tagging = aws_sdk_s3::types::Tagging::builder()
        .tag_set(aws_sdk_s3::types::Tag::builder().key("cordon:drill").value(&id).build().unwrap())
        .build()
        .unwrap();
    aws.s3.put_bucket_tagging().bucket(&ours).tagging(tagging).send().await.unwrap();
    aws.s3
        .put_object()
        .bucket(&ours)
        .key("AWSLogs/x.json.gz")
        .body(ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap();
    // Not the drill's: same suffix, no drill tag.
    let theirs = format!("payroll-{id}");
    aws.s3.create_bucket().bucket(&theirs).send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let st = serde_json::json!({
        "version": 1, "drill_id": id, "scenario": "leaked-access-keys",
        "scenario_file": "drills/leaked-access-keys.yaml", "scenario_sha256": "0",
        "account": "123456789012", "region": "us-east-1", "started_at": "2026-11-30T10:00:00Z",
        "cleanup_due": "2026-11-30T14:00:00Z",
        "resources": [
            {"kind": "user", "name": user, "logical": "ci-deployer", "confirmed": true},
            {"kind": "access_key", "name": "", "logical": "ci-deployer", "user": user, "confirmed": false},
            {"kind": "bucket", "name": ours, "logical": "trail", "confirmed": true},
            {"kind": "bucket", "name": format!("never-made-{id}"), "logical": "x", "confirmed": false},
            {"kind": "bucket", "name": theirs, "logical": "payroll", "confirmed": true}
        ],
        "attack": []
    });
    std::fs::write(dir.path().join("drill.json"), st.to_string()).unwrap();

    let out = run(cordon(&emu.endpoint, &key).args(["--output", "json", "drill", "cleanup"]).arg(dir.path()));
    assert!(out.status.success(), "{}", text(&out));
    let cleaned = json_of(&out);
    assert_eq!(cleaned["refused"].as_array().unwrap().len(), 1, "named once: {cleaned}");
    assert!(cleaned["refused"].to_string().contains(&theirs), "{cleaned}");
    assert_eq!(left(&aws, &id).await, vec![theirs.clone()]);
    // The other bucket is as it was.
    aws.s3.head_bucket().bucket(&theirs).send().await.unwrap();
    aws.s3.delete_bucket().bucket(&theirs).send().await.unwrap();
}

#[test]
fn shipped_scenarios_validate_and_a_bad_one_is_located() {
    let out = run(std::process::Command::new(env!("CARGO_BIN_EXE_cordon")).current_dir(workspace()).args([
        "validate",
        "drills/leaked-access-keys.yaml",
        "drills/s3-bucket-exposure.yaml",
    ]));
    assert!(out.status.success(), "{}", text(&out));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    let text_of = std::fs::read_to_string(workspace().join("drills/leaked-access-keys.yaml")).unwrap();
    std::fs::write(
        &bad,
        text_of.replace("create_user: {user: svc-backup}", "create_user: {user: svc-backup, admin: true}"),
    )
    .unwrap();
    let out = run(std::process::Command::new(env!("CARGO_BIN_EXE_cordon")).arg("validate").arg(&bad));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("unknown field `admin`") && t.contains("bad.yaml:"), "{t}");
}

/// Outside the emulator (here: the emulator reached by an address that is not plainly
/// loopback, as a real endpoint would be), a drill is refused until `--account` names the
/// account and the account itself opts in; nothing is created before that.
#[tokio::test]
async fn a_real_account_is_refused_until_it_is_named_and_opts_in() {
    let Some(emu) = emulator() else { return };
    let label = unique("drillguard");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let port = emu.endpoint.rsplit(':').next().unwrap().to_string();
    let remote = format!("http://127.1:{port}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    // IAM only (the emulator's S3 takes a dotted host for a bucket's subdomain).
    let scenario = tmp.path().join("iam-only.yaml");
    std::fs::write(
        &scenario,
        "drill: iam-only\ntitle: A key makes a user\ndescription: x\nplaybooks: [iam-credential-compromise]\n\
         setup:\n  - user: {name: builder, access_key: true}\nattack:\n  principal: builder\n  source_ip: 198.51.100.9\n  \
         steps:\n    - do: get_caller_identity\n      technique: T1087.004\n    - do: {create_user: {user: extra}}\n      \
         technique: T1136.003\nalert:\n  finding_type: UnauthorizedAccess:IAMUser/MaliciousIPCaller\n  severity: 5\n  \
         about: {access_key: {user: builder}}\n  briefing: x\nexpect:\n  contained:\n    - access_keys_inactive: {user: builder}\n",
    )
    .unwrap();
    let start = |extra: &[&str]| {
        let mut c = cordon(&remote, &key);
        c.env("AWS_ENDPOINT_URL", &remote).args(["--allow-insecure-endpoint"]).args(extra);
        c.args(["drill", "start"]).arg(&scenario).arg("--dir").arg(&dir);
        run(&mut c)
    };
    const PARAM: &str = "/cordon/drill-sandbox";
    let _ = aws.ssm.delete_parameter().name(PARAM).send().await;

    let out = start(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("not the local emulator"), "{}", text(&out));
    assert!(!dir.exists(), "nothing is written before the account is checked");

    let out = start(&["--account", "123456789012"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("has not opted in"), "{}", text(&out));
    assert!(!dir.exists());

    aws.ssm
        .put_parameter()
        .name(PARAM)
        .value("210987654321")
        .r#type(aws_sdk_ssm::types::ParameterType::String)
        .send()
        .await
        .unwrap();
    let out = start(&["--account", "123456789012"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("210987654321"), "{}", text(&out));

    aws.ssm
        .put_parameter()
        .name(PARAM)
        .value("123456789012")
        .overwrite(true)
        .r#type(aws_sdk_ssm::types::ParameterType::String)
        .send()
        .await
        .unwrap();
    let out = start(&["--account", "123456789012"]);
    aws.ssm.delete_parameter().name(PARAM).send().await.unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // Not the emulator: no synthetic trail (CloudTrail would record the calls).
    let st = state(&dir);
    assert!(st["trail"].is_null(), "{st}");
    // Cleanup through the plain endpoint (the emulator's S3 reads the dotted host as a
    // bucket's subdomain, and cleanup lists buckets); it is the same account.
    let out = run(cordon(&emu.endpoint, &key).args(["--account", "123456789012", "drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, st["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
}

/// The trail and ransomware scenarios: each attack read back (the trail stopped, the
/// objects gone and a note in their place), each response passing, each cleanup complete
/// (the trail deleted too).
#[tokio::test]
async fn trail_and_ransomware_drills_attack_for_real_pass_and_leave_nothing() {
    let Some(emu) = emulator() else { return };
    let label = unique("drillmore");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();

    let dir = tmp.path().join("trail");
    let out = run(cordon(&emu.endpoint, &key)
        .args([
            "--output",
            "json",
            "drill",
            "run",
            "trail-defence-evasion",
            "--respond",
            "iam-credential-compromise",
            "--keep",
            "--dir",
        ])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json_of(&out)["passed"], true);
    let st = state(&dir);
    assert!(st["attack"].as_array().unwrap().iter().all(|c| c["result"] == "ok"), "{}", st["attack"]);
    let trail = name_of(&st, "trail", "org-audit");
    let status = aws.cloudtrail.get_trail_status().name(&trail).send().await.unwrap();
    assert_eq!(status.is_logging(), Some(false), "the attack stopped the trail");
    let detector = name_of(&st, "detector", "threat-detection");
    assert!(aws.guardduty.get_detector().detector_id(&detector).send().await.is_err(), "the attack deleted it");
    let calls: Vec<&str> = st["attack"].as_array().unwrap().iter().filter_map(|c| c["event_name"].as_str()).collect();
    assert!(calls.contains(&"DeleteDetector"), "{calls:?}");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert!(aws.cloudtrail.get_trail_status().name(&trail).send().await.is_err(), "the trail is deleted");
    assert_eq!(left(&aws, st["drill_id"].as_str().unwrap()).await, Vec::<String>::new());

    let dir = tmp.path().join("ransom");
    let out = run(cordon(&emu.endpoint, &key)
        .args([
            "--output",
            "json",
            "drill",
            "run",
            "s3-ransomware",
            "--respond",
            "iam-credential-compromise",
            "--keep",
            "--dir",
        ])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json_of(&out)["passed"], true);
    let st = state(&dir);
    assert!(st["attack"].as_array().unwrap().iter().all(|c| c["result"] == "ok"), "{}", st["attack"]);
    let finance = name_of(&st, "bucket", "finance-records");
    let objects = aws.s3.list_objects_v2().bucket(&finance).send().await.unwrap();
    let keys: Vec<&str> = objects.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["README-RESTORE.txt"]);
    let calls: Vec<&str> = st["attack"].as_array().unwrap().iter().filter_map(|c| c["event_name"].as_str()).collect();
    assert_eq!(calls.iter().filter(|c| **c == "DeleteObject").count(), 3, "{calls:?}");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, st["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
}

/// A game day of two automated entries and one left to its team: one scoreboard (file
/// and output), the automated drills run side by side (each started before the other was
/// cleaned up) and cleaned up, the manual one waiting with its alert.
#[tokio::test]
async fn a_game_day_runs_its_entries_and_writes_one_scoreboard() {
    let Some(emu) = emulator() else { return };
    let label = unique("gameday");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("day.yaml");
    std::fs::write(
        &file,
        "gameday: q4\nentries:\n  - {scenario: leaked-access-keys, team: blue, respond: iam-credential-compromise}\n  \
         - {scenario: s3-bucket-exposure, team: green, respond: s3-public-exposure}\n  \
         - {scenario: s3-ransomware, team: red, start_after_seconds: 1}\n",
    )
    .unwrap();
    let dir = tmp.path().join("day");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "gameday"])
        .arg(&file)
        .arg("--dir")
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let board = json_of(&out);
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{board}");
    assert_eq!((rows[0]["team"].as_str(), rows[0]["passed"].as_bool()), (Some("blue"), Some(true)), "{board}");
    assert_eq!((rows[1]["team"].as_str(), rows[1]["passed"].as_bool()), (Some("green"), Some(true)), "{board}");
    assert!(rows[2]["status"].as_str().unwrap().starts_with("awaiting response"), "{board}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("scoreboard.json")).unwrap()).unwrap();
    assert_eq!(saved, board);
    for r in &rows[..2] {
        assert_eq!(left(&aws, r["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
    }
    let times = |r: &Value, k: &str| -> jiff::Timestamp {
        state(Path::new(r["dir"].as_str().unwrap()))[k].as_str().unwrap().parse().unwrap()
    };
    for (a, b) in [(&rows[0], &rows[1]), (&rows[1], &rows[0])] {
        assert!(times(a, "started_at") < times(b, "cleaned_at"), "not side by side: {board}");
    }
    // The team's drill is still there, and cleans up.
    let manual = Path::new(rows[2]["dir"].as_str().unwrap()).to_path_buf();
    assert!(manual.join("alert.json").exists());
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&manual));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, rows[2]["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
}

/// A response of two playbooks into one case, `--set` given to the one that declares the
/// input: the bucket's policy ends denying the named principal (the input reached its
/// playbook), the case holds both runs, and cleanup removes the bucket and its policy.
#[tokio::test]
async fn a_response_of_two_playbooks_shares_one_case_and_set_reaches_the_playbook_that_declares_it() {
    let Some(emu) = emulator() else { return };
    let label = unique("drilltwo");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "drill", "run", "s3-bucket-exposure", "--respond", "s3-public-exposure"])
        .args(["--respond", "iam-credential-compromise", "--set", "deny_principal=arn:aws:iam::210987654321:root"])
        .args(["--keep", "--dir"])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(json_of(&out)["passed"], true);
    let st = state(&dir);
    let exports = name_of(&st, "bucket", "customer-exports");
    let policy = aws.s3.get_bucket_policy().bucket(&exports).send().await.unwrap();
    let policy = policy.policy().unwrap();
    assert!(policy.contains("Deny") && policy.contains("arn:aws:iam::210987654321:root"), "{policy}");
    let journal = std::fs::read_to_string(dir.join("case/journal.jsonl")).unwrap();
    assert_eq!(journal.matches("\"type\":\"run_started\"").count(), 2, "{journal}");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(left(&aws, st["drill_id"].as_str().unwrap()).await, Vec::<String>::new());
}

/// GuardDuty has one detector per Region: a scenario that makes its own is refused where
/// the account has one, before anything is created, and the account's is left alone.
#[tokio::test]
async fn a_detector_scenario_is_refused_where_the_account_has_a_detector() {
    let Some(emu) = emulator() else { return };
    let (aws, env) = crate::drills_ec2::own_account(&emu.endpoint, &unique("drilldet")).await;
    let theirs = aws.guardduty.create_detector().enable(true).send().await.unwrap();
    let theirs = theirs.detector_id().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let out = run(crate::drills_ec2::cordon_as(&emu.endpoint, &env)
        .args(["drill", "start", "trail-defence-evasion", "--dir"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains(&format!("already has one ({theirs})")), "{}", text(&out));
    assert!(!dir.join("drill.json").exists(), "nothing was started");
    let users = aws.iam.list_users().send().await.unwrap();
    assert!(users.users().is_empty(), "nothing was created: {:?}", users.users());
    let detectors = aws.guardduty.list_detectors().send().await.unwrap();
    assert_eq!(detectors.detector_ids(), [theirs]);
}
