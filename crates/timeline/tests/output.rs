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
    assert_eq!(unescaped_pipes, 7, "six cells: {}", lines[2]);
    assert!(!text.contains("<script>"));
}
