//! The engine's journaling and scheduling contract, with toy actions over a toy
//! environment (no AWS): intent is on the journal before a step executes, outputs flow
//! to later steps, a failure stops the run with the rest skipped, independent steps run
//! concurrently within the bound, `for_each` items are journaled one by one.
#![allow(clippy::unwrap_used)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

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

/// The toy environment: what each step saw in the journal when it executed, and how
/// many steps were executing at once.
struct Env {
    journal: &'static Memory,
    seen: Mutex<Vec<(String, Vec<String>)>>,
    /// Steps with `meet: true` wait here for each other: only concurrent steps pass.
    meeting: tokio::sync::Barrier,
    active: AtomicUsize,
    most_active: AtomicUsize,
}

struct Echo;

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct Params {
    /// Value to echo.
    value: String,
    /// Fail instead.
    #[serde(default)]
    fail: bool,
    /// Wait (up to 10 s) until another step with `meet` is executing too.
    #[serde(default)]
    meet: bool,
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
    operations: &[cordon_core::Op::write("test:Echo")],
    implied: &[],
    inverse: &[],
    undo: "none",
    example: "value: x\n",
};

impl Action for Echo {
    type Env = Env;
    type Params = Params;
    type Receipt = Receipt;
    const DOC: &'static ActionDoc = &DOC;
    fn plan(&self, _: &Params) -> StepPlan {
        StepPlan::default()
    }
    async fn check(&self, _: &Env, _: &CaseId, _: &Params) -> Result<StepPlan, ActionError> {
        Ok(StepPlan::default())
    }
    async fn execute(&self, env: &Env, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let kinds = env.journal.0.lock().unwrap().iter().map(|e| e.kind().to_string()).collect();
        env.seen.lock().unwrap().push((ctx.step_id.to_string(), kinds));
        let now = env.active.fetch_add(1, Ordering::SeqCst) + 1;
        env.most_active.fetch_max(now, Ordering::SeqCst);
        if p.meet && tokio::time::timeout(Duration::from_secs(10), env.meeting.wait()).await.is_err() {
            env.active.fetch_sub(1, Ordering::SeqCst);
            return Err(ActionError::new(ErrorKind::Conflict, "nobody came: the steps did not run concurrently"));
        }
        // Give the other steps the chance to run alongside.
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
        env.active.fetch_sub(1, Ordering::SeqCst);
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

/// What a toy run left behind.
struct Ran {
    summary: RunSummary,
    events: Vec<Event>,
    /// Each executed step (or item), with the journal kinds it saw when it started.
    seen: Vec<(String, Vec<String>)>,
    most_active: usize,
}

/// Runs `source` with toy actions; returns the summary, the journal and what executed.
async fn run_playbook(source: &str, approver: &dyn Approver) -> (RunSummary, Vec<Event>, Vec<(String, Vec<String>)>) {
    let r = run_with(source, approver, 1, serde_json::json!({}), None).await;
    (r.summary, r.events, r.seen)
}

async fn run_with(
    source: &str,
    approver: &dyn Approver,
    max_parallel: usize,
    inputs: serde_json::Value,
    resume: Option<&cordon_engine::resume::Resume>,
) -> Ran {
    let journal: &'static Memory = Box::leak(Box::default());
    let env = Env {
        journal,
        seen: Mutex::new(Vec::new()),
        meeting: tokio::sync::Barrier::new(2),
        active: AtomicUsize::new(0),
        most_active: AtomicUsize::new(0),
    };
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
        max_parallel,
        history: &Default::default(),
    };
    let inputs = inputs.as_object().cloned().unwrap_or_default();
    let summary = run(REGISTRY, &env, &playbook, "sha", &inputs, &rc, resume).await.unwrap();
    let events = journal.0.lock().unwrap().clone();
    Ran { summary, events, seen: env.seen.into_inner().unwrap(), most_active: env.most_active.load(Ordering::SeqCst) }
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
    match &events[5] {
        Event::StepSkipped { step_id, action, .. } => {
            assert_eq!(
                (step_id.as_str(), action.as_deref()),
                ("c", Some("test.echo")),
                "a skipped step names its action"
            );
        }
        other => panic!("{other:?}"),
    }
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
    fn approve<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: &'a [cordon_core::action::Change],
    ) -> futures::future::BoxFuture<'a, Option<String>> {
        Box::pin(async { Some("alice".into()) })
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

fn ids(seen: &[(String, Vec<String>)]) -> Vec<&str> {
    seen.iter().map(|(s, _)| s.as_str()).collect()
}

#[tokio::test]
async fn independent_steps_run_concurrently_and_a_step_waits_for_what_it_needs() {
    // `contain` and `collect` need nothing: each waits until the other is executing too,
    // so the run only succeeds if they run at the same time.
    let source = r#"
name: t
steps:
  - id: contain
    action: test.echo
    needs: []
    with: { value: "c", meet: true }
  - id: collect
    action: test.echo
    needs: []
    with: { value: "e", meet: true }
  - id: report
    action: test.echo
    needs: [contain]
    with: { value: "{{ steps.contain.outputs.echoed }}+{{ steps.collect.outputs.echoed }}" }
"#;
    let r = run_with(source, &NoApprover, 4, serde_json::json!({}), None).await;
    assert_eq!(r.summary.status, StepStatus::Succeeded, "{:?}", r.summary);
    assert_eq!(r.most_active, 2);
    // `report` uses collect's outputs, so it waited for both.
    let (_, kinds) = r.seen.iter().find(|(s, _)| s == "report").unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "step_outcome").count(), 2, "{kinds:?}");
    let intent = r.events.iter().find_map(|e| match e {
        Event::StepIntent { step_id, params, .. } if step_id == "report" => Some(params["value"].clone()),
        _ => None,
    });
    assert_eq!(intent, Some(serde_json::json!("c+e")));
    // The summary lists steps in playbook order, whatever order they finished in.
    let order: Vec<&str> = r.summary.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["contain", "collect", "report"]);
}

#[tokio::test]
async fn concurrency_is_bounded_and_steps_without_needs_run_in_order() {
    let independent = r#"
name: t
steps:
  - { id: a, action: test.echo, needs: [], with: { value: "a" } }
  - { id: b, action: test.echo, needs: [], with: { value: "b" } }
  - { id: c, action: test.echo, needs: [], with: { value: "c" } }
  - { id: d, action: test.echo, needs: [], with: { value: "d" } }
  - { id: e, action: test.echo, needs: [], with: { value: "e" } }
"#;
    for bound in [1, 2, 3] {
        let r = run_with(independent, &NoApprover, bound, serde_json::json!({}), None).await;
        assert_eq!(r.summary.status, StepStatus::Succeeded);
        assert_eq!(r.most_active, bound, "at most {bound} at once, and that many when there is work");
    }
    let sequential = independent.replace("needs: [], ", "");
    let r = run_with(&sequential, &NoApprover, 4, serde_json::json!({}), None).await;
    assert_eq!(r.most_active, 1, "without `needs`, a step waits for the one before it");
    assert_eq!(ids(&r.seen), ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn a_step_whose_needed_step_failed_is_skipped_and_the_rest_go_on() {
    let source = r#"
name: t
steps:
  - id: a
    action: test.echo
    on_error: continue
    with: { value: "x", fail: true }
  - id: b
    action: test.echo
    needs: [a]
    with: { value: "b" }
  - id: c
    action: test.echo
    with: { value: "{{ steps.b.outputs.echoed }}" }
  - id: d
    action: test.echo
    needs: []
    with: { value: "d" }
"#;
    let r = run_with(source, &NoApprover, 2, serde_json::json!({}), None).await;
    assert_eq!(ids(&r.seen).iter().filter(|s| **s != "d").copied().collect::<Vec<_>>(), ["a"]);
    assert!(ids(&r.seen).contains(&"d"), "d needs nothing and ran");
    let skipped: Vec<(&str, &str)> = r.summary.skipped.iter().map(|s| (s.id.as_str(), s.reason.as_str())).collect();
    assert_eq!(skipped, [("b", "it needs `a`, which did not succeed"), ("c", "it needs `b`, which did not succeed")]);
    assert_eq!(r.summary.status, StepStatus::Failed);
}

#[tokio::test]
async fn for_each_journals_every_item_as_its_own_step_and_collects_outputs() {
    let source = r#"
name: t
inputs:
  hosts: { type: list }
steps:
  - id: contain
    action: test.echo
    for_each: "{{ inputs.hosts }}"
    when: "item != 'skip-me'"
    with: { value: "{{ item }}", meet: "{{ item in ['i-1', 'i-2'] }}" }
  - id: report
    action: test.echo
    with: { value: "{{ steps.contain.outputs.echoed | join(',') }}" }
"#;
    let inputs = serde_json::json!({ "hosts": ["i-1", "i-2", "skip-me", "i-3"] });
    let r = run_with(source, &NoApprover, 3, inputs.clone(), None).await;
    assert_eq!(r.summary.status, StepStatus::Succeeded, "{:?}", r.summary);
    let intents: Vec<(String, serde_json::Value)> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::StepIntent { step_id, item, .. } => Some((step_id.clone(), item.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    let mut items: Vec<(&str, &str)> =
        intents.iter().map(|(id, item)| (id.as_str(), item.as_str().unwrap_or("-"))).collect();
    items.sort();
    assert_eq!(items, [("contain[0]", "i-1"), ("contain[1]", "i-2"), ("contain[3]", "i-3"), ("report", "-")]);
    assert_eq!(r.summary.skipped.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["contain[2]"]);
    let report = r.summary.steps.iter().find(|s| s.id == "report").unwrap();
    assert_eq!(report.receipt.as_ref().unwrap()["echoed"], "i-1,i-2,i-3", "outputs are lists, in item order");

    // Resumed after contain[0] and contain[3] completed: only the others execute.
    let resume = cordon_engine::resume::Resume {
        completed: vec![
            ("contain[0]".into(), serde_json::json!({"echoed": "i-1"})),
            ("contain[3]".into(), serde_json::json!({"echoed": "i-3"})),
        ],
        ..Default::default()
    };
    let source = source.replace(", meet: \"{{ item in ['i-1', 'i-2'] }}\"", "");
    let r = run_with(&source, &NoApprover, 3, inputs, Some(&resume)).await;
    assert_eq!(ids(&r.seen), ["contain[1]", "report"]);
    let report = r.summary.steps.iter().find(|s| s.id == "report").unwrap();
    assert_eq!(report.receipt.as_ref().unwrap()["echoed"], "i-1,i-2,i-3");
}
