//! One writer per case: an exclusive lock on `case_dir/.cordon.lock`, held by `run`,
//! `resume`, `undo` and `evidence bundle` for as long as they may append to the journal.
//!
//! The lock is the operating system's (`File::try_lock`): it is released when the holder
//! exits, however it exits, so a lock left by a killed process never blocks anyone. The
//! file also says who holds it (pid, host, command, since when), for the error a second
//! process gets; a clean release empties it, so a holder record found on acquiring means
//! the previous holder died holding it, which the caller journals.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::case_dir::CaseError;

pub const LOCK: &str = ".cordon.lock";

/// Who holds (or held) a case's lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// The command, e.g. `run`, `undo`.
    pub command: String,
    /// When it took the lock (RFC 3339).
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`cordon {}` (pid {} on {}, since {})", self.command, self.pid, self.host, self.since)
    }
}

/// The local host's name.
pub fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into())
}

/// A held case lock; released (and its holder record emptied) when dropped.
#[derive(Debug)]
pub struct CaseLock {
    file: File,
    path: PathBuf,
    /// The holder recorded by a process that died holding the lock, if any: the caller
    /// journals the takeover.
    pub taken_over: Option<Holder>,
}

impl CaseLock {
    /// Takes the case's lock for `command`, or fails naming the process that holds it.
    pub fn acquire(root: &Path, command: &str, now: &str) -> Result<Self, CaseError> {
        if !root.exists() {
            crate::private::create_dir(root)
                .map_err(|source| CaseError::Io { path: root.display().to_string(), source })?;
        }
        let path = root.join(LOCK);
        let io = |source| CaseError::Io { path: path.display().to_string(), source };
        let mut file = crate::private::file_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(CaseError::Locked { path: root.display().to_string(), holder: describe(read(&mut file)) });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let taken_over = read(&mut file);
        let me = Holder { pid: std::process::id(), host: host_name(), command: command.into(), since: now.into() };
        let text = serde_json::to_string(&me).unwrap_or_default();
        file.set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| file.write_all(text.as_bytes()))
            .and_then(|_| file.sync_data())
            .map_err(io)?;
        Ok(Self { file, path, taken_over })
    }

    /// Whether another process holds the case's lock now (and who): for read-only commands
    /// that would otherwise append a custody record.
    pub fn held_by_other(root: &Path) -> Option<String> {
        let mut file = OpenOptions::new().read(true).write(true).open(root.join(LOCK)).ok()?;
        match file.try_lock() {
            Ok(()) => None,
            Err(TryLockError::WouldBlock) => Some(describe(read(&mut file))),
            Err(TryLockError::Error(_)) => None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for CaseLock {
    fn drop(&mut self) {
        // A clean release leaves no holder record behind.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn read(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok()
}

fn describe(holder: Option<Holder>) -> String {
    holder.map_or_else(|| "another process (it has not said who yet)".to_string(), |h| h.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_name_and_a_dead_holder_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let first = CaseLock::acquire(dir.path(), "run", "2026-11-30T10:00:00Z").unwrap();
        assert!(first.taken_over.is_none());
        let e = CaseLock::acquire(dir.path(), "undo", "2026-11-30T10:01:00Z").unwrap_err().to_string();
        assert!(e.contains("`cordon run`") && e.contains(&format!("pid {}", std::process::id())), "{e}");
        assert!(CaseLock::held_by_other(dir.path()).is_some());
        drop(first);
        assert!(CaseLock::held_by_other(dir.path()).is_none(), "released on drop");
        // A holder that died leaves its record (the OS released the lock itself).
        let dead = Holder { pid: 4_000_000, host: host_name(), command: "run".into(), since: "then".into() };
        std::fs::write(dir.path().join(LOCK), serde_json::to_string(&dead).unwrap()).unwrap();
        let next = CaseLock::acquire(dir.path(), "resume", "2026-11-30T10:02:00Z").unwrap();
        assert_eq!(next.taken_over, Some(dead));
    }
}
