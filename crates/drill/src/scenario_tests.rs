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
fn instance_credentials_need_an_instance_that_runs_with_the_role() {
    let base = shipped("web-server-compromise.yaml");
    assert!(problems(&base).is_empty());

    // No session: whose instance's credentials?
    let text = base.replace("  session: web-1\n", "");
    let d = problems(&text);
    assert!(d.iter().any(|d| d.code == Code::MissingField && d.message.contains("session")), "{d:?}");

    // The bastion runs without the role: its credentials are not the role's.
    let text = base.replace("session: web-1", "session: bastion");
    let d = problems(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("no instance `bastion` runs with the role"), "{d:?}");
    let line = text.lines().position(|l| l.contains("session: bastion")).unwrap() as u32 + 1;
    assert_eq!(d[0].span.unwrap().line, line, "{d:?}");
    assert!(d[0].hint.as_deref().unwrap_or_default().contains("web-2"), "{d:?}");

    // A group member past the group's size, and a role set up after its group.
    let text = base.replace("instance_isolated: {instance: web-1}", "instance_isolated: {instance: web-3}");
    let d = problems(&text);
    assert!(d.iter().any(|d| d.code == Code::UnknownResource && d.message.contains("web-3")), "{d:?}");
    let text = base.replace("role: web-role\n      load_balancer", "role: app-role\n      load_balancer");
    let d = problems(&text);
    assert!(d.iter().any(|d| d.message.contains("the role `app-role` is not set up")), "{d:?}");
}

#[test]
fn groups_and_instances_are_checked() {
    let base = shipped("fleet-compromise.yaml");
    let d = problems(&base.replace("size: 3", "size: 9"));
    assert!(d.iter().any(|d| d.message.contains("1 to 4 instances")), "{d:?}");
    let d = problems(&base.replace("name: bastion", "name: workers-2").replace("bystander: true", ""));
    assert!(d.iter().any(|d| d.message.contains("two instances would be named `workers-2`")), "{d:?}");
    let d = problems(&base.replace("name: workers\n", "name: workers-of-the-night-shift\n"));
    assert!(d.iter().any(|d| d.code == Code::BadName && d.message.contains("20 characters")), "{d:?}");
}

#[test]
fn the_schema_names_every_call() {
    let s = schema().to_string();
    for call in ["get_caller_identity", "create_user", "put_bucket_policy", "delete_objects"] {
        assert!(s.contains(call), "{call} missing from the schema");
    }
}
