//! The IAM credential-compromise playbook against the emulator: keys Inactive (never
//! deleted), console password gone, MFA device deactivated, deny-all on the user,
//! sessions of the role revoked (in UTC) — read back through the SDK — and undo
//! restoring what can be restored, naming what cannot.

use cordon_testenv::seed::Seeded;

use crate::helpers::*;

/// What the playbook may change, read back through the SDK.
#[derive(Debug, PartialEq)]
struct State {
    keys: Vec<(String, String)>,
    login_profile: bool,
    mfa_devices: usize,
    user_policies: Vec<String>,
    role_policies: Vec<String>,
}

async fn state(aws: &cordon_aws::Aws, s: &Seeded) -> State {
    let keys = aws.iam.list_access_keys().user_name(&s.user_name).send().await.unwrap();
    let keys = keys
        .access_key_metadata()
        .iter()
        .map(|k| (k.access_key_id().unwrap().to_string(), k.status().unwrap().as_str().to_string()))
        .collect();
    let login_profile = aws.iam.get_login_profile().user_name(&s.user_name).send().await.is_ok();
    let mfa = aws.iam.list_mfa_devices().user_name(&s.user_name).send().await.unwrap();
    let user_policies = aws.iam.list_user_policies().user_name(&s.user_name).send().await.unwrap();
    let role_policies = aws.iam.list_role_policies().role_name(&s.role_name).send().await.unwrap();
    State {
        keys,
        login_profile,
        mfa_devices: mfa.mfa_devices().len(),
        user_policies: user_policies.policy_names().to_vec(),
        role_policies: role_policies.policy_names().to_vec(),
    }
}

/// The attacker's foothold on the seeded user: a console password and an MFA device.
async fn console_and_mfa(aws: &cordon_aws::Aws, s: &Seeded) {
    aws.iam.create_login_profile().user_name(&s.user_name).password("Attacker-Pa55word!").send().await.unwrap();
    let device = aws.iam.create_virtual_mfa_device().virtual_mfa_device_name(format!("mfa-{}", s.user_name)).send();
    let serial = device.await.unwrap().virtual_mfa_device().unwrap().serial_number().to_string();
    aws.iam
        .enable_mfa_device()
        .user_name(&s.user_name)
        .serial_number(serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn iam_credential_compromise_contains_and_undo_restores_the_rest() {
    let Some(emu) = emulator() else { return };
    let label = unique("iam");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    console_and_mfa(&aws, &seeded).await;
    let before = state(&aws, &seeded).await;
    assert_eq!(before.keys, [(seeded.access_key_id.clone(), "Active".to_string())]);
    assert!(before.login_profile && before.mfa_devices == 1);

    let case = format!("IR-{label}");
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("iam-credential-compromise.yaml"), "--case", &case])
        .args(["--set", &format!("access_key_id={}", seeded.access_key_id)])
        .args(["--set", &format!("role_name={}", seeded.role_name)])
        .args(["--set", "mfa_enabled_since=2000-01-01T00:00:00Z"])
        .arg("--case-dir")
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));

    let after = state(&aws, &seeded).await;
    assert_eq!(after.keys, [(seeded.access_key_id.clone(), "Inactive".to_string())], "deactivated, not deleted");
    assert!(!after.login_profile, "console password deleted");
    assert_eq!(after.mfa_devices, 0, "MFA device deactivated");
    assert_eq!(after.user_policies, [format!("cordon-deny-all-{case}")]);
    let mut role_policies = after.role_policies.clone();
    role_policies.sort();
    // The role's own policy (seeded) is untouched; the revocation is added beside it.
    assert_eq!(role_policies, [format!("cordon-revoke-older-sessions-{case}"), "web-data".to_string()]);
    let deny = aws.iam.get_user_policy().user_name(&seeded.user_name).policy_name(&after.user_policies[0]).send();
    let deny: serde_json::Value = serde_json::from_str(
        &percent_encoding::percent_decode_str(deny.await.unwrap().policy_document()).decode_utf8_lossy(),
    )
    .unwrap();
    assert_eq!(deny["Statement"][0]["Effect"], "Deny");
    assert_eq!(deny["Statement"][0]["Action"], "*");
    let revoke = aws.iam.get_role_policy().role_name(&seeded.role_name).policy_name(&role_policies[0]).send();
    let revoke: serde_json::Value = serde_json::from_str(
        &percent_encoding::percent_decode_str(revoke.await.unwrap().policy_document()).decode_utf8_lossy(),
    )
    .unwrap();
    let cutoff = revoke["Statement"][0]["Condition"]["DateLessThan"]["aws:TokenIssueTime"].as_str().unwrap();
    assert!(cutoff.ends_with('Z') && cutoff.parse::<jiff::Timestamp>().is_ok(), "UTC: {cutoff}");
    // The cutoff took AWS's clock into account (the Date of a real response).
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    let receipt = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].clone())
        .find(|e| e["type"] == "step_outcome" && e["action"] == "iam.revoke_sessions")
        .unwrap()["receipt"]
        .clone();
    let clock = receipt["clock"].as_str().unwrap();
    assert!(clock.contains("AWS's") && !clock.contains("could not") && !clock.contains("no Date"), "{clock}");
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    // The principals were captured as they were before any change.
    let artifact = |name: &str| -> serde_json::Value {
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap()).unwrap();
        let entry =
            manifest["artifacts"].as_array().unwrap().iter().find(|a| a["path"].as_str().unwrap().ends_with(name));
        let path = entry.unwrap_or_else(|| panic!("{name} in the manifest"))["path"].as_str().unwrap().to_string();
        serde_json::from_slice(&std::fs::read(tmp.path().join(path)).unwrap()).unwrap()
    };
    let user = artifact(&format!("iam-user-{}.json", seeded.user_name));
    assert_eq!(user["access_keys"][0]["access_key_id"], seeded.access_key_id.as_str());
    assert_eq!(user["access_keys"][0]["status"], "Active", "captured before deactivation");
    assert!(user["login_profile"].is_object(), "the console password existed: {user}");
    assert_eq!(user["mfa_devices"].as_array().unwrap().len(), 1);
    let role = artifact(&format!("iam-role-{}.json", seeded.role_name));
    assert_eq!(role["trust_policy"]["Statement"][0]["Principal"]["Service"], "ec2.amazonaws.com");
    let inline: Vec<&str> =
        role["inline_policies"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(inline, ["web-data"], "the role's own policy, no revocation policy yet: {role}");

    // Undo: keys Active again, both policies gone; the password and the MFA device are
    // named as not undone, with the reason.
    let shown = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).stdin(std::process::Stdio::null()));
    let shown = text(&shown);
    assert!(shown.contains("not undone: run 1 step console") && shown.contains("create-login-profile"), "{shown}");
    assert!(shown.contains("not undone: run 1 step mfa"), "{shown}");
    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    let restored = state(&aws, &seeded).await;
    assert_eq!(restored, State { login_profile: false, mfa_devices: 0, ..before });
}

#[tokio::test]
async fn a_service_linked_role_is_refused_and_an_unknown_key_is_named() {
    let Some(emu) = emulator() else { return };
    let label = unique("iam-refuse");
    let (aws, _seeded) = seed(&emu.endpoint, &label).await;
    let linked = aws
        .iam
        .create_service_linked_role()
        .aws_service_name("autoscaling.amazonaws.com")
        .custom_suffix(label.replace('-', ""))
        .send()
        .await;
    let role = linked.unwrap().role().unwrap().role_name().to_string();
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("iam-credential-compromise.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", &format!("role_name={role}"), "--case-dir"])
        .arg(tmp.path()));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("service-linked"), "{}", text(&out));
    let policies = aws.iam.list_role_policies().role_name(&role).send().await.unwrap();
    assert!(policies.policy_names().is_empty(), "nothing was put on the role");

    let out = run(cordon(&emu.endpoint, &key)
        .args(["plan", &playbook("iam-credential-compromise.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", "access_key_id=AKIAUNKNOWNKEY000001"]));
    assert_ne!(out.status.code(), Some(0));
    assert!(text(&out).contains("AKIAUNKNOWNKEY000001"), "the error names the key: {}", text(&out));
}
