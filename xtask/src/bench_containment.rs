//! `cargo xtask bench containment [--baseline REV]`: the sequential AWS round trips from
//! the start of `cordon run playbooks/ec2-compromise.yaml` to "every interface isolated"
//! (the `isolate` step's outcome), through a proxy that answers each request after a
//! fixed latency, as a Region far from the responder would.
//!
//! Round trips, not seconds, are the figure: the longest chain of requests each sent
//! after the one before it was answered (`cordon_testenv::faults::sequential_round_trips`),
//! which does not depend on the machine's speed. The elapsed time is shown beside it.
//! With `--baseline REV` the same playbook is run with the binary built from REV (in a
//! git worktree, same release profile and target directory), and the two are compared in
//! the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use cordon_testenv::emulator;
use cordon_testenv::faults::{FaultPlan, FaultProxy, sequential_round_trips};

const LATENCY: Duration = Duration::from_millis(50);

/// What one run measured.
struct Measured {
    round_trips: usize,
    requests: usize,
    elapsed: Duration,
}

pub(crate) fn release_build(root: &Path, target_dir: &Path) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "cordon", "--features", "testing", "--bins"])
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(root)
        .status()
        .context("could not run cargo")?;
    if !status.success() {
        bail!("the release build in {} failed", root.display());
    }
    Ok(())
}

/// The release `cordon` built from `rev`, copied out of the shared target directory
/// (kept, by commit, for the next run).
fn baseline_binary(root: &Path, rev: &str) -> Result<PathBuf> {
    let work = root.join("target/bench-containment");
    let resolved = Command::new("git").args(["rev-parse", "--verify", rev]).current_dir(root).output()?;
    if !resolved.status.success() {
        bail!("{rev} is not a revision of this repository");
    }
    let commit = String::from_utf8_lossy(&resolved.stdout).trim().to_string();
    let kept = work.join(format!("cordon-{commit}"));
    if kept.exists() {
        return Ok(kept);
    }
    let tree = work.join("baseline-src");
    if tree.exists() {
        let _ = Command::new("git").args(["worktree", "remove", "--force"]).arg(&tree).current_dir(root).status();
    }
    let status = Command::new("git")
        .args(["worktree", "add", "--detach", "--force"])
        .arg(&tree)
        .arg(rev)
        .current_dir(root)
        .status()
        .context("could not run git")?;
    if !status.success() {
        bail!("git worktree add {rev} failed");
    }
    eprintln!("bench: building {rev} (release)");
    release_build(&tree, &root.join("target"))?;
    std::fs::copy(root.join("target/release/cordon"), &kept).context("copying the baseline binary")?;
    let _ = Command::new("git").args(["worktree", "remove", "--force"]).arg(&tree).current_dir(root).status();
    Ok(kept)
}

fn seed(root: &Path, endpoint: &str, label: &str) -> Result<String> {
    let out = Command::new(root.join("target/release/cordon-seed"))
        .args([endpoint, label])
        .output()
        .context("could not run cordon-seed")?;
    if !out.status.success() {
        bail!("seeding failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let seeded: serde_json::Value = serde_json::from_slice(&out.stdout).context("cordon-seed printed no JSON")?;
    Ok(seeded["instance_id"].as_str().unwrap_or_default().to_string())
}

/// When the journal says the `isolate` step ended.
fn isolated_at(case_dir: &Path) -> Result<SystemTime> {
    let journal = std::fs::read_to_string(case_dir.join("journal.jsonl")).context("reading the journal")?;
    for line in journal.lines() {
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if entry["event"]["type"] == "step_outcome" && entry["event"]["step_id"] == "isolate" {
            let time = entry["time"].as_str().context("an entry without time")?;
            let at: jiff::Timestamp = time.parse().with_context(|| format!("the time {time}"))?;
            let ms = u64::try_from(at.as_millisecond()).context("a time before 1970")?;
            return Ok(SystemTime::UNIX_EPOCH + Duration::from_millis(ms));
        }
    }
    bail!("the journal in {} has no outcome of `isolate`", case_dir.display())
}

fn measure(rt: &tokio::runtime::Runtime, root: &Path, cordon: &Path, upstream: &str, label: &str) -> Result<Measured> {
    let instance_id = seed(root, upstream, label)?;
    let proxy = rt.block_on(FaultProxy::start(upstream, FaultPlan::latency(LATENCY)))?;
    let case_dir = root.join("target/bench-containment").join(label);
    let _ = std::fs::remove_dir_all(&case_dir);
    let out = Command::new(cordon)
        .current_dir(root)
        .args(["run", "--yes", "playbooks/ec2-compromise.yaml", "--case", &format!("BENCH-{label}")])
        .arg("--set")
        .arg(format!("instance_id={instance_id}"))
        .arg("--case-dir")
        .arg(&case_dir)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIABENCHRESPONDER01")
        .env("AWS_SECRET_ACCESS_KEY", "emulator-secret")
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .output()
        .context("could not run cordon")?;
    if !out.status.success() {
        bail!("cordon run failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let until = isolated_at(&case_dir)?;
    // Journal times are whole milliseconds: a request answered within the same one counts.
    let until = until + Duration::from_millis(1);
    let trace = proxy.trace();
    let first = trace.iter().map(|t| t.start).min().context("no request reached the proxy")?;
    if std::env::var_os("CORDON_BENCH_TRACE").is_some() {
        let ms = |t: SystemTime| t.duration_since(first).unwrap_or_default().as_millis();
        let mut sorted = trace.clone();
        sorted.sort_by_key(|t| t.start);
        for t in sorted.iter().filter(|t| t.end <= until) {
            eprintln!("{label}: {:>6} {:>6}  {}", ms(t.start), ms(t.end), t.operation);
        }
        eprintln!("{label}: isolated at {}", ms(until));
    }
    let requests = trace.iter().filter(|t| t.end <= until).count();
    Ok(Measured {
        round_trips: sequential_round_trips(&trace, until),
        requests,
        elapsed: until.duration_since(first).unwrap_or_default(),
    })
}

pub fn containment(baseline: Option<&str>) -> Result<ExitCode> {
    let root = emulator::workspace_root();
    let old = baseline.map(|rev| baseline_binary(&root, rev)).transpose()?;
    eprintln!("bench: building the current tree (release)");
    release_build(&root, &root.join("target"))?;
    let state = emulator::start(&emulator::default_state_dir())?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let label = format!("b{}", std::process::id());
    println!(
        "ec2-compromise, start to every interface isolated, each request answered after {} ms:\n",
        LATENCY.as_millis()
    );
    println!("{:<28} {:>12} {:>10} {:>10}", "build", "round trips", "requests", "elapsed");
    let now = measure(&rt, &root, &root.join("target/release/cordon"), &state.endpoint, &format!("{label}n"))?;
    if let (Some(rev), Some(bin)) = (baseline, &old) {
        let before = measure(&rt, &root, bin, &state.endpoint, &format!("{label}b"))?;
        print_row(&format!("baseline {rev}"), &before);
        print_row("this tree", &now);
        println!(
            "\nratio (baseline / this tree): round trips {:.2}x, elapsed {:.2}x",
            before.round_trips as f64 / now.round_trips.max(1) as f64,
            before.elapsed.as_secs_f64() / now.elapsed.as_secs_f64().max(1e-9),
        );
    } else {
        print_row("this tree", &now);
        println!("\n(`--baseline REV` runs the same with the binary built from REV and compares)");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_row(name: &str, m: &Measured) {
    println!("{:<28} {:>12} {:>10} {:>9.2}s", name, m.round_trips, m.requests, m.elapsed.as_secs_f64());
}
