//! DuckDB, the local SQL engine the Athena queries are tested on: a CloudTrail table
//! built from records the way the CloudTrail SerDe reads them, and queries run on it
//! (`duckdb/cloudtrail_table.py`, run by the project venv's Python).

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// One query's answer: its column names and rows (each value text or null), as Athena's
/// `GetQueryResults` gives them.
pub type Answer = (Vec<String>, Vec<Vec<Option<String>>>);

/// Runs `queries` over `<database>.cloudtrail`, a table of `columns` (cordon-timeline's
/// `athena::schema::COLUMNS`, serialized) holding `records` (each
/// `{"account", "region", "day", "record"}`).
pub fn cloudtrail_queries(
    columns: Value,
    records: &[Value],
    database: &str,
    queries: &[String],
) -> Result<Vec<Answer>> {
    run(json!({"schema": columns, "records": records, "queries": queries, "database": database}), queries)
}

/// [`cloudtrail_queries`] over a CloudTrail Lake event data store named `store`, its
/// columns typed as Lake types them (`eventTime` a timestamp, `readOnly` a boolean, the
/// request and response maps of strings).
pub fn lake_queries(columns: Value, records: &[Value], store: &str, queries: &[String]) -> Result<Vec<Answer>> {
    run(json!({"schema": columns, "records": records, "queries": queries, "dialect": "lake", "store": store}), queries)
}

/// One query timed on DuckDB (the best of its runs) and the rows it returned.
#[derive(Debug, Clone, Copy)]
pub struct Timed {
    pub seconds: f64,
    pub rows: u64,
    /// Loading the archive into the table (once, not part of `seconds`).
    pub load_seconds: f64,
}

/// Times `queries` (best of `runs`) over `<database>.cloudtrail` holding a trail
/// archive's records (every `.json.gz` under `archive/AWSLogs/`), for the benchmark.
pub fn time_archive_queries(
    columns: Value,
    archive: &std::path::Path,
    database: &str,
    queries: &[String],
    runs: u32,
) -> Result<Vec<Timed>> {
    let spec = json!({"schema": columns, "archive": archive, "queries": queries, "database": database, "runs": runs});
    let text = python_output(&spec)?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line)?;
        let num = |k: &str| v[k].as_f64().with_context(|| format!("duckdb: {line}"));
        out.push(Timed { seconds: num("seconds")?, rows: num("rows")? as u64, load_seconds: num("load_seconds")? });
    }
    if out.len() != queries.len() {
        bail!("duckdb timed {} of {} queries: {text}", out.len(), queries.len());
    }
    Ok(out)
}

/// Runs the loader with `spec` on stdin: its stdout.
fn python_output(spec: &Value) -> Result<String> {
    let python = crate::emulator::python()?;
    let mut child = Command::new(python)
        .args(["-c", include_str!("../duckdb/cloudtrail_table.py")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not run the venv's Python")?;
    child.stdin.take().context("no stdin")?.write_all(spec.to_string().as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("duckdb: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}

fn run(spec: Value, queries: &[String]) -> Result<Vec<Answer>> {
    let text = python_output(&spec)?;
    let mut answers = Vec::new();
    for (line, q) in text.lines().zip(queries) {
        let v: Value = serde_json::from_str(line)?;
        if let Some(e) = v.get("error") {
            bail!("DuckDB refused the query: {e}\n{q}");
        }
        let strings = |v: &Value| -> Vec<Option<String>> {
            v.as_array().map(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        let columns = strings(&v["columns"]).into_iter().flatten().collect();
        let rows = v["rows"].as_array().map(|r| r.iter().map(strings).collect()).unwrap_or_default();
        answers.push((columns, rows));
    }
    if answers.len() != queries.len() {
        bail!("duckdb answered {} of {} queries: {text}", answers.len(), queries.len());
    }
    Ok(answers)
}
