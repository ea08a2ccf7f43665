//! `cordon evidence verify PATH` and `cordon evidence bundle CASE_DIR --out FILE`.

use std::path::Path;

use cordon_evidence::extract::Limits;

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub fn verify(g: &Global, path: &Path, public_key: Option<&Path>, max_size: u64) -> CmdResult {
    let report = if path.is_file() {
        let limits = Limits { max_total: max_size, ..Limits::default() };
        cordon_evidence::bundle::verify_bundle(path, public_key, limits)
    } else {
        if !path.join("journal.jsonl").exists() && !path.join("manifest.json").exists() {
            return Err(Failure::Environment(format!(
                "{} is neither a bundle nor a case directory (no journal.jsonl or manifest.json)",
                path.display()
            )));
        }
        if public_key.is_some() {
            eprintln!("error: --public-key checks a bundle's signature; a case directory has none");
            return Err(Failure::Invalid);
        }
        cordon_evidence::verify(path)
    };
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

pub fn bundle(g: &Global, case_dir: &Path, out: &Path, sign: Option<&Path>) -> CmdResult {
    use cordon_evidence::bundle::{BundleError, load_signing_key, write_bundle};
    let key = sign.map(load_signing_key).transpose().map_err(|e| {
        eprintln!("error: {e}");
        Failure::Invalid
    })?;
    let summary = write_bundle(case_dir, out, key.as_ref()).map_err(|e| match e {
        BundleError::NotVerified(_) => Failure::Failed,
        other => Failure::Environment(other.to_string()),
    });
    let summary = match summary {
        Ok(s) => s,
        Err(f) => {
            if let Failure::Failed = f {
                eprintln!(
                    "error: {} does not verify, so it is not bundled; `cordon evidence verify` names each problem",
                    case_dir.display()
                );
            }
            return Err(f);
        }
    };
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        println!("Bundle: {} ({} entries, sha256 {})", summary.bundle, summary.entries, summary.sha256);
        if let (Some(sig), Some(key)) = (&summary.signature, &summary.public_key) {
            println!("Signature: {sig}\nPublic key: {key}");
        }
        println!("Check it: cordon evidence verify {}", summary.bundle);
    }
    Ok(())
}
