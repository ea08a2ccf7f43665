//! Many accounts on the emulator: a management account with an organization, member
//! accounts A and B in an organizational unit, a bystander member outside it, and a
//! logging account holding the organization trail. The fleet playbook runs across the
//! unit's accounts through each account's role; every change is read back in the account
//! it was made in, the bystander (with the same tag on its own fleet) is untouched, the
//! request recording shows which account every mutating call was made in, and `undo` of
//! the case restores both accounts through the same roles.

use std::collections::BTreeMap;

use aws_sdk_organizations::types::OrganizationFeatureSet;
use cordon_aws::Aws;
use cordon_testenv::seed::Fleet;
use serde_json::Value;

use crate::drills_ec2::{cordon_as, inventory, own_account};
use crate::fleet::state;
use crate::helpers::*;

const ROLE: &str = "OrganizationAccountAccessRole";

/// An organization: its management account (as the test and as the responder, each with
/// a session of its own) and member accounts by name.
struct Org {
    mgmt: Aws,
    responder: [(String, String); 3],
    accounts: BTreeMap<&'static str, String>,
    root: String,
}

async fn organization(endpoint: &str, label: &str, members: &[&'static str]) -> Org {
    let (mgmt, _) = own_account(endpoint, label).await;
    let (_, responder) = own_account(endpoint, label).await;
    mgmt.organizations.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    let mut accounts = BTreeMap::new();
    for name in members {
        let out = mgmt
            .organizations
            .create_account()
            .email(format!("{name}-{}@example.com", label.to_lowercase()))
            .account_name(*name)
            .send()
            .await
            .unwrap();
        accounts.insert(*name, out.create_account_status().unwrap().account_id().unwrap().to_string());
    }
    let roots = mgmt.organizations.list_roots().send().await.unwrap();
    let root = roots.roots()[0].id().unwrap().to_string();
    Org { mgmt, responder, accounts, root }
}

/// The test's own session in a member account (through the role Organizations creates).
async fn member(base: &Aws, account: &str) -> Aws {
    let (aws, _) = assumed(base, &format!("arn:aws:iam::{account}:role/{ROLE}"), "test-seed").await;
    assert_eq!(aws.caller_identity().await.unwrap().account, account);
    aws
}

async fn seeded_fleet(aws: &Aws, label: &str) -> Fleet {
    let web = cordon_testenv::seed::compromised_web_host(aws, label).await.unwrap();
    cordon_testenv::seed::fleet(aws, label, &web).await.unwrap()
}

/// The containment group a case made in an account.
async fn isolation_group(aws: &Aws, case: &str) -> String {
    let f = aws_sdk_ec2::types::Filter::builder().name("group-name").values(format!("cordon-isolation-{case}")).build();
    let out = aws.ec2.describe_security_groups().filters(f).send().await.unwrap();
    out.security_groups()[0].group_id().unwrap().to_string()
}

/// Each target case's account and the access key its role session acted with, from the
/// case's first entry.
fn sessions(case_dir: &std::path::Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for account in std::fs::read_dir(case_dir.join("accounts")).unwrap().flatten() {
        for region in std::fs::read_dir(account.path()).unwrap().flatten() {
            let journal = std::fs::read_to_string(region.path().join("journal.jsonl")).unwrap();
            let first: Value = serde_json::from_str(journal.lines().next().unwrap()).unwrap();
            let event = &first["event"];
            assert_eq!(event["region"], "us-east-1", "{event}");
            let key = event["role"]["access_key_id"].as_str().unwrap().to_string();
            out.insert(key, event["caller"]["account"].as_str().unwrap().to_string());
        }
    }
    out
}

#[tokio::test]
async fn the_fleet_playbook_across_an_organizational_unit_then_undo_in_every_account() {
    let Some(emu) = emulator() else { return };
    let label = unique("org");
    let org = organization(&emu.endpoint, &label, &["member-a", "member-b", "bystander"]).await;
    let (a, b, c) = (&org.accounts["member-a"], &org.accounts["member-b"], &org.accounts["bystander"]);
    let ou = org.mgmt.organizations.create_organizational_unit().parent_id(&org.root).name("prod").send().await;
    let ou = ou.unwrap().organizational_unit().unwrap().id().unwrap().to_string();
    for acct in [a, b] {
        org.mgmt
            .organizations
            .move_account()
            .account_id(acct)
            .source_parent_id(&org.root)
            .destination_parent_id(&ou)
            .send()
            .await
            .unwrap();
    }
    // The same tag on a fleet in each account, the bystander's included.
    let (aws_a, aws_b, aws_c) = (member(&org.mgmt, a).await, member(&org.mgmt, b).await, member(&org.mgmt, c).await);
    let (fleet_a, fleet_b, fleet_c) =
        (seeded_fleet(&aws_a, &label).await, seeded_fleet(&aws_b, &label).await, seeded_fleet(&aws_c, &label).await);
    let before = (state(&aws_a, &fleet_a).await, state(&aws_b, &fleet_b).await);
    let (bystander_fleet, bystander_inventory) = (state(&aws_c, &fleet_c).await, inventory(&aws_c).await);

    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("case");
    let out = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["--output", "json", "run", "--yes", &playbook("fleet-isolation.yaml"), "--case", &case])
        .args(["--operator", "alice", "--org", "--ou", &ou, "--role-name", ROLE])
        .args(["--set", &format!("tag={}", fleet_a.tag), "--case-dir"])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets = summary["targets"].as_array().unwrap();
    let mut acted: Vec<(String, String)> = targets
        .iter()
        .map(|t| (t["account"].as_str().unwrap().to_string(), t["acted_as"].as_str().unwrap().to_string()))
        .collect();
    acted.sort();
    let mut expected: Vec<(String, String)> = [a, b]
        .iter()
        .map(|x| (x.to_string(), format!("arn:aws:sts::{x}:assumed-role/{ROLE}/cordon-{case}-alice")))
        .collect();
    expected.sort();
    assert_eq!(acted, expected, "each unit account, through its role, the session naming the case and operator");
    assert!(targets.iter().all(|t| t["status"] == "succeeded"), "{summary}");

    // Read back in each account: out of its group and load balancers, isolated.
    for (aws, fleet) in [(&aws_a, &fleet_a), (&aws_b, &fleet_b)] {
        let after = state(aws, fleet).await;
        assert!(after.asg_members.is_empty() && after.targets.is_empty() && after.classic.is_empty(), "{after:?}");
        let containment = isolation_group(aws, &case).await;
        for (id, groups, protected) in &after.instances {
            assert!(groups.iter().all(|g| *g == [containment.clone()]), "{id} isolated: {groups:?}");
            assert_eq!(*protected, Some(true), "{id} protected");
        }
    }
    // The bystander is outside the unit: its fleet, with the very same tag, is untouched.
    assert_eq!(state(&aws_c, &fleet_c).await, bystander_fleet);
    assert_eq!(inventory(&aws_c).await, bystander_inventory);

    // The recording: every mutating request was signed by a session the case recorded for
    // a unit account; the responder's own session only assumed those accounts' roles.
    let keys = sessions(&dir);
    assert_eq!(keys.values().cloned().collect::<std::collections::BTreeSet<_>>(), [a.clone(), b.clone()].into());
    for (key, account) in &keys {
        let mutating: Vec<String> = cordon_testenv::recorder::requests_by(&emu.recording, key)
            .unwrap()
            .into_iter()
            .filter(|r| r.is_mutating())
            .map(|r| r.action)
            .collect();
        assert!(mutating.iter().any(|a| a == "ModifyNetworkInterfaceAttribute"), "{account}: {mutating:?}");
    }
    let own = cordon_testenv::recorder::requests_by(&emu.recording, &org.responder[0].1).unwrap();
    for r in own.iter().filter(|r| r.is_mutating()) {
        assert_eq!(r.action, "AssumeRole", "the responder's own session changes nothing: {r:?}");
        assert!(r.body.contains(a) || r.body.contains(b), "a role in the unit only: {}", r.body);
    }

    let verified = run(cordon_as(&emu.endpoint, &org.responder).args(["evidence", "verify"]).arg(&dir));
    assert!(verified.status.success(), "{}", text(&verified));
    let report = run(cordon_as(&emu.endpoint, &org.responder).arg("report").arg(&dir));
    assert!(report.status.success(), "{}", text(&report));
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.contains(&format!("## Account {a} (us-east-1)")) && md.contains(&format!("## Account {b} (us-east-1)")));

    // Undo from the case alone: the roles it recorded, assumed again, in each account.
    let undone = run(cordon_as(&emu.endpoint, &org.responder).args(["undo", "--yes"]).arg(&dir));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!((state(&aws_a, &fleet_a).await, state(&aws_b, &fleet_b).await), before);
    assert_eq!(state(&aws_c, &fleet_c).await, bystander_fleet);
}

#[tokio::test]
async fn one_failing_account_does_not_stop_the_others() {
    let Some(emu) = emulator() else { return };
    let label = unique("orgfail");
    let org = organization(&emu.endpoint, &label, &["member-a", "empty"]).await;
    let (a, empty) = (&org.accounts["member-a"], &org.accounts["empty"]);
    let aws_a = member(&org.mgmt, a).await;
    let fleet_a = seeded_fleet(&aws_a, &label).await;
    let before = state(&aws_a, &fleet_a).await;

    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("case");
    // No approval given (no terminal, no --yes): member A pauses before isolating; the
    // empty account has no such fleet, so its `find` fails. Neither stops the other.
    let out = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["run", &playbook("fleet-isolation.yaml"), "--case", &case])
        .args(["--accounts", &format!("{empty},{a}"), "--role-name", ROLE])
        .args(["--set", &format!("tag={}", fleet_a.tag), "--case-dir"])
        .arg(&dir));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains(&format!("{a} us-east-1  AWAITING APPROVAL")), "{said}");
    assert!(said.contains(&format!("{empty} us-east-1  FAILED")) && said.contains("no instance matches"), "{said}");
    let paused = state(&aws_a, &fleet_a).await;
    assert!(paused.asg_members.is_empty(), "member A is out of its group before the approval gate");
    let groups = |s: &crate::fleet::State| s.instances.iter().map(|(_, g, _)| g.clone()).collect::<Vec<_>>();
    assert_eq!(groups(&paused), groups(&before), "and not isolated yet");

    // Resume the case: member A's run goes on through its recorded role; the empty
    // account's run is over and is left as it is.
    let resumed = run(cordon_as(&emu.endpoint, &org.responder).args(["resume", "--yes"]).arg(&dir));
    assert!(resumed.status.success(), "{}", text(&resumed));
    let containment = isolation_group(&aws_a, &case).await;
    for (id, groups, _) in &state(&aws_a, &fleet_a).await.instances {
        assert!(groups.iter().all(|g| *g == [containment.clone()]), "{id} isolated after resume: {groups:?}");
    }

    // --account pins one account: with --accounts it is refused before anything is done.
    let refused = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["run", "--yes", &playbook("fleet-isolation.yaml"), "--case", &case, "--account", a])
        .args(["--accounts", a, "--role-name", ROLE, "--set", "tag=x=y", "--case-dir"])
        .arg(tmp.path().join("other")));
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(!tmp.path().join("other").exists());

    let undone = run(cordon_as(&emu.endpoint, &org.responder).args(["undo", "--yes"]).arg(&dir));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!(state(&aws_a, &fleet_a).await, before);
}

#[tokio::test]
async fn through_one_role_evidence_goes_to_the_forensic_account_written_by_its_own_role() {
    let Some(emu) = emulator() else { return };
    let label = unique("forensic");
    let org = organization(&emu.endpoint, &label, &["member-a", "forensic"]).await;
    let (a, forensic) = (&org.accounts["member-a"], &org.accounts["forensic"]);
    let (aws_a, aws_f) = (member(&org.mgmt, a).await, member(&org.mgmt, forensic).await);
    let web = cordon_testenv::seed::compromised_web_host(&aws_a, &label).await.unwrap();
    let bucket = format!("evidence-{}", label.to_lowercase());
    aws_f.s3.create_bucket().bucket(&bucket).object_lock_enabled_for_bucket(true).send().await.unwrap();
    let key = aws_f.kms.create_key().description("forensic").send().await.unwrap();
    let forensic_key = key.key_metadata().unwrap().arn().unwrap().to_string();
    // The web host's volumes are encrypted: shared as copies under member A's own key.
    let key = aws_a.kms.create_key().description("member A's sharing key").send().await.unwrap();
    let source_key = key.key_metadata().unwrap().arn().unwrap().to_string();

    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("case");
    let out = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["run", &workspace().join("tests/fixtures/playbooks/forensic-export.yaml").display().to_string()])
        .args(["--case", &case, "--operator", "bob", "--role-arn", &format!("arn:aws:iam::{a}:role/{ROLE}")])
        .args(["--set", &format!("instance_id={}", web.instance_id), "--set", &format!("bucket={bucket}")])
        .args(["--set", &format!("forensic_account={forensic}"), "--set", &format!("kms_key={forensic_key}")])
        .args(["--set", &format!("source_kms_key={source_key}")])
        .args(["--set", &format!("role_arn=arn:aws:iam::{forensic}:role/{ROLE}"), "--yes", "--case-dir"])
        .arg(&dir));
    assert!(out.status.success(), "{}", text(&out));

    // The case says who acted where: member A's role, the session naming case and operator.
    let journal = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    let entries: Vec<Value> = journal.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let opened = &entries[0]["event"];
    assert_eq!(opened["caller"]["account"], a.as_str());
    assert_eq!(opened["role"]["role_arn"], format!("arn:aws:iam::{a}:role/{ROLE}"));
    assert_eq!(opened["role"]["session_name"], format!("cordon-{case}-bob"));
    let case_key = opened["role"]["access_key_id"].as_str().unwrap();
    let receipt = entries
        .iter()
        .find(|e| e["event"]["type"] == "step_outcome" && e["event"]["step_id"] == "export")
        .map(|e| e["event"]["receipt"].clone())
        .unwrap();
    assert_eq!(receipt["written_as"]["role_arn"], format!("arn:aws:iam::{forensic}:role/{ROLE}"), "{receipt}");
    let writer_key = receipt["written_as"]["access_key_id"].as_str().unwrap();

    // The snapshots: copied into the forensic account by its own role, encrypted with its
    // key, tagged with both sides; read back there.
    let copied = entries
        .iter()
        .find(|e| e["event"]["type"] == "step_outcome" && e["event"]["step_id"] == "copy")
        .map(|e| e["event"]["receipt"].clone())
        .unwrap();
    // What was shared: the copies under member A's key.
    let shared = entries
        .iter()
        .find(|e| e["event"]["type"] == "step_outcome" && e["event"]["step_id"] == "share")
        .map(|e| e["event"]["receipt"]["snapshot_ids"].clone())
        .unwrap();
    let sources: Vec<String> = serde_json::from_value(shared).unwrap();
    assert!(!sources.is_empty());
    let theirs = aws_f.ec2.describe_snapshots().owner_ids("self").send().await.unwrap();
    let mut found: Vec<(String, String)> = Vec::new();
    for s in theirs.snapshots() {
        let tag = |k: &str| s.tags().iter().find(|t| t.key() == Some(k)).and_then(|t| t.value()).map(str::to_string);
        if tag("cordon:case").as_deref() != Some(case.as_str()) {
            continue;
        }
        assert_eq!(s.encrypted(), Some(true), "{s:?}");
        assert_eq!(s.kms_key_id(), Some(forensic_key.as_str()), "{s:?}");
        assert_eq!(tag("cordon:source-account").as_deref(), Some(a.as_str()));
        found.push((tag("cordon:source-snapshot").unwrap(), s.snapshot_id().unwrap().to_string()));
    }
    found.sort();
    let mut recorded: Vec<(String, String)> = copied["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["source_snapshot_id"].as_str().unwrap().to_string(), c["snapshot_id"].as_str().unwrap().to_string())
        })
        .collect();
    recorded.sort();
    assert_eq!(found, recorded, "every copy the case records is the forensic account's own");
    let mut copied_sources: Vec<String> = found.iter().map(|(s, _)| s.clone()).collect();
    copied_sources.sort();
    let mut sources = sources;
    sources.sort();
    assert_eq!(copied_sources, sources, "a copy of every snapshot");
    let copier_key = copied["access_key_id"].as_str().unwrap();

    // Read back in the forensic account: every artifact, as hashed in the case.
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let exports = manifest["exports"].as_array().unwrap();
    assert!(!exports.is_empty());
    for x in exports {
        let key = x["key"].as_str().unwrap();
        let body = aws_f.s3.get_object().bucket(&bucket).key(key).send().await.unwrap().body.collect().await;
        let bytes = body.unwrap().into_bytes();
        assert_eq!(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)), x["sha256"].as_str().unwrap(), "{key}");
    }
    // The affected account's session never wrote to S3; the forensic role's did.
    let count = |key: &str, what: fn(&cordon_testenv::recorder::Request) -> bool| {
        cordon_testenv::recorder::requests_by(&emu.recording, key).unwrap().iter().filter(|r| what(r)).count()
    };
    let puts = |key: &str| count(key, |r| r.action.is_empty() && r.method == "PUT");
    assert_eq!(puts(case_key), 0, "member A's session wrote nothing to the evidence bucket");
    assert!(puts(writer_key) > exports.len(), "the forensic role wrote the artifacts and the case records");
    // Member A copied only inside itself (re-encrypting for sharing); the copies of what
    // it shared were made by the forensic role alone.
    let copies_of_shared = |key: &str| {
        let copies = cordon_testenv::recorder::requests_by(&emu.recording, key).unwrap();
        let shared = |r: &&cordon_testenv::recorder::Request| {
            r.action == "CopySnapshot" && sources.iter().any(|id| r.body.contains(&format!("SourceSnapshotId={id}")))
        };
        copies.iter().filter(shared).count()
    };
    assert_eq!(copies_of_shared(case_key), 0, "member A copied nothing into the forensic account");
    assert_eq!(copies_of_shared(copier_key), sources.len(), "the forensic role made each copy");
    let verified = run(cordon_as(&emu.endpoint, &org.responder).args(["evidence", "verify"]).arg(&dir));
    assert!(verified.status.success(), "{}", text(&verified));

    // Undo (through member A's recorded role) unshares; the forensic copies stay.
    let undone = run(cordon_as(&emu.endpoint, &org.responder).args(["undo", "--yes"]).arg(&dir));
    assert!(undone.status.success(), "{}", text(&undone));
    for id in &sources {
        let attr = aws_a
            .ec2
            .describe_snapshot_attribute()
            .snapshot_id(id)
            .attribute(aws_sdk_ec2::types::SnapshotAttributeName::CreateVolumePermission)
            .send()
            .await
            .unwrap();
        assert!(attr.create_volume_permissions().is_empty(), "{id} no longer shared");
    }
    let kept = aws_f.ec2.describe_snapshots().owner_ids("self").send().await.unwrap();
    let kept =
        kept.snapshots().iter().filter(|s| recorded.iter().any(|(_, c)| s.snapshot_id() == Some(c.as_str()))).count();
    assert_eq!(kept, recorded.len(), "the forensic account's copies are evidence: kept");
}

#[tokio::test]
async fn the_organization_trail_is_read_through_the_logging_accounts_role_for_the_accounts_asked() {
    let Some(emu) = emulator() else { return };
    let label = unique("orgtrail");
    let org = organization(&emu.endpoint, &label, &["member-a", "member-b", "bystander", "logging"]).await;
    let logging = &org.accounts["logging"];
    let aws_log = member(&org.mgmt, logging).await;
    let bucket = format!("org-trail-{}", label.to_lowercase());
    aws_log.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    // The organization trail's layout: AWSLogs/<org id>/<account>/CloudTrail/<region>/Y/M/D/.
    for name in ["member-a", "member-b", "bystander"] {
        let acct = &org.accounts[name];
        let mut record =
            crate::timeline::ct_record(&format!("ev-{name}"), "2026-11-29T10:01:00Z", "CreateUser", "mallory");
        record["recipientAccountId"] = Value::from(acct.as_str());
        let body = crate::timeline::gzip(serde_json::json!({ "Records": [record] }).to_string().as_bytes());
        let key = format!(
            "AWSLogs/o-abcdef1234/{acct}/CloudTrail/us-east-1/2026/11/29/{acct}_CloudTrail_us-east-1_20261129T1005Z_x.json.gz"
        );
        aws_log.s3.put_object().bucket(&bucket).key(key).body(body.into()).send().await.unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("t.jsonl");
    let (a, b) = (&org.accounts["member-a"], &org.accounts["member-b"]);
    let out = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["timeline", "build", "--from", &format!("s3://{bucket}/AWSLogs/o-abcdef1234/")])
        .args(["--accounts", &format!("{a},{b}"), "--role-arn", &format!("arn:aws:iam::{logging}:role/{ROLE}")])
        .args(["--start", "2026-11-29T10:00:00Z", "--end", "2026-11-29T10:30:00Z", "--out"])
        .arg(&out_file));
    assert!(out.status.success(), "{}", text(&out));
    let mut ids: Vec<String> = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["event_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["ev-member-a", "ev-member-b"], "the accounts asked for, not the bystander");

    // --org names targets to act in; for reading a trail it would be a filter ignored: refused.
    let denied = run(cordon_as(&emu.endpoint, &org.responder)
        .args(["timeline", "build", "--from", &format!("s3://{bucket}/AWSLogs/o-abcdef1234/")])
        .args(["--org", "--start", "2026-11-29T10:00:00Z", "--out"])
        .arg(tmp.path().join("u.jsonl")));
    assert_eq!(denied.status.code(), Some(2), "--org is no folder filter: refused, {}", text(&denied));
}

#[tokio::test]
async fn plan_across_regions_shows_each_target_and_changes_nothing() {
    let Some(emu) = emulator() else { return };
    let label = unique("regions");
    let (aws, web) = seed(&emu.endpoint, &label).await;
    let fleet = cordon_testenv::seed::fleet(&aws, &label, &web).await.unwrap();
    let key = access_key(&label);
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--output", "json", "plan", &playbook("fleet-isolation.yaml"), "--case", &format!("IR-{label}")])
        .args(["--regions", "us-east-1,eu-west-1", "--set", &format!("tag={}", fleet.tag)]));
    let plans: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    let targets = plans["targets"].as_array().unwrap();
    let regions: Vec<&str> = targets.iter().map(|t| t["region"].as_str().unwrap()).collect();
    assert_eq!(regions, ["eu-west-1", "us-east-1"], "{plans}");
    let account = aws.caller_identity().await.unwrap().account;
    assert!(targets.iter().all(|t| t["account"] == account.as_str()), "the operator's own account: {plans}");
    let here = &targets[1]["plan"]["steps"];
    assert!(here.as_array().unwrap().iter().any(|s| s["id"] == "isolate"), "{here}");
    let requests = cordon_testenv::recorder::requests_by(&emu.recording, &key).unwrap();
    assert!(!requests.is_empty());
    let mutating: Vec<_> = requests.iter().filter(|r| r.is_mutating()).collect();
    assert!(mutating.is_empty(), "plan changes nothing in any Region: {mutating:?}");
}

#[test]
fn iam_policy_prints_the_member_role_whole_and_what_the_responders_need() {
    let out = run(cordon("http://127.0.0.1:9", "AKIAIAMPOLICYONLY001")
        .args(["iam-policy", &playbook("fleet-isolation.yaml"), "--trusted-account", "111122223333"])
        .args(["--role-name", "ir/IR-Responder", "--external-id", "case-ext-1"]));
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trust = &v["member_role"]["trust_policy"]["Statement"][0];
    assert_eq!(trust["Principal"]["AWS"][0], "arn:aws:iam::111122223333:root");
    assert_eq!(trust["Condition"]["StringEquals"]["sts:ExternalId"], "case-ext-1");
    assert_eq!(trust["Condition"]["StringLike"]["sts:RoleSessionName"], "cordon-*");
    let permissions = v["member_role"]["permissions"].to_string();
    assert!(permissions.contains("ec2:ModifyNetworkInterfaceAttribute"), "{permissions}");
    let responder = v["responder"].to_string();
    assert!(
        responder.contains("arn:aws:iam::*:role/ir/IR-Responder") && responder.contains("organizations:ListAccounts")
    );
    // A bad account id is refused, not printed into a policy.
    let bad = run(cordon("http://127.0.0.1:9", "AKIAIAMPOLICYONLY001").args([
        "iam-policy",
        &playbook("fleet-isolation.yaml"),
        "--trusted-account",
        "1234",
    ]));
    assert!(!bad.status.success());
}
