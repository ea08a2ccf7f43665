//! `cordon evidence verify CASE_DIR`

use std::path::Path;

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub fn verify(g: &Global, case_dir: &Path) -> CmdResult {
    if !case_dir.join("journal.jsonl").exists() && !case_dir.join("manifest.json").exists() {
        return Err(Failure::Environment(format!(
            "{} is not a case directory (no journal.jsonl or manifest.json)",
            case_dir.display()
        )));
    }
    let report = cordon_evidence::verify(case_dir);
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        for i in &report.items {
            println!("{}  {}  {}", if i.ok { "ok  " } else { "FAIL" }, i.item, i.detail);
        }
        println!(
            "\n{}: {} items, {} failed; journal head {}",
            if report.ok { "verified" } else { "VERIFICATION FAILED" },
            report.items.len(),
            report.failures().count(),
            report.journal_head
        );
    }
    if report.ok { Ok(()) } else { Err(Failure::Failed) }
}
