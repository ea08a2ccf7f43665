//! `cordon evidence repair`: the one way a torn journal tail (a last line cut short by a
//! power loss or a full disk) is mended. Nothing else ever rewrites the journal: the torn
//! bytes are kept as a hashed artifact of the case, the journal is cut back to its last
//! complete line, and the repair itself is journaled (the artifact, then a custody
//! record), so the chain of custody shows what was removed and by whom.

use std::io::Write;
use std::path::Path;

use cordon_core::artifact::ArtifactRecord;
use cordon_core::clock::{Clock, rfc3339_millis};
use cordon_core::journal::{self, Entry, Event};

use crate::case_dir::{ARTIFACTS, CaseError, JOURNAL, MANIFEST, Manifest};

/// What a repair did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Repaired {
    /// The torn bytes, kept as this artifact.
    pub artifact: ArtifactRecord,
    /// The journal's head after the repair (its new last line: the custody record).
    pub head: String,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io { path: path.display().to_string(), source }
}

/// Repairs a torn last line of `root`'s journal; `Ok(None)` when there is none. A journal
/// with any other problem is refused, unchanged: only a torn tail has one safe repair.
pub fn repair_torn_tail(
    root: &Path,
    operator: Option<&str>,
    user: &str,
    clock: &dyn Clock,
) -> Result<Option<Repaired>, CaseError> {
    let jpath = root.join(JOURNAL);
    let bytes = std::fs::read(&jpath).map_err(io(&jpath))?;
    let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let torn = &bytes[keep..];
    if torn.is_empty() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes[..keep]);
    let checked = journal::check(&text);
    if !checked.problems.is_empty() {
        let problems = checked.problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n");
        return Err(CaseError::Damaged {
            path: jpath.display().to_string(),
            problems: format!("{problems}\n  (more than a torn last line: not repaired, nothing changed)"),
        });
    }
    // 1. The torn bytes, kept: written, synced, hashed.
    let now = rfc3339_millis(clock.now());
    let seq = checked.entries.len();
    let rel = format!("{ARTIFACTS}/repair/torn-journal-line-{seq}.bin");
    let path = root.join(&rel);
    if let Some(dir) = path.parent() {
        crate::private::create_dir(dir).map_err(io(dir))?;
    }
    let mut f = crate::private::file_options().write(true).create_new(true).open(&path).map_err(io(&path))?;
    f.write_all(torn).and_then(|_| f.sync_all()).map_err(io(&path))?;
    let artifact = ArtifactRecord {
        path: rel,
        sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(torn)),
        size: torn.len() as u64,
        media_type: "application/octet-stream".into(),
        source: JOURNAL.into(),
        action: "evidence.repair".into(),
        step_id: "repair".into(),
        acquired_at: now.clone(),
    };
    // 2. The journal cut back to its last complete line, on disk before anything is appended.
    let file = std::fs::OpenOptions::new().write(true).open(&jpath).map_err(io(&jpath))?;
    file.set_len(keep as u64).and_then(|_| file.sync_all()).map_err(io(&jpath))?;
    // 3. The repair journaled: the artifact, then who repaired what.
    let mut head = checked.head;
    let mut file = std::fs::OpenOptions::new().append(true).open(&jpath).map_err(io(&jpath))?;
    let mut entries = checked.entries;
    let custody = Event::Custody {
        what: "repaired".into(),
        operator: operator.map(str::to_string),
        user: user.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        ok: true,
        detail: serde_json::json!({
            "torn_bytes": torn.len(),
            "torn_sha256": artifact.sha256,
            "kept_as": artifact.path,
            "journal_cut_at_byte": keep,
        }),
    };
    for event in [Event::ArtifactStored { artifact: artifact.clone() }, custody] {
        let entry = Entry { seq: entries.len() as u64, time: now.clone(), prev: head.clone(), event };
        let line = journal::encode(&entry);
        head = journal::line_hash(&line);
        file.write_all(format!("{line}\n").as_bytes()).and_then(|_| file.sync_data()).map_err(io(&jpath))?;
        entries.push(entry);
    }
    // 4. The manifest, as the journal now implies it.
    let mpath = root.join(MANIFEST);
    crate::private::write(&mpath, &Manifest::from_journal(&entries).canonical_bytes()).map_err(io(&mpath))?;
    Ok(Some(Repaired { artifact, head }))
}
