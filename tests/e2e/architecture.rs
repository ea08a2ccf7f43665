//! The dependency directions of docs/ARCHITECTURE.md, checked from the manifests.

use std::collections::BTreeMap;

use crate::helpers::workspace;

/// Each workspace crate's normal (non-dev) dependencies, by crate directory name.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let dirs = std::fs::read_dir(workspace().join("crates")).unwrap();
    for dir in dirs.map(|d| d.unwrap().path()) {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let mut in_deps = false;
        let mut deps = Vec::new();
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                in_deps = line == "[dependencies]";
            } else if in_deps && !line.is_empty() && !line.starts_with('#') {
                let name = line.split(['.', '=', ' ']).next().unwrap_or_default();
                deps.push(name.to_string());
            }
        }
        out.insert(dir.file_name().unwrap().to_string_lossy().into_owned(), deps);
    }
    out
}

#[test]
fn dependency_directions_hold() {
    let deps = dependencies();
    let uses = |krate: &str, dep: &str| deps[krate].iter().any(|d| d == dep);
    let workspace_deps =
        |krate: &str| deps[krate].iter().filter(|d| d.starts_with("cordon")).cloned().collect::<Vec<_>>();

    assert!(workspace_deps("core").is_empty(), "core depends on no workspace crate");
    for pure in ["core", "playbook", "engine"] {
        for banned in ["tokio", "aws-config", "aws-sdk-ec2", "aws-sdk-iam", "aws-sdk-s3", "aws-sdk-sts", "cordon-aws"] {
            assert!(!uses(pure, banned), "{pure} must not depend on {banned}");
        }
    }
    assert_eq!(workspace_deps("playbook"), ["cordon-core"], "playbook depends on core only");
    assert_eq!(
        workspace_deps("engine"),
        ["cordon-core", "cordon-playbook"],
        "engine depends on core and playbook only"
    );
    assert!(
        !uses("actions", "cordon-engine") && !uses("actions", "cordon-playbook"),
        "actions must not depend on engine or playbook"
    );
    // Only cordon-aws builds AWS configuration (testenv builds emulator credentials for tests).
    for (krate, d) in &deps {
        if krate != "aws" && krate != "testenv" {
            assert!(!d.iter().any(|d| d == "aws-config"), "{krate} must not build AWS configuration");
        }
    }
    // Only the binary depends on every layer.
    for (krate, _) in deps.iter().filter(|(k, _)| k.as_str() != "cli") {
        assert!(!uses(krate, "cordon"), "{krate} must not depend on the binary crate");
    }
}

/// The crates that a third party's `cordon evidence verify` and `cordon report` rest on,
/// and the pure layers, link no AWS SDK crate, not even through another crate.
#[test]
fn the_pure_crates_link_no_aws_sdk() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for krate in ["cordon-core", "cordon-playbook", "cordon-engine", "cordon-case", "cordon-report"] {
        let out = std::process::Command::new(&cargo)
            .args(["tree", "--offline", "--locked", "-e", "normal", "--prefix", "none", "-p", krate])
            .current_dir(workspace())
            .output()
            .unwrap();
        assert!(out.status.success(), "cargo tree -p {krate}: {}", String::from_utf8_lossy(&out.stderr));
        let tree = String::from_utf8_lossy(&out.stdout);
        let aws: Vec<&str> = tree.lines().filter(|l| l.starts_with("aws-") || l.starts_with("cordon-aws")).collect();
        assert!(aws.is_empty(), "{krate} links {aws:?}");
        assert!(tree.lines().count() > 1, "{krate}: cargo tree listed its dependencies: {tree}");
    }
}
