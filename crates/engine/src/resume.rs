//! `cordon resume`: what an interrupted run had finished, read from the journal.

use std::collections::HashMap;

use cordon_core::journal::{Entry, Event, StepStatus};
use serde_json::{Map, Value};

/// The state of an interrupted run.
#[derive(Debug, Clone, Default)]
pub struct Resume {
    pub run: u32,
    pub playbook_path: String,
    pub playbook_sha256: String,
    pub inputs: Map<String, Value>,
    /// Steps that succeeded, with their receipts (their outputs feed later steps).
    pub completed: Vec<(String, Value)>,
    /// Checkpoints written by steps that did not complete, by step id.
    pub checkpoints: HashMap<String, Vec<Value>>,
}

impl Resume {
    pub fn receipt(&self, step_id: &str) -> Option<&Value> {
        self.completed.iter().find(|(id, _)| id == step_id).map(|(_, r)| r)
    }
}

/// Why there is nothing to resume.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotResumable {
    #[error("the case has no run")]
    NoRun,
    #[error("run {0} finished ({1}): nothing to resume")]
    Finished(u32, String),
}

/// Finds the last run and, if it did not finish, what it completed. Pure.
pub fn resume_state(entries: &[Entry]) -> Result<Resume, NotResumable> {
    let (start, mut resume) = entries
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, e)| match &e.event {
            Event::RunStarted { run, playbook_path, playbook_sha256, inputs, .. } => Some((
                i,
                Resume {
                    run: *run,
                    playbook_path: playbook_path.clone(),
                    playbook_sha256: playbook_sha256.clone(),
                    inputs: inputs.as_object().cloned().unwrap_or_default(),
                    ..Resume::default()
                },
            )),
            _ => None,
        })
        .ok_or(NotResumable::NoRun)?;
    for e in &entries[start..] {
        match &e.event {
            Event::RunFinished { run, status, .. } if *run == resume.run => {
                return Err(NotResumable::Finished(*run, format!("{status:?}").to_lowercase()));
            }
            Event::StepOutcome { run, step_id, status: StepStatus::Succeeded, receipt, .. } if *run == resume.run => {
                resume.completed.push((step_id.clone(), receipt.clone().unwrap_or(Value::Null)));
                resume.checkpoints.remove(step_id);
            }
            Event::StepCheckpoint { run, step_id, data } if *run == resume.run => {
                resume.checkpoints.entry(step_id.clone()).or_default().push(data.clone());
            }
            _ => {}
        }
    }
    Ok(resume)
}
