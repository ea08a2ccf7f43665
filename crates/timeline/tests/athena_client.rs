//! The Athena client path where the emulator cannot go: a query that fails. (Start,
//! poll, cancel and paginate run against the emulator in the end-to-end tests; the
//! emulator's queries always succeed.)

use aws_sdk_athena::Client;
use aws_sdk_athena::operation::get_query_execution::GetQueryExecutionOutput;
use aws_sdk_athena::operation::start_query_execution::StartQueryExecutionOutput;
use aws_sdk_athena::types::{AthenaError, QueryExecution, QueryExecutionState, QueryExecutionStatus};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_timeline::athena::client::{Run, start_and_wait};

fn state(s: QueryExecutionState, reason: Option<&str>) -> GetQueryExecutionOutput {
    let mut status = QueryExecutionStatus::builder().state(s);
    if let Some(r) = reason {
        status = status
            .state_change_reason(r)
            .athena_error(AthenaError::builder().error_category(2).error_type(1003).build());
    }
    GetQueryExecutionOutput::builder()
        .query_execution(QueryExecution::builder().query_execution_id("q-1").status(status.build()).build())
        .build()
}

#[tokio::test(start_paused = true)]
async fn a_failed_query_says_why_and_names_the_query() {
    let start = mock!(Client::start_query_execution)
        .then_output(|| StartQueryExecutionOutput::builder().query_execution_id("q-1").build());
    let running = mock!(Client::get_query_execution)
        .sequence()
        .output(|| state(QueryExecutionState::Queued, None))
        .output(|| state(QueryExecutionState::Running, None))
        .output(|| state(QueryExecutionState::Failed, Some("HIVE_BAD_DATA: Error parsing field value for field 3")))
        .build();
    let client = mock_client!(aws_sdk_athena, RuleMode::MatchAny, [&start, &running]);
    let run = Run {
        sql: "SELECT 1",
        database: "ir",
        workgroup: Some("primary"),
        output_location: None,
        first_poll: std::time::Duration::from_millis(100),
    };
    let err = start_and_wait(&client, &run, std::future::pending()).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("query q-1"), "{text}");
    assert!(text.contains("FAILED: HIVE_BAD_DATA"), "{text}");
    assert_eq!(err.code.as_deref(), Some("1003"));
    assert_eq!(running.num_calls(), 3, "polled until it ended");
}
