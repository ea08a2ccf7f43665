//! Detections: Sigma rules evaluated over each CloudTrail record as it is read.
//!
//! Rules are SigmaHQ's format (`logsource` product `aws`, service `cloudtrail`); field
//! names are CloudTrail's JSON paths (`requestParameters.bucketName`,
//! `userIdentity.type`). Parsing and matching are `rsigma-parser` and `rsigma-eval`
//! (docs/ARCHITECTURE.md says why); this module loads rules from files with every
//! unusable one reported by file and line ([`load`]), shows a record to the engine
//! without building a document for records no rule can match ([`view`]), and turns
//! the hits into a hunt summary and suggested responses ([`hunt`]).
//!
//! Each record is evaluated once against every rule, not once per rule: first by a gate
//! on the `eventSource` and `eventName` the rules require ([`gate`]), which most records
//! do not pass, then through the engine's index of what each rule requires.

mod fields;
mod gate;
pub mod hunt;
pub mod load;
mod view;

use std::sync::Arc;

use rsigma_eval::Engine;
use serde::{Deserialize, Serialize};

pub use load::{Loaded, Skipped, load};

/// The file `cordon hunt --case DIR` (and `timeline build --rules --case DIR`) writes
/// in the case directory: the [`hunt::HuntSummary`] as JSON.
pub const CASE_HUNT: &str = "hunt.json";

/// The custom attribute that carries a rule's position in [`Detector::rules`] through
/// the engine's results.
const RULE_INDEX: &str = "cordon.rule";

/// One rule that matched an event: what Timesketch shows as a tag and the hunt summary
/// groups by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    /// The rule's `id` (its title when it has none).
    pub id: String,
    pub title: String,
    /// `informational`, `low`, `medium`, `high` or `critical` (`medium` when unset).
    pub level: String,
    /// The rule's tags, e.g. `attack.persistence`, `attack.t1098`.
    pub tags: Vec<String>,
    /// The file the rule was read from.
    #[serde(skip, default)]
    pub file: String,
}

/// The rules a record matched, and what a suggested response needs from it.
#[derive(Debug, Default)]
pub struct Matched {
    pub rules: Vec<Arc<Detection>>,
    /// `requestParameters.userName`.
    pub target_user: Option<String>,
    /// `requestParameters.bucketName`.
    pub bucket: Option<String>,
}

/// Compiled rules, ready to evaluate records on many threads at once.
pub struct Detector {
    engine: Engine,
    rules: Vec<Arc<Detection>>,
    /// Every field a rule names (and what a suggestion reads), found in one walk.
    wanted: fields::Wanted,
    /// The calls some rule can match: the others never reach the engine.
    gate: gate::Gate,
    /// The rules (positions in `rules`) that fix neither `eventSource` nor `eventName`.
    open: Vec<usize>,
}

/// The rules as a predicate a query engine applies before records leave it (a hunt in
/// Athena): every rule is then still evaluated here on what comes back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushdown {
    /// Over `eventsource` and `eventname`; `None` when some rule fixes neither, so no
    /// predicate on them can stand for all rules.
    pub predicate: Option<String>,
    /// The titles of the rules the predicate stands for (all, when there is one).
    pub pushed: Vec<String>,
    /// The titles of the rules that fix neither field.
    pub local_only: Vec<String>,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector").field("rules", &self.rules.len()).finish()
    }
}

impl Detector {
    /// The loaded rules, in load order.
    pub fn rules(&self) -> &[Arc<Detection>] {
        &self.rules
    }

    /// What of the rules a query can apply (see [`Pushdown`]).
    pub fn pushdown(&self) -> Pushdown {
        let local_only: Vec<String> =
            self.open.iter().filter_map(|i| self.rules.get(*i)).map(|d| d.title.clone()).collect();
        let predicate = self.gate.sql();
        let pushed =
            if predicate.is_some() { self.rules.iter().map(|d| d.title.clone()).collect() } else { Vec::new() };
        Pushdown { predicate, pushed, local_only }
    }

    /// The rules that match one CloudTrail record (`raw`, its JSON text), given the
    /// `eventSource` and `eventName` already read from it. Never panics on any input.
    pub fn matches(&self, raw: &str, event_source: &str, event_name: &str) -> Matched {
        use rsigma_eval::event::Event as _;
        if !self.gate.admits(event_source, event_name) {
            return Matched::default();
        }
        let view = view::RecordView::new(raw, event_source, event_name, &self.wanted);
        let mut rules: Vec<Arc<Detection>> = self
            .engine
            .evaluate(&view)
            .iter()
            .filter_map(|r| r.header.custom_attributes.get(RULE_INDEX).and_then(serde_json::Value::as_u64))
            .filter_map(|i| self.rules.get(usize::try_from(i).ok()?).cloned())
            .collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| Arc::ptr_eq(a, b));
        if rules.is_empty() {
            return Matched::default();
        }
        let text = |path: &str| match view.get_field(path) {
            Some(rsigma_eval::EventValue::Str(s)) if !s.is_empty() => Some(s.into_owned()),
            _ => None,
        };
        Matched { target_user: text("requestParameters.userName"), bucket: text("requestParameters.bucketName"), rules }
    }
}

/// The fields the engine's rules name.
fn rule_fields(engine: &Engine) -> Vec<String> {
    use rsigma_eval::CompiledDetection as D;
    fn walk(d: &D, out: &mut Vec<String>) {
        match d {
            D::AllOf(items) => out.extend(items.iter().filter_map(|i| i.field.clone())),
            D::AnyOf(ds) | D::And(ds) => ds.iter().for_each(|d| walk(d, out)),
            D::ArrayMatch { field, .. } => out.push(field.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for rule in engine.rules() {
        for d in rule.detections.values() {
            walk(d, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests;
