//! The trail's S3 archive: only the day folders and files whose delivery time can hold
//! events in the window are listed and read.
//!
//! The layout and the delivery-stamp rules are in [`crate::layout`].

use std::sync::Arc;

use cordon_core::ActionError;
use cordon_core::action::NoCallLog;
use futures::StreamExt;

use crate::budget::Budget;
use crate::event::Filter;
pub use crate::layout::day_folders;
use crate::layout::key_in_window;
use crate::lines::Encoder;
use crate::merge::{Collected, Parsed};
use crate::output::Format;
use crate::parse::{Limits, NeedsMore, parse_file_with, parse_file_within};
use cordon_aws::body::{BodyError, collect_capped};

/// `s3://bucket/prefix` split, the prefix normalized to end with `/` (or be empty).
pub fn parse_s3_uri(uri: &str) -> Option<(String, String)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return None;
    }
    let mut prefix = prefix.trim_start_matches('/').to_string();
    if let Some(i) = prefix.find("AWSLogs/") {
        prefix.truncate(i);
    }
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Some((bucket.to_string(), prefix))
}

/// Where to read from and how.
#[derive(Debug, Clone)]
pub struct ArchiveSource {
    pub bucket: String,
    /// The trail's prefix, ending with `/` or empty.
    pub prefix: String,
    /// Accounts to read (default: every account folder found).
    pub accounts: Vec<String>,
    /// Regions to read (default: every Region folder found).
    pub regions: Vec<String>,
    /// Objects fetched at once.
    pub concurrency: usize,
}

/// One listing, paginated: the keys with their sizes and (with `delimited`) the common
/// prefixes under `prefix`.
async fn list(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
    delimited: bool,
) -> Result<(Vec<(String, u64)>, Vec<String>), ActionError> {
    let (mut keys, mut prefixes) = (Vec::new(), Vec::new());
    let req = s3.list_objects_v2().bucket(bucket).prefix(prefix).set_delimiter(delimited.then(|| "/".to_string()));
    let mut pages = req.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = cordon_aws::call(
            &NoCallLog,
            cordon_core::ops::s3::LIST_BUCKET,
            &format!("s3://{bucket}/{prefix}"),
            std::future::ready(page),
        )
        .await?;
        let size = |o: &aws_sdk_s3::types::Object| o.size().and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        keys.extend(page.contents().iter().filter_map(|o| o.key().map(|k| (k.to_string(), size(o)))));
        prefixes.extend(page.common_prefixes().iter().filter_map(|p| p.prefix().map(str::to_string)));
    }
    Ok((keys, prefixes))
}

async fn list_common_prefixes(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str) -> Result<Vec<String>, ActionError> {
    Ok(list(s3, bucket, prefix, true).await?.1)
}

async fn list_keys(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str) -> Result<Vec<(String, u64)>, ActionError> {
    Ok(list(s3, bucket, prefix, false).await?.0)
}

fn last_segment(prefix: &str) -> &str {
    prefix.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// The `.../CloudTrail/` (or `CloudTrail-Digest/`) folders of the accounts to read.
pub(crate) async fn account_folders(
    s3: &aws_sdk_s3::Client,
    src: &ArchiveSource,
    kind: &str,
) -> Result<Vec<(String, String)>, ActionError> {
    let root = format!("{}AWSLogs/", src.prefix);
    let mut accounts = Vec::new();
    for p in list_common_prefixes(s3, &src.bucket, &root).await? {
        let seg = last_segment(&p).to_string();
        if seg.starts_with("o-") {
            for q in list_common_prefixes(s3, &src.bucket, &p).await? {
                accounts.push((last_segment(&q).to_string(), q));
            }
        } else {
            accounts.push((seg, p));
        }
    }
    accounts.retain(|(a, _)| src.accounts.is_empty() || src.accounts.contains(a));
    Ok(accounts.into_iter().map(|(a, p)| (a, format!("{p}{kind}/"))).collect())
}

/// The archive's accounts and Regions: those `src` names, else the folders found.
pub async fn folders(s3: &aws_sdk_s3::Client, src: &ArchiveSource) -> Result<(Vec<String>, Vec<String>), ActionError> {
    if !src.accounts.is_empty() && !src.regions.is_empty() {
        return Ok((src.accounts.clone(), src.regions.clone()));
    }
    let found = account_folders(s3, src, "CloudTrail").await?;
    let mut regions = std::collections::BTreeSet::new();
    if src.regions.is_empty() {
        for (_, folder) in &found {
            for r in list_common_prefixes(s3, &src.bucket, folder).await? {
                regions.insert(last_segment(&r).to_string());
            }
        }
    }
    let regions = if src.regions.is_empty() { regions.into_iter().collect() } else { src.regions.clone() };
    Ok((found.into_iter().map(|(a, _)| a).collect(), regions))
}

/// The keys under the chosen accounts and Regions that can hold events in the window
/// (`kind`: `CloudTrail` for log files, `CloudTrail-Digest` for digests), sorted.
pub async fn window_keys(
    s3: &aws_sdk_s3::Client,
    src: &ArchiveSource,
    kind: &str,
    filter: &Filter,
) -> Result<Vec<String>, ActionError> {
    Ok(window_objects(s3, src, kind, filter).await?.into_iter().map(|(k, _)| k).collect())
}

/// [`window_keys`] with each object's size as listed.
pub async fn window_objects(
    s3: &aws_sdk_s3::Client,
    src: &ArchiveSource,
    kind: &str,
    filter: &Filter,
) -> Result<Vec<(String, u64)>, ActionError> {
    let mut keys = day_objects(s3, src, kind, filter).await?;
    keys.retain(|(k, _)| key_in_window(k, filter));
    Ok(keys)
}

/// Every object in the day folders of the window (whole days: what a query over a table
/// partitioned by day scans), under the chosen accounts and Regions, sorted.
pub async fn day_objects(
    s3: &aws_sdk_s3::Client,
    src: &ArchiveSource,
    kind: &str,
    filter: &Filter,
) -> Result<Vec<(String, u64)>, ActionError> {
    let mut region_folders = Vec::new();
    for (_, folder) in account_folders(s3, src, kind).await? {
        for r in list_common_prefixes(s3, &src.bucket, &folder).await? {
            if src.regions.is_empty() || src.regions.iter().any(|x| x == last_segment(&r)) {
                region_folders.push(r);
            }
        }
    }
    let prefixes: Vec<String> = match (filter.start_ms, filter.end_ms) {
        (Some(s), Some(e)) => {
            region_folders.iter().flat_map(|r| day_folders(s, e).into_iter().map(move |d| format!("{r}{d}"))).collect()
        }
        _ => region_folders,
    };
    let listed = futures::stream::iter(prefixes)
        .map(|p| async move { list_keys(s3, &src.bucket, &p).await })
        .buffer_unordered(src.concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    let mut keys = Vec::new();
    for l in listed {
        keys.extend(l?);
    }
    keys.sort();
    Ok(keys)
}

/// Reads the archive's log files for the window into `into`. Listing errors are fatal
/// (the archive cannot be read); a file that cannot be fetched is reported and skipped.
/// `progress` is told (files done, files to read) as each file is done.
///
/// Memory: each object is fetched under a reservation of `limits.max_memory`
/// ([`Budget`]) sized from its listed size, read chunk by chunk and never past that size.
pub async fn read_archive(
    s3: &aws_sdk_s3::Client,
    src: &ArchiveSource,
    limits: Limits,
    filter: Arc<Filter>,
    keep_raw: bool,
    into: &mut Collected,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), ActionError> {
    let objects = window_objects(s3, src, "CloudTrail", &filter).await?;
    let (total, mut done) = (objects.len() as u64, 0);
    let budget = Budget::new(limits.max_memory);
    let reader = ObjectReader { s3: s3.clone(), bucket: src.bucket.clone(), limits, filter, keep_raw, budget };
    let format = into.format;
    let mut results = futures::stream::iter(objects)
        .map(|(key, size)| {
            let reader = &reader;
            async move {
                let uri = format!("s3://{}/{key}", reader.bucket);
                reader.read(&key, size, format).await.map_err(|m| (uri, m))
            }
        })
        .buffer_unordered(src.concurrency.max(1));
    while let Some(r) = results.next().await {
        match r {
            Ok((n, out, buf)) => into.add(n, out, buf),
            Err((file, message)) => {
                into.summary.files += 1;
                into.problem(file, message);
            }
        }
        done += 1;
        progress(done, total);
    }
    Ok(())
}

struct ObjectReader {
    s3: aws_sdk_s3::Client,
    bucket: String,
    limits: Limits,
    filter: Arc<Filter>,
    keep_raw: bool,
    budget: Arc<Budget>,
}

impl ObjectReader {
    /// One object: refused past the limits by its listed size, else fetched and parsed
    /// under a reservation of its size and a guess at its inflated size, and fetched
    /// again under the largest reservation if it inflates past the guess.
    async fn read(&self, key: &str, size: u64, format: Format) -> Result<Parsed, String> {
        let max = self.limits.max_bytes;
        if size > max {
            return Err(format!("{size} bytes is past the {max}-byte limit; the object was not read"));
        }
        if size > self.budget.total() {
            let limit = self.budget.total();
            return Err(format!("{size} bytes is past the {limit}-byte memory limit; the object was not read"));
        }
        let uri = format!("s3://{}/{key}", self.bucket);
        let mut want = Budget::first_guess(size, max);
        loop {
            let budget = self.budget.clone();
            let held = tokio::task::spawn_blocking(move || budget.reserve(want))
                .await
                .map_err(|e| format!("reserving memory: {e}"))?;
            let (cap, largest) = self.budget.inflate_caps(size, held.bytes(), max);
            let out = self.s3.get_object().bucket(&self.bucket).key(key).send().await;
            let out = out.map_err(|e| cordon_aws::map_sdk_error("s3:GetObject", &uri, &e).to_string())?;
            // Never past the listed size: an object replaced by a larger one since the
            // listing is refused, not read into memory nobody reserved.
            let bytes = collect_capped(out.body, out.content_length, size).await.map_err(|e| match e {
                BodyError::Declared { .. } | BodyError::Sent { .. } => {
                    format!("larger than the {size} bytes listed (changed since?): {e}; the object was not used")
                }
                e => e.to_string(),
            })?;
            let (name, limits, filter, keep_raw) = (uri.clone(), self.limits, self.filter.clone(), self.keep_raw);
            let parsed = tokio::task::spawn_blocking(move || {
                let mut enc = Encoder::new(format);
                let out = match parse_file_within(&name, &bytes, &limits, cap, &filter, keep_raw, &mut |e| enc.push(&e))
                {
                    Err(NeedsMore) if cap >= largest => {
                        let limits = Limits { max_bytes: largest, ..limits };
                        Ok(parse_file_with(&name, &bytes, &limits, &filter, keep_raw, &mut |e| enc.push(&e)))
                    }
                    other => other,
                };
                out.map(|out| (bytes.len() as u64, out, enc.into_buf()))
            })
            .await
            .map_err(|e| format!("parser task failed: {e}"))?;
            drop(held);
            match parsed {
                Ok(done) => return Ok(done),
                Err(NeedsMore) => want = size.saturating_add(largest),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).unwrap_or(i64::MIN)
    }

    #[test]
    fn uri() {
        assert_eq!(parse_s3_uri("s3://trail-bucket"), Some(("trail-bucket".into(), "".into())));
        assert_eq!(parse_s3_uri("s3://b/org/trail"), Some(("b".into(), "org/trail/".into())));
        assert_eq!(parse_s3_uri("s3://b/p/AWSLogs/123/CloudTrail/"), Some(("b".into(), "p/".into())));
        assert_eq!(parse_s3_uri("https://b"), None);
    }

    #[test]
    fn window_selects_days() {
        let f = Filter {
            start_ms: Some(ms("2026-11-29T23:50:00Z")),
            end_ms: Some(ms("2026-11-30T00:10:00Z")),
            ..Default::default()
        };
        assert_eq!(day_folders(f.start_ms.unwrap_or(0), f.end_ms.unwrap_or(0)), ["2026/11/29/", "2026/11/30/"]);
    }
}
