//! Stage 1: YAML to a tree in which every node keeps its position.
//!
//! Parsing into this tree only fails on YAML syntax; every other problem is found by
//! the validator, which can then report them all together with their positions.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

use cordon_core::diagnostic::{Code, Diagnostic, Span};

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Located<Node>>),
    Map(Vec<(Located<String>, Located<Node>)>),
}

/// A value and where it starts in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Option<Span>,
}

impl<T> Located<T> {
    fn from_spanned(s: Spanned<T>, len: u32) -> Self {
        let loc = s.referenced;
        let span = (loc.line() > 0).then(|| Span::new(loc.line() as u32, loc.column() as u32, len));
        Located { value: s.value, span }
    }
}

impl Node {
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Int(_) => "an integer",
            Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    /// The node as JSON (positions dropped).
    pub fn to_json(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Int(i) => Value::from(*i),
            Node::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
            Node::Str(s) => Value::String(s.clone()),
            Node::Seq(items) => Value::Array(items.iter().map(|i| i.value.to_json()).collect()),
            Node::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.value.clone(), v.value.to_json())).collect())
            }
        }
    }

    /// Length in characters to underline for a scalar; 1 for collections.
    fn display_len(&self) -> u32 {
        match self {
            Node::Str(s) => s.chars().count() as u32,
            Node::Int(i) => i.to_string().len() as u32,
            Node::Bool(b) => {
                if *b {
                    4
                } else {
                    5
                }
            }
            _ => 1,
        }
    }
}

struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Keys may be any scalar in YAML (`1:`, `true:`); keep their text.
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key("null".into()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(i64::try_from(v).map(Node::Int).unwrap_or(Node::Float(v as f64)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    let len = item.value.display_len();
                    items.push(Located::from_spanned(item, len));
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Key>>()? {
                    let value = map.next_value::<Spanned<Node>>()?;
                    let key_len = key.value.0.chars().count() as u32;
                    let key = Located::from_spanned(Spanned::new(key.value.0, key.referenced, key.defined), key_len);
                    let len = value.value.display_len();
                    entries.push((key, Located::from_spanned(value, len)));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

/// Parses YAML text into a located tree. A syntax error becomes one diagnostic with
/// its position.
pub fn parse(file: &str, source: &str) -> Result<Located<Node>, Diagnostic> {
    match serde_saphyr::from_str::<Spanned<Node>>(source) {
        Ok(root) => {
            let len = root.value.display_len();
            Ok(Located::from_spanned(root, len))
        }
        Err(e) => {
            let span = e.location().filter(|l| l.line() > 0).map(|l| Span::new(l.line() as u32, l.column() as u32, 1));
            Err(Diagnostic::error(
                Code::YamlSyntax,
                format!("invalid YAML: {}", first_line(&e.without_snippet().to_string())),
            )
            .in_file(file)
            .at(span)
            .hint("check indentation and quoting; values containing `{{` must be quoted"))
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let src = "name: x\nsteps:\n  - id: a\n    with:\n      n: 3\n";
        let root = parse("f.yaml", src).unwrap();
        let Node::Map(top) = &root.value else { panic!("map") };
        assert_eq!(top[1].0.value, "steps");
        assert_eq!(top[1].0.span, Some(Span::new(2, 1, 5)));
        let Node::Seq(steps) = &top[1].1.value else { panic!("seq") };
        let Node::Map(step) = &steps[0].value else { panic!("map") };
        assert_eq!(step[0].1.value, Node::Str("a".into()));
        assert_eq!(step[0].1.span, Some(Span::new(3, 9, 1)));
        let Node::Map(with) = &step[1].1.value else { panic!("map") };
        assert_eq!(with[0].1.value, Node::Int(3));
        assert_eq!(with[0].1.span.map(|s| (s.line, s.column)), Some((5, 10)));
    }

    #[test]
    fn syntax_error_has_position() {
        let d = parse("f.yaml", "name: [unclosed\nsteps: 1\n").unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.span.is_some(), "{d:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = parse("f.yaml", "name: a\nname: b\n").unwrap_err();
        assert!(d.message.to_lowercase().contains("duplicate"), "{}", d.message);
    }
}
