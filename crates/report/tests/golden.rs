//! The report of a fixed case directory (tests/fixtures/cases/golden: a real run of
//! ec2-compromise against the emulator, a CloudTrail timeline with attacker-controlled
//! strings, and an incident.json), in every format.

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
