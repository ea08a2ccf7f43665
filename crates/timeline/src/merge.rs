//! Many sources into one timeline: local files read and parsed in parallel across
//! files, events merged in time order, duplicate event ids dropped, and a summary of
//! what was read and what was wrong.
//!
//! A kept event is held as its output line ([`crate::lines`]): memory the size of the
//! output, not of what was read.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::budget::Budget;
use crate::event::{Event, Filter};
use crate::lines::{Encoder, Line, Lines};
use crate::output::Format;
use crate::parse::{FileOutcome, Limits, NeedsMore, Problem, parse_file_with, parse_file_within};

/// What a build read and what it kept.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub files: u64,
    /// Local trail log files not read: the delivery stamp in their name is outside the
    /// window ([`crate::layout`]).
    pub files_skipped: u64,
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
    /// Events that matched a Sigma rule (each read; duplicates are counted once by the
    /// hunt summary).
    pub detected: u64,
}

/// Events from every source, encoded in one output format, before merging.
#[derive(Debug)]
pub struct Collected {
    pub format: Format,
    pub lines: Lines,
    pub summary: Summary,
    /// Every event that matched a Sigma rule, as read.
    pub hits: Vec<crate::detect::hunt::Hit>,
}

impl Collected {
    pub fn new(format: Format) -> Self {
        Self { format, lines: Lines::default(), summary: Summary::default(), hits: Vec::new() }
    }

    /// Adds one file's outcome, its events already encoded into `buf` (an [`Encoder`]'s).
    pub fn add(&mut self, bytes_read: u64, out: FileOutcome<Line>, buf: Box<[u8]>) {
        self.summary.files += 1;
        self.summary.bytes_read += bytes_read;
        self.summary.bytes_inflated += out.inflated_bytes;
        self.summary.records += out.records;
        self.summary.bad_records += out.bad_records;
        self.summary.problems.extend(out.problems);
        self.summary.detected += out.hits.len() as u64;
        self.hits.extend(out.hits);
        self.lines.add(out.events, buf);
    }

    /// Adds one source's outcome (e.g. a LookupEvents page), encoding its events.
    pub fn add_events(&mut self, bytes_read: u64, mut out: FileOutcome) {
        let events = std::mem::take(&mut out.events);
        let FileOutcome { records, bad_records, inflated_bytes, problems, hits, .. } = out;
        self.add(
            bytes_read,
            FileOutcome { events: Vec::new(), records, bad_records, inflated_bytes, problems, hits },
            Box::default(),
        );
        self.push_events(events);
    }

    /// Adds events from outside any file (the journal's responder actions).
    pub fn push_events<'a>(&mut self, events: impl IntoIterator<Item = Event<'a>>) {
        let mut enc = Encoder::new(self.format);
        let mut lines = Vec::new();
        for e in events {
            match enc.push(&e) {
                Ok(l) => lines.push(l),
                Err(message) => self.problem(e.origin.into_owned(), message),
            }
        }
        self.lines.add(lines, enc.into_buf());
    }

    pub fn problem(&mut self, file: impl Into<String>, message: impl Into<String>) {
        self.summary.problems.push(Problem { file: file.into(), message: message.into() });
    }

    /// Sorts by time (then event id, then the line itself, so the order is the same on
    /// every run), drops duplicate event ids (the first in that order stays), and
    /// finishes the summary.
    pub fn finish(mut self) -> (Lines, Summary) {
        self.summary.duplicates = self.lines.sort_dedup();
        self.summary.events = self.lines.len() as u64;
        self.summary.responder_actions = self.lines.responder_actions();
        (self.lines, self.summary)
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

/// One file read: its bytes as stored, what parsing it gave, and its kept events' lines.
pub(crate) type Parsed = (u64, FileOutcome<Line>, Box<[u8]>);

/// Reads and parses local files in parallel (one file per task), holding at most
/// `limits.max_memory` of file bytes and inflated text at once ([`Budget`]).
pub fn read_files(files: &[PathBuf], limits: &Limits, filter: &Filter, keep_raw: bool, into: &mut Collected) {
    let format = into.format;
    let budget = Budget::new(limits.max_memory);
    let outcomes: Vec<Parsed> = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            match read_file(path, &name, limits, filter, keep_raw, format, &budget) {
                Ok(done) => done,
                Err(message) => {
                    let mut out = FileOutcome::default();
                    out.problems.push(Problem { file: name, message });
                    (0, out, Box::default())
                }
            }
        })
        .collect();
    for (n, out, buf) in outcomes {
        into.add(n, out, buf);
    }
}

/// One local file under a reservation of the budget: its size and a guess at its
/// inflated size first; if it inflates past the guess, read again under the largest.
fn read_file(
    path: &Path,
    name: &str,
    limits: &Limits,
    filter: &Filter,
    keep_raw: bool,
    format: Format,
    budget: &std::sync::Arc<Budget>,
) -> Result<Parsed, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?.len();
    if size > limits.max_bytes {
        return Err(format!("{size} bytes is past the {}-byte limit; the file was not used", limits.max_bytes));
    }
    if size > budget.total() {
        return Err(format!("{size} bytes is past the {}-byte memory limit; the file was not used", budget.total()));
    }
    let mut want = Budget::first_guess(size, limits.max_bytes);
    loop {
        let held = budget.reserve(want);
        let (cap, largest) = budget.inflate_caps(size, held.bytes(), limits.max_bytes);
        let data = read_capped(path, size)?;
        let mut enc = Encoder::new(format);
        match parse_file_within(name, &data, limits, cap, filter, keep_raw, &mut |e| enc.push(&e)) {
            Ok(out) => return Ok((data.len() as u64, out, enc.into_buf())),
            Err(NeedsMore) if cap < largest => want = size.saturating_add(largest),
            // The budget grants no more: report the file as past what it allows.
            Err(NeedsMore) => {
                let limits = Limits { max_bytes: largest, ..*limits };
                let out = parse_file_with(name, &data, &limits, filter, keep_raw, &mut |e| enc.push(&e));
                return Ok((data.len() as u64, out, enc.into_buf()));
            }
        }
    }
}

/// At most `max` bytes of the file (it was that size when listed): a file that grew
/// since is refused rather than read past what was reserved for it.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut data = Vec::with_capacity(usize::try_from(max).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut data).map_err(|e| format!("cannot read: {e}"))?;
    if data.len() as u64 > max {
        return Err(format!("grew past its listed {max} bytes while being read; the file was not used"));
    }
    Ok(data)
}
