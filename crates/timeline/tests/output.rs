//! The three output formats, read back the way their consumers read them.

use cordon_timeline::Filter;
use cordon_timeline::output::{write_csv, write_jsonl, write_markdown};
use cordon_timeline::parse::{Limits, parse_file};
use serde_json::json;

fn hostile_events() -> Vec<cordon_timeline::TimelineEvent<'static>> {
    let rec = json!({
        "eventTime": "2026-11-29T10:00:00.123Z", "eventSource": "s3.amazonaws.com", "eventName": "PutObject",
        "eventID": "e1", "sourceIPAddress": "=cmd|' /C calc'!A0", "userAgent": "<script>alert(\"x\")</script> {{ 7*7 }} | a",
        "userIdentity": {"type": "IAMUser", "userName": "@evil\nname", "accountId": "1"},
        "requestParameters": {"bucketName": "+SUM(1)"}, "readOnly": false
    });
    parse_file("h.json", json!([rec]).to_string().as_bytes(), &Limits::default(), &Filter::default(), true).events
}

#[test]
fn jsonl_is_what_timesketch_imports() {
    let mut buf = Vec::new();
    write_jsonl(&hostile_events(), &mut buf).expect("write");
    let text = String::from_utf8(buf).expect("utf-8");
    assert_eq!(text.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON object per line");
    assert_eq!(line["datetime"], "2026-11-29T10:00:00.123+00:00");
    assert_eq!(line["timestamp_desc"], "Event Time");
    assert_eq!(line["timestamp"], 1_795_946_400_123_000_i64);
    assert!(line["message"].as_str().is_some_and(|m| m.contains("PutObject by user/@evil\nname")));
    assert_eq!(line["event_name"], "PutObject");
    assert_eq!(line["raw"]["eventID"], "e1", "the raw event is kept as an object");
}

/// A console export is pretty-printed: with `--raw`, each record still becomes one line,
/// its raw record with the whitespace between tokens removed and every value as it was
/// (spaces and escaped line breaks inside strings, numbers, key order).
#[test]
fn a_pretty_printed_records_raw_stays_on_its_line() {
    let text = r#"{
  "Records": [
    {
      "eventTime": "2026-11-29T10:00:00Z",
      "eventSource": "iam.amazonaws.com",
      "eventName": "CreateUser",
      "eventID": "p1",
      "userIdentity": { "type": "IAMUser", "userName": "bob" },
      "requestParameters": { "userName": "eve  \n \"x\" ", "count": 1.50, "zero": 0e0 }
    },
    { "eventTime": "2026-11-29T10:00:01Z", "eventName": "ListUsers", "eventID": "p2" }
  ]
}"#;
    let events = parse_file("pretty.json", text.as_bytes(), &Limits::default(), &Filter::default(), true).events;
    let mut buf = Vec::new();
    write_jsonl(&events, &mut buf).expect("write");
    let out = String::from_utf8(buf).expect("utf-8");
    assert_eq!(out.lines().count(), 2, "one line per event: {out}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap_or("")).expect("a JSON line");
    assert_eq!(first["raw"]["requestParameters"]["userName"], "eve  \n \"x\" ");
    assert!(
        out.contains(r#""raw":{"eventTime":"2026-11-29T10:00:00Z","eventSource":"iam.amazonaws.com","#),
        "key order kept: {out}"
    );
    assert!(out.contains(r#""count":1.50,"zero":0e0}"#), "numbers as written: {out}");
    assert!(
        out.contains(r#""raw":{ "eventTime": "2026-11-29T10:00:01Z", "eventName": "ListUsers", "eventID": "p2" }}"#),
        "a record already on one line is kept byte for byte: {out}"
    );
}

#[test]
fn csv_cells_never_run_as_formulas() {
    let mut buf = Vec::new();
    write_csv(&hostile_events(), &mut buf).expect("write");
    let mut r = csv::Reader::from_reader(buf.as_slice());
    let headers = r.headers().expect("header").clone();
    let row = r.records().next().expect("one row").expect("valid CSV");
    let cell = |name: &str| row.get(headers.iter().position(|h| h == name).expect(name)).expect(name).to_string();
    assert_eq!(cell("source_ip"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell("actor"), "user/@evil\nname", "newlines stay inside the quoted cell");
    assert_eq!(cell("resources"), "'+SUM(1)");
    assert_eq!(cell("datetime"), "2026-11-29T10:00:00.123+00:00");
    for (i, c) in row.iter().enumerate() {
        assert!(!c.starts_with(['=', '+', '-', '@']), "column {} starts a formula: {c:?}", &headers[i]);
    }
}

#[test]
fn markdown_rows_cannot_break_the_table() {
    let mut buf = Vec::new();
    write_markdown(&hostile_events(), &mut buf).expect("write");
    let text = String::from_utf8(buf).expect("utf-8");
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 3, "header, separator and one row: {text}");
    let unescaped_pipes = lines[2].replace("\\|", "").matches('|').count();
    assert_eq!(unescaped_pipes, 8, "seven cells: {}", lines[2]);
    assert!(!text.contains("<script>"));
}

/// Lines without the raw record are written by sonic-rs, lines with it by serde_json:
/// everything before `raw` is the same bytes either way, whatever the strings hold.
#[test]
fn both_json_writers_write_the_same_bytes() {
    let nasty = "q\"b\\s/\u{0}\u{1}\u{1f}\u{7f}\t\r\n é 漢 😀 \u{2028}\u{2029} </script>";
    let rec = json!({
        "eventTime": "2026-11-29T10:00:00.123Z", "eventSource": nasty, "eventName": nasty, "eventID": nasty,
        "sourceIPAddress": nasty, "userAgent": nasty, "errorCode": nasty, "errorMessage": nasty,
        "userIdentity": {"type": "IAMUser", "userName": nasty, "arn": nasty, "accountId": nasty, "accessKeyId": nasty},
        "requestParameters": {"bucketName": nasty, "tagSet": {"items": [{"key": nasty, "value": nasty}]}},
        "readOnly": "true", "recipientAccountId": "1"
    });
    let events =
        parse_file(nasty, json!([rec]).to_string().as_bytes(), &Limits::default(), &Filter::default(), true).events;
    let with_raw = &events[0];
    assert!(with_raw.raw.is_some());
    let mut without = with_raw.clone();
    without.raw = None;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    cordon_timeline::output::encode_jsonl(with_raw, &mut a).expect("encode");
    cordon_timeline::output::encode_jsonl(&without, &mut b).expect("encode");
    let b = String::from_utf8(b).expect("UTF-8");
    let a = String::from_utf8(a).expect("UTF-8");
    let prefix = b.strip_suffix("}\n").expect("a JSON line");
    assert!(a.starts_with(&format!("{prefix},\"raw\":")), "\n{a}\n{b}");
    let v: serde_json::Value = serde_json::from_str(&b).expect("valid JSON");
    assert_eq!(v["event_name"], nasty);
}
