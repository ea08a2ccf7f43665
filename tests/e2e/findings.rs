//! `findings.collect` against the emulator's Security Hub (GuardDuty's findings are not
//! served by it: `crates/actions/tests/converge/findings.rs` covers them on a mocked
//! client): ASFF findings imported with BatchImportFindings, one about the instance and
//! one about something else; only the first is stored, as the API sent it, and the case's
//! timeline shows it at its first sighting.

use serde_json::{Value, json};

use crate::helpers::*;

fn asff(id: &str, resource: &str, first_seen: &str) -> Value {
    json!({
        "SchemaVersion": "2018-10-08",
        "Id": id,
        "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
        "GeneratorId": "cordon-test",
        "AwsAccountId": "123456789012",
        "Types": ["TTPs/Command and Control"],
        "FirstObservedAt": first_seen,
        "CreatedAt": "2026-11-29T11:00:00Z",
        "UpdatedAt": "2026-11-29T11:00:00Z",
        "Severity": {"Label": "HIGH"},
        "Title": format!("Command and control from {resource}"),
        "Description": "test finding",
        "Resources": [{"Type": "AwsEc2Instance", "Id": format!("arn:aws:ec2:us-east-1:123456789012:instance/{resource}")}],
    })
}

#[tokio::test]
async fn security_hub_findings_about_the_instance_are_stored_as_sent_and_shown_on_the_timeline() {
    let Some(emu) = emulator() else { return };
    let label = unique("findings");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let id = seeded.instance_id.as_str();
    let _ = aws.securityhub.enable_security_hub().send().await;
    let ours = asff(&format!("finding-{label}-ours"), id, "2026-11-29T10:15:00Z");
    let other = asff(&format!("finding-{label}-other"), "i-0fedcba9876543210", "2026-11-29T10:20:00Z");
    import(&emu.endpoint, &[ours.clone(), other.clone()]);

    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let fixture = workspace().join("tests/fixtures/playbooks/collect-findings.yaml");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--output", "json", "--case", &format!("IR-{label}"), "--set", &format!("resource={id}")])
        .arg("--case-dir")
        .arg(&case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let receipt = &summary["summary"]["steps"][0]["receipt"];
    assert_eq!(receipt["finding_ids"], json!([format!("securityhub:finding-{label}-ours")]), "{receipt}");
    assert!(receipt["skipped"].to_string().contains("GuardDuty: not enabled"), "{receipt}");
    let stored_path = receipt["artifacts"].as_array().unwrap().iter().find_map(|a| a["path"].as_str()).unwrap();
    let stored = std::fs::read_to_string(case_dir.join(stored_path)).unwrap();
    assert_eq!(stored.lines().count(), 1, "{stored}");
    let line: Value = serde_json::from_str(stored.lines().next().unwrap()).unwrap();
    assert_eq!(line["Id"], ours["Id"]);
    assert_eq!(line["Title"], ours["Title"]);

    let tl = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["timeline", "build", "--format", "jsonl"])
        .arg(case_dir.join(stored_path).parent().unwrap()));
    assert!(tl.status.success(), "{}", text(&tl));
    let events: Vec<Value> =
        String::from_utf8_lossy(&tl.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let finding = events.iter().find(|e| e["event_source"] == "securityhub").expect("the finding is on the timeline");
    assert!(finding["datetime"].as_str().unwrap().starts_with("2026-11-29T10:15:00"), "{finding}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}

/// BatchImportFindings through the emulator's JSON API (the SDK's ASFF types are large;
/// the test sends the JSON a finding producer would).
fn import(endpoint: &str, findings: &[Value]) {
    let body = json!({"Findings": findings}).to_string();
    let addr = endpoint.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    let auth = "AWS4-HMAC-SHA256 Credential=AKIAFINDINGS00000001/20261130/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=0";
    let req = format!(
        "POST /findings/import HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAuthorization: {auth}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200") || resp.starts_with("HTTP/1.0 200"), "{resp}");
    assert!(resp.contains("\"FailedCount\": 0") || resp.contains("\"FailedCount\":0"), "{resp}");
}
