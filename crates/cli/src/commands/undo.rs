//! `cordon undo CASE_DIR`: the inverse of a case's runs, approved, executed, journaled.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use cordon_core::clock::{Clock, SystemClock};
use cordon_core::ids::CaseId;
use cordon_core::journal::Event;
use cordon_engine::RunContext;
use cordon_engine::undo::plan_undo;
use sha2::{Digest, Sha256};

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub async fn run(g: &Global, case_dir: &Path, yes: bool, force: bool, operator: Option<&str>) -> CmdResult {
    if super::fanout::is_fanned_out(case_dir) {
        // Every target's changes, each through the role (and in the Region) it was made.
        return super::each_target(g, case_dir, |dir| async move { one(g, &dir, yes, force, operator).await }).await;
    }
    one(g, case_dir, yes, force, operator).await
}

/// The undo of one case (one account and Region).
async fn one(g: &Global, case_dir: &Path, yes: bool, force: bool, operator: Option<&str>) -> CmdResult {
    // One writer per case, from before the journal is read until the last entry.
    let _lock = match case_dir.is_dir() {
        true => {
            let lock = super::lock_case(case_dir, "undo")?;
            super::note_takeover(case_dir, &lock, operator, g.output)?;
            Some(lock)
        }
        false => None,
    };
    let read = cordon_case::CaseJournal::read(case_dir).map_err(|e| Failure::Environment(e.to_string()))?;
    let jpath = read.path.clone();
    read.intact().map_err(|e| Failure::Environment(format!("refusing to undo: {e}")))?;
    let checked = read.checked;
    let case_id = checked
        .entries
        .iter()
        .find_map(|e| match &e.event {
            Event::CaseOpened { case_id, .. } => Some(case_id.clone()),
            _ => None,
        })
        .ok_or_else(|| Failure::Environment(format!("{}: the journal does not open a case", jpath.display())))?;
    let case_id = CaseId::new(case_id).map_err(|e| Failure::Environment(e.to_string()))?;
    let recorded = |action: &str, params: &serde_json::Value, checkpoints: &[serde_json::Value]| {
        crate::registry::ACTIONS
            .iter()
            .find(|a| a.doc().name == action)
            .ok_or_else(|| format!("unknown action {action}"))?
            .undo_recorded_value(params, checkpoints)
    };
    let mut undo = plan_undo(&checked.entries, &recorded);
    if force {
        // Every restore that checks for changes made since Cordon's takes `force`.
        for step in &mut undo.playbook.steps {
            let takes_force = crate::registry::ACTIONS
                .iter()
                .find(|a| a.doc().name == step.action)
                .is_some_and(|a| a.params_schema().get("properties").and_then(|p| p.get("force")).is_some());
            if takes_force {
                step.with.insert("force".into(), serde_json::Value::Bool(true));
            }
        }
    }
    let text_out = g.output == Output::Text;
    if text_out {
        for i in &undo.irreversible {
            println!("not undone: run {} step {} ({}): {}", i.run, i.step_id, i.action, i.reason);
        }
    }
    if undo.playbook.steps.is_empty() {
        if text_out {
            println!("Nothing to undo in {}.", case_dir.display());
        }
        return Ok(());
    }

    let (role, region) = super::opened_with(&checked.entries);
    let session = super::session::connect_for(g, case_id.as_str(), operator, role.as_ref(), region.as_deref()).await?;
    let (aws, caller) = (&session.aws, session.caller.clone());
    let case = super::case_value(&case_id, case_dir, &caller, aws);
    let specs = crate::registry::specs();
    let mut plan =
        cordon_playbook::plan::build(&undo.playbook, "", &specs, &Default::default(), &case).map_err(|d| {
            super::print_diagnostics(g, None, &d);
            Failure::Invalid
        })?;
    cordon_engine::check_plan(crate::registry::ACTIONS, aws, &case_id, &mut plan).await;
    if text_out {
        println!();
        super::plan::print_text(&plan, &caller);
    } else {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "undo_plan": plan, "irreversible": undo.irreversible }))
                .unwrap_or_default()
        );
    }
    if !yes && !approved()? {
        return Err(Failure::NeedsApproval);
    }

    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let dir = super::open_case(case_dir, case_id.as_str(), &session, operator, clock.clone())?.dir;
    let steps_json = serde_json::to_vec(&undo.playbook.steps).unwrap_or_default();
    let history = super::case_history(case_dir)?;
    let rc = RunContext {
        journal: &dir,
        artifacts: &dir,
        clock: clock.as_ref(),
        case_id: &case_id,
        case,
        caller,
        run: dir.runs_so_far() + 1,
        approver: &cordon_engine::NoApprover,
        max_parallel: usize::from(g.max_parallel),
        history: &history,
    };
    let summary = cordon_engine::run(
        crate::registry::ACTIONS,
        aws,
        &undo.playbook,
        &hex::encode(Sha256::digest(&steps_json)),
        &Default::default(),
        &rc,
        None,
    )
    .await
    .map_err(|e| Failure::Environment(e.to_string()))?;
    super::run::finish(g, case_dir, &summary)
}

/// Asks on the terminal; without one, approval cannot be given here.
fn approved() -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        eprintln!("Approval required: nothing was changed. Re-run with --yes to approve these steps.");
        return Ok(false);
    }
    eprint!("Undo these changes? Type `yes` to proceed: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::Environment(format!("reading the answer: {e}")))?;
    if answer.trim() == "yes" {
        Ok(true)
    } else {
        eprintln!("Not approved: nothing was changed.");
        Ok(false)
    }
}
