//! CloudTrail LookupEvents: management events of the last 90 days, one lookup attribute
//! per call, 50 events a page, about 2 requests per second per account and Region.
//!
//! The attribute is chosen from the filter (the most selective one it has); several
//! values of that kind are looked up one after another. Requests are spaced to the
//! API's rate so a long lookup is not throttled into failure.

use cordon_core::ops;
use std::time::Duration;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use cordon_core::ActionError;
use cordon_core::action::NoCallLog;

use crate::event::Filter;
use crate::merge::Collected;
use crate::parse::{FileOutcome, parse_texts};

/// The API's documented rate: about 2 requests per second.
pub const MIN_INTERVAL: Duration = Duration::from_millis(500);

/// The lookup attributes for a filter: one per value of its most selective criterion,
/// or none (everything in the window).
pub fn attributes(filter: &Filter) -> Vec<Option<LookupAttribute>> {
    let pick = |key: LookupAttributeKey, values: &[String]| -> Vec<Option<LookupAttribute>> {
        values
            .iter()
            .filter_map(|v| LookupAttribute::builder().attribute_key(key.clone()).attribute_value(v).build().ok())
            .map(Some)
            .collect()
    };
    if !filter.access_keys.is_empty() {
        pick(LookupAttributeKey::AccessKeyId, &filter.access_keys)
    } else if !filter.event_names.is_empty() {
        pick(LookupAttributeKey::EventName, &filter.event_names)
    } else if !filter.resources.is_empty() {
        pick(LookupAttributeKey::ResourceName, &filter.resources)
    } else if filter.actors.iter().all(|a| !a.contains('/') && !a.contains(':')) && !filter.actors.is_empty() {
        // A bare name is a user name; an ARN fragment is filtered locally instead.
        pick(LookupAttributeKey::Username, &filter.actors)
    } else {
        vec![None]
    }
}

/// Reads LookupEvents for the filter's window into `into`, paginated and rate limited.
pub async fn read_lookup(
    client: &aws_sdk_cloudtrail::Client,
    filter: &Filter,
    keep_raw: bool,
    into: &mut Collected,
) -> Result<(), ActionError> {
    let (pages, failed) = pages(client, "lookup-events", filter, keep_raw).await;
    for out in pages {
        into.add_events(out.inflated_bytes, out);
    }
    failed.map_or(Ok(()), Err)
}

/// LookupEvents of many accounts and Regions (one client each, labelled
/// `<account>/<region>`): up to `concurrency` read at once, each at the API's rate of its
/// own account and Region. Each event's origin names its source
/// (`lookup-events:<label>`). A source that fails is reported as a problem of the
/// timeline (and returned) and does not stop the others; what it read before failing is
/// kept.
pub async fn read_lookup_many(
    sources: Vec<(String, aws_sdk_cloudtrail::Client)>,
    filter: &Filter,
    keep_raw: bool,
    concurrency: usize,
    into: &mut Collected,
) -> Vec<(String, ActionError)> {
    use futures::StreamExt;
    let mut read: Vec<(String, Vec<FileOutcome>, Option<ActionError>)> = futures::stream::iter(sources)
        .map(|(label, client)| async move {
            let (pages, failed) = pages(&client, &format!("lookup-events:{label}"), filter, keep_raw).await;
            (label, pages, failed)
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    read.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures = Vec::new();
    for (label, pages, failed) in read {
        for out in pages {
            into.add_events(out.inflated_bytes, out);
        }
        if let Some(e) = failed {
            into.problem(format!("lookup-events:{label}"), e.to_string());
            failures.push((label, e));
        }
    }
    failures
}

/// Every page of one client's lookups, parsed, and the error that stopped them, if any.
async fn pages(
    client: &aws_sdk_cloudtrail::Client,
    origin: &str,
    filter: &Filter,
    keep_raw: bool,
) -> (Vec<FileOutcome>, Option<ActionError>) {
    let mut ticker = tokio::time::interval(MIN_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let to_time = |ms: i64| aws_smithy_types::DateTime::from_millis(ms);
    let mut pages = Vec::new();
    for attr in attributes(filter) {
        let mut token: Option<String> = None;
        loop {
            ticker.tick().await;
            let req = client
                .lookup_events()
                .set_lookup_attributes(attr.clone().map(|a| vec![a]))
                .set_start_time(filter.start_ms.map(to_time))
                .set_end_time(filter.end_ms.map(to_time))
                .max_results(50)
                .set_next_token(token.take());
            let subject = attr.as_ref().map(|a| a.attribute_value().to_string()).unwrap_or_else(|| "all events".into());
            let page = match cordon_aws::call(&NoCallLog, ops::cloudtrail::LOOKUP_EVENTS, &subject, req.send()).await {
                Ok(p) => p,
                Err(e) => return (pages, Some(e)),
            };
            pages.push(parse_texts(origin, page.events().iter().map(|e| e.cloud_trail_event()), filter, keep_raw));
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
    }
    (pages, None)
}
