//! The engine's journaling contract, with toy actions over a toy environment (no AWS):
//! intent is on the journal before a step executes, outputs flow to later steps, and a
//! failure stops the run with the rest skipped.
#![allow(clippy::unwrap_used)]

use std::sync::Mutex;

use cordon_core::action::{Action, ActionDoc, DynAction, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord, ArtifactSink};
use cordon_core::clock::FixedClock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{CallerIdentity, Entry, Event, JournalError, JournalSink, StepStatus};
use cordon_core::{ActionError, ErrorKind};
use cordon_engine::{Approver, NoApprover, RunContext, RunSummary, run, specs};
use serde::{Deserialize, Serialize};

/// The journal, in memory.
#[derive(Default)]
struct Memory(Mutex<Vec<Event>>);

impl JournalSink for Memory {
    fn append(&self, event: Event) -> Result<Entry, JournalError> {
        let mut v = self.0.lock().unwrap();
        v.push(event.clone());
        Ok(Entry { seq: v.len() as u64 - 1, time: String::new(), prev: String::new(), event })
    }
}

impl ArtifactSink for Memory {
    fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
        Err(ActionError::invalid("no artifacts in this test"))
    }
}

/// The toy environment: what each step saw in the journal when it executed.
struct Env {
    journal: &'static Memory,
    seen: Mutex<Vec<(String, Vec<String>)>>,
}

struct Echo;

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct Params {
    /// Value to echo.
    value: String,
    /// Fail instead.
    #[serde(default)]
    fail: bool,
}

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct Receipt {
    /// The value echoed.
    echoed: String,
}

static DOC: ActionDoc = ActionDoc {
    name: "test.echo",
    summary: "echo",
    description: "echo",
    mutates: true,
    permissions: &["none:None"],
    undo: "none",
    example: "value: x\n",
};

impl Action for Echo {
    type Env = Env;
    type Params = Params;
    type Receipt = Receipt;
    fn doc(&self) -> &'static ActionDoc {
        &DOC
    }
    fn plan(&self, _: &Params) -> StepPlan {
        StepPlan::default()
    }
    async fn check(&self, _: &Env, _: &CaseId, _: &Params) -> Result<StepPlan, ActionError> {
        Ok(StepPlan::default())
    }
    async fn execute(&self, env: &Env, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let kinds = env.journal.0.lock().unwrap().iter().map(|e| e.kind().to_string()).collect();
        env.seen.lock().unwrap().push((ctx.step_id.to_string(), kinds));
        if p.fail {
            return Err(ActionError::new(ErrorKind::Conflict, "asked to fail").on(&p.value));
        }
        Ok(Receipt { echoed: p.value.clone() })
    }
    fn undo(&self, _: &Params, _: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}

static REGISTRY: &[&dyn DynAction<Env>] = &[&Echo];

/// Runs `source` with toy actions; returns the summary, the journal and what executed.
async fn run_playbook(source: &str, approver: &dyn Approver) -> (RunSummary, Vec<Event>, Vec<(String, Vec<String>)>) {
    let journal: &'static Memory = Box::leak(Box::default());
    let env = Env { journal, seen: Mutex::new(Vec::new()) };
    let playbook = cordon_playbook::validate("t.yaml", source, &specs(REGISTRY)).unwrap();
    let case_id = CaseId::new("IR-1").unwrap();
    let clock = FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap(), 1);
    let caller = CallerIdentity { account: "123456789012".into(), arn: "arn".into(), user_id: "u".into() };
    let rc = RunContext {
        journal,
        artifacts: journal,
        clock: &clock,
        case_id: &case_id,
        case: serde_json::json!({}),
        caller,
        run: 1,
        approver,
    };
    let summary = run(REGISTRY, &env, &playbook, "sha", &Default::default(), &rc, None).await.unwrap();
    let events = journal.0.lock().unwrap().clone();
    let seen = env.seen.into_inner().unwrap();
    (summary, events, seen)
}

fn kinds(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.kind()).collect()
}

#[tokio::test]
async fn intent_is_journaled_before_execution_and_failure_stops_the_run() {
    let source = r#"
name: t
steps:
  - id: a
    action: test.echo
    with: { value: "first" }
  - id: b
    action: test.echo
    with: { value: "{{ steps.a.outputs.echoed }}-second", fail: true }
  - id: c
    action: test.echo
    with: { value: "never" }
"#;
    let (summary, events, seen) = run_playbook(source, &NoApprover).await;
    assert_eq!(summary.status, StepStatus::Failed);
    assert_eq!(summary.skipped.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["c"]);
    assert_eq!(seen.len(), 2, "c never executed");
    // When each step executed, its own intent was already the last journal entry.
    for (step, kinds) in seen.iter() {
        assert_eq!(kinds.last().map(String::as_str), Some("step_intent"), "{step}: {kinds:?}");
    }
    assert_eq!(
        kinds(&events),
        ["run_started", "step_intent", "step_outcome", "step_intent", "step_outcome", "step_skipped", "run_finished"]
    );
    // The output of `a` reached `b`, and b's failure names its subject.
    match &events[3] {
        Event::StepIntent { params, .. } => assert_eq!(params["value"], "first-second"),
        other => panic!("{other:?}"),
    }
    match &events[4] {
        Event::StepOutcome { status, error: Some(e), .. } => {
            assert_eq!(*status, StepStatus::Failed);
            assert_eq!(e.resource.as_deref(), Some("first-second"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn when_conditions_skip_and_on_error_continue_goes_on() {
    let source = r#"
name: t
steps:
  - id: a
    action: test.echo
    with: { value: "x", fail: true }
    on_error: continue
  - id: b
    action: test.echo
    when: "steps | length > 5"
    with: { value: "skipped" }
  - id: c
    action: test.echo
    when: "'a' not in steps"
    with: { value: "runs" }
"#;
    let (summary, events, seen) = run_playbook(source, &NoApprover).await;
    let ran: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(ran, ["a", "c"], "a failed but the run went on; b's condition was false");
    assert_eq!(summary.status, StepStatus::Failed, "a failure still fails the run");
    assert_eq!(summary.skipped[0].id, "b");
    assert!(summary.skipped[0].reason.contains("is false"), "{}", summary.skipped[0].reason);
    match events.last() {
        Some(Event::RunFinished { failed_steps, .. }) => assert_eq!(failed_steps, &["a"]),
        other => panic!("{other:?}"),
    }
}

struct Alice;

impl Approver for Alice {
    fn approve(&self, _: &str, _: &str, _: &[cordon_core::action::Change]) -> Option<String> {
        Some("alice".into())
    }
}

#[tokio::test]
async fn approval_gates_pause_the_run_or_are_journaled_with_who_approved() {
    let source = r#"
name: t
steps:
  - id: capture
    action: test.echo
    with: { value: "read" }
  - id: destroy
    action: test.echo
    approve: true
    with: { value: "write" }
"#;
    let (summary, events, seen) = run_playbook(source, &NoApprover).await;
    assert_eq!(summary.awaiting_approval.as_deref(), Some("destroy"));
    assert_eq!(seen.len(), 1, "the gated step did not run");
    assert_eq!(
        kinds(&events),
        ["run_started", "step_intent", "step_outcome", "approval_required"],
        "paused, not finished"
    );

    let (summary, events, seen) = run_playbook(source, &Alice).await;
    assert_eq!(summary.status, StepStatus::Succeeded);
    assert_eq!(seen.len(), 2);
    let granted =
        events.iter().position(|e| matches!(e, Event::ApprovalGranted { approved_by, .. } if approved_by == "alice"));
    let intent = events.iter().rposition(|e| matches!(e, Event::StepIntent { .. }));
    assert!(granted.unwrap() < intent.unwrap(), "approval is journaled before the step's intent");
}
