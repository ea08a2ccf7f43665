//! Contract tests over the whole registry, without AWS: every action's example plans
//! consistently with what it declares, and the undo it builds from a receipt of its
//! receipt type names only declared, registered inverses whose parameters those accept.
//! Receipts are generated from the receipt's JSON Schema, with values of the right shape
//! (an instance id where an instance id goes), so a new action is covered by adding it to
//! the registry.

use serde_json::{Map, Value, json};

use crate::registry::{ACTIONS, specs};

/// A value of the JSON Schema `schema` (resolving `$ref`s in `defs`), for a field named
/// `field`: ids of the right shape, the first enum value, one item per array.
fn sample(schema: &Value, defs: &Value, field: &str) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        if let Some(id) = id_sample(name) {
            return json!(id);
        }
        return sample(&defs[name], defs, field);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let chosen = options.iter().find(|o| o.get("type") != Some(&json!("null"))).unwrap_or(&Value::Null);
            return sample(chosen, defs, field);
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").and_then(Value::as_str).unwrap_or("null"),
        Some(Value::String(k)) => k.as_str(),
        _ => "object",
    };
    match kind {
        "string" => json!(string_sample(field)),
        "integer" | "number" => json!(1),
        "boolean" => json!(true),
        "null" => Value::Null,
        "array" => json!([sample(schema.get("items").unwrap_or(&Value::Null), defs, field)]),
        _ => {
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    out.insert(name.clone(), sample(prop, defs, name));
                }
            }
            Value::Object(out)
        }
    }
}

/// A valid value of the identifier type with this schema name.
fn id_sample(schema_name: &str) -> Option<&'static str> {
    let samples = [
        "i-0123456789abcdef0",
        "vol-0123456789abcdef0",
        "snap-0123456789abcdef0",
        "sg-0123456789abcdef0",
        "eni-0123456789abcdef0",
        "123456789012",
        "AKIAIOSFODNN7EXAMPLE",
        "example-user",
        "example-bucket",
        "IR-1",
        "203.0.113.10/32",
    ];
    samples.into_iter().find(|s| cordon_core::ids::check_named(schema_name, s) == Some(Ok(())))
}

/// A plausible string for a receipt field, by its name.
fn string_sample(field: &str) -> &'static str {
    let f = field.to_ascii_lowercase();
    let rules: [(&str, &'static str); 14] = [
        ("instance_profile", "arn:aws:iam::123456789012:instance-profile/web"),
        ("instance_id", "i-0123456789abcdef0"),
        ("network_interface", "eni-0123456789abcdef0"),
        ("group", "sg-0123456789abcdef0"),
        ("subnet", "subnet-0123456789abcdef0"),
        ("acl", "acl-0123456789abcdef0"),
        ("snapshot", "snap-0123456789abcdef0"),
        ("volume", "vol-0123456789abcdef0"),
        ("access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("account", "123456789012"),
        ("shared_with", "123456789012"),
        ("bucket", "example-bucket"),
        ("user", "example-user"),
        ("region", "eu-west-1"),
    ];
    rules.iter().find(|(k, _)| f.contains(k)).map_or("example", |(_, v)| v)
}

/// The rendered parameters of an action's documented example.
fn example_params(name: &str, example: &str) -> Value {
    let specs = specs();
    let with: String = example.lines().map(|l| format!("      {l}\n")).collect();
    let source = format!("name: example\nsteps:\n  - id: example\n    action: {name}\n    with:\n{with}");
    let playbook = cordon_playbook::validate("example.yaml", &source, &specs)
        .unwrap_or_else(|e| panic!("{name}: example does not validate: {e:?}"));
    let case = json!({"id": "IR-1", "dir": "cases/IR-1", "account": "123456789012", "region": "us-east-1"});
    let plan = cordon_playbook::plan::build(&playbook, "0", &specs, &Default::default(), &case)
        .unwrap_or_else(|e| panic!("{name}: example does not plan: {e:?}"));
    plan.steps[0].params.clone()
}

#[test]
fn every_action_plans_changes_and_undoes_as_it_declares() {
    let specs = specs();
    let mut undo_steps = 0;
    for a in ACTIONS {
        let doc = a.doc();
        let params = example_params(doc.name, doc.example);
        let plan = a.plan_value(&params).unwrap_or_else(|e| panic!("{}: plan: {e}", doc.name));
        assert_eq!(plan.mutates, doc.mutates(), "{}: the plan says what its operations say", doc.name);
        assert!(
            !doc.mutates() || !plan.changes.is_empty() || !plan.warnings.is_empty() || !plan.observations.is_empty(),
            "{}: a mutating action's plan says what it would do",
            doc.name
        );
        let schema = a.receipt_schema();
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        let receipt = sample(&schema, &defs, "");
        a.changes_value(&receipt).unwrap_or_else(|e| panic!("{}: changes from {receipt}: {e}", doc.name));
        let undo = a.undo_value(&params, &receipt).unwrap_or_else(|e| panic!("{}: undo from {receipt}: {e}", doc.name));
        if !doc.mutates() {
            assert!(
                !matches!(undo, cordon_core::action::Undo::Steps { .. }),
                "{}: a read-only action has nothing to undo",
                doc.name
            );
        }
        if let cordon_core::action::Undo::Steps { steps } = undo {
            for s in steps {
                let target = specs
                    .iter()
                    .find(|t| t.doc().name == s.action)
                    .unwrap_or_else(|| panic!("{}: undo runs {}, which is not registered", doc.name, s.action));
                target
                    .check_params(&s.params)
                    .unwrap_or_else(|e| panic!("{}: {} refuses its undo params {}: {e}", doc.name, s.action, s.params));
                target
                    .plan_value(&s.params)
                    .unwrap_or_else(|e| panic!("{}: {} does not plan: {e}", doc.name, s.action));
                undo_steps += 1;
            }
        }
    }
    // The generated receipts reach the undo paths of most mutating actions.
    assert!(undo_steps >= 15, "only {undo_steps} undo steps were built and checked");
}

#[test]
fn samples_have_the_shapes_their_fields_need() {
    assert_eq!(id_sample("instance_id"), Some("i-0123456789abcdef0"));
    assert_eq!(id_sample("CIDR_block"), Some("203.0.113.10/32"));
    assert_eq!(string_sample("network_interface_id"), "eni-0123456789abcdef0");
    let schema = json!({"type": "object", "properties": {"n": {"type": "integer"},
        "who": {"anyOf": [{"$ref": "#/$defs/instance_id"}, {"type": "null"}]}, "l": {"type": "array", "items": {"type": "string"}}}});
    assert_eq!(sample(&schema, &json!({}), ""), json!({"n": 1, "who": "i-0123456789abcdef0", "l": ["example"]}));
}

/// Every mutating action has its idempotency and crash-recall test on mocked clients
/// (`crates/actions/tests/converge`): a new one fails here until it has one.
#[test]
fn every_mutating_action_has_a_convergence_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../actions/tests/converge");
    let mut tests = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        tests.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    tests.retain(|c| !c.is_whitespace());
    let missing: Vec<&str> = ACTIONS
        .iter()
        .map(|a| a.doc())
        .filter(|d| d.mutates())
        .map(|d| d.name)
        .filter(|name| {
            let (_, action) = name.split_once('.').unwrap_or(("", name));
            let camel: String = action.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect();
            !tests.contains(&format!("execute(&{camel},"))
                && !tests.contains(&format!("try_execute(&{camel},"))
                && !tests.contains(&format!("try_execute_with(&{camel},"))
                && !tests.contains(&format!("converges(&{camel},"))
        })
        .collect();
    assert!(missing.is_empty(), "mutating actions without a convergence test: {missing:?}");
}
