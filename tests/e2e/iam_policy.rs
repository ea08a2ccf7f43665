//! `cordon iam-policy` is sufficient: every shipped playbook runs under a principal that
//! has only the generated policy, with the emulator enforcing IAM; and a permission it
//! declares is really needed.

use cordon_testenv::emulator;

use crate::helpers::*;

/// A dedicated emulator (IAM enforcement affects every client), stopped on drop.
struct Dedicated(tempfile::TempDir, String);

impl Drop for Dedicated {
    fn drop(&mut self) {
        let _ = emulator::stop(self.0.path());
    }
}

async fn responder(aws: &cordon_aws::Aws, name: &str, policy: &str) -> (String, String) {
    aws.iam.create_user().user_name(name).send().await.unwrap();
    aws.iam.put_user_policy().user_name(name).policy_name("cordon").policy_document(policy).send().await.unwrap();
    let key = aws.iam.create_access_key().user_name(name).send().await.unwrap();
    let key = key.access_key().unwrap();
    (key.access_key_id().to_string(), key.secret_access_key().to_string())
}

#[tokio::test]
async fn the_generated_policy_is_enough_and_its_permissions_are_needed() {
    let state = tempfile::tempdir().unwrap();
    let started = emulator::start(state.path()).unwrap();
    let emu = Dedicated(state, started.endpoint.clone());
    let endpoint = &emu.1;
    let (admin, seeded) = seed(endpoint, "iam").await;
    let fleet = cordon_testenv::seed::fleet(&admin, "iampolicy", &seeded).await.unwrap();
    let bucket = cordon_testenv::seed::exposed_bucket(&admin, "iampolicy").await.unwrap();

    // One policy for every shipped playbook.
    let mut playbooks: Vec<String> = std::fs::read_dir(workspace().join("playbooks"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    playbooks.sort();
    assert_eq!(playbooks.len(), 4);
    let out = run(cordon(endpoint, "AKIAPOLICYGEN0000001").arg("iam-policy").args(&playbooks));
    assert!(out.status.success(), "{}", text(&out));
    let policy = String::from_utf8(out.stdout).unwrap();
    // The emulator authorizes the S3 sub-resources it has no IAM action for
    // (?ownershipControls, ?publicAccessBlock) as s3:ListBucket when read and
    // s3:CreateBucket when written, where AWS checks s3:GetBucketOwnershipControls,
    // s3:GetBucketPublicAccessBlock and s3:PutBucketPublicAccessBlock (which the policy
    // has). Granting those two stand-ins keeps every other permission under test.
    let mut granted: serde_json::Value = serde_json::from_str(&policy).unwrap();
    granted["Statement"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"Sid": "EmulatorS3Mapping", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:CreateBucket"], "Resource": "*"}));
    let (full_key, full_secret) = responder(&admin, "responder", &granted.to_string()).await;
    let reduced = policy.replace("\"ec2:ModifyNetworkInterfaceAttribute\",", "");
    assert_ne!(reduced, policy);
    let (less_key, less_secret) = responder(&admin, "responder-less", &reduced).await;

    emulator::enforce_iam(endpoint, true).unwrap();
    let run_as = |key: &str, secret: &str, case: &str, dir: &std::path::Path| {
        run(cordon(endpoint, key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", case])
            .arg("--set")
            .arg(format!("instance_id={}", seeded.instance_id))
            .arg("--case-dir")
            .arg(dir))
    };
    // Without the interface permission, isolation is denied, and the error says so.
    let less_dir = tempfile::tempdir().unwrap();
    let denied = run_as(&less_key, &less_secret, "IR-LESS", less_dir.path());
    let t = text(&denied);
    assert_eq!(denied.status.code(), Some(1), "{t}");
    assert!(t.contains("ec2:ModifyNetworkInterfaceAttribute") && t.contains("FAIL  isolate"), "{t}");
    // With the whole generated policy, the run succeeds.
    let dir = tempfile::tempdir().unwrap();
    let ok = run_as(&full_key, &full_secret, "IR-IAM", dir.path());
    let iam_dir = tempfile::tempdir().unwrap();
    let iam_ok = run(cordon(endpoint, &full_key)
        .env("AWS_SECRET_ACCESS_KEY", &full_secret)
        .args(["run", "--yes", &playbook("iam-credential-compromise.yaml"), "--case", "IR-IAM2"])
        .args(["--set", &format!("access_key_id={}", seeded.access_key_id)])
        .args(["--set", &format!("role_name={}", seeded.role_name)])
        .args(["--set", "mfa_enabled_since=2000-01-01T00:00:00Z"])
        .arg("--case-dir")
        .arg(iam_dir.path()));
    let s3_dir = tempfile::tempdir().unwrap();
    let s3_ok = run(cordon(endpoint, &full_key)
        .env("AWS_SECRET_ACCESS_KEY", &full_secret)
        .args(["run", "--yes", &playbook("s3-public-exposure.yaml"), "--case", "IR-IAM3"])
        .args(["--set", &format!("bucket={}", bucket.bucket), "--set", "protect=true"])
        .args(["--set", "deny_principal=arn:aws:iam::123456789012:user/attacker", "--case-dir"])
        .arg(s3_dir.path()));
    let fleet_dir = tempfile::tempdir().unwrap();
    let fleet_ok = run(cordon(endpoint, &full_key)
        .env("AWS_SECRET_ACCESS_KEY", &full_secret)
        .args(["run", "--yes", &playbook("fleet-isolation.yaml"), "--case", "IR-IAM4"])
        .args(["--set", &format!("asg_name={}", fleet.asg_name), "--case-dir"])
        .arg(fleet_dir.path()));
    emulator::enforce_iam(endpoint, false).unwrap();
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(iam_ok.status.success(), "{}", text(&iam_ok));
    assert!(s3_ok.status.success(), "{}", text(&s3_ok));
    assert!(fleet_ok.status.success(), "{}", text(&fleet_ok));
    let journal = std::fs::read_to_string(dir.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("user/responder\""), "the run acted as the restricted principal");
}
