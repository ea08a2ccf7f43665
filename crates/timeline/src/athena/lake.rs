//! CloudTrail Lake's client path: the query started on an event data store, waited for
//! (cancelled when asked), its result pages read into the timeline like Athena's rows.

use std::future::Future;
use std::time::Duration;

use aws_sdk_cloudtrail::types::QueryStatus;
use cordon_core::action::NoCallLog;
use cordon_core::{ActionError, ErrorKind, ops};

use crate::event::Filter;
use crate::merge::Collected;

use super::client::{Stats, add_page, cost_usd, wait_or_stop};
use super::rows::lake_record_text;

/// Starts the query and waits for it to finish; `cancel` finishing first cancels it
/// (`CancelQuery`) and ends with an error saying so.
pub async fn start_and_wait(
    client: &aws_sdk_cloudtrail::Client,
    sql: &str,
    first_poll: Duration,
    cancel: impl Future<Output = ()>,
) -> Result<Stats, ActionError> {
    let started = client.start_query().query_statement(sql).send();
    let started = cordon_aws::call(&NoCallLog, ops::cloudtrail::START_QUERY, "event data store", started).await?;
    let id = started.query_id().unwrap_or_default().to_string();
    if id.is_empty() {
        return Err(ActionError::new(ErrorKind::Other, "StartQuery gave no query id").on("event data store"));
    }
    let subject = format!("query {id}");
    tokio::pin!(cancel);
    let mut wait = first_poll;
    loop {
        let got = client.describe_query().query_id(&id).send();
        let got = cordon_aws::call(&NoCallLog, ops::cloudtrail::DESCRIBE_QUERY, &subject, got).await?;
        let st = got.query_statistics();
        let ended = |state: &str| {
            let mut e = ActionError::new(
                if state == "CANCELLED" { ErrorKind::Conflict } else { ErrorKind::Other },
                format!("the query ended {state}: {}", got.error_message().unwrap_or("no reason given")),
            )
            .on(subject.clone());
            e.operation = Some(ops::cloudtrail::DESCRIBE_QUERY.permission.to_string());
            e
        };
        match got.query_status() {
            Some(QueryStatus::Finished) => {
                let bytes = st.and_then(|s| s.bytes_scanned()).and_then(|b| u64::try_from(b).ok()).unwrap_or(0);
                let ms = st.and_then(|s| s.execution_time_in_millis()).and_then(|m| u64::try_from(m).ok()).unwrap_or(0);
                return Ok(Stats {
                    query_execution_id: id,
                    state: "FINISHED".into(),
                    data_scanned_bytes: bytes,
                    engine_execution_ms: ms,
                    total_execution_ms: ms,
                    cost_usd: cost_usd(bytes),
                    rows: 0,
                    pages: 0,
                });
            }
            Some(QueryStatus::Failed) => return Err(ended("FAILED")),
            Some(QueryStatus::TimedOut) => return Err(ended("TIMED_OUT")),
            Some(QueryStatus::Cancelled) => return Err(ended("CANCELLED")),
            _ => {}
        }
        let stop = || async {
            let stop = client.cancel_query().query_id(&id).send();
            cordon_aws::call(&NoCallLog, ops::cloudtrail::CANCEL_QUERY, &subject, stop).await.map(|_| ())
        };
        wait_or_stop(&mut wait, cancel.as_mut(), &subject, stop).await?;
    }
}

/// Reads a finished query's result pages into `into` (origin `lake:<query id>`). Each
/// row is a list of one-entry maps, column to value, in the select list's order.
pub async fn read_results(
    client: &aws_sdk_cloudtrail::Client,
    stats: &mut Stats,
    filter: &Filter,
    keep_raw: bool,
    into: &mut Collected,
) -> Result<(), ActionError> {
    let id = stats.query_execution_id.clone();
    let origin = format!("lake:{id}");
    let mut token: Option<String> = None;
    loop {
        let req = client.get_query_results().query_id(&id).set_next_token(token.take());
        let page = cordon_aws::call(&NoCallLog, ops::cloudtrail::GET_QUERY_RESULTS, &format!("query {id}"), req.send())
            .await?;
        let mut texts = Vec::new();
        for row in page.query_result_rows() {
            let (mut columns, mut values) = (Vec::new(), Vec::new());
            for cell in row {
                for (k, v) in cell {
                    columns.push(k.clone());
                    values.push(Some(v.clone()).filter(|v| !v.is_empty()));
                }
            }
            texts.push(lake_record_text(&columns, &values));
        }
        add_page(stats, &origin, &texts, filter, keep_raw, into);
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(()),
        }
    }
}
