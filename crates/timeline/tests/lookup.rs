//! LookupEvents against a mocked CloudTrail client (the emulator does not serve it):
//! pagination, the lookup attribute chosen from the filter, the window, and the rate.

use std::sync::{Arc, Mutex};

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput;
use aws_sdk_cloudtrail::types::{Event, LookupAttributeKey};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_timeline::lookup::{MIN_INTERVAL, attributes, read_lookup};
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
