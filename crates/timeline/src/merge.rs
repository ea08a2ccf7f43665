//! Many sources into one timeline: local files read and parsed in parallel across
//! files, events merged in time order, duplicate event ids dropped, and a summary of
//! what was read and what was wrong.
//!
//! A kept event is held as its output [`Line`], encoded by the thread that parsed it
//! while it still borrowed the file's buffer: one allocation per kept event, memory
//! the size of the output, and writing is copying lines out in order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::event::{Event, Filter};
use crate::output::{self, Format};
use crate::parse::{FileOutcome, Limits, Problem, parse_file_with};

/// One kept event, encoded in the output format, with what orders and de-duplicates it.
#[derive(Debug, Clone)]
pub struct Line {
    pub time_ms: i64,
    pub responder_action: bool,
    /// Length of the event id at the start of `bytes` (0: none).
    id_len: u32,
    /// The event id, then the encoded line.
    bytes: Box<[u8]>,
}

impl Line {
    /// Encodes `e` in `format`; `scratch` is reused between calls.
    pub fn encode(format: Format, e: &Event<'_>, scratch: &mut Vec<u8>) -> Result<Line, String> {
        scratch.clear();
        let id = e.event_id.as_deref().unwrap_or("");
        let id_len = u32::try_from(id.len()).map_err(|_| format!("event id of {} bytes", id.len()))?;
        scratch.extend_from_slice(id.as_bytes());
        output::encode(format, e, scratch).map_err(|err| format!("event {id}: cannot be encoded: {err}"))?;
        Ok(Line { time_ms: e.time_ms, responder_action: e.responder_action, id_len, bytes: scratch.as_slice().into() })
    }

    /// CloudTrail's event id, if it had one.
    pub fn id(&self) -> Option<&[u8]> {
        (self.id_len > 0).then(|| &self.bytes[..self.id_len as usize])
    }

    /// The encoded event, newline included.
    pub fn text(&self) -> &[u8] {
        &self.bytes[self.id_len as usize..]
    }
}

/// Writes the timeline: the format's header, then every line in order.
pub fn write_lines<W: std::io::Write>(format: Format, lines: &[Line], mut w: W) -> std::io::Result<()> {
    w.write_all(&output::header(format))?;
    for l in lines {
        w.write_all(l.text())?;
    }
    w.flush()
}

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

/// Events from every source, encoded in one output format, before merging.
#[derive(Debug)]
pub struct Collected {
    pub format: Format,
    pub lines: Vec<Line>,
    pub summary: Summary,
}

impl Collected {
    pub fn new(format: Format) -> Self {
        Self { format, lines: Vec::new(), summary: Summary::default() }
    }

    /// Adds one file's outcome, its events already encoded.
    pub fn add(&mut self, bytes_read: u64, out: FileOutcome<Line>) {
        self.summary.files += 1;
        self.summary.bytes_read += bytes_read;
        self.summary.bytes_inflated += out.inflated_bytes;
        self.summary.records += out.records;
        self.summary.bad_records += out.bad_records;
        self.summary.problems.extend(out.problems);
        self.lines.extend(out.events);
    }

    /// Adds one source's outcome (e.g. a LookupEvents page), encoding its events.
    pub fn add_events(&mut self, bytes_read: u64, mut out: FileOutcome) {
        let events = std::mem::take(&mut out.events);
        let FileOutcome { records, bad_records, inflated_bytes, problems, .. } = out;
        self.add(bytes_read, FileOutcome { events: Vec::new(), records, bad_records, inflated_bytes, problems });
        self.push_events(events);
    }

    /// Adds events from outside any file (the journal's responder actions).
    pub fn push_events<'a>(&mut self, events: impl IntoIterator<Item = Event<'a>>) {
        let mut scratch = Vec::new();
        for e in events {
            match Line::encode(self.format, &e, &mut scratch) {
                Ok(l) => self.lines.push(l),
                Err(message) => self.problem(e.origin.into_owned(), message),
            }
        }
    }

    /// What each kept event becomes when parsed for this collection.
    pub fn encoder(format: Format) -> impl FnMut(Event<'_>) -> Result<Line, String> {
        let mut scratch = Vec::with_capacity(4096);
        move |e| Line::encode(format, &e, &mut scratch)
    }

    pub fn problem(&mut self, file: impl Into<String>, message: impl Into<String>) {
        self.summary.problems.push(Problem { file: file.into(), message: message.into() });
    }

    /// Sorts by time (then event id, then the line itself, so the order is the same on
    /// every run), drops duplicate event ids (the first in that order stays), and
    /// finishes the summary.
    pub fn finish(mut self) -> (Vec<Line>, Summary) {
        self.lines.par_sort_unstable_by(|a, b| (a.time_ms, a.id(), a.text()).cmp(&(b.time_ms, b.id(), b.text())));
        let keep: Vec<bool> = {
            let mut seen: HashSet<&[u8]> = HashSet::with_capacity(self.lines.len());
            self.lines.iter().map(|l| l.id().is_none_or(|id| seen.insert(id))).collect()
        };
        let before = self.lines.len();
        let mut keep = keep.into_iter();
        self.lines.retain(|_| keep.next().unwrap_or(true));
        self.summary.duplicates = (before - self.lines.len()) as u64;
        self.summary.events = self.lines.len() as u64;
        self.summary.responder_actions = self.lines.iter().filter(|l| l.responder_action).count() as u64;
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

/// Reads and parses local files in parallel (one file per task).
pub fn read_files(files: &[PathBuf], limits: &Limits, filter: &Filter, keep_raw: bool, into: &mut Collected) {
    let format = into.format;
    let outcomes: Vec<(u64, FileOutcome<Line>)> = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            match read_capped(path, limits.max_bytes) {
                Ok(data) => {
                    let mut keep = Collected::encoder(format);
                    (data.len() as u64, parse_file_with(&name, &data, limits, filter, keep_raw, &mut keep))
                }
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
