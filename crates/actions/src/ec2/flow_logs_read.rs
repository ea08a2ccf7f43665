//! Reading VPC Flow Logs records where flow logs deliver them, for `ec2.collect_flow_logs`
//! (not an action): CloudWatch Logs streams and the S3 layout
//! `PREFIX/AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/..._FLOWLOGID_YYYYMMDDTHHMMZ_HASH.log.gz`.

use std::io::Write as _;

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::StepContext;
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ops;
use cordon_timeline::Filter;
use cordon_timeline::s3_archive::{ArchiveSource, window_objects};
use serde_json::json;

/// Every event of the interfaces' streams in `[start, end]` (one FilterLogEvents query per
/// interface, paginated), written to one JSON Lines artifact as it arrives.
pub(crate) async fn from_cloudwatch(
    aws: &Aws,
    ctx: &StepContext<'_>,
    group: &str,
    interfaces: &[String],
    (start, end): (i64, i64),
    source: &str,
    format: &str,
) -> Result<(ArtifactRecord, u64), ActionError> {
    let name = format!("flow-logs-{}.jsonl", group.trim_start_matches('/').replace('/', "_"));
    let mut w =
        ctx.begin_artifact(ArtifactMeta { name, source: source.to_string(), media_type: "application/x-ndjson" })?;
    let mut events = 0u64;
    for eni in interfaces {
        let mut pages = aws
            .logs
            .filter_log_events()
            .log_group_name(group)
            .log_stream_name_prefix(eni)
            .start_time(start)
            .end_time(end)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = cordon_aws::call(
                ctx,
                ops::logs::FILTER_LOG_EVENTS,
                &format!("{group} {eni}"),
                std::future::ready(page),
            )
            .await?;
            let mut lines = Vec::new();
            // Checked here as well as asked of the service: only this interface's
            // streams, only the window (an emulator, or a service answering loosely, would
            // otherwise put another interface's records, or one record twice, in the case).
            let wanted = page.events().iter().filter(|e| {
                e.log_stream_name().is_some_and(|s| s.starts_with(eni.as_str()))
                    && e.timestamp().is_some_and(|t| (start..=end).contains(&t))
            });
            for e in wanted {
                let line = json!({
                    "timestamp": e.timestamp(),
                    "ingestion_time": e.ingestion_time(),
                    "stream": e.log_stream_name(),
                    "message": e.message(),
                    "format": format,
                });
                let _ = writeln!(lines, "{line}");
                events += 1;
            }
            w.write(&lines)?;
        }
    }
    Ok((w.finish()?, events))
}

/// The flow log's files in the window under its S3 destination
/// (`arn:aws:s3:::bucket[/prefix]`), copied as they are. Returns the artifacts (those an
/// interrupted attempt stored included) and the objects skipped, if any, with why.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn from_s3(
    aws: &Aws,
    ctx: &StepContext<'_>,
    destination: &str,
    flow_log_id: &str,
    start: i64,
    end: i64,
    max: u64,
    done: &[ArtifactRecord],
) -> Result<(Vec<ArtifactRecord>, Option<String>), ActionError> {
    let Some(rest) = destination.strip_prefix("arn:aws:s3:::") else {
        return Ok((Vec::new(), Some(format!("{destination} is not an S3 bucket ARN"))));
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let prefix = prefix.trim_matches('/');
    let src = ArchiveSource {
        bucket: bucket.to_string(),
        prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}/") },
        accounts: Vec::new(),
        regions: Vec::new(),
        concurrency: 8,
    };
    let filter = Filter { start_ms: Some(start), end_ms: Some(end), ..Filter::default() };
    let objects = window_objects(&aws.s3, &src, "vpcflowlogs", &filter).await?;
    let mine = format!("_{flow_log_id}_");
    let (mut artifacts, mut skipped) = (Vec::new(), Vec::new());
    for (key, size) in objects.into_iter().filter(|(k, _)| k.rsplit('/').next().is_some_and(|n| n.contains(&mine))) {
        let uri = format!("s3://{bucket}/{key}");
        if let Some(a) = done.iter().find(|a| a.source == uri) {
            artifacts.push(a.clone());
            continue;
        }
        match crate::s3::common::copy_object(aws, ctx, bucket, &key, size, max, "application/gzip").await? {
            Ok(record) => artifacts.push(record),
            Err(reason) => skipped.push(format!("{uri}: {reason}")),
        }
    }
    let skipped = (!skipped.is_empty()).then(|| skipped.join("; "));
    Ok((artifacts, skipped))
}
