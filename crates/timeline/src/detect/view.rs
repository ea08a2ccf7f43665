//! One CloudTrail record as the rule engine sees it.
//!
//! Most records match no rule, and the engine's index decides that from a few fields:
//! `eventSource` and `eventName`, which the reader already has, and the others the rules
//! name (`sourceIPAddress` for a rule on an address range, `userIdentity.type`...),
//! found in one walk over the record's text ([`super::fields`]) without building
//! anything. The record's JSON document is built, once, only when the walk cannot
//! answer: a field that is an object or an array or lies across one, a float, a path
//! with an index, and every field-less keyword search.

use std::borrow::Cow;
use std::cell::OnceCell;

use rsigma_eval::event::{Event, EventValue, JsonEvent};

use super::fields::{Found, Wanted};

pub(crate) struct RecordView<'a> {
    raw: &'a str,
    source: &'a str,
    name: &'a str,
    wanted: &'a Wanted,
    found: OnceCell<Vec<Found<'a>>>,
    doc: OnceCell<Option<JsonEvent<'static>>>,
}

impl<'a> RecordView<'a> {
    pub(crate) fn new(raw: &'a str, source: &'a str, name: &'a str, wanted: &'a Wanted) -> Self {
        Self { raw, source, name, wanted, found: OnceCell::new(), doc: OnceCell::new() }
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

impl Event for RecordView<'_> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        if let Some(v) = self.known(path) {
            return Some(EventValue::Str(Cow::Borrowed(v)));
        }
        if let Some(i) = self.wanted.position(path) {
            match self.found.get_or_init(|| self.wanted.scan(self.raw)).get(i) {
                Some(Found::Value(v)) => return Some(v.clone()),
                Some(Found::Absent) => return None,
                Some(Found::Ask) | None => {}
            }
        }
        self.doc()?.get_field(path)
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
