//! `cordon evidence verify`: re-hash every artifact, walk the journal chain, and
//! check that the manifest agrees with the journal's custody records.

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
}

impl VerifyReport {
    pub fn failures(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| !i.ok)
    }
}

/// Verifies a case directory. Never panics; every problem becomes a failed item.
pub fn verify(root: &Path) -> VerifyReport {
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
    let journaled: Vec<_> = checked
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::ArtifactStored { artifact } => Some(artifact),
            _ => None,
        })
        .collect();

    let manifest: Option<Manifest> = match std::fs::read_to_string(root.join(MANIFEST)) {
        Ok(t) => match serde_json::from_str(&t) {
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
        let hashes: Vec<_> = m.artifacts.par_iter().map(|a| sha256_file(&root.join(&a.path))).collect();
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
                Err(e) => push(&a.path, false, format!("cannot read: {e}")),
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
    }
}

fn files_under(dir: &Path, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
