#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::json;

use super::super::{Detector, load};
use super::Gate;

fn detector(detection: &str) -> Option<Detector> {
    let text = format!(
        "title: Gate rule\nid: 5f0c7a59-0000-4000-8000-00000000a7e0\nstatus: test\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\nlevel: high\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rule.yml");
    std::fs::write(&p, text).unwrap();
    load(&[p]).0
}

fn gate(detection: &str) -> Gate {
    Gate::new(detector(detection).unwrap().engine.rules())
}

#[test]
fn a_rule_on_a_service_and_its_calls_admits_those_calls_in_any_case_and_nothing_else() {
    let g = gate(
        "  sel:\n    eventSource: iam.amazonaws.com\n    eventName:\n      - CreateUser\n      - CreateAccessKey\n  condition: sel",
    );
    assert!(g.admits("iam.amazonaws.com", "CreateUser"));
    assert!(g.admits("IAM.amazonaws.com", "createaccesskey"));
    assert!(!g.admits("iam.amazonaws.com", "GetUser"));
    assert!(!g.admits("s3.amazonaws.com", "CreateUser"));
    assert!(!g.admits("", ""));
    // A value the gate cannot fold exactly (here a Kelvin sign, which folds to `k`)
    // goes to the engine.
    assert!(g.admits("\u{212a}ms.amazonaws.com", "x"));
}

#[test]
fn prefixes_lists_of_maps_and_conditions_keep_every_call_a_rule_can_match() {
    let g = gate(
        "  sel:\n    eventSource: ec2.amazonaws.com\n    eventName|startswith: Authorize\n  other:\n    - eventSource: s3.amazonaws.com\n      eventName: PutBucketPolicy\n    - eventSource: kms.amazonaws.com\n  condition: sel or other",
    );
    assert!(g.admits("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"));
    assert!(!g.admits("ec2.amazonaws.com", "DescribeInstances"));
    assert!(g.admits("s3.amazonaws.com", "PutBucketPolicy"));
    assert!(!g.admits("s3.amazonaws.com", "GetObject"));
    // The kms alternative fixes no call.
    assert!(g.admits("kms.amazonaws.com", "Decrypt"));
    assert!(!g.admits("sts.amazonaws.com", "AssumeRole"));

    // A call alone, any service.
    let g = gate("  sel:\n    eventName: StopLogging\n  condition: sel");
    assert!(g.admits("cloudtrail.amazonaws.com", "StopLogging"));
    assert!(!g.admits("cloudtrail.amazonaws.com", "LookupEvents"));
}

#[test]
fn what_requires_neither_field_opens_the_gate() {
    for detection in [
        "  sel:\n    sourceIPAddress|cidr: 203.0.113.0/24\n  condition: sel",
        "  sel:\n    eventName: CreateUser\n  condition: not sel",
        "  sel:\n    eventName: CreateUser\n  other:\n    userAgent|contains: curl\n  condition: sel or other",
        "  keywords:\n    - evil\n  condition: keywords",
        "  sel:\n    eventName|contains: User\n  condition: sel",
        "  sel:\n    eventName|exists: true\n  condition: sel",
    ] {
        assert!(gate(detection).admits("sts.amazonaws.com", "AssumeRole"), "{detection}");
    }
}

/// Values a rule and a record take on the two fields, in several cases and with
/// non-ASCII characters that fold to ASCII ones.
const SOURCES: [&str; 6] = [
    "iam.amazonaws.com",
    "IAM.AMAZONAWS.COM",
    "ec2.amazonaws.com",
    "\u{212a}ms.amazonaws.com",
    "kms.amazonaws.com",
    "",
];
const NAMES: [&str; 8] =
    ["CreateUser", "createuser", "CREATEUSER", "CreateAccessKey", "DeleteUser", "Create", "", "\u{212a}ey"];
const MODIFIERS: [&str; 9] =
    ["", "|startswith", "|endswith", "|contains", "|cased", "|startswith|cased", "|re", "|exists", "|all"];
const CONDITIONS: [&str; 11] = [
    "sel1",
    "sel1 and sel2",
    "sel1 or sel2",
    "not sel1",
    "sel1 and not sel2",
    "1 of sel*",
    "all of sel*",
    "all of them",
    "1 of them",
    "(sel1 or sel2) and sel2",
    "all of nothing*",
];

fn arb_item() -> impl Strategy<Value = String> {
    (any::<bool>(), 0..MODIFIERS.len(), prop::collection::vec(0..SOURCES.len().max(NAMES.len()), 1..3)).prop_map(
        |(on_source, m, vals)| {
            let (field, pool): (&str, &[&str]) =
                if on_source { ("eventSource", &SOURCES) } else { ("eventName", &NAMES) };
            let modifier = MODIFIERS[m];
            if modifier == "|exists" {
                return format!("    {field}|exists: {}\n", vals[0] % 2 == 0);
            }
            let list: String = vals
                .iter()
                .map(|v| format!("      - {}\n", serde_json::to_string(pool[v % pool.len()]).unwrap()))
                .collect();
            format!("    {field}{modifier}:\n{list}")
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// The gate never hides a match: every record gets the same rules with the gate
    /// as the engine alone gives it.
    #[test]
    fn the_gate_never_hides_a_match(
        sel1 in prop::collection::vec(arb_item(), 1..3),
        sel2 in prop::collection::vec(arb_item(), 1..3),
        c in 0..CONDITIONS.len(),
    ) {
        let detection = format!("  sel1:\n{}  sel2:\n{}  condition: {}", sel1.concat(), sel2.concat(), CONDITIONS[c]);
        let Some(mut d) = detector(&detection) else { return Ok(()) };
        for source in SOURCES {
            for name in NAMES {
                let raw = json!({"eventSource": source, "eventName": name, "eventTime": "2026-11-29T10:00:00Z"}).to_string();
                let gated: Vec<String> = d.matches(&raw, source, name).rules.iter().map(|r| r.id.clone()).collect();
                let open = std::mem::replace(&mut d.gate, Gate::everything());
                let engine: Vec<String> = d.matches(&raw, source, name).rules.iter().map(|r| r.id.clone()).collect();
                d.gate = open;
                prop_assert_eq!(gated, engine, "{} / {} under\n{}", source, name, detection);
            }
        }
    }
}
