//! Kept events as encoded output lines. Each source's lines are encoded by the thread
//! that parsed it, while the event still borrowed the file's buffer, into one buffer per
//! source (a chunk): a kept event costs its output bytes and no allocation of its own,
//! sorting moves small [`Line`] handles, and writing hands the chunks' bytes to the
//! kernel in order.

use std::io::{IoSlice, Write};

use foldhash::HashSet;
use rayon::prelude::*;

use crate::event::Event;
use crate::output::{self, Format};

/// One kept event: what orders it and where its bytes are.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub time_ms: i64,
    pub responder_action: bool,
    chunk: u32,
    /// Where the event id starts in the chunk; the line follows it.
    start: usize,
    /// Length of the event id (0: none).
    id_len: u32,
    /// Length of the line, newline included.
    len: u32,
}

thread_local! {
    /// Each thread's encoding buffer, reused from source to source.
    static SCRATCH: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Encodes one source's kept events into one buffer.
pub struct Encoder {
    format: Format,
    buf: Vec<u8>,
}

impl Encoder {
    pub fn new(format: Format) -> Self {
        let mut buf = SCRATCH.take();
        buf.clear();
        Self { format, buf }
    }

    /// Appends `e`; its [`Line`] belongs to this encoder's buffer.
    pub fn push(&mut self, e: &Event<'_>) -> Result<Line, String> {
        let start = self.buf.len();
        let id = e.event_id.as_deref().unwrap_or("");
        self.buf.extend_from_slice(id.as_bytes());
        let encoded = output::encode(self.format, e, &mut self.buf);
        let line_len = self.buf.len() - start - id.len();
        match (encoded, u32::try_from(id.len()), u32::try_from(line_len)) {
            (Ok(()), Ok(id_len), Ok(len)) => {
                Ok(Line { time_ms: e.time_ms, responder_action: e.responder_action, chunk: 0, start, id_len, len })
            }
            (encoded, ..) => {
                self.buf.truncate(start);
                let why = encoded.err().map_or_else(|| "too large".to_string(), |e| e.to_string());
                Err(format!("event {id}: cannot be encoded: {why}"))
            }
        }
    }

    /// The encoded lines, in a chunk of exactly their size (the working buffer goes back
    /// to the thread for the next source).
    pub fn into_buf(self) -> Box<[u8]> {
        let chunk = Box::from(self.buf.as_slice());
        SCRATCH.set(self.buf);
        chunk
    }
}

/// The kept lines of every source, and the chunks they live in.
#[derive(Debug, Default)]
pub struct Lines {
    lines: Vec<Line>,
    chunks: Vec<Box<[u8]>>,
}

impl Lines {
    /// Adds one source's lines with the buffer its [`Encoder`] filled.
    pub fn add(&mut self, mut lines: Vec<Line>, buf: Box<[u8]>) {
        if lines.is_empty() {
            return;
        }
        let chunk = u32::try_from(self.chunks.len()).unwrap_or(u32::MAX);
        for l in &mut lines {
            l.chunk = chunk;
        }
        self.chunks.push(buf);
        self.lines.extend(lines);
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn bytes(&self, l: &Line) -> &[u8] {
        let chunk = self.chunks.get(l.chunk as usize).map(|c| &c[..]).unwrap_or_default();
        chunk.get(l.start..l.start + l.id_len as usize + l.len as usize).unwrap_or_default()
    }

    /// CloudTrail's event id, if it had one.
    fn id(&self, l: &Line) -> Option<&[u8]> {
        (l.id_len > 0).then(|| &self.bytes(l)[..l.id_len as usize])
    }

    fn text(&self, l: &Line) -> &[u8] {
        self.bytes(l).get(l.id_len as usize..).unwrap_or_default()
    }

    /// The encoded lines in their current order, newline included.
    pub fn texts(&self) -> impl Iterator<Item = &[u8]> {
        self.lines.iter().map(|l| self.text(l))
    }

    /// Sorts by time, then event id, then the line itself (the same order on every
    /// run), and drops lines whose event id came before; returns how many were dropped.
    pub fn sort_dedup(&mut self) -> u64 {
        let mut lines = std::mem::take(&mut self.lines);
        lines.par_sort_unstable_by(|a, b| {
            a.time_ms.cmp(&b.time_ms).then_with(|| (self.id(a), self.text(a)).cmp(&(self.id(b), self.text(b))))
        });
        let before = lines.len();
        let mut seen: HashSet<&[u8]> = HashSet::with_capacity_and_hasher(before, Default::default());
        let keep: Vec<bool> = lines.iter().map(|l| self.id(l).is_none_or(|id| seen.insert(id))).collect();
        drop(seen);
        let mut keep = keep.into_iter();
        lines.retain(|_| keep.next().unwrap_or(true));
        self.lines = lines;
        (before - self.lines.len()) as u64
    }

    pub fn responder_actions(&self) -> u64 {
        self.lines.iter().filter(|l| l.responder_action).count() as u64
    }

    /// Writes the timeline: the format's header, then every line in order, many lines
    /// per system call.
    pub fn write<W: Write>(&self, format: Format, mut w: W) -> std::io::Result<()> {
        w.write_all(&output::header(format))?;
        const BATCH: usize = 512;
        for batch in self.lines.chunks(BATCH) {
            let mut slices: Vec<IoSlice<'_>> = batch.iter().map(|l| IoSlice::new(self.text(l))).collect();
            let mut rest = &mut slices[..];
            while !rest.is_empty() {
                let n = w.write_vectored(rest)?;
                if n == 0 {
                    return Err(std::io::ErrorKind::WriteZero.into());
                }
                IoSlice::advance_slices(&mut rest, n);
            }
        }
        w.flush()
    }
}
