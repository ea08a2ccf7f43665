#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn rule_text(detection: &str) -> String {
    format!(
        "title: Test rule\nid: 5f0c7a59-0000-4000-8000-000000000001\nstatus: test\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\nlevel: high\ntags:\n  - attack.persistence\n  - attack.t1098\n"
    )
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn detector(detection: &str) -> Detector {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "rule.yml", &rule_text(detection));
    let (d, loaded) = load(&[p]);
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    d.unwrap()
}

fn hits(d: &Detector, record: &Value) -> bool {
    let raw = record.to_string();
    let s = record["eventSource"].as_str().unwrap_or("");
    let n = record["eventName"].as_str().unwrap_or("");
    !d.matches(&raw, s, n).rules.is_empty()
}

/// A record shaped as CloudTrail writes it.
fn record() -> Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::111122223333:user/Mallory",
                         "accountId": "111122223333", "accessKeyId": "AKIAEXAMPLEKEY000001", "userName": "Mallory"},
        "eventTime": "2026-11-29T10:00:00Z",
        "eventSource": "iam.amazonaws.com",
        "eventName": "CreateAccessKey",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu cmd/iam.create-access-key",
        "requestParameters": {"userName": "backdoor", "policyDocument": "{\"Principal\":\"*\"}"},
        "responseElements": {"accessKey": {"accessKeyId": "AKIAEXAMPLEKEY000002", "status": "Active", "userName": "backdoor"}},
        "errorCode": null,
        "resources": [{"ARN": "arn:aws:iam::111122223333:user/backdoor"}, {"ARN": "arn:aws:iam::111122223333:user/other"}],
        "readOnly": false,
        "eventID": "0b0d0c7e-0000-4000-8000-000000000001",
        "recipientAccountId": "111122223333",
        "additionalEventData": {"count": 42, "cmd": "net user /add", "b64": "aGVsbG8gd29ybGQ=",
                                "b64off": "ICBjdXJsIGh0dHA6Ly9ldmlsLmV4YW1wbGUvcw=="}
    })
}

/// Each case: a detection, and whether it matches the record above and a variant of it.
fn check(detection: &str, variant: impl Fn(&mut Value), matches: bool, variant_matches: bool) {
    let d = detector(detection);
    let r = record();
    assert_eq!(hits(&d, &r), matches, "record, {detection}");
    let mut v = record();
    variant(&mut v);
    assert_eq!(hits(&d, &v), variant_matches, "variant, {detection}");
}

#[test]
fn plain_values_are_exact_but_case_insensitive_and_reach_nested_fields() {
    check(
        "  sel:\n    eventName: createaccesskey\n    userIdentity.type: iamuser\n  condition: sel",
        |v| v["userIdentity"]["type"] = json!("AssumedRole"),
        true,
        false,
    );
    // A plain value is the whole value, not a part of it.
    check("  sel:\n    eventName: CreateAccess\n  condition: sel", |_| {}, false, false);
    // Wildcards.
    check("  sel:\n    eventName: 'Create*Key'\n  condition: sel", |v| v["eventName"] = json!("CreateKey"), true, true);
    check(
        "  sel:\n    eventName: 'Create?ccessKey'\n  condition: sel",
        |v| v["eventName"] = json!("CreateKey"),
        true,
        false,
    );
    // `cased` makes the comparison case-sensitive.
    check(
        "  sel:\n    eventName|cased: CreateAccessKey\n  condition: sel",
        |v| v["eventName"] = json!("createaccesskey"),
        true,
        false,
    );
    // `*` alone is a wildcard (any value); `\*` is the character itself.
    check(
        "  sel:\n    requestParameters.userName: '*'\n  condition: sel",
        |v| v["requestParameters"] = json!({}),
        true,
        false,
    );
    check(
        "  sel:\n    requestParameters.userName: '\\*'\n  condition: sel",
        |v| v["requestParameters"]["userName"] = json!("*"),
        false,
        true,
    );
    // A number in the rule against a number in the record, and against its string.
    check(
        "  sel:\n    additionalEventData.count: 42\n  condition: sel",
        |v| v["additionalEventData"]["count"] = json!("42"),
        true,
        true,
    );
}

#[test]
fn contains_startswith_endswith_and_all() {
    check(
        "  sel:\n    requestParameters.userName|contains: ACKD\n  condition: sel",
        |v| v["requestParameters"]["userName"] = json!("ops"),
        true,
        false,
    );
    check(
        "  sel:\n    eventSource|startswith: IAM.\n  condition: sel",
        |v| v["eventSource"] = json!("s3.amazonaws.com"),
        true,
        false,
    );
    check(
        "  sel:\n    userAgent|endswith: create-access-key\n  condition: sel",
        |v| v["userAgent"] = json!("Boto3/1.34"),
        true,
        false,
    );
    // A list is any of its values; `all` makes it every one.
    check(
        "  sel:\n    eventName|contains:\n      - Delete\n      - Access\n  condition: sel",
        |v| v["eventName"] = json!("ListUsers"),
        true,
        false,
    );
    check(
        "  sel:\n    eventName|contains|all:\n      - Create\n      - Key\n  condition: sel",
        |v| v["eventName"] = json!("CreateUser"),
        true,
        false,
    );
    // A value inside a JSON string (a policy document), quotes and all.
    check(
        "  sel:\n    requestParameters.policyDocument|contains: '\"Principal\":\"*\"'\n  condition: sel",
        |v| v["requestParameters"]["policyDocument"] = json!("{\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}}"),
        true,
        false,
    );
}

#[test]
fn re_cidr_and_exists() {
    // Regular expressions are case-sensitive unless the rule says otherwise (`|re|i`).
    check(
        "  sel:\n    eventName|re: '^Create.*Key$'\n  condition: sel",
        |v| v["eventName"] = json!("createaccesskey"),
        true,
        false,
    );
    check(
        "  sel:\n    eventName|re|i: '^create.*key$'\n  condition: sel",
        |v| v["eventName"] = json!("CREATEACCESSKEY"),
        true,
        true,
    );
    check(
        "  sel:\n    sourceIPAddress|cidr:\n      - 203.0.113.0/24\n      - 2001:db8::/32\n  condition: sel",
        |v| v["sourceIPAddress"] = json!("198.51.100.7"),
        true,
        false,
    );
    check(
        "  sel:\n    sourceIPAddress|cidr: 2001:db8::/32\n  condition: sel",
        |v| v["sourceIPAddress"] = json!("2001:db8::1"),
        false,
        true,
    );
    // A service's name in sourceIPAddress is not an address: never in a range.
    check(
        "  sel:\n    sourceIPAddress|cidr: 0.0.0.0/0\n  condition: sel",
        |v| v["sourceIPAddress"] = json!("ec2.amazonaws.com"),
        true,
        false,
    );
    check(
        "  sel:\n    requestParameters.userName|exists: true\n  condition: sel",
        |v| v["requestParameters"] = json!({"bucketName": "b"}),
        true,
        false,
    );
    check(
        "  sel:\n    requestParameters.bucketName|exists: false\n  condition: sel",
        |v| v["requestParameters"] = json!({"bucketName": "b"}),
        true,
        false,
    );
}

#[test]
fn null_matches_a_null_or_missing_field_only() {
    check("  sel:\n    errorCode: null\n  condition: sel", |v| v["errorCode"] = json!("AccessDenied"), true, false);
    check("  sel:\n    errorMessage: null\n  condition: sel", |v| v["errorMessage"] = json!("denied"), true, false);
}

#[test]
fn windash_base64_and_base64offset() {
    // windash: `-` stands for `/` (and the other dashes Windows accepts) as well.
    check(
        "  sel:\n    additionalEventData.cmd|windash|contains: ' -add'\n  condition: sel",
        |v| v["additionalEventData"]["cmd"] = json!("net user add"),
        true,
        false,
    );
    check(
        "  sel:\n    additionalEventData.b64|base64: hello world\n  condition: sel",
        |v| v["additionalEventData"]["b64"] = json!("aGVsbG8="),
        true,
        false,
    );
    // base64offset: the text at any of the three alignments inside a longer encoding.
    check(
        "  sel:\n    additionalEventData.b64off|base64offset|contains: 'http://evil.example'\n  condition: sel",
        |v| v["additionalEventData"]["b64off"] = json!("aGVsbG8gd29ybGQ="),
        true,
        false,
    );
}

#[test]
fn arrays_match_any_member() {
    check(
        "  sel:\n    resources.ARN|endswith: user/other\n  condition: sel",
        |v| v["resources"] = json!([{"ARN": "arn:aws:iam::111122223333:user/backdoor"}]),
        true,
        false,
    );
}

#[test]
fn conditions_and_or_not_parentheses_of_and_them() {
    let two = "  sel_a:\n    eventName: Nope\n  sel_b:\n    eventName: CreateAccessKey\n";
    check(&format!("{two}  condition: 1 of sel_*"), |v| v["eventName"] = json!("Other"), true, false);
    check(&format!("{two}  condition: all of sel_*"), |v| v["eventName"] = json!("Nope"), false, false);
    check(&format!("{two}  condition: sel_a or sel_b"), |v| v["eventName"] = json!("Nope"), true, true);
    check(&format!("{two}  condition: not sel_a and sel_b"), |v| v["eventName"] = json!("Nope"), true, false);
    let three = "  a:\n    eventName: CreateAccessKey\n  b:\n    eventSource: s3.amazonaws.com\n  c:\n    sourceIPAddress: 203.0.113.7\n";
    check(
        &format!("{three}  condition: a and not (b or not c)"),
        |v| v["sourceIPAddress"] = json!("198.51.100.1"),
        true,
        false,
    );
    check(
        &format!("{three}  condition: 1 of them"),
        |v| *v = json!({"eventName": "x", "eventTime": "2026-11-29T10:00:00Z"}),
        true,
        false,
    );
    check(&format!("{three}  condition: all of them"), |v| v["eventSource"] = json!("s3.amazonaws.com"), false, true);
    // A list of maps: any of the maps, each map all of its fields.
    check(
        "  sel:\n    - eventName: Nope\n    - eventName: CreateAccessKey\n      userIdentity.type: IAMUser\n  condition: sel",
        |v| v["userIdentity"]["type"] = json!("Root"),
        true,
        false,
    );
    // Keywords: any string anywhere in the record.
    check(
        "  keywords:\n    - mallory\n  condition: keywords",
        |v| v["userIdentity"] = json!({"type": "Root"}),
        true,
        false,
    );
}

#[test]
fn unusable_rules_are_reported_with_file_and_line_and_the_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "good.yml", &rule_text("  sel:\n    eventName: CreateAccessKey\n  condition: sel"));
    write(&dir, "bad-modifier.yml", &rule_text("  sel:\n    eventName|bogus: x\n  condition: sel"));
    write(&dir, "bad-condition.yml", &rule_text("  sel:\n    eventName: x\n  condition: sel and ("));
    write(&dir, "aggregation.yml", &rule_text("  sel:\n    eventName: x\n  condition: sel | count() > 5"));
    write(&dir, "not-yaml.yaml", "title: x\n  bad: [\n");
    write(
        &dir,
        "correlation.yml",
        "title: Many keys\nid: c0000000-0000-4000-8000-000000000001\ncorrelation:\n  type: event_count\n  rules:\n    - 5f0c7a59-0000-4000-8000-000000000001\n  group-by:\n    - userIdentity.arn\n  timespan: 1h\n  condition:\n    gte: 3\nlevel: high\n",
    );
    write(
        &dir,
        "windows.yml",
        "title: Win\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  sel:\n    Image|endswith: '\\\\cmd.exe'\n  condition: sel\n",
    );
    std::fs::write(dir.path().join("README.md"), "not a rule").unwrap();
    let (d, loaded) = load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.rules, 1);
    assert_eq!(loaded.other_logsource, 1);
    assert_eq!(loaded.files, 7);
    let at = |name: &str| {
        loaded.skipped.iter().find(|s| s.file.ends_with(name)).unwrap_or_else(|| panic!("{name}: {loaded:?}"))
    };
    assert_eq!(at("bad-modifier.yml").line, 9, "{:?}", at("bad-modifier.yml"));
    assert!(at("bad-modifier.yml").reason.contains("bogus"));
    assert_eq!(at("bad-condition.yml").line, 10);
    assert_eq!(at("aggregation.yml").line, 10);
    assert!(at("aggregation.yml").reason.contains("aggregation"), "{:?}", at("aggregation.yml"));
    assert_eq!(at("not-yaml.yaml").line, 2);
    assert_eq!(at("correlation.yml").line, 3);
    assert!(at("correlation.yml").reason.contains("correlation rule"));
    assert_eq!(loaded.skipped.len(), 5, "{:?}", loaded.skipped);
    assert!(hits(&d.unwrap(), &record()));
    // Nothing usable at all: no detector.
    let (d, loaded) = load(&[dir.path().join("windows.yml")]);
    assert!(d.is_none());
    assert_eq!(loaded.other_logsource, 1);
}

#[test]
fn a_match_names_the_rule_and_what_a_response_needs() {
    let d = detector("  sel:\n    eventName: CreateAccessKey\n  condition: sel");
    let r = record();
    let m = d.matches(&r.to_string(), "iam.amazonaws.com", "CreateAccessKey");
    assert_eq!(m.rules.len(), 1);
    let rule = &m.rules[0];
    assert_eq!(
        (rule.id.as_str(), rule.title.as_str(), rule.level.as_str()),
        ("5f0c7a59-0000-4000-8000-000000000001", "Test rule", "high")
    );
    assert_eq!(rule.tags, ["attack.persistence", "attack.t1098"]);
    assert_eq!(m.target_user.as_deref(), Some("backdoor"));
    assert_eq!(m.bucket, None);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z.]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Arbitrary records against rules with arbitrary values under every modifier:
    /// matching never panics (loading may refuse a value, e.g. a bad regex or CIDR).
    #[test]
    fn matching_never_panics(record in arb_json(), value in ".{0,16}", n in any::<i64>(), m in 0usize..13) {
        let modifier = ["", "|contains", "|startswith", "|endswith", "|re", "|cidr", "|windash|contains",
            "|base64", "|base64offset|contains", "|contains|all", "|exists", "|re|i", "|lt"][m];
        let quoted = serde_json::to_string(&value).unwrap();
        let v = if modifier == "|exists" { "true".to_string() } else if modifier == "|lt" { n.to_string() } else { quoted };
        let dir = tempfile::tempdir().unwrap();
        let text = rule_text(&format!("  sel:\n    requestParameters.userName{modifier}: {v}\n  other:\n    eventName: {n}\n  condition: sel or not other"));
        let p = write(&dir, "r.yml", &text);
        let (d, _) = load(&[p]);
        if let Some(d) = d {
            let raw = record.to_string();
            let _ = d.matches(&raw, "", "");
            let _ = d.matches(&raw, &value, &value);
        }
    }
}

#[test]
fn every_reader_path_attaches_the_same_detections_and_a_hunt_keeps_only_matches() {
    let d = Arc::new(detector("  sel:\n    requestParameters.userName: backdoor\n  condition: sel"));
    let mut other = record();
    other["requestParameters"]["userName"] = json!("ops");
    other["eventID"] = json!("0b0d0c7e-0000-4000-8000-000000000002");
    let records = [record(), other];
    let container = json!({ "Records": records }).to_string();
    let lines = records.iter().map(Value::to_string).collect::<Vec<_>>().join("\n");
    let pretty = serde_json::to_string_pretty(&json!({ "Records": records })).unwrap();
    let limits = crate::parse::Limits::default();
    for detected_only in [false, true] {
        let filter = crate::Filter { detect: Some(d.clone()), detected_only, ..crate::Filter::default() };
        for (name, text, keep_raw) in
            [("container", &container, false), ("lines", &lines, false), ("raw", &pretty, true)]
        {
            let out = crate::parse::parse_file(name, text.as_bytes(), &limits, &filter, keep_raw);
            assert!(out.problems.is_empty(), "{name}: {:?}", out.problems);
            assert_eq!(out.records, 2, "{name}");
            assert_eq!(out.events.len(), if detected_only { 1 } else { 2 }, "{name}");
            let matched: Vec<_> = out.events.iter().filter(|e| !e.detections.is_empty()).collect();
            assert_eq!(matched.len(), 1, "{name}");
            assert_eq!(matched[0].event_id.as_deref(), Some("0b0d0c7e-0000-4000-8000-000000000001"));
            assert_eq!(out.hits.len(), 1, "{name}");
            assert_eq!(out.hits[0].target_user.as_deref(), Some("backdoor"));
            // The JSON line carries the rule as Timesketch's tag and in full.
            let mut buf = Vec::new();
            crate::output::encode_jsonl(matched[0], &mut buf).unwrap();
            let line: Value = serde_json::from_slice(&buf).unwrap();
            assert_eq!(line["tag"], json!(["Test rule"]), "{name}");
            assert_eq!(line["detections"][0]["id"], json!("5f0c7a59-0000-4000-8000-000000000001"));
            assert_eq!(line["detections"][0]["level"], json!("high"));
            let mut csv = Vec::new();
            crate::output::encode_csv(matched[0], &mut csv).unwrap();
            assert!(String::from_utf8(csv).unwrap().trim_end().ends_with("Test rule (high)"));
        }
    }
}

const PATHS: [&str; 9] = ["a", "a.b", "a.b.c", "b.c", "a.b.b", "eventSource", "c", "ARN", "a.ARN"];

fn arb_record() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec!["a", "b", "c", "a.b", "eventSource", "ARN"]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-z\"\\\\. ]{0,6}".prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["a", "b", "c", "a.b", "ARN"]).prop_map(str::to_string),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map(key.prop_map(str::to_string), value, 0..5)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// The record view answers every field as the whole document would: found by
    /// scanning the text, or by the document when the scan cannot tell.
    #[test]
    fn the_view_answers_as_the_whole_document(record in arb_record(), p in 0usize..9) {
        use rsigma_eval::event::{Event as _, JsonEvent};
        let path = PATHS[p];
        let raw = record.to_string();
        let source = record["eventSource"].as_str().unwrap_or("");
        let wanted = fields::Wanted::new(PATHS);
        let view = view::RecordView::new(&raw, source, "", &wanted);
        // The document as parsed from the same text (serde_json may round a float's last
        // digit differently from the value it printed).
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let whole = JsonEvent::borrow(&parsed);
        prop_assert_eq!(view.get_field(path), whole.get_field(path), "{} in {}", path, raw);
    }
}

#[test]
fn the_summary_counts_each_event_once_and_suggests_the_playbook_that_fits() {
    let d = Arc::new(detector("  sel:\n    eventName:\n      - ListBuckets\n      - PutBucketAcl\n  condition: sel"));
    let role = |n: u32| {
        json!({"eventTime": format!("2026-11-29T10:0{n}:00Z"), "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
            "eventID": format!("role-{n}"), "sourceIPAddress": "198.51.100.9", "awsRegion": "eu-west-1", "recipientAccountId": "111122223333",
            "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/web/i-0123456789abcdef0",
                             "accessKeyId": "ASIAEXAMPLE000000001", "accountId": "111122223333",
                             "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "web"}}}})
    };
    let mut acl = record();
    acl["eventSource"] = json!("s3.amazonaws.com");
    acl["eventName"] = json!("PutBucketAcl");
    acl["eventTime"] = json!("2026-11-29T09:00:00Z");
    acl["requestParameters"] = json!({"bucketName": "loot", "x-amz-acl": ["public-read"]});
    let first = json!({ "Records": [role(1), role(2), acl.clone()] }).to_string();
    // The same PutBucketAcl again, in another file (overlapping exports).
    let second = json!({ "Records": [acl] }).to_string();
    let filter = crate::Filter { detect: Some(d), detected_only: true, ..crate::Filter::default() };
    let limits = crate::parse::Limits::default();
    let mut hits = crate::parse::parse_file("a.json", first.as_bytes(), &limits, &filter, false).hits;
    hits.extend(crate::parse::parse_file("b.json", second.as_bytes(), &limits, &filter, false).hits);
    assert_eq!(hits.len(), 4);
    let s = hunt::summarize(Loaded { files: 1, rules: 1, ..Loaded::default() }, &hits);
    assert_eq!(s.events, 3, "the event read twice counts once");
    assert_eq!(s.rules.len(), 1);
    let r = &s.rules[0];
    assert_eq!(
        (r.hits, r.first_seen.as_str(), r.last_seen.as_str()),
        (3, "2026-11-29T09:00:00.000Z", "2026-11-29T10:02:00.000Z")
    );
    assert_eq!(r.source_ips, ["198.51.100.9", "203.0.113.7"]);
    assert_eq!(r.access_keys, ["AKIAEXAMPLEKEY000001", "ASIAEXAMPLE000000001"]);
    type Row<'s> = (&'s str, Vec<(&'s str, &'s str)>, u64);
    let got: Vec<Row> = s
        .suggestions
        .iter()
        .map(|g| (g.playbook.as_str(), g.inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(), g.hits))
        .collect();
    assert_eq!(
        got,
        [
            ("iam-credential-compromise", vec![("access_key_id", "AKIAEXAMPLEKEY000001"), ("user_name", "Mallory")], 1),
            ("s3-public-exposure", vec![("bucket", "loot")], 1),
            ("ec2-compromise", vec![("instance_id", "i-0123456789abcdef0")], 2),
        ]
    );
    // Each finding is ASFF naming the resource, the account and Region of the event.
    let ec2 = &s.suggestions[2].finding;
    assert_eq!(ec2["Resources"][0]["Type"], "AwsEc2Instance");
    assert_eq!(ec2["Resources"][0]["Id"], "i-0123456789abcdef0");
    assert_eq!((ec2["AwsAccountId"].as_str(), ec2["Region"].as_str()), (Some("111122223333"), Some("eu-west-1")));
    assert_eq!(ec2["Severity"]["Label"], "HIGH");
    assert_eq!(s.suggestions[1].finding["Resources"][0]["Id"], "arn:aws:s3:::loot");
    let md = s.markdown();
    assert!(md.contains("| high | Test rule | 3 |"), "{md}");
}

/// Texts a serialized document cannot have: repeated keys (the last one counts, as in
/// the document), escapes, a flat key with dots beside the nested one.
#[test]
fn the_view_answers_repeated_escaped_and_flat_keys_as_the_document() {
    use rsigma_eval::event::{Event as _, JsonEvent};
    let texts = [
        r#"{"a":{"b":1},"a":{"c":2}}"#,
        r#"{"a":{"b":1},"a":{"b":"x"}}"#,
        r#"{"a":"s","a":{"b":true}}"#,
        r#"{"a":{"b":[1,2]},"a":{"b":null}}"#,
        r#"{"a.b":"flat","a":{"b":"nested"}}"#,
        r#"{"a":{"b":"nested"},"a.b":null}"#,
        r#"{"\u0061":{"b":"escaped key"}}"#,
        r#"{"a":{"b":"quote \" and \u00e9"}}"#,
        r#"{"a":{"b":1.5e3},"c":-7}"#,
        r#"{"a":[{"b":1},{"b":2}]}"#,
        r#"{"a":{"b":{"c":"deep"}},"ARN":"x"}"#,
    ];
    let wanted = fields::Wanted::new(PATHS);
    for raw in texts {
        let parsed: Value = serde_json::from_str(raw).unwrap();
        let whole = JsonEvent::borrow(&parsed);
        let view = view::RecordView::new(raw, "", "", &wanted);
        for path in PATHS {
            assert_eq!(view.get_field(path), whole.get_field(path), "{path} in {raw}");
        }
    }
}
