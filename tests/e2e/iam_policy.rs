//! `cordon iam-policy` is sufficient: every shipped playbook, with every optional branch,
//! runs and is then undone by a principal that has only the generated policy, with the
//! emulator enforcing IAM; the permissions it declares are needed (a policy without
//! one of them fails the run, and one without undo's fails `cordon undo`).

use cordon_testenv::emulator;
use serde_json::{Value, json};

use crate::helpers::*;

const ACCOUNT: &str = "123456789012";

/// A dedicated emulator (IAM enforcement affects every client), stopped on drop.
struct Dedicated(tempfile::TempDir, String);

impl Drop for Dedicated {
    fn drop(&mut self) {
        let _ = emulator::stop(self.0.path());
    }
}

async fn responder(aws: &cordon_aws::Aws, name: &str, policy: &Value) -> (String, String) {
    aws.iam.create_user().user_name(name).send().await.unwrap();
    let doc = policy.to_string();
    aws.iam.put_user_policy().user_name(name).policy_name("cordon").policy_document(doc).send().await.unwrap();
    let key = aws.iam.create_access_key().user_name(name).send().await.unwrap();
    let key = key.access_key().unwrap();
    (key.access_key_id().to_string(), key.secret_access_key().to_string())
}

/// The generated policy as the emulator can enforce it:
/// - moto authorizes every non-S3 action against the resource `*`, which a statement
///   scoped to `arn:aws:iam::ACCOUNT:user/*` never matches, so those statements are put on
///   `*` here (S3 statements keep their bucket and object ARNs: moto checks those);
/// - moto authorizes the S3 sub-resources it has no IAM action for (?ownershipControls,
///   ?publicAccessBlock) as s3:ListBucket when read, s3:CreateBucket when written and
///   s3:DeleteBucket when deleted, where AWS checks s3:GetBucketOwnershipControls,
///   s3:GetBucketPublicAccessBlock and s3:PutBucketPublicAccessBlock (which the policy
///   has; AWS's DeletePublicAccessBlock needs s3:PutBucketPublicAccessBlock too).
///   Granting those three stand-ins keeps every other permission under test.
fn for_emulator(policy: &Value) -> Value {
    let mut p = policy.clone();
    let statements = p["Statement"].as_array_mut().unwrap();
    for s in statements.iter_mut() {
        if s["Resource"].as_str().is_some_and(|r| r.starts_with("arn:aws:iam::")) {
            s["Resource"] = json!("*");
        }
    }
    statements.push(json!({"Sid": "EmulatorS3Mapping", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:CreateBucket", "s3:DeleteBucket"], "Resource": "*"}));
    p
}

fn actions(policy: &Value) -> Vec<String> {
    policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()))
        .collect()
}

fn generate(endpoint: &str, playbooks: &[String], extra: &[&str]) -> Value {
    let out = run(cordon(endpoint, "AKIAPOLICYGEN0000001").arg("iam-policy").args(playbooks).args(extra));
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn the_generated_policy_runs_and_undoes_every_playbook_and_its_permissions_are_needed() {
    if !may_start_emulator() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let started = emulator::start(state.path()).unwrap();
    let emu = Dedicated(state, started.endpoint.clone());
    let endpoint = &emu.1;
    let (admin, seeded) = seed(endpoint, "iam").await;
    let fleet = cordon_testenv::seed::fleet(&admin, "iampolicy", &seeded).await.unwrap();
    let bucket = cordon_testenv::seed::exposed_bucket(&admin, "iampolicy").await.unwrap();
    let key = admin.kms_in("eu-west-1").create_key().description("forensics").send().await.unwrap();
    let key_arn = key.key_metadata().unwrap().arn().unwrap().to_string();

    // One policy for every shipped playbook.
    let mut playbooks: Vec<String> = std::fs::read_dir(workspace().join("playbooks"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    playbooks.sort();
    assert_eq!(playbooks.len(), 4);
    let policy = generate(endpoint, &playbooks, &["--account", ACCOUNT]);
    let without_undo = generate(endpoint, &playbooks, &["--account", ACCOUNT, "--no-undo"]);
    // Undo's permissions are in the full policy only: re-associating the instance profile
    // detached by `ec2.detach_instance_profile` needs AssociateIamInstanceProfile and
    // PassRole, which no run step calls.
    for undo_only in ["ec2:AssociateIamInstanceProfile", "iam:PassRole"] {
        assert!(actions(&policy).iter().any(|a| a == undo_only), "{undo_only} in {policy:#}");
        assert!(!actions(&without_undo).iter().any(|a| a == undo_only), "{undo_only} not in {without_undo:#}");
    }
    // IAM and S3 permissions are scoped to their resources in the account.
    let scoped = |action: &str| -> String {
        let s = policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Action"].as_array().unwrap().iter().any(|a| a == action));
        s.unwrap_or_else(|| panic!("{action} in {policy:#}"))["Resource"].as_str().unwrap().to_string()
    };
    assert_eq!(scoped("iam:PutUserPolicy"), format!("arn:aws:iam::{ACCOUNT}:user/*"));
    assert_eq!(scoped("iam:PutRolePolicy"), format!("arn:aws:iam::{ACCOUNT}:role/*"));
    assert_eq!(scoped("s3:PutBucketPolicy"), "arn:aws:s3:::*");
    assert_eq!(scoped("ec2:ModifyNetworkInterfaceAttribute"), "*");

    // ec2-compromise's `image` step (image_disks) is the one branch not run here. The
    // emulator keeps the EBS direct APIs' snapshots apart from EC2's (it cannot read the
    // snapshots the `snapshot` step makes), and with IAM enforced it refuses every EBS
    // direct request as SignatureDoesNotMatch, boto3's included. Its permissions are checked
    // by presence; tests/e2e/disk_image.rs runs the step itself.
    for ebs in ["ebs:ListSnapshotBlocks", "ebs:GetSnapshotBlock"] {
        assert!(actions(&policy).iter().any(|a| a == ebs), "{ebs} in {policy:#}");
    }
    // Nor are `memory` and `live` (memory_tool_url, live_response): they need the SSM agent,
    // which a test plays while the run waits (tests/e2e/volatile.rs runs both, and the
    // ec2-compromise path through them); here their permissions are checked by presence.
    for ssm in [
        "ssm:DescribeInstanceInformation",
        "ssm:SendCommand",
        "ssm:GetCommandInvocation",
        "ssm:CancelCommand",
        "s3:ListBucketVersions",
    ] {
        assert!(actions(&policy).iter().any(|a| a == ssm), "{ssm} in {policy:#}");
    }
    let granted = for_emulator(&policy);
    let (full_key, full_secret) = responder(&admin, "responder", &granted).await;
    let reduced_text = granted.to_string().replace("\"ec2:ModifyNetworkInterfaceAttribute\",", "");
    assert_ne!(reduced_text, granted.to_string());
    let reduced: Value = serde_json::from_str(&reduced_text).unwrap();
    let (less_key, less_secret) = responder(&admin, "responder-less", &reduced).await;
    let (contain_key, contain_secret) = responder(&admin, "responder-contain", &for_emulator(&without_undo)).await;

    emulator::enforce_iam(endpoint, true).unwrap();
    let as_user = |key: &str, secret: &str| {
        let mut c = cordon(endpoint, key);
        c.env("AWS_SECRET_ACCESS_KEY", secret);
        c
    };
    let run_as = |key: &str, secret: &str, playbook_name: &str, case: &str, dir: &std::path::Path, sets: &[String]| {
        let mut c = as_user(key, secret);
        c.args(["run", "--yes", &playbook(playbook_name), "--case", case]).arg("--case-dir").arg(dir);
        for s in sets {
            c.args(["--set", s]);
        }
        run(&mut c)
    };
    let undo_as =
        |key: &str, secret: &str, dir: &std::path::Path| run(as_user(key, secret).arg("undo").arg(dir).arg("--yes"));

    // Without the interface permission, isolation is denied, and the error says so.
    let less_dir = tempfile::tempdir().unwrap();
    let instance = format!("instance_id={}", seeded.instance_id);
    let denied = run_as(
        &less_key,
        &less_secret,
        "ec2-compromise.yaml",
        "IR-LESS",
        less_dir.path(),
        std::slice::from_ref(&instance),
    );
    let t = text(&denied);
    assert_eq!(denied.status.code(), Some(1), "{t}");
    assert!(t.contains("ec2:ModifyNetworkInterfaceAttribute") && t.contains("FAIL  isolate"), "{t}");

    // With the whole generated policy, every playbook with every optional branch runs,
    // and `cordon undo` then restores it.
    let runs: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "ec2-compromise.yaml",
            "IR-IAM1",
            vec![
                instance.clone(),
                "examiner_cidr=203.0.113.7/32".into(),
                "allow_ssm=true".into(),
                "disassociate_eip=true".into(),
                "isolate_subnet=true".into(),
                "forensic_account=999988887777".into(),
                "forensic_region=eu-west-1".into(),
                format!("forensic_kms_key={key_arn}"),
                "flow_logs_from=2026-11-29T10:00:00Z".into(),
            ],
        ),
        (
            "iam-credential-compromise.yaml",
            "IR-IAM2",
            vec![
                format!("access_key_id={}", seeded.access_key_id),
                format!("role_name={}", seeded.role_name),
                "mfa_enabled_since=2000-01-01T00:00:00Z".into(),
            ],
        ),
        (
            "s3-public-exposure.yaml",
            "IR-IAM3",
            vec![
                format!("bucket={}", bucket.bucket),
                "protect=true".into(),
                "deny_principal=arn:aws:iam::123456789012:user/attacker".into(),
            ],
        ),
        ("fleet-isolation.yaml", "IR-IAM4", vec![format!("asg_name={}", fleet.asg_name)]),
    ];
    let mut outcomes = Vec::new();
    for (name, case, sets) in &runs {
        let dir = tempfile::tempdir().unwrap();
        let ran = run_as(&full_key, &full_secret, name, case, dir.path(), sets);
        let undone = undo_as(&full_key, &full_secret, dir.path());
        outcomes.push((name, dir, ran, undone));
    }
    // Without undo's permissions the run works, but its undo is denied.
    let contain_dir = tempfile::tempdir().unwrap();
    let contained =
        run_as(&contain_key, &contain_secret, "ec2-compromise.yaml", "IR-IAM5", contain_dir.path(), &[instance]);
    let not_undone = undo_as(&contain_key, &contain_secret, contain_dir.path());
    emulator::enforce_iam(endpoint, false).unwrap();

    for (name, dir, ran, undone) in &outcomes {
        assert!(ran.status.success(), "{name}: {}", text(ran));
        let out = text(ran);
        let skipped: Vec<&str> = out
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("skip"))
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        // forensic_copy acts as another account's role, under that account's policy (not
        // this one's): tests/e2e/accounts.rs runs it with a forensic account of its own.
        let may_skip: &[&str] =
            if **name == "ec2-compromise.yaml" { &["memory", "live", "image", "forensic_copy"] } else { &[] };
        assert_eq!(skipped, may_skip, "{name}: every optional branch ran: {out}");
        assert!(undone.status.success(), "{name}: undo: {}", text(undone));
        let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
        assert!(journal.contains("user/responder\""), "{name}: the run acted as the restricted principal");
        assert!(journal.contains("\"playbook_path\":\"(undo)\""), "{name}: the undo was journaled");
    }
    assert!(contained.status.success(), "{}", text(&contained));
    let t = text(&not_undone);
    assert_eq!(not_undone.status.code(), Some(1), "{t}");
    assert!(t.contains("ec2:AssociateIamInstanceProfile"), "the undo that needs it is denied: {t}");
}
