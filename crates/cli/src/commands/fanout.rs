//! `cordon run|plan --accounts/--org/--regions`: one playbook across many accounts and
//! Regions.
//!
//! Each target (an account and a Region) is worked through its own role session and
//! written into a case of its own, `CASE_DIR/accounts/<account>/<region>/`: its journal
//! records the account, Region and assumed-role session that made every change, so
//! `resume` and `undo` of the case directory assume the same roles again, target by
//! target, and each target's chain of custody verifies on its own. Targets run side by
//! side (`--max-accounts`); one that fails (a role it cannot assume, a step that fails)
//! does not stop the others, and the summary says per account what happened.
//!
//! Account pinning: a target is acted in only through a session STS reports in that very
//! account; the declared set is `--accounts` (or what Organizations lists), nothing else.

use std::path::{Path, PathBuf};

use cordon_aws::Aws;
use cordon_core::ids::AccountId;
use futures::StreamExt;
use serde::Serialize;

use super::session::{self, Session};
use crate::cli::{Global, Output, RunArgs};
use crate::{CmdResult, Failure};

/// The folder of a case directory that holds its targets' cases.
pub const ACCOUNTS_DIR: &str = "accounts";

/// One account and Region a command acts in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Target {
    pub account: String,
    pub region: String,
    /// The role assumed there (none: the operator's own identity, `--regions` alone).
    pub role_arn: Option<String>,
}

impl Target {
    pub fn label(&self) -> String {
        format!("account {} ({})", self.account, self.region)
    }
}

/// Where a target's case is kept inside the case directory.
pub fn target_dir(case_dir: &Path, account: &str, region: &str) -> PathBuf {
    case_dir.join(ACCOUNTS_DIR).join(account).join(region)
}

/// The targets' cases a case directory holds (account, Region, directory), in order.
/// Only folders named like an account and a Region, holding a journal, are taken.
pub fn target_cases(case_dir: &Path) -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(accounts) = std::fs::read_dir(case_dir.join(ACCOUNTS_DIR)) else { return out };
    for a in accounts.flatten() {
        let account = a.file_name().to_string_lossy().to_string();
        if AccountId::new(&account).is_err() {
            continue;
        }
        let Ok(regions) = std::fs::read_dir(a.path()) else { continue };
        for r in regions.flatten() {
            let region = r.file_name().to_string_lossy().to_string();
            let named_like_a_region = region.len() <= 32
                && region.contains('-')
                && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if named_like_a_region && r.path().join(cordon_case::JOURNAL).is_file() {
                out.push((account.clone(), region, r.path()));
            }
        }
    }
    out.sort();
    out
}

/// Whether `case_dir` is a case of many targets (and no case of its own).
pub fn is_fanned_out(case_dir: &Path) -> bool {
    !case_dir.join(cordon_case::JOURNAL).exists() && !target_cases(case_dir).is_empty()
}

/// The role ARN of `name` (`path/name` allowed) in `account`.
fn role_arn(partition: &str, account: &str, name: &str) -> String {
    format!("arn:{partition}:iam::{account}:role/{}", name.trim_matches('/'))
}

/// The accounts and Regions the command's flags declare, resolved (Organizations for
/// `--org`, EC2 for `--regions all`) through the operator's own environment.
pub async fn targets(g: &Global, base: &Aws) -> Result<Vec<Target>, Failure> {
    let fan = &g.fan;
    if g.account.is_some() {
        return Err(invalid(
            "--account pins a single account: with --accounts or --org the declared set is the targets",
        ));
    }
    if g.role_arn.is_some() && (fan.org || !fan.accounts.is_empty()) {
        return Err(invalid(
            "--role-arn names one role: with --accounts or --org give --role-name (the role in each account)",
        ));
    }
    let mut accounts = Vec::new();
    for a in &fan.accounts {
        let id = AccountId::new(a.trim()).map_err(|e| invalid(&format!("--accounts: {e}")))?;
        accounts.push(id.as_str().to_string());
    }
    if fan.org {
        let listed = cordon_aws::org_accounts(base, fan.ou.as_deref()).await.map_err(|e| {
            Failure::Environment(format!(
                "--org: cannot list the organization's accounts (run from the management account or a delegated administrator): {e}"
            ))
        })?;
        accounts.extend(listed.into_iter().map(|a| a.id));
    }
    accounts.sort();
    accounts.dedup();
    let mut regions: Vec<String> = fan.regions.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    if regions.iter().any(|r| r == "all") {
        regions =
            cordon_aws::enabled_regions(base).await.map_err(|e| Failure::Environment(format!("--regions all: {e}")))?;
    } else if regions.is_empty() {
        regions
            .push(base.region().map(str::to_string).ok_or_else(|| invalid("no Region: give --region or --regions"))?);
    }
    regions.sort();
    regions.dedup();
    let roles: Vec<(String, Option<String>)> = if accounts.is_empty() {
        if fan.org {
            return Err(Failure::Environment("--org: the organization lists no active account".into()));
        }
        // `--regions` alone: the operator's own account, or --role-arn's.
        match &g.role_arn {
            Some(arn) => {
                cordon_aws::check_role_arn(arn).map_err(|e| invalid(&format!("--role-arn: {e}")))?;
                let account = cordon_aws::role_account(arn).unwrap_or_default().to_string();
                vec![(account, Some(arn.clone()))]
            }
            None => vec![(session::identify(base).await?.account, None)],
        }
    } else {
        let name = fan.role_name.as_deref().ok_or_else(|| {
            invalid("--accounts and --org need --role-name: the role to assume in each account (e.g. IR-Responder)")
        })?;
        accounts.into_iter().map(|a| (a.clone(), Some(role_arn(base.partition(), &a, name)))).collect()
    };
    let mut out = Vec::new();
    for (account, role_arn) in roles {
        for region in &regions {
            out.push(Target { account: account.clone(), region: region.clone(), role_arn: role_arn.clone() });
        }
    }
    Ok(out)
}

fn invalid(message: &str) -> Failure {
    eprintln!("error: {message}");
    Failure::Invalid
}

/// The session for `t`: its role assumed from `base` (checked to be in its account), or
/// the operator's own identity in its Region.
pub async fn session_for(
    g: &Global,
    base: &Aws,
    t: &Target,
    case: &str,
    operator: Option<&str>,
) -> Result<Session, Failure> {
    match &t.role_arn {
        Some(arn) => session::assume(base, &session::request(g, arn, case, operator), Some(&t.region)).await,
        None => {
            let aws = base.in_region(&t.region);
            let caller = session::identify(&aws).await?;
            if caller.account != t.account {
                return Err(Failure::Environment(format!(
                    "the credentials are for {}, not {}",
                    caller.account, t.account
                )));
            }
            Ok(Session { aws, caller, role: None })
        }
    }
}

/// What happened in one target.
#[derive(Debug, Serialize)]
struct Outcome {
    account: String,
    region: String,
    role_arn: Option<String>,
    /// The session that acted (the assumed-role ARN CloudTrail shows).
    acted_as: Option<String>,
    case_dir: PathBuf,
    report: Option<PathBuf>,
    status: &'static str,
    error: Option<String>,
    summary: Option<cordon_engine::RunSummary>,
}

fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Environment(m) => m.clone(),
        Failure::Invalid => "invalid (printed above)".into(),
        Failure::Failed => "failed".into(),
        Failure::NeedsApproval => "needs approval".into(),
        Failure::Untrusted => "untrusted".into(),
    }
}

/// `cordon run` over every target.
pub async fn run(g: &Global, args: &RunArgs) -> CmdResult {
    if args.plan.is_some() {
        return Err(invalid(
            "--plan runs one reviewed plan in one account: review each target's plan with `cordon plan`",
        ));
    }
    let prep = super::prepare(g, args)?;
    let base = session::base(g, None).await?;
    let targets = targets(g, &base).await?;
    let case_dir = super::default_case_dir(args, &prep.case_id);
    if g.output == Output::Text {
        eprintln!(
            "Case {} in {}: {} target(s) — {}",
            prep.case_id,
            case_dir.display(),
            targets.len(),
            targets.iter().map(Target::label).collect::<Vec<_>>().join(", ")
        );
    }
    let case = prep.case_id.as_str();
    let operator = args.operator.as_deref();
    let mut outcomes: Vec<Outcome> = futures::stream::iter(targets)
        .map(|t| {
            let (prep, base, case_dir) = (&prep, &base, &case_dir);
            async move {
                let dir = target_dir(case_dir, &t.account, &t.region);
                let mut o = Outcome {
                    account: t.account.clone(),
                    region: t.region.clone(),
                    role_arn: t.role_arn.clone(),
                    acted_as: None,
                    case_dir: dir.clone(),
                    report: None,
                    status: "error",
                    error: None,
                    summary: None,
                };
                let session = match session_for(g, base, &t, case, operator).await {
                    Ok(s) => s,
                    Err(f) => {
                        o.error = Some(failure_text(&f));
                        return o;
                    }
                };
                o.acted_as = Some(session.caller.arn.clone());
                match super::run::execute_in(g, args, prep, &session, &dir, Some(&t.label())).await {
                    Ok(summary) => {
                        o.report = super::report::write(&dir, cordon_report::Format::Markdown, None, None).ok();
                        o.status = status_of(&summary);
                        o.summary = Some(summary);
                    }
                    Err(f) => o.error = Some(failure_text(&f)),
                }
                o
            }
        })
        .buffer_unordered(usize::from(g.fan.max_accounts))
        .collect()
        .await;
    outcomes.sort_by(|a, b| (&a.account, &a.region).cmp(&(&b.account, &b.region)));
    print_outcomes(g, &case_dir, &outcomes);
    if outcomes.iter().any(|o| matches!(o.status, "error" | "failed")) {
        Err(Failure::Failed)
    } else if outcomes.iter().any(|o| o.status == "awaiting_approval") {
        Err(Failure::NeedsApproval)
    } else {
        Ok(())
    }
}

fn status_of(s: &cordon_engine::RunSummary) -> &'static str {
    if s.awaiting_approval.is_some() {
        "awaiting_approval"
    } else if s.status == cordon_core::journal::StepStatus::Succeeded {
        "succeeded"
    } else {
        "failed"
    }
}

fn print_outcomes(g: &Global, case_dir: &Path, outcomes: &[Outcome]) {
    if g.output == Output::Json {
        let v = serde_json::json!({ "case_dir": case_dir, "targets": outcomes });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    for o in outcomes {
        println!("{} {}  {}", o.account, o.region, o.status.to_uppercase().replace('_', " "));
        if let Some(arn) = &o.acted_as {
            println!("    as {arn}");
        }
        if let Some(e) = &o.error {
            println!("    error: {e}");
        }
        if let Some(s) = &o.summary {
            for step in &s.steps {
                match &step.error {
                    None => println!("    ok    {}  {}", step.id, step.action),
                    Some(e) => println!("    FAIL  {}  {}: {e}", step.id, step.action),
                }
            }
            if let Some(step) = &s.awaiting_approval {
                println!("    wait  {step}  needs approval: resume with `cordon resume {} --yes`", case_dir.display());
            }
        }
        println!("    case: {}", o.case_dir.display());
    }
    let ok = outcomes.iter().filter(|o| o.status == "succeeded").count();
    println!("\n{ok} of {} target(s) succeeded. Case directory: {}", outcomes.len(), case_dir.display());
}

/// A target's plan and the session it was made as.
type PlanFor = (cordon_playbook::plan::Plan, Session);

/// `cordon plan` over every target: each target's plan, read-only.
pub async fn plan(g: &Global, args: &RunArgs) -> CmdResult {
    let prep = super::prepare(g, args)?;
    let base = session::base(g, None).await?;
    let targets = targets(g, &base).await?;
    let case_dir = super::default_case_dir(args, &prep.case_id);
    let case = prep.case_id.as_str();
    let plans: Vec<(Target, Result<PlanFor, Failure>)> = futures::stream::iter(targets)
        .map(|t| {
            let (prep, base, case_dir) = (&prep, &base, &case_dir);
            async move {
                let made = async {
                    let s = session_for(g, base, &t, case, args.operator.as_deref()).await?;
                    let dir = target_dir(case_dir, &t.account, &t.region);
                    let plan = super::plan::checked_plan(g, prep, &s, &dir).await?;
                    Ok((plan, s))
                }
                .await;
                (t, made)
            }
        })
        .buffer_unordered(usize::from(g.fan.max_accounts))
        .collect()
        .await;
    let mut plans = plans;
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed = false;
    let mut json = Vec::new();
    for (t, made) in &plans {
        match made {
            Ok((plan, s)) => {
                failed |= plan.steps.iter().any(|st| st.check_error.is_some());
                if g.output == Output::Json {
                    json.push(serde_json::json!({ "account": t.account, "region": t.region, "acted_as": s.caller.arn, "plan": plan }));
                } else {
                    println!("=== {} ===", t.label());
                    super::plan::print_text(plan, &s.caller);
                    println!();
                }
            }
            Err(f) => {
                failed = true;
                if g.output == Output::Json {
                    json.push(
                        serde_json::json!({ "account": t.account, "region": t.region, "error": failure_text(f) }),
                    );
                } else {
                    println!("=== {} ===\nerror: {}\n", t.label(), failure_text(f));
                }
            }
        }
    }
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "targets": json })).unwrap_or_default());
    }
    if failed { Err(Failure::Failed) } else { Ok(()) }
}
