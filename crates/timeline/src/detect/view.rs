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
use std::cell::OnceCell;

use rsigma_eval::event::{Event, EventValue, JsonEvent};

pub(crate) struct RecordView<'a> {
    raw: &'a str,
    source: &'a str,
    name: &'a str,
    doc: OnceCell<Option<JsonEvent<'static>>>,
}

impl<'a> RecordView<'a> {
    pub(crate) fn new(raw: &'a str, source: &'a str, name: &'a str) -> Self {
        Self { raw, source, name, doc: OnceCell::new() }
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
            Ok(v) if v.is_str() => match v.as_str() {
                Some(s) => Scanned::Value(EventValue::Str(Cow::Owned(s.to_string()))),
                None => Scanned::Ask,
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

impl Event for RecordView<'_> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        if let Some(v) = self.known(path) {
            return Some(EventValue::Str(Cow::Borrowed(v)));
        }
        match self.scan(path) {
            Scanned::Value(v) => Some(v),
            Scanned::Absent => None,
            Scanned::Ask => self.doc()?.get_field(path),
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
