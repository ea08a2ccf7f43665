//! Safe extraction of a bundle: nothing is ever written outside the target directory.
//!
//! Rejected, with the entry named: paths with `..`, absolute paths, drive prefixes,
//! symbolic links, duplicate names, entries that inflate past their declared size, an
//! inflated total above the limit, and compression ratios only a zip bomb has.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Extraction limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes all entries together may inflate to.
    pub max_total: u64,
    /// Entries larger than `ratio_floor` bytes may not inflate more than this many times.
    pub max_ratio: u64,
    pub ratio_floor: u64,
    /// The most entries a bundle may have.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_total: 64 << 30, max_ratio: 1000, ratio_floor: 1 << 20, max_entries: 100_000 }
    }
}

/// Bytes free for an unprivileged writer on the file system holding `dir`, if known.
pub fn free_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Whether `needed` bytes fit in `free` (with 64 MiB to spare), or why not.
pub fn room_for(needed: u64, free: Option<u64>, dir: &Path) -> Result<(), String> {
    match free {
        Some(free) if needed.saturating_add(64 << 20) > free => Err(format!(
            "the entries inflate to {needed} bytes and {} has {free} bytes free: extract elsewhere \
(`--extract-to DIR`)",
            dir.display()
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{0}: cannot read the bundle: {1}")]
    Read(String, String),
    #[error("entry `{0}`: {1}")]
    Rejected(String, String),
}

use crate::confine::safe_name;

/// Extracts `bundle` into `target` (an empty directory). Returns the names extracted.
pub fn extract(bundle: &Path, target: &Path, limits: Limits) -> Result<Vec<String>, ExtractError> {
    let shown = bundle.display().to_string();
    let file = std::fs::File::open(bundle).map_err(|e| ExtractError::Read(shown.clone(), e.to_string()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| ExtractError::Read(shown.clone(), e.to_string()))?;
    // Everything is checked before anything is written.
    if zip.has_duplicate_names() {
        return Err(ExtractError::Rejected(shown, "a duplicate name in the central directory".into()));
    }
    if zip.len() > limits.max_entries {
        return Err(ExtractError::Rejected(
            shown,
            format!("{} entries, more than the limit of {}", zip.len(), limits.max_entries),
        ));
    }
    let mut names = BTreeSet::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| ExtractError::Read(shown.clone(), e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| ExtractError::Rejected(format!("#{i}"), format!("a name that is not valid text: {e}")))?
            .into_owned();
        let reject = |why: String| ExtractError::Rejected(name.clone(), why);
        safe_name(&name).map_err(reject)?;
        if entry.enclosed_name().is_none() {
            return Err(reject("a path outside the target".into()));
        }
        if entry.is_symlink() {
            return Err(reject("a symbolic link".into()));
        }
        if !names.insert(name.clone()) {
            return Err(reject("a duplicate name".into()));
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > limits.max_total {
            return Err(reject(format!("the entries inflate past the limit of {} bytes", limits.max_total)));
        }
        if size > limits.ratio_floor && size / entry.compressed_size().max(1) > limits.max_ratio {
            return Err(reject(format!(
                "{size} bytes from {} compressed: a ratio only a zip bomb has",
                entry.compressed_size()
            )));
        }
    }
    // Before anything is written: the declared total must fit where it goes.
    room_for(total, free_space(target), target).map_err(|why| ExtractError::Rejected(shown.clone(), why))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| ExtractError::Read(shown.clone(), e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| ExtractError::Rejected(format!("#{i}"), format!("a name that is not valid text: {e}")))?
            .into_owned();
        if entry.is_dir() {
            continue;
        }
        let dest = target.join(&name);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| ExtractError::Rejected(name.clone(), e.to_string()))?;
        }
        let declared = entry.size();
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .map_err(|e| ExtractError::Rejected(name.clone(), e.to_string()))?;
        // Never more than the header declared: a lying header is a bomb too.
        let copied = std::io::copy(&mut (&mut entry).take(declared + 1), &mut f)
            .map_err(|e| ExtractError::Rejected(name.clone(), e.to_string()))?;
        if copied != declared {
            drop(f);
            let _ = std::fs::remove_file(&dest);
            return Err(ExtractError::Rejected(
                name,
                format!("inflates to {copied}{} bytes, declared {declared}", if copied > declared { "+" } else { "" }),
            ));
        }
        let mut rest = [0u8; 1];
        if entry.read(&mut rest).unwrap_or(0) > 0 {
            return Err(ExtractError::Rejected(name, "inflates past its declared size".into()));
        }
        out.push(name);
    }
    Ok(out)
}
