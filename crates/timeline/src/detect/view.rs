//! One CloudTrail record as the rule engine sees it.
//!
//! Most records match no rule, and the engine's index decides that from a few fields:
//! usually `eventSource` and `eventName`, which the reader already has, and now and
//! then another one (`sourceIPAddress` for a rule on an address range), which is found
//! by scanning the record's text for it (sonic-rs, without building anything). The
//! record's JSON document is built, once, only when the answer needs it: a field that
//! is an object or an array or lies across one, a flat key with a dot, a record with
//! escaped characters, and every field-less keyword search.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};

use rsigma_eval::event::{Event, EventValue, JsonEvent};

pub(crate) struct RecordView<'a> {
    raw: &'a str,
    source: &'a str,
    name: &'a str,
    doc: OnceCell<Option<JsonEvent<'static>>>,
    /// Fields already answered by a scan (the engine asks for a field when it picks
    /// candidate rules and again when it evaluates them).
    scanned: RefCell<Vec<(Box<str>, Option<EventValue<'a>>)>>,
}

impl<'a> RecordView<'a> {
    pub(crate) fn new(raw: &'a str, source: &'a str, name: &'a str) -> Self {
        Self { raw, source, name, doc: OnceCell::new(), scanned: RefCell::new(Vec::new()) }
    }

    /// The whole record (`None` if it is not JSON, which a record the reader kept is).
    fn doc(&self) -> Option<&JsonEvent<'static>> {
        self.doc.get_or_init(|| serde_json::from_str(self.raw).ok().map(JsonEvent::owned)).as_ref()
    }

    /// A field the reader already holds as the record has it (a non-empty string).
    fn known(&self, path: &str) -> Option<&'a str> {
        let v = match path {
            "eventSource" => self.source,
            "eventName" => self.name,
            _ => return None,
        };
        (!v.is_empty()).then_some(v)
    }
}

/// What a scan of the text found.
enum Scanned<'v> {
    Value(EventValue<'v>),
    Absent,
    /// The document has to answer.
    Ask,
}

impl<'a> RecordView<'a> {
    /// A dotted path of plain keys looked up in the text. Only a scalar found at the
    /// path, or no trace of the path's last key anywhere in the text, is an answer.
    fn scan(&self, path: &str) -> Scanned<'a> {
        if self.doc.get().is_some() || path.contains(['[', '\\', '*']) || self.raw.contains('\\') {
            return Scanned::Ask;
        }
        if path.contains('.') && self.raw.contains(&format!("\"{path}\"")) {
            return Scanned::Ask;
        }
        let last = path.rsplit('.').next().unwrap_or(path);
        if !self.raw.contains(&format!("\"{last}\"")) {
            return Scanned::Absent;
        }
        use sonic_rs::JsonValueTrait;
        match sonic_rs::get_from_str(self.raw, path.split('.')) {
            // No escapes (checked above): the string is its raw text between the quotes,
            // borrowed from the record.
            Ok(v) if v.is_str() => match self.within(v.as_raw_str()) {
                Some(s) if s.len() >= 2 => Scanned::Value(EventValue::Str(Cow::Borrowed(&s[1..s.len() - 1]))),
                _ => Scanned::Ask,
            },
            Ok(v) if v.is_null() => Scanned::Value(EventValue::Null),
            Ok(v) if v.is_boolean() => v.as_bool().map_or(Scanned::Ask, |b| Scanned::Value(EventValue::Bool(b))),
            // Integers only: a float is left to the document's own parser, which may
            // round its last digit differently.
            Ok(v) if v.is_number() => v.as_i64().map_or(Scanned::Ask, |i| Scanned::Value(EventValue::Int(i))),
            Err(e) if e.is_not_found() => Scanned::Absent,
            _ => Scanned::Ask,
        }
    }
}

impl<'a> RecordView<'a> {
    /// `part` (a slice of the record's text, by address) as a slice of `raw` itself.
    fn within(&self, part: &str) -> Option<&'a str> {
        let start = (part.as_ptr() as usize).checked_sub(self.raw.as_ptr() as usize)?;
        self.raw.get(start..start.checked_add(part.len())?)
    }

    /// A field's scanned answer, remembered; `None` when the document has to answer.
    fn scanned(&self, path: &str) -> Option<Option<EventValue<'a>>> {
        if let Some((_, v)) = self.scanned.borrow().iter().find(|(p, _)| &**p == path) {
            return Some(v.clone());
        }
        let v = match self.scan(path) {
            Scanned::Value(v) => Some(v),
            Scanned::Absent => None,
            Scanned::Ask => return None,
        };
        self.scanned.borrow_mut().push((path.into(), v.clone()));
        Some(v)
    }
}

impl Event for RecordView<'_> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        if let Some(v) = self.known(path) {
            return Some(EventValue::Str(Cow::Borrowed(v)));
        }
        match self.scanned(path) {
            Some(v) => v,
            None => self.doc()?.get_field(path),
        }
    }

    fn any_string_value(&self, pred: &dyn Fn(&str) -> bool) -> bool {
        self.doc().is_some_and(|d| d.any_string_value(pred))
    }

    fn all_string_values(&self) -> Vec<Cow<'_, str>> {
        self.doc().map(|d| d.all_string_values()).unwrap_or_default()
    }

    fn visit_string_values(&self, visit: &mut dyn FnMut(&str)) {
        if let Some(d) = self.doc() {
            d.visit_string_values(visit);
        }
    }

    fn to_json(&self) -> serde_json::Value {
        self.doc().map(Event::to_json).unwrap_or_default()
    }
}
