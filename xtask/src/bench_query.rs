//! For `cargo xtask bench timeline`: the query `timeline build --engine athena` sends for
//! a question, timed on a local SQL engine (DuckDB, the engine its meaning is tested on)
//! over the benchmark archive's records, next to the local reader's time for the same
//! question, so the two paths stay comparable. The table is loaded once (not timed);
//! each query's time is the best of three.

use std::path::Path;

use anyhow::Result;
use cordon_timeline::Filter;
use cordon_timeline::athena::schema::COLUMNS;
use cordon_timeline::athena::sql::{Table, query};

/// One question: its label (as the local build's row names it) and its filter.
pub struct Question {
    pub label: &'static str,
    pub filter: Filter,
}

/// The questions the benchmark asks both paths.
pub fn questions() -> Result<Vec<Question>> {
    let ms = |s: &str| -> Result<i64> { Ok(s.parse::<jiff::Timestamp>()?.as_millisecond()) };
    Ok(vec![
        Question {
            label: "one day (--start/--end)",
            filter: Filter {
                start_ms: Some(ms("2026-10-20T00:00:00Z")?),
                end_ms: Some(ms("2026-10-20T23:59:59Z")?),
                ..Filter::default()
            },
        },
        Question {
            label: "--event-name CreateUser --errors-only",
            filter: Filter { event_names: vec!["CreateUser".into()], errors_only: true, ..Filter::default() },
        },
    ])
}

/// Each question's query timed on DuckDB: (seconds, rows), and the load time.
pub fn measure(archive: &Path, questions: &[Question]) -> Result<(f64, Vec<(f64, u64)>)> {
    let table = Table::parse("bench.cloudtrail").map_err(anyhow::Error::msg)?;
    let sqls: Vec<String> = questions.iter().map(|q| query(&table, &q.filter, &[], &[]).sql).collect();
    println!("loading the archive into DuckDB for the Athena queries (once, not timed) ...");
    let timed =
        cordon_testenv::duckdb::time_archive_queries(serde_json::to_value(COLUMNS)?, archive, "bench", &sqls, 3)?;
    let load = timed.first().map_or(0.0, |t| t.load_seconds);
    Ok((load, timed.iter().map(|t| (t.seconds, t.rows)).collect()))
}
