//! Executing a playbook, step by step, journaled.

use cordon_core::action::{AwsCall, Change, DynAction, StepContext, Undo};
use cordon_core::artifact::ArtifactSink;
use cordon_core::clock::Clock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{CallerIdentity, Event, JournalError, JournalSink, StepStatus};
use cordon_core::{ActionError, ErrorKind};
use cordon_playbook::plan::context;
use cordon_playbook::render::{eval_condition, render_step};
use cordon_playbook::{OnError, Playbook, Step};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::resume::Resume;

/// Asks whether a step that needs approval may run. Implemented at the edge (a terminal
/// prompt, `--yes`); the engine itself does no I/O.
pub trait Approver: Sync {
    /// `Some(who)` when approved, `None` when approval cannot be given here.
    fn approve(&self, step_id: &str, action: &str, changes: &[Change]) -> Option<String>;
}

/// Approves nothing: runs stop at every gate.
pub struct NoApprover;

impl Approver for NoApprover {
    fn approve(&self, _: &str, _: &str, _: &[Change]) -> Option<String> {
        None
    }
}

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
    pub approver: &'a dyn Approver,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    pub id: String,
    pub action: String,
    pub status: StepStatus,
    pub error: Option<ActionError>,
    pub receipt: Option<Value>,
}

/// A step that did not run, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub run: u32,
    pub status: StepStatus,
    pub steps: Vec<StepSummary>,
    pub skipped: Vec<Skipped>,
    /// Set when the run paused at an approval gate (resume it with approval).
    pub awaiting_approval: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Nothing may happen unrecorded: a journal failure stops the run.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// Runs `playbook` with resolved `inputs` (or continues an interrupted run, `resume`).
/// A failing step stops the run unless it says `on_error: continue`; failures are
/// journaled and summarized, not returned as errors. Only a journal failure is an `Err`.
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
            playbook_meta: serde_json::to_value(&playbook.meta).unwrap_or_default(),
            inputs: Value::Object(inputs.clone()),
            caller: rc.caller.clone(),
        })?,
        Some(r) => rc.journal.append(Event::RunResumed {
            run: rc.run,
            completed_steps: r.completed.iter().map(|(id, _)| id.clone()).collect(),
        })?,
    };
    let mut outputs = Map::new();
    let mut summary = RunSummary {
        run: rc.run,
        status: StepStatus::Succeeded,
        steps: Vec::new(),
        skipped: Vec::new(),
        awaiting_approval: None,
    };
    let mut stopped = false;
    for step in &playbook.steps {
        if stopped {
            skip(rc, &mut summary, step, "an earlier step failed")?;
            continue;
        }
        // Completed before an interruption: not repeated, its outputs restored.
        if let Some(receipt) = resume.and_then(|r| r.receipt(&step.id)) {
            outputs.insert(step.id.clone(), json!({ "outputs": receipt }));
            summary.steps.push(succeeded(step, receipt.clone()));
            continue;
        }
        let ctx = context(inputs, &rc.case, &outputs);
        let prior = resume.and_then(|r| r.checkpoints.get(&step.id)).cloned().unwrap_or_default();
        match run_step(registry, env, rc, step, &ctx, prior).await? {
            Ran::Succeeded(receipt) => {
                outputs.insert(step.id.clone(), json!({ "outputs": receipt }));
                summary.steps.push(succeeded(step, receipt));
            }
            Ran::Failed(error) => {
                summary.steps.push(StepSummary {
                    id: step.id.clone(),
                    action: step.action.clone(),
                    status: StepStatus::Failed,
                    error: Some(error),
                    receipt: None,
                });
                stopped = step.on_error == OnError::Stop;
            }
            Ran::Skipped(reason) => skip(rc, &mut summary, step, &reason)?,
            Ran::AwaitingApproval => {
                // Paused, not finished: `cordon resume` continues from this gate.
                summary.awaiting_approval = Some(step.id.clone());
                summary.status = StepStatus::Failed;
                return Ok(summary);
            }
        }
    }
    let failed: Vec<String> =
        summary.steps.iter().filter(|s| s.status == StepStatus::Failed).map(|s| s.id.clone()).collect();
    summary.status = if failed.is_empty() { StepStatus::Succeeded } else { StepStatus::Failed };
    rc.journal.append(Event::RunFinished { run: rc.run, status: summary.status.clone(), failed_steps: failed })?;
    Ok(summary)
}

fn succeeded(step: &Step, receipt: Value) -> StepSummary {
    StepSummary {
        id: step.id.clone(),
        action: step.action.clone(),
        status: StepStatus::Succeeded,
        error: None,
        receipt: Some(receipt),
    }
}

fn skip(rc: &RunContext<'_>, summary: &mut RunSummary, step: &Step, reason: &str) -> Result<(), JournalError> {
    rc.journal.append(Event::StepSkipped { run: rc.run, step_id: step.id.clone(), reason: reason.to_string() })?;
    summary.skipped.push(Skipped { id: step.id.clone(), reason: reason.to_string() });
    Ok(())
}

enum Ran {
    Succeeded(Value),
    Failed(ActionError),
    Skipped(String),
    AwaitingApproval,
}

/// One step: condition, rendering, approval, intent, execution, outcome.
async fn run_step<E: ?Sized + Sync>(
    registry: &[&dyn DynAction<E>],
    env: &E,
    rc: &RunContext<'_>,
    step: &Step,
    ctx: &Value,
    prior_checkpoints: Vec<Value>,
) -> Result<Ran, JournalError> {
    let fail = |e: ActionError| -> Result<Ran, JournalError> {
        journal_outcome(rc, step, Err(&e), vec![], None)?;
        Ok(Ran::Failed(e))
    };
    let Some(action) = crate::find(registry, &step.action) else {
        return fail(ActionError::invalid(format!("unknown action `{}`", step.action)).on(&step.id));
    };
    if let Some(expr) = &step.when {
        match eval_condition(expr, ctx) {
            Ok(true) => {}
            Ok(false) => return Ok(Ran::Skipped(format!("condition `{expr}` is false"))),
            Err(e) => return fail(ActionError::invalid(format!("`when: {expr}`: {e}")).on(&step.id)),
        }
    }
    let params = match render_step("", step, ctx) {
        Ok(p) => p,
        Err(d) => return fail(ActionError::new(ErrorKind::Invalid, d.message).on(&step.id)),
    };
    let changes = action.plan_value(&params).map(|p| p.changes).unwrap_or_default();
    if step.approve {
        match rc.approver.approve(&step.id, &step.action, &changes) {
            Some(by) => {
                rc.journal.append(Event::ApprovalGranted { run: rc.run, step_id: step.id.clone(), approved_by: by })?;
            }
            None => {
                rc.journal.append(Event::ApprovalRequired { run: rc.run, step_id: step.id.clone(), changes })?;
                return Ok(Ran::AwaitingApproval);
            }
        }
    }
    rc.journal.append(Event::StepIntent {
        run: rc.run,
        step_id: step.id.clone(),
        action: step.action.clone(),
        params: params.clone(),
        mutates: action.doc().mutates,
        changes,
    })?;
    let sctx = StepContext::new(rc.case_id, &step.id, &step.action, rc.clock, rc.artifacts).with_journal(
        rc.journal,
        rc.run,
        prior_checkpoints,
    );
    let result = action.execute_value(env, &sctx, &params).await;
    let calls = sctx.take_calls();
    match result {
        Ok(receipt) => {
            let undo = action.undo_value(&params, &receipt).ok();
            let changes = action.changes_value(&receipt).unwrap_or_default();
            journal_outcome(rc, step, Ok((&receipt, changes)), calls, undo)?;
            Ok(Ran::Succeeded(receipt))
        }
        Err(e) => {
            journal_outcome(rc, step, Err(&e), calls, None)?;
            Ok(Ran::Failed(e))
        }
    }
}

fn journal_outcome(
    rc: &RunContext<'_>,
    step: &Step,
    result: Result<(&Value, Vec<Change>), &ActionError>,
    calls: Vec<AwsCall>,
    undo: Option<Undo>,
) -> Result<(), JournalError> {
    let (status, receipt, changes, error) = match result {
        Ok((r, changes)) => (StepStatus::Succeeded, Some(r.clone()), changes, None),
        Err(e) => (StepStatus::Failed, None, Vec::new(), Some(e.clone())),
    };
    rc.journal
        .append(Event::StepOutcome {
            run: rc.run,
            step_id: step.id.clone(),
            action: step.action.clone(),
            status,
            receipt,
            changes,
            calls,
            error,
            undo,
        })
        .map(|_| ())
}
