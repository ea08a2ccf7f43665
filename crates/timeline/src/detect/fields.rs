//! The fields the rules read, found in one pass over a record's text.
//!
//! The engine asks each record for every field its index knows (several per record,
//! most records matching no rule). Scanning the text once per question reads the record
//! many times over; this walks it once, into the objects that lead to a wanted field,
//! and answers every wanted field from that walk. The answers are those of the whole
//! document (`rsigma_eval::event::JsonEvent`): a flat top-level key with dots first, the
//! last of repeated keys, any-member semantics over arrays (left to the document).

use std::borrow::Cow;
use std::collections::HashMap;

use rsigma_eval::event::EventValue;
use sonic_rs::JsonValueTrait;

/// What the walk found for one field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found<'a> {
    Value(EventValue<'a>),
    Absent,
    /// The document has to answer (an object, an array on the way, a float, a record
    /// the walk could not read).
    Ask,
}

#[derive(Debug)]
struct Node {
    key: Box<str>,
    children: Vec<usize>,
    /// The wanted path ending here.
    path: Option<usize>,
}

/// The wanted paths, as a tree of their keys.
#[derive(Debug)]
pub(crate) struct Wanted {
    nodes: Vec<Node>,
    index: HashMap<Box<str>, usize>,
}

impl Wanted {
    /// Paths with an index, an escape or a wildcard are not wanted: the document answers.
    pub(crate) fn new<'p>(paths: impl IntoIterator<Item = &'p str>) -> Self {
        let mut w =
            Wanted { nodes: vec![Node { key: "".into(), children: vec![], path: None }], index: HashMap::new() };
        for path in paths {
            if path.is_empty() || path.contains(['[', '\\', '*', '?']) || w.index.contains_key(path) {
                continue;
            }
            let i = w.index.len();
            w.index.insert(path.into(), i);
            let mut node = 0;
            for key in path.split('.') {
                let next = w.nodes[node].children.iter().copied().find(|&c| &*w.nodes[c].key == key);
                node = match next {
                    Some(c) => c,
                    None => {
                        w.nodes.push(Node { key: key.into(), children: vec![], path: None });
                        let c = w.nodes.len() - 1;
                        w.nodes[node].children.push(c);
                        c
                    }
                };
            }
            w.nodes[node].path = Some(i);
        }
        w
    }

    /// The position of `path` in [`Wanted::scan`]'s answers.
    pub(crate) fn position(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }

    /// Every wanted field of the record `raw`, in one walk.
    pub(crate) fn scan<'a>(&self, raw: &'a str) -> Vec<Found<'a>> {
        let mut walk = Walk {
            wanted: self,
            raw,
            nested: vec![Found::Absent; self.index.len()],
            flat: vec![None; self.index.len()],
        };
        if !walk.object(0, raw, true) {
            return vec![Found::Ask; self.index.len()];
        }
        walk.nested.into_iter().zip(walk.flat).map(|(n, f)| f.unwrap_or(n)).collect()
    }
}

struct Walk<'w, 'a> {
    wanted: &'w Wanted,
    raw: &'a str,
    /// Found by following the path's keys.
    nested: Vec<Found<'a>>,
    /// Found as one top-level key holding the dots (it wins, as in the document).
    flat: Vec<Option<Found<'a>>>,
}

impl<'a> Walk<'_, 'a> {
    /// `part` (a slice of the record's text, by address) as a slice of the record.
    fn within(&self, part: &str) -> Option<&'a str> {
        let start = (part.as_ptr() as usize).checked_sub(self.raw.as_ptr() as usize)?;
        self.raw.get(start..start.checked_add(part.len())?)
    }

    fn value(&self, v: &sonic_rs::LazyValue<'_>) -> Found<'a> {
        if v.is_str() {
            let text = v.as_raw_str();
            return match (text.contains('\\'), self.within(text)) {
                (false, Some(s)) if s.len() >= 2 => Found::Value(EventValue::Str(Cow::Borrowed(&s[1..s.len() - 1]))),
                _ => v.as_str().map_or(Found::Ask, |s| Found::Value(EventValue::Str(Cow::Owned(s.to_string())))),
            };
        }
        if v.is_null() {
            return Found::Value(EventValue::Null);
        }
        if let Some(b) = v.as_bool() {
            return Found::Value(EventValue::Bool(b));
        }
        // Integers only: a float is left to the document's parser, which may round its
        // last digit differently.
        if v.is_number()
            && let Some(i) = v.as_i64()
        {
            return Found::Value(EventValue::Int(i));
        }
        Found::Ask
    }

    /// Sets every path under `node` (not `node`'s own) to `to`.
    fn below(&mut self, node: usize, to: &Found<'a>) {
        for &c in &self.wanted.nodes[node].children {
            if let Some(p) = self.wanted.nodes[c].path {
                self.nested[p] = to.clone();
            }
            self.below(c, to);
        }
    }

    /// Walks the object `text` at `node`; `false` if it is not a readable object.
    fn object(&mut self, node: usize, text: &str, root: bool) -> bool {
        let wanted = self.wanted;
        for item in sonic_rs::to_object_iter(text) {
            let Ok((key, v)) = item else { return false };
            if root && key.contains('.') {
                if let Some(i) = wanted.position(&key) {
                    self.flat[i] = Some(self.value(&v));
                }
                continue;
            }
            let Some(c) = wanted.nodes[node].children.iter().copied().find(|&c| *wanted.nodes[c].key == *key) else {
                continue;
            };
            if let Some(p) = wanted.nodes[c].path {
                self.nested[p] = self.value(&v);
            }
            if wanted.nodes[c].children.is_empty() {
                continue;
            }
            // A repeated key: the last one is the document's.
            self.below(c, &Found::Absent);
            if v.is_object() {
                if !self.object(c, v.as_raw_str(), false) {
                    self.below(c, &Found::Ask);
                }
            } else if v.is_array() {
                self.below(c, &Found::Ask);
            }
        }
        true
    }
}
