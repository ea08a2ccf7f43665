//! The queries a timeline ran in place (`timeline build --engine athena|lake --case`),
//! read from the case's `athena-queries.jsonl`: where each ran, what it scanned and cost,
//! how many rows came back, and what was pushed down into it. A line that cannot be read
//! is reported, never fatal.

use serde::{Deserialize, Serialize};

/// One query, as the report shows it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    pub time: String,
    pub engine: String,
    /// The Athena table, or the CloudTrail Lake event data store.
    pub table: String,
    pub query_execution_id: String,
    pub state: String,
    pub data_scanned_bytes: u64,
    pub cost_usd: f64,
    pub rows: u64,
    pub pushed_down: Vec<String>,
    pub applied_to_rows_only: Vec<String>,
    pub rules_pushed_down: Vec<String>,
    pub rules_local_only: Vec<String>,
    pub sql: String,
}

/// The queries of a case's query file's `text`, and its lines that could not be read
/// (each naming `file` and its line).
pub fn parse(file: &str, text: &str) -> (Vec<Query>, Vec<String>) {
    let (mut queries, mut problems) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Query>(line) {
            Ok(q) => queries.push(q),
            Err(e) => problems.push(format!("{file} line {}: {e}", n + 1)),
        }
    }
    (queries, problems)
}

/// The case's queries, or why its query file could not be read.
pub fn of_case(case_dir: &std::path::Path) -> (Vec<Query>, Vec<String>) {
    let name = cordon_timeline::athena::CASE_QUERIES;
    match std::fs::read_to_string(case_dir.join(name)) {
        Ok(text) => parse(name, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (vec![], vec![]),
        Err(e) => (vec![], vec![format!("{name}: {e}")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_a_query_and_a_bad_line_is_named() {
        let text = concat!(
            r#"{"time":"2026-12-01T00:00:00Z","engine":"athena","table":"db.t","query_execution_id":"q1","#,
            r#""state":"SUCCEEDED","data_scanned_bytes":5000000,"cost_usd":0.05,"rows":3,"pushed_down":["window"],"#,
            r#""sql":"SELECT 1","estimate":{"bytes":1}}"#,
            "\n\nnot json\n",
            r#"{"engine":"lake","table":"arn:aws:cloudtrail:us-east-1:1:eventdatastore/x","rows":"many"}"#,
            "\n"
        );
        let (q, problems) = parse("athena-queries.jsonl", text);
        assert_eq!(q.len(), 1);
        assert_eq!((q[0].query_execution_id.as_str(), q[0].rows, q[0].pushed_down.len()), ("q1", 3, 1));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("athena-queries.jsonl line 3:"), "{problems:?}");
        assert!(problems[1].starts_with("athena-queries.jsonl line 4:"), "{problems:?}");
    }
}
