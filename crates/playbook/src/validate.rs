//! Stage 2: the located tree to a [`Playbook`], checked against the action registry.
//! Every problem is collected; none stops the others from being found.

use cordon_core::action::ActionSpec;
use cordon_core::diagnostic::{Code, Diagnostic, Span, did_you_mean};
use serde_json::Value;

use crate::model::{InputDef, InputType, Meta, OnError, Playbook, SEVERITIES, Step};
use crate::node::{Located, Node, parse};
use crate::render::{self, TemplateRef};

const TOP_FIELDS: &[&str] = &["name", "description", "severity", "owner", "tags", "references", "inputs", "steps"];
const INPUT_FIELDS: &[&str] = &["type", "pattern", "description", "default"];
const STEP_FIELDS: &[&str] =
    &["id", "action", "description", "needs", "after", "for_each", "when", "with", "on_error", "approve"];

pub(crate) struct Cx<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    pub(crate) fn err(&mut self, code: Code, span: Option<Span>, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(code, message).in_file(self.file).at(span);
        d.hint = hint;
        self.diags.push(d);
    }

    /// The entries of a mapping, reporting unknown keys (with a suggestion).
    fn fields<'n>(
        &mut self,
        node: &'n Located<Node>,
        what: &str,
        known: &[&str],
    ) -> Option<&'n [(Located<String>, Located<Node>)]> {
        let Node::Map(entries) = &node.value else {
            self.err(
                Code::WrongType,
                node.span,
                format!("{what} must be a mapping, found {}", node.value.kind()),
                None,
            );
            return None;
        };
        for (k, _) in entries {
            if !known.contains(&k.value.as_str()) {
                let hint = match did_you_mean(&k.value, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields: {}", known.join(", ")),
                };
                self.err(Code::UnknownField, k.span, format!("unknown field `{}` in {what}", k.value), Some(hint));
            }
        }
        Some(entries)
    }

    /// A list of strings.
    fn strings(&mut self, node: &Located<Node>, what: &str) -> Vec<String> {
        match &node.value {
            Node::Seq(items) => items.iter().filter_map(|i| self.string(i, &format!("each of {what}"))).collect(),
            other => {
                self.err(Code::WrongType, node.span, format!("{what} must be a list, found {}", other.kind()), None);
                Vec::new()
            }
        }
    }

    fn string(&mut self, node: &Located<Node>, what: &str) -> Option<String> {
        match &node.value {
            Node::Str(s) => Some(s.clone()),
            other => {
                self.err(Code::WrongType, node.span, format!("{what} must be a string, found {}", other.kind()), None);
                None
            }
        }
    }
}

fn get<'n>(entries: &'n [(Located<String>, Located<Node>)], key: &str) -> Option<&'n Located<Node>> {
    entries.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
}

/// Parses and validates playbook text. Returns the playbook, or every diagnostic.
pub fn validate(file: &str, source: &str, registry: &[&dyn ActionSpec]) -> Result<Playbook, Vec<Diagnostic>> {
    let root = parse(file, source).map_err(|d| vec![d])?;
    let mut cx = Cx { file, diags: Vec::new() };
    let Some(top) = cx.fields(&root, "the playbook", TOP_FIELDS) else { return Err(cx.diags) };

    let name = match get(top, "name") {
        Some(n) => cx.string(n, "`name`").unwrap_or_default(),
        None => {
            cx.err(
                Code::MissingField,
                root.span,
                "the playbook has no `name`".into(),
                Some("add `name: <short-name>`".into()),
            );
            String::new()
        }
    };
    let description = get(top, "description").and_then(|d| cx.string(d, "`description`"));
    let severity = get(top, "severity").and_then(|n| {
        let s = cx.string(n, "`severity`")?;
        if SEVERITIES.contains(&s.as_str()) {
            return Some(s);
        }
        let hint = did_you_mean(&s, SEVERITIES)
            .map(|m| format!("did you mean `{m}`?"))
            .unwrap_or_else(|| SEVERITIES.join(", "));
        cx.err(Code::BadValue, n.span, format!("`severity: {s}` is not a severity"), Some(hint));
        None
    });
    let meta = Meta {
        severity,
        owner: get(top, "owner").and_then(|o| cx.string(o, "`owner`")),
        tags: get(top, "tags").map(|n| cx.strings(n, "`tags`")).unwrap_or_default(),
        references: get(top, "references").map(|n| cx.strings(n, "`references`")).unwrap_or_default(),
    };
    let inputs = get(top, "inputs").map(|n| lower_inputs(&mut cx, n)).unwrap_or_default();

    let mut steps = Vec::new();
    match get(top, "steps") {
        None => cx.err(
            Code::MissingField,
            root.span,
            "the playbook has no `steps`".into(),
            Some("add a `steps:` list".into()),
        ),
        Some(Located { value: Node::Seq(items), .. }) => {
            if items.is_empty() {
                cx.err(Code::EmptySteps, get(top, "steps").and_then(|s| s.span), "`steps` is empty".into(), None);
            }
            for item in items {
                if let Some(step) = lower_step(&mut cx, item, registry, &steps) {
                    steps.push(step);
                }
            }
        }
        Some(other) => {
            cx.err(Code::WrongType, other.span, format!("`steps` must be a list, found {}", other.value.kind()), None)
        }
    }

    let mut playbook = Playbook { file: file.to_string(), name, description, meta, inputs, steps };
    let uses = check_templates(&mut cx, &playbook, registry);
    crate::graph::link(&mut cx, &mut playbook.steps, uses);
    if cx.diags.is_empty() { Ok(playbook) } else { Err(cx.diags) }
}

fn lower_inputs(cx: &mut Cx, node: &Located<Node>) -> Vec<InputDef> {
    let Node::Map(entries) = &node.value else {
        cx.err(Code::WrongType, node.span, format!("`inputs` must be a mapping, found {}", node.value.kind()), None);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, def) in entries {
        let what = format!("input `{}`", key.value);
        if !is_identifier(&key.value) {
            cx.err(
                Code::BadName,
                key.span,
                format!("{what}: names are letters, digits and `_`, starting with a letter"),
                None,
            );
        }
        let Some(fields) = cx.fields(def, &what, INPUT_FIELDS) else { continue };
        let ty = match get(fields, "type") {
            None => InputType::String,
            Some(t) => match cx.string(t, "`type`").as_deref().map(|s| (s, InputType::parse(s))) {
                Some((_, Some(ty))) => ty,
                Some((s, None)) => {
                    let hint = did_you_mean(s, InputType::NAMES)
                        .map(|m| format!("did you mean `{m}`?"))
                        .unwrap_or_else(|| format!("one of: {}", InputType::NAMES.join(", ")));
                    cx.err(Code::BadType, t.span, format!("{what}: unknown type `{s}`"), Some(hint));
                    InputType::String
                }
                None => InputType::String,
            },
        };
        let pattern = get(fields, "pattern").and_then(|p| {
            let s = cx.string(p, "`pattern`")?;
            match regex::Regex::new(&s) {
                Ok(_) => Some(s),
                Err(e) => {
                    cx.err(
                        Code::BadPattern,
                        p.span,
                        format!("{what}: invalid pattern: {}", e.to_string().lines().last().unwrap_or("")),
                        None,
                    );
                    None
                }
            }
        });
        let mut input = InputDef {
            name: key.value.clone(),
            ty,
            pattern,
            description: get(fields, "description").and_then(|d| cx.string(d, "`description`")),
            default: None,
            span: key.span,
        };
        if let Some(d) = get(fields, "default") {
            match crate::inputs::check_value(&input, &d.value.to_json()) {
                Ok(v) => input.default = Some(v),
                Err(msg) => cx.err(Code::BadInput, d.span, format!("default of {what}: {msg}"), None),
            }
        }
        out.push(input);
    }
    out
}

fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn lower_step(cx: &mut Cx, node: &Located<Node>, registry: &[&dyn ActionSpec], earlier: &[Step]) -> Option<Step> {
    let fields = cx.fields(node, "a step", STEP_FIELDS)?;
    let id_node = get(fields, "id");
    let id = match id_node {
        Some(n) => cx.string(n, "`id`")?,
        None => {
            cx.err(
                Code::MissingField,
                node.span,
                "a step has no `id`".into(),
                Some("add `id: <name>` (letters, digits, _)".into()),
            );
            return None;
        }
    };
    let id_span = id_node.and_then(|n| n.span);
    if !is_identifier(&id) {
        cx.err(
            Code::BadName,
            id_span,
            format!("step id `{id}`: ids are letters, digits and `_`, starting with a letter"),
            Some("templates refer to it as `steps.<id>`".into()),
        );
    }
    if earlier.iter().any(|s| s.id == id) {
        cx.err(
            Code::DuplicateStep,
            id_span,
            format!("step id `{id}` is used twice"),
            Some("step ids must be unique".into()),
        );
    }
    let what = format!("step `{id}`");
    let Some(action_node) = get(fields, "action") else {
        cx.err(
            Code::MissingField,
            id_span,
            format!("{what} has no `action`"),
            Some("add `action: <name>`; `cordon actions list` shows them".into()),
        );
        return None;
    };
    let action_name = cx.string(action_node, "`action`")?;
    let Some(action) = registry.iter().find(|a| a.doc().name == action_name) else {
        let hint = did_you_mean(&action_name, registry.iter().map(|a| a.doc().name))
            .map(|m| format!("did you mean `{m}`?"))
            .unwrap_or_else(|| "`cordon actions list` shows the actions".into());
        cx.err(Code::UnknownAction, action_node.span, format!("{what}: unknown action `{action_name}`"), Some(hint));
        return None;
    };

    let mut with = serde_json::Map::new();
    let mut param_spans = Vec::new();
    let params = action.params();
    let schema = action.params_schema();
    if let Some(w) = get(fields, "with") {
        match &w.value {
            Node::Map(entries) => {
                for (k, v) in entries {
                    let Some(p) = params.iter().find(|p| p.name == k.value) else {
                        let hint = did_you_mean(&k.value, params.iter().map(|p| p.name.as_str()))
                            .map(|m| format!("did you mean `{m}`?"))
                            .unwrap_or_else(|| format!("`{action_name}` takes: {}", names(&params)));
                        cx.err(
                            Code::UnknownParam,
                            k.span,
                            format!("{what}: `{action_name}` has no parameter `{}`", k.value),
                            Some(hint),
                        );
                        continue;
                    };
                    let value = v.value.to_json();
                    if !render::contains_template(&value)
                        && let Some(msg) = literal_mismatch(&schema, &p.name, &value)
                    {
                        cx.err(
                            Code::BadParam,
                            v.span,
                            format!("{what}: parameter `{}` {msg}", p.name),
                            Some(p.description.clone()).filter(|d| !d.is_empty()),
                        );
                    }
                    param_spans.push((k.value.clone(), v.span));
                    with.insert(k.value.clone(), value);
                }
            }
            Node::Null => {}
            other => cx.err(
                Code::WrongType,
                w.span,
                format!("{what}: `with` must be a mapping, found {}", other.kind()),
                None,
            ),
        }
    }
    for p in params.iter().filter(|p| p.required && !with.contains_key(&p.name)) {
        cx.err(
            Code::MissingParam,
            action_node.span,
            format!("{what}: `{action_name}` needs parameter `{}`", p.name),
            Some(format!("{}: {}", p.name, p.description)),
        );
    }
    let on_error = match get(fields, "on_error") {
        None => OnError::Stop,
        Some(n) => match cx.string(n, "`on_error`").as_deref() {
            Some("stop") => OnError::Stop,
            Some("continue") => OnError::Continue,
            Some(other) => {
                cx.err(
                    Code::BadValue,
                    n.span,
                    format!("{what}: `on_error: {other}` is not stop or continue"),
                    Some("stop (the default) or continue".into()),
                );
                OnError::Stop
            }
            None => OnError::Stop,
        },
    };
    let approve = match get(fields, "approve") {
        None => false,
        Some(Located { value: Node::Bool(b), .. }) => *b,
        Some(n) => {
            cx.err(
                Code::WrongType,
                n.span,
                format!("{what}: `approve` must be true or false, found {}", n.value.kind()),
                None,
            );
            false
        }
    };
    let when = get(fields, "when").and_then(|n| {
        let expr = cx.string(n, "`when`")?;
        param_spans.push(("when".into(), n.span));
        Some(expr)
    });
    let needs = step_ids(cx, fields, "needs", &mut param_spans);
    let waits_for = step_ids(cx, fields, "after", &mut param_spans).unwrap_or_default();
    let for_each = get(fields, "for_each").and_then(|n| {
        param_spans.push(("for_each".into(), n.span));
        match &n.value {
            Node::Seq(_) => Some(n.value.to_json()),
            Node::Str(s) if render::is_template(s) => Some(n.value.to_json()),
            other => {
                cx.err(
                    Code::WrongType,
                    n.span,
                    format!("{what}: `for_each` must be a list or a template giving one, found {}", other.kind()),
                    Some("e.g. `for_each: \"{{ inputs.instance_ids }}\"`; each item is `{{ item }}`".into()),
                );
                None
            }
        }
    });
    Some(Step {
        id,
        action: action_name,
        description: get(fields, "description").and_then(|d| cx.string(d, "`description`")),
        when,
        on_error,
        approve,
        needs,
        waits_for,
        after: Vec::new(),
        gated_by: Vec::new(),
        for_each,
        with,
        span: id_span,
        param_spans,
    })
}

fn names(params: &[cordon_core::action::ParamDoc]) -> String {
    params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The JSON type(s) a schema property allows, checked against a literal value.
fn literal_mismatch(schema: &Value, name: &str, value: &Value) -> Option<String> {
    let prop = schema.get("properties")?.get(name)?;
    if let Some(msg) = id_mismatch(prop, value) {
        return Some(msg);
    }
    let types: Vec<&str> = match prop.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let ok = types.iter().any(|t| *t == actual || (*t == "number" && actual == "integer"));
    (!ok).then(|| format!("must be {}, found {actual}", types.join(" or ")))
}

/// The identifier type (`$ref` to an id's schema: instance id, CIDR block, account…) a
/// parameter holds, directly, as an option, or as the items of a list: a literal that is
/// not a valid one is reported now, with its span, not when the step runs.
fn id_mismatch(prop: &Value, value: &Value) -> Option<String> {
    fn def_name(schema: &Value) -> Option<&str> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return r.rsplit('/').next();
        }
        schema.get("anyOf").and_then(Value::as_array)?.iter().find_map(def_name)
    }
    let check = |name: &str, v: &Value| -> Option<String> {
        let text = v.as_str()?;
        match cordon_core::ids::check_named(name, text)? {
            Ok(()) => None,
            Err(e) => Some(format!("is not valid: {e}")),
        }
    };
    if let Some(name) = def_name(prop) {
        return check(name, value);
    }
    let items = prop.get("items")?;
    let name = def_name(items)?;
    value.as_array()?.iter().filter(|v| !render::contains_template(v)).find_map(|v| check(name, v))
}

/// Every template must parse, and every variable it uses must exist: a declared input,
/// a field of `case`, a documented output of another step, or `item` in a `for_each`
/// step. Returns, per step, the ids of the steps whose outputs it uses, and where.
fn check_templates(cx: &mut Cx, playbook: &Playbook, registry: &[&dyn ActionSpec]) -> Vec<Vec<(String, Option<Span>)>> {
    let mut uses = Vec::new();
    for step in &playbook.steps {
        let mut used: Vec<(String, Option<Span>)> = Vec::new();
        // (where, template, whether `item` is in scope)
        let mut sources: Vec<(String, String, bool)> = Vec::new();
        if let Some(expr) = &step.when {
            sources.push(("when".into(), format!("{{{{ {expr} }}}}"), step.for_each.is_some()));
        }
        if let Some(list) = &step.for_each {
            sources.extend(render::templates_in(list).into_iter().map(|t| ("for_each".into(), t, false)));
        }
        for (param, value) in &step.with {
            sources
                .extend(render::templates_in(value).into_iter().map(|t| (param.clone(), t, step.for_each.is_some())));
        }
        for (place, tpl, item) in sources {
            let span = step.param_span(&place);
            let what = match place.as_str() {
                "when" | "for_each" => format!("step `{}`, `{place}`", step.id),
                _ => format!("step `{}`, parameter `{place}`", step.id),
            };
            match render::variables(&tpl) {
                Err(e) => {
                    let hint = (place == "when" && tpl.matches("{{").count() > 1)
                        .then(|| "`when` is an expression: write it without `{{ }}`".to_string());
                    cx.err(Code::TemplateSyntax, span, format!("{what}: {e}"), hint)
                }
                Ok(vars) => {
                    for var in vars {
                        if let ["steps", id, ..] = var.path.split('.').collect::<Vec<_>>().as_slice()
                            && !used.iter().any(|(u, _)| u == id)
                        {
                            used.push((id.to_string(), span));
                        }
                        if let Some((msg, hint)) = unresolved(&var, playbook, step, item, registry) {
                            cx.err(Code::UndefinedVariable, span, format!("{what}: {msg}"), Some(hint));
                        }
                    }
                }
            }
        }
        uses.push(used);
    }
    uses
}

fn unresolved(
    var: &TemplateRef,
    playbook: &Playbook,
    step: &Step,
    item: bool,
    registry: &[&dyn ActionSpec],
) -> Option<(String, String)> {
    let parts: Vec<&str> = var.path.split('.').collect();
    match parts.as_slice() {
        ["inputs", name, ..] => (!playbook.inputs.iter().any(|i| i.name == *name)).then(|| {
            let known: Vec<&str> = playbook.inputs.iter().map(|i| i.name.as_str()).collect();
            (
                format!("`inputs.{name}` is not a declared input"),
                did_you_mean(name, known.iter().copied())
                    .map(|m| format!("did you mean `inputs.{m}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "declare it under `inputs:` (declared: {})",
                            if known.is_empty() { "none".into() } else { known.join(", ") }
                        )
                    }),
            )
        }),
        // The roots may be used whole, e.g. `'snapshot' in steps`.
        ["inputs" | "case" | "steps"] => None,
        ["item", ..] if item => None,
        ["item", ..] => Some((
            "`item` is only defined in a step with `for_each`".into(),
            if step.for_each.is_some() {
                "`for_each` itself cannot use `item`".into()
            } else {
                "add `for_each:` with the list to go over".into()
            },
        )),
        ["case", field, ..] => (!render::CASE_FIELDS.contains(field)).then(|| {
            (format!("`case.{field}` does not exist"), format!("case has: {}", render::CASE_FIELDS.join(", ")))
        }),
        ["steps", id, rest @ ..] => {
            let Some(used) = playbook.steps.iter().find(|s| s.id == *id && s.id != step.id) else {
                return Some(if *id == step.id {
                    (format!("step `{id}` uses its own outputs"), "a step can only use other steps' outputs".into())
                } else {
                    (
                        format!("`steps.{id}` is not a step"),
                        did_you_mean(id, playbook.steps.iter().map(|s| s.id.as_str()))
                            .map(|m| format!("did you mean `steps.{m}`?"))
                            .unwrap_or_else(|| "no step has that id".into()),
                    )
                });
            };
            let outputs =
                registry.iter().find(|a| a.doc().name == used.action).map(|a| a.outputs()).unwrap_or_default();
            match rest {
                ["outputs", name, ..] => (!outputs.iter().any(|o| o.name == *name)).then(|| {
                    let known: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
                    (
                        format!("`{}` has no output `{name}`", used.action),
                        did_you_mean(name, known.iter().copied())
                            .map(|m| format!("did you mean `steps.{id}.outputs.{m}`?"))
                            .unwrap_or_else(|| format!("its outputs: {}", known.join(", "))),
                    )
                }),
                _ => Some((
                    format!("`steps.{id}` used without `.outputs.<name>`"),
                    format!("write `steps.{id}.outputs.<name>`"),
                )),
            }
        }
        [root, ..] => Some((
            format!("`{root}` is not defined"),
            "templates can use `inputs`, `case`, `steps` and, with `for_each`, `item`".into(),
        )),
        [] => None,
    }
}

/// A step's `needs:` or `after:`: a list of step ids (or one id), each keeping its own
/// position (as `KEY:ID`) for diagnostics about it.
fn step_ids(
    cx: &mut Cx,
    fields: &[(Located<String>, Located<Node>)],
    key: &str,
    param_spans: &mut Vec<(String, Option<Span>)>,
) -> Option<Vec<String>> {
    let n = get(fields, key)?;
    param_spans.push((key.into(), n.span));
    Some(match &n.value {
        Node::Str(s) => {
            param_spans.push((format!("{key}:{s}"), n.span));
            vec![s.clone()]
        }
        Node::Seq(items) => {
            items.iter().for_each(|i| {
                if let Node::Str(s) = &i.value {
                    param_spans.push((format!("{key}:{s}"), i.span));
                }
            });
            cx.strings(n, &format!("`{key}`"))
        }
        _ => cx.strings(n, &format!("`{key}`")),
    })
}
