//! `cordon-report`: the post-incident report, rendered from the case directory only.
//!
//! Invariants: reads the case directory and nothing else (no AWS); the render time
//! is passed in (no wall-clock reads); every value that came from AWS or a playbook is
//! escaped for the output format (Markdown table cells cannot be broken); undefined
//! template variables are errors.

use std::path::Path;

use cordon_core::journal::{self, Event, StepStatus};
use cordon_evidence::{Manifest, verify};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use serde_json::{Value, json};

/// The case's CloudTrail timeline (written by `cordon timeline build --case`).
pub const TIMELINE_FILE: &str = cordon_timeline::CASE_TIMELINE;

/// The shipped Markdown template.
pub const MARKDOWN_TEMPLATE: &str = include_str!("../../../templates/report.md.j2");

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
}

#[derive(Debug, Serialize)]
struct StepRow {
    run: u32,
    id: String,
    action: String,
    status: String,
    started: String,
    finished: String,
    mutates: bool,
    changes: Vec<String>,
    error: Option<String>,
    request_ids: Vec<String>,
    warnings: Vec<String>,
    undo: String,
}

/// Everything the template sees, built from the case directory.
pub fn model(case_dir: &Path, rendered_at: &str) -> Result<Value, ReportError> {
    let read = |name: &str| {
        std::fs::read_to_string(case_dir.join(name))
            .map_err(|e| ReportError::Read { path: case_dir.join(name).display().to_string(), message: e.to_string() })
    };
    let checked = journal::check(&read("journal.jsonl")?);
    let manifest: Manifest = serde_json::from_str(&read("manifest.json")?).map_err(|e| ReportError::Read {
        path: case_dir.join("manifest.json").display().to_string(),
        message: e.to_string(),
    })?;
    let verification = verify(case_dir);

    let mut case = json!({});
    let mut runs = Vec::new();
    let mut steps: Vec<StepRow> = Vec::new();
    for e in &checked.entries {
        match &e.event {
            Event::CaseOpened { case_id, operator, caller, region, endpoint, tool_version, .. } => {
                case = json!({"id": case_id, "operator": operator, "caller": caller, "region": region,
                              "endpoint": endpoint, "opened_at": e.time, "tool_version": tool_version});
            }
            Event::RunStarted { run, playbook_name, playbook_path, playbook_sha256, playbook_meta, inputs, caller } => {
                runs.push(json!({
                    "run": run, "playbook": playbook_name, "path": playbook_path, "sha256": playbook_sha256, "meta": playbook_meta,
                    "inputs": inputs, "caller": caller, "started": e.time, "finished": null, "status": "interrupted"
                }))
            }
            Event::RunFinished { run, status, .. } => {
                if let Some(r) = runs.iter_mut().rev().find(|r| r["run"] == json!(run)) {
                    r["finished"] = json!(e.time);
                    r["status"] = json!(status);
                }
            }
            Event::StepIntent { run, step_id, action, mutates, changes, .. } => steps.push(StepRow {
                run: *run,
                id: step_id.clone(),
                action: action.clone(),
                status: "interrupted".into(),
                started: e.time.clone(),
                finished: String::new(),
                mutates: *mutates,
                changes: changes.iter().map(|c| format!("{}: {}", c.resource, c.description)).collect(),
                error: None,
                request_ids: vec![],
                warnings: vec![],
                undo: String::new(),
            }),
            Event::StepOutcome { run, step_id, status, receipt, changes, calls, error, undo, action } => {
                let row = match steps.iter_mut().rev().find(|s| s.run == *run && &s.id == step_id) {
                    Some(row) => row,
                    None => {
                        steps.push(StepRow {
                            run: *run,
                            id: step_id.clone(),
                            action: action.clone(),
                            status: String::new(),
                            started: e.time.clone(),
                            finished: String::new(),
                            mutates: false,
                            changes: vec![],
                            error: None,
                            request_ids: vec![],
                            warnings: vec![],
                            undo: String::new(),
                        });
                        steps.last_mut().expect("just pushed")
                    }
                };
                row.status = match status {
                    StepStatus::Succeeded => "succeeded",
                    StepStatus::Failed => "failed",
                }
                .into();
                row.finished = e.time.clone();
                if *status == StepStatus::Succeeded {
                    // What happened replaces what was planned.
                    row.changes = changes.iter().map(|c| format!("{}: {}", c.resource, c.description)).collect();
                }
                row.error = error.as_ref().map(|e| e.to_string());
                row.request_ids = calls.iter().filter_map(|c| c.request_id.clone()).collect();
                row.warnings = receipt
                    .as_ref()
                    .and_then(|r| r.get("warnings"))
                    .and_then(Value::as_array)
                    .map(|w| w.iter().filter_map(Value::as_str).map(str::to_string).collect())
                    .unwrap_or_default();
                row.undo = match undo {
                    Some(cordon_core::action::Undo::NothingToUndo) => "nothing to undo".into(),
                    Some(cordon_core::action::Undo::Steps { steps }) => format!(
                        "reversible ({})",
                        steps.iter().map(|s| s.action.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    Some(cordon_core::action::Undo::Irreversible { reason }) => format!("irreversible: {reason}"),
                    None => "-".into(),
                };
            }
            Event::RunResumed { run, .. } => {
                if let Some(r) = runs.iter_mut().rev().find(|r| r["run"] == json!(run)) {
                    r["resumed"] = json!(e.time);
                }
            }
            Event::StepSkipped { run, step_id, reason } => steps.push(StepRow {
                run: *run,
                id: step_id.clone(),
                action: String::new(),
                status: format!("skipped: {reason}"),
                started: e.time.clone(),
                finished: e.time.clone(),
                mutates: false,
                changes: vec![],
                error: None,
                request_ids: vec![],
                warnings: vec![],
                undo: "-".into(),
            }),
            Event::ArtifactStored { .. }
            | Event::ArtifactExported { .. }
            | Event::StepCheckpoint { .. }
            | Event::ApprovalRequired { .. }
            | Event::ApprovalGranted { .. } => {}
        }
    }
    let mut timeline = cordon_timeline::from_journal(&checked.entries);
    // CloudTrail activity, when `cordon timeline build --case` has written it.
    let mut timeline_problems = Vec::new();
    let activity_path = case_dir.join(TIMELINE_FILE);
    match std::fs::read_to_string(&activity_path) {
        Ok(text) => {
            let (rows, problems) = cordon_timeline::case_activity(&text);
            timeline.extend(rows);
            timeline_problems.extend(problems.into_iter().map(|p| format!("{TIMELINE_FILE} {p}")));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => timeline_problems.push(format!("{TIMELINE_FILE}: {e}")),
    }
    timeline.sort_by(|a, b| a.time.cmp(&b.time));
    Ok(json!({
        "case": case,
        "runs": runs,
        "steps": steps,
        "artifacts": manifest.artifacts,
        "exports": manifest.exports,
        "timeline": timeline,
        "timeline_problems": timeline_problems,
        "verification": verification,
        "journal_head": checked.head,
        "journal_entries": checked.entries.len(),
        "rendered_at": rendered_at,
        "tool_version": env!("CARGO_PKG_VERSION"),
    }))
}

pub use cordon_core::text::md_escape;

/// Renders the Markdown report of a case with `template` (the shipped one by default).
pub fn render_markdown(case_dir: &Path, rendered_at: &str, template: Option<&str>) -> Result<String, ReportError> {
    let model = model(case_dir, rendered_at)?;
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(5_000_000));
    env.add_filter("md", |v: minijinja::Value| md_escape(&v.to_string()));
    let source = template.unwrap_or(MARKDOWN_TEMPLATE);
    let err = |e: minijinja::Error| ReportError::Template { name: "report.md.j2".into(), message: format!("{e:#}") };
    let tmpl = env.template_from_named_str("report.md.j2", source).map_err(err)?;
    tmpl.render(minijinja::Value::from(minijinja::value::Serde(&model))).map_err(err)
}
