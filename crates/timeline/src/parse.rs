//! One file's bytes to events: gzip detection with a cap on the inflated size, the
//! container shape (`{"Records":[...]}`, a bare array, LookupEvents output, one event,
//! or JSON Lines), and per-record normalization. Never panics; every problem is
//! returned with where it was found, and the rest of the file is still used.

use std::io::Read;

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::detect::hunt::Hit;
use crate::event::{Event, Filter};
use crate::filtered::FilteredRecord;
use crate::record::{Record, normalize, normalize_record};

/// Limits that protect the reader from hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, and largest inflated size of a compressed one.
    pub max_bytes: u64,
    /// File bytes and inflated text that the parallel readers of one build hold at once
    /// ([`crate::budget::Budget`]). A file needs its size plus its inflated size within it.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_bytes: 1 << 30, max_memory: 2 << 30 }
    }
}

/// Something wrong with one file or record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (or S3 URI) it was found in.
    pub file: String,
    pub message: String,
}

/// What reading one file produced: `T` is what each kept event became (by default the
/// event itself, owned).
#[derive(Debug)]
pub struct FileOutcome<T = Event<'static>> {
    /// Events kept by the filter.
    pub events: Vec<T>,
    /// Records seen (kept or not).
    pub records: u64,
    /// Records that could not be used.
    pub bad_records: u64,
    /// Decompressed bytes parsed.
    pub inflated_bytes: u64,
    pub problems: Vec<Problem>,
    /// Kept events that matched a Sigma rule ([`Filter::detect`]).
    pub hits: Vec<Hit>,
}

impl<T> Default for FileOutcome<T> {
    fn default() -> Self {
        Self {
            events: Vec::new(),
            records: 0,
            bad_records: 0,
            inflated_bytes: 0,
            problems: Vec::new(),
            hits: Vec::new(),
        }
    }
}

/// What becomes of each kept event (e.g. its encoded output line); an error is reported
/// as a problem of the file.
pub type Keep<'k, T> = &'k mut dyn FnMut(Event<'_>) -> Result<T, String>;

/// At most this many per-record problems are listed per file; the rest are counted.
const MAX_RECORD_PROBLEMS: usize = 5;

/// Inflates `data` if it is gzip (detected by its magic bytes, not its name), refusing
/// to go past `max`. Returns what was inflated and, if it stopped early, why.
pub fn inflate(data: &[u8], max: u64) -> (std::borrow::Cow<'_, [u8]>, Option<String>) {
    if !data.starts_with(&[0x1f, 0x8b]) {
        return (std::borrow::Cow::Borrowed(data), None);
    }
    let mut out = Vec::with_capacity(data.len().saturating_mul(8).min(max as usize));
    let mut dec = flate2::read::MultiGzDecoder::new(data).take(max.saturating_add(1));
    let err = match dec.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > max => {
            out.truncate(max as usize);
            Some(format!("inflates past the {max}-byte limit (a decompression bomb?); the file was not used"))
        }
        Ok(_) => None,
        Err(e) => Some(format!("gzip: {e} (truncated or corrupt)")),
    };
    (std::borrow::Cow::Owned(out), err)
}

#[derive(Deserialize)]
struct Container<'a> {
    #[serde(rename = "Records", borrow, default)]
    records: Option<Vec<&'a RawValue>>,
    /// `aws cloudtrail lookup-events` output.
    #[serde(rename = "Events", borrow, default)]
    events: Option<Vec<LookupItem<'a>>>,
}

#[derive(Deserialize)]
struct LookupItem<'a> {
    #[serde(rename = "CloudTrailEvent", borrow)]
    event: Option<std::borrow::Cow<'a, str>>,
}

struct Sink<'f, 'k, T> {
    name: &'f str,
    filter: &'f Filter,
    keep_raw: bool,
    /// Record positions are line numbers (JSON Lines), not array indexes.
    lines: bool,
    keep: Keep<'k, T>,
    out: FileOutcome<T>,
}

impl<T> Sink<'_, '_, T> {
    fn problem(&mut self, message: String) {
        self.out.problems.push(Problem { file: self.name.to_string(), message });
    }

    /// Events read from JSON Lines by a reader of another shape than CloudTrail's (flow
    /// logs, findings): each line's event (`None`: nothing to show) or why it is bad.
    fn events(&mut self, records: Vec<Result<Option<crate::event::Event<'static>>, String>>, what: &str) {
        self.lines = true;
        for (i, r) in records.into_iter().enumerate() {
            self.out.records += 1;
            match r {
                Ok(Some(e)) if self.filter.matches(&e) && !self.filter.detected_only => self.kept(e),
                Ok(_) => {}
                Err(err) => {
                    self.out.bad_records += 1;
                    if self.out.bad_records as usize <= MAX_RECORD_PROBLEMS {
                        self.problem(format!("{what} {}: {err}", i + 1));
                    }
                }
            }
        }
    }

    /// A record given as text (a LookupEvents `CloudTrailEvent`, a JSON Lines line):
    /// checked to be one JSON value first.
    fn record_text(&mut self, text: &str, index: usize) {
        match serde_json::from_str::<&RawValue>(text) {
            Ok(raw) => self.record(raw, index),
            Err(e) => {
                self.out.records += 1;
                self.bad(index, &crate::record::RecordError::NotJson(e.to_string()));
            }
        }
    }

    /// Records given one by one as text; `None` is an item without a `CloudTrailEvent`.
    fn texts<'t>(&mut self, texts: impl IntoIterator<Item = Option<&'t str>>) {
        for (i, t) in texts.into_iter().enumerate() {
            match t {
                Some(t) => self.record_text(t, i),
                None => {
                    self.out.records += 1;
                    self.out.bad_records += 1;
                    self.problem(format!("event {i}: no CloudTrailEvent"));
                }
            }
        }
    }

    fn bad(&mut self, index: usize, err: &crate::record::RecordError) {
        self.out.bad_records += 1;
        if self.out.bad_records as usize <= MAX_RECORD_PROBLEMS {
            let at = if self.lines { "line" } else { "record" };
            self.problem(format!("{at} {index}: {err}"));
        }
    }

    fn record(&mut self, raw: &RawValue, index: usize) {
        self.out.records += 1;
        match normalize(raw.get(), self.name) {
            Ok(mut e) => {
                if self.filter.matches(&e) && self.detect(&mut e, raw.get()) {
                    if self.keep_raw {
                        e.raw = Some(one_line(raw));
                    }
                    self.kept(e);
                }
            }
            Err(err) => self.bad(index, &err),
        }
    }

    /// A record already read into its fields (the one-pass path); `raw` is its text
    /// when rules are to be evaluated.
    fn record_parsed(&mut self, rec: Record<'_>, index: usize, raw: Option<&str>) {
        self.out.records += 1;
        match normalize_record(rec, self.name) {
            Ok(mut e) if self.filter.matches(&e) => {
                if raw.is_none_or(|raw| self.detect(&mut e, raw)) {
                    self.kept(e);
                }
            }
            Ok(_) => {}
            Err(err) => self.bad(index, &err),
        }
    }

    /// Evaluates the rules over a kept record, if there are rules: whether it is still
    /// kept (a hunt keeps only matches). A match is also remembered as a hit.
    fn detect(&mut self, e: &mut Event<'_>, raw: &str) -> bool {
        let Some(d) = &self.filter.detect else { return true };
        let m = d.matches(raw, &e.event_source, &e.event_name);
        if m.rules.is_empty() {
            return !self.filter.detected_only;
        }
        e.detections = m.rules.clone();
        let mut event = e.clone().into_owned();
        event.raw = None;
        self.out.hits.push(Hit { rules: m.rules, event, target_user: m.target_user, bucket: m.bucket });
        true
    }

    fn kept(&mut self, e: Event<'_>) {
        match (self.keep)(e) {
            Ok(t) => self.out.events.push(t),
            Err(message) => self.problem(message),
        }
    }
}

/// The raw record on one line, as JSON Lines needs: a pretty-printed export's record
/// (whitespace with line breaks between its tokens) has its whitespace outside strings
/// removed; every other byte (strings, numbers, key order) is kept as it was. A JSON
/// string cannot hold a raw line break, so a record without one is kept as is.
fn one_line(raw: &RawValue) -> Cow<'_, RawValue> {
    let text = raw.get();
    if !text.bytes().any(|b| b == b'\n' || b == b'\r') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        }
        out.push(c);
    }
    // Whitespace removed from valid JSON leaves valid JSON; should it not, keep the original.
    RawValue::from_string(out).map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// Parses one file's content (compressed or not) into events kept by `filter`.
pub fn parse_file(name: &str, data: &[u8], limits: &Limits, filter: &Filter, keep_raw: bool) -> FileOutcome {
    parse_file_with(name, data, limits, filter, keep_raw, &mut |e| Ok(e.into_owned()))
}

/// [`parse_file`], each kept event handed to `keep` while it still borrows the file's
/// buffer (so keeping it costs only what `keep` makes of it).
pub fn parse_file_with<T>(
    name: &str,
    data: &[u8],
    limits: &Limits,
    filter: &Filter,
    keep_raw: bool,
    keep: Keep<'_, T>,
) -> FileOutcome<T> {
    match parse_file_within(name, data, limits, limits.max_bytes, filter, keep_raw, keep) {
        Ok(out) => out,
        // Not reached: the cap is the limit. Reported rather than assumed.
        Err(NeedsMore) => FileOutcome {
            problems: vec![Problem { file: name.to_string(), message: "inflation stopped early".into() }],
            ..FileOutcome::default()
        },
    }
}

/// The file inflates past the memory reserved for it (but not past the limit): read it
/// again under a larger reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsMore;

/// [`parse_file_with`], inflating at most `inflate_cap` bytes (the memory reserved for
/// the text, at most the limit): a file that needs more than the cap but not more than
/// the limit is not parsed but answered with [`NeedsMore`].
pub fn parse_file_within<T>(
    name: &str,
    data: &[u8],
    limits: &Limits,
    inflate_cap: u64,
    filter: &Filter,
    keep_raw: bool,
    keep: Keep<'_, T>,
) -> Result<FileOutcome<T>, NeedsMore> {
    let mut sink = Sink { name, filter, keep_raw, lines: false, keep, out: FileOutcome::default() };
    if data.len() as u64 > limits.max_bytes {
        sink.problem(format!(
            "{} bytes is past the {}-byte limit; the file was not used",
            data.len(),
            limits.max_bytes
        ));
        return Ok(sink.out);
    }
    let cap = inflate_cap.min(limits.max_bytes);
    let (text, inflate_err) = inflate(data, cap);
    if cap < limits.max_bytes && text.len() as u64 >= cap && inflate_err.is_some() {
        return Err(NeedsMore);
    }
    sink.out.inflated_bytes = text.len() as u64;
    if let Some(err) = inflate_err {
        sink.problem(err);
        if !text.is_empty() && sink.out.inflated_bytes < cap {
            // Truncated: whatever complete events the readable part holds (JSON Lines)
            // are kept; the cut-off document itself is already reported.
            let before = sink.out.problems.len();
            parse_text(&mut sink, &text);
            let mut n = 0;
            sink.out.problems.retain(|p| {
                n += 1;
                n <= before || !p.message.starts_with("invalid JSON")
            });
        }
        return Ok(finish(sink));
    }
    // Only JSON Lines (or a flow log's text header) can be flow logs or findings; a trail
    // log file (`{"Records":[...]}` on one line) is not probed, which would read it whole.
    if !cloudtrail_container(&text) {
        // VPC Flow Logs (a file as S3 receives it, or what ec2.collect_flow_logs wrote).
        if let Some(records) = std::str::from_utf8(&text).ok().and_then(|t| crate::flow::records(name, t)) {
            sink.events(records, "flow log record");
            return Ok(finish(sink));
        }
        // GuardDuty and Security Hub findings (what findings.collect wrote).
        if let Some(records) = std::str::from_utf8(&text).ok().and_then(|t| crate::findings::records(name, t)) {
            sink.events(records.into_iter().map(|r| r.map(Some)).collect(), "finding");
            return Ok(finish(sink));
        }
    }
    // The raw record is kept as serde_json's `RawValue`, which only serde_json reads.
    if keep_raw || parse_fast(&mut sink, &text).is_err() {
        parse_text(&mut sink, &text);
    }
    Ok(finish(sink))
}

/// Whether the text is one CloudTrail document (`{"Records": ...` or a bare array):
/// the shapes neither a flow log nor a findings file has.
fn cloudtrail_container(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    let rest = &text[start..];
    if rest.starts_with(b"[") {
        return true;
    }
    let Some(after) = rest.strip_prefix(b"{") else { return false };
    let key = after.iter().position(|b| !b.is_ascii_whitespace()).map_or(&after[..0], |i| &after[i..]);
    key.starts_with(b"\"Records\"")
}

/// Records that arrive one by one as text, e.g. a LookupEvents page's `CloudTrailEvent`
/// strings (`None`: an event without one). Same checks and filter as a file's records.
pub fn parse_texts<'t>(
    name: &str,
    texts: impl IntoIterator<Item = Option<&'t str>>,
    filter: &Filter,
    keep_raw: bool,
) -> FileOutcome {
    let mut keep = |e: Event<'_>| Ok(e.into_owned());
    let mut sink = Sink { name, filter, keep_raw, lines: false, keep: &mut keep, out: FileOutcome::default() };
    let texts: Vec<Option<&str>> = texts.into_iter().collect();
    sink.out.inflated_bytes = texts.iter().flatten().map(|t| t.len() as u64).sum();
    sink.texts(texts);
    finish(sink)
}

fn finish<T>(mut sink: Sink<T>) -> FileOutcome<T> {
    if sink.out.bad_records as usize > MAX_RECORD_PROBLEMS {
        let more = sink.out.bad_records as usize - MAX_RECORD_PROBLEMS;
        sink.problem(format!("{more} more unusable records"));
    }
    sink.out
}

fn parse_text<T>(sink: &mut Sink<T>, text: &[u8]) {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let Some(first) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
        sink.problem("empty file: no events".into());
        return;
    };
    match text[first] {
        b'[' => match parse_whole::<Vec<&RawValue>>(text) {
            Ok(records) => records.iter().enumerate().for_each(|(i, r)| sink.record(r, i)),
            Err(e) => sink.problem(format!("invalid JSON: {e}")),
        },
        b'{' => match parse_whole::<Container>(text) {
            Ok(Container { records: Some(records), .. }) => {
                records.iter().enumerate().for_each(|(i, r)| sink.record(r, i))
            }
            Ok(Container { events: Some(items), .. }) => sink.texts(items.iter().map(|it| it.event.as_deref())),
            Ok(_) => match std::str::from_utf8(text) {
                Ok(s) => sink.record_text(s, 0),
                Err(e) => sink.problem(format!("not UTF-8: {e}")),
            },
            Err(whole) => parse_lines(sink, text, &whole),
        },
        other => {
            sink.problem(format!("not CloudTrail JSON: starts with {:?}, expected '{{' or '['", char::from(other)))
        }
    }
}

/// The usual shapes, `{"Records":[...]}` and `[...]`, read in one pass: each record
/// straight into its fields, no intermediate copy, with sonic-rs (a SIMD JSON parser
/// behind the same serde interface). `Err` when the document is any other
/// shape or any part of it does not fit; the caller then reads it record by record (which
/// reports each bad record and keeps the rest), after this attempt is undone.
fn parse_fast<T>(sink: &mut Sink<T>, text: &[u8]) -> Result<(), ()> {
    let problems = sink.out.problems.len();
    // sonic-rs does not check the UTF-8 of what it skips; the whole text is checked
    // first (and a text that is not UTF-8 is left to serde_json, which reports it).
    let Ok(text) = std::str::from_utf8(text) else {
        return Err(());
    };
    let mut de = sonic_rs::Deserializer::from_str(text);
    let ok = matches!(Top(sink).deserialize(&mut de), Ok(true)) && de.end().is_ok();
    if ok {
        return Ok(());
    }
    // Undone: what `keep` already made of these events is dropped with them (an
    // encoder's bytes for them stay unused in its buffer; a rare file pays that).
    let out = &mut sink.out;
    out.events.clear();
    out.hits.clear();
    out.records = 0;
    out.bad_records = 0;
    out.problems.truncate(problems);
    Err(())
}

/// The document: `Ok(true)` when it held the records.
struct Top<'s, 'f, 'k, T>(&'s mut Sink<'f, 'k, T>);

impl<'de, T> DeserializeSeed<'de> for Top<'_, '_, '_, T> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T> Visitor<'de> for Top<'_, '_, '_, T> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("CloudTrail records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        Records(self.0).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<&str>()? {
            if key == "Records" && !found {
                found = map.next_value_seed(Records(&mut *self.0))?;
            } else if key == "Records" || key == "Events" {
                return Err(serde::de::Error::custom("not the usual shape"));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// The records array.
struct Records<'s, 'f, 'k, T>(&'s mut Sink<'f, 'k, T>);

impl<'de, T> DeserializeSeed<'de> for Records<'_, '_, '_, T> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T> Visitor<'de> for Records<'_, '_, '_, T> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut index = 0;
        while seq.next_element_seed(OneRecord { sink: &mut *self.0, index })?.is_some() {
            index += 1;
        }
        Ok(true)
    }
}

struct OneRecord<'s, 'f, 'k, T> {
    sink: &'s mut Sink<'f, 'k, T>,
    index: usize,
}

impl<'de, T> DeserializeSeed<'de> for OneRecord<'_, '_, '_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let filter = self.sink.filter;
        if filter.detect.is_some() {
            // Rules read any field: the record's text is kept (located by a scan that
            // only finds where it ends), then its fields are read from it.
            let lazy = sonic_rs::LazyValue::deserialize(d)?;
            let raw = lazy.as_raw_str();
            let mut de = sonic_rs::Deserializer::from_str(raw);
            match (FilteredRecord { filter }).deserialize(&mut de).map_err(serde::de::Error::custom)? {
                Some(rec) => self.sink.record_parsed(rec, self.index, Some(raw)),
                None => self.sink.out.records += 1,
            }
            return Ok(());
        }
        match (FilteredRecord { filter }).deserialize(d)? {
            Some(rec) => self.sink.record_parsed(rec, self.index, None),
            // Dropped by the filter on its first fields (a valid record).
            None => self.sink.out.records += 1,
        }
        Ok(())
    }
}

fn parse_whole<'a, T: Deserialize<'a>>(text: &'a [u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let v = T::deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// JSON Lines: one event per line. Used when the file is not one JSON document but its
/// first line is; otherwise the whole-document error is reported.
fn parse_lines<T>(sink: &mut Sink<T>, text: &[u8], whole: &serde_json::Error) {
    let mut lines = text.split(|b| *b == b'\n').enumerate().filter(|(_, l)| !l.trim_ascii().is_empty());
    let first_ok = lines.clone().next().is_some_and(|(_, l)| serde_json::from_slice::<&RawValue>(l).is_ok());
    if !first_ok {
        sink.problem(format!("invalid JSON: {whole}"));
        return;
    }
    sink.lines = true;
    for (n, line) in &mut lines {
        match std::str::from_utf8(line.trim_ascii()) {
            Ok(s) => sink.record_text(s, n + 1),
            Err(e) => {
                sink.out.records += 1;
                sink.out.bad_records += 1;
                sink.problem(format!("line {}: not UTF-8: {e}", n + 1));
            }
        }
    }
}
