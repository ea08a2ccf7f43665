//! `cordon-report`: the post-incident report, rendered from the case directory only.
//!
//! Invariants: reads the case directory and nothing else (no AWS); the render time
//! is passed in (no wall-clock reads); every value that came from AWS or a playbook is
//! escaped for the output format (Markdown table cells cannot be broken); undefined
//! template variables are errors.

pub mod chart;
pub mod queries;
pub mod summary;

use std::path::Path;

use cordon_case::{Manifest, verify};
use cordon_core::journal::{Event, StepStatus};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use serde_json::{Value, json};

/// The case's CloudTrail timeline (written by `cordon timeline build --case`).
pub const TIMELINE_FILE: &str = cordon_timeline::CASE_TIMELINE;

/// The shipped Markdown template.
pub const MARKDOWN_TEMPLATE: &str = include_str!("../../../templates/report.md.j2");
/// The shipped HTML template (one self-contained page).
pub const HTML_TEMPLATE: &str = include_str!("../../../templates/report.html.j2");

/// The formats a report is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
}

impl Format {
    /// The template file name (in `templates/` or an organization's `--template DIR`).
    pub fn template_name(self) -> Option<&'static str> {
        match self {
            Self::Markdown => Some("report.md.j2"),
            Self::Html => Some("report.html.j2"),
            Self::Json => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Json => "json",
        }
    }
}

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
    let checked = cordon_case::CaseJournal::read(case_dir)
        .map_err(|e| ReportError::Read {
            path: case_dir.join("journal.jsonl").display().to_string(),
            message: e.to_string(),
        })?
        .checked;
    let manifest: Manifest = serde_json::from_str(&read("manifest.json")?).map_err(|e| ReportError::Read {
        path: case_dir.join("manifest.json").display().to_string(),
        message: e.to_string(),
    })?;
    let mut verification = verify(case_dir);
    // The report names the case, not where it sits on the renderer's disk.
    verification.case_dir = case_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();

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
            Event::StepSkipped { run, step_id, reason, action } => steps.push(StepRow {
                run: *run,
                id: step_id.clone(),
                action: action.clone().unwrap_or_default(),
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
            | Event::Custody { .. }
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
    // Detections, when `cordon hunt --case` (or `timeline build --rules --case`) has run.
    let (detections, detections_problems) = detections(case_dir);
    // Queries run in place, when `timeline build --engine athena|lake --case` has run.
    let (queries, queries_problems) = queries::of_case(case_dir);
    let mut incident_problems = Vec::new();
    let incident = match std::fs::read_to_string(case_dir.join(summary::INCIDENT_FILE)) {
        Ok(t) => serde_json::from_str::<summary::IncidentFile>(&t).unwrap_or_else(|e| {
            incident_problems.push(format!("{}: {e}", summary::INCIDENT_FILE));
            summary::IncidentFile::default()
        }),
        Err(_) => summary::IncidentFile::default(),
    };
    for (name, t) in [
        ("first_malicious_at", &incident.first_malicious_at),
        ("detected_at", &incident.detected_at),
        ("contained_at", &incident.contained_at),
        ("recovered_at", &incident.recovered_at),
    ] {
        if let Some(t) = t.as_deref().filter(|t| t.parse::<jiff::Timestamp>().is_err()) {
            incident_problems
                .push(format!("{}: {name} {t:?} is not an RFC 3339 time; shown as unknown", summary::INCIDENT_FILE));
        }
    }
    let step_changes: Vec<(String, Vec<String>)> = steps.iter().map(|s| (s.id.clone(), s.changes.clone())).collect();
    Ok(json!({
        "summary": summary::summary(&checked.entries, &runs, &timeline, &incident, UNDO_PATH),
        "case": case,
        "runs": runs,
        "steps": steps,
        "artifacts": manifest.artifacts,
        "exports": manifest.exports,
        "custody": summary::custody(&checked.entries),
        "affected": summary::affected(&step_changes, &timeline),
        "chart": chart::chart(&timeline),
        "timeline": timeline,
        "timeline_problems": timeline_problems,
        "detections": detections,
        "detections_problems": detections_problems,
        "queries": queries,
        "queries_problems": queries_problems,
        "incident_problems": incident_problems,
        "verification": verification,
        "journal_head": checked.head,
        "journal_entries": checked.entries.len(),
        "journal_problems": checked.problems.iter().map(|p| format!("line {}: {}", p.line, p.message)).collect::<Vec<_>>(),
        "rendered_at": rendered_at,
        "tool_version": env!("CARGO_PKG_VERSION"),
    }))
}

/// The case's hunt summary (`hunt.json`), or why it could not be read.
fn detections(case_dir: &Path) -> (Option<cordon_timeline::detect::hunt::HuntSummary>, Vec<String>) {
    let name = cordon_timeline::detect::CASE_HUNT;
    match std::fs::read_to_string(case_dir.join(name)) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(h) => (Some(h), vec![]),
            Err(e) => (None, vec![format!("{name}: {e}")]),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, vec![]),
        Err(e) => (None, vec![format!("{name}: {e}")]),
    }
}

/// The journal path undo runs record (kept equal to the engine's; this crate does not
/// depend on the engine).
const UNDO_PATH: &str = "(undo)";

pub use cordon_core::text::md_escape;

/// Renders the Markdown report of a case with `template` (the shipped one by default).
pub fn render_markdown(case_dir: &Path, rendered_at: &str, template: Option<&str>) -> Result<String, ReportError> {
    render(case_dir, Format::Markdown, rendered_at, template.map(|t| ("report.md.j2", t)))
}

/// Renders a case's report. `template` is `(name, source)` of an organization's own
/// template; `None` uses the shipped one. JSON is the model itself, for programs.
pub fn render(
    case_dir: &Path,
    format: Format,
    rendered_at: &str,
    template: Option<(&str, &str)>,
) -> Result<String, ReportError> {
    let mut model = model(case_dir, rendered_at)?;
    let Some(default_name) = format.template_name() else {
        return serde_json::to_string_pretty(&model)
            .map(|s| s + "\n")
            .map_err(|e| ReportError::Template { name: "json".into(), message: e.to_string() });
    };
    let (name, source) =
        template.unwrap_or((default_name, if format == Format::Html { HTML_TEMPLATE } else { MARKDOWN_TEMPLATE }));
    model["template"] = json!(name);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(50_000_000));
    // Everything from CloudTrail, tags and resource names is attacker-controlled: HTML
    // templates escape every value unless a template says otherwise.
    env.set_auto_escape_callback(|name| {
        if name.contains(".htm") { minijinja::AutoEscape::Html } else { minijinja::AutoEscape::None }
    });
    env.add_filter("md", |v: minijinja::Value| md_escape(&v.to_string()));
    // A code span, safe for any value (CommonMark honours no escape inside one).
    env.add_filter("code", |v: minijinja::Value| cordon_core::text::md_code(&v.to_string()));
    let err = |e: minijinja::Error| ReportError::Template { name: name.to_string(), message: format!("{e:#}") };
    let tmpl = env.template_from_named_str(name, source).map_err(err)?;
    tmpl.render(minijinja::Value::from(minijinja::value::Serde(&model))).map_err(err)
}
