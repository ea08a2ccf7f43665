//! Many sources into one timeline: local files read and parsed in parallel across
//! files, events merged in time order, duplicate event ids dropped, and a summary of
//! what was read and what was wrong.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::event::{Event, Filter};
use crate::parse::{FileOutcome, Limits, Problem, parse_file};

/// What a build read and what it kept.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub files: u64,
    /// Bytes read from files and objects (as stored, compressed or not).
    pub bytes_read: u64,
    /// Bytes parsed after decompression.
    pub bytes_inflated: u64,
    pub records: u64,
    pub bad_records: u64,
    /// Events dropped because an event with the same id was already kept.
    pub duplicates: u64,
    /// Events in the timeline.
    pub events: u64,
    /// Responder actions among them.
    pub responder_actions: u64,
    /// Files or records that could not be used, each with where it was found.
    pub problems: Vec<Problem>,
}

/// Events from every source, before merging.
#[derive(Debug, Default)]
pub struct Collected {
    pub events: Vec<Event>,
    pub summary: Summary,
}

impl Collected {
    /// Adds one file's outcome.
    pub fn add(&mut self, bytes_read: u64, out: FileOutcome) {
        self.summary.files += 1;
        self.summary.bytes_read += bytes_read;
        self.summary.bytes_inflated += out.inflated_bytes;
        self.summary.records += out.records;
        self.summary.bad_records += out.bad_records;
        self.summary.problems.extend(out.problems);
        self.events.extend(out.events);
    }

    pub fn problem(&mut self, file: impl Into<String>, message: impl Into<String>) {
        self.summary.problems.push(Problem { file: file.into(), message: message.into() });
    }

    /// Sorts by time (then event id, so the order is stable across runs), drops
    /// duplicate event ids, and finishes the summary.
    pub fn finish(mut self) -> (Vec<Event>, Summary) {
        self.events.par_sort_unstable_by(|a, b| {
            (a.time_ms, &a.event_id, &a.origin, &a.event_name).cmp(&(b.time_ms, &b.event_id, &b.origin, &b.event_name))
        });
        let keep: Vec<bool> = {
            let mut seen: HashSet<&str> = HashSet::with_capacity(self.events.len());
            self.events.iter().map(|e| e.event_id.as_deref().is_none_or(|id| seen.insert(id))).collect()
        };
        let before = self.events.len();
        let mut keep = keep.into_iter();
        self.events.retain(|_| keep.next().unwrap_or(true));
        self.summary.duplicates = (before - self.events.len()) as u64;
        self.summary.events = self.events.len() as u64;
        self.summary.responder_actions = self.events.iter().filter(|e| e.responder_action).count() as u64;
        (self.events, self.summary)
    }
}

/// Expands files and directories (recursively) into the files to read: `.json`,
/// `.json.gz`, `.gz`, `.jsonl` and `.ndjson`, in a stable order. Symbolic links to
/// directories are not followed (no loops); unreadable directories are reported.
pub fn expand_paths(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    fn wanted(p: &Path) -> bool {
        let name = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        [".json", ".gz", ".jsonl", ".ndjson"].iter().any(|ext| name.ends_with(ext))
    }
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                problems
                    .push(Problem { file: dir.display().to_string(), message: format!("cannot read directory: {e}") });
                return;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => walk(&path, out, problems),
                Ok(t) if t.is_file() && wanted(&path) => out.push(path),
                Ok(t) if t.is_symlink() && wanted(&path) && path.is_file() => out.push(path),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, problems);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Reads and parses local files in parallel (one file per task).
pub fn read_files(files: &[PathBuf], limits: &Limits, filter: &Filter, keep_raw: bool, into: &mut Collected) {
    let outcomes: Vec<(u64, FileOutcome)> = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            match read_capped(path, limits.max_bytes) {
                Ok(data) => (data.len() as u64, parse_file(&name, &data, limits, filter, keep_raw)),
                Err(message) => {
                    let mut out = FileOutcome::default();
                    out.problems.push(Problem { file: name, message });
                    (0, out)
                }
            }
        })
        .collect();
    for (n, out) in outcomes {
        into.add(n, out);
    }
}

fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > max {
        return Err(format!("{} bytes is past the {max}-byte limit; the file was not used", meta.len()));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}
