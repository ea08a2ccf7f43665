//! Typed inputs: values from `--set key=value` (or defaults), converted and checked.

use cordon_core::diagnostic::{Code, Diagnostic, did_you_mean};
use serde_json::{Map, Value};

use crate::model::{InputDef, InputType, Playbook};

/// Checks (and, for text from the command line, converts) one value for an input.
pub fn check_value(input: &InputDef, value: &Value) -> Result<Value, String> {
    let converted = match (input.ty, value) {
        (InputType::String, Value::String(_)) => value.clone(),
        (InputType::Integer, Value::Number(n)) if n.is_i64() => value.clone(),
        (InputType::Integer, Value::String(s)) => {
            Value::from(s.trim().parse::<i64>().map_err(|_| format!("`{s}` is not an integer"))?)
        }
        (InputType::Boolean, Value::Bool(_)) => value.clone(),
        (InputType::Boolean, Value::String(s)) => match s.as_str() {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            _ => return Err(format!("`{s}` is not a boolean (true or false)")),
        },
        (InputType::List, Value::Array(_)) => value.clone(),
        // On the command line a list is written comma-separated.
        (InputType::List, Value::String(s)) => Value::Array(
            s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(|p| Value::String(p.into())).collect(),
        ),
        (ty, other) => return Err(format!("expected a {}, found {}", type_name(ty), kind(other))),
    };
    if let Some(pattern) = &input.pattern {
        let re = regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| format!("invalid pattern: {e}"))?;
        let strings: Vec<&Value> = match &converted {
            Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        for s in strings {
            let text = s.as_str().map(str::to_string).unwrap_or_else(|| s.to_string());
            if !re.is_match(&text) {
                return Err(format!("`{text}` does not match the pattern `{pattern}`"));
            }
        }
    }
    Ok(converted)
}

fn type_name(t: InputType) -> &'static str {
    match t {
        InputType::String => "string",
        InputType::Integer => "integer",
        InputType::Boolean => "boolean",
        InputType::List => "list",
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Parses `key=value` as given to `--set`.
pub fn parse_set(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("`{arg}` is not of the form key=value"))
}

/// Reads an inputs file: a YAML (or JSON) mapping of input names to values.
pub fn parse_file(file: &str, source: &str) -> Result<Vec<(String, Value)>, Diagnostic> {
    let root = crate::node::parse(file, source)?;
    match root.value {
        crate::node::Node::Map(entries) => Ok(entries.into_iter().map(|(k, v)| (k.value, v.value.to_json())).collect()),
        crate::node::Node::Null => Ok(Vec::new()),
        other => Err(Diagnostic::error(
            Code::WrongType,
            format!("an inputs file must be a mapping of names to values, found {}", other.kind()),
        )
        .in_file(file)
        .at(root.span)),
    }
}

/// Resolves every declared input from `sets` and defaults. Reports every problem:
/// unknown names, missing required inputs, values of the wrong type or pattern.
/// `given` holds values from `--inputs` files (typed) and `--set` (text), later ones winning.
pub fn resolve(playbook: &Playbook, given: &[(String, Value)]) -> Result<Map<String, Value>, Vec<Diagnostic>> {
    let sets = given;
    let mut diags = Vec::new();
    let mut out = Map::new();
    for (name, _) in sets {
        if !playbook.inputs.iter().any(|i| &i.name == name) {
            let hint = did_you_mean(name, playbook.inputs.iter().map(|i| i.name.as_str()))
                .map(|m| format!("did you mean `{m}`?"))
                .unwrap_or_else(|| format!("the playbook's inputs: {}", input_names(playbook)));
            diags.push(
                Diagnostic::error(Code::UnknownInput, format!("`--set {name}=…`: the playbook has no input `{name}`"))
                    .in_file(&playbook.file)
                    .hint(hint),
            );
        }
    }
    for input in &playbook.inputs {
        let given = sets.iter().rev().find(|(k, _)| k == &input.name);
        let value = match (given, &input.default) {
            (Some((_, v)), _) => match check_value(input, v) {
                Ok(v) => v,
                Err(msg) => {
                    let mut d = Diagnostic::error(Code::BadInput, format!("input `{}`: {msg}", input.name))
                        .in_file(&playbook.file)
                        .at(input.span);
                    d.hint = input.description.clone();
                    diags.push(d);
                    continue;
                }
            },
            (None, Some(default)) => default.clone(),
            (None, None) => {
                diags.push(
                    Diagnostic::error(Code::MissingInput, format!("input `{}` is required", input.name))
                        .in_file(&playbook.file)
                        .at(input.span)
                        .hint(format!(
                            "pass `--set {}=<value>`{}",
                            input.name,
                            input.description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
                        )),
                );
                continue;
            }
        };
        out.insert(input.name.clone(), value);
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

fn input_names(p: &Playbook) -> String {
    if p.inputs.is_empty() {
        return "none".into();
    }
    p.inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(ty: InputType, pattern: Option<&str>) -> InputDef {
        InputDef {
            name: "x".into(),
            ty,
            pattern: pattern.map(Into::into),
            description: None,
            default: None,
            span: None,
        }
    }

    #[test]
    fn converts_and_checks() {
        let id = input(InputType::String, Some("i-[0-9a-f]{8,17}"));
        assert_eq!(check_value(&id, &json!("i-1234abcd")).unwrap(), json!("i-1234abcd"));
        let e = check_value(&id, &json!("i-1234abcd; rm")).unwrap_err();
        assert!(e.contains("does not match"), "{e}");
        assert_eq!(check_value(&input(InputType::Integer, None), &json!("42")).unwrap(), json!(42));
        assert!(check_value(&input(InputType::Integer, None), &json!("4x")).is_err());
        assert_eq!(check_value(&input(InputType::Boolean, None), &json!("true")).unwrap(), json!(true));
        assert_eq!(check_value(&input(InputType::List, None), &json!("a, b,")).unwrap(), json!(["a", "b"]));
        assert!(check_value(&input(InputType::String, None), &json!(3)).is_err());
    }

    #[test]
    fn parses_set() {
        assert_eq!(parse_set("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_set("=x").is_err());
        assert!(parse_set("novalue").is_err());
    }
}
