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

/// One step's attempts in a run, as the journal tells them.
#[derive(Default)]
struct Attempt {
    run: u32,
    step_id: String,
    action: String,
    params: serde_json::Value,
    checkpoints: Vec<serde_json::Value>,
    /// The undo journaled when it completed; `None` when it failed or was interrupted.
    undo: Option<Undo>,
}

/// The undo of a step that did not complete, from its action, params and checkpoints
/// (the registry's `undo_recorded_value`).
pub type Recorded<'a> = &'a dyn Fn(&str, &serde_json::Value, &[serde_json::Value]) -> Result<Undo, String>;

/// Builds the undo playbook from journal entries. Pure.
///
/// A step that completed is undone from the undo journaled with its outcome; one that
/// failed or was interrupted, from its checkpoints (through `recorded`), so a change made
/// before a failure or a crash is undone too, or listed as not undone with the reason.
pub fn plan_undo(entries: &[Entry], recorded: Recorded<'_>) -> UndoPlan {
    let undo_runs: Vec<u32> = entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::RunStarted { run, playbook_path, .. } if playbook_path == UNDO_PATH => Some(*run),
            _ => None,
        })
        .collect();
    // Changes before the last *completed* undo are already undone. An undo that failed or
    // was interrupted does not count: undoing again recomputes every inverse (the restore
    // actions are idempotent).
    let after = entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::RunFinished { run, status: StepStatus::Succeeded, .. } if undo_runs.contains(run) => Some(*run),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    // Each attempted step (run, step id), in the order of its first intent, with what its
    // latest attempt left: a completed step's undo, or an incomplete one's checkpoints.
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut index: std::collections::HashMap<(u32, &str), usize> = std::collections::HashMap::new();
    for e in entries {
        match &e.event {
            Event::StepIntent { run, step_id, action, params, .. } if *run > after && !undo_runs.contains(run) => {
                let i = *index.entry((*run, step_id.as_str())).or_insert_with(|| {
                    attempts.push(Attempt { run: *run, step_id: step_id.clone(), ..Attempt::default() });
                    attempts.len() - 1
                });
                attempts[i].action = action.clone();
                attempts[i].params = params.clone();
                attempts[i].undo = None;
            }
            Event::StepCheckpoint { run, step_id, data } => {
                if let Some(&i) = index.get(&(*run, step_id.as_str())) {
                    attempts[i].checkpoints.push(data.clone());
                }
            }
            Event::StepOutcome { run, step_id, status: StepStatus::Succeeded, undo, .. } => {
                if let Some(&i) = index.get(&(*run, step_id.as_str())) {
                    attempts[i].undo = Some(undo.clone().unwrap_or(Undo::NothingToUndo));
                }
            }
            _ => {}
        }
    }
    let mut steps = Vec::new();
    let mut origins = Vec::new();
    let mut irreversible = Vec::new();
    for a in attempts.into_iter().rev() {
        let Attempt { run, step_id, action, params, checkpoints, undo } = a;
        let undo = match undo {
            Some(undo) => undo,
            // It did not complete: what it changed is in its checkpoints (none: it changed nothing).
            None if checkpoints.is_empty() => continue,
            None => recorded(&action, &params, &checkpoints).unwrap_or_else(|e| Undo::Irreversible {
                reason: format!("the step did not complete and its checkpoints cannot be undone: {e}"),
            }),
        };
        let run = &run;
        match undo {
            Undo::NothingToUndo => {}
            Undo::Irreversible { reason } => {
                irreversible.push(Irreversible { run: *run, step_id: step_id.clone(), action: action.clone(), reason })
            }
            Undo::Steps { steps: inverse } => {
                for (i, u) in inverse.iter().enumerate() {
                    let with = u.params.as_object().cloned().unwrap_or_default();
                    // Strictly in reverse order: each restore waits for the one before it.
                    let after: Vec<String> = steps.last().map(|s: &Step| s.id.clone()).into_iter().collect();
                    steps.push(Step {
                        id: format!("undo_r{run}_{}_{}", step_id.replace('[', "_").replace(']', ""), i + 1),
                        action: u.action.clone(),
                        description: Some(format!("undo of step {step_id} ({action}) in run {run}")),
                        when: None,
                        // Restore as much as possible: one failed restore does not stop the others.
                        on_error: cordon_playbook::OnError::Continue,
                        approve: false,
                        needs: None,
                        waits_for: Vec::new(),
                        after,
                        gated_by: Vec::new(),
                        for_each: None,
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
        meta: cordon_playbook::Meta::default(),
        inputs: Vec::new(),
        steps,
    };
    UndoPlan { playbook, origins, irreversible }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cordon_core::action::UndoStep;
    use serde_json::json;

    fn entry(event: Event) -> Entry {
        Entry { seq: 0, time: String::new(), prev: String::new(), event }
    }

    fn started(run: u32, path: &str) -> Entry {
        entry(Event::RunStarted {
            run,
            playbook_path: path.into(),
            playbook_name: "p".into(),
            playbook_sha256: String::new(),
            playbook_meta: json!({}),
            inputs: json!({}),
            caller: cordon_core::journal::CallerIdentity { account: "1".into(), arn: "a".into(), user_id: "u".into() },
        })
    }

    fn intent(run: u32, step: &str) -> Entry {
        entry(Event::StepIntent {
            run,
            step_id: step.into(),
            action: "x.y".into(),
            params: json!({"p": step}),
            mutates: true,
            changes: vec![],
            item: None,
        })
    }

    fn checkpoint(run: u32, step: &str, data: serde_json::Value) -> Entry {
        entry(Event::StepCheckpoint { run, step_id: step.into(), data })
    }

    fn failed(run: u32, step: &str) -> Entry {
        entry(Event::StepOutcome {
            run,
            step_id: step.into(),
            action: "x.y".into(),
            status: StepStatus::Failed,
            receipt: None,
            changes: vec![],
            calls: vec![],
            error: None,
            undo: None,
        })
    }

    /// What the registry would answer for an incomplete `x.y` step: restore from its checkpoints.
    fn recorded(action: &str, params: &serde_json::Value, checkpoints: &[serde_json::Value]) -> Result<Undo, String> {
        assert_eq!(action, "x.y");
        Ok(Undo::Steps {
            steps: vec![UndoStep {
                action: "restore".into(),
                params: json!({"of": params["p"], "first": checkpoints[0]}),
            }],
        })
    }

    fn outcome(run: u32, step: &str, undo: Undo) -> Entry {
        entry(Event::StepOutcome {
            run,
            step_id: step.into(),
            action: "x.y".into(),
            status: StepStatus::Succeeded,
            receipt: None,
            changes: vec![],
            calls: vec![],
            error: None,
            undo: Some(undo),
        })
    }

    fn finished(run: u32, status: StepStatus) -> Entry {
        entry(Event::RunFinished { run, status, failed_steps: vec![] })
    }

    fn steps(action: &str) -> Undo {
        Undo::Steps { steps: vec![UndoStep { action: action.into(), params: json!({}) }] }
    }

    #[test]
    fn newest_change_first_irreversible_listed() {
        let j = vec![
            started(1, "p.yaml"),
            intent(1, "a"),
            outcome(1, "a", steps("undo.a")),
            intent(1, "snap"),
            outcome(1, "snap", Undo::Irreversible { reason: "evidence".into() }),
            intent(1, "b"),
            outcome(1, "b", steps("undo.b")),
            finished(1, StepStatus::Succeeded),
        ];
        let plan = plan_undo(&j, &recorded);
        let actions: Vec<&str> = plan.playbook.steps.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(actions, ["undo.b", "undo.a"]);
        assert_eq!(plan.irreversible.len(), 1);
    }

    #[test]
    fn a_completed_undo_ends_the_list_but_an_interrupted_one_does_not() {
        let mut j = vec![
            started(1, "p.yaml"),
            intent(1, "a"),
            outcome(1, "a", steps("undo.a")),
            finished(1, StepStatus::Succeeded),
        ];
        j.push(started(2, UNDO_PATH));
        j.push(intent(2, "undo_r1_a_1"));
        j.push(outcome(2, "undo_r1_a_1", steps("redo.a")));
        assert_eq!(plan_undo(&j, &recorded).playbook.steps.len(), 1, "interrupted undo: undo again");
        j.push(finished(2, StepStatus::Failed));
        assert_eq!(plan_undo(&j, &recorded).playbook.steps.len(), 1, "failed undo: undo again");
        j.push(started(3, UNDO_PATH));
        j.push(finished(3, StepStatus::Succeeded));
        assert!(plan_undo(&j, &recorded).playbook.steps.is_empty(), "completed undo: nothing left");
    }

    #[test]
    fn failed_and_interrupted_steps_are_undone_from_their_checkpoints() {
        let j = vec![
            started(1, "p.yaml"),
            // Failed after its checkpoint: its change is undone from the checkpoint.
            intent(1, "half"),
            checkpoint(1, "half", json!({"before": 1})),
            failed(1, "half"),
            // Failed before any checkpoint: it changed nothing.
            intent(1, "early"),
            failed(1, "early"),
            // Interrupted (no outcome), then completed on resume: the receipt's undo.
            intent(1, "resumed"),
            checkpoint(1, "resumed", json!({"before": 2})),
            intent(1, "resumed"),
            outcome(1, "resumed", steps("undo.resumed")),
            // Interrupted and never resumed.
            intent(1, "killed"),
            checkpoint(1, "killed", json!({"before": 3})),
            checkpoint(1, "killed", json!({"later": 4})),
        ];
        let plan = plan_undo(&j, &recorded);
        let got: Vec<(&str, serde_json::Value)> = plan
            .playbook
            .steps
            .iter()
            .map(|s| (s.action.as_str(), serde_json::Value::Object(s.with.clone())))
            .collect();
        assert_eq!(
            got,
            [
                ("restore", json!({"of": "killed", "first": {"before": 3}})),
                ("undo.resumed", json!({})),
                ("restore", json!({"of": "half", "first": {"before": 1}})),
            ]
        );
        // An action that cannot undo from its checkpoints is listed, with the reason.
        let refuse = |_: &str, _: &serde_json::Value, _: &[serde_json::Value]| Err("no".to_string());
        let plan = plan_undo(&j, &refuse);
        assert_eq!(plan.irreversible.iter().map(|i| i.step_id.as_str()).collect::<Vec<_>>(), ["killed", "half"]);
    }
}
