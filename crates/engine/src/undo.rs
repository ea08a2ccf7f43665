//! `cordon undo`: the inverse of what a case's runs changed, built from the journal's
//! receipts in reverse order, as an ordinary playbook that is planned, checked,
//! executed and journaled like any other.

use cordon_core::action::Undo;
use cordon_core::journal::{Entry, Event, StepStatus};
use cordon_playbook::{Playbook, Step};
use serde::Serialize;

/// The `playbook_path` an undo run is journaled with.
pub const UNDO_PATH: &str = "(undo)";

/// A step that cannot be undone, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Irreversible {
    pub run: u32,
    pub step_id: String,
    pub action: String,
    pub reason: String,
}

/// The inverse of a case's runs since the last undo.
#[derive(Debug, Clone)]
pub struct UndoPlan {
    /// The steps to run, newest change first.
    pub playbook: Playbook,
    /// Each undo step's origin: (run, step id).
    pub origins: Vec<(u32, String)>,
    pub irreversible: Vec<Irreversible>,
}

/// Builds the undo playbook from journal entries. Pure.
pub fn plan_undo(entries: &[Entry]) -> UndoPlan {
    let undo_runs: Vec<u32> = entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::RunStarted { run, playbook_path, .. } if playbook_path == UNDO_PATH => Some(*run),
            _ => None,
        })
        .collect();
    let after = undo_runs.iter().max().copied().unwrap_or(0);
    let mut steps = Vec::new();
    let mut origins = Vec::new();
    let mut irreversible = Vec::new();
    for e in entries.iter().rev() {
        let Event::StepOutcome { run, step_id, action, status: StepStatus::Succeeded, undo: Some(undo), .. } = &e.event
        else {
            continue;
        };
        if *run <= after || undo_runs.contains(run) {
            continue;
        }
        match undo {
            Undo::NothingToUndo => {}
            Undo::Irreversible { reason } => irreversible.push(Irreversible {
                run: *run,
                step_id: step_id.clone(),
                action: action.clone(),
                reason: reason.clone(),
            }),
            Undo::Steps { steps: inverse } => {
                for (i, u) in inverse.iter().enumerate() {
                    let with = u.params.as_object().cloned().unwrap_or_default();
                    steps.push(Step {
                        id: format!("undo_r{run}_{step_id}_{}", i + 1),
                        action: u.action.clone(),
                        description: Some(format!("undo of step {step_id} ({action}) in run {run}")),
                        with,
                        span: None,
                        param_spans: Vec::new(),
                    });
                    origins.push((*run, step_id.clone()));
                }
            }
        }
    }
    let playbook = Playbook {
        file: UNDO_PATH.into(),
        name: "undo".into(),
        description: Some("The inverse of the case's runs, newest change first".into()),
        inputs: Vec::new(),
        steps,
    };
    UndoPlan { playbook, origins, irreversible }
}
