//! Faults converge: each shipped playbook, and `undo` after it, run through a proxy that
//! answers 20% of requests with a fault (5xx, throttling, resets, slow answers, and a
//! just-created group or ACL not visible yet), ends in the same AWS state as a fault-free
//! run, and undo restores the state before. A run or undo that still fails (a request
//! faulted more often than the retries allow) is run again, as a responder would.
//!
//! The seed is printed; `CORDON_FAULT_SEED=N` replays it.

use std::process::Command;

use cordon_testenv::faults::{FaultPlan, FaultProxy};
use serde_json::Value;

use crate::helpers::*;
use crate::scenarios::{Scenario, kept, world};

const RATE: f64 = 0.2;

/// Runs `make()` until it succeeds (at most four times), returning how many runs it took.
fn until_done(what: &str, mut make: impl FnMut() -> Command) -> usize {
    for attempt in 1..=4 {
        // The proxy answers on this runtime's other threads while this one waits.
        let out = tokio::task::block_in_place(|| run(&mut make()));
        if out.status.success() {
            return attempt;
        }
        eprintln!("{what}: attempt {attempt} failed under faults, run again:\n{}", text(&out));
    }
    panic!("{what}: did not converge in four runs");
}

/// Runs the scenario at `rate` against `endpoint` (a proxy or the emulator): the state
/// after the run, and whether undo restored the state before.
async fn contain_and_undo(emu: &str, scenario: Scenario, rate: f64, seed: u64) -> (Value, Value, Value, usize) {
    let label = unique(if rate > 0.0 { "faulted" } else { "faultless" });
    let (aws, env) = scenario.seed(emu, &label).await;
    let before = world(&aws, &env).await;
    let proxy = FaultProxy::start(emu, FaultPlan::faults(seed, rate)).await.unwrap();
    let key = access_key(&label);
    let dir = tempfile::tempdir().unwrap();
    let runs = until_done(scenario.playbook(), || {
        let mut c = cordon(&proxy.endpoint, &key);
        c.args(["run", "--yes", &playbook(scenario.playbook()), "--case", &format!("IR-{label}"), "--case-dir"])
            .arg(dir.path());
        for i in scenario.inputs(&env) {
            c.args(["--set", &i]);
        }
        c
    });
    let after = world(&aws, &env).await;
    let undos = until_done("undo", || {
        let mut c = cordon(&proxy.endpoint, &key);
        c.args(["undo", "--yes"]).arg(dir.path());
        c
    });
    let undone = world(&aws, &env).await;
    assert!(verify(dir.path(), emu).status.success(), "{}: the evidence verifies", scenario.playbook());
    if rate > 0.0 {
        let injected = proxy.injected();
        eprintln!(
            "faults: {} seed {seed} rate {rate}: {} of {} requests faulted ({} runs, {} undos)",
            scenario.playbook(),
            injected.len(),
            proxy.requests(),
            runs,
            undos
        );
        assert!(!injected.is_empty(), "faults were injected");
        if matches!(scenario, Scenario::Ec2 | Scenario::Fleet) {
            assert!(
                injected.iter().any(|i| i.kind == "not-visible-yet"),
                "a group just created was not visible at once: {injected:?}"
            );
        }
    }
    (before, after, undone, runs + undos)
}

async fn converges_under_faults(scenario: Scenario, offset: u64) {
    let Some(emu) = emulator() else { return };
    let seed = std::env::var("CORDON_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1)
    }) + offset;
    eprintln!("faults: {} with seed {seed} (CORDON_FAULT_SEED={} replays it)", scenario.playbook(), seed - offset);
    let (ref_before, reference, ref_undone, _) = contain_and_undo(&emu.endpoint, scenario, 0.0, seed).await;
    assert_eq!(kept(ref_undone), kept(ref_before.clone()), "{}: fault-free undo restores", scenario.playbook());
    assert_ne!(reference, ref_before, "{}: the playbook changes something", scenario.playbook());
    let (before, after, undone, _) = contain_and_undo(&emu.endpoint, scenario, RATE, seed).await;
    assert_eq!(before, ref_before, "both seeds start alike");
    assert_eq!(after, reference, "{} seed {seed}: same end state as without faults", scenario.playbook());
    assert_eq!(
        kept(undone),
        kept(before),
        "{} seed {seed}: undo under faults restores the state before",
        scenario.playbook()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ec2_compromise_converges_under_faults() {
    converges_under_faults(Scenario::Ec2, 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fleet_isolation_converges_under_faults() {
    converges_under_faults(Scenario::Fleet, 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn iam_credential_compromise_converges_under_faults() {
    converges_under_faults(Scenario::Iam, 2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_public_exposure_converges_under_faults() {
    converges_under_faults(Scenario::S3, 3).await;
}
