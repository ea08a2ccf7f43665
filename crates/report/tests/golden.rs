//! The report of a fixed case directory (tests/fixtures/cases/golden: a real run of
//! ec2-compromise against the emulator, a CloudTrail timeline with attacker-controlled
//! strings, and an incident.json), in every format.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use cordon_report::{Format, render};

const RENDERED_AT: &str = "2026-11-30T08:00:00.000Z";

fn case() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cases/golden")
}

#[test]
fn markdown_golden() {
    let md = render(&case(), Format::Markdown, RENDERED_AT, None).expect("renders");
    insta::assert_snapshot!("report_md", md);
}

#[test]
fn json_golden() {
    let json = render(&case(), Format::Json, RENDERED_AT, None).expect("renders");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["summary"]["metrics"]["time_to_detect"], "9m 50s");
    assert!(v["summary"]["metrics"]["time_to_recover"].is_null(), "unknown, never invented");
    assert_eq!(v["verification"]["ok"], true);
    insta::assert_snapshot!("report_json", json);
}

#[test]
fn attacker_strings_render_as_text_in_html() {
    let html = render(&case(), Format::Html, RENDERED_AT, None).expect("renders");
    assert!(!html.contains("<script"), "no script element from the data");
    assert!(html.contains("&lt;script&gt;alert(&quot;ua&quot;)&lt;&#x2f;script&gt;"), "the user agent, escaped");
    assert!(
        html.contains("Name=&lt;script&gt;alert(&#x27;tag&#x27;)&lt;&#x2f;script&gt;&quot;{{ config }}&quot;"),
        "the tag value, escaped, its {{{{ }}}} not evaluated"
    );
    assert!(html.contains("{{ 7*7 }}") && !html.contains(">49<"), "template syntax in data is text");
    for external in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(external), "no external fetch: {external}");
    }
    assert!(
        html.contains("id=\"activity-chart\"")
            && html.contains("class=\"bar\"")
            && html.contains("class=\"responder\"")
    );
}

#[test]
fn attacker_strings_cannot_break_markdown_tables() {
    let md = render(&case(), Format::Markdown, RENDERED_AT, None).expect("renders");
    let row = md.lines().find(|l| l.contains("CreateTags")).expect("the CreateTags row");
    assert_eq!(row.replace("\\|", "").matches('|').count(), 6, "five cells: {row}");
    assert!(!row.contains("<script"));
}

#[test]
fn an_organizations_template_is_used_and_strict() {
    let own = render(
        &case(),
        Format::Markdown,
        RENDERED_AT,
        Some(("report.md.j2", "Org report {{ case.id }} / {{ summary.status }}")),
    )
    .expect("renders");
    assert_eq!(own, "Org report DEMO-6182 / contained");
    let err =
        render(&case(), Format::Html, RENDERED_AT, Some(("report.html.j2", "{{ no_such_field.x }}"))).unwrap_err();
    assert!(err.to_string().contains("report.html.j2"), "{err}");
    let html = render(&case(), Format::Html, RENDERED_AT, Some(("report.html.j2", "{{ timeline[8].event }}")))
        .expect("renders");
    assert!(!html.contains('<'), "an organization's HTML template escapes too: {html}");
}

/// A skipped step's row names its action (recorded since the journal carries it), and a
/// journal written before that still renders, with the action left empty.
#[test]
fn a_skipped_steps_row_names_its_action() {
    use cordon_core::journal::{self, Entry, Event};
    let tmp = tempfile::tempdir().expect("a temporary directory");
    for f in ["journal.jsonl", "manifest.json", "incident.json", "timeline.jsonl"] {
        std::fs::copy(case().join(f), tmp.path().join(f)).expect("copy the golden case");
    }
    let mut text = std::fs::read_to_string(tmp.path().join("journal.jsonl")).expect("the journal");
    let checked = journal::check(&text);
    let (seq, mut prev) = (checked.entries.len() as u64, checked.head.clone());
    for (n, action) in [(0, Some("ec2.snapshot_volumes")), (1, None)] {
        let entry = Entry {
            seq: seq + n,
            time: "2026-11-29T22:23:26.000Z".into(),
            prev: prev.clone(),
            event: Event::StepSkipped {
                run: 1,
                step_id: format!("later{n}"),
                reason: "an earlier step failed".into(),
                action: action.map(String::from),
            },
        };
        let line = journal::encode(&entry);
        prev = journal::line_hash(&line);
        text.push_str(&line);
        text.push('\n');
    }
    assert!(journal::check(&text).problems.is_empty(), "the extended journal chains");
    std::fs::write(tmp.path().join("journal.jsonl"), &text).expect("write the journal");
    let json = render(tmp.path(), Format::Json, RENDERED_AT, None).expect("renders");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let row =
        |id: &str| v["steps"].as_array().and_then(|s| s.iter().find(|r| r["id"] == id)).cloned().unwrap_or_default();
    assert_eq!(row("later0")["action"], "ec2.snapshot_volumes", "{}", v["steps"]);
    assert_eq!(row("later0")["status"], "skipped: an earlier step failed");
    assert_eq!(row("later1")["action"], "", "an older journal's skipped step");
}

/// A string an attacker could put in any field: backtick runs (code spans), pipes
/// (tables), a line break and a heading, HTML, a link, emphasis and a backslash.
const HOSTILE: &str = "x`y``z|</td><script>alert(1)</script>\n# h *b* _i_ [l](http://e) \\| {{ 7*7 }}`";

/// Fields whose values must keep their shape for the case to be read at all.
const KEEP: &[&str] =
    &["type", "status", "prev", "sha256", "checksum_sha256", "time", "event_time", "format", "action", "step_id"];

fn hostile(v: &mut serde_json::Value, key: &str, suffix: &str) {
    match v {
        serde_json::Value::String(s) if !KEEP.contains(&key) && !s.is_empty() => *s = format!("{s}{suffix}"),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| hostile(x, key, suffix)),
        serde_json::Value::Object(o) => o.iter_mut().for_each(|(k, x)| hostile(x, k, suffix)),
        _ => {}
    }
}

/// The golden case with `suffix` appended to every free-text field of the journal
/// (re-chained), the manifest, the timeline, the queries run in place and incident.json.
fn hostile_case(suffix: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = case();
    let mut prev = cordon_core::journal::GENESIS.to_string();
    let mut journal = String::new();
    let (mut artifacts, mut exports, mut case_id) = (Vec::new(), Vec::new(), String::new());
    for line in std::fs::read_to_string(src.join("journal.jsonl")).unwrap().lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        hostile(&mut v, "", suffix);
        v["prev"] = serde_json::Value::String(prev.clone());
        match v["event"]["type"].as_str() {
            Some("artifact_stored") => artifacts.push(v["event"]["artifact"].clone()),
            Some("artifact_exported") => exports.push(v["event"]["export"].clone()),
            Some("case_opened") => case_id = v["event"]["case_id"].as_str().unwrap_or_default().to_string(),
            _ => {}
        }
        let text = v.to_string();
        prev = cordon_core::journal::line_hash(&text);
        journal.push_str(&text);
        journal.push('\n');
    }
    std::fs::write(dir.path().join("journal.jsonl"), journal).unwrap();
    let mut manifest = serde_json::json!({"format": 1, "case_id": case_id, "artifacts": artifacts});
    if !exports.is_empty() {
        manifest["exports"] = serde_json::Value::Array(exports);
    }
    std::fs::write(dir.path().join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    for file in ["timeline.jsonl", "athena-queries.jsonl"] {
        let mut lines = String::new();
        for line in std::fs::read_to_string(src.join(file)).unwrap().lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            hostile(&mut v, "", suffix);
            lines.push_str(&v.to_string());
            lines.push('\n');
        }
        std::fs::write(dir.path().join(file), lines).unwrap();
    }
    let mut incident: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("incident.json")).unwrap()).unwrap();
    hostile(&mut incident, "", suffix);
    std::fs::write(dir.path().join("incident.json"), incident.to_string()).unwrap();
    dir
}

/// The Markdown's structure: every element opened and closed, code spans and raw HTML
/// (text left out: escaping changes how it is split, never what holds it).
fn structure(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Start(t) => Some(format!("start {t:?}").split(['(', '{']).next().unwrap_or_default().to_string()),
            Event::End(t) => Some(format!("end {t:?}")),
            Event::Code(_) => Some("code".into()),
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
            Event::HardBreak => Some("break".into()),
            _ => None,
        })
        .collect()
}

/// The same suffix, harmless: the document the hostile one must not differ from in shape.
const BENIGN: &str = "-plain";

/// Every value from the case in the Markdown report is escaped for where it stands: the
/// hostile string in every field adds, removes or breaks no element (no cell, code span,
/// heading, link, emphasis or HTML) compared with a harmless one in the same fields, and
/// code spans hold it whole.
#[test]
fn hostile_strings_in_every_field_change_no_markdown_structure() {
    let plain = hostile_case(BENIGN);
    let clean = render(plain.path(), Format::Markdown, RENDERED_AT, None).expect("renders");
    let dir = hostile_case(HOSTILE);
    let md = render(dir.path(), Format::Markdown, RENDERED_AT, None).expect("renders");
    assert!(md.matches("alert(1)").count() > 20, "the hostile strings are in the report");
    assert_eq!(structure(&md), structure(&clean), "the data changed the document's structure:\n{md}");
    use pulldown_cmark::{Event, Options, Parser};
    let flat = HOSTILE.replace('\n', " ");
    let codes: Vec<String> = Parser::new_ext(&md, Options::ENABLE_TABLES)
        .filter_map(|e| if let Event::Code(c) = e { Some(c.to_string()) } else { None })
        .filter(|c| c.contains("alert(1)"))
        .collect();
    assert!(!codes.is_empty());
    for c in &codes {
        // In a table cell, `\|` stands for `|` even inside a code span (GFM); this parser
        // leaves the backslash in its code text, so the comparison takes it out.
        let pipes = |s: &str| s.replace("\\|", "|");
        assert!(pipes(c).trim().ends_with(&pipes(flat.trim_end())), "a code span holds the value whole: {c:?}");
    }
}

/// The same hostile case in HTML: no element from the data (as many tags as the clean
/// report), and the strings shown as text.
#[test]
fn hostile_strings_in_every_field_add_no_html() {
    let plain = hostile_case(BENIGN);
    let clean = render(plain.path(), Format::Html, RENDERED_AT, None).expect("renders");
    let dir = hostile_case(HOSTILE);
    let html = render(dir.path(), Format::Html, RENDERED_AT, None).expect("renders");
    assert!(html.matches("alert(1)").count() > 20, "the hostile strings are in the report");
    assert!(!html.contains("<script"));
    assert_eq!(html.matches('<').count(), clean.matches('<').count(), "no tag from the data");
}

/// The queries a timeline ran on Athena or CloudTrail Lake are in the report, with what
/// they scanned and cost and what was pushed down (the hostile-string tests above cover
/// their escaping); a line that cannot be read is named, not fatal.
#[test]
fn queries_run_in_place_are_reported() {
    let md = render(&case(), Format::Markdown, RENDERED_AT, None).expect("renders");
    let row = md.lines().find(|l| l.contains("5c1f2d7e-0b7a")).expect("the Athena query's row");
    for want in [
        "| athena |",
        "ir.cloudtrail",
        "(SUCCEEDED)",
        "| 7340032 |",
        "| 0.00005 |",
        "| 42 |",
        "window, --event-name",
        "1 of 2",
    ] {
        assert!(row.contains(want), "{want:?} in {row}");
    }
    let lake = md.lines().find(|l| l.contains("0d9a7c21")).expect("the Lake query's row");
    assert!(lake.contains("eventdatastore/ir-org-store") && lake.contains("| 17 |"), "{lake}");
    let html = render(&case(), Format::Html, RENDERED_AT, None).expect("renders");
    assert!(html.contains("<section id=\"queries\">") && html.contains("SELECT eventversion"), "the SQL is shown");

    let tmp = tempfile::tempdir().expect("a temporary directory");
    for f in ["journal.jsonl", "manifest.json", "incident.json", "timeline.jsonl", "athena-queries.jsonl"] {
        std::fs::copy(case().join(f), tmp.path().join(f)).expect("copy the golden case");
    }
    let mut text = std::fs::read_to_string(tmp.path().join("athena-queries.jsonl")).unwrap();
    text.push_str("{\"rows\": \"many\"}\n{\"engine\":\"athena\",\"tru");
    std::fs::write(tmp.path().join("athena-queries.jsonl"), text).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&render(tmp.path(), Format::Json, RENDERED_AT, None).expect("renders")).unwrap();
    assert_eq!(v["queries"].as_array().map(Vec::len), Some(2), "{}", v["queries"]);
    let problems = v["queries_problems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].as_str().unwrap().starts_with("athena-queries.jsonl line 3:"), "{problems:?}");
    assert!(problems[1].as_str().unwrap().starts_with("athena-queries.jsonl line 4:"), "{problems:?}");
}

/// No query file, no section.
#[test]
fn a_case_without_queries_has_no_queries_section() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    for f in ["journal.jsonl", "manifest.json", "incident.json", "timeline.jsonl"] {
        std::fs::copy(case().join(f), tmp.path().join(f)).expect("copy the golden case");
    }
    let md = render(tmp.path(), Format::Markdown, RENDERED_AT, None).expect("renders");
    assert!(!md.contains("## Queries run in place"), "{md}");
    let html = render(tmp.path(), Format::Html, RENDERED_AT, None).expect("renders");
    assert!(!html.contains("id=\"queries\""));
}
