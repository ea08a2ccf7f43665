//! `cordon`: the command-line composition root. Parses arguments, loads AWS
//! configuration once, wires the registry, engine, evidence store and report, and
//! prints for people (text) or programs (`--output json`).
//!
//! Exit status: 0 success; 1 a run or a verification failed; 2 bad usage, playbook
//! or inputs; 3 AWS or environment problems (unreachable endpoint, wrong account);
//! 4 approval needed (non-interactive without `--yes`): nothing was changed.

mod cli;
mod commands;
#[cfg(test)]
mod contract;
mod registry;

use std::process::ExitCode;

use clap::Parser;

/// How a command ended, mapped to the exit status.
#[derive(Debug)]
pub enum Failure {
    /// A run or a verification found problems (already printed).
    Failed,
    /// Bad usage, playbook or inputs (already printed).
    Invalid,
    /// AWS or environment problem.
    Environment(String),
    /// A destructive step needs approval and none was given (non-interactive, no --yes).
    NeedsApproval,
    /// `--require-signature`: the bundle is intact but not signed by a trusted key.
    Untrusted,
}

pub type CmdResult = Result<(), Failure>;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on(commands::dispatch(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Failed) => ExitCode::from(1),
        Err(Failure::Invalid) => ExitCode::from(2),
        Err(Failure::NeedsApproval) => ExitCode::from(4),
        Err(Failure::Untrusted) => ExitCode::from(5),
        Err(Failure::Environment(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(3)
        }
    }
}
