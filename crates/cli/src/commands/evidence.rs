//! `cordon evidence verify PATH` and `cordon evidence bundle CASE_DIR --out FILE`.

use std::path::Path;

use cordon_case::extract::Limits;
use cordon_core::clock::SystemClock;
use cordon_core::journal::Event;
use serde_json::json;

use crate::cli::{CustodyArgs, Global, Output};
use crate::{CmdResult, Failure};

/// `user@host` of the local account running the tool.
pub(crate) fn local_user() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    format!("{user}@{}", cordon_case::host_name())
}

/// Appends a custody record to the case's journal; a case that cannot take one (read-only
/// media, a damaged journal) is told about, not failed for: the check itself stands.
fn record(case_dir: &Path, c: &CustodyArgs, what: &str, ok: bool, detail: serde_json::Value) {
    if c.no_record {
        return;
    }
    let event = Event::Custody {
        what: what.into(),
        operator: c.operator.clone(),
        user: local_user(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        ok,
        detail,
    };
    if let Err(e) = cordon_case::append_custody(case_dir, event, &SystemClock) {
        eprintln!("warning: the custody record was not written to {}: {e}", case_dir.display());
    }
}

/// How `evidence verify` checks.
pub struct How<'a> {
    pub public_keys: &'a [std::path::PathBuf],
    pub trusted_keys: Option<&'a Path>,
    pub require_signature: bool,
    pub anchor: Option<&'a str>,
    pub max_size: u64,
    pub extract_to: Option<&'a Path>,
}

/// The trusted-keys file to read: the one given, else `$CORDON_TRUSTED_KEYS`, else
/// `~/.config/cordon/trusted-keys.pem` when it exists.
fn trusted_keys_file(given: Option<&Path>) -> Option<std::path::PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("CORDON_TRUSTED_KEYS").filter(|p| !p.is_empty()) {
        return Some(p.into());
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".config")))?;
    Some(config.join("cordon/trusted-keys.pem")).filter(|p| p.exists())
}

/// The anchor: a line hash as given, or the head of a journal copy kept elsewhere (the one
/// `s3.export_evidence` uploads): its last line must be in the journal checked.
fn anchor_of(given: &str) -> Result<String, Failure> {
    let path = Path::new(given);
    if given.len() == 64 && given.bytes().all(|b| b.is_ascii_hexdigit()) || !path.is_file() {
        return Ok(given.to_string());
    }
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Environment(format!("{given}: {e}")))?;
    let copy = cordon_core::journal::check(&text);
    if copy.entries.is_empty() || !copy.problems.is_empty() {
        eprintln!("error: --anchor {given}: not an intact journal copy");
        return Err(Failure::Invalid);
    }
    eprintln!("anchor: the last line of {given} ({} entries), head {}", copy.entries.len(), copy.head);
    Ok(copy.head)
}

pub fn verify(g: &Global, path: &Path, how: &How<'_>, custody: &CustodyArgs) -> CmdResult {
    if path.is_dir() && super::fanout::is_fanned_out(path) {
        if how.anchor.is_some() {
            eprintln!(
                "error: --anchor names one journal: verify that target's case (CASE_DIR/accounts/ACCOUNT/REGION)"
            );
            return Err(Failure::Invalid);
        }
        // Each target's case has its own chain of custody: each is verified on its own.
        let mut worst = Ok(());
        for (account, region, dir) in super::fanout::target_cases(path) {
            if g.output == Output::Text {
                println!("=== account {account} ({region}) ===");
            }
            let result = verify(g, &dir, how, custody);
            if worst.is_ok() {
                worst = result;
            }
        }
        return worst;
    }
    let anchor = how.anchor.map(anchor_of).transpose()?;
    let checks = cordon_case::Checks { anchor, extract_to: how.extract_to.map(Path::to_path_buf) };
    let report = if path.is_file() {
        let limits = Limits { max_total: how.max_size, ..Limits::default() };
        let mut files = how.public_keys.to_vec();
        files.extend(trusted_keys_file(how.trusted_keys));
        let trust = cordon_case::bundle::Trust::load(&files).map_err(|e| {
            eprintln!("error: trusted keys: {e}");
            Failure::Invalid
        })?;
        cordon_case::bundle::verify_bundle(path, &trust, &checks, limits)
    } else {
        if !path.join("journal.jsonl").exists() && !path.join("manifest.json").exists() {
            return Err(Failure::Environment(format!(
                "{} is neither a bundle nor a case directory (no journal.jsonl or manifest.json)",
                path.display()
            )));
        }
        if !how.public_keys.is_empty() || how.require_signature {
            eprintln!(
                "error: --public-key and --require-signature check a bundle's signature; a case directory has none"
            );
            return Err(Failure::Invalid);
        }
        let report = cordon_case::verify_with(path, &checks);
        let failed: Vec<&str> = report.failures().map(|i| i.item.as_str()).collect();
        let detail = json!({"items": report.items.len(), "failed": failed, "journal_head": report.journal_head});
        match cordon_case::CaseLock::held_by_other(path) {
            // Verification reads only; the journal belongs to the process writing it.
            Some(holder) if !custody.no_record => eprintln!(
                "note: {} is in use by {holder}: verified as it stands, and no custody record was written",
                path.display()
            ),
            _ => record(path, custody, "verified", report.ok, detail),
        }
        report
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
    if let Some(sig) = &report.signature
        && g.output != Output::Json
    {
        println!("signature: {}", sig.describe());
    }
    if !report.ok {
        return Err(Failure::Failed);
    }
    if how.require_signature && !report.signature.as_ref().is_some_and(|s| s.is_trusted()) {
        eprintln!("error: --require-signature: the bundle is intact but not signed by a trusted key");
        return Err(Failure::Untrusted);
    }
    Ok(())
}

pub fn bundle(g: &Global, case_dir: &Path, out: &Path, sign: Option<&Path>, custody: &CustodyArgs) -> CmdResult {
    use cordon_case::bundle::{BundleError, load_signing_key, write_bundle};
    let key = sign.map(load_signing_key).transpose().map_err(|e| {
        eprintln!("error: {e}");
        Failure::Invalid
    })?;
    // Bundling appends custody: one writer per case.
    let _lock = match case_dir.is_dir() {
        true => {
            let lock = super::lock_case(case_dir, "evidence bundle")?;
            super::note_takeover(case_dir, &lock, custody.operator.as_deref(), g.output)?;
            Some(lock)
        }
        false => None,
    };
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
    let detail = json!({"bundle": summary.bundle, "sha256": summary.sha256, "entries": summary.entries,
                        "signature": summary.signature, "public_key": summary.public_key});
    record(case_dir, custody, "bundled", true, detail);
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

pub fn repair(g: &Global, case_dir: &Path, operator: Option<&str>) -> CmdResult {
    // Repair writes the journal: one writer per case.
    let _lock = super::lock_case(case_dir, "evidence repair")?;
    let repaired = cordon_case::repair_torn_tail(case_dir, operator, &local_user(), &SystemClock)
        .map_err(|e| Failure::Environment(e.to_string()))?;
    if g.output == Output::Json {
        println!("{}", json!({ "case_dir": case_dir, "repaired": repaired }));
        return Ok(());
    }
    match repaired {
        None => println!("Nothing to repair: {} ends with a complete line.", case_dir.join("journal.jsonl").display()),
        Some(r) => {
            println!(
                "Repaired: the torn last line ({} bytes, sha256 {}) is kept as {}; the journal was cut back to its last \
complete line and the repair journaled.",
                r.artifact.size, r.artifact.sha256, r.artifact.path
            );
            println!(
                "Journal anchor (keep it off this machine; `cordon evidence verify --anchor` checks it): {}",
                r.head
            );
        }
    }
    Ok(())
}
