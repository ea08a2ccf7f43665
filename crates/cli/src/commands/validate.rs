//! `cordon validate FILE...`

use std::path::PathBuf;

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub fn run(g: &Global, files: &[PathBuf]) -> CmdResult {
    let mut failed = false;
    let mut results = Vec::new();
    for f in files {
        // A drill scenario (its top level names a `drill:`) or a playbook.
        if std::fs::read_to_string(f).is_ok_and(|s| super::drill::is_scenario(&s)) {
            match super::drill::load(g, f) {
                Ok(l) => {
                    if g.output == Output::Text {
                        println!("{}: ok (drill, {} attack steps)", f.display(), l.scenario.attack.steps.len());
                    }
                    results.push(serde_json::json!({ "file": f.display().to_string(), "ok": true, "kind": "drill" }));
                }
                Err(_) => failed = true,
            }
            continue;
        }
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
