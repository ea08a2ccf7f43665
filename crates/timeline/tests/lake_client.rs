//! CloudTrail Lake's client path against a mocked CloudTrail client (the emulator does
//! not serve Lake queries): polling to the end, pages, rows read as records, a failed
//! query, and a cancelled one.

use std::collections::HashMap;

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::operation::cancel_query::CancelQueryOutput;
use aws_sdk_cloudtrail::operation::describe_query::DescribeQueryOutput;
use aws_sdk_cloudtrail::operation::get_query_results::GetQueryResultsOutput;
use aws_sdk_cloudtrail::operation::start_query::StartQueryOutput;
use aws_sdk_cloudtrail::types::{QueryStatisticsForDescribeQuery, QueryStatus};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_timeline::athena::lake::{read_results, start_and_wait};
use cordon_timeline::output::Format;
use cordon_timeline::{Collected, Filter};

fn described(status: QueryStatus, error: Option<&str>) -> DescribeQueryOutput {
    let stats =
        QueryStatisticsForDescribeQuery::builder().bytes_scanned(2_000_000_000).execution_time_in_millis(1234).build();
    DescribeQueryOutput::builder()
        .query_id("lq-1")
        .query_status(status)
        .query_statistics(stats)
        .set_error_message(error.map(str::to_string))
        .build()
}

/// One Lake row: one-entry maps, column to value, in select order.
fn row(id: &str, time: &str, name: &str) -> Vec<HashMap<String, String>> {
    let identity = r#"{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory","accountid":"111122223333","username":"mallory","accesskeyid":"AKIAMALLORY00001"}"#;
    [
        ("eventtime", time),
        ("eventsource", "iam.amazonaws.com"),
        ("eventname", name),
        ("eventid", id),
        ("useridentity", identity),
        ("requestparameters", r#"{"userName":"backdoor"}"#),
        ("readonly", "false"),
        ("recipientaccountid", "111122223333"),
    ]
    .into_iter()
    .map(|(k, v)| HashMap::from([(k.to_string(), v.to_string())]))
    .collect()
}

#[tokio::test(start_paused = true)]
async fn a_finished_query_is_read_page_by_page_into_events() {
    let start = mock!(Client::start_query).then_output(|| StartQueryOutput::builder().query_id("lq-1").build());
    let describe = mock!(Client::describe_query)
        .sequence()
        .output(|| described(QueryStatus::Queued, None))
        .output(|| described(QueryStatus::Running, None))
        .output(|| described(QueryStatus::Finished, None))
        .build();
    let pages = mock!(Client::get_query_results)
        .sequence()
        .output(|| {
            GetQueryResultsOutput::builder()
                .query_result_rows(row("e-1", "2026-11-29 10:01:00.000", "CreateUser"))
                .query_result_rows(row("e-2", "2026-11-29 10:02:00.000", "CreateAccessKey"))
                .next_token("page-2")
                .build()
        })
        .output(|| {
            GetQueryResultsOutput::builder()
                .query_result_rows(row("e-3", "2026-11-29 10:03:00.000", "AttachUserPolicy"))
                .build()
        })
        .build();
    let client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&start, &describe, &pages]);
    let mut stats =
        start_and_wait(&client, "SELECT ...", std::time::Duration::from_millis(100), std::future::pending())
            .await
            .unwrap();
    assert_eq!(describe.num_calls(), 3);
    assert_eq!((stats.data_scanned_bytes, stats.engine_execution_ms), (2_000_000_000, 1234));
    assert!((stats.cost_usd - 0.01).abs() < 1e-9, "{}", stats.cost_usd);
    let mut c = Collected::new(Format::Jsonl);
    read_results(&client, &mut stats, &Filter::default(), false, &mut c).await.unwrap();
    assert_eq!((stats.rows, stats.pages), (3, 2));
    let (lines, summary) = c.finish();
    assert_eq!(summary.events, 3, "{summary:?}");
    let mut out = Vec::new();
    lines.write(Format::Jsonl, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["time"], "2026-11-29T10:01:00.000Z");
    assert_eq!(first["actor"], "user/mallory");
    assert_eq!(first["access_key_id"], "AKIAMALLORY00001");
    assert_eq!(first["resources"], serde_json::json!(["backdoor"]));
    assert_eq!(first["origin"], "lake:lq-1");
}

#[tokio::test(start_paused = true)]
async fn a_failed_query_says_why() {
    let start = mock!(Client::start_query).then_output(|| StartQueryOutput::builder().query_id("lq-1").build());
    let describe = mock!(Client::describe_query)
        .then_output(|| described(QueryStatus::Failed, Some("Query exceeded the 1 TB scan limit")));
    let client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&start, &describe]);
    let err = start_and_wait(&client, "SELECT ...", std::time::Duration::from_millis(100), std::future::pending())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("query lq-1") && err.to_string().contains("FAILED: Query exceeded"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_wait_cancels_the_query() {
    let start = mock!(Client::start_query).then_output(|| StartQueryOutput::builder().query_id("lq-1").build());
    let describe = mock!(Client::describe_query).then_output(|| described(QueryStatus::Running, None));
    let cancel = mock!(Client::cancel_query).match_requests(|r| r.query_id() == Some("lq-1")).then_output(|| {
        CancelQueryOutput::builder().query_id("lq-1").query_status(QueryStatus::Cancelled).build().unwrap()
    });
    let client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&start, &describe, &cancel]);
    let err = start_and_wait(
        &client,
        "SELECT ...",
        std::time::Duration::from_secs(1),
        tokio::time::sleep(std::time::Duration::from_millis(2500)),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert_eq!(cancel.num_calls(), 1);
    assert!(describe.num_calls() >= 2, "it polled until the responder stopped it");
}
