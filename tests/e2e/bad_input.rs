//! Bad input never panics, and every error names its subject.

use crate::helpers::*;

#[test]
fn truncated_playbooks_never_panic() {
    let text = std::fs::read_to_string(playbook("ec2-compromise.yaml")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("cut.yaml");
    let mut cuts: Vec<usize> = (0..text.len()).step_by(23).filter(|i| text.is_char_boundary(*i)).collect();
    cuts.push(text.len() - 1);
    for cut in cuts {
        std::fs::write(&path, &text[..cut]).unwrap();
        // `run` asserts the binary did not panic.
        let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").arg("validate").arg(&path));
        assert!(matches!(out.status.code(), Some(0 | 2)), "cut at {cut}: {}", text_of(&out));
    }
}

fn text_of(o: &std::process::Output) -> String {
    text(o)
}

#[test]
fn a_bad_input_value_is_refused_before_any_aws_call() {
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").args([
        "plan",
        &playbook("ec2-compromise.yaml"),
        "--case",
        "IR-1",
        "--set",
        "instance_id=i-nothex",
    ]));
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("error[bad-input]: input `instance_id`: `i-nothex` does not match the pattern"), "{t}");
    assert!(t.contains("ec2-compromise.yaml:"), "located: {t}");
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").args([
        "plan",
        &playbook("ec2-compromise.yaml"),
        "--case",
        "IR-1",
        "--set",
        "instance=i-0123456789abcdef0",
    ]));
    let t = text(&out);
    assert!(t.contains("the playbook has no input `instance`") && t.contains("did you mean `instance_id`?"), "{t}");
}

#[test]
fn a_bad_inputs_file_reports_every_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs.yaml");
    std::fs::write(&inputs, "instance_id: 42\nregion: eu-west-1\n").unwrap();
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001")
        .args(["plan", &playbook("ec2-compromise.yaml"), "--case", "IR-1", "--inputs"])
        .arg(&inputs));
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("the playbook has no input `region`"), "{t}");
    assert!(t.contains("input `instance_id`: expected a string, found a number"), "{t}");
}

#[test]
fn an_unreachable_endpoint_is_a_clear_error() {
    let out = run(cordon("http://127.0.0.1:9", "AKIAUNREACHABLE00001").args([
        "plan",
        &playbook("ec2-compromise.yaml"),
        "--case",
        "IR-1",
        "--set",
        "instance_id=i-0123456789abcdef0",
    ]));
    assert_eq!(out.status.code(), Some(3));
    let t = text(&out);
    assert!(t.contains("http://127.0.0.1:9") && t.contains("could not reach the AWS endpoint"), "{t}");
}

#[tokio::test]
async fn an_unknown_instance_is_named_with_the_aws_error_code() {
    let Some(emu) = emulator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let missing = "i-0123456789abcdef0";
    let out = run(cordon(&emu.endpoint, &access_key("unknown-instance"))
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", "IR-MISSING", "--set"])
        .arg(format!("instance_id={missing}"))
        .arg("--case-dir")
        .arg(tmp.path()));
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    // The capture step reads concurrently: whichever call fails first names the instance,
    // AWS's error code and the request id.
    assert!(
        t.contains(&format!("on {missing} failed: InvalidInstanceID.NotFound")) && t.contains("(request id "),
        "{t}"
    );
    assert!(t.contains("skip  protect"), "later steps are skipped: {t}");
    // The failure is journaled, and the case still verifies.
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("InvalidInstanceID.NotFound"));
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    let plan = run(cordon(&emu.endpoint, &access_key("unknown-instance"))
        .args(["plan", &playbook("ec2-compromise.yaml"), "--case", "IR-MISSING", "--set"])
        .arg(format!("instance_id={missing}")));
    assert_eq!(plan.status.code(), Some(1));
    assert!(
        text(&plan).contains("check failed: ec2:DescribeInstances on i-0123456789abcdef0 failed"),
        "{}",
        text(&plan)
    );
}

#[tokio::test]
async fn another_account_is_refused_before_anything_is_written() {
    let Some(emu) = emulator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let out = run(cordon(&emu.endpoint, &access_key("wrong-account"))
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", "IR-ACCT", "--account", "999999999999"])
        .args(["--set", "instance_id=i-0123456789abcdef0"])
        .arg("--case-dir")
        .arg(&case_dir));
    assert_eq!(out.status.code(), Some(3));
    let t = text(&out);
    assert!(t.contains("not 999999999999") && t.contains("123456789012"), "{t}");
    assert!(!case_dir.exists(), "nothing written");
}

#[test]
fn a_finding_without_the_needed_resource_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let finding = tmp.path().join("finding.json");
    std::fs::write(
        &finding,
        r#"{"Findings":[{"AwsAccountId":"123456789012","Types":["TTPs/Credential Access"],
        "Resources":[{"Type":"AwsIamAccessKey","Id":"AKIAEXAMPLE000000000"}]}]}"#,
    )
    .unwrap();
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001")
        .args(["plan", &playbook("ec2-compromise.yaml"), "--case", "IR-1", "--from-finding"])
        .arg(&finding));
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(
        t.contains("input `instance_id` is required: the finding (TTPs/Credential Access) names no such resource"),
        "{t}"
    );
    std::fs::write(&finding, "{\"not\": \"a finding\"}").unwrap();
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001")
        .args(["plan", &playbook("ec2-compromise.yaml"), "--case", "IR-1", "--from-finding"])
        .arg(&finding));
    assert!(text(&out).contains("error[bad-finding]"), "{}", text(&out));
}

/// A plain http:// endpoint on another machine is refused before any request (signed
/// requests would cross the network in clear text); loopback is fine (every other test).
#[test]
fn a_plain_http_endpoint_elsewhere_is_refused_before_any_request() {
    let out = run(cordon("http://cordon-test.invalid:4566", "AKIAENDPOINTCHECK001").args([
        "plan",
        &playbook("ec2-compromise.yaml"),
        "--case",
        "IR-HTTP",
        "--set",
        "instance_id=i-0123456789abcdef0",
    ]));
    let t = text(&out);
    assert_eq!(out.status.code(), Some(3), "{t}");
    assert!(t.contains("plain http://") && t.contains("--allow-insecure-endpoint"), "{t}");
    assert!(!t.contains("cannot establish who is acting"), "refused before asking STS: {t}");
}
