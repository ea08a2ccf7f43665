//! One CloudTrail record as the rule engine sees it.
//!
//! Most records match no rule, and the engine's index decides that from a few fields,
//! usually `eventSource` and `eventName`, which the reader already has. The record's
//! JSON document is built only when the engine asks for anything else, once.

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

impl Event for RecordView<'_> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        if let Some(v) = self.known(path) {
            return Some(EventValue::Str(Cow::Borrowed(v)));
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
