//! Stage 4: the plan — each step's rendered parameters and what it would change,
//! from the playbook, the inputs and the registry alone. Read-only AWS checks refine
//! it later (in the engine); nothing here touches AWS.

use cordon_core::action::{ActionSpec, StepPlan};
use cordon_core::diagnostic::{Code, Diagnostic};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::model::{Playbook, Step};
use crate::render::{eval_condition, render_step, render_value, variables};

/// Serializable, reviewable plan of a playbook run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Version of this format.
    pub format: u32,
    pub playbook: String,
    pub playbook_file: String,
    pub playbook_sha256: String,
    pub case: Value,
    pub inputs: Map<String, Value>,
    pub steps: Vec<PlannedStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlannedStep {
    /// The step id, or `ID[N]` for item N of a `for_each` step.
    pub id: String,
    pub action: String,
    pub mutates: bool,
    /// The steps it waits for (from `needs:`, the order of the steps and the outputs it
    /// uses); steps that do not wait for each other run concurrently.
    #[serde(default)]
    pub after: Vec<String>,
    /// The item, for one item of a `for_each` step. When the list itself comes from an
    /// earlier step's outputs, the step is planned once, its parameters as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Value>,
    /// The step's `when:` condition, evaluated when it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Rendered parameters. Values that come from an earlier step's outputs are shown as
    /// `<steps.ID.outputs.NAME>` and listed in `deferred`.
    pub params: Value,
    pub deferred: Vec<String>,
    pub plan: StepPlan,
    /// Set when read-only checks against AWS found a problem.
    pub check_error: Option<String>,
    /// Set when the step will not run: its `when:` (over inputs and the case) is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

const PLACEHOLDER_PREFIX: &str = "<steps.";

/// The context templates see: `inputs`, `case` and, per earlier step, its outputs.
pub fn context(inputs: &Map<String, Value>, case: &Value, steps: &Map<String, Value>) -> Value {
    json!({ "inputs": inputs, "case": case, "steps": steps })
}

fn placeholders(step_id: &str, action: &dyn ActionSpec) -> Value {
    let outputs: Map<String, Value> = action
        .outputs()
        .into_iter()
        .map(|o| {
            let p = format!("{PLACEHOLDER_PREFIX}{step_id}.outputs.{}>", o.name);
            (o.name, Value::String(p))
        })
        .collect();
    json!({ "outputs": outputs })
}

fn deferred_in(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.contains(PLACEHOLDER_PREFIX) => out.push(path.to_string()),
        Value::Array(items) => items.iter().for_each(|i| deferred_in(i, path, out)),
        Value::Object(m) => m.iter().for_each(|(k, i)| deferred_in(i, if path.is_empty() { k } else { path }, out)),
        _ => {}
    }
}

/// Builds the plan. Errors are rendering or parameter problems, each located.
pub fn build(
    playbook: &Playbook,
    playbook_sha256: &str,
    registry: &[&dyn ActionSpec],
    inputs: &Map<String, Value>,
    case: &Value,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    // Every step's outputs are placeholders: validation guarantees a step only uses the
    // outputs of steps it waits for.
    let mut steps_ctx = Map::new();
    for step in &playbook.steps {
        if let Some(action) = registry.iter().find(|a| a.doc().name == step.action) {
            steps_ctx.insert(step.id.clone(), placeholders(&step.id, *action));
        }
    }
    let ctx = context(inputs, case, &steps_ctx);
    let mut steps = Vec::new();
    for step in &playbook.steps {
        let Some(action) = registry.iter().find(|a| a.doc().name == step.action).copied() else {
            diags.push(
                Diagnostic::error(Code::UnknownAction, format!("unknown action `{}`", step.action))
                    .in_file(&playbook.file)
                    .at(step.span),
            );
            continue;
        };
        // (id, item): one unit, or one per item of a `for_each` list known now.
        let units: Vec<(String, Option<Value>)> = match &step.for_each {
            None => vec![(step.id.clone(), None)],
            Some(list) => match render_value(list, &ctx) {
                Ok(v) if contains_placeholder(&v) => {
                    // The list comes from an earlier step's outputs: planned once, as written.
                    steps.push(PlannedStep {
                        id: step.id.clone(),
                        action: step.action.clone(),
                        mutates: action.doc().mutates(),
                        after: step.after.clone(),
                        item: Some(Value::String(format!("<each of {}>", list.as_str().unwrap_or("the list")))),
                        when: step.when.clone(),
                        params: Value::Object(step.with.clone()),
                        deferred: vec!["for_each".into()],
                        plan: StepPlan { mutates: action.doc().mutates(), ..StepPlan::default() },
                        check_error: None,
                        skipped: None,
                    });
                    continue;
                }
                Ok(Value::Array(items)) => {
                    items.into_iter().enumerate().map(|(k, item)| (step.instance_id(k), Some(item))).collect()
                }
                Ok(other) => {
                    diags.push(
                        Diagnostic::error(
                            Code::BadForEach,
                            format!("step `{}`: `for_each` gave {other}, not a list", step.id),
                        )
                        .in_file(&playbook.file)
                        .at(step.param_span("for_each")),
                    );
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(Code::Render, format!("step `{}`, `for_each`: {e}", step.id))
                            .in_file(&playbook.file)
                            .at(step.param_span("for_each")),
                    );
                    continue;
                }
            },
        };
        for (id, item) in units {
            let mut ctx = ctx.clone();
            if let (Some(item), Some(obj)) = (&item, ctx.as_object_mut()) {
                obj.insert("item".into(), item.clone());
            }
            // A condition over inputs and the case is decided now; one over other
            // steps' outputs only when the step runs.
            if let Some(expr) = &step.when
                && !condition_uses_steps(expr)
            {
                match eval_condition(expr, &ctx) {
                    Ok(true) => {}
                    Ok(false) => {
                        steps.push(PlannedStep {
                            id,
                            action: step.action.clone(),
                            mutates: action.doc().mutates(),
                            after: step.after.clone(),
                            item,
                            when: step.when.clone(),
                            params: Value::Object(step.with.clone()),
                            deferred: Vec::new(),
                            plan: StepPlan::default(),
                            check_error: None,
                            skipped: Some(format!("condition `{expr}` is false")),
                        });
                        continue;
                    }
                    Err(e) => {
                        diags.push(
                            Diagnostic::error(Code::Render, format!("step `{}`, `when`: {e}", step.id))
                                .in_file(&playbook.file)
                                .at(step.param_span("when")),
                        );
                        continue;
                    }
                }
            }
            match plan_unit(playbook, step, action, &ctx) {
                Ok((params, deferred, plan)) => steps.push(PlannedStep {
                    skipped: None,
                    id,
                    action: step.action.clone(),
                    mutates: action.doc().mutates(),
                    after: step.after.clone(),
                    item,
                    when: step.when.clone(),
                    params,
                    deferred,
                    plan,
                    check_error: None,
                }),
                Err(d) => diags.push(d),
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Plan {
        format: 1,
        playbook: playbook.name.clone(),
        playbook_file: playbook.file.clone(),
        playbook_sha256: playbook_sha256.to_string(),
        case: case.clone(),
        inputs: inputs.clone(),
        steps,
    })
}

fn contains_placeholder(v: &Value) -> bool {
    let mut found = Vec::new();
    deferred_in(v, "", &mut found);
    !found.is_empty()
}

/// One unit's rendered parameters, the parameters that wait for earlier outputs, and
/// what it would change.
fn plan_unit(
    playbook: &Playbook,
    step: &Step,
    action: &dyn ActionSpec,
    ctx: &Value,
) -> Result<(Value, Vec<String>, StepPlan), Diagnostic> {
    let params = render_step(&playbook.file, step, ctx)?;
    let mut deferred = Vec::new();
    deferred_in(&params, "", &mut deferred);
    deferred.dedup();
    if !deferred.is_empty() {
        return Ok((params, deferred, StepPlan { mutates: action.doc().mutates(), ..StepPlan::default() }));
    }
    let plan = action.plan_value(&params).map_err(|e| {
        Diagnostic::error(Code::BadParam, format!("step `{}`: {e}", step.id))
            .in_file(&playbook.file)
            .at(step.span)
            .hint(format!("`cordon actions list` documents `{}`", step.action))
    })?;
    Ok((params, deferred, plan))
}

/// Whether a `when:` expression refers to other steps (then it is decided at run time).
fn condition_uses_steps(expr: &str) -> bool {
    variables(&format!("{{{{ {expr} }}}}")).map_or(true, |vars| vars.iter().any(|v| v.path.starts_with("steps")))
}
