//! Athena's client path: start the query, wait for it (cancelling it when asked), read
//! its result pages into the timeline, and report what it cost; and the scan estimate
//! from the partitions a query touches.

use std::future::Future;
use std::time::Duration;

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};
use cordon_core::action::NoCallLog;
use cordon_core::{ActionError, ErrorKind, ops};
use serde::Serialize;

use crate::event::Filter;
use crate::merge::Collected;
use crate::parse::parse_texts;
use crate::s3_archive::ArchiveSource;

use super::rows::{is_header, record_text};
use super::sql::Table;
use super::table_check::{TableDef, key_partition};

/// Athena's published price per terabyte scanned (US East), and its minimum per query.
pub const USD_PER_TB: f64 = 5.0;
pub const MIN_BILLED_BYTES: u64 = 10_000_000;
/// The most rows `GetQueryResults` gives in a page.
pub const PAGE_ROWS: i32 = 1000;

/// What a query cost and did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub query_execution_id: String,
    pub state: String,
    pub data_scanned_bytes: u64,
    pub engine_execution_ms: u64,
    pub total_execution_ms: u64,
    /// At [`USD_PER_TB`], with the per-query minimum.
    pub cost_usd: f64,
    pub rows: u64,
    pub pages: u64,
}

/// The price of scanning `bytes`.
pub fn cost_usd(bytes: u64) -> f64 {
    if bytes == 0 {
        return 0.0;
    }
    bytes.max(MIN_BILLED_BYTES) as f64 / 1e12 * USD_PER_TB
}

/// One query to run.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub sql: &'a str,
    pub database: &'a str,
    pub workgroup: Option<&'a str>,
    /// `s3://...` for the results, unless the workgroup sets it.
    pub output_location: Option<&'a str>,
    /// The first wait between polls (doubling up to 5 s).
    pub first_poll: Duration,
}

fn athena_error(id: &str, state: &str, reason: Option<&str>, kind: Option<&str>) -> ActionError {
    let mut e = ActionError::new(
        if state == "CANCELLED" { ErrorKind::Conflict } else { ErrorKind::Other },
        format!("the query ended {state}: {}", reason.unwrap_or("no reason given")),
    )
    .on(format!("query {id}"));
    e.operation = Some(ops::athena::GET_QUERY_EXECUTION.permission.to_string());
    if let Some(k) = kind {
        e = e.with_code(k);
    }
    e
}

/// Starts the query and waits for it; `cancel` finishing first stops it
/// (`StopQueryExecution`) and ends with an error saying so.
pub async fn start_and_wait(
    client: &aws_sdk_athena::Client,
    run: &Run<'_>,
    cancel: impl Future<Output = ()>,
) -> Result<Stats, ActionError> {
    let ctx = QueryExecutionContext::builder().database(run.database).build();
    let req = client
        .start_query_execution()
        .query_string(run.sql)
        .query_execution_context(ctx)
        .set_work_group(run.workgroup.map(str::to_string))
        .set_result_configuration(
            run.output_location.map(|o| ResultConfiguration::builder().output_location(o).build()),
        );
    let started = cordon_aws::call(&NoCallLog, ops::athena::START_QUERY_EXECUTION, run.database, req.send()).await?;
    let id = started.query_execution_id().unwrap_or_default().to_string();
    if id.is_empty() {
        return Err(ActionError::new(ErrorKind::Other, "StartQueryExecution gave no query id").on(run.database));
    }
    tokio::pin!(cancel);
    let mut wait = run.first_poll;
    loop {
        let subject = format!("query {id}");
        let got = client.get_query_execution().query_execution_id(&id).send();
        let got = cordon_aws::call(&NoCallLog, ops::athena::GET_QUERY_EXECUTION, &subject, got).await?;
        let q = got.query_execution();
        let status = q.and_then(|q| q.status());
        let state = status.and_then(|s| s.state()).cloned();
        let reason = status.and_then(|s| s.state_change_reason());
        let kind = status.and_then(|s| s.athena_error()).and_then(|e| e.error_type()).map(|t| t.to_string());
        match state {
            Some(QueryExecutionState::Succeeded) => {
                let st = q.and_then(|q| q.statistics());
                let bytes = st.and_then(|s| s.data_scanned_in_bytes()).and_then(|b| u64::try_from(b).ok()).unwrap_or(0);
                let ms = |v: Option<i64>| v.and_then(|b| u64::try_from(b).ok()).unwrap_or(0);
                return Ok(Stats {
                    query_execution_id: id,
                    state: "SUCCEEDED".into(),
                    data_scanned_bytes: bytes,
                    engine_execution_ms: ms(st.and_then(|s| s.engine_execution_time_in_millis())),
                    total_execution_ms: ms(st.and_then(|s| s.total_execution_time_in_millis())),
                    cost_usd: cost_usd(bytes),
                    rows: 0,
                    pages: 0,
                });
            }
            Some(QueryExecutionState::Failed) => return Err(athena_error(&id, "FAILED", reason, kind.as_deref())),
            Some(QueryExecutionState::Cancelled) => {
                return Err(athena_error(&id, "CANCELLED", reason, kind.as_deref()));
            }
            _ => {}
        }
        let stop = || async {
            let stop = client.stop_query_execution().query_execution_id(&id).send();
            cordon_aws::call(&NoCallLog, ops::athena::STOP_QUERY_EXECUTION, &subject, stop).await.map(|_| ())
        };
        wait_or_stop(&mut wait, cancel.as_mut(), &subject, stop).await?;
    }
}

/// Waits `wait` before the next poll (then doubles it, up to 5 s), unless `cancel`
/// finishes first: then `stop` (the engine's cancel call) runs and the wait ends in an
/// error saying the query was stopped.
pub(crate) async fn wait_or_stop<S: Future<Output = Result<(), ActionError>>>(
    wait: &mut Duration,
    cancel: std::pin::Pin<&mut impl Future<Output = ()>>,
    subject: &str,
    stop: impl FnOnce() -> S,
) -> Result<(), ActionError> {
    tokio::select! {
        () = tokio::time::sleep(*wait) => {
            *wait = (*wait * 2).min(Duration::from_secs(5));
            Ok(())
        }
        () = cancel => {
            stop().await?;
            Err(ActionError::new(ErrorKind::Refused, "cancelled: the query was stopped").on(subject))
        }
    }
}

/// One page of rows (as record texts) read into `into` under `filter`, counted in `stats`.
pub(crate) fn add_page(
    stats: &mut Stats,
    origin: &str,
    texts: &[String],
    filter: &Filter,
    keep_raw: bool,
    into: &mut Collected,
) {
    stats.rows += texts.len() as u64;
    stats.pages += 1;
    let out = parse_texts(origin, texts.iter().map(|t| Some(t.as_str())), filter, keep_raw);
    into.add_events(out.inflated_bytes, out);
}

/// Reads a finished query's results, page by page, into `into`: each row rebuilt into
/// its record and read by the local reader under `filter` (origin `athena:<query id>`).
pub async fn read_results(
    client: &aws_sdk_athena::Client,
    stats: &mut Stats,
    filter: &Filter,
    keep_raw: bool,
    into: &mut Collected,
) -> Result<(), ActionError> {
    let id = stats.query_execution_id.clone();
    let origin = format!("athena:{id}");
    let mut token: Option<String> = None;
    let mut columns: Vec<String> = Vec::new();
    loop {
        let req =
            client.get_query_results().query_execution_id(&id).max_results(PAGE_ROWS).set_next_token(token.take());
        let page =
            cordon_aws::call(&NoCallLog, ops::athena::GET_QUERY_RESULTS, &format!("query {id}"), req.send()).await?;
        let set = page.result_set();
        if columns.is_empty() {
            columns = set
                .and_then(|s| s.result_set_metadata())
                .map(|m| m.column_info().iter().map(|c| c.name().to_string()).collect())
                .unwrap_or_default();
        }
        let rows: Vec<Vec<Option<String>>> = set
            .map(|s| {
                s.rows()
                    .iter()
                    .map(|r| r.data().iter().map(|d| d.var_char_value().map(str::to_string)).collect())
                    .collect()
            })
            .unwrap_or_default();
        let skip = usize::from(stats.pages == 0 && rows.first().is_some_and(|r| is_header(&columns, r)));
        let texts: Vec<String> = rows[skip..].iter().map(|r| record_text(&columns, r)).collect();
        add_page(stats, &origin, &texts, filter, keep_raw, into);
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(()),
        }
    }
}

/// What a query over the archive's table would scan: every object in the day
/// partitions it touches (Athena reads whole partitions), for the accounts and Regions
/// chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub objects: u64,
    pub bytes: u64,
    /// The accounts and Regions with logs in the window (which the table must project).
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
}

/// Lists (never reads) the partitions `filter`'s window touches.
pub async fn estimate(s3: &aws_sdk_s3::Client, src: &ArchiveSource, filter: &Filter) -> Result<Estimate, ActionError> {
    let objects = crate::s3_archive::day_objects(s3, src, "CloudTrail", filter).await?;
    let (mut accounts, mut regions) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    for (a, r) in objects.iter().filter_map(|(k, _)| key_partition(k)) {
        accounts.insert(a.to_string());
        regions.insert(r.to_string());
    }
    Ok(Estimate {
        objects: objects.len() as u64,
        bytes: objects.iter().map(|(_, n)| n).sum(),
        accounts: accounts.into_iter().collect(),
        regions: regions.into_iter().collect(),
    })
}

/// The table's definition, from the Glue Data Catalog Athena reads it through (the
/// `AwsDataCatalog` of the account and Region the query runs in).
pub async fn table_definition(glue: &aws_sdk_glue::Client, table: &Table) -> Result<TableDef, ActionError> {
    let subject = format!("table {table}");
    let req = glue.get_table().database_name(&table.database).name(&table.name).send();
    let got = cordon_aws::call(&NoCallLog, ops::glue::GET_TABLE, &subject, req).await?;
    let Some(t) = got.table() else {
        return Err(ActionError::new(ErrorKind::NotFound, "GetTable gave no table").on(subject));
    };
    let sd = t.storage_descriptor();
    let time = |d: &aws_smithy_types::DateTime| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok();
    Ok(TableDef {
        location: sd.and_then(|s| s.location()).map(str::to_string),
        serde: sd.and_then(|s| s.serde_info()).and_then(|s| s.serialization_library()).map(str::to_string),
        partition_keys: t.partition_keys().iter().map(|c| c.name().to_string()).collect(),
        parameters: t.parameters().map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default(),
        version_id: t.version_id().map(str::to_string),
        updated: t.update_time().or(t.create_time()).and_then(time),
    })
}
