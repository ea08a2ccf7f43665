//! The Athena query tested for meaning: the SQL `timeline build --engine athena` sends
//! is run on DuckDB over a CloudTrail table holding the same records as the trail files,
//! its rows are read back as Cordon reads Athena's, and the events must equal the local
//! build's over the files, for every filter and for combinations of them. Where the SQL
//! applies every criterion itself, it must return exactly the kept records, no more.
//!
//! DuckDB is the Python package in the project's venv (`cargo xtask test` installs it
//! with the emulator; `cordon_testenv::duckdb` runs it).
#![allow(clippy::unwrap_used)]

use cordon_testenv::duckdb::{Answer, cloudtrail_queries, lake_queries};
use cordon_timeline::Filter;
use cordon_timeline::athena::rows::{is_header, lake_record_text, record_text};
use cordon_timeline::athena::schema::COLUMNS;
use cordon_timeline::athena::sql::{EventDataStore, Query, Table, lake_query, query};
use cordon_timeline::parse::{Limits, parse_file, parse_texts};
use serde_json::{Value, json};

const ACCOUNTS: [&str; 2] = ["111122223333", "444455556666"];
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

/// Identities of every type the reader names differently.
fn identity(i: usize, account: &str) -> Value {
    match i % 7 {
        0 => json!({"type": "IAMUser", "principalId": "AIDAALICE", "arn": format!("arn:aws:iam::{account}:user/alice"),
                    "accountId": account, "accessKeyId": "AKIAALICE0000001", "userName": "alice"}),
        1 => {
            json!({"type": "AssumedRole", "principalId": "AROAX:i-0abc", "arn": format!("arn:aws:sts::{account}:assumed-role/WebRole/i-0abc"),
                    "accountId": account, "accessKeyId": "ASIAWEBROLE00001",
                    "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAX", "arn": format!("arn:aws:iam::{account}:role/WebRole"),
                                       "accountId": account, "userName": "WebRole"},
                                       "attributes": {"creationDate": "2026-03-10T08:00:00Z", "mfaAuthenticated": "false"}}})
        }
        2 => {
            json!({"type": "Root", "principalId": account, "arn": format!("arn:aws:iam::{account}:root"), "accountId": account,
                    "accessKeyId": "ASIAROOT00000001"})
        }
        3 => json!({"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}),
        4 => json!({"type": "AWSAccount", "principalId": "AIDAOTHER", "accountId": "999988887777"}),
        5 => {
            json!({"type": "IAMUser", "principalId": "AIDAMALLORY", "arn": format!("arn:aws:iam::{account}:user/mallory"),
                    "accountId": account, "accessKeyId": "AKIAMALLORY00001", "userName": "mallory"})
        }
        _ => json!({"type": "FederatedUser", "principalId": format!("{account}:bob"),
                    "arn": format!("arn:aws:sts::{account}:federated-user/bob"), "accountId": account}),
    }
}

/// One record, shaped as CloudTrail writes them, varied by `i`.
fn record(i: usize, time: &str, account: &str, region: &str) -> Value {
    let names =
        ["RunInstances", "GetObject", "PutBucketPolicy", "ConsoleLogin", "DescribeInstances", "CreateAccessKey"];
    let name = names[i % names.len()];
    let ip = ["203.0.113.7", "198.51.100.2", "ec2.amazonaws.com"][i % 3];
    let source =
        if name.contains("Object") || name.contains("Bucket") { "s3.amazonaws.com" } else { "ec2.amazonaws.com" };
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": identity(i, account),
        "eventTime": time,
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": "aws-cli/2.15.0",
        "requestID": format!("req-{i}"),
        "eventID": format!("00000000-0000-4000-8000-{i:012}"),
        "eventType": "AwsApiCall",
        "recipientAccountId": account,
    });
    match i % 4 {
        0 => r["readOnly"] = json!(true),
        1 => r["readOnly"] = json!(false),
        2 => r["readOnly"] = json!("TRUE"),
        _ => {}
    }
    if i.is_multiple_of(5) {
        r["errorCode"] = json!("AccessDenied");
        r["errorMessage"] = json!("User is not authorized");
    }
    if i % 5 == 1 {
        r["errorCode"] = json!("");
    }
    match i % 3 {
        0 => r["requestParameters"] = json!({"bucketName": format!("evidence-{}", i % 2), "key": "a/b.txt"}),
        1 => r["requestParameters"] = json!({"instancesSet": {"items": [{"instanceId": format!("i-0{i:04}")}]}}),
        _ => r["requestParameters"] = Value::Null,
    }
    if i % 4 == 3 {
        r["resources"] = json!([{"ARN": format!("arn:aws:s3:::evidence-{}", i % 2), "accountId": account, "type": "AWS::S3::Bucket"}]);
    }
    r
}

/// Records over three days, two accounts and two Regions, each with the day folder its
/// file is delivered to (minutes after its events, as CloudTrail does).
fn records() -> Vec<(String, String, String, Value)> {
    let start = ms("2026-03-09T22:00:00Z");
    let mut out = Vec::new();
    for i in 0..240usize {
        let t = start + (i as i64) * 17 * 60 * 1000 + (i as i64 % 7) * 1000;
        let time = jiff::Timestamp::from_millisecond(t).unwrap().strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        // Delivered 3 to 18 minutes later: some after midnight, in the next day's folder.
        let delivered = jiff::Timestamp::from_millisecond(t + (3 + 5 * (i as i64 % 4)) * 60 * 1000).unwrap();
        let day = delivered.strftime("%Y/%m/%d").to_string();
        let (account, region) = (ACCOUNTS[i % 2], REGIONS[(i / 2) % 2]);
        out.push((account.to_string(), region.to_string(), day, record(i, &time, account, region)));
    }
    out
}

/// What the local build keeps of `recs` (read as one trail file per record group),
/// from the accounts and Regions asked (the S3 reader's folders).
fn local_events(
    recs: &[(String, String, String, Value)],
    f: &Filter,
    accounts: &[String],
    regions: &[String],
) -> Vec<Value> {
    let chosen: Vec<&Value> = recs
        .iter()
        .filter(|(a, r, _, _)| {
            (accounts.is_empty() || accounts.contains(a)) && (regions.is_empty() || regions.contains(r))
        })
        .map(|(_, _, _, v)| v)
        .collect();
    let file = json!({ "Records": chosen }).to_string();
    let out = parse_file("trail.json", file.as_bytes(), &Limits::default(), f, false);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    comparable(out.events)
}

/// Events without where they were read from, sorted.
fn comparable(events: Vec<cordon_timeline::TimelineEvent<'static>>) -> Vec<Value> {
    let mut v: Vec<Value> = events
        .into_iter()
        .map(|e| {
            let mut j = serde_json::to_value(&e).unwrap();
            j.as_object_mut().unwrap().remove("origin");
            j
        })
        .collect();
    v.sort_by_key(|j| j["event_id"].as_str().unwrap_or("").to_string());
    v
}

/// Runs the queries on DuckDB over the records: per query, its columns and rows.
fn duckdb(recs: &[(String, String, String, Value)], queries: &[String]) -> Vec<Answer> {
    let records: Vec<Value> =
        recs.iter().map(|(a, r, d, v)| json!({"account": a, "region": r, "day": d, "record": v})).collect();
    cloudtrail_queries(serde_json::to_value(COLUMNS).unwrap(), &records, "db", queries).unwrap()
}

/// A named case: a filter and the accounts and Regions it reads.
struct Case {
    name: String,
    filter: Filter,
    accounts: Vec<String>,
    regions: Vec<String>,
}

/// Every criterion alone, and every pair of them.
fn cases() -> Vec<Case> {
    type Set = fn(&mut Case);
    let criteria: Vec<(&str, Set)> = vec![
        ("window", |c| {
            c.filter.start_ms = Some(ms("2026-03-10T09:00:00Z"));
            c.filter.end_ms = Some(ms("2026-03-10T21:30:03Z"));
        }),
        ("window over midnight", |c| {
            c.filter.start_ms = Some(ms("2026-03-10T23:00:00Z"));
            c.filter.end_ms = Some(ms("2026-03-10T23:59:59.999Z"));
        }),
        ("actor user/alice", |c| c.filter.actors = vec!["user/alice".into()]),
        ("actor root + account/", |c| c.filter.actors = vec!["ROOT".into(), "account/9999".into()]),
        ("actor session", |c| c.filter.actors = vec!["i-0abc".into(), "ec2.amazonaws".into()]),
        ("access key", |c| c.filter.access_keys = vec!["AKIAMALLORY00001".into(), "ASIAWEBROLE00001".into()]),
        ("event names", |c| c.filter.event_names = vec!["runinstances".into(), "PutBucketPolicy".into()]),
        ("resource", |c| c.filter.resources = vec!["evidence-1".into()]),
        ("resource instance", |c| c.filter.resources = vec!["i-00004".into()]),
        ("source ip", |c| c.filter.source_ips = vec!["203.0.113.7".into()]),
        ("errors only", |c| c.filter.errors_only = true),
        ("writes only", |c| c.filter.writes_only = true),
        ("accounts", |c| c.accounts = vec![ACCOUNTS[1].into()]),
        ("regions", |c| c.regions = vec![REGIONS[1].into()]),
    ];
    let blank = |name: String| Case { name, filter: Filter::default(), accounts: vec![], regions: vec![] };
    let mut out = vec![blank("everything".into())];
    for (i, (a, fa)) in criteria.iter().enumerate() {
        let mut c = blank((*a).to_string());
        fa(&mut c);
        out.push(c);
        for (b, fb) in &criteria[i + 1..] {
            let mut c = blank(format!("{a} + {b}"));
            fa(&mut c);
            fb(&mut c);
            out.push(c);
        }
    }
    let mut all = blank("window + writes + errors + accounts + regions + event names".into());
    for k in [0, 10, 11, 12, 13, 6] {
        (criteria[k].1)(&mut all);
    }
    out.push(all);
    out
}

#[test]
fn the_query_keeps_what_the_local_build_keeps_for_every_filter_and_pair() {
    let recs = records();
    let table = Table::parse("db.cloudtrail").unwrap();
    let cases = cases();
    let queries: Vec<Query> = cases.iter().map(|c| query(&table, &c.filter, &c.accounts, &c.regions)).collect();
    let results = duckdb(&recs, &queries.iter().map(|q| q.sql.clone()).collect::<Vec<_>>());
    let mut nonempty = 0;
    for ((case, q), (columns, rows)) in cases.iter().zip(&queries).zip(results) {
        let want = local_events(&recs, &case.filter, &case.accounts, &case.regions);
        assert!(!rows.first().is_some_and(|r| is_header(&columns, r)));
        let texts: Vec<String> = rows.iter().map(|r| record_text(&columns, r)).collect();
        let out = parse_texts("athena:test", texts.iter().map(|t| Some(t.as_str())), &case.filter, false);
        assert!(out.problems.is_empty(), "{}: {:?}", case.name, out.problems);
        let got = comparable(out.events);
        assert_eq!(
            got.len(),
            want.len(),
            "{}: {} events from the query, {} from the files\n{}",
            case.name,
            got.len(),
            want.len(),
            q.sql
        );
        assert_eq!(got, want, "{}\n{}", case.name, q.sql);
        if q.local.is_empty() && case.filter.actors.is_empty() {
            assert_eq!(rows.len(), want.len(), "{}: the query returned records the filter drops\n{}", case.name, q.sql);
        }
        nonempty += usize::from(!want.is_empty());
    }
    // The cases select something (a test of empty sets would prove nothing).
    assert!(nonempty * 10 >= cases.len() * 8, "only {nonempty} of {} cases kept events", cases.len());
}

#[test]
fn a_one_day_window_scans_only_that_days_partitions() {
    let recs = records();
    let f = Filter {
        start_ms: Some(ms("2026-03-10T04:00:00Z")),
        end_ms: Some(ms("2026-03-10T20:00:00Z")),
        ..Filter::default()
    };
    let q = query(&Table::parse("db.cloudtrail").unwrap(), &f, &[], &[]);
    assert_eq!(q.days, Some(("2026/03/10".to_string(), "2026/03/10".to_string())));
    // Only the partition predicate: which partitions the query reads.
    let predicate = "\"day\" BETWEEN '2026/03/10' AND '2026/03/10'";
    assert!(q.sql.contains(predicate), "{}", q.sql);
    let day_only = format!("SELECT DISTINCT \"day\" FROM db.cloudtrail WHERE {predicate}");
    let results = duckdb(&recs, std::slice::from_ref(&day_only));
    let days: Vec<Option<String>> = results[0].1.iter().map(|r| r[0].clone()).collect();
    assert_eq!(days, vec![Some("2026/03/10".to_string())], "{day_only}");
    // And the records of the other days exist: the predicate is what left them out.
    assert!(recs.iter().any(|(_, _, d, _)| d == "2026/03/09") && recs.iter().any(|(_, _, d, _)| d == "2026/03/11"));
}

const RULE_KEY: &str = "title: Access key created
id: 3d5b9f8a-0000-4000-8000-000000000001
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: CreateAccessKey
  condition: selection
level: high
";
const RULE_POLICY: &str = "title: Bucket policy changed by an IAM user
id: 3d5b9f8a-0000-4000-8000-000000000002
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName|startswith: PutBucket
    userIdentity.type: IAMUser
  condition: selection
level: medium
";
const RULE_ROOT: &str = "title: Root activity
id: 3d5b9f8a-0000-4000-8000-000000000003
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    userIdentity.type: Root
  condition: selection
level: high
";

/// A hunt's filter with the given rules (written to files and loaded as `--rules` does).
fn hunt(rules: &[&str]) -> Filter {
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in rules.iter().enumerate() {
        std::fs::write(dir.path().join(format!("r{i}.yml")), r).unwrap();
    }
    let (detector, loaded) = cordon_timeline::detect::load::load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.rules, rules.len(), "{:?}", loaded.skipped);
    Filter { detect: detector.map(std::sync::Arc::new), detected_only: true, ..Filter::default() }
}

#[test]
fn a_hunt_pushes_the_rules_down_when_each_names_its_calls_and_finds_what_the_local_hunt_finds() {
    let recs = records();
    let table = Table::parse("db.cloudtrail").unwrap();
    let named = hunt(&[RULE_KEY, RULE_POLICY]);
    let open = hunt(&[RULE_KEY, RULE_POLICY, RULE_ROOT]);
    let (qn, qo) = (query(&table, &named, &[], &[]), query(&table, &open, &[], &[]));
    assert!(qn.pushed.contains(&"rules") && qn.rules.as_ref().unwrap().predicate.is_some(), "{}", qn.sql);
    assert_eq!(qo.local, vec!["rules"]);
    assert_eq!(qo.rules.as_ref().unwrap().local_only, vec!["Root activity".to_string()]);
    let results = duckdb(&recs, &[qn.sql.clone(), qo.sql.clone()]);
    for ((filter, q), (columns, rows)) in [(&named, &qn), (&open, &qo)].into_iter().zip(results) {
        let want = local_events(&recs, filter, &[], &[]);
        assert!(want.iter().all(|e| e["detections"].as_array().is_some_and(|d| !d.is_empty())));
        // Every rule finds something (a rule that matches nothing would prove nothing).
        for title in ["Access key created", "Bucket policy changed by an IAM user", "Root activity"] {
            let found = want.iter().any(|e| e["detections"].as_array().unwrap().iter().any(|d| d["title"] == title));
            assert!(found || (title == "Root activity" && q.local.is_empty()), "{title} matched nothing");
        }
        let texts: Vec<String> = rows.iter().map(|r| record_text(&columns, r)).collect();
        let got = comparable(parse_texts("athena:test", texts.iter().map(|t| Some(t.as_str())), filter, false).events);
        assert_eq!(got, want, "{}", q.sql);
        if q.local.is_empty() {
            // Only the records of the calls the rules name came back.
            let named_calls = recs
                .iter()
                .filter(|(_, _, _, r)| {
                    let name = r["eventName"].as_str().unwrap_or("");
                    name == "CreateAccessKey" || name.starts_with("PutBucket")
                })
                .count();
            assert!(rows.len() <= named_calls && rows.len() < recs.len(), "{} rows\n{}", rows.len(), q.sql);
        } else {
            assert_eq!(rows.len(), recs.len(), "no predicate: every record comes back");
        }
    }
}

#[test]
fn the_lake_query_keeps_what_the_local_build_keeps_for_every_filter_and_pair() {
    let recs = records();
    let store =
        EventDataStore::parse("arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/edsexample0001").unwrap();
    let cases = cases();
    let queries: Vec<Query> = cases.iter().map(|c| lake_query(&store, &c.filter, &c.accounts, &c.regions)).collect();
    let records: Vec<Value> =
        recs.iter().map(|(a, r, d, v)| json!({"account": a, "region": r, "day": d, "record": v})).collect();
    let sqls: Vec<String> = queries.iter().map(|q| q.sql.clone()).collect();
    let results = lake_queries(serde_json::to_value(COLUMNS).unwrap(), &records, &store.0, &sqls).unwrap();
    for ((case, q), (columns, rows)) in cases.iter().zip(&queries).zip(results) {
        let want = local_events(&recs, &case.filter, &case.accounts, &case.regions);
        let texts: Vec<String> = rows.iter().map(|r| lake_record_text(&columns, r)).collect();
        let out = parse_texts("lake:test", texts.iter().map(|t| Some(t.as_str())), &case.filter, false);
        assert!(out.problems.is_empty(), "{}: {:?}", case.name, out.problems);
        assert_eq!(comparable(out.events), want, "{}\n{}", case.name, q.sql);
        if q.local.is_empty() && case.filter.actors.is_empty() {
            assert_eq!(rows.len(), want.len(), "{}: the query returned records the filter drops\n{}", case.name, q.sql);
        }
    }
}
