//! Writing a timeline: JSON Lines that Timesketch imports as is, CSV that a spreadsheet
//! opens without running anything, and a Markdown table that nothing can break.

use std::io::Write;

use std::borrow::Cow;

use cordon_core::text::{csv_cell, md_escape};
use serde::Serialize;

use crate::event::Event;

/// The formats `cordon timeline build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Markdown,
}

/// One Timesketch line: its three required fields, then the normalized event's fields
/// (written out rather than `#[serde(flatten)]`, which goes through a slow generic map).
#[derive(Serialize)]
struct TimesketchLine<'a> {
    message: &'a str,
    /// ISO 8601 with an explicit UTC offset.
    datetime: &'a str,
    timestamp_desc: &'static str,
    /// Microseconds since the epoch (Timesketch's own unit).
    timestamp: i64,
    time: &'a str,
    event_source: &'a str,
    event_name: &'a str,
    event_id: &'a Option<Cow<'a, str>>,
    actor: &'a str,
    actor_type: &'a Option<Cow<'a, str>>,
    actor_arn: &'a Option<Cow<'a, str>>,
    actor_account: &'a Option<Cow<'a, str>>,
    cross_account: bool,
    session_name: &'a Option<Cow<'a, str>>,
    access_key_id: &'a Option<Cow<'a, str>>,
    source_ip: &'a Option<Cow<'a, str>>,
    user_agent: &'a Option<Cow<'a, str>>,
    region: &'a Option<Cow<'a, str>>,
    account: &'a Option<Cow<'a, str>>,
    resources: &'a [Cow<'a, str>],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    read_only: Option<bool>,
    error_code: &'a Option<Cow<'a, str>>,
    error_message: &'a Option<Cow<'a, str>>,
    responder_action: bool,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: &'a Option<Cow<'a, serde_json::value::RawValue>>,
    /// The titles of the Sigma rules it matched: what Timesketch shows as tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tag: Vec<&'a str>,
    /// The rules it matched, in full.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    detections: &'a [std::sync::Arc<crate::detect::Detection>],
}

impl<'a> TimesketchLine<'a> {
    fn new(e: &'a Event<'a>, message: &'a str, datetime: &'a str) -> Self {
        Self {
            message,
            datetime,
            timestamp_desc: if e.responder_action { "Responder Action" } else { "Event Time" },
            timestamp: e.time_ms.saturating_mul(1000),
            time: &e.time,
            event_source: &e.event_source,
            event_name: &e.event_name,
            event_id: &e.event_id,
            actor: &e.actor,
            actor_type: &e.actor_type,
            actor_arn: &e.actor_arn,
            actor_account: &e.actor_account,
            cross_account: e.cross_account,
            session_name: &e.session_name,
            access_key_id: &e.access_key_id,
            source_ip: &e.source_ip,
            user_agent: &e.user_agent,
            region: &e.region,
            account: &e.account,
            resources: &e.resources,
            tags: &e.tags,
            read_only: e.read_only,
            error_code: &e.error_code,
            error_message: &e.error_message,
            responder_action: e.responder_action,
            origin: &e.origin,
            raw: &e.raw,
            tag: e.detections.iter().map(|d| d.title.as_str()).collect(),
            detections: &e.detections,
        }
    }
}

/// `2026-11-29T10:00:00.123Z` -> `2026-11-29T10:00:00.123+00:00`.
fn with_offset(time: &str) -> String {
    match time.strip_suffix('Z') {
        Some(t) => format!("{t}+00:00"),
        None => time.to_string(),
    }
}

/// Appends one event as a Timesketch JSON line.
pub fn encode_jsonl(e: &Event<'_>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut message = String::with_capacity(192);
    e.write_message(&mut message);
    let datetime = with_offset(&e.time);
    let line = TimesketchLine::new(e, &message, &datetime);
    if e.raw.is_some() {
        // The raw record is serde_json's `RawValue`, written as it is only by serde_json.
        serde_json::to_writer(&mut *buf, &line)?;
    } else {
        // sonic-rs escapes strings with SIMD; the same JSON, byte for byte.
        sonic_rs::to_writer(&mut *buf, &line).map_err(std::io::Error::other)?;
    }
    buf.push(b'\n');
    Ok(())
}

pub fn write_jsonl<W: Write>(events: &[Event<'_>], w: W) -> std::io::Result<()> {
    write(Format::Jsonl, events, w)
}

const CSV_HEADER: [&str; 18] = [
    "datetime",
    "timestamp_desc",
    "message",
    "event_source",
    "event_name",
    "actor",
    "actor_type",
    "actor_arn",
    "access_key_id",
    "source_ip",
    "user_agent",
    "region",
    "account",
    "resources",
    "read_only",
    "error_code",
    "event_id",
    "detections",
];

/// Appends one event as a CSV record (cells that a spreadsheet would run are neutralized).
pub fn encode_csv(e: &Event<'_>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    fn opt<'v>(v: &'v Option<Cow<'_, str>>) -> Cow<'v, str> {
        v.as_deref().map(csv_cell).unwrap_or_default()
    }
    let cells = [
        csv_cell(&with_offset(&e.time)).into_owned().into(),
        Cow::Borrowed(if e.responder_action { "Responder Action" } else { "Event Time" }),
        csv_cell(&e.message()).into_owned().into(),
        csv_cell(&e.event_source),
        csv_cell(&e.event_name),
        csv_cell(&e.actor),
        opt(&e.actor_type),
        opt(&e.actor_arn),
        opt(&e.access_key_id),
        opt(&e.source_ip),
        opt(&e.user_agent),
        opt(&e.region),
        opt(&e.account),
        csv_cell(&e.resources.join(";")).into_owned().into(),
        e.read_only.map(|r| Cow::Borrowed(if r { "true" } else { "false" })).unwrap_or_default(),
        opt(&e.error_code),
        opt(&e.event_id),
        csv_cell(&detections(e, "; ")).into_owned().into(),
    ];
    let mut w = csv::WriterBuilder::new().buffer_capacity(1024).from_writer(buf);
    w.write_record(cells.iter().map(|c| c.as_bytes()))?;
    w.flush()
}

/// The titles of the rules an event matched, with their levels.
fn detections(e: &Event<'_>, sep: &str) -> String {
    let titles: Vec<String> = e.detections.iter().map(|d| format!("{} ({})", d.title, d.level)).collect();
    titles.join(sep)
}

/// Appends one event as a Markdown table row (nothing in a value can break the table).
pub fn encode_markdown(e: &Event<'_>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let event = if e.responder_action {
        format!("**responder**: {}", md_escape(&e.event_name))
    } else {
        md_escape(&format!("{} {}", e.event_source, e.event_name))
    };
    writeln!(
        buf,
        "| {} | {} | {} | {} | {} | {} | {} |",
        md_escape(&e.time),
        md_escape(&e.actor),
        event,
        md_escape(e.source_ip.as_deref().unwrap_or("")),
        md_escape(&e.resources.join(", ")),
        md_escape(e.error_code.as_deref().unwrap_or("")),
        md_escape(&detections(e, "; ")),
    )
}

/// What comes before the first event: CSV's header row, Markdown's table head.
pub fn header(format: Format) -> Vec<u8> {
    match format {
        Format::Jsonl => Vec::new(),
        Format::Csv => {
            let mut header = csv::Writer::from_writer(Vec::new());
            // Writing to memory cannot fail.
            let _ = header.write_record(CSV_HEADER);
            header.into_inner().unwrap_or_default()
        }
        Format::Markdown => {
            b"| Time (UTC) | Actor | Event | Source IP | Resources | Error | Detections |\n|---|---|---|---|---|---|---|\n"
                .to_vec()
        }
    }
}

/// Appends one event in `format`.
pub fn encode(format: Format, e: &Event<'_>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    match format {
        Format::Jsonl => encode_jsonl(e, buf),
        Format::Csv => encode_csv(e, buf),
        Format::Markdown => encode_markdown(e, buf),
    }
}

pub fn write_csv<W: Write>(events: &[Event<'_>], w: W) -> std::io::Result<()> {
    write(Format::Csv, events, w)
}

pub fn write_markdown<W: Write>(events: &[Event<'_>], w: W) -> std::io::Result<()> {
    write(Format::Markdown, events, w)
}

/// Writes `events` as they are (already in order), header first.
pub fn write<W: Write>(format: Format, events: &[Event<'_>], mut w: W) -> std::io::Result<()> {
    w.write_all(&header(format))?;
    let mut buf = Vec::with_capacity(4096);
    for e in events {
        buf.clear();
        encode(format, e, &mut buf)?;
        w.write_all(&buf)?;
    }
    w.flush()
}
