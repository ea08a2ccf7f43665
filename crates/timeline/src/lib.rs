//! `cordon-timeline`: "what happened, in order", on one UTC clock.
//!
//! Role: turn sources into time-ordered [`Entry`]s. Today the source is the case
//! journal (the responders' own actions); CloudTrail sources join it later.
//!
//! Invariants: independent of the playbook and engine crates; never panics on input;
//! times are UTC RFC 3339 with milliseconds; entries are sorted stably by time.

use cordon_core::journal::{self, Event, StepStatus};
use serde::Serialize;

/// One row of a timeline.
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
            Event::StepIntent { .. } | Event::ArtifactStored { .. } | Event::StepCheckpoint { .. } => continue,
        };
        out.push(Entry {
            time: e.time.clone(),
            source: "responder".into(),
            actor: actor.clone(),
            event,
            resources,
            responder_action: true,
        });
    }
    out.sort_by(|a, b| a.time.cmp(&b.time));
    out
}
