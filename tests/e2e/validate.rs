//! `cordon validate` on broken playbooks: every problem reported, each with
//! file:line:column, a code and a hint. Rendered output is snapshot-tested.

use crate::helpers::*;

fn validate(fixture: &str) -> (Option<i32>, String) {
    let path = format!("tests/fixtures/invalid/{fixture}.yaml");
    let out = run(cordon("http://127.0.0.1:9", "AKIAVALIDATEONLY0001").args(["validate", &path]));
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

macro_rules! fixture_test {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let (code, stderr) = validate($file);
            assert_eq!(code, Some(2), "{stderr}");
            insta::assert_snapshot!($file, stderr);
        }
    };
}

fixture_test!(unknown_action_suggests_the_closest, "unknown-action");
fixture_test!(unknown_and_missing_parameters, "unknown-and-missing-param");
fixture_test!(undefined_template_variables, "undefined-variables");
fixture_test!(bad_input_declarations, "bad-inputs");
fixture_test!(unknown_fields_everywhere, "unknown-fields");
fixture_test!(malformed_yaml, "malformed");
fixture_test!(duplicate_ids_bad_types_and_template_syntax, "steps-and-types");
fixture_test!(bad_metadata_and_step_options, "bad-metadata");
fixture_test!(unknown_needs_item_outside_for_each_and_bad_lists, "graph");
fixture_test!(steps_waiting_for_each_other, "cycle");

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
