//! `cordon drill`: simulated incidents in the emulator (or an opted-in sandbox account),
//! the team's response scored, and everything the drill made deleted.

use std::path::{Path, PathBuf};

use cordon_core::diagnostic::{Code, Diagnostic};
use cordon_drill::scenario::Scenario;
use cordon_drill::score::Scorecard;
use cordon_drill::state::DrillState;
use sha2::{Digest, Sha256};

use crate::cli::{DrillFormat, Global, Output, RunArgs};
use crate::{CmdResult, Failure};

/// The folder of shipped scenarios.
const DRILLS: &str = "drills";

fn env(e: impl std::fmt::Display) -> Failure {
    Failure::Environment(e.to_string())
}

/// A scenario by path, or by name in `./drills/`.
pub fn scenario_path(name: &str) -> PathBuf {
    let p = PathBuf::from(name);
    if p.exists() { p } else { Path::new(DRILLS).join(format!("{name}.yaml")) }
}

/// A scenario, read and checked (problems printed with their positions).
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: String,
    pub sha256: String,
}

pub fn load(g: &Global, path: &Path) -> Result<LoadedScenario, Failure> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let d = Diagnostic::error(Code::Unreadable, format!("cannot read the scenario: {e}"))
            .in_file(&file)
            .hint(format!("scenarios are files, or names of the files in ./{DRILLS}/ (cordon drill list)"));
        super::print_diagnostics(g, None, &[d]);
        Failure::Invalid
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let source = String::from_utf8(bytes).map_err(|_| {
        super::print_diagnostics(
            g,
            None,
            &[Diagnostic::error(Code::NotUtf8, "the scenario is not UTF-8 text").in_file(&file)],
        );
        Failure::Invalid
    })?;
    match cordon_drill::load(&file, &source) {
        Ok(scenario) => Ok(LoadedScenario { scenario, file, sha256 }),
        Err(diags) => {
            super::print_diagnostics(g, Some(&source), &diags);
            Err(Failure::Invalid)
        }
    }
}

/// Whether a YAML file is a drill scenario (its top level names a `drill:`).
pub fn is_scenario(source: &str) -> bool {
    source.lines().any(|l| l.starts_with("drill:"))
}

pub fn list(g: &Global) -> CmdResult {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DRILLS)
        .map_err(|e| env(format!("./{DRILLS}: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        let l = load(g, &f)?;
        rows.push(serde_json::json!({"name": l.scenario.drill, "title": l.scenario.title,
            "playbooks": l.scenario.playbooks, "file": l.file}));
    }
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default());
    } else {
        for r in &rows {
            let playbooks: Vec<&str> =
                r["playbooks"].as_array().into_iter().flatten().filter_map(|p| p.as_str()).collect();
            println!(
                "{:<24} {}  [{}]",
                r["name"].as_str().unwrap_or_default(),
                r["title"].as_str().unwrap_or_default(),
                playbooks.join(", ")
            );
        }
    }
    Ok(())
}

pub fn show(g: &Global, name: &str) -> CmdResult {
    let l = load(g, &scenario_path(name))?;
    let s = &l.scenario;
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(s).unwrap_or_default());
        return Ok(());
    }
    println!("{} — {}\n\n{}\n", s.drill, s.title, s.description.trim());
    println!("Playbooks: {}", s.playbooks.join(", "));
    println!("Set up: {}", s.setup.iter().map(|r| r.name().to_string()).collect::<Vec<_>>().join(", "));
    println!("Attack, as {} from {}:", s.attack.principal, s.attack.source_ip);
    for step in &s.attack.steps {
        let (source, event) = step.call.event();
        let stratus = step.stratus.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
        println!("  +{:>4}s  {source} {event}  {}{stratus}", step.after_seconds, step.technique);
    }
    println!("Alert: {} (severity {})", s.alert.finding_type, s.alert.severity);
    println!("Pass mark: {}", s.expect.pass_mark);
    Ok(())
}

pub async fn start(g: &Global, scenario: &str, dir: Option<&Path>, ttl_hours: u32) -> CmdResult {
    let l = load(g, &scenario_path(scenario))?;
    let started = start_loaded(g, &l, dir, ttl_hours).await?;
    if g.output == Output::Json {
        let out = serde_json::json!({"drill_id": started.state.drill_id, "dir": started.dir,
            "alert": started.alert_file, "briefing": started.briefing});
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!("{}", started.briefing);
        println!("Drill directory: {}", started.dir.display());
    }
    Ok(())
}

async fn start_loaded(
    g: &Global,
    l: &LoadedScenario,
    dir: Option<&Path>,
    ttl_hours: u32,
) -> Result<cordon_drill::Started, Failure> {
    let (aws, _caller) = super::connect(g).await?;
    let opts = cordon_drill::StartOptions {
        file: &l.file,
        sha256: &l.sha256,
        dir,
        account: g.account.as_deref(),
        ttl: jiff::SignedDuration::from_hours(i64::from(ttl_hours)),
    };
    let started = cordon_drill::start(&aws, &l.scenario, &opts).await.map_err(|e| {
        env(format!("{e} (what was created is in the drill's state file: `cordon drill cleanup DIR` removes it)"))
    })?;
    // An attack call can fail (as a real one can); the drill's operator should know.
    for c in started.state.attack.iter().filter(|c| c.result != "ok") {
        eprintln!("drill: the attack's {} {} failed: {}", c.event_source, c.event_name, c.result);
    }
    Ok(started)
}

/// The state and the scenario it was started from (refused if the file changed since).
fn reopen(g: &Global, dir: &Path) -> Result<(DrillState, LoadedScenario), Failure> {
    let state = DrillState::read(dir).map_err(env)?;
    let l = load(g, Path::new(&state.scenario_file))?;
    if l.sha256 != state.scenario_sha256 {
        return Err(env(format!(
            "{} changed since drill {} started (SHA-256 {} then, {} now): score with the scenario it ran",
            l.file, state.drill_id, state.scenario_sha256, l.sha256
        )));
    }
    Ok((state, l))
}

pub fn status(g: &Global, dir: &Path) -> CmdResult {
    let state = DrillState::read(dir).map_err(env)?;
    let now = jiff::Timestamp::now();
    let made = state.resources.iter().filter(|r| r.confirmed).count();
    let deleted = state.resources.iter().filter(|r| r.deleted).count();
    let phase = match (&state.cleaned_at, state.alert_at) {
        (Some(_), _) => "cleaned up",
        (None, None) => "interrupted before the alert (clean it up)",
        (None, Some(_)) if now > state.cleanup_due => "cleanup due",
        (None, Some(_)) => "running",
    };
    if g.output == Output::Json {
        let out = serde_json::json!({"drill_id": state.drill_id, "scenario": state.scenario, "phase": phase,
            "started_at": state.started_at, "alert_at": state.alert_at, "cleanup_due": state.cleanup_due,
            "cleaned_at": state.cleaned_at, "resources": state.resources, "attack": state.attack});
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!("Drill {} ({}): {phase}", state.drill_id, state.scenario);
        println!("  account {} {}, started {}", state.account, state.region, state.started_at);
        if let Some(a) = state.alert_at {
            println!("  alert handed over {a}; cleanup due {}", state.cleanup_due);
        }
        println!("  {made} resources created, {deleted} deleted; {} attack calls", state.attack.len());
    }
    Ok(())
}

fn render(card: &Scorecard, format: DrillFormat) -> String {
    match format {
        DrillFormat::Text | DrillFormat::Md => card.markdown(),
        DrillFormat::Json => serde_json::to_string_pretty(card).unwrap_or_default(),
        DrillFormat::Html => {
            let md = card.markdown();
            let mut body = String::new();
            // What the account holds (names, keys, policies in the details) is text here:
            // the attacker may control it, so no markup from it reaches the page.
            let parser =
                pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES).map(|e| match e {
                    pulldown_cmark::Event::Html(t) | pulldown_cmark::Event::InlineHtml(t) => {
                        pulldown_cmark::Event::Text(t)
                    }
                    e => e,
                });
            pulldown_cmark::html::push_html(&mut body, parser);
            format!(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\">\
                 <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
                 <title>Drill {}</title>\
                 <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{border:1px solid #ccc;padding:.2em .5em}}table{{border-collapse:collapse}}</style>\
                 </head><body>\n{body}</body></html>\n",
                card.drill_id
            )
        }
    }
}

fn print_card(g: &Global, card: &Scorecard, format: DrillFormat, out: Option<&Path>) -> CmdResult {
    let format = if g.output == Output::Json { DrillFormat::Json } else { format };
    let text = render(card, format);
    match out {
        Some(p) => std::fs::write(p, text).map_err(|e| env(format!("{}: {e}", p.display())))?,
        None => println!("{text}"),
    }
    if card.passed { Ok(()) } else { Err(Failure::Failed) }
}

pub async fn score(
    g: &Global,
    dir: &Path,
    case_dirs: &[PathBuf],
    format: DrillFormat,
    out: Option<&Path>,
) -> CmdResult {
    let (state, l) = reopen(g, dir)?;
    let (aws, _) = super::connect(g).await?;
    let card = cordon_drill::score::score(&aws, &l.scenario, &state, case_dirs).await.map_err(env)?;
    print_card(g, &card, format, out)
}

pub async fn cleanup(g: &Global, dir: &Path, delete_evidence: bool) -> CmdResult {
    let mut state = DrillState::read(dir).map_err(env)?;
    let (aws, _) = super::connect(g).await?;
    let cleaned = cordon_drill::cleanup::run(&aws, &mut state, dir, delete_evidence).await.map_err(env)?;
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&cleaned).unwrap_or_default());
    } else {
        for d in &cleaned.deleted {
            println!("  deleted  {d}");
        }
        for r in &cleaned.refused {
            println!("  refused  {r}");
        }
        println!("Nothing carrying drill id {} is left.", state.drill_id);
    }
    Ok(())
}

/// `cordon drill run`: start, respond with the playbook (inputs from the alert), score,
/// clean up. Exits non-zero below the pass mark.
pub async fn run(
    g: &Global,
    scenario: &str,
    respond: &[String],
    set: &[String],
    dir: Option<&Path>,
    clean: Option<bool>,
    format: DrillFormat,
) -> CmdResult {
    let l = load(g, &scenario_path(scenario))?;
    let card = run_one(g, &l, respond, set, dir, clean).await?;
    print_card(g, &card, format, None)
}

/// One drill, start to cleanup, with a playbook's response: its scorecard. `clean`:
/// cleaned up after (`Some`, with the response's snapshots when `Some(true)`) or kept.
async fn run_one(
    g: &Global,
    l: &LoadedScenario,
    respond: &[String],
    set: &[String],
    dir: Option<&Path>,
    clean: Option<bool>,
) -> Result<Scorecard, Failure> {
    let playbooks: Vec<PathBuf> = respond
        .iter()
        .map(|r| {
            let p = PathBuf::from(r);
            if p.exists() { p } else { PathBuf::from("playbooks").join(format!("{r}.yaml")) }
        })
        .collect();
    // Every playbook is read and checked before the drill creates anything.
    let mut declared = Vec::new();
    for p in &playbooks {
        let loaded = super::load_playbook(g, p)?;
        declared.push(loaded.playbook.inputs.iter().map(|i| i.name.clone()).collect::<Vec<_>>());
    }
    // A --set no responding playbook declares is a typo, refused before anything starts.
    for kv in set {
        let name = kv.split_once('=').map_or(kv.as_str(), |(k, _)| k);
        if !declared.iter().flatten().any(|i| i == name) {
            let mut inputs: Vec<&str> = declared.iter().flatten().map(String::as_str).collect();
            inputs.sort_unstable();
            inputs.dedup();
            let d =
                Diagnostic::error(Code::UnknownInput, format!("--set {kv}: no responding playbook declares `{name}`"))
                    .hint(format!("their inputs: {}", inputs.join(", ")));
            super::print_diagnostics(g, None, &[d]);
            return Err(Failure::Invalid);
        }
    }
    let started = start_loaded(g, l, dir, 4).await?;
    let case_dir = started.dir.join("case");
    let mut refused = false;
    for (playbook, inputs) in playbooks.iter().zip(&declared) {
        let set: Vec<String> = set
            .iter()
            .filter(|kv| kv.split_once('=').is_some_and(|(k, _)| inputs.iter().any(|i| i == k)))
            .cloned()
            .collect();
        let args = RunArgs {
            playbook: Some(playbook.clone()),
            plan: None,
            case: started.state.drill_id.clone(),
            set,
            inputs: None,
            from_finding: Some(started.alert_file.clone()),
            case_dir: Some(case_dir.clone()),
            operator: Some(format!("drill {}", started.state.drill_id)),
            yes: true,
        };
        // The response's own failures are the score's business, not this command's.
        let responded = super::run::execute(g, &args).await;
        if g.output == Output::Text
            && let Ok((_, summary)) = &responded
        {
            let failed = summary.steps.iter().filter(|s| s.error.is_some()).count();
            eprintln!(
                "Responded with {}: {} steps ran ({failed} failed), {} skipped; case {}",
                playbook.display(),
                summary.steps.len(),
                summary.skipped.len(),
                case_dir.display()
            );
        }
        refused |= matches!(responded, Err(Failure::Invalid));
    }
    if refused {
        // A playbook's inputs were refused (e.g. the alert lacks what it needs).
        if let Some(evidence) = clean {
            let mut state = DrillState::read(&started.dir).map_err(env)?;
            let (aws, _) = super::connect(g).await?;
            cordon_drill::cleanup::run(&aws, &mut state, &started.dir, evidence).await.map_err(env)?;
        }
        return Err(Failure::Invalid);
    }
    let (aws, _) = super::connect(g).await?;
    let state = DrillState::read(&started.dir).map_err(env)?;
    state_the_incident(&case_dir, l, &state)?;
    let card =
        cordon_drill::score::score(&aws, &l.scenario, &state, std::slice::from_ref(&case_dir)).await.map_err(env)?;
    std::fs::write(started.dir.join("scorecard.json"), serde_json::to_string_pretty(&card).unwrap_or_default())
        .map_err(env)?;
    if let Some(evidence) = clean {
        let mut state = state;
        cordon_drill::cleanup::run(&aws, &mut state, &started.dir, evidence).await.map_err(env)?;
    }
    Ok(card)
}

/// What the drill knows about the incident, for the case's report (`incident.json`):
/// its title, what happened, and when it was detected: the alert's hand-over, so the
/// report's time to detect is the attack's first call to the alert. A file the team
/// wrote is kept.
fn state_the_incident(case_dir: &Path, l: &LoadedScenario, state: &DrillState) -> Result<(), Failure> {
    let file = case_dir.join(cordon_report::summary::INCIDENT_FILE);
    if file.exists() || !case_dir.is_dir() {
        return Ok(());
    }
    let incident = serde_json::json!({
        "title": format!("Drill {}: {}", state.drill_id, l.scenario.title),
        "summary": l.scenario.description.trim(),
        "detected_at": state.alert_at.map(cordon_core::clock::rfc3339_millis),
    });
    std::fs::write(&file, serde_json::to_string_pretty(&incident).unwrap_or_default()).map_err(env)
}

/// `cordon drill gameday FILE`.
pub async fn gameday(g: &Global, file: &Path, dir: Option<&Path>) -> CmdResult {
    use cordon_drill::gameday::{self, Row};
    let name = file.display().to_string();
    let source = std::fs::read_to_string(file).map_err(|e| env(format!("{name}: {e}")))?;
    let day = gameday::load(&name, &source).map_err(|d| {
        super::print_diagnostics(g, Some(&source), &d);
        Failure::Invalid
    })?;
    // Every scenario is checked before anything starts.
    let mut loaded = Vec::new();
    for e in &day.entries {
        loaded.push(load(g, &scenario_path(&e.scenario))?);
    }
    let root =
        dir.map_or_else(|| PathBuf::from("drill-runs").join(format!("gameday-{}", day.gameday)), Path::to_path_buf);
    // Every entry runs side by side from its offset, as a game day's incidents overlap.
    let began = std::time::Instant::now();
    let (entries, loaded, root_ref) = (&day.entries, &loaded, &root);
    let entry = |i: usize| {
        let root = root_ref;
        async move {
            let (Some(e), Some(l)) = (entries.get(i), loaded.get(i)) else { return None };
            let due = std::time::Duration::from_secs(u64::from(e.start_after_seconds));
            if let Some(wait) = due.checked_sub(began.elapsed()) {
                tokio::time::sleep(wait).await;
            }
            let dir = root.join(format!("{i:02}-{}-{}", e.team, l.scenario.drill));
            let mut row = Row {
                team: e.team.clone(),
                scenario: l.scenario.drill.clone(),
                drill_id: None,
                dir: dir.display().to_string(),
                status: String::new(),
                score: None,
                passed: None,
                time_to_detect_s: None,
                time_to_contain_s: None,
            };
            match &e.respond {
                Some(playbook) => {
                    match run_one(g, l, std::slice::from_ref(playbook), &[], Some(&dir), Some(false)).await {
                        Ok(card) => {
                            row.drill_id = Some(card.drill_id.clone());
                            row.status = "scored".into();
                            row.score = Some(card.score);
                            row.passed = Some(card.passed);
                            row.time_to_detect_s = card.time_to_detect_s;
                            row.time_to_contain_s = card.time_to_contain_s;
                        }
                        Err(f) => row.status = format!("failed: {}", failure_text(&f)),
                    }
                }
                None => match start_loaded(g, l, Some(&dir), 4).await {
                    Ok(started) => {
                        row.drill_id = Some(started.state.drill_id.clone());
                        row.status = format!("awaiting response (alert: {})", started.alert_file.display());
                    }
                    Err(f) => row.status = format!("failed: {}", failure_text(&f)),
                },
            }
            Some(row)
        }
    };
    let rows: Vec<Row> =
        futures::future::join_all((0..day.entries.len()).map(entry)).await.into_iter().flatten().collect();
    let md = gameday::markdown(&day.gameday, &rows);
    let json =
        serde_json::to_string_pretty(&serde_json::json!({"gameday": day.gameday, "rows": rows})).unwrap_or_default();
    std::fs::create_dir_all(&root).map_err(env)?;
    std::fs::write(root.join("scoreboard.md"), &md).map_err(env)?;
    std::fs::write(root.join("scoreboard.json"), &json).map_err(env)?;
    println!("{}", if g.output == Output::Json { json } else { md });
    let bad = rows.iter().any(|r| r.passed == Some(false) || r.status.starts_with("failed"));
    if bad { Err(Failure::Failed) } else { Ok(()) }
}

fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Environment(m) => m.clone(),
        Failure::Invalid => "the playbook or its inputs were refused".into(),
        Failure::NeedsApproval => "a step needs approval".into(),
        Failure::Failed | Failure::Untrusted => "the response failed".into(),
    }
}
