//! `cordon plan`: what a run would change. Read-only AWS calls only.

use cordon_playbook::plan::Plan;

use crate::cli::{Global, Output, RunArgs};
use crate::{CmdResult, Failure};

pub async fn run(g: &Global, args: &RunArgs) -> CmdResult {
    if g.fan.is_set() {
        return super::fanout::plan(g, args).await;
    }
    let prep = super::prepare(g, args)?;
    let session = super::session::connect_for(g, prep.case_id.as_str(), args.operator.as_deref(), None, None).await?;
    let case_dir = super::default_case_dir(args, &prep.case_id);
    let plan = checked_plan(g, &prep, &session, &case_dir).await?;
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&plan).unwrap_or_default());
    } else {
        print_text(&plan, &session.caller);
    }
    if plan.steps.iter().any(|s| s.check_error.is_some()) { Err(Failure::Failed) } else { Ok(()) }
}

/// The plan of the prepared playbook for `session`, with its read-only checks made.
pub(super) async fn checked_plan(
    g: &Global,
    prep: &super::Prepared,
    session: &super::session::Session,
    case_dir: &std::path::Path,
) -> Result<Plan, Failure> {
    let case = super::case_value(&prep.case_id, case_dir, &session.caller, &session.aws);
    let mut plan = cordon_playbook::plan::build(
        &prep.loaded.playbook,
        &prep.loaded.sha256,
        &crate::registry::specs(),
        &prep.inputs,
        &case,
    )
    .map_err(|diags| {
        super::print_diagnostics(g, Some(&prep.loaded.source), &diags);
        Failure::Invalid
    })?;
    cordon_engine::check_plan(crate::registry::ACTIONS, &session.aws, &prep.case_id, &mut plan).await;
    Ok(plan)
}

pub(super) fn print_text(plan: &Plan, caller: &cordon_core::journal::CallerIdentity) {
    println!(
        "Plan: playbook {} ({}), case {}",
        plan.playbook,
        plan.playbook_file,
        plan.case["id"].as_str().unwrap_or("?")
    );
    println!("Acting as {} in account {}\n", caller.arn, caller.account);
    for (n, s) in plan.steps.iter().enumerate() {
        let after =
            if s.after.is_empty() { "starts at once".to_string() } else { format!("after {}", s.after.join(", ")) };
        println!("{}. {}  {}  {}  ({after})", n + 1, s.id, s.action, if s.mutates { "CHANGES" } else { "read-only" });
        if let Some(item) = &s.item {
            println!("     for item {item}");
        }
        if let Some(reason) = &s.skipped {
            println!("     - will not run: {reason}");
            continue;
        }
        if let Some(when) = &s.when {
            println!("     only when {when}");
        }
        for o in &s.plan.observations {
            println!("     . {o}");
        }
        for c in &s.plan.changes {
            println!("     ~ {}: {}", c.resource, c.description);
        }
        for w in &s.plan.warnings {
            println!("     ! {w}");
        }
        if !s.deferred.is_empty() {
            println!("     (parameters {} come from earlier steps: checked when they run)", s.deferred.join(", "));
        }
        if let Some(e) = &s.check_error {
            println!("     x check failed: {e}");
        }
    }
    let changes: usize = plan.steps.iter().map(|s| s.plan.changes.len()).sum();
    println!("\n{changes} change(s) planned. Nothing was changed: plan makes read-only calls only.");
}
