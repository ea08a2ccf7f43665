//! Executing a playbook, step by step, journaled.

use cordon_core::action::{AwsCall, Change, DynAction, StepContext, Undo};
use cordon_core::artifact::ArtifactSink;
use cordon_core::clock::Clock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{CallerIdentity, Event, JournalError, JournalSink, StepStatus};
use cordon_core::{ActionError, ErrorKind};
use cordon_playbook::plan::context;
use cordon_playbook::render::{eval_condition, render_step, render_value};
use cordon_playbook::{OnError, Playbook, Step};
use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::VecDeque;

use crate::resume::Resume;

/// Asks whether a step that needs approval may run. Implemented at the edge (a terminal
/// prompt, `--yes`); the engine itself does no I/O. Asynchronous, so that steps already
/// running go on while a person reads the prompt.
pub trait Approver: Sync {
    /// `Some(who)` when approved, `None` when approval cannot be given here.
    fn approve<'a>(&'a self, step_id: &'a str, action: &'a str, changes: &'a [Change])
    -> BoxFuture<'a, Option<String>>;
}

/// Approves nothing: runs stop at every gate.
pub struct NoApprover;

impl Approver for NoApprover {
    fn approve<'a>(&'a self, _: &'a str, _: &'a str, _: &'a [Change]) -> BoxFuture<'a, Option<String>> {
        Box::pin(async { None })
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
    /// How many steps (or `for_each` items) may run at once; at least 1.
    pub max_parallel: usize,
    /// Checkpoints the case's journal held when the run started, by action.
    pub history: &'a CaseHistory,
}

/// What earlier runs of the case recorded that a step may need: every checkpoint, grouped
/// by the action of the step that wrote it (see `StepContext::recall_case_all`).
#[derive(Debug, Default)]
pub struct CaseHistory {
    checkpoints: std::collections::HashMap<String, Vec<Value>>,
}

impl CaseHistory {
    /// Reads the checkpoints out of the case's journal entries, oldest first. Pure.
    pub fn from_entries(entries: &[cordon_core::journal::Entry]) -> Self {
        let mut actions = std::collections::HashMap::new();
        let mut checkpoints: std::collections::HashMap<String, Vec<Value>> = std::collections::HashMap::new();
        for e in entries {
            match &e.event {
                Event::StepIntent { run, step_id, action, .. } => {
                    actions.insert((*run, step_id.clone()), action.clone());
                }
                Event::StepCheckpoint { run, step_id, data } => {
                    if let Some(action) = actions.get(&(*run, step_id.clone())) {
                        checkpoints.entry(action.clone()).or_default().push(data.clone());
                    }
                }
                _ => {}
            }
        }
        Self { checkpoints }
    }

    /// The checkpoints steps of `action` wrote, oldest first.
    pub fn checkpoints(&self, action: &str) -> Vec<Value> {
        self.checkpoints.get(action).cloned().unwrap_or_default()
    }
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
///
/// Every step whose predecessors (`Step::after`) have finished is started, up to
/// `rc.max_parallel` steps (or `for_each` items) at a time, in the playbook's order.
/// A failing step stops the run unless it says `on_error: continue`: nothing new
/// starts, what is running finishes, the rest is skipped. A step whose needed step
/// failed is skipped. Failures are journaled and summarized, not returned as errors;
/// only a journal failure is an `Err`.
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
    let mut s = Scheduler::new(playbook, rc, resume);
    let mut running = FuturesUnordered::new();
    loop {
        s.promote(inputs)?;
        while running.len() < rc.max_parallel.max(1) && !s.halted() {
            let Some(unit) = s.queue.pop_front() else { break };
            let step = &playbook.steps[unit.step];
            let prior = resume.and_then(|r| r.checkpoints.get(&unit.id)).cloned().unwrap_or_default();
            let ctx = s.context(inputs, unit.item.as_ref());
            running.push(async move {
                let ran = run_step(registry, env, rc, step, &unit, &ctx, prior).await;
                (unit, ran)
            });
        }
        let Some((unit, ran)) = running.next().await else { break };
        s.record(unit, ran?)?;
    }
    Ok(s.summary()?)
}

/// One execution: a step, or one item of a `for_each` step.
struct Unit {
    step: usize,
    /// The journal id: the step id, or `ID[N]` for item N.
    id: String,
    item: Option<Value>,
    index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Pending,
    /// Started; the number of units still to finish.
    Running(usize),
    Succeeded,
    Failed,
    /// Did not run. `blocked`: because a step it needs failed (so its dependents are
    /// skipped too), not because its `when:` was false.
    Skipped {
        blocked: bool,
    },
}

struct Scheduler<'p, 'r> {
    playbook: &'p Playbook,
    rc: &'p RunContext<'r>,
    resume: Option<&'p Resume>,
    state: Vec<State>,
    /// Per step: the receipts of its units by item index (one unit unless `for_each`).
    receipts: Vec<Vec<Option<Value>>>,
    /// Per step: whether one of its units failed.
    any_failed: Vec<bool>,
    outputs: Map<String, Value>,
    queue: VecDeque<Unit>,
    /// A step with `on_error: stop` failed.
    stopped: bool,
    /// (step index, item index, summary) — sorted into playbook order at the end.
    steps: Vec<(usize, usize, StepSummary)>,
    skipped: Vec<(usize, usize, Skipped)>,
    awaiting_approval: Option<String>,
}

impl<'p, 'r> Scheduler<'p, 'r> {
    fn new(playbook: &'p Playbook, rc: &'p RunContext<'r>, resume: Option<&'p Resume>) -> Self {
        let n = playbook.steps.len();
        Scheduler {
            playbook,
            rc,
            resume,
            state: vec![State::Pending; n],
            receipts: vec![Vec::new(); n],
            any_failed: vec![false; n],
            outputs: Map::new(),
            queue: VecDeque::new(),
            stopped: false,
            steps: Vec::new(),
            skipped: Vec::new(),
            awaiting_approval: None,
        }
    }

    /// Nothing new starts: a step failed with `on_error: stop`, or a gate awaits approval.
    fn halted(&self) -> bool {
        self.stopped || self.awaiting_approval.is_some()
    }

    fn context(&self, inputs: &Map<String, Value>, item: Option<&Value>) -> Value {
        let mut ctx = context(inputs, &self.rc.case, &self.outputs);
        if let (Some(item), Some(obj)) = (item, ctx.as_object_mut()) {
            obj.insert("item".into(), item.clone());
        }
        ctx
    }

    fn state_of(&self, id: &str) -> State {
        self.playbook.steps.iter().position(|s| s.id == id).map(|i| self.state[i]).unwrap_or(State::Succeeded)
    }

    /// Starts every pending step whose predecessors have finished (in playbook order):
    /// skips it when a step it needs failed, expands `for_each`, restores what a resumed
    /// run had completed.
    fn promote(&mut self, inputs: &Map<String, Value>) -> Result<(), JournalError> {
        let mut progressed = true;
        while progressed && !self.halted() {
            progressed = false;
            for i in 0..self.playbook.steps.len() {
                let step = &self.playbook.steps[i];
                if self.state[i] != State::Pending
                    || step.after.iter().any(|a| matches!(self.state_of(a), State::Pending | State::Running(_)))
                {
                    continue;
                }
                progressed = true;
                if let Some(failed) = step
                    .gated_by
                    .iter()
                    .find(|g| matches!(self.state_of(g), State::Failed | State::Skipped { blocked: true }))
                {
                    self.state[i] = State::Skipped { blocked: true };
                    let reason = format!("it needs `{failed}`, which did not succeed");
                    self.skip(i, 0, &step.id, &reason)?;
                    continue;
                }
                let units = match &step.for_each {
                    None => vec![(step.id.clone(), None)],
                    Some(list) => match render_value(list, &self.context(inputs, None)) {
                        Ok(Value::Array(items)) => {
                            items.into_iter().enumerate().map(|(k, item)| (step.instance_id(k), Some(item))).collect()
                        }
                        Ok(other) => {
                            self.fail_step(i, format!("`for_each` gave {other}, not a list"))?;
                            continue;
                        }
                        Err(e) => {
                            self.fail_step(i, format!("`for_each`: {e}"))?;
                            continue;
                        }
                    },
                };
                self.receipts[i] = vec![None; units.len()];
                self.state[i] = State::Running(units.len());
                if units.is_empty() {
                    // Nothing to go over: done, with empty lists as outputs.
                    self.state[i] = State::Succeeded;
                    self.complete_step(i);
                }
                for (index, (id, item)) in units.into_iter().enumerate() {
                    let unit = Unit { step: i, id, item, index };
                    // Completed before an interruption: not repeated, its outputs restored.
                    match self.resume.and_then(|r| r.receipt(&unit.id)).cloned() {
                        Some(receipt) => self.record(unit, Ran::Succeeded(receipt))?,
                        None => self.queue.push_back(unit),
                    }
                }
            }
        }
        Ok(())
    }

    /// A step that fails before any unit runs (its `for_each` list could not be made).
    fn fail_step(&mut self, i: usize, message: String) -> Result<(), JournalError> {
        let step = &self.playbook.steps[i];
        let error = ActionError::invalid(message).on(&step.id);
        journal_outcome(self.rc, &step.id, &step.action, Err(&error), vec![], None)?;
        self.receipts[i] = vec![None];
        self.state[i] = State::Running(1);
        self.record(Unit { step: i, id: step.id.clone(), item: None, index: 0 }, Ran::Failed(error))
    }

    /// Records a finished unit; when it was its step's last, the step is done.
    fn record(&mut self, unit: Unit, ran: Ran) -> Result<(), JournalError> {
        let i = unit.step;
        let step = &self.playbook.steps[i];
        let awaiting = matches!(ran, Ran::AwaitingApproval);
        let failed = match ran {
            Ran::Succeeded(receipt) => {
                self.steps.push((i, unit.index, succeeded(&unit.id, step, receipt.clone())));
                self.receipts[i][unit.index] = Some(receipt);
                false
            }
            Ran::Failed(error) => {
                self.steps.push((
                    i,
                    unit.index,
                    StepSummary {
                        id: unit.id.clone(),
                        action: step.action.clone(),
                        status: StepStatus::Failed,
                        error: Some(error),
                        receipt: None,
                    },
                ));
                self.stopped |= step.on_error == OnError::Stop;
                true
            }
            Ran::Skipped(reason) => {
                self.skip(i, unit.index, &unit.id, &reason)?;
                false
            }
            Ran::AwaitingApproval => {
                // Paused, not finished: `cordon resume` continues from this gate.
                self.awaiting_approval.get_or_insert(unit.id.clone());
                false
            }
        };
        if failed {
            self.any_failed[i] = true;
        }
        if let State::Running(left) = self.state[i]
            && !awaiting
        {
            self.state[i] = State::Running(left.saturating_sub(1));
        }
        if self.state[i] == State::Running(0) {
            self.state[i] = if self.any_failed[i] {
                State::Failed
            } else if self.receipts[i].is_empty() || self.receipts[i].iter().any(Option::is_some) {
                State::Succeeded
            } else {
                State::Skipped { blocked: false }
            };
            if self.state[i] == State::Succeeded {
                self.complete_step(i);
            }
        }
        Ok(())
    }

    /// Makes a finished step's outputs visible: a step's receipt, or for a `for_each`
    /// step each output as the list of its items' values.
    fn complete_step(&mut self, i: usize) {
        let step = &self.playbook.steps[i];
        let outputs = if step.for_each.is_none() {
            self.receipts[i].first().cloned().flatten().unwrap_or(Value::Null)
        } else {
            let mut merged = Map::new();
            for receipt in self.receipts[i].iter().flatten() {
                for (k, v) in receipt.as_object().into_iter().flatten() {
                    if let Value::Array(list) = merged.entry(k.clone()).or_insert_with(|| Value::Array(Vec::new())) {
                        list.push(v.clone());
                    }
                }
            }
            Value::Object(merged)
        };
        self.outputs.insert(step.id.clone(), json!({ "outputs": outputs }));
    }

    fn skip(&mut self, i: usize, index: usize, id: &str, reason: &str) -> Result<(), JournalError> {
        self.rc.journal.append(Event::StepSkipped {
            run: self.rc.run,
            step_id: id.to_string(),
            reason: reason.into(),
            action: Some(self.playbook.steps[i].action.clone()),
        })?;
        self.skipped.push((i, index, Skipped { id: id.to_string(), reason: reason.to_string() }));
        Ok(())
    }

    /// The run's summary; a run not paused at a gate is journaled as finished.
    fn summary(mut self) -> Result<RunSummary, JournalError> {
        if self.awaiting_approval.is_none() {
            for unit in std::mem::take(&mut self.queue) {
                self.skip(unit.step, unit.index, &unit.id, "an earlier step failed")?;
            }
            for i in 0..self.playbook.steps.len() {
                if self.state[i] == State::Pending {
                    let id = self.playbook.steps[i].id.clone();
                    self.skip(i, 0, &id, "an earlier step failed")?;
                }
            }
        }
        self.steps.sort_by_key(|(i, k, _)| (*i, *k));
        self.skipped.sort_by_key(|(i, k, _)| (*i, *k));
        let steps: Vec<StepSummary> = self.steps.into_iter().map(|(_, _, s)| s).collect();
        let failed: Vec<String> =
            steps.iter().filter(|s| s.status == StepStatus::Failed).map(|s| s.id.clone()).collect();
        let status = if failed.is_empty() && self.awaiting_approval.is_none() {
            StepStatus::Succeeded
        } else {
            StepStatus::Failed
        };
        if self.awaiting_approval.is_none() {
            self.rc.journal.append(Event::RunFinished {
                run: self.rc.run,
                status: status.clone(),
                failed_steps: failed,
            })?;
        }
        Ok(RunSummary {
            run: self.rc.run,
            status,
            steps,
            skipped: self.skipped.into_iter().map(|(_, _, s)| s).collect(),
            awaiting_approval: self.awaiting_approval,
        })
    }
}

fn succeeded(id: &str, step: &Step, receipt: Value) -> StepSummary {
    StepSummary {
        id: id.to_string(),
        action: step.action.clone(),
        status: StepStatus::Succeeded,
        error: None,
        receipt: Some(receipt),
    }
}

enum Ran {
    Succeeded(Value),
    Failed(ActionError),
    Skipped(String),
    AwaitingApproval,
}

/// One unit: condition, rendering, approval, intent, execution, outcome.
async fn run_step<E: ?Sized + Sync>(
    registry: &[&dyn DynAction<E>],
    env: &E,
    rc: &RunContext<'_>,
    step: &Step,
    unit: &Unit,
    ctx: &Value,
    prior_checkpoints: Vec<Value>,
) -> Result<Ran, JournalError> {
    let id = unit.id.as_str();
    let fail = |e: ActionError| -> Result<Ran, JournalError> {
        journal_outcome(rc, id, &step.action, Err(&e), vec![], None)?;
        Ok(Ran::Failed(e))
    };
    let Some(action) = crate::find(registry, &step.action) else {
        return fail(ActionError::invalid(format!("unknown action `{}`", step.action)).on(id));
    };
    if let Some(expr) = &step.when {
        match eval_condition(expr, ctx) {
            Ok(true) => {}
            Ok(false) => return Ok(Ran::Skipped(format!("condition `{expr}` is false"))),
            Err(e) => return fail(ActionError::invalid(format!("`when: {expr}`: {e}")).on(id)),
        }
    }
    let params = match render_step("", step, ctx) {
        Ok(p) => p,
        Err(d) => return fail(ActionError::new(ErrorKind::Invalid, d.message).on(id)),
    };
    let changes = action.plan_value(&params).map(|p| p.changes).unwrap_or_default();
    if step.approve {
        match rc.approver.approve(id, &step.action, &changes).await {
            Some(by) => {
                rc.journal.append(Event::ApprovalGranted { run: rc.run, step_id: id.to_string(), approved_by: by })?;
            }
            None => {
                rc.journal.append(Event::ApprovalRequired { run: rc.run, step_id: id.to_string(), changes })?;
                return Ok(Ran::AwaitingApproval);
            }
        }
    }
    rc.journal.append(Event::StepIntent {
        run: rc.run,
        step_id: id.to_string(),
        action: step.action.clone(),
        params: params.clone(),
        mutates: action.doc().mutates(),
        changes,
        item: unit.item.clone(),
    })?;
    let sctx = StepContext::new(rc.case_id, id, &step.action, rc.clock, rc.artifacts)
        .with_journal(rc.journal, rc.run, prior_checkpoints)
        .with_case_checkpoints(rc.history.checkpoints(&step.action));
    let result = action.execute_value(env, &sctx, &params).await;
    let calls = sctx.take_calls();
    match result {
        Ok(receipt) => {
            let undo = action.undo_value(&params, &receipt).ok();
            let changes = action.changes_value(&receipt).unwrap_or_default();
            journal_outcome(rc, id, &step.action, Ok((&receipt, changes)), calls, undo)?;
            Ok(Ran::Succeeded(receipt))
        }
        Err(e) => {
            journal_outcome(rc, id, &step.action, Err(&e), calls, None)?;
            Ok(Ran::Failed(e))
        }
    }
}

fn journal_outcome(
    rc: &RunContext<'_>,
    step_id: &str,
    action: &str,
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
