//! Executing a playbook, step by step, journaled.

use cordon_core::action::{DynAction, StepContext};
use cordon_core::artifact::ArtifactSink;
use cordon_core::clock::Clock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{CallerIdentity, Event, JournalError, JournalSink, StepStatus};
use cordon_core::{ActionError, ErrorKind};
use cordon_playbook::Playbook;
use cordon_playbook::plan::context;
use cordon_playbook::render::render_step;

use crate::resume::Resume;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Where a run records itself, and as whom.
pub struct RunContext<'a> {
    pub journal: &'a dyn JournalSink,
    pub artifacts: &'a dyn ArtifactSink,
    pub clock: &'a dyn Clock,
    pub case_id: &'a CaseId,
    /// The `case` object templates see (`id`, `dir`, `account`, `region`).
    pub case: Value,
    /// Who acts (from STS), recorded before the first step.
    pub caller: CallerIdentity,
    /// The run's number within the case.
    pub run: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    pub id: String,
    pub action: String,
    pub status: StepStatus,
    pub error: Option<ActionError>,
    pub receipt: Option<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub run: u32,
    pub status: StepStatus,
    pub steps: Vec<StepSummary>,
    /// Steps not run because an earlier one failed.
    pub skipped: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Nothing may happen unrecorded: a journal failure stops the run.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// Runs `playbook` with resolved `inputs`. A failing step stops the run (the steps
/// after it are listed as skipped); the failure is journaled and summarized, not
/// returned as an error. Only a journal failure is an `Err`.
pub async fn run<E: ?Sized + Sync>(
    registry: &[&dyn DynAction<E>],
    env: &E,
    playbook: &Playbook,
    playbook_sha256: &str,
    inputs: &Map<String, Value>,
    rc: &RunContext<'_>,
    resume: Option<&Resume>,
) -> Result<RunSummary, EngineError> {
    match resume {
        None => rc.journal.append(Event::RunStarted {
            run: rc.run,
            playbook_path: playbook.file.clone(),
            playbook_name: playbook.name.clone(),
            playbook_sha256: playbook_sha256.to_string(),
            inputs: Value::Object(inputs.clone()),
            caller: rc.caller.clone(),
        })?,
        Some(r) => rc.journal.append(Event::RunResumed {
            run: rc.run,
            completed_steps: r.completed.iter().map(|(id, _)| id.clone()).collect(),
        })?,
    };
    let mut outputs = Map::new();
    let mut steps = Vec::new();
    let mut skipped = Vec::new();
    for step in &playbook.steps {
        // Completed before the interruption: not repeated, its outputs restored.
        if let Some(receipt) = resume.and_then(|r| r.receipt(&step.id)) {
            outputs.insert(step.id.clone(), json!({ "outputs": receipt }));
            steps.push(StepSummary {
                id: step.id.clone(),
                action: step.action.clone(),
                status: StepStatus::Succeeded,
                error: None,
                receipt: Some(receipt.clone()),
            });
            continue;
        }
        if steps.iter().any(|s: &StepSummary| s.status == StepStatus::Failed) {
            skipped.push(step.id.clone());
            continue;
        }
        let fail = |error: ActionError| StepSummary {
            id: step.id.clone(),
            action: step.action.clone(),
            status: StepStatus::Failed,
            error: Some(error),
            receipt: None,
        };
        let Some(action) = crate::find(registry, &step.action) else {
            let e = ActionError::invalid(format!("unknown action `{}`", step.action)).on(&step.id);
            journal_outcome(rc, &step.id, &step.action, Err(&e), vec![], None)?;
            steps.push(fail(e));
            continue;
        };
        let params = match render_step(&playbook.file, step, &context(inputs, &rc.case, &outputs)) {
            Ok(p) => p,
            Err(d) => {
                let e = ActionError::new(ErrorKind::Invalid, d.to_string()).on(&step.id);
                journal_outcome(rc, &step.id, &step.action, Err(&e), vec![], None)?;
                steps.push(fail(e));
                continue;
            }
        };
        let changes = action.plan_value(&params).map(|p| p.changes).unwrap_or_default();
        rc.journal.append(Event::StepIntent {
            run: rc.run,
            step_id: step.id.clone(),
            action: step.action.clone(),
            params: params.clone(),
            mutates: action.doc().mutates,
            changes,
        })?;
        let prior = resume.and_then(|r| r.checkpoints.get(&step.id)).cloned().unwrap_or_default();
        let sctx = StepContext::new(rc.case_id, &step.id, &step.action, rc.clock, rc.artifacts)
            .with_journal(rc.journal, rc.run, prior);
        let result = action.execute_value(env, &sctx, &params).await;
        let calls = sctx.take_calls();
        match result {
            Ok(receipt) => {
                let undo = action.undo_value(&params, &receipt).ok();
                let changes = action.changes_value(&receipt).unwrap_or_default();
                journal_outcome(rc, &step.id, &step.action, Ok((&receipt, changes)), calls, undo)?;
                outputs.insert(step.id.clone(), json!({ "outputs": receipt }));
                steps.push(StepSummary {
                    id: step.id.clone(),
                    action: step.action.clone(),
                    status: StepStatus::Succeeded,
                    error: None,
                    receipt: Some(receipt),
                });
            }
            Err(e) => {
                journal_outcome(rc, &step.id, &step.action, Err(&e), calls, None)?;
                steps.push(fail(e));
            }
        }
    }
    let failed: Vec<String> = steps.iter().filter(|s| s.status == StepStatus::Failed).map(|s| s.id.clone()).collect();
    let status = if failed.is_empty() { StepStatus::Succeeded } else { StepStatus::Failed };
    rc.journal.append(Event::RunFinished { run: rc.run, status: status.clone(), failed_steps: failed })?;
    Ok(RunSummary { run: rc.run, status, steps, skipped })
}

fn journal_outcome(
    rc: &RunContext<'_>,
    step_id: &str,
    action: &str,
    result: Result<(&Value, Vec<cordon_core::action::Change>), &ActionError>,
    calls: Vec<cordon_core::action::AwsCall>,
    undo: Option<cordon_core::action::Undo>,
) -> Result<(), JournalError> {
    let (status, receipt, changes, error) = match result {
        Ok((r, changes)) => (StepStatus::Succeeded, Some(r.clone()), changes, None),
        Err(e) => (StepStatus::Failed, None, Vec::new(), Some(e.clone())),
    };
    rc.journal
        .append(Event::StepOutcome {
            run: rc.run,
            step_id: step_id.to_string(),
            action: action.to_string(),
            status,
            receipt,
            changes,
            calls,
            error,
            undo,
        })
        .map(|_| ())
}
