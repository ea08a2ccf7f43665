//! `cordon resume CASE_DIR`: continue an interrupted run.

use std::path::Path;
use std::sync::Arc;

use cordon_core::clock::{Clock, SystemClock};
use cordon_core::diagnostic::{Code, Diagnostic};
use cordon_core::ids::CaseId;
use cordon_core::journal::Event;
use cordon_engine::RunContext;
use cordon_engine::resume::{NotResumable, resume_state};
use cordon_engine::undo::UNDO_PATH;

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub async fn run(g: &Global, case_dir: &Path, playbook: Option<&Path>, operator: Option<&str>, yes: bool) -> CmdResult {
    if super::fanout::is_fanned_out(case_dir) {
        // Every target's interrupted run, each through the role (and in the Region) it began with.
        return super::each_target(g, case_dir, |dir| async move { one(g, &dir, playbook, operator, yes).await }).await;
    }
    one(g, case_dir, playbook, operator, yes).await
}

/// Resumes one case (one account and Region).
async fn one(g: &Global, case_dir: &Path, playbook: Option<&Path>, operator: Option<&str>, yes: bool) -> CmdResult {
    // One writer per case, from before the journal is read until the last entry.
    let _lock = match case_dir.is_dir() {
        true => {
            let lock = super::lock_case(case_dir, "resume")?;
            super::note_takeover(case_dir, &lock, operator, g.output)?;
            Some(lock)
        }
        false => None,
    };
    let read = cordon_case::CaseJournal::read(case_dir).map_err(|e| Failure::Environment(e.to_string()))?;
    let jpath = read.path.clone();
    read.intact().map_err(|e| Failure::Environment(format!("refusing to resume: {e}")))?;
    let checked = read.checked;
    let case_id = checked
        .entries
        .iter()
        .find_map(|e| match &e.event {
            Event::CaseOpened { case_id, .. } => CaseId::new(case_id).ok(),
            _ => None,
        })
        .ok_or_else(|| Failure::Environment(format!("{}: the journal does not open a case", jpath.display())))?;
    let state = match resume_state(&checked.entries) {
        Ok(s) => s,
        Err(e @ (NotResumable::NoRun | NotResumable::Finished(..))) => {
            if g.output == Output::Text {
                println!("{}: {e}", case_dir.display());
            }
            return Ok(());
        }
    };
    if state.playbook_path == UNDO_PATH {
        return Err(Failure::Environment(format!(
            "run {} was an undo: run `cordon undo {}` again (restoring is idempotent)",
            state.run,
            case_dir.display()
        )));
    }
    let path = playbook.map(Path::to_path_buf).unwrap_or_else(|| Path::new(&state.playbook_path).to_path_buf());
    let loaded = super::load_playbook(g, &path)?;
    if loaded.sha256 != state.playbook_sha256 {
        let d = Diagnostic::error(
            Code::PlaybookChanged,
            format!(
                "the playbook changed since run {} started (SHA-256 was {}, is now {})",
                state.run, state.playbook_sha256, loaded.sha256
            ),
        )
        .in_file(path.display().to_string())
        .hint("resume with the playbook as it was, or start a new run");
        super::print_diagnostics(g, None, &[d]);
        return Err(Failure::Invalid);
    }
    let (role, region) = super::opened_with(&checked.entries);
    let session = super::session::connect_for(g, case_id.as_str(), operator, role.as_ref(), region.as_deref()).await?;
    let (aws, caller) = (&session.aws, session.caller.clone());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let dir = super::open_case(case_dir, case_id.as_str(), &session, operator, clock.clone())?.dir;
    if g.output == Output::Text {
        let done: Vec<&str> = state.completed.iter().map(|(id, _)| id.as_str()).collect();
        eprintln!("Resuming run {} of case {} ({} done: {})", state.run, case_id, done.len(), done.join(", "));
    }
    let approver = super::CliApprover::new(yes, operator.map(str::to_string).unwrap_or_else(|| caller.arn.clone()));
    let history = super::case_history(case_dir)?;
    let rc = RunContext {
        journal: &dir,
        artifacts: &dir,
        clock: clock.as_ref(),
        case_id: &case_id,
        case: super::case_value(&case_id, case_dir, &caller, aws),
        caller,
        run: state.run,
        approver: &approver,
        max_parallel: usize::from(g.max_parallel),
        history: &history,
    };
    let summary = cordon_engine::run(
        crate::registry::ACTIONS,
        aws,
        &loaded.playbook,
        &loaded.sha256,
        &state.inputs,
        &rc,
        Some(&state),
    )
    .await
    .map_err(|e| Failure::Environment(e.to_string()))?;
    super::run::finish(g, case_dir, &summary)
}
