//! Every shipped scenario, each in an account of its own (an assumed role's, so the
//! inventory is the scenario's alone): not responding contains nothing; the wrong
//! playbook scores what it really achieved; the attack's CloudTrail records come back
//! from `cordon timeline` in order; the fitting playbook scores full containment
//! and full evidence; and cleanup (with the response's snapshots) returns the account's
//! whole inventory (EC2, IAM, S3, Auto Scaling, ELB, customer KMS keys) to what it was
//! before the first drill started.

use std::path::Path;

use serde_json::Value;

use crate::drills::json_of;
use crate::drills_ec2::{cordon_as, inventory, inventory_changes, own_account};
use crate::helpers::*;

/// Which contained items hold, in the scenario's order.
fn contained(card: &Value) -> Vec<bool> {
    card["contained"].as_array().unwrap().iter().map(|i| i["ok"].as_bool().unwrap()).collect()
}

fn all_ok(card: &Value, part: &str) -> bool {
    card[part].as_array().unwrap().iter().all(|i| i["ok"] == true)
}

/// The scenario, the playbook that fits it, a playbook that does not and what that one
/// really achieves (the contained items that hold after it).
async fn matrix(scenario: &str, fitting: &str, wrong: &str, wrong_achieves: &[bool]) {
    let Some(emu) = emulator() else { return };
    let (aws, env) = own_account(&emu.endpoint, &unique(&format!("mx{}", &scenario[..4]))).await;
    let before = inventory(&aws).await;
    let tmp = tempfile::tempdir().unwrap();
    let cordon = || cordon_as(&emu.endpoint, &env);

    // Started, no response: nothing contained.
    let dir = tmp.path().join("unanswered");
    let out = run(cordon().args(["drill", "start", scenario, "--dir"]).arg(&dir));
    assert!(out.status.success(), "{scenario}: {}", text(&out));
    let out = run(cordon().args(["--output", "json", "drill", "score"]).arg(&dir));
    assert_eq!(out.status.code(), Some(1), "{scenario}: {}", text(&out));
    let card = json_of(&out);
    assert!(contained(&card).iter().all(|ok| !ok), "{scenario} without a response: {card}");

    // The attack's CloudTrail records, from the drill's trail: every call, in time order,
    // each at the time the drill recorded for it.
    let st = crate::drills::state(&dir);
    let lines = crate::drills::attack_timeline(cordon(), &st, tmp.path());
    let calls = st["attack"].as_array().unwrap();
    assert_eq!(lines.len(), calls.len(), "{scenario}: {lines:?}");
    let times: Vec<jiff::Timestamp> = lines.iter().map(|e| e["time"].as_str().unwrap().parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{scenario}: not in order: {times:?}");
    for (e, t) in lines.iter().zip(&times) {
        let call = calls.iter().find(|c| c["event_id"] == e["event_id"]).unwrap_or_else(|| panic!("{scenario}: {e}"));
        let recorded: jiff::Timestamp = call["time"].as_str().unwrap().parse().unwrap();
        assert_eq!((*t, &call["event_name"]), (recorded, &e["event_name"]), "{scenario}");
    }

    // The wrong playbook, from the same alert: what it achieved, no more (a playbook
    // whose inputs the alert cannot fill is refused and achieves nothing).
    let case = dir.join("wrong-case");
    let out = run(cordon()
        .args(["run", &format!("playbooks/{wrong}.yaml"), "--case", "WRONG", "--yes", "--from-finding"])
        .arg(dir.join("alert.json"))
        .arg("--case-dir")
        .arg(&case)
        .current_dir(workspace()));
    assert!(matches!(out.status.code(), Some(0..=2)), "{scenario} with {wrong}: {}", text(&out));
    let mut score = cordon();
    score.args(["--output", "json", "drill", "score"]).arg(&dir);
    if Path::new(&case).join("journal.jsonl").exists() {
        score.arg("--case-dir").arg(&case);
    }
    let out = run(&mut score);
    let card = json_of(&out);
    assert_eq!(contained(&card), wrong_achieves, "{scenario} with {wrong}: {card}");
    assert_eq!(card["passed"], false, "{scenario} with {wrong}: {card}");

    // The fitting playbook: everything contained, every piece of evidence.
    let out = run(cordon()
        .args(["--output", "json", "drill", "run", scenario, "--respond", fitting, "--delete-evidence", "--dir"])
        .arg(tmp.path().join("answered"))
        .current_dir(workspace()));
    assert!(out.status.success(), "{scenario} with {fitting}: {}", text(&out));
    let card = json_of(&out);
    assert!(all_ok(&card, "contained") && all_ok(&card, "evidence") && all_ok(&card, "bystanders"), "{card}");
    assert_eq!((card["score"].as_u64(), card["passed"].as_bool()), (Some(100), Some(true)), "{card}");

    // Cleanup of the first drill with the wrong response's snapshots: as before.
    let out = run(cordon().args(["drill", "cleanup", "--delete-evidence"]).arg(&dir));
    assert!(out.status.success(), "{scenario}: {}", text(&out));
    let changed = inventory_changes(&before, &inventory(&aws).await);
    assert!(changed.is_empty(), "{scenario}: cleanup did not restore the inventory:\n{}", changed.join("\n"));
}

#[tokio::test]
async fn leaked_access_keys() {
    // s3-public-exposure needs a bucket the alert does not name: refused.
    matrix("leaked-access-keys", "iam-credential-compromise", "s3-public-exposure", &[false, false]).await;
}

#[tokio::test]
async fn s3_bucket_exposure() {
    // iam-credential-compromise finds no key or user in a bucket's finding: nothing runs.
    matrix("s3-bucket-exposure", "s3-public-exposure", "iam-credential-compromise", &[false]).await;
}

#[tokio::test]
async fn trail_defence_evasion() {
    matrix("trail-defence-evasion", "iam-credential-compromise", "s3-public-exposure", &[false, false]).await;
}

#[tokio::test]
async fn s3_ransomware() {
    matrix("s3-ransomware", "iam-credential-compromise", "s3-public-exposure", &[false, false]).await;
}

#[tokio::test]
async fn web_server_compromise() {
    // fleet-isolation contains the whole group from the finding's tags, but leaves the
    // instance's role alone: its sessions still work.
    matrix("web-server-compromise", "ec2-compromise", "fleet-isolation", &[true, true, false]).await;
}

#[tokio::test]
async fn instance_credentials_exfiltration() {
    // ec2-compromise needs an instance the finding (a role's key) does not name: refused.
    matrix("instance-credentials-exfiltration", "iam-credential-compromise", "ec2-compromise", &[false]).await;
}

#[tokio::test]
async fn fleet_compromise() {
    // ec2-compromise contains the instance the finding names, not its group.
    matrix("fleet-compromise", "fleet-isolation", "ec2-compromise", &[false, false]).await;
}
