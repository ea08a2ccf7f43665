#![allow(clippy::unwrap_used)]

use cordon_core::diagnostic::Code;

use super::*;

fn shipped(name: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../drills");
    std::fs::read_to_string(root.join(name)).unwrap()
}

fn problems(text: &str) -> Vec<Diagnostic> {
    load("s.yaml", text).err().unwrap_or_default()
}

#[test]
fn every_shipped_scenario_loads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../drills");
    let mut n = 0;
    for e in std::fs::read_dir(root).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&p).unwrap();
            let s = load(&p.display().to_string(), &text).unwrap_or_else(|d| panic!("{}: {d:?}", p.display()));
            assert!(!s.attack.steps.is_empty() && !s.expect.contained.is_empty());
            n += 1;
        }
    }
    assert!(n >= 2);
}

#[test]
fn a_wrong_field_is_reported_at_its_line_with_what_is_expected() {
    let text = shipped("leaked-access-keys.yaml")
        .replace("create_user: {user: svc-backup}", "create_user: {user: svc-backup, admin: true}");
    let line = text.lines().position(|l| l.contains("admin: true")).unwrap() as u32 + 1;
    let d = problems(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::UnknownField);
    assert!(d[0].message.contains("unknown field `admin`"), "{}", d[0].message);
    assert_eq!(d[0].span.unwrap().line, line, "{d:?}");
    assert!(d[0].hint.as_deref().unwrap_or_default().contains("`user`"), "{d:?}");

    let text = shipped("leaked-access-keys.yaml").replace("- do: list_users", "- do: list_groups");
    let d = problems(&text);
    assert_eq!(d[0].code, Code::UnknownField, "{d:?}");
    assert!(d[0].hint.as_deref().unwrap_or_default().contains("list_users"), "{d:?}");
}

#[test]
fn names_techniques_and_the_principal_are_checked_at_their_lines() {
    let base = shipped("leaked-access-keys.yaml");
    let text = base.replace("{attach_user_policy: {user: svc-backup,", "{attach_user_policy: {user: svc-backpu,");
    let d = problems(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::UnknownResource);
    let line = text.lines().position(|l| l.contains("svc-backpu")).unwrap() as u32 + 1;
    assert_eq!(d[0].span.unwrap().line, line, "{d:?}");
    assert!(d[0].hint.as_deref().unwrap_or_default().contains("ci-deployer"), "{d:?}");

    let text = base.replace("technique: T1098.001", "technique: T98");
    let d = problems(&text);
    assert_eq!((d.len(), d[0].code), (1, Code::BadValue), "{d:?}");
    assert_eq!(d[0].span.unwrap().line, text.lines().position(|l| l.contains("T98")).unwrap() as u32 + 1);

    let text = base.replace("principal: ci-deployer", "principal: analyst").replace(
        "  - user:\n      name: analyst\n      access_key: true",
        "  - user:\n      name: analyst\n      access_key: false",
    );
    let d = problems(&text);
    assert!(d.iter().any(|d| d.message.contains("has no access key")), "{d:?}");

    // A user the attack uses before creating it.
    let text =
        base.replace("    - do: {create_user: {user: svc-backup}}", "    - do: {create_user: {user: svc-later}}");
    let d = problems(&text);
    assert!(d.iter().any(|d| d.code == Code::UnknownResource && d.message.contains("svc-backup")), "{d:?}");
}

#[test]
fn the_schema_names_every_call() {
    let s = schema().to_string();
    for call in ["get_caller_identity", "create_user", "put_bucket_policy", "delete_objects"] {
        assert!(s.contains(call), "{call} missing from the schema");
    }
}
