//! The first question for every record: can any rule match a call of this
//! `eventSource` and `eventName`?
//!
//! Nearly every CloudTrail rule fixes the service and one or a few calls, and nearly
//! every record is a call no rule names. The reader already holds both fields, so the
//! gate answers from them alone, with one hash lookup and no walk over the record's
//! text; only the records it admits go to the engine (whose own index then picks the
//! rules to evaluate).
//!
//! # Soundness
//!
//! The gate may admit a record no rule matches, never refuse one a rule matches. Each
//! rule is analysed into what it *requires* of the two fields, by the evaluator's own
//! semantics (as `rsigma-eval`'s candidate index does for its witnesses):
//! - a detection's items are all required, so any one item's requirement holds
//!   (`and`); of alternatives, each must be kept (`or`), and one open alternative opens
//!   all;
//! - only an exact value or a prefix on `eventSource` or `eventName` is a requirement;
//!   every other matcher, `exists`, `null`, `not`, keywords and array matches require
//!   nothing of them;
//! - a quantifier that zero detections satisfy (`all of` an empty set, `0 of`) is open.
//!
//! Values are compared folded to lower case. A rule's literal is folded as the
//! matcher folds it (`to_lowercase`); a record's value is folded only when it is
//! ASCII, where that folding is exact, and a record whose value is not ASCII is
//! always admitted.

use foldhash::{HashMap, HashSet, HashSetExt as _};

use rsigma_eval::compiler::{CompiledDetection, CompiledDetectionItem, CompiledRule};
use rsigma_eval::{CompiledMatcher, matcher::GroupMode};
use rsigma_parser::{ConditionExpr, Quantifier};

/// Values one field must take: one of the exact values or a prefix (all folded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Values {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

impl Values {
    fn union(mut self, other: Values) -> Values {
        self.exact.extend(other.exact);
        self.prefixes.extend(other.prefixes);
        self
    }

    /// The tighter of two requirements that both hold: fewer prefixes, then fewer values.
    fn tighter(self, other: Values) -> Values {
        let key = |v: &Values| (v.prefixes.len(), v.exact.len());
        if key(&other) < key(&self) { other } else { self }
    }

    fn admits(&self, folded: &str) -> bool {
        self.exact.contains(folded) || self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
    }
}

/// One way a rule (or part of one) can match: what it then requires of each field
/// (`None`: anything).
#[derive(Debug, Clone, Default)]
struct Alt {
    source: Option<Values>,
    name: Option<Values>,
}

impl Alt {
    fn and(&self, other: &Alt) -> Alt {
        let pick = |a: &Option<Values>, b: &Option<Values>| match (a, b) {
            (Some(a), Some(b)) => Some(a.clone().tighter(b.clone())),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Alt { source: pick(&self.source, &other.source), name: pick(&self.name, &other.name) }
    }

    fn is_open(&self) -> bool {
        self.source.is_none() && self.name.is_none()
    }
}

/// What a rule (or part of one) requires: one of the alternatives holds whenever it
/// matches; `None` when nothing is required (the gate is open to it).
type Need = Option<Vec<Alt>>;

/// Beyond this many alternatives, an `and` keeps one side instead of their product.
const MAX_ALTS: usize = 64;

fn need(alt: Alt) -> Need {
    (!alt.is_open()).then(|| vec![alt])
}

/// `and` over parts (none: open): the product of the alternatives, or the smaller side
/// when that grows too large (each side alone is still required).
fn all(parts: impl IntoIterator<Item = Need>) -> Need {
    parts.into_iter().fold(None, |acc, part| match (acc, part) {
        (None, p) | (p, None) => p,
        (Some(a), Some(b)) if a.len() * b.len() > MAX_ALTS => Some(if a.len() <= b.len() { a } else { b }),
        (Some(a), Some(b)) => Some(a.iter().flat_map(|x| b.iter().map(|y| x.and(y))).collect()),
    })
}

/// `or` over parts (none: open, which is conservative): every alternative is kept, and
/// one open part opens the whole.
fn any(parts: impl IntoIterator<Item = Need>) -> Need {
    let mut out = Vec::new();
    for part in parts {
        out.extend(part?);
    }
    (!out.is_empty()).then_some(out)
}

/// The values a matcher on a field requires it to take (`None`: no requirement).
fn values(m: &CompiledMatcher) -> Option<Values> {
    match m {
        CompiledMatcher::Exact { value, .. } => {
            Some(Values { exact: std::iter::once(value.to_lowercase()).collect(), prefixes: Vec::new() })
        }
        CompiledMatcher::StartsWith { value, .. } => {
            Some(Values { exact: HashSet::new(), prefixes: vec![value.to_lowercase()] })
        }
        CompiledMatcher::AnyOf(children) | CompiledMatcher::CaseInsensitiveGroup { children, mode: GroupMode::Any } => {
            children.iter().map(values).try_fold(Values::default(), |acc, v| Some(acc.union(v?)))
        }
        CompiledMatcher::AllOf(children) | CompiledMatcher::CaseInsensitiveGroup { children, mode: GroupMode::All } => {
            children.iter().filter_map(values).reduce(Values::tighter)
        }
        _ => None,
    }
}

fn item(i: &CompiledDetectionItem) -> Need {
    if i.exists.is_some() {
        return None;
    }
    match i.field.as_deref() {
        Some("eventSource") => need(Alt { source: values(&i.matcher), name: None }),
        Some("eventName") => need(Alt { source: None, name: values(&i.matcher) }),
        _ => None,
    }
}

fn detection(d: &CompiledDetection) -> Need {
    match d {
        CompiledDetection::AllOf(items) => all(items.iter().map(item)),
        CompiledDetection::AnyOf(ds) => any(ds.iter().map(detection)),
        CompiledDetection::And(ds) => all(ds.iter().map(detection)),
        _ => None,
    }
}

fn condition(c: &ConditionExpr, rule: &CompiledRule) -> Need {
    match c {
        ConditionExpr::Identifier(name) => rule.detections.get(name).and_then(detection),
        ConditionExpr::And(parts) => all(parts.iter().map(|p| condition(p, rule))),
        ConditionExpr::Or(parts) => any(parts.iter().map(|p| condition(p, rule))),
        ConditionExpr::Not(_) => None,
        ConditionExpr::Selector { quantifier, pattern } => {
            let selected =
                rule.detections.iter().filter(|(name, _)| pattern.matches_detection_name(name)).map(|(_, d)| d);
            match quantifier {
                Quantifier::Count(0) => None,
                Quantifier::All => all(selected.map(detection)),
                Quantifier::Any | Quantifier::Count(_) => any(selected.map(detection)),
            }
        }
    }
}

fn rule_need(rule: &CompiledRule) -> Need {
    any(rule.conditions.iter().map(|c| condition(c, rule)))
}

/// The calls some rule can match, indexed by `eventSource`.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    /// Some rule requires neither field: every record goes to the engine.
    open: bool,
    /// By exact source: the names the rules on that source require (`None`: any name).
    by_source: HashMap<String, Option<Values>>,
    /// By source prefix, the same.
    by_source_prefix: Vec<(String, Option<Values>)>,
    /// The names required by rules that fix no source.
    any_source: Option<Values>,
}

fn merge(into: &mut Option<Values>, names: Option<Values>, fresh: bool) {
    *into = match (fresh, into.take(), names) {
        (true, _, n) => n,
        (false, Some(a), Some(b)) => Some(a.union(b)),
        _ => None,
    };
}

impl Gate {
    pub(crate) fn new(rules: &[CompiledRule]) -> Gate {
        let mut gate = Gate::default();
        for rule in rules {
            let Some(alts) = rule_need(rule) else {
                gate.open = true;
                continue;
            };
            for need in alts {
                gate.add(need);
            }
        }
        gate
    }

    fn add(&mut self, need: Alt) {
        match need.source {
            None if need.name.is_none() => self.open = true,
            None => {
                let fresh = self.any_source.is_none();
                merge(&mut self.any_source, need.name, fresh);
            }
            Some(sources) => {
                for s in sources.exact {
                    let fresh = !self.by_source.contains_key(&s);
                    merge(self.by_source.entry(s).or_default(), need.name.clone(), fresh);
                }
                for p in sources.prefixes {
                    self.by_source_prefix.push((p, need.name.clone()));
                }
            }
        }
    }

    /// Whether some rule can match a record of this `eventSource` and `eventName`.
    pub(crate) fn admits(&self, source: &str, name: &str) -> bool {
        if self.open {
            return true;
        }
        let (mut sbuf, mut nbuf) = ([0u8; 64], [0u8; 128]);
        let (Some(source), Some(name)) = (fold(source, &mut sbuf), fold(name, &mut nbuf)) else {
            return true;
        };
        let names_admit = |names: &Option<Values>| names.as_ref().is_none_or(|v| v.admits(name));
        self.any_source.as_ref().is_some_and(|v| v.admits(name))
            || self.by_source.get(source).is_some_and(names_admit)
            || self.by_source_prefix.iter().any(|(p, names)| source.starts_with(p.as_str()) && names_admit(names))
    }
}

impl Gate {
    /// The gate as one SQL predicate over the `eventsource` and `eventname` columns
    /// (standard SQL and `starts_with`, `lower`: Trino and DuckDB alike), for an engine to
    /// apply before the records leave it; `None` when some rule requires neither field.
    ///
    /// It keeps every record a rule can match: the requirements are the same, and the
    /// columns are folded by `lower` as the matcher folds (`to_lowercase`), so a value the
    /// gate admits only because it is not ASCII is kept exactly when a matcher could
    /// match it.
    pub(crate) fn sql(&self) -> Option<String> {
        if self.open {
            return None;
        }
        let lit = |s: &str| format!("'{}'", s.replace('\'', "''"));
        let values = |col: &str, v: &Values| -> String {
            let mut exact: Vec<&String> = v.exact.iter().collect();
            exact.sort();
            let mut parts = Vec::new();
            if !exact.is_empty() {
                let list: Vec<String> = exact.iter().map(|x| lit(x)).collect();
                parts.push(format!("lower({col}) IN ({})", list.join(", ")));
            }
            parts.extend(v.prefixes.iter().map(|p| format!("starts_with(lower({col}), {})", lit(p))));
            if parts.is_empty() { "false".to_string() } else { format!("({})", parts.join(" OR ")) }
        };
        let mut any = Vec::new();
        if let Some(v) = &self.any_source {
            any.push(values("eventname", v));
        }
        let mut sources: Vec<(&String, &Option<Values>)> = self.by_source.iter().collect();
        sources.sort_by(|a, b| a.0.cmp(b.0));
        let free: Vec<String> = sources.iter().filter(|(_, n)| n.is_none()).map(|(s, _)| lit(s)).collect();
        if !free.is_empty() {
            any.push(format!("lower(eventsource) IN ({})", free.join(", ")));
        }
        for (s, names) in sources {
            if let Some(n) = names {
                any.push(format!("(lower(eventsource) = {} AND {})", lit(s), values("eventname", n)));
            }
        }
        for (p, names) in &self.by_source_prefix {
            let source = format!("starts_with(lower(eventsource), {})", lit(p));
            any.push(match names {
                Some(n) => format!("({source} AND {})", values("eventname", n)),
                None => source,
            });
        }
        Some(if any.is_empty() { "false".to_string() } else { format!("({})", any.join(" OR ")) })
    }
}

/// The positions (in `rules`) of the rules that require neither field: no predicate on
/// the two can stand for them.
pub(crate) fn open_rules(rules: &[CompiledRule]) -> Vec<usize> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, r)| rule_need(r).is_none_or(|alts| alts.iter().any(Alt::is_open)))
        .map(|(i, _)| i)
        .collect()
}

/// `s` folded to lower case in `buf`, when it is ASCII and fits (`None` otherwise,
/// which the gate takes as "admit").
fn fold<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if !s.is_ascii() || s.len() > buf.len() {
        return None;
    }
    let out = buf.get_mut(..s.len())?;
    for (o, b) in out.iter_mut().zip(s.bytes()) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

#[cfg(test)]
impl Gate {
    /// A gate that admits every record (the engine alone).
    pub(super) fn everything() -> Gate {
        Gate { open: true, ..Gate::default() }
    }
}

#[cfg(test)]
#[path = "gate_tests.rs"]
mod tests;
