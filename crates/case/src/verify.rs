//! `cordon evidence verify`: re-hash every artifact, walk the journal chain, check that
//! the manifest is byte for byte the one the journal's custody records imply, and (given
//! an anchor kept outside the machine) that the journal still holds the anchored entry.
//! Every path read comes from files an attacker may have edited: each is confined to the
//! case root ([`crate::confined`]).

use std::collections::BTreeSet;
use std::path::Path;

use cordon_core::journal::{self, Event};
use serde::Serialize;

use crate::case_dir::{ARTIFACTS, JOURNAL, MANIFEST, Manifest};
use crate::hashing::sha256_file;

/// One checked item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    /// What was checked: `journal.jsonl`, `manifest.json`, or an artifact path.
    pub item: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub case_dir: String,
    pub ok: bool,
    /// Hash of the journal's last line.
    pub journal_head: String,
    pub journal_entries: usize,
    pub items: Vec<ItemResult>,
    /// A bundle's signature, as far as it was checked (`None`: a case directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::bundle::Signature>,
}

/// What to check beyond the case's own consistency.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    /// A journal line hash kept outside the machine (printed at the end of every run,
    /// resume and undo): the journal must still hold that line.
    pub anchor: Option<String>,
    /// Where a bundle is extracted for checking (default: the system's temporary
    /// directory); its free space is checked before anything is written.
    pub extract_to: Option<std::path::PathBuf>,
}

impl VerifyReport {
    pub fn failures(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| !i.ok)
    }
}

/// Verifies a case directory. Never panics; every problem becomes a failed item.
pub fn verify(root: &Path) -> VerifyReport {
    verify_with(root, &Checks::default())
}

/// [`verify`], with the checks `checks` adds.
pub fn verify_with(root: &Path, checks: &Checks) -> VerifyReport {
    let mut items = Vec::new();
    let mut push = |item: &str, ok: bool, detail: String| items.push(ItemResult { item: item.to_string(), ok, detail });

    let read = crate::CaseJournal::read(root);
    let was_read = read.is_ok();
    let checked = match read {
        Ok(r) => r.checked,
        Err(e) => {
            push(JOURNAL, false, format!("cannot read: {e}"));
            journal::CheckedJournal::default()
        }
    };
    if was_read {
        if checked.problems.is_empty() {
            push(JOURNAL, true, format!("{} entries, hash chain intact", checked.entries.len()));
        }
        for p in &checked.problems {
            push(&format!("{JOURNAL}:{}", p.line), false, p.message.clone());
        }
    }
    if let Some(anchor) = checks.anchor.as_deref().map(str::trim) {
        let total = checked.line_hashes.len();
        match checked.line_hashes.iter().position(|h| h.eq_ignore_ascii_case(anchor)) {
            Some(i) => push(
                "anchor",
                true,
                format!(
                    "the journal holds the anchored line ({} of {total}; {} entries after it)",
                    i + 1,
                    total - i - 1
                ),
            ),
            None => push(
                "anchor",
                false,
                format!(
                    "no line of the journal hashes to {anchor}: an entry up to the anchored one was edited or removed"
                ),
            ),
        }
    }
    let journaled: Vec<_> = checked
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::ArtifactStored { artifact } => Some(artifact),
            _ => None,
        })
        .collect();

    let manifest_text = std::fs::read_to_string(root.join(MANIFEST));
    let manifest: Option<Manifest> = match &manifest_text {
        Ok(t) => match serde_json::from_str(t) {
            Ok(m) => Some(m),
            Err(e) => {
                push(MANIFEST, false, format!("not a valid manifest: {e}"));
                None
            }
        },
        Err(e) => {
            push(MANIFEST, false, format!("cannot read: {e}"));
            None
        }
    };
    let mut listed = BTreeSet::new();
    if let Some(m) = &manifest {
        let mut manifest_ok = true;
        // Files are independent: hash them in parallel (one SHA-256 stream is sequential).
        use rayon::prelude::*;
        let hashes: Vec<Result<(String, u64), String>> = m
            .artifacts
            .par_iter()
            .map(|a| crate::confined(root, &a.path).and_then(|p| sha256_file(&p).map_err(|e| e.to_string())))
            .collect();
        for (a, hashed) in m.artifacts.iter().zip(hashes) {
            listed.insert(a.path.clone());
            if !journaled.contains(&a) {
                manifest_ok = false;
                push(MANIFEST, false, format!("entry for {} does not match the journal's custody record", a.path));
            }
            match hashed {
                Ok((sha, size)) if sha == a.sha256 && size == a.size => {
                    push(&a.path, true, format!("sha256 {sha}, {size} bytes"))
                }
                Ok((sha, size)) => push(
                    &a.path,
                    false,
                    format!("changed: sha256 {sha} ({size} bytes), recorded {} ({} bytes)", a.sha256, a.size),
                ),
                Err(e) => push(&a.path, false, e),
            }
        }
        for j in &journaled {
            if !m.artifacts.iter().any(|a| a == *j) {
                manifest_ok = false;
                push(MANIFEST, false, format!("{} is recorded in the journal but missing from the manifest", j.path));
            }
        }
        let exported: Vec<_> = checked
            .entries
            .iter()
            .filter_map(|e| match &e.event {
                Event::ArtifactExported { export, .. } => Some(export),
                _ => None,
            })
            .collect();
        if m.exports.len() != exported.len() || m.exports.iter().zip(&exported).any(|(a, b)| a != *b) {
            manifest_ok = false;
            push(MANIFEST, false, "its exports do not match the journal's custody records".into());
        }
        // Byte for byte: the manifest the journal implies (case id and format included), in
        // its one canonical form; an edit that parses the same (whitespace, order) is caught.
        let expected = Manifest::from_journal(&checked.entries).canonical_bytes();
        if was_read && manifest_text.as_ref().is_ok_and(|t| t.as_bytes() != expected.as_slice()) {
            manifest_ok = false;
            let why = if m.case_id != Manifest::from_journal(&checked.entries).case_id || m.format != 1 {
                "its case id or format is not the journal's"
            } else {
                "it is not byte for byte the manifest the journal implies (an edit, even of whitespace)"
            };
            push(MANIFEST, false, why.into());
        }
        if manifest_ok {
            push(
                MANIFEST,
                true,
                format!("{} artifacts, {} exports, agrees with the journal", m.artifacts.len(), m.exports.len()),
            );
        }
    }
    for extra in files_under(&root.join(ARTIFACTS), root) {
        if !listed.contains(&extra) {
            push(&extra, false, "present in the case directory but recorded nowhere".into());
        }
    }
    let ok = items.iter().all(|i| i.ok);
    VerifyReport {
        case_dir: root.display().to_string(),
        ok,
        journal_head: checked.head,
        journal_entries: checked.entries.len(),
        items,
        signature: None,
    }
}

fn files_under(dir: &Path, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            // The entry's own type: a link to a directory is not followed (it could lead
            // anywhere, `/` included); it is listed as a file nobody recorded.
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
