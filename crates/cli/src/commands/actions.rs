//! `cordon actions list|show|docs`: everything here is generated from the registry.

use std::fmt::Write as _;

use cordon_core::action::ActionSpec;
use cordon_core::diagnostic::{Code, Diagnostic, did_you_mean};

use crate::cli::{Global, Output};
use crate::{CmdResult, Failure};

pub fn list(g: &Global) -> CmdResult {
    let specs = crate::registry::specs();
    if g.output == Output::Json {
        let all: Vec<_> = specs.iter().map(|a| json(*a)).collect();
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        return Ok(());
    }
    let width = specs.iter().map(|a| a.doc().name.len()).max().unwrap_or(0);
    for a in &specs {
        let d = a.doc();
        println!("{:width$}  {:9}  {}", d.name, if d.mutates() { "mutates" } else { "read-only" }, d.summary);
    }
    Ok(())
}

fn json(a: &dyn ActionSpec) -> serde_json::Value {
    serde_json::json!({
        "doc": a.doc(),
        "mutates": a.doc().mutates(),
        "params": a.params(),
        "outputs": a.outputs(),
        "params_schema": a.params_schema(),
    })
}

pub fn show(g: &Global, name: &str) -> CmdResult {
    let specs = crate::registry::specs();
    let Some(a) = specs.iter().find(|a| a.doc().name == name) else {
        let mut d = Diagnostic::error(Code::UnknownAction, format!("unknown action `{name}`"));
        d.hint = Some(
            did_you_mean(name, specs.iter().map(|a| a.doc().name))
                .map(|m| format!("did you mean `{m}`?"))
                .unwrap_or_else(|| "`cordon actions list` shows the actions".into()),
        );
        super::print_diagnostics(g, None, &[d]);
        return Err(Failure::Invalid);
    };
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&json(*a)).unwrap_or_default());
    } else {
        print!("{}", section(*a, "#"));
    }
    Ok(())
}

/// One action as Markdown, headed with `level`.
fn section(a: &dyn ActionSpec, level: &str) -> String {
    let d = a.doc();
    let mut out = String::new();
    let _ = writeln!(out, "{level} `{}`\n\n{}\n\n{}\n", d.name, d.summary, d.description);
    let _ = writeln!(out, "Changes AWS: {}.\n", if d.mutates() { "yes" } else { "no (read-only)" });
    let _ = writeln!(out, "| parameter | required | description |\n|---|---|---|");
    for p in a.params() {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            p.name,
            if p.required { "yes" } else { "no" },
            p.description.replace('\n', " ")
        );
    }
    let _ = writeln!(out, "\n| output | description |\n|---|---|");
    for o in a.outputs() {
        let _ = writeln!(out, "| `{}` | {} |", o.name, o.description.replace('\n', " "));
    }
    let _ = writeln!(out, "\nIAM permissions:\n");
    for op in d.permissions() {
        let scope = op.resource.map(|r| format!(", on `{r}`")).unwrap_or_default();
        let _ = writeln!(out, "- `{op}`{}{scope}", if op.mutates { "" } else { " (read-only)" });
    }
    let _ = writeln!(out, "\nUndo: {}\n", d.undo);
    if !d.inverse.is_empty() {
        let names: Vec<String> = d.inverse.iter().map(|i| format!("`{}`", i.name)).collect();
        let _ = writeln!(out, "Undone by: {}.\n", names.join(", "));
    }
    let _ = writeln!(out, "Example:\n\n```yaml\n- id: example\n  action: {}\n  with:", d.name);
    for line in d.example.lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out, "```\n");
    out
}

/// The whole action reference (docs/actions.md).
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Action reference\n\nGenerated from the action registry by `cordon actions docs` \
(`cargo xtask docgen`); a test fails when this file is out of date. Do not edit by hand.\n\n",
    );
    for a in crate::registry::specs() {
        out.push_str(&section(a, "##"));
    }
    out
}

/// The playbook JSON Schema, pretty-printed (docs/playbook.schema.json).
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&cordon_playbook::schema::playbook_schema(&crate::registry::specs()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// The schema accepts every shipped playbook and rejects what validation rejects.
    #[test]
    fn the_schema_accepts_the_shipped_playbooks_and_rejects_a_broken_one() {
        let schema: serde_json::Value = serde_json::from_str(&super::schema_json()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../playbooks");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let yaml: serde_json::Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator.iter_errors(&yaml).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
        let good = serde_json::json!({"name": "x", "severity": "high", "steps": [{"id": "a",
            "action": "ec2.isolate_instance", "with": {"instance_id": "i-0123456789abcdef0"}, "approve": true}]});
        assert!(
            validator.is_valid(&good),
            "{:?}",
            validator.iter_errors(&good).map(|e| e.to_string()).collect::<Vec<_>>()
        );
        for (pointer, bad) in [
            ("/steps/0/with/instance_idd", serde_json::json!("i-0123456789abcdef0")),
            ("/steps/0/approve", serde_json::json!("yes")),
            ("/severity", serde_json::json!("hgh")),
            ("/steps/0/action", serde_json::json!("ec2.isolate_instanse")),
        ] {
            let mut broken = good.clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            broken.pointer_mut(parent).unwrap()[key] = bad;
            assert!(!validator.is_valid(&broken), "{pointer} should be rejected");
        }
        let typed = serde_json::json!({"name": "x", "steps": [{"id": "a", "action": "ec2.snapshot_volumes",
            "with": {"instance_id": "i-0123456789abcdef0", "timeout_seconds": "{{ inputs.t }}"}}]});
        assert!(validator.is_valid(&typed), "templates are allowed where a typed value is expected");
    }

    #[test]
    fn docs_playbook_schema_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/playbook.schema.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == super::schema_json() + "\n",
            "docs/playbook.schema.json is out of date: run `cargo xtask docgen`"
        );
    }

    #[test]
    fn docs_actions_md_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/actions.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == super::reference_markdown(), "docs/actions.md is out of date: run `cargo xtask docgen`");
    }
}
