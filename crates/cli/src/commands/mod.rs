//! One module per command; shared preparation (read, validate, connect) here.

mod actions;
mod athena;
pub mod drill;
mod evidence;
mod fanout;
mod hunt;
mod image;
mod plan;
mod report;
mod resume;
mod run;
pub mod session;
mod timeline;
mod undo;
mod validate;

use std::path::{Path, PathBuf};

use cordon_aws::Aws;
use cordon_core::diagnostic::{Code, Diagnostic};
use cordon_core::ids::{AccountId, CaseId};
use cordon_core::journal::CallerIdentity;
use cordon_playbook::Playbook;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::cli::{
    ActionsCommand, AthenaCommand, Cli, Command, DrillCommand, EvidenceCommand, Global, Output, RunArgs,
    TimelineCommand,
};
use crate::{CmdResult, Failure};

pub async fn dispatch(cli: Cli) -> CmdResult {
    let g = &cli.global;
    check_fan_out(g, &cli.command)?;
    match &cli.command {
        Command::Validate { files } => validate::run(g, files),
        Command::Plan(args) => plan::run(g, args).await,
        Command::Run(args) => run::run(g, args).await,
        Command::Actions { command: ActionsCommand::List } => actions::list(g),
        Command::Actions { command: ActionsCommand::Show { name } } => actions::show(g, name),
        Command::Actions { command: ActionsCommand::Docs } => {
            print!("{}", actions::reference_markdown());
            Ok(())
        }
        Command::Actions { command: ActionsCommand::Commands } => {
            print!("{}", actions::volatile_commands_markdown());
            Ok(())
        }
        Command::Evidence {
            command:
                EvidenceCommand::Verify {
                    path,
                    public_key,
                    trusted_keys,
                    require_signature,
                    anchor,
                    max_size,
                    extract_to,
                    custody,
                },
        } => {
            let how = evidence::How {
                public_keys: public_key,
                trusted_keys: trusted_keys.as_deref(),
                require_signature: *require_signature,
                anchor: anchor.as_deref(),
                max_size: *max_size,
                extract_to: extract_to.as_deref(),
            };
            evidence::verify(g, path, &how, custody)
        }
        Command::Evidence { command: EvidenceCommand::Image { snapshot_id, out, concurrency } } => {
            image::image(g, snapshot_id, out, *concurrency).await
        }
        Command::Evidence { command: EvidenceCommand::ChangedBlocks { first, second } } => {
            image::changed_blocks(g, first, second).await
        }
        Command::Evidence { command: EvidenceCommand::Repair { case_dir, operator } } => {
            evidence::repair(g, case_dir, operator.as_deref())
        }
        Command::Evidence { command: EvidenceCommand::Bundle { case_dir, out, sign, custody } } => {
            evidence::bundle(g, case_dir, out, sign.as_deref(), custody)
        }
        Command::Timeline { command: TimelineCommand::Build { args, out, format, raw, .. } } => {
            timeline::build(g, args, out.as_deref(), *format, *raw).await
        }
        Command::Timeline { command: TimelineCommand::VerifyDigests { from, bucket_region, start, end } } => {
            timeline::verify_digests(g, from, bucket_region.as_deref(), start, end).await
        }
        Command::Athena {
            command: AthenaCommand::Ddl { from, table, database, bucket_region, apply, workgroup, output_location },
        } => {
            let table = database.as_ref().map_or_else(|| table.clone(), |d| format!("{d}.cloudtrail"));
            let how = athena::Apply {
                apply: *apply,
                workgroup: workgroup.as_deref(),
                output_location: output_location.as_deref(),
            };
            athena::ddl(g, from, &table, bucket_region.as_deref(), &how).await
        }
        Command::Hunt { args, format, events, suggest, suggest_dir } => {
            hunt::run(g, args, *format, events.as_deref(), *suggest, suggest_dir.as_deref()).await
        }
        Command::Drill { command } => match command {
            DrillCommand::List => drill::list(g),
            DrillCommand::Schema => {
                println!("{}", serde_json::to_string_pretty(&cordon_drill::scenario::schema()).unwrap_or_default());
                Ok(())
            }
            DrillCommand::Show { scenario } => drill::show(g, scenario),
            DrillCommand::Start { scenario, dir, ttl_hours } => {
                drill::start(g, scenario, dir.as_deref(), *ttl_hours).await
            }
            DrillCommand::Status { dir } => drill::status(g, dir),
            DrillCommand::Score { dir, case_dirs, format, out } => {
                drill::score(g, dir, case_dirs, *format, out.as_deref()).await
            }
            DrillCommand::Cleanup { dir, delete_evidence } => drill::cleanup(g, dir, *delete_evidence).await,
            DrillCommand::Gameday { file, dir } => drill::gameday(g, file, dir.as_deref()).await,
            DrillCommand::Run { scenario, respond, set, dir, keep, delete_evidence, format } => {
                let clean = (!*keep).then_some(*delete_evidence);
                drill::run(g, scenario, respond, set, dir.as_deref(), clean, *format).await
            }
        },
        Command::Report { case_dir, out, format, template } => {
            report::run(g, case_dir, *format, out.as_deref(), template.as_deref())
        }
        Command::Resume { case_dir, playbook, operator, yes } => {
            resume::run(g, case_dir, playbook.as_deref(), operator.as_deref(), *yes).await
        }
        Command::Completions { shell } => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "cordon", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map_err(|e| Failure::Environment(format!("writing the man page: {e}")))
        }
        Command::Schema => {
            println!("{}", actions::schema_json());
            Ok(())
        }
        Command::IamPolicy { playbooks, no_undo, partition, trusted_account } => {
            let specs = crate::registry::specs();
            let loaded: Vec<_> =
                playbooks.iter().map(|p| load_playbook(g, p).map(|l| l.playbook)).collect::<Result<_, _>>()?;
            let opts = cordon_playbook::iam::PolicyOptions {
                undo: !no_undo,
                partition: partition.clone(),
                account: g.account.clone().unwrap_or_else(|| "*".into()),
            };
            let policy = cordon_playbook::iam::policy(&loaded, &specs, &opts);
            if trusted_account.is_empty() {
                println!("{}", serde_json::to_string_pretty(&policy).unwrap_or_default());
                return Ok(());
            }
            for a in trusted_account {
                AccountId::new(a).map_err(|e| Failure::Environment(format!("--trusted-account: {e}")))?;
            }
            let role_name = g.fan.role_name.as_deref().unwrap_or("IR-Responder");
            let whole = serde_json::json!({
                "member_role": {
                    "role_name": role_name,
                    "permissions": policy,
                    "trust_policy": cordon_playbook::iam::member_trust_policy(partition, trusted_account, g.external_id.as_deref()),
                },
                "responder": cordon_playbook::iam::responder_policy(partition, role_name),
            });
            println!("{}", serde_json::to_string_pretty(&whole).unwrap_or_default());
            Ok(())
        }
        Command::Undo { case_dir, yes, force, operator } => {
            undo::run(g, case_dir, *yes, *force, operator.as_deref()).await
        }
    }
}

/// Refuses fan-out flags a command would not use (a flag parsed and then ignored is a
/// dry run that is not one): `run` and `plan` target accounts and Regions, `timeline
/// build` and `hunt` read those accounts' and Regions' folders of an archive; `resume`
/// and `undo` act where the case recorded.
fn check_fan_out(g: &Global, command: &Command) -> CmdResult {
    let f = &g.fan;
    let any = f.is_set() || f.role_name.is_some() || f.ou.is_some();
    let targets = matches!(command, Command::Run(_) | Command::Plan(_))
        || (matches!(command, Command::IamPolicy { .. }) && !f.is_set() && f.ou.is_none());
    let lookup = match command {
        Command::Timeline { command: TimelineCommand::Build { args, .. } } => Some(args.lookup),
        Command::Hunt { args, .. } => Some(args.lookup),
        Command::Athena { .. } => Some(false),
        _ => None,
    };
    // Folder filters of an archive (--accounts, --regions), or with --lookup its targets.
    let reads = lookup == Some(true) || (lookup == Some(false) && !f.org && f.role_name.is_none() && f.ou.is_none());
    if !any || targets || reads {
        return Ok(());
    }
    eprintln!(
        "error: --accounts, --org, --ou, --regions and --role-name target `run` and `plan`, and `--lookup` of \
`timeline build` and `hunt`; for an archive (--from) --accounts and --regions are folder filters; `resume` and \
`undo` act in the accounts and Regions the case recorded, through the roles it recorded"
    );
    Err(Failure::Invalid)
}

/// Prints diagnostics (text with source excerpts, or JSON).
pub fn print_diagnostics(g: &Global, source: Option<&str>, diags: &[Diagnostic]) {
    if g.output == Output::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "ok": false, "diagnostics": diags })).unwrap_or_default()
        );
        return;
    }
    for d in diags {
        eprintln!("{}", d.render(source));
    }
    let n = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("{n} error{}", if n == 1 { "" } else { "s" });
}

/// A playbook read, validated, with its SHA-256.
pub struct Loaded {
    pub playbook: Playbook,
    pub source: String,
    pub sha256: String,
}

pub fn load_playbook(g: &Global, path: &Path) -> Result<Loaded, Failure> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        print_diagnostics(
            g,
            None,
            &[Diagnostic::error(Code::Unreadable, format!("cannot read the playbook: {e}")).in_file(&file)],
        );
        Failure::Invalid
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let source = String::from_utf8(bytes).map_err(|_| {
        print_diagnostics(
            g,
            None,
            &[Diagnostic::error(Code::NotUtf8, "the playbook is not UTF-8 text").in_file(&file)],
        );
        Failure::Invalid
    })?;
    match cordon_playbook::validate(&file, &source, &crate::registry::specs()) {
        Ok(playbook) => Ok(Loaded { playbook, source, sha256 }),
        Err(diags) => {
            print_diagnostics(g, Some(&source), &diags);
            Err(Failure::Invalid)
        }
    }
}

/// Everything `plan` and `run` share: the checked playbook, case id and inputs.
pub struct Prepared {
    pub loaded: Loaded,
    pub case_id: CaseId,
    pub inputs: Map<String, Value>,
    /// The reviewed plan given with `--plan`.
    pub reviewed: Option<cordon_playbook::plan::Plan>,
}

pub fn prepare(g: &Global, args: &RunArgs) -> Result<Prepared, Failure> {
    let case_id = CaseId::new(&args.case).map_err(|e| {
        print_diagnostics(g, None, &[Diagnostic::error(Code::BadCaseId, format!("--case: {e}"))]);
        Failure::Invalid
    })?;
    let reviewed = match &args.plan {
        Some(path) => Some(read_plan(path)?),
        None => None,
    };
    let playbook_path = match (&args.playbook, &reviewed) {
        (Some(p), _) => p.clone(),
        (None, Some(plan)) => std::path::PathBuf::from(&plan.playbook_file),
        (None, None) => return Err(Failure::Invalid),
    };
    let loaded = load_playbook(g, &playbook_path)?;
    let mut sets = Vec::new();
    let mut diags = Vec::new();
    let mut finding_type = None;
    if let Some(path) = &args.from_finding {
        let file = path.display().to_string();
        let doc = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| cordon_playbook::finding::facts_from_text(&t));
        match doc {
            Ok(facts) => {
                // Only the facts the playbook declares as inputs; the rest is context.
                for (k, v) in facts.values {
                    if loaded.playbook.inputs.iter().any(|i| i.name == k) {
                        sets.push((k, v));
                    }
                }
                finding_type = Some(facts.finding_type);
            }
            Err(e) => diags.push(Diagnostic::error(Code::BadFinding, format!("--from-finding: {e}")).in_file(file)),
        }
    }
    if let Some(path) = &args.inputs {
        let file = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => match cordon_playbook::inputs::parse_file(&file, &text) {
                Ok(values) => sets.extend(values),
                Err(d) => diags.push(d),
            },
            Err(e) => diags
                .push(Diagnostic::error(Code::Unreadable, format!("cannot read the inputs file: {e}")).in_file(file)),
        }
    }
    for s in &args.set {
        match cordon_playbook::inputs::parse_set(s) {
            Ok((k, v)) => sets.push((k, Value::String(v))),
            Err(e) => diags.push(Diagnostic::error(Code::BadSet, format!("--set {e}")).hint("write --set name=value")),
        }
    }
    if sets.is_empty()
        && let Some(plan) = &reviewed
    {
        sets.extend(plan.inputs.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let inputs = match cordon_playbook::inputs::resolve(&loaded.playbook, &sets) {
        Ok(i) if diags.is_empty() => i,
        Ok(_) => Map::new(),
        Err(mut more) => {
            if let Some(t) = &finding_type {
                for d in more.iter_mut().filter(|d| d.code == "missing-input") {
                    d.message = format!("{}: the finding ({t}) names no such resource", d.message);
                }
            }
            diags.extend(more);
            Map::new()
        }
    };
    if !diags.is_empty() {
        print_diagnostics(g, Some(&loaded.source), &diags);
        return Err(Failure::Invalid);
    }
    Ok(Prepared { loaded, case_id, inputs, reviewed })
}

fn read_plan(path: &Path) -> Result<cordon_playbook::plan::Plan, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Environment(format!("{}: not a plan written by `cordon plan --output json`: {e}", path.display()))
    })
}

/// Refuses to run a reviewed plan when anything it was made from has changed: the
/// playbook, the inputs, the case, the account, or the steps it renders to.
pub fn check_reviewed(
    g: &Global,
    reviewed: &cordon_playbook::plan::Plan,
    now: &cordon_playbook::plan::Plan,
) -> Result<(), Failure> {
    let mut problems = Vec::new();
    if reviewed.playbook_sha256 != now.playbook_sha256 {
        problems.push(format!(
            "the playbook changed (SHA-256 {} when planned, {} now)",
            reviewed.playbook_sha256, now.playbook_sha256
        ));
    }
    if reviewed.inputs != now.inputs {
        problems.push(format!(
            "the inputs differ (planned {}, now {})",
            Value::Object(reviewed.inputs.clone()),
            Value::Object(now.inputs.clone())
        ));
    }
    for key in ["id", "account", "region"] {
        if reviewed.case[key] != now.case[key] {
            problems.push(format!("the case {key} differs (planned {}, now {})", reviewed.case[key], now.case[key]));
        }
    }
    let steps = |p: &cordon_playbook::plan::Plan| {
        p.steps.iter().map(|s| (s.id.clone(), s.action.clone(), s.params.clone())).collect::<Vec<_>>()
    };
    if problems.is_empty() && steps(reviewed) != steps(now) {
        problems.push("the steps render differently from the reviewed plan".into());
    }
    if problems.is_empty() {
        return Ok(());
    }
    let diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| {
            Diagnostic::error(Code::PlanMismatch, format!("refusing to run the reviewed plan: {p}"))
                .hint("make and review a new plan")
        })
        .collect();
    print_diagnostics(g, None, &diags);
    Err(Failure::Invalid)
}

/// Loads AWS configuration and asks STS who we are (through `--role-arn` if given);
/// enforces `--account`. For commands outside a case (drills).
pub async fn connect(g: &Global) -> Result<(Aws, CallerIdentity), Failure> {
    let s = session::connect_for(g, "drill", None, None, None).await?;
    Ok((s.aws, s.caller))
}

/// The `case` object templates see.
/// Takes the case's lock for `command`: one writer per case. Fails naming the holder.
pub fn lock_case(dir: &Path, command: &str) -> Result<cordon_case::CaseLock, Failure> {
    use cordon_core::clock::Clock as _;
    let now = cordon_core::clock::rfc3339_millis(cordon_core::clock::SystemClock.now());
    cordon_case::CaseLock::acquire(dir, command, &now).map_err(|e| Failure::Environment(e.to_string()))
}

/// Journals (custody) that the case's lock was taken over from a holder that died with it.
pub fn note_takeover(
    dir: &Path,
    lock: &cordon_case::CaseLock,
    operator: Option<&str>,
    output: crate::cli::Output,
) -> Result<(), Failure> {
    let Some(holder) = &lock.taken_over else { return Ok(()) };
    if output == crate::cli::Output::Text {
        eprintln!("note: {holder} ended without releasing {}; the case is taken over", dir.display());
    }
    if !dir.join(cordon_case::JOURNAL).exists() {
        return Ok(());
    }
    let event = cordon_core::journal::Event::Custody {
        what: "lock_taken_over".into(),
        operator: operator.map(str::to_string),
        user: evidence::local_user(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        ok: true,
        detail: serde_json::to_value(holder).unwrap_or_default(),
    };
    cordon_case::append_custody(dir, event, &cordon_core::clock::SystemClock)
        .map_err(|e| Failure::Environment(e.to_string()))?;
    Ok(())
}

/// The role and Region a case was opened with (its first entry): `resume` and `undo` act
/// through the same role, in the same Region.
pub fn opened_with(
    entries: &[cordon_core::journal::Entry],
) -> (Option<cordon_core::journal::AssumedRole>, Option<String>) {
    match entries.first().map(|e| &e.event) {
        Some(cordon_core::journal::Event::CaseOpened { role, region, .. }) => (role.clone(), region.clone()),
        _ => (None, None),
    }
}

/// Runs `one` on every target's case of a fanned-out case directory, one after another,
/// each under a heading; the worst outcome is the command's.
pub async fn each_target<'a, F, Fut>(g: &'a Global, case_dir: &'a Path, one: F) -> CmdResult
where
    F: Fn(PathBuf) -> Fut,
    Fut: std::future::Future<Output = CmdResult> + 'a,
{
    let mut worst: CmdResult = Ok(());
    for (account, region, dir) in fanout::target_cases(case_dir) {
        if g.output == Output::Text {
            println!("=== account {account} ({region}) ===");
        }
        let result = one(dir).await;
        if let Err(e) = &result
            && let Failure::Environment(m) = e
        {
            eprintln!("error: account {account} ({region}): {m}");
        }
        worst = match (worst, result) {
            (Err(Failure::Environment(_)), _) | (_, Err(Failure::Environment(_))) => Err(Failure::Failed),
            (Err(Failure::Failed), _) | (_, Err(Failure::Failed)) => Err(Failure::Failed),
            (Err(e), _) | (_, Err(e)) => Err(e),
            (Ok(()), Ok(())) => Ok(()),
        };
    }
    worst
}

/// Opens (or reopens) `case_dir` for `case_id` as `session`: a new case's first entry
/// records who acts, where, through which role; an existing one must be the same case,
/// account and Region.
pub fn open_case(
    case_dir: &Path,
    case_id: &str,
    session: &session::Session,
    operator: Option<&str>,
    clock: std::sync::Arc<dyn cordon_core::clock::Clock>,
) -> Result<cordon_case::OpenCase, Failure> {
    let who = cordon_case::Opener {
        caller: &session.caller,
        operator,
        region: session.aws.region(),
        endpoint: session.aws.endpoint(),
        role: session.role.as_ref(),
    };
    cordon_case::CaseDir::open(case_dir, case_id, &who, clock).map_err(|e| Failure::Environment(e.to_string()))
}

/// The checkpoints the case's journal holds (read after the case is opened, so it exists).
pub fn case_history(dir: &Path) -> Result<cordon_engine::CaseHistory, Failure> {
    let read = cordon_case::CaseJournal::read(dir).map_err(|e| Failure::Environment(e.to_string()))?;
    let entries = read.intact().map_err(|e| Failure::Environment(e.to_string()))?;
    Ok(cordon_engine::CaseHistory::from_entries(entries))
}

pub fn case_value(case_id: &CaseId, dir: &Path, caller: &CallerIdentity, aws: &Aws) -> Value {
    serde_json::json!({ "id": case_id.as_str(), "dir": dir.display().to_string(), "account": caller.account, "region": aws.region() })
}

/// One prompt at a time, when concurrent steps (of one target or several) reach their
/// gates together.
static PROMPT: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Approval at the edge: `--yes`, or a person at a terminal typing `yes`.
pub struct CliApprover {
    pub yes: bool,
    /// Who approves: the operator name, else the acting principal.
    pub who: String,
    /// The account and Region the steps act in, when a run has several.
    pub target: Option<String>,
}

impl CliApprover {
    pub fn new(yes: bool, who: String) -> Self {
        CliApprover { yes, who, target: None }
    }
}

impl cordon_engine::Approver for CliApprover {
    fn approve<'a>(
        &'a self,
        step_id: &'a str,
        action: &'a str,
        changes: &'a [cordon_core::action::Change],
    ) -> futures::future::BoxFuture<'a, Option<String>> {
        use std::io::IsTerminal;
        Box::pin(async move {
            if self.yes {
                return Some(format!("{} (--yes)", self.who));
            }
            if !std::io::stdin().is_terminal() {
                return None;
            }
            let _one_at_a_time = PROMPT.lock().await;
            let place = self.target.as_deref().map(|t| format!(" in {t}")).unwrap_or_default();
            let mut text = format!("\nStep `{step_id}` ({action}){place} needs approval. It will change:\n");
            for c in changes {
                text.push_str(&format!("  ~ {}: {}\n", c.resource, c.description));
            }
            text.push_str("Type `yes` to approve: ");
            // The prompt blocks a thread of its own; steps already running go on.
            let approved = tokio::task::spawn_blocking(move || {
                use std::io::{BufRead, Write};
                eprint!("{text}");
                let _ = std::io::stderr().flush();
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer).ok()?;
                Some(answer.trim() == "yes")
            })
            .await
            .ok()
            .flatten()?;
            approved.then(|| format!("{} (terminal)", self.who))
        })
    }
}

pub fn default_case_dir(args: &RunArgs, case_id: &CaseId) -> std::path::PathBuf {
    args.case_dir.clone().unwrap_or_else(|| Path::new("cases").join(case_id.as_str()))
}
