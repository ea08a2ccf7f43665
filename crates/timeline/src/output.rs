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

/// One Timesketch line: its three required fields, then the normalized event's fields
/// (written out rather than `#[serde(flatten)]`, which goes through a slow generic map).
#[derive(Serialize)]
struct TimesketchLine<'a> {
    message: String,
    /// ISO 8601 with an explicit UTC offset.
    datetime: String,
    timestamp_desc: &'static str,
    /// Microseconds since the epoch (Timesketch's own unit).
    timestamp: i64,
    time: &'a str,
    event_source: &'a str,
    event_name: &'a str,
    event_id: &'a Option<String>,
    actor: &'a str,
    actor_type: &'a Option<String>,
    actor_arn: &'a Option<String>,
    actor_account: &'a Option<String>,
    cross_account: bool,
    session_name: &'a Option<String>,
    access_key_id: &'a Option<String>,
    source_ip: &'a Option<String>,
    user_agent: &'a Option<String>,
    region: &'a Option<String>,
    account: &'a Option<String>,
    resources: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    read_only: Option<bool>,
    error_code: &'a Option<String>,
    error_message: &'a Option<String>,
    responder_action: bool,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: &'a Option<Box<serde_json::value::RawValue>>,
}

impl<'a> TimesketchLine<'a> {
    fn new(e: &'a Event) -> Self {
        Self {
            message: e.message(),
            datetime: with_offset(&e.time),
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

/// Events serialized per chunk on the thread pool, written in order.
const CHUNK: usize = 4096;

fn jsonl_chunk(events: &[Event]) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(events.len() * 512);
    for e in events {
        serde_json::to_writer(&mut buf, &TimesketchLine::new(e))?;
        buf.push(b'\n');
    }
    Ok(buf)
}

/// Serializes chunks in parallel, a bounded window at a time (memory stays a few
/// chunks per thread), and writes them in order.
fn write_parallel<W: Write>(
    events: &[Event],
    mut w: W,
    chunk: impl Fn(&[Event]) -> std::io::Result<Vec<u8>> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let window = CHUNK * 4 * rayon::current_num_threads().max(1);
    for part in events.chunks(window) {
        let bufs: Vec<std::io::Result<Vec<u8>>> = part.par_chunks(CHUNK).map(&chunk).collect();
        for b in bufs {
            w.write_all(&b?)?;
        }
    }
    w.flush()
}

pub fn write_jsonl<W: Write>(events: &[Event], w: W) -> std::io::Result<()> {
    write_parallel(events, w, jsonl_chunk)
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

fn csv_chunk(events: &[Event]) -> std::io::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::with_capacity(events.len() * 256));
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
    out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

pub fn write_csv<W: Write>(events: &[Event], mut w: W) -> std::io::Result<()> {
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(CSV_HEADER)?;
    w.write_all(&header.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?)?;
    write_parallel(events, w, csv_chunk)
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
