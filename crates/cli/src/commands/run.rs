//! `cordon run`: execute a playbook, journaled, into a case directory.

use std::sync::Arc;

use cordon_core::clock::{Clock, SystemClock};
use cordon_core::journal::StepStatus;
use cordon_engine::RunContext;

use crate::cli::{Global, Output, RunArgs};
use crate::{CmdResult, Failure};

pub async fn run(g: &Global, args: &RunArgs) -> CmdResult {
    if g.fan.is_set() {
        return super::fanout::run(g, args).await;
    }
    let (case_dir, summary) = execute(g, args).await?;
    finish(g, &case_dir, &summary)
}

/// The run itself, without its summary printed: the case directory and the summary.
pub(super) async fn execute(
    g: &Global,
    args: &RunArgs,
) -> Result<(std::path::PathBuf, cordon_engine::RunSummary), Failure> {
    let prep = super::prepare(g, args)?;
    let session = super::session::connect_for(g, prep.case_id.as_str(), args.operator.as_deref(), None, None).await?;
    let case_dir = super::default_case_dir(args, &prep.case_id);
    if let Some(reviewed) = &prep.reviewed {
        let case = super::case_value(&prep.case_id, &case_dir, &session.caller, &session.aws);
        let now = cordon_playbook::plan::build(
            &prep.loaded.playbook,
            &prep.loaded.sha256,
            &crate::registry::specs(),
            &prep.inputs,
            &case,
        )
        .map_err(|d| {
            super::print_diagnostics(g, Some(&prep.loaded.source), &d);
            Failure::Invalid
        })?;
        super::check_reviewed(g, reviewed, &now)?;
    }
    let summary = execute_in(g, args, &prep, &session, &case_dir, None).await?;
    Ok((case_dir, summary))
}

/// Runs the prepared playbook as `session` into `case_dir` (one target of a fan-out when
/// `target` names it: then its approvals say which account they are for).
pub(super) async fn execute_in(
    g: &Global,
    args: &RunArgs,
    prep: &super::Prepared,
    session: &super::session::Session,
    case_dir: &std::path::Path,
    target: Option<&str>,
) -> Result<cordon_engine::RunSummary, Failure> {
    let (aws, caller) = (&session.aws, &session.caller);
    let lock = super::lock_case(case_dir, "run")?;
    super::note_takeover(case_dir, &lock, args.operator.as_deref(), g.output)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The caller identity is journaled (case_opened) before any step runs.
    let opened = super::open_case(case_dir, prep.case_id.as_str(), session, args.operator.as_deref(), clock.clone())?;
    let dir = opened.dir;
    let mut approver = super::CliApprover::new(args.yes, args.operator.clone().unwrap_or_else(|| caller.arn.clone()));
    approver.target = target.map(str::to_string);
    let history = super::case_history(case_dir)?;
    let rc = RunContext {
        journal: &dir,
        artifacts: &dir,
        clock: clock.as_ref(),
        case_id: &prep.case_id,
        case: super::case_value(&prep.case_id, case_dir, caller, aws),
        caller: caller.clone(),
        run: dir.runs_so_far() + 1,
        approver: &approver,
        max_parallel: usize::from(g.max_parallel),
        history: &history,
    };
    if g.output == Output::Text && target.is_none() {
        eprintln!(
            "Case {} in {} — acting as {} in account {}{}",
            prep.case_id,
            case_dir.display(),
            caller.arn,
            caller.account,
            aws.endpoint().map(|e| format!(", through the custom endpoint {e}")).unwrap_or_default()
        );
    }
    cordon_engine::run(
        crate::registry::ACTIONS,
        aws,
        &prep.loaded.playbook,
        &prep.loaded.sha256,
        &prep.inputs,
        &rc,
        None,
    )
    .await
    .map_err(|e| Failure::Environment(e.to_string()))
}

/// Writes the report and prints the run's summary; the run's status becomes the exit status.
pub(super) fn finish(g: &Global, case_dir: &std::path::Path, summary: &cordon_engine::RunSummary) -> CmdResult {
    let report = super::report::write(case_dir, cordon_report::Format::Markdown, None, None)?;
    // The journal's head: an anchor to keep outside this machine (a ticket, a chat).
    let head = cordon_case::CaseJournal::read(case_dir).map(|j| j.checked.head).unwrap_or_default();
    if g.output == Output::Json {
        let out =
            serde_json::json!({ "case_dir": case_dir, "report": report, "summary": summary, "journal_head": head });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        for s in &summary.steps {
            match &s.error {
                None => println!("  ok    {}  {}", s.id, s.action),
                Some(e) => println!("  FAIL  {}  {}: {e}", s.id, s.action),
            }
        }
        for s in &summary.skipped {
            println!("  skip  {}  ({})", s.id, s.reason);
        }
        if let Some(step) = &summary.awaiting_approval {
            println!("  wait  {step}  needs approval: the run is paused");
            println!("\nApprove and continue: cordon resume {} --yes (or run it at a terminal)", case_dir.display());
        }
        println!("\nCase directory: {}\nReport: {}", case_dir.display(), report.display());
        println!("Journal anchor (keep it off this machine; `cordon evidence verify --anchor` checks it): {head}");
    }
    if summary.awaiting_approval.is_some() {
        return Err(Failure::NeedsApproval);
    }
    if summary.status == StepStatus::Succeeded { Ok(()) } else { Err(Failure::Failed) }
}
