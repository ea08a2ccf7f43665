//! The S3 public-exposure playbook against the emulator: the access configuration is
//! captured as evidence first; public access blocked; a principal denied and deletion
//! denied while the rest of the policy is kept — read back through the SDK — and undo
//! putting every setting back (versioning only as far as S3 allows: Suspended).

use cordon_aws::s3;
use cordon_core::action::NoCallLog;
use serde_json::Value;

use crate::helpers::*;

#[derive(Debug, PartialEq)]
struct State {
    policy: Option<Value>,
    public_access_block: Option<s3::PublicAccessBlock>,
    versioning: Option<String>,
}

async fn state(aws: &cordon_aws::Aws, bucket: &str) -> State {
    State {
        policy: s3::policy(aws, &NoCallLog, bucket).await.unwrap().map(|d| serde_json::from_str(&d).unwrap()),
        public_access_block: s3::public_access_block(aws, &NoCallLog, bucket).await.unwrap(),
        versioning: s3::versioning(aws, &NoCallLog, bucket).await.unwrap(),
    }
}

fn sids(policy: &Option<Value>) -> Vec<String> {
    policy
        .as_ref()
        .and_then(|p| p["Statement"].as_array())
        .into_iter()
        .flatten()
        .map(|s| s["Sid"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn s3_public_exposure_blocks_denies_protects_and_undo_restores() {
    let Some(emu) = emulator() else { return };
    let label = unique("s3");
    let (aws, _) = seed(&emu.endpoint, &label).await;
    let exposed = cordon_testenv::seed::exposed_bucket(&aws, &label).await.unwrap();
    let before = state(&aws, &exposed.bucket).await;
    assert_eq!(sids(&before.policy), ["PublicRead"]);
    assert_eq!(before.public_access_block, None);

    let case = format!("IR-{label}");
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let attacker = "arn:aws:iam::123456789012:user/attacker";
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("s3-public-exposure.yaml"), "--case", &case])
        .args(["--set", &format!("bucket={}", exposed.bucket)])
        .args(["--set", &format!("deny_principal={attacker}"), "--set", "protect=true"])
        .arg("--case-dir")
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));

    let after = state(&aws, &exposed.bucket).await;
    assert_eq!(after.public_access_block, Some(s3::PublicAccessBlock::ALL));
    assert_eq!(after.versioning.as_deref(), Some("Enabled"));
    let after_sids = sids(&after.policy);
    assert_eq!(after_sids.len(), 3, "{after_sids:?}");
    assert_eq!(after_sids[0], "PublicRead", "the original statement is kept as it was");
    let statements = after.policy.as_ref().unwrap()["Statement"].as_array().unwrap().clone();
    let deny = statements.iter().find(|s| s["Sid"].as_str().unwrap().starts_with("CordonDeny")).unwrap();
    assert_eq!(deny["Principal"]["AWS"], attacker);
    assert_eq!(deny["Effect"], "Deny");
    let protect = statements.iter().find(|s| s["Sid"] == "CordonProtectFromDeletion").unwrap();
    assert!(protect["Action"].as_array().unwrap().contains(&Value::from("s3:DeleteObject")));
    let exempted = protect["Condition"]["ArnNotLike"]["aws:PrincipalArn"].as_array().unwrap();
    assert!(
        !exempted.is_empty() && exempted.iter().all(|a| a.as_str().unwrap().starts_with("arn:aws:")),
        "{exempted:?}"
    );

    // The evidence holds the configuration as it was, before any change.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"].as_str().unwrap().ends_with("s3-access-config.json"))
        .unwrap();
    let captured: Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join(entry["path"].as_str().unwrap())).unwrap()).unwrap();
    assert_eq!(captured["policy"]["Statement"][0]["Sid"], "PublicRead");
    assert!(captured["public_access_block"].is_null());
    assert!(
        captured["acl"]["grants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["grantee_uri"].as_str().is_some_and(|u| u.ends_with("AllUsers")))
    );
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    let restored = state(&aws, &exposed.bucket).await;
    // S3 has no way back to "never enabled": Suspended is as close as it gets (and the
    // receipt and the undo plan say so).
    assert_eq!(before.versioning, None);
    assert_eq!(
        restored,
        State { versioning: Some("Suspended".into()), ..before },
        "policy and block exactly as before"
    );
}
