//! `cordon validate FILE...`

use std::path::PathBuf;

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub fn run(g: &Global, files: &[PathBuf]) -> CmdResult {
    let mut failed = false;
    let mut results = Vec::new();
    for f in files {
        match super::load_playbook(g, f) {
            Ok(l) => {
                if g.output == Output::Text {
                    println!("{}: ok ({} steps)", f.display(), l.playbook.steps.len());
                }
                results.push(serde_json::json!({ "file": f.display().to_string(), "ok": true }));
            }
            Err(_) => failed = true,
        }
    }
    if g.output == Output::Json && !failed {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "ok": true, "files": results })).unwrap_or_default()
        );
    }
    if failed { Err(Failure::Invalid) } else { Ok(()) }
}
