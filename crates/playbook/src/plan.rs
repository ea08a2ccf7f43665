//! Stage 4: the plan — each step's rendered parameters and what it would change,
//! from the playbook, the inputs and the registry alone. Read-only AWS checks refine
//! it later (in the engine); nothing here touches AWS.

use cordon_core::action::{ActionSpec, StepPlan};
use cordon_core::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::model::Playbook;
use crate::render::render_step;

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
    pub id: String,
    pub action: String,
    pub mutates: bool,
    /// Rendered parameters. Values that come from an earlier step's outputs are shown as
    /// `<steps.ID.outputs.NAME>` and listed in `deferred`.
    pub params: Value,
    pub deferred: Vec<String>,
    pub plan: StepPlan,
    /// Set when read-only checks against AWS found a problem.
    pub check_error: Option<String>,
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
    let mut steps_ctx = Map::new();
    let mut steps = Vec::new();
    for step in &playbook.steps {
        let Some(action) = registry.iter().find(|a| a.doc().name == step.action).copied() else {
            diags.push(
                Diagnostic::error("unknown-action", format!("unknown action `{}`", step.action))
                    .in_file(&playbook.file)
                    .at(step.span),
            );
            continue;
        };
        let ctx = context(inputs, case, &steps_ctx);
        steps_ctx.insert(step.id.clone(), placeholders(&step.id, action));
        let params = match render_step(&playbook.file, step, &ctx) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut deferred = Vec::new();
        deferred_in(&params, "", &mut deferred);
        deferred.dedup();
        let plan = if deferred.is_empty() {
            match action.plan_value(&params) {
                Ok(p) => p,
                Err(e) => {
                    diags.push(
                        Diagnostic::error("bad-param", format!("step `{}`: {e}", step.id))
                            .in_file(&playbook.file)
                            .at(step.span)
                            .hint(format!("`cordon actions list` documents `{}`", step.action)),
                    );
                    continue;
                }
            }
        } else {
            StepPlan { mutates: action.doc().mutates, ..StepPlan::default() }
        };
        steps.push(PlannedStep {
            id: step.id.clone(),
            action: step.action.clone(),
            mutates: action.doc().mutates,
            params,
            deferred,
            plan,
            check_error: None,
        });
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
