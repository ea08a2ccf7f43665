//! Stage 3: templates. Parameter values are minijinja templates over `inputs`, `case`
//! and `steps.<id>.outputs`. A value that is exactly one `{{ expression }}` keeps the
//! expression's type (a list stays a list); anything else renders to a string.
//! Undefined variables are errors, never empty strings.

use cordon_core::diagnostic::{Code, Diagnostic};
use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;

use crate::model::Step;

/// The fields of `case` a template may use.
pub const CASE_FIELDS: &[&str] = &["id", "dir", "account", "region"];

/// A variable a template uses, as a dotted path (`steps.snap.outputs.snapshot_ids`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateRef {
    pub path: String,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Bounded work per template: a playbook cannot make rendering run away.
    env.set_fuel(Some(50_000));
    env
}

/// Whether a string is a template (and must be rendered).
pub fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

pub fn contains_template(v: &Value) -> bool {
    !templates_in(v).is_empty()
}

/// Every template string inside a value.
pub fn templates_in(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(v, &mut out);
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if is_template(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect(i, out)),
        _ => {}
    }
}

/// `Some(expr)` when the whole string is one `{{ expr }}`.
fn sole_expression(s: &str) -> Option<&str> {
    let inner = s.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}") && !s.contains("{%")).then_some(inner.trim())
}

/// The variables a template uses, or its syntax error.
pub fn variables(tpl: &str) -> Result<Vec<TemplateRef>, String> {
    let env = environment();
    let mut vars: Vec<String> = match sole_expression(tpl) {
        Some(expr) => env.compile_expression(expr).map_err(describe)?.undeclared_variables(true).into_iter().collect(),
        None => env.template_from_str(tpl).map_err(describe)?.undeclared_variables(true).into_iter().collect(),
    };
    vars.sort();
    Ok(vars.into_iter().map(|path| TemplateRef { path }).collect())
}

fn describe(e: minijinja::Error) -> String {
    let mut msg = e.to_string();
    if let Some(detail) = e.detail()
        && !msg.contains(detail)
    {
        msg = format!("{msg}: {detail}");
    }
    msg
}

/// Renders one value (recursively) against a context.
pub fn render_value(v: &Value, ctx: &Value) -> Result<Value, String> {
    match v {
        Value::String(s) if is_template(s) => render_str(s, ctx),
        Value::Array(items) => items.iter().map(|i| render_value(i, ctx)).collect::<Result<_, _>>().map(Value::Array),
        Value::Object(map) => map
            .iter()
            .map(|(k, i)| Ok((k.clone(), render_value(i, ctx)?)))
            .collect::<Result<_, String>>()
            .map(Value::Object),
        other => Ok(other.clone()),
    }
}

fn render_str(s: &str, ctx: &Value) -> Result<Value, String> {
    let env = environment();
    let mctx = minijinja::Value::from(minijinja::value::Serde(ctx));
    match sole_expression(s) {
        Some(expr) => {
            let out = env.compile_expression(expr).map_err(describe)?.eval(mctx).map_err(describe)?;
            if out.is_undefined() {
                return Err(format!("undefined value: `{expr}` is not defined"));
            }
            serde_json::to_value(&out).map_err(|e| format!("the value of `{expr}` cannot be used as a parameter: {e}"))
        }
        None => env.template_from_str(s).map_err(describe)?.render(mctx).map(Value::String).map_err(describe),
    }
}

/// Evaluates a `when:` condition (a minijinja expression) to true or false.
pub fn eval_condition(expr: &str, ctx: &Value) -> Result<bool, String> {
    let env = environment();
    let value = env
        .compile_expression(expr)
        .map_err(describe)?
        .eval(minijinja::Value::from(minijinja::value::Serde(ctx)))
        .map_err(describe)?;
    if value.is_undefined() {
        return Err(format!("undefined value in `{expr}`"));
    }
    Ok(value.is_true())
}

/// Renders a step's `with:` parameters. An error names the step, the parameter and
/// its position in the playbook.
pub fn render_step(file: &str, step: &Step, ctx: &Value) -> Result<Value, Diagnostic> {
    let mut out = serde_json::Map::new();
    for (name, value) in &step.with {
        let rendered = render_value(value, ctx).map_err(|e| {
            Diagnostic::error(Code::Render, format!("step `{}`, parameter `{name}`: {e}", step.id))
                .in_file(file)
                .at(step.param_span(name))
        })?;
        out.insert(name.clone(), rendered);
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sole_expressions_keep_their_type() {
        let ctx = json!({"steps": {"snap": {"outputs": {"ids": ["snap-1", "snap-2"]}}}, "inputs": {"n": 3}});
        assert_eq!(render_value(&json!("{{ steps.snap.outputs.ids }}"), &ctx).unwrap(), json!(["snap-1", "snap-2"]));
        assert_eq!(render_value(&json!("{{ inputs.n }}"), &ctx).unwrap(), json!(3));
        assert_eq!(render_value(&json!("n={{ inputs.n }}"), &ctx).unwrap(), json!("n=3"));
        assert_eq!(render_value(&json!(["{{ inputs.n }}", 4]), &ctx).unwrap(), json!([3, 4]));
    }

    #[test]
    fn undefined_is_an_error() {
        let e = render_value(&json!("{{ inputs.missing }}"), &json!({"inputs": {}})).unwrap_err();
        assert!(e.contains("undefined"), "{e}");
    }

    #[test]
    fn lists_nested_variables() {
        let vars = variables("{{ steps.a.outputs.x }} and {{ inputs.y | upper }}").unwrap();
        let paths: Vec<_> = vars.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["inputs.y", "steps.a.outputs.x"]);
        assert!(variables("{{ unclosed").is_err());
    }
}
