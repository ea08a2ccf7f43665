//! Reading CloudTrail in every shape it is exported in, normalizing every identity shape,
//! and surviving hostile or broken input with the problem reported.

use std::io::Write;

use cordon_timeline::Filter;
use cordon_timeline::merge::{Collected, expand_paths, read_files};
use cordon_timeline::output::Format;
use cordon_timeline::parse::{Limits, parse_file};
use serde_json::{Value, json};

fn record(id: &str, time: &str, name: &str, identity: Value) -> Value {
    json!({
        "eventVersion": "1.09",
        "eventTime": time,
        "eventSource": "ec2.amazonaws.com",
        "eventName": name,
        "awsRegion": "eu-west-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "aws-cli/2.15.0",
        "eventID": id,
        "readOnly": false,
        "recipientAccountId": "111122223333",
        "userIdentity": identity,
        "requestParameters": {"instancesSet": {"items": [{"instanceId": "i-0abc"}, {"instanceId": "i-0def"}]}},
        "responseElements": null
    })
}

fn iam_user(name: &str) -> Value {
    json!({"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": format!("arn:aws:iam::111122223333:user/{name}"),
           "accountId": "111122223333", "accessKeyId": "AKIAEXAMPLE1", "userName": name})
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip in memory");
    e.finish().expect("gzip in memory")
}

/// Parses `data` both ways (the one-pass reader, and record by record keeping the raw
/// record), checks they agree, and returns the outcome with raw records.
fn parse(data: &[u8]) -> cordon_timeline::parse::FileOutcome {
    both_ways("t.json", data, &Limits::default(), &Filter::default())
}

fn both_ways(name: &str, data: &[u8], limits: &Limits, filter: &Filter) -> cordon_timeline::parse::FileOutcome {
    let with_raw = parse_file(name, data, limits, filter, true);
    let fast = parse_file(name, data, limits, filter, false);
    let strip = |out: &cordon_timeline::parse::FileOutcome| -> Vec<Value> {
        out.events
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.raw = None;
                serde_json::to_value(&e).expect("an event serializes")
            })
            .collect()
    };
    assert_eq!(strip(&fast), strip(&with_raw), "{name}: the same events either way");
    assert_eq!(
        (fast.records, fast.bad_records, &fast.problems),
        (with_raw.records, with_raw.bad_records, &with_raw.problems),
        "{name}: the same counts and problems either way"
    );
    with_raw
}

#[test]
fn every_container_shape() {
    let a = record("1", "2026-11-29T10:00:00Z", "RunInstances", iam_user("alice"));
    let b = record("2", "2026-11-29T10:00:01Z", "StopInstances", iam_user("alice"));
    let records = serde_json::to_vec(&json!({"Records": [a, b]})).expect("json");
    let array = serde_json::to_vec(&json!([a, b])).expect("json");
    let lines = format!("{a}\n\n{b}\n");
    let lookup = serde_json::to_vec(&json!({"Events": [
        {"EventId": "1", "CloudTrailEvent": a.to_string()},
        {"EventId": "2", "CloudTrailEvent": b.to_string()}
    ]}))
    .expect("json");
    for (what, data) in [
        ("Records", records.clone()),
        ("gzip Records", gzip(&records)),
        ("array", array),
        ("JSON Lines", lines.into_bytes()),
        ("lookup-events output", lookup),
    ] {
        let out = parse(&data);
        assert_eq!(out.problems, vec![], "{what}");
        let names: Vec<_> = out.events.iter().map(|e| &*e.event_name).collect();
        assert_eq!(names, ["RunInstances", "StopInstances"], "{what}");
        assert_eq!(out.records, 2, "{what}");
    }
    let single = parse(a.to_string().as_bytes());
    assert_eq!(single.events.len(), 1);
}

#[test]
fn normalizes_every_identity_shape() {
    let cases = [
        (iam_user("alice"), "user/alice", None),
        (
            json!({"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/WebRole/i-0abc",
                   "accountId": "111122223333", "accessKeyId": "ASIAEXAMPLE",
                   "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/WebRole", "userName": "WebRole"}}}),
            "assumed-role/WebRole/i-0abc",
            Some("i-0abc"),
        ),
        (json!({"type": "Root", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"}), "root", None),
        (json!({"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}), "autoscaling.amazonaws.com", None),
        (
            json!({"type": "FederatedUser", "arn": "arn:aws:sts::111122223333:federated-user/bob", "accountId": "111122223333"}),
            "federated-user/bob",
            None,
        ),
        (
            json!({"type": "AWSAccount", "accountId": "999988887777", "principalId": "AIDAX:x"}),
            "account/999988887777",
            None,
        ),
    ];
    for (identity, actor, session) in cases {
        let out = parse(record("1", "2026-11-29T10:00:00.5Z", "X", identity.clone()).to_string().as_bytes());
        let e = &out.events[0];
        assert_eq!(e.actor, actor, "{identity}");
        assert_eq!(e.session_name.as_deref(), session);
        assert_eq!(e.time, "2026-11-29T10:00:00.500Z");
    }
    let cross = parse(
        record("1", "2026-11-29T10:00:00Z", "X", json!({"type": "AWSAccount", "accountId": "999988887777"}))
            .to_string()
            .as_bytes(),
    );
    assert!(cross.events[0].cross_account);
    let e = &parse(record("1", "2026-11-29T10:00:00Z", "X", iam_user("alice")).to_string().as_bytes()).events[0];
    assert_eq!(e.access_key_id.as_deref(), Some("AKIAEXAMPLE1"));
    assert_eq!(e.resources, ["i-0abc", "i-0def"]);
    assert_eq!(e.read_only, Some(false));
    assert!(!e.cross_account);
    assert!(e.raw.as_ref().is_some_and(|r| r.get().contains("\"eventID\":\"1\"")), "the raw event is kept");
}

#[test]
fn resources_from_resources_and_parameters() {
    let mut r = record("1", "2026-11-29T10:00:00Z", "PutBucketPolicy", iam_user("alice"));
    r["requestParameters"] = json!({"bucketName": "loot", "userName": "mallory", "accessKeyId": "AKIAOTHER"});
    r["resources"] = json!([{"ARN": "arn:aws:iam::111122223333:role/Admin", "accountId": "111122223333"}]);
    r["readOnly"] = json!("true");
    r["errorCode"] = json!("AccessDenied");
    let e = &parse(r.to_string().as_bytes()).events[0];
    assert_eq!(e.resources, ["AKIAOTHER", "arn:aws:iam::111122223333:role/Admin", "loot", "mallory"]);
    assert_eq!(e.read_only, Some(true), "readOnly as a string (LookupEvents) counts");
    assert_eq!(e.error_code.as_deref(), Some("AccessDenied"));
}

#[test]
fn odd_fields_do_not_lose_the_record() {
    let odd = json!({"eventTime": "2026-11-29T10:00:00Z", "eventName": 42, "userIdentity": "not an object",
                     "requestParameters": [1, 2], "resources": {"ARN": 1}, "sourceIPAddress": null, "readOnly": "maybe"});
    let out = parse(json!({"Records": [odd]}).to_string().as_bytes());
    assert_eq!(out.problems, vec![]);
    let e = &out.events[0];
    assert_eq!(e.event_name, "42");
    assert_eq!(e.actor, "unknown");
    assert_eq!(e.read_only, None);
    assert!(e.resources.is_empty());
}

#[test]
fn a_record_the_one_pass_reader_cannot_take_is_reported_and_the_rest_kept() {
    let good = record("1", "2026-11-29T10:00:00Z", "RunInstances", iam_user("alice"));
    let second = record("2", "2026-11-29T10:00:01Z", "StopInstances", iam_user("bob"));
    // A duplicate key, a record that is a string, escapes in keys and values.
    let dup = r#"{"eventTime":"2026-11-29T10:00:02Z","eventName":"A","eventName":"B"}"#;
    let escaped = r#"{"event\u0054ime":"2026-11-29T10:00:03Z","eventName":"Put\u0042ucket","userIdentity":{"type":"IAMUser","userName":"m\u00e9lanie"}}"#;
    for (what, doc, names) in [
        ("duplicate key", format!(r#"{{"Records":[{good},{dup},{second}]}}"#), vec!["RunInstances", "StopInstances"]),
        (
            "a string record",
            format!(r#"{{"Records":[{good},"oops",{second}]}}"#),
            vec!["RunInstances", "StopInstances"],
        ),
        ("escapes", format!(r#"[{good},{escaped}]"#), vec!["RunInstances", "PutBucket"]),
    ] {
        let out = both_ways(what, doc.as_bytes(), &Limits::default(), &Filter::default());
        let got: Vec<&str> = out.events.iter().map(|e| &*e.event_name).collect();
        assert_eq!(got, names, "{what}: {:?}", out.problems);
    }
    let out =
        both_ways("dup", format!(r#"{{"Records":[{good},{dup}]}}"#).as_bytes(), &Limits::default(), &Filter::default());
    assert!(
        out.problems.iter().any(|p| p.message.starts_with("record 1: not a CloudTrail record")),
        "{:?}",
        out.problems
    );
    let out = both_ways("escapes", format!(r#"[{escaped}]"#).as_bytes(), &Limits::default(), &Filter::default());
    assert_eq!(out.events[0].actor, "user/mélanie");
}

#[test]
fn a_filter_decided_early_still_reports_bad_records_and_keeps_matches() {
    let keep = record("1", "2026-11-29T10:00:00Z", "CreateUser", iam_user("alice"));
    let other = record("2", "2026-11-29T10:00:01Z", "GetUser", iam_user("bob"));
    let mut bad_time = record("3", "yesterday", "GetUser", iam_user("bob"));
    bad_time["eventTime"] = json!("yesterday");
    // Field order other than CloudTrail's: the name before the time.
    let reordered = r#"{"eventName":"GetUser","eventTime":"2026-11-29T10:00:02Z","readOnly":true}"#;
    let doc = format!(r#"{{"Records":[{keep},{other},{bad_time},{reordered}]}}"#);
    let filter = Filter { event_names: vec!["createuser".into()], ..Filter::default() };
    let out = both_ways("early", doc.as_bytes(), &Limits::default(), &filter);
    assert_eq!(out.events.len(), 1);
    assert_eq!(out.events[0].event_name, "CreateUser");
    assert_eq!((out.records, out.bad_records), (4, 1));
    assert!(out.problems[0].message.starts_with("record 2: eventTime \"yesterday\""), "{:?}", out.problems);
    let writes = Filter { writes_only: true, ..Filter::default() };
    let out = both_ways("early", doc.as_bytes(), &Limits::default(), &writes);
    let ids: Vec<_> = out.events.iter().filter_map(|e| e.event_id.as_deref()).collect();
    assert_eq!(ids, ["1", "2"], "the read-only record is dropped, the bad one reported");
}

#[test]
fn broken_input_is_reported_with_the_file_and_the_rest_survives() {
    let good = record("1", "2026-11-29T10:00:00Z", "RunInstances", iam_user("alice"));
    let records = serde_json::to_vec(&json!({"Records": [good]})).expect("json");
    let mut truncated = gzip(&records);
    truncated.truncate(truncated.len() / 2);
    let bomb = gzip(&vec![b' '; 4 << 20]);
    let no_time = json!({"Records": [{"eventName": "X"}, {"eventTime": "yesterday"}, good]}).to_string();
    let bad_lines = format!("{good}\n{{not json\n{}\n", record("2", "2026-11-29T10:00:01Z", "Y", iam_user("bob")));
    let cases: [(&str, Vec<u8>, &str, usize); 8] = [
        ("truncated gzip", truncated, "truncated or corrupt", 0),
        ("invalid JSON", b"{\"Records\": [ {\"eventTime\": ".to_vec(), "invalid JSON", 0),
        ("empty", Vec::new(), "empty file", 0),
        ("whitespace", b"  \n ".to_vec(), "empty file", 0),
        ("bomb", bomb, "decompression bomb", 0),
        ("not JSON", b"PK\x03\x04zip".to_vec(), "not CloudTrail JSON", 0),
        ("records without usable times", no_time.into_bytes(), "record 1: eventTime \"yesterday\"", 1),
        ("one bad line", bad_lines.into_bytes(), "line 2: not a CloudTrail record", 2),
    ];
    let limits = Limits { max_bytes: 1 << 20, ..Limits::default() };
    for (what, data, expected, events) in cases {
        let out = both_ways(what, &data, &limits, &Filter::default());
        assert!(
            out.problems.iter().any(|p| p.file == what && p.message.contains(expected)),
            "{what}: {:?}",
            out.problems
        );
        assert_eq!(out.events.len(), events, "{what}");
    }
    let huge = vec![b' '; (1 << 20) + 1];
    let out = parse_file("huge.json", &huge, &limits, &Filter::default(), false);
    assert!(out.problems[0].message.contains("past the 1048576-byte limit"), "{:?}", out.problems);
}

#[test]
fn merge_sorts_dedupes_and_reports_per_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = json!({"Records": [
        record("e3", "2026-11-29T10:00:03Z", "C", iam_user("alice")),
        record("e1", "2026-11-29T10:00:01Z", "A", iam_user("alice")),
    ]});
    let b = json!([
        record("e2", "2026-11-29T10:00:02Z", "B", iam_user("bob")),
        record("e1", "2026-11-29T10:00:01Z", "A", iam_user("alice"))
    ]);
    std::fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("a.json.gz"), gzip(a.to_string().as_bytes())).expect("write");
    std::fs::write(dir.path().join("sub/b.json"), b.to_string()).expect("write");
    std::fs::write(dir.path().join("sub/broken.json"), "{oops").expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not read").expect("write");
    let mut problems = Vec::new();
    let files = expand_paths(&[dir.path().to_path_buf()], &mut problems);
    assert_eq!(files.len(), 3, "{files:?}");
    let mut c = Collected::new(Format::Jsonl);
    read_files(&files, &Limits::default(), &Filter::default(), false, &mut c);
    let (lines, summary) = c.finish();
    let events: Vec<Value> = lines.texts().map(|l| serde_json::from_slice(l).expect("a JSON line")).collect();
    let ids: Vec<_> = events.iter().map(|e| e["event_id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["e1", "e2", "e3"]);
    assert_eq!((summary.files, summary.records, summary.duplicates, summary.events), (3, 4, 1, 3));
    assert_eq!(summary.problems.len(), 1);
    assert!(summary.problems[0].file.ends_with("broken.json"));
}

#[test]
fn filters() {
    let mut err = record("e4", "2026-11-29T10:00:04Z", "GetObject", iam_user("mallory"));
    err["errorCode"] = json!("AccessDenied");
    err["readOnly"] = json!(true);
    err["sourceIPAddress"] = json!("203.0.113.9");
    let data = json!([
        record("e1", "2026-11-29T10:00:01Z", "RunInstances", iam_user("alice")),
        record("e2", "2026-11-29T10:00:02Z", "CreateUser", iam_user("bob")),
        record("e3", "2026-11-29T11:00:00Z", "RunInstances", iam_user("alice")),
        err
    ])
    .to_string();
    let ms = |s: &str| s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).ok();
    let ids = |f: Filter| -> Vec<String> {
        both_ways("f", data.as_bytes(), &Limits::default(), &f)
            .events
            .into_iter()
            .filter_map(|e| e.event_id.map(String::from))
            .collect()
    };
    let window =
        Filter { start_ms: ms("2026-11-29T10:00:00Z"), end_ms: ms("2026-11-29T10:30:00Z"), ..Filter::default() };
    assert_eq!(ids(window.clone()), ["e1", "e2", "e4"]);
    assert_eq!(ids(Filter { actors: vec!["ALICE".into()], ..window.clone() }), ["e1"]);
    assert_eq!(ids(Filter { event_names: vec!["createuser".into()], ..Filter::default() }), ["e2"]);
    assert_eq!(ids(Filter { errors_only: true, ..Filter::default() }), ["e4"]);
    assert_eq!(ids(Filter { writes_only: true, ..Filter::default() }), ["e1", "e2", "e3"]);
    assert_eq!(ids(Filter { source_ips: vec!["203.0.113.9".into()], ..Filter::default() }), ["e4"]);
    assert_eq!(
        ids(Filter { resources: vec!["i-0ab".into()], end_ms: ms("2026-11-29T10:00:03Z"), ..Filter::default() }),
        ["e1", "e2"]
    );
    assert_eq!(ids(Filter { access_keys: vec!["AKIANONE".into()], ..Filter::default() }), Vec::<String>::new());
}

/// A time finer than a millisecond is rounded once: the time string, the millisecond
/// clock the timeline sorts by and the window all agree, whichever reader decides.
#[test]
fn sub_millisecond_times_are_rounded_the_same_everywhere() {
    let data = json!([record("r1", "2026-11-29T10:00:00.9996Z", "RunInstances", iam_user("alice"))]).to_string();
    let out = parse(data.as_bytes());
    let e = &out.events[0];
    assert_eq!(e.time, "2026-11-29T10:00:01.000Z");
    let shown: jiff::Timestamp = e.time.parse().expect("the time string parses");
    assert_eq!(e.time_ms, shown.as_millisecond(), "the clock agrees with the string");
    let from = Filter { start_ms: Some(shown.as_millisecond()), ..Filter::default() };
    let kept = both_ways("w", data.as_bytes(), &Limits::default(), &from);
    assert_eq!(kept.events.len(), 1, "an event shown at the window's start is in it");
    let before = Filter {
        end_ms: Some(shown.as_millisecond() - 1),
        event_names: vec!["RunInstances".into()],
        ..Filter::default()
    };
    assert!(both_ways("w", data.as_bytes(), &Limits::default(), &before).events.is_empty(), "and not before it");
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Arbitrary bytes: never a panic.
        #[test]
        fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_file("fuzz", &data, &Limits { max_bytes: 1 << 16, ..Limits::default() }, &Filter::default(), true);
            let _ = parse_file("fuzz", &data, &Limits { max_bytes: 1 << 16, ..Limits::default() }, &Filter::default(), false);
        }

        /// A valid file with bytes overwritten or cut short: never a panic, and any event
        /// that comes out has a valid time.
        #[test]
        fn mutated_records(cut in 0usize..600, flips in proptest::collection::vec((0usize..600, any::<u8>()), 0..8), gz in any::<bool>()) {
            let mut doc = json!({"Records": [record("1", "2026-11-29T10:00:00Z", "RunInstances", iam_user("alice"))]}).to_string().into_bytes();
            for (at, b) in flips {
                if let Some(x) = doc.get_mut(at) { *x = b; }
            }
            doc.truncate(cut.max(1));
            let data = if gz { gzip(&doc) } else { doc };
            let narrow = Filter { event_names: vec!["RunInstances".into()], errors_only: true, ..Filter::default() };
            both_ways("fuzz", &data, &Limits { max_bytes: 1 << 16, ..Limits::default() }, &narrow);
            let out = both_ways("fuzz", &data, &Limits { max_bytes: 1 << 16, ..Limits::default() }, &Filter::default());
            for e in out.events {
                prop_assert!(e.time.parse::<jiff::Timestamp>().is_ok());
            }
        }

        /// Records spread over many lines, with any text in their strings: JSON Lines
        /// output with the raw records has one line per event, each the event's record.
        #[test]
        fn pretty_printed_records_give_one_line_each(names in proptest::collection::vec(".{0,12}", 1..4), user in ".{0,12}") {
            let records: Vec<Value> = names
                .iter()
                .enumerate()
                .map(|(i, n)| record(&format!("id{i}"), "2026-11-29T10:00:00Z", n, iam_user(&user)))
                .collect();
            let text = serde_json::to_string_pretty(&json!({ "Records": records })).expect("serializes");
            let out = parse_file("pretty", text.as_bytes(), &Limits::default(), &Filter::default(), true);
            prop_assert_eq!(out.events.len(), records.len());
            let mut buf = Vec::new();
            cordon_timeline::output::write_jsonl(&out.events, &mut buf).expect("write");
            let lines: Vec<Value> = String::from_utf8_lossy(&buf)
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
                .collect();
            prop_assert_eq!(lines.len(), records.len());
            for line in &lines {
                let id = line["event_id"].as_str().unwrap_or("");
                let original = records.iter().find(|r| r["eventID"] == id);
                prop_assert_eq!(Some(&line["raw"]), original);
            }
        }
    }
}

proptest::proptest! {
    /// Any bytes as a digest file (the fuzz target `digest_file` runs the same): no panic,
    /// nothing inflated past the limit.
    #[test]
    fn any_bytes_as_a_digest_parse_without_panic(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1024)) {
        if let Ok((_, content)) = cordon_timeline::digest_file::parse_digest(&data, 4096) {
            proptest::prop_assert!(content.len() <= 4096);
        }
    }
}
