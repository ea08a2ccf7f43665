//! LookupEvents against a mocked CloudTrail client (the emulator does not serve it):
//! pagination, the lookup attribute chosen from the filter, the window, and the rate.

use std::sync::{Arc, Mutex};

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput;
use aws_sdk_cloudtrail::types::{Event, LookupAttributeKey};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_timeline::lookup::{MIN_INTERVAL, attributes, read_lookup, read_lookup_many};
use cordon_timeline::output::Format;
use cordon_timeline::{Collected, Filter};
use serde_json::json;

fn ct_event(id: &str, time: &str, name: &str) -> Event {
    let raw = json!({"eventTime": time, "eventSource": "ec2.amazonaws.com", "eventName": name, "eventID": id,
                     "readOnly": "false", "userIdentity": {"type": "IAMUser", "userName": "mallory", "accessKeyId": "AKIAMAL"}});
    Event::builder().event_id(id).event_name(name).cloud_trail_event(raw.to_string()).build()
}

fn ms(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).ok()
}

/// What one request carried: its page token, lookup attribute and start time.
type Seen = (Option<String>, String, Option<i64>);

#[tokio::test(start_paused = true)]
async fn paginates_with_the_filters_attribute_at_the_apis_rate() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    let rule = mock!(Client::lookup_events).then_compute_output(move |req| {
        let attr = req.lookup_attributes().first().map(|a| format!("{}={}", a.attribute_key(), a.attribute_value()));
        log.lock()
            .map(|mut l| {
                l.push((
                    req.next_token().map(str::to_string),
                    attr.unwrap_or_default(),
                    req.start_time().map(|t| t.to_millis().unwrap_or(0)),
                ))
            })
            .ok();
        match req.next_token() {
            None => LookupEventsOutput::builder()
                .events(ct_event("e2", "2026-11-29T10:00:02Z", "RunInstances"))
                .events(ct_event("e1", "2026-11-29T10:00:01Z", "RunInstances"))
                .next_token("page-2")
                .build(),
            Some(_) => LookupEventsOutput::builder()
                .events(ct_event("e3", "2026-11-29T10:00:03Z", "RunInstances"))
                .events(Event::builder().event_id("broken").build())
                .build(),
        }
    });
    let client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&rule]);
    let filter = Filter {
        event_names: vec!["RunInstances".into()],
        start_ms: ms("2026-11-29T09:00:00Z"),
        end_ms: ms("2026-11-29T11:00:00Z"),
        ..Filter::default()
    };
    let mut c = Collected::new(Format::Jsonl);
    let started = tokio::time::Instant::now();
    read_lookup(&client, &filter, true, &mut c).await.expect("lookup");
    let elapsed = started.elapsed();
    let (lines, summary) = c.finish();
    let events: Vec<serde_json::Value> =
        lines.texts().map(|l| serde_json::from_slice(l).expect("a JSON line")).collect();
    let ids: Vec<_> = events.iter().map(|e| e["event_id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["e1", "e2", "e3"]);
    assert_eq!(summary.bad_records, 1, "{:?}", summary.problems);
    assert!(
        events.iter().all(|e| e["origin"] == "lookup-events" && e["read_only"] == false && e["raw"].is_object()),
        "{events:?}"
    );
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], (None, "EventName=RunInstances".to_string(), ms("2026-11-29T09:00:00Z")));
    assert_eq!(seen[1].0.as_deref(), Some("page-2"));
    assert!(elapsed >= MIN_INTERVAL, "two requests are spaced by the API's rate (virtual time): {elapsed:?}");
}

#[test]
fn the_most_selective_attribute_is_looked_up() {
    let key = |f: &Filter| attributes(f).into_iter().map(|a| a.map(|a| a.attribute_key().clone())).collect::<Vec<_>>();
    let f = Filter { access_keys: vec!["AKIA1".into()], event_names: vec!["X".into()], ..Filter::default() };
    assert_eq!(key(&f), [Some(LookupAttributeKey::AccessKeyId)]);
    let f = Filter { event_names: vec!["A".into(), "B".into()], ..Filter::default() };
    assert_eq!(key(&f), [Some(LookupAttributeKey::EventName), Some(LookupAttributeKey::EventName)]);
    let f = Filter { actors: vec!["mallory".into()], ..Filter::default() };
    assert_eq!(key(&f), [Some(LookupAttributeKey::Username)]);
    let f = Filter { actors: vec!["assumed-role/Web".into()], ..Filter::default() };
    assert_eq!(key(&f), [None], "an ARN fragment is filtered locally");
    assert_eq!(key(&Filter::default()), [None]);
}

#[tokio::test(start_paused = true)]
async fn many_accounts_are_read_side_by_side_each_at_its_own_rate_and_one_failing_stops_none() {
    // Two pages each: at one account's rate that is one interval per account; side by
    // side, one interval in all.
    let paged = |prefix: &'static str| {
        mock!(Client::lookup_events).then_compute_output(move |req| match req.next_token() {
            None => LookupEventsOutput::builder()
                .events(ct_event(&format!("{prefix}-1"), "2026-11-29T10:00:01Z", "RunInstances"))
                .next_token("page-2")
                .build(),
            Some(_) => LookupEventsOutput::builder()
                .events(ct_event(&format!("{prefix}-2"), "2026-11-29T10:00:02Z", "RunInstances"))
                .build(),
        })
    };
    let (ra, rb) = (paged("a"), paged("b"));
    let a = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&ra]);
    let b = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&rb]);
    let denied = mock!(Client::lookup_events).then_error(|| {
        aws_sdk_cloudtrail::operation::lookup_events::LookupEventsError::generic(
            aws_sdk_cloudtrail::error::ErrorMetadata::builder().code("AccessDeniedException").message("no").build(),
        )
    });
    let c_client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&denied]);
    let sources = vec![
        ("111111111111/us-east-1".to_string(), a),
        ("222222222222/us-east-1".to_string(), b),
        ("333333333333/us-east-1".to_string(), c_client),
    ];
    let mut c = Collected::new(Format::Jsonl);
    let started = tokio::time::Instant::now();
    let failed = read_lookup_many(sources, &Filter::default(), false, 4, &mut c).await;
    let elapsed = started.elapsed();
    let (lines, summary) = c.finish();
    let events: Vec<serde_json::Value> =
        lines.texts().map(|l| serde_json::from_slice(l).expect("a JSON line")).collect();
    let mut seen: Vec<(String, String)> = events
        .iter()
        .map(|e| (e["event_id"].as_str().unwrap_or("").to_string(), e["origin"].as_str().unwrap_or("").to_string()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("a-1".to_string(), "lookup-events:111111111111/us-east-1".to_string()),
            ("a-2".to_string(), "lookup-events:111111111111/us-east-1".to_string()),
            ("b-1".to_string(), "lookup-events:222222222222/us-east-1".to_string()),
            ("b-2".to_string(), "lookup-events:222222222222/us-east-1".to_string()),
        ]
    );
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "333333333333/us-east-1");
    assert!(
        summary
            .problems
            .iter()
            .any(|p| p.file == "lookup-events:333333333333/us-east-1" && p.message.contains("AccessDenied")),
        "{:?}",
        summary.problems
    );
    assert!(elapsed >= MIN_INTERVAL, "each account's second page waits for its rate: {elapsed:?}");
    assert!(elapsed < MIN_INTERVAL * 2, "the accounts are read side by side, not one after another: {elapsed:?}");
}
