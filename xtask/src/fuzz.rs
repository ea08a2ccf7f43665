//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs every fuzz target in `fuzz/`
//! (libFuzzer through cargo-fuzz, on the nightly toolchain) for N seconds each, and
//! reports the inputs each ran and whether any crashed. Installs cargo-fuzz when it is
//! missing (`cargo install cargo-fuzz --locked`, from the crates registry).

use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use cordon_testenv::emulator;

/// The targets, as `fuzz/Cargo.toml` lists them.
fn targets(root: &std::path::Path) -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).context("reading fuzz/Cargo.toml")?;
    Ok(manifest
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "cordon-fuzz")
        .map(str::to_string)
        .collect())
}

fn ensure_cargo_fuzz() -> Result<()> {
    let have = Command::new("cargo").args(["fuzz", "--version"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if have.is_ok_and(|s| s.success()) {
        return Ok(());
    }
    eprintln!("xtask fuzz: installing cargo-fuzz (cargo install cargo-fuzz --locked)");
    let status = Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]).status()?;
    if !status.success() {
        bail!("cargo install cargo-fuzz failed");
    }
    Ok(())
}

fn ensure_nightly() -> Result<()> {
    let have = Command::new("rustup").args(["run", "nightly", "rustc", "--version"]).output();
    if have.is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    eprintln!("xtask fuzz: installing the nightly toolchain (libFuzzer needs it)");
    let status = Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]).status()?;
    if !status.success() {
        bail!("rustup toolchain install nightly failed");
    }
    Ok(())
}

/// libFuzzer's closing line: `Done 123456 runs in 30 second(s)`.
fn runs(stderr: &str) -> Option<u64> {
    stderr.lines().rev().find_map(|l| l.strip_prefix("Done ")?.split_whitespace().next()?.parse().ok())
}

pub fn fuzz(seconds: u64, only: &[String]) -> Result<ExitCode> {
    let root = emulator::workspace_root();
    ensure_nightly()?;
    ensure_cargo_fuzz()?;
    let all = targets(&root)?;
    let chosen: Vec<&String> = all.iter().filter(|t| only.is_empty() || only.contains(t)).collect();
    if chosen.is_empty() {
        bail!("no such fuzz target; there are: {}", all.join(", "));
    }
    let status = Command::new("cargo").args(["+nightly", "fuzz", "build"]).current_dir(&root).status()?;
    if !status.success() {
        bail!("building the fuzz targets failed");
    }
    let mut ok = true;
    println!("{:<22} {:>12} {:>8}  result", "target", "inputs run", "seconds");
    for target in chosen {
        let out = Command::new("cargo")
            .args([
                "+nightly",
                "fuzz",
                "run",
                target,
                "--",
                &format!("-max_total_time={seconds}"),
                "-rss_limit_mb=2048",
            ])
            .current_dir(&root)
            .output()
            .with_context(|| format!("running {target}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let crashed = !out.status.success();
        ok &= !crashed;
        let result = if crashed { "CRASHED (see fuzz/artifacts/)" } else { "no crash" };
        let n = runs(&stderr).map_or("?".to_string(), |n| n.to_string());
        println!("{target:<22} {n:>12} {seconds:>8}  {result}");
        if crashed {
            eprintln!(
                "{}",
                stderr.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
