//! The JSON Schema of the playbook format, generated from the action registry: each
//! step's `with:` is checked against its action's parameters (editors complete them).

use cordon_core::action::ActionSpec;
use serde_json::{Value, json};

use crate::model::{InputType, SEVERITIES};

/// The schema document.
pub fn playbook_schema(registry: &[&dyn ActionSpec]) -> Value {
    // Parameter schemas refer to shared definitions (`#/$defs/InstanceId`); they are hoisted
    // to the document root, where those references resolve. Types share a name only when
    // they are the same Rust type, so the first definition of a name stands for all.
    let mut defs = serde_json::Map::new();
    let steps: Vec<Value> = registry
        .iter()
        .map(|a| {
            let d = a.doc();
            let mut with = a.params_schema();
            // Values may be templates: allow a string anywhere a typed value is expected.
            if let Some(props) = with.get_mut("properties").and_then(Value::as_object_mut) {
                for p in props.values_mut() {
                    *p = json!({ "anyOf": [p.clone(), { "type": "string", "pattern": "\\{\\{|\\{%" }], "description": p.get("description").cloned().unwrap_or(Value::Null) });
                }
            }
            if let Some(o) = with.as_object_mut() {
                o.remove("$schema");
                o.remove("title");
                if let Some(Value::Object(d)) = o.remove("$defs") {
                    for (k, v) in d {
                        defs.entry(k).or_insert(v);
                    }
                }
            }
            json!({
                "if": { "properties": { "action": { "const": d.name } } },
                "then": { "properties": { "with": with } },
            })
        })
        .collect();
    let names: Vec<&str> = registry.iter().map(|a| a.doc().name).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cordon.invalid/playbook.schema.json",
        "title": "Cordon playbook",
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "steps"],
        "$defs": defs,
        "properties": {
            "name": { "type": "string" },
            "description": { "type": "string" },
            "severity": { "enum": SEVERITIES },
            "owner": { "type": "string" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "references": { "type": "array", "items": { "type": "string" } },
            "inputs": {
                "type": "object",
                "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_]*$" },
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "type": { "enum": InputType::NAMES },
                        "pattern": { "type": "string", "description": "a regular expression the whole value must match" },
                        "description": { "type": "string" },
                        "default": {}
                    }
                }
            },
            "steps": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "action"],
                    "properties": {
                        "id": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$" },
                        "action": { "enum": names },
                        "description": { "type": "string" },
                        "with": { "type": "object" },
                        "needs": {
                            "description": "the steps this one waits for (without `needs`, the step before it); steps that do not wait for each other run concurrently",
                            "anyOf": [
                                { "type": "string" },
                                { "type": "array", "items": { "type": "string" }, "uniqueItems": true }
                            ]
                        },
                        "after": {
                            "description": "steps this one waits for without depending on their success: it runs once they have finished, whether they succeeded, failed or were skipped",
                            "anyOf": [
                                { "type": "string" },
                                { "type": "array", "items": { "type": "string" }, "uniqueItems": true }
                            ]
                        },
                        "for_each": {
                            "description": "run the step once per item (a list, or a template giving one); the item is `item` in its templates",
                            "anyOf": [
                                { "type": "array" },
                                { "type": "string", "pattern": "\\{\\{|\\{%" }
                            ]
                        },
                        "when": { "type": "string", "description": "a minijinja expression; the step runs only when it is true" },
                        "on_error": { "enum": ["stop", "continue"] },
                        "approve": { "type": "boolean" }
                    },
                    "allOf": steps
                }
            }
        }
    })
}
