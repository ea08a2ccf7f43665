//! `cordon actions list`

use crate::CmdResult;
use crate::cli::{Global, Output};

pub fn list(g: &Global) -> CmdResult {
    let specs = crate::registry::specs();
    if g.output == Output::Json {
        let all: Vec<_> = specs
            .iter()
            .map(|a| serde_json::json!({ "doc": a.doc(), "params": a.params(), "outputs": a.outputs() }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        return Ok(());
    }
    let width = specs.iter().map(|a| a.doc().name.len()).max().unwrap_or(0);
    for a in &specs {
        let d = a.doc();
        println!("{:width$}  {:9}  {}", d.name, if d.mutates { "mutates" } else { "read-only" }, d.summary);
    }
    Ok(())
}
