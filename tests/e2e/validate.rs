//! `cordon validate` on broken playbooks: every problem reported, each with
//! file:line:column, a code and a hint. Rendered output is snapshot-tested.

use crate::helpers::*;

fn validate(fixture: &str) -> (Option<i32>, String) {
    let path = format!("tests/fixtures/invalid/{fixture}.yaml");
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").args(["validate", &path]));
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every broken playbook in tests/fixtures/invalid fails validation with exit status 2,
/// and its rendered diagnostics match its snapshot (`tests/e2e/snapshots/
/// e2e__validate__<name>.snap`): add a fixture, get a test (run `cargo insta review`, or
/// `INSTA_UPDATE=always`, to write its first snapshot).
#[test]
fn every_invalid_fixture_is_reported_as_its_snapshot_says() {
    let dir = workspace().join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "the fixtures are there: {names:?}");
    for name in &names {
        let (code, stderr) = validate(name);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        insta::assert_snapshot!(name.as_str(), stderr);
    }
}

#[test]
fn the_shipped_playbooks_validate() {
    let dir = workspace().join("playbooks");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").arg("validate").args(&files));
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn json_output_lists_diagnostics_with_positions() {
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").args([
        "validate",
        "tests/fixtures/invalid/unknown-action.yaml",
        "--output",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-action");
    assert_eq!(d["span"]["line"], 4);
    assert_eq!(d["span"]["column"], 13);
    assert_eq!(d["hint"], "did you mean `ec2.isolate_instance`?");
}
