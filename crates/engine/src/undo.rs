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
            outcome(1, "a", steps("undo.a")),
            outcome(1, "snap", Undo::Irreversible { reason: "evidence".into() }),
            outcome(1, "b", steps("undo.b")),
            finished(1, StepStatus::Succeeded),
        ];
        let plan = plan_undo(&j);
        let actions: Vec<&str> = plan.playbook.steps.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(actions, ["undo.b", "undo.a"]);
        assert_eq!(plan.irreversible.len(), 1);
    }

    #[test]
    fn a_completed_undo_ends_the_list_but_an_interrupted_one_does_not() {
        let mut j = vec![started(1, "p.yaml"), outcome(1, "a", steps("undo.a")), finished(1, StepStatus::Succeeded)];
        j.push(started(2, UNDO_PATH));
        j.push(outcome(2, "undo_r1_a_1", steps("redo.a")));
        assert_eq!(plan_undo(&j).playbook.steps.len(), 1, "interrupted undo: undo again");
        j.push(finished(2, StepStatus::Failed));
        assert_eq!(plan_undo(&j).playbook.steps.len(), 1, "failed undo: undo again");
        j.push(started(3, UNDO_PATH));
        j.push(finished(3, StepStatus::Succeeded));
        assert!(plan_undo(&j).playbook.steps.is_empty(), "completed undo: nothing left");
    }
}
