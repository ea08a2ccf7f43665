//! Crashes converge: every shipped playbook is killed (abort, as kill -9) at 20 or more
//! distinct points — just before journal entries, so between each AWS change and its
//! journaled outcome too — then resumed (or run again when the kill came before the run
//! began): the end state is the uninterrupted run's. Its undo is then killed too, at a
//! point that moves with each case, and run again: the state before the run comes back.
//! The test prints the points it covered.

use cordon_core::journal::{self, Event};

use crate::helpers::*;
use crate::scenarios::{Env, Scenario, kept, world};

/// At least this many kill points per playbook (every entry when the journal is shorter),
/// at most [`MAX_POINTS`] (the suite's time).
const POINTS: usize = 20;
const MAX_POINTS: usize = 22;

fn entries(dir: &std::path::Path) -> Vec<journal::Entry> {
    let checked = journal::check(&std::fs::read_to_string(dir.join("journal.jsonl")).unwrap_or_default());
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    checked.entries
}

fn run_playbook(scenario: Scenario, env: &Env, endpoint: &str, dir: &std::path::Path) -> std::process::Command {
    let mut c = cordon(endpoint, &access_key(&env.label));
    c.args(["run", "--yes", "--max-parallel", "1", &playbook(scenario.playbook()), "--case"])
        .arg(format!("IR-{}", env.label))
        .arg("--case-dir")
        .arg(dir);
    for i in scenario.inputs(env) {
        c.args(["--set", &i]);
    }
    c
}

/// The kill points: just before each step outcome (the change made, not yet recorded)
/// and each checkpoint, then evenly spread over the rest, at least [`POINTS`] in all
/// (every entry when the journal is shorter).
fn points(reference: &[journal::Entry]) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, String)> = reference
        .iter()
        .filter_map(|e| match &e.event {
            Event::StepOutcome { step_id, .. } => Some((e.seq, format!("before the outcome of {step_id}"))),
            Event::StepCheckpoint { step_id, .. } => Some((e.seq, format!("before a checkpoint of {step_id}"))),
            _ => None,
        })
        .collect();
    let n = reference.len() as u64;
    let mut k = 1;
    while out.len() < POINTS && k < n {
        let spread = (k * 7919) % n.max(2);
        let seq = spread.max(1);
        if !out.iter().any(|(s, _)| *s == seq) {
            out.push((seq, format!("before entry {seq} ({})", reference[seq as usize].event.kind())));
        }
        k += 1;
    }
    // Outcomes first (the change made, not recorded: the hardest), then checkpoints.
    out.sort_by_key(|(seq, what)| (!what.contains("outcome"), *seq));
    out.truncate(MAX_POINTS);
    out.sort();
    out
}

async fn killed_anywhere_converges(scenario: Scenario) {
    if !cfg!(feature = "testing") {
        return; // the crash hook; `cargo xtask test` has it (resume.rs says so once)
    }
    let Some(emu) = emulator() else { return };
    let name = scenario.playbook();
    // The reference: uninterrupted, one step at a time.
    let label = unique("crash-ref");
    let (aws, env) = scenario.seed(&emu.endpoint, &label).await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(&mut run_playbook(scenario, &env, &emu.endpoint, dir.path()));
    assert!(out.status.success(), "{name}: {}", text(&out));
    let reference = world(&aws, &env).await;
    let journal = entries(dir.path());
    let points = points(&journal);
    assert!(points.len() >= POINTS.min(journal.len() - 1), "{name}: {} points", points.len());

    for (i, (at, what)) in points.iter().enumerate() {
        let label = unique("crash");
        let (aws, env) = scenario.seed(&emu.endpoint, &label).await;
        let before = world(&aws, &env).await;
        let dir = tempfile::tempdir().unwrap();
        let killed = run(run_playbook(scenario, &env, &emu.endpoint, dir.path())
            .env("CORDON_FAULT_ABORT_BEFORE_ENTRY", at.to_string()));
        assert_eq!(killed.status.code(), None, "{name} {what}: killed: {}", text(&killed));
        let resumed = run(cordon(&emu.endpoint, &access_key(&label)).args(["resume", "--yes"]).arg(dir.path()));
        let began = entries(dir.path()).iter().any(|e| matches!(e.event, Event::RunStarted { .. }));
        if !resumed.status.success() || !began {
            // Killed before the run began: the responder runs it again.
            let again = run(&mut run_playbook(scenario, &env, &emu.endpoint, dir.path()));
            assert!(again.status.success(), "{name} {what}: {}\n{}", text(&resumed), text(&again));
        }
        assert_eq!(world(&aws, &env).await, reference, "{name} {what}: the uninterrupted run's end state");
        assert!(verify(dir.path(), &emu.endpoint).status.success(), "{name} {what}: the evidence verifies");

        // Undo, killed part-way (a point that moves with each case), then undone again.
        let start = entries(dir.path()).len() as u64;
        let undo_at = start + 1 + (i as u64 % 6);
        let key = access_key(&label);
        let cut = run(cordon(&emu.endpoint, &key)
            .args(["undo", "--yes"])
            .arg(dir.path())
            .env("CORDON_FAULT_ABORT_BEFORE_ENTRY", undo_at.to_string()));
        let undone = run(cordon(&emu.endpoint, &key).args(["undo", "--yes"]).arg(dir.path()));
        assert!(undone.status.success(), "{name} {what}: undo after a killed undo: {}\n{}", text(&cut), text(&undone));
        assert_eq!(kept(world(&aws, &env).await), kept(before), "{name} {what}: undo restores the state before");
    }

    // Killed, then undone without resuming: undo reverts what the interrupted step changed
    // (from its checkpoints) along with the completed ones. At every point where a step's
    // change is made and not yet recorded: where only its checkpoints tell what it did.
    let undone_points: Vec<&(u64, String)> = points.iter().filter(|(_, what)| what.contains("outcome")).collect();
    for (at, what) in &undone_points {
        let label = unique("crash-undo");
        let (aws, env) = scenario.seed(&emu.endpoint, &label).await;
        let before = world(&aws, &env).await;
        let dir = tempfile::tempdir().unwrap();
        let killed = run(run_playbook(scenario, &env, &emu.endpoint, dir.path())
            .env("CORDON_FAULT_ABORT_BEFORE_ENTRY", at.to_string()));
        assert_eq!(killed.status.code(), None, "{name} {what}: killed: {}", text(&killed));
        if !entries(dir.path()).iter().any(|e| matches!(e.event, Event::RunStarted { .. })) {
            continue; // nothing ran: nothing to undo
        }
        let undone = run(cordon(&emu.endpoint, &access_key(&label)).args(["undo", "--yes"]).arg(dir.path()));
        assert!(undone.status.success(), "{name} {what}: undo of a killed run: {}", text(&undone));
        assert_eq!(
            kept(world(&aws, &env).await),
            kept(before),
            "{name} {what}: undo without resume restores the state before\n{}",
            text(&undone)
        );
    }
    let covered: Vec<String> = points.iter().map(|(at, what)| format!("{at}: {what}")).collect();
    eprintln!(
        "crashes: {name}: {} kill points converged, each with a killed undo; {} killed runs undone without resume:\n  {}",
        points.len(),
        undone_points.len(),
        covered.join("\n  ")
    );
}

#[tokio::test]
async fn ec2_compromise_killed_anywhere_converges() {
    killed_anywhere_converges(Scenario::Ec2).await;
}

#[tokio::test]
async fn fleet_isolation_killed_anywhere_converges() {
    killed_anywhere_converges(Scenario::Fleet).await;
}

#[tokio::test]
async fn iam_credential_compromise_killed_anywhere_converges() {
    killed_anywhere_converges(Scenario::Iam).await;
}

#[tokio::test]
async fn s3_public_exposure_killed_anywhere_converges() {
    killed_anywhere_converges(Scenario::S3).await;
}
