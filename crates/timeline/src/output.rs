//! Writing a timeline: JSON Lines that Timesketch imports as is, CSV that a spreadsheet
//! opens without running anything, and a Markdown table that nothing can break.

use std::io::Write;

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

/// One Timesketch line: its three required fields, then the normalized event.
#[derive(Serialize)]
struct TimesketchLine<'a> {
    message: String,
    /// ISO 8601 with an explicit UTC offset.
    datetime: String,
    timestamp_desc: &'static str,
    /// Microseconds since the epoch (Timesketch's own unit).
    timestamp: i64,
    #[serde(flatten)]
    event: &'a Event,
}

/// `2026-11-29T10:00:00.123Z` -> `2026-11-29T10:00:00.123+00:00`.
fn with_offset(time: &str) -> String {
    match time.strip_suffix('Z') {
        Some(t) => format!("{t}+00:00"),
        None => time.to_string(),
    }
}

pub fn write_jsonl<W: Write>(events: &[Event], mut w: W) -> std::io::Result<()> {
    for e in events {
        let line = TimesketchLine {
            message: e.message(),
            datetime: with_offset(&e.time),
            timestamp_desc: if e.responder_action { "Responder Action" } else { "Event Time" },
            timestamp: e.time_ms.saturating_mul(1000),
            event: e,
        };
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

const CSV_HEADER: [&str; 17] = [
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
];

pub fn write_csv<W: Write>(events: &[Event], w: W) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for e in events {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = [
            with_offset(&e.time),
            (if e.responder_action { "Responder Action" } else { "Event Time" }).to_string(),
            e.message(),
            e.event_source.clone(),
            e.event_name.clone(),
            e.actor.clone(),
            opt(&e.actor_type),
            opt(&e.actor_arn),
            opt(&e.access_key_id),
            opt(&e.source_ip),
            opt(&e.user_agent),
            opt(&e.region),
            opt(&e.account),
            e.resources.join(";"),
            e.read_only.map(|r| r.to_string()).unwrap_or_default(),
            opt(&e.error_code),
            opt(&e.event_id),
        ];
        out.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))?;
    }
    out.flush()
}

pub fn write_markdown<W: Write>(events: &[Event], mut w: W) -> std::io::Result<()> {
    writeln!(w, "| Time (UTC) | Actor | Event | Source IP | Resources | Error |")?;
    writeln!(w, "|---|---|---|---|---|---|")?;
    for e in events {
        let event = if e.responder_action {
            format!("**responder**: {}", md_escape(&e.event_name))
        } else {
            md_escape(&format!("{} {}", e.event_source, e.event_name))
        };
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} |",
            md_escape(&e.time),
            md_escape(&e.actor),
            event,
            md_escape(e.source_ip.as_deref().unwrap_or("")),
            md_escape(&e.resources.join(", ")),
            md_escape(e.error_code.as_deref().unwrap_or("")),
        )?;
    }
    w.flush()
}

pub fn write<W: Write>(format: Format, events: &[Event], w: W) -> std::io::Result<()> {
    match format {
        Format::Jsonl => write_jsonl(events, w),
        Format::Csv => write_csv(events, w),
        Format::Markdown => write_markdown(events, w),
    }
}
