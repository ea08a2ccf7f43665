//! `cargo xtask`: project automation — the local AWS emulator, the test suite, the demo.
//!
//! - `cargo xtask emulator start|stop|status`: the persistent developer emulator
//!   (moto server, pinned, installed into `.cordon-dev/venv` when missing).
//! - `cargo xtask test [-- ARGS]`: starts a dedicated emulator, runs every test of the
//!   workspace against it, and stops it whether the tests pass or not.
//! - `cargo xtask demo`: a drill in the emulator (a compromised web server behind an Auto
//!   Scaling group and a load balancer), responded to with `ec2-compromise` and scored;
//!   the case's report (Markdown and HTML) shows the attack next to the response.
//!
//! xtask links no AWS SDK: what it runs (cordon, and cordon-seed for the benchmarks) comes
//! from the test build,
//! one cargo invocation, so the SDK is compiled once for the demo and the tests alike.
//! - `cargo xtask docgen [--check]`: writes (or checks) docs/actions.md and
//!   docs/playbook.schema.json from the registry.
//! - `cargo xtask bench evidence`: the evidence store's hashing throughput against
//!   `sha256sum` and `openssl dgst -sha256` on the same files, as ratios (release build).
//! - `cargo xtask tidy`: source checks no compiler makes (see `tidy.rs`); run by `test`.
//! - `cargo xtask bench timeline`: `cordon timeline build` on a generated 1 GB trail
//!   archive against decompression alone and a `zcat | jq` pipeline, with peak memory.
//! - `cargo xtask fuzz [--seconds N] [TARGET...]`: every fuzz target in `fuzz/` for N
//!   seconds each (cargo-fuzz on nightly, installed when missing), inputs run and crashes.
//! - `cargo xtask bench containment [--baseline REV]`: the sequential AWS round trips from
//!   the start of `ec2-compromise` to every interface isolated, through a fixed-latency
//!   proxy (release build; REV's binary compared in the same run).
//! - `cargo xtask bench image`: `cordon evidence image` on a 4 GiB sparse snapshot in the
//!   emulator against the floor (writing the same blocks and hashing the image), with
//!   peak memory.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use cordon_testenv::emulator;

mod bench;
mod bench_containment;
mod bench_image;
mod bench_query;
mod bench_rules;
mod bench_timeline;
mod fuzz;
mod tidy;

/// Project automation for Cordon (`cargo xtask …`).
#[derive(clap::Parser)]
#[command(name = "cargo xtask", about)]
struct Xtask {
    #[command(subcommand)]
    command: Task,
}

#[derive(clap::Subcommand)]
enum Task {
    /// The developer's local AWS emulator (moto server, pinned).
    Emulator {
        #[arg(value_enum)]
        action: EmulatorAction,
    },
    /// Tidy, then every test of the workspace against a dedicated emulator, then docgen --check.
    Test {
        /// Passed on to `cargo test` (after `--`), e.g. a test name filter.
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Seeds a compromised web server in the emulator and runs playbooks/ec2-compromise.yaml on it.
    Demo,
    /// Source checks no compiler makes (see xtask/src/tidy.rs).
    Tidy,
    /// Writes the files generated from the code (docs, schema, completions, man page).
    Docgen {
        /// Only check that they are current.
        #[arg(long)]
        check: bool,
    },
    /// Runs every fuzz target (cargo-fuzz on nightly, installed when missing) for a while
    /// each, and reports the inputs run and any crash.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Only these targets (default: all of fuzz/Cargo.toml's).
        targets: Vec<String>,
    },
    /// Release-build benchmarks, as ratios against baselines measured in the same run.
    Bench {
        #[arg(value_enum)]
        what: BenchWhat,
        /// `containment`: also run the binary built from this git revision, and compare.
        #[arg(long)]
        baseline: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EmulatorAction {
    Start,
    Stop,
    Status,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum BenchWhat {
    Evidence,
    Timeline,
    Containment,
    Image,
}

fn main() -> ExitCode {
    let cli = <Xtask as clap::Parser>::parse_from(
        // `cargo xtask` runs this binary with the subcommand as the first argument.
        std::iter::once("cargo xtask".to_string()).chain(std::env::args().skip(1)),
    );
    let result = match cli.command {
        Task::Emulator { action } => emulator_cmd(action),
        Task::Test { args } => test(&args),
        Task::Demo => demo(),
        Task::Tidy => tidy(),
        Task::Docgen { check } => docgen(check),
        Task::Fuzz { seconds, targets } => fuzz::fuzz(seconds, &targets),
        Task::Bench { what: BenchWhat::Evidence, .. } => bench::evidence(),
        Task::Bench { what: BenchWhat::Timeline, .. } => bench_timeline::timeline(),
        Task::Bench { what: BenchWhat::Image, .. } => bench_image::image(),
        Task::Bench { what: BenchWhat::Containment, baseline } => bench_containment::containment(baseline.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn emulator_cmd(action: EmulatorAction) -> Result<ExitCode> {
    let dir = emulator::default_state_dir();
    match action {
        EmulatorAction::Start => {
            let s = emulator::start(&dir)?;
            println!("emulator running at {} (pid {}, log {})", s.endpoint, s.pid, s.log.display());
        }
        EmulatorAction::Stop => {
            let was = emulator::stop(&dir)?;
            println!("{}", if was { "emulator stopped" } else { "no emulator was running" });
        }
        EmulatorAction::Status => match emulator::current() {
            Ok(s) => println!("emulator running at {}", s.endpoint),
            Err(_) => {
                println!("no emulator running");
                return Ok(ExitCode::from(1));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(emulator::workspace_root());
    c
}

/// Stops the test emulator when dropped, so a failing or panicking run still cleans up.
struct StopOnDrop<'a>(&'a Path);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        let _ = emulator::stop(self.0);
    }
}

fn test(extra: &[String]) -> Result<ExitCode> {
    let tidy_ok = tidy()? == ExitCode::SUCCESS;
    let dir = emulator::dev_dir().join("test-emulator");
    let _ = emulator::stop(&dir);
    let state = emulator::start(&dir)?;
    let _guard = StopOnDrop(&dir);
    eprintln!("xtask: emulator for the tests at {}", state.endpoint);
    let chromium = ensure_chromium()?;
    let mut totals = Totals::default();
    let mut all = test_build();
    all.arg("--no-fail-fast")
        .args(extra)
        .env(emulator::ENDPOINT_ENV, &state.endpoint)
        .env(emulator::RECORDING_ENV, &state.recording)
        .env("CORDON_CHROMIUM", &chromium);
    let ok = run_counting(&mut all, &mut totals)?;
    // Doc tests are not part of --all-targets.
    // Same features as the build above, so nothing is compiled a second time.
    let doc_ok =
        run_counting(cargo().args(["test", "--workspace", "--doc", "--features", "cordon/testing"]), &mut totals)?;
    // The generated files match the registry (also checked by unit tests, which say
    // which test failed; this is the same check as `cargo xtask docgen --check`).
    let docs_ok = docgen(true)? == ExitCode::SUCCESS;
    if docs_ok {
        totals.passed += 1;
        println!("xtask docgen --check: ok");
    } else {
        totals.failed += 1;
        println!("xtask docgen --check: FAILED");
    }
    if tidy_ok {
        totals.passed += 1;
    } else {
        totals.failed += 1;
        println!("xtask tidy: FAILED (see its problems at the start)");
    }
    println!("\nxtask test: {} passed, {} failed", totals.passed, totals.failed);
    Ok(if ok && doc_ok && docs_ok && tidy_ok && totals.passed > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The headless browser the HTML report test opens: `CORDON_CHROMIUM`, or Debian's
/// `chromium` package. When it is missing, the test suite says so and what it runs to
/// install it; it installs only as root (as on CI and the project's machines) and never
/// through sudo: anyone else gets the command to run.
fn ensure_chromium() -> Result<String> {
    if let Ok(p) = std::env::var("CORDON_CHROMIUM") {
        return Ok(p);
    }
    let path = "/usr/bin/chromium";
    if Path::new(path).exists() {
        return Ok(path.into());
    }
    let install = ["install", "-y", "--no-install-recommends", "chromium"];
    let command = format!("apt-get {}", install.join(" "));
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    if !root {
        bail!(
            "the HTML report test needs a headless browser and {path} is missing: run `sudo {command}` \
(Debian's chromium package), or set CORDON_CHROMIUM to a Chromium binary"
        );
    }
    eprintln!("xtask: the HTML report test needs a headless browser; installing Debian's chromium package: {command}");
    let apt = |args: &[&str]| -> Result<bool> {
        Ok(Command::new("apt-get").args(args).env("DEBIAN_FRONTEND", "noninteractive").status()?.success())
    };
    let installed = apt(&install)? || (apt(&["update"])? && apt(&install)?);
    if !installed {
        bail!("`{command}` failed: install Debian's chromium package, or set CORDON_CHROMIUM to a Chromium binary");
    }
    Ok(path.into())
}

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
}

/// Runs a `cargo test` command, echoing its output and adding up its `test result:` lines.
fn run_counting(cmd: &mut Command, totals: &mut Totals) -> Result<bool> {
    use std::io::{BufRead, BufReader};
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().context("could not run cargo test")?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| {
                    rest.split(';').find_map(|p| {
                        p.trim().strip_suffix(word).and_then(|n| n.trim().rsplit(' ').next()?.parse::<u64>().ok())
                    })
                };
                totals.passed += count(" passed").unwrap_or(0);
                totals.failed += count(" failed").unwrap_or(0);
            }
        }
    }
    Ok(child.wait()?.success())
}

/// Regenerates the files generated from the registry (docs/actions.md,
/// docs/volatile-evidence.md, docs/playbook.schema.json...), or checks they are current.
fn docgen(check: bool) -> Result<ExitCode> {
    let cordon = built_binary("cordon")?;
    let mut stale = false;
    for (args, file) in [
        (["actions", "docs"].as_slice(), "docs/actions.md"),
        (["actions", "commands"].as_slice(), "docs/volatile-evidence.md"),
        (["schema"].as_slice(), "docs/playbook.schema.json"),
        (["drill", "schema"].as_slice(), "docs/drill.schema.json"),
        (["completions", "bash"].as_slice(), "docs/completions/cordon.bash"),
        (["completions", "zsh"].as_slice(), "docs/completions/_cordon"),
        (["completions", "fish"].as_slice(), "docs/completions/cordon.fish"),
        (["completions", "powershell"].as_slice(), "docs/completions/_cordon.ps1"),
        (["man"].as_slice(), "docs/cordon.1"),
    ] {
        let out = Command::new(&cordon).args(args).output()?;
        if !out.status.success() {
            bail!("cordon {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
        }
        let path = emulator::workspace_root().join(file);
        let current = std::fs::read(&path).unwrap_or_default();
        stale |= !write_or_check(&path, &current, &out.stdout, check)?;
    }
    // The diagnostic codes' table in docs/playbooks.md, between its markers.
    let path = emulator::workspace_root().join("docs/playbooks.md");
    let current = std::fs::read_to_string(&path)?;
    let wanted = with_generated(&current, &cordon_core::diagnostic::Code::table())
        .context("docs/playbooks.md lacks the generated diagnostic codes' markers")?;
    stale |= !write_or_check(&path, current.as_bytes(), wanted.as_bytes(), check)?;
    Ok(if stale { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `text` with what lies between its `<!-- generated: … -->` and `<!-- end of generated -->`
/// lines replaced by `body`.
fn with_generated(text: &str, body: &str) -> Option<String> {
    let start = text.find("<!-- generated:")?;
    let start = start + text[start..].find('\n')? + 1;
    let end = start + text[start..].find("<!-- end of generated -->")?;
    Some(format!("{}{body}{}", &text[..start], &text[end..]))
}

/// Writes `wanted` to `path`, or (with `check`) says whether it is already there.
fn write_or_check(path: &Path, current: &[u8], wanted: &[u8], check: bool) -> Result<bool> {
    let name = path.strip_prefix(emulator::workspace_root()).unwrap_or(path).display();
    if check {
        if current != wanted {
            eprintln!("{name} is out of date: run `cargo xtask docgen`");
            return Ok(false);
        }
    } else if current != wanted {
        std::fs::write(path, wanted)?;
        println!("wrote {name}");
    }
    Ok(true)
}

/// Prints tidy's problems; fails when there are any.
fn tidy() -> Result<ExitCode> {
    let problems = tidy::check(&emulator::workspace_root())?;
    for p in &problems {
        println!("tidy: {p}");
    }
    if problems.is_empty() {
        println!("xtask tidy: ok");
        return Ok(ExitCode::SUCCESS);
    }
    println!("xtask tidy: {} problems", problems.len());
    Ok(ExitCode::FAILURE)
}

/// The one cargo invocation that builds the whole workspace for the tests, binaries
/// included: `test` runs it, and `demo` builds with it (`--no-run`) and runs the binaries
/// it made, so the AWS SDK crates are compiled once, in one feature set, for both.
fn test_build() -> Command {
    let mut c = cargo();
    c.args(["test", "--workspace", "--all-targets", "--features", "cordon/testing"]);
    c
}

/// A binary of the workspace as the test build makes it (built first if it is not current):
/// running `cargo run -p cordon` instead would compile the AWS SDK a second time, in the
/// feature set of the binary alone.
fn built_binary(name: &str) -> Result<std::path::PathBuf> {
    let status = test_build().args(["--no-run", "--quiet"]).status().context("could not run cargo")?;
    if !status.success() {
        bail!("the build failed");
    }
    Ok(emulator::workspace_root().join("target/debug").join(name))
}

fn demo() -> Result<ExitCode> {
    let root = emulator::workspace_root();
    eprintln!("xtask: building the workspace (the same build as `cargo xtask test`; the first one takes minutes)");
    let cordon = built_binary("cordon")?;
    let state = emulator::start(&emulator::default_state_dir())?;
    let cordon_cmd = |args: &[&str]| {
        let mut c = Command::new(&cordon);
        c.current_dir(&root)
            .args(args)
            .env("AWS_ENDPOINT_URL", &state.endpoint)
            .env("AWS_ACCESS_KEY_ID", "AKIADEMORESPONDER001")
            .env("AWS_SECRET_ACCESS_KEY", "emulator-secret")
            .env("AWS_REGION", "us-east-1")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN");
        c
    };
    let run = |args: &[&str], what: &str| -> Result<std::process::ExitStatus> {
        cordon_cmd(args).status().with_context(|| format!("could not run target/debug/cordon ({what})"))
    };
    let dir = root.join("drill-runs").join(format!("demo-{}", std::process::id()));
    let dir_s = dir.display().to_string();
    let case_s = dir.join("case").display().to_string();
    println!("A drill in the emulator at {}: a web server of an Auto Scaling group behind a load", state.endpoint);
    println!(
        "balancer is taken over, and its role's credentials are used from outside (drills/web-server-compromise.yaml)."
    );
    println!("Cordon sets it up, plays the attack, hands over a GuardDuty finding, responds with");
    println!("playbooks/ec2-compromise.yaml, and scores the response.\n");
    println!("Running: cordon drill run web-server-compromise --respond ec2-compromise --keep --dir {dir_s}\n");
    let status = run(
        &["drill", "run", "web-server-compromise", "--respond", "ec2-compromise", "--keep", "--dir", &dir_s],
        "drill run",
    )?;
    if !status.success() {
        bail!("the drill's response did not pass ({status}); the drill is kept in {dir_s}");
    }
    let drill: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("drill.json")).context("the drill wrote no drill.json")?,
    )
    .context("drill.json is not JSON")?;
    let trail = drill["trail"]["bucket"].as_str().context("the drill recorded no trail bucket")?;
    let from = format!("s3://{trail}/AWSLogs/");
    println!("\nRunning: cordon timeline build --from {from} --case {case_s}  (the attack next to the response)\n");
    if !run(&["timeline", "build", "--from", &from, "--case", &case_s], "timeline build")?.success() {
        bail!("the case timeline could not be built");
    }
    let report_md = dir.join("case/report.md").display().to_string();
    let report_html = dir.join("case/report.html").display().to_string();
    let card_md = dir.join("scorecard.md").display().to_string();
    let card_html = dir.join("scorecard.html").display().to_string();
    for (format, out) in [("md", &report_md), ("html", &report_html)] {
        if !run(&["report", &case_s, "--format", format, "--out", out], "report")?.success() {
            bail!("the {format} report could not be written");
        }
    }
    for (format, out) in [("md", &card_md), ("html", &card_html)] {
        if !run(&["drill", "score", &dir_s, "--case-dir", &case_s, "--format", format, "--out", out], "drill score")?
            .success()
        {
            bail!("the {format} scorecard could not be written");
        }
    }
    println!(
        "\nThe report (the attacker's CloudTrail activity and the responders' actions on one timeline and chart):"
    );
    println!("  {report_md}\n  {report_html}");
    println!("The drill's scorecard:\n  {card_md}\n  {card_html}");
    println!("\nVerify the evidence:   target/debug/cordon evidence verify {case_s}");
    println!("Clean up the drill:    AWS_ENDPOINT_URL={} target/debug/cordon drill cleanup {dir_s}", state.endpoint);
    println!("The emulator keeps running: `cargo xtask emulator stop` ends it.");
    Ok(ExitCode::SUCCESS)
}
