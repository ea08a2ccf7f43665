//! `cordon-timeline`: "what happened, in order", on one UTC clock.
//!
//! Role: turn CloudTrail (local files, the trail's S3 archive, the LookupEvents API),
//! VPC Flow Logs records (network events, `flow`) and the case journal (the responders'
//! own actions) into one time-ordered list of
//! normalized [`Event`]s, and write it as JSON Lines (Timesketch), CSV or Markdown.
//! `digest` checks a trail's log file integrity (signed digest files).
//!
//! Invariants:
//! - independent of the playbook and engine crates;
//! - never panics on input: every unusable file or record is reported as a
//!   [`parse::Problem`] naming the file, counted in the [`merge::Summary`], and the rest
//!   of the timeline is still produced; inflated sizes are capped ([`parse::Limits`]);
//! - times are UTC RFC 3339 with milliseconds; events are ordered by time, then event
//!   id, and an event id appears once;
//! - memory grows with the events kept after filtering, not with the bytes read (files
//!   are parsed one per task and dropped); the bytes and inflated text the parallel
//!   readers hold at once stay within [`parse::Limits::max_memory`] ([`budget`]), and an
//!   object is read chunk by chunk against its listed size, never past it.

pub mod athena;
pub mod budget;
pub mod detect;
#[cfg(feature = "aws")]
pub mod digest;
pub mod digest_file;
pub mod event;
mod filtered;
mod findings;
mod flow;
pub mod layout;
pub mod lines;
#[cfg(feature = "aws")]
pub mod lookup;
pub mod merge;
pub mod output;
pub mod parse;
pub mod record;
#[cfg(feature = "aws")]
pub mod s3_archive;

pub use event::{Event as TimelineEvent, Filter};
pub use merge::{Collected, Summary};

use cordon_core::journal::{self, Event, StepStatus};
use serde::Serialize;

/// One row of the report's timeline: a responder action from the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// UTC, RFC 3339, milliseconds.
    pub time: String,
    /// `responder` (Cordon's journal) or the source it came from.
    pub source: String,
    /// Who acted.
    pub actor: String,
    /// What happened, one line.
    pub event: String,
    /// Resources touched.
    pub resources: Vec<String>,
    /// Whether it was a responder action (as opposed to observed activity).
    pub responder_action: bool,
    /// The account and Region it was recorded in (CloudTrail rows).
    pub account: Option<String>,
    pub region: Option<String>,
}

/// The responders' actions recorded in a case journal.
pub fn from_journal(entries: &[journal::Entry]) -> Vec<Entry> {
    let mut actor = String::from("unknown");
    let mut out = Vec::new();
    for e in entries {
        let (event, resources) = match &e.event {
            Event::CaseOpened { case_id, caller, operator, .. } => {
                actor = match operator {
                    Some(op) => format!("{op} ({})", caller.arn),
                    None => caller.arn.clone(),
                };
                (format!("case {case_id} opened in account {}", caller.account), vec![])
            }
            Event::RunStarted { run, playbook_name, .. } => {
                (format!("run {run}: playbook {playbook_name} started"), vec![])
            }
            Event::StepOutcome { step_id, action, status, calls, error, .. } => {
                let mut resources: Vec<String> = calls.iter().filter_map(|c| c.resource.clone()).collect();
                resources.sort();
                resources.dedup();
                let what = match (status, error) {
                    (StepStatus::Succeeded, _) => format!("step {step_id} ({action}) succeeded"),
                    (StepStatus::Failed, Some(err)) => format!("step {step_id} ({action}) failed: {err}"),
                    (StepStatus::Failed, None) => format!("step {step_id} ({action}) failed"),
                };
                (what, resources)
            }
            Event::RunFinished { run, status, .. } => {
                (format!("run {run} finished: {status:?}").to_lowercase(), vec![])
            }
            Event::RunResumed { run, completed_steps } => (
                format!("run {run} resumed after an interruption ({} steps already done)", completed_steps.len()),
                vec![],
            ),
            Event::StepSkipped { step_id, reason, .. } => (format!("step {step_id} skipped: {reason}"), vec![]),
            Event::ApprovalRequired { step_id, .. } => {
                (format!("step {step_id} awaits approval; the run paused"), vec![])
            }
            Event::ApprovalGranted { step_id, approved_by, .. } => {
                (format!("step {step_id} approved by {approved_by}"), vec![])
            }
            Event::ArtifactExported { export, .. } => (
                format!(
                    "evidence {} exported to {} (version {})",
                    export.path,
                    export.destination,
                    export.version_id.as_deref().unwrap_or("-")
                ),
                vec![export.destination.clone()],
            ),
            Event::Custody { what, operator, user, ok, .. } => (
                format!(
                    "case {what} by {} ({user}){}",
                    operator.as_deref().unwrap_or("unnamed operator"),
                    if *ok { "" } else { ": FAILED" }
                ),
                vec![],
            ),
            Event::StepIntent { .. } | Event::ArtifactStored { .. } | Event::StepCheckpoint { .. } => continue,
        };
        out.push(Entry {
            time: e.time.clone(),
            source: "responder".into(),
            actor: actor.clone(),
            event,
            resources,
            responder_action: true,
            account: None,
            region: None,
        });
    }
    out.sort_by(|a, b| a.time.cmp(&b.time));
    out
}

/// The journal's responder actions as timeline events (subject to the window only).
pub fn journal_events(entries: &[journal::Entry], filter: &Filter) -> Vec<event::Event<'static>> {
    from_journal(entries)
        .into_iter()
        .filter_map(|e| {
            let ts: jiff::Timestamp = e.time.parse().ok()?;
            let ev = event::Event {
                time: e.time.into(),
                time_ms: cordon_core::clock::unix_millis(ts),
                event_source: "cordon".into(),
                event_name: e.event.into(),
                actor: e.actor.into(),
                actor_type: Some("Responder".into()),
                user_agent: Some(format!("cordon/{}", env!("CARGO_PKG_VERSION")).into()),
                resources: e.resources.into_iter().map(Into::into).collect(),
                responder_action: true,
                origin: "journal".into(),
                ..Default::default()
            };
            filter.matches(&ev).then_some(ev)
        })
        .collect()
}

/// The file `cordon timeline build --case DIR` writes in the case directory.
pub const CASE_TIMELINE: &str = "timeline.jsonl";

#[derive(serde::Deserialize)]
struct CaseLine {
    time: String,
    event_source: String,
    event_name: String,
    actor: String,
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    responder_action: bool,
    source_ip: Option<String>,
    user_agent: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    error_code: Option<String>,
    account: Option<String>,
    region: Option<String>,
}

/// The observed (CloudTrail) activity of a case's `timeline.jsonl` as report rows;
/// responder actions are left to the journal, which is their authority. A line that
/// cannot be read is returned as a problem (`line N: ...`), never fatal.
pub fn case_activity(text: &str) -> (Vec<Entry>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match serde_json::from_str::<CaseLine>(line) {
            Ok(l) if l.responder_action => {}
            Ok(l) => {
                let mut event = format!("{} {}", l.event_source, l.event_name);
                if let Some(ip) = &l.source_ip {
                    event.push_str(&format!(" from {ip}"));
                }
                if let Some(ua) = &l.user_agent {
                    event.push_str(&format!(" ({ua})"));
                }
                if !l.tags.is_empty() {
                    event.push_str(&format!(" tags {}", l.tags.join(", ")));
                }
                if let Some(code) = &l.error_code {
                    event.push_str(&format!(" (failed: {code})"));
                }
                rows.push(Entry {
                    time: l.time,
                    source: "cloudtrail".into(),
                    actor: l.actor,
                    event,
                    resources: l.resources,
                    responder_action: false,
                    account: l.account,
                    region: l.region,
                });
            }
            Err(e) => problems.push(format!("line {}: {e}", n + 1)),
        }
    }
    (rows, problems)
}
