//! CloudTrail log file integrity: the trail's digest files.
//!
//! Every hour CloudTrail writes a digest under `CloudTrail-Digest/` listing the SHA-256 of
//! each log file delivered (of its decompressed content). The digest is signed with
//! RSA PKCS#1 v1.5 / SHA-256; the signature (hex) is in the digest object's S3 metadata
//! `x-amz-meta-signature`, and the public key is found by the digest's
//! `digestPublicKeyFingerprint` among CloudTrail's ListPublicKeys. The string signed is
//! `digestEndTime \n digestS3Bucket/digestS3Object \n hex(sha256(digest)) \n
//! previousDigestSignature`, which chains each digest to the one before it.

use cordon_core::ops;
use std::collections::{BTreeMap, HashMap, HashSet};

use cordon_core::ActionError;
use cordon_core::action::NoCallLog;
use futures::StreamExt as _;
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::event::Filter;
use crate::layout::key_time_ms;
use crate::parse::Limits;
use crate::s3_archive::{ArchiveSource, window_keys};
use cordon_aws::body::{BodyError, collect_capped, each_chunk};
use std::io::Write;

pub use crate::digest_file::{DigestFile, LogFileEntry, parse_digest, signing_string};

/// Checks an RSA PKCS#1 v1.5 SHA-256 signature (hex) with a DER public key.
pub fn signature_valid(public_key_der: &[u8], message: &[u8], signature_hex: &str) -> bool {
    let Ok(sig) = hex::decode(signature_hex.trim()) else { return false };
    aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256, public_key_der)
        .verify(message, &sig)
        .is_ok()
}

/// What was found for one digest file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DigestResult {
    pub key: String,
    /// `valid`, `unsigned`, `bad-signature`, `unknown-key`, `misplaced` (it names
    /// another object than the one it was read from: a copy or a replay) or `unreadable`.
    pub status: String,
    /// `linked` (to the digest before it, read and matching: for the first of the window,
    /// the digest before the window, fetched to anchor it), `broken` (the previous digest's
    /// signature differs, or it is missing: inside the window or before it) or `first`
    /// (the trail's chain starts here: CloudTrail names no previous digest).
    pub chain: String,
    pub detail: Option<String>,
}

/// What was found for one log file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LogResult {
    pub key: String,
    /// `valid`, `changed`, `missing` (listed in a digest, not in the bucket) or
    /// `unsigned` (in the bucket, in no digest that covers its time).
    pub status: String,
    pub detail: Option<String>,
}

/// An hour or more of the trail no digest covers: logging stopped (an attacker's
/// `StopLogging`), or digests deleted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Gap {
    /// The digest after the gap.
    pub key: String,
    /// Where the coverage before it ends (the previous digest's end) and where it resumes.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DigestReport {
    pub digests: Vec<DigestResult>,
    pub log_files: Vec<LogResult>,
    /// Holes in the digests' coverage of time.
    pub gaps: Vec<Gap>,
    pub ok: bool,
}

impl DigestReport {
    pub fn count(&self, status: &str) -> usize {
        self.digests.iter().filter(|d| d.status == status).count()
            + self.log_files.iter().filter(|l| l.status == status).count()
    }
}

/// A digest file is a few kilobytes (an hour of one Region's log files); these caps stop
/// an object planted at a digest's key from taking the reader's memory.
const DIGEST_MAX_BYTES: u64 = 16 << 20;
const DIGEST_MAX_INFLATED: u64 = 256 << 20;

/// A digest object's body (at most [`DIGEST_MAX_BYTES`], read chunk by chunk) and its
/// signature metadata.
async fn get(s3: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Result<(Vec<u8>, Option<String>), String> {
    let uri = format!("s3://{bucket}/{key}");
    let out = s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| cordon_aws::map_sdk_error("s3:GetObject", &uri, &e).to_string())?;
    let sig = out.metadata().and_then(|m| m.get("signature")).cloned();
    let body =
        collect_capped(out.body, out.content_length, DIGEST_MAX_BYTES).await.map_err(|e| format!("{uri}: {e}"))?;
    Ok((body, sig))
}

/// A digest fetched and parsed: the file, the SHA-256 of its content, its signature.
type Fetched = (DigestFile, String, Option<String>);

async fn fetch_digest(s3: &aws_sdk_s3::Client, bucket: &str, key: &str, limits: Limits) -> Result<Fetched, String> {
    let (body, sig) = get(s3, bucket, key).await?;
    let (d, content) = parse_digest(&body, limits.max_bytes.min(DIGEST_MAX_INFLATED))?;
    Ok((d, hex::encode(Sha256::digest(&content)), sig))
}

/// SHA-256 of a log file's content (inflated if it is gzip), fed chunk by chunk: memory
/// is one chunk and the inflater's window, whatever the file's size.
enum ContentHash {
    /// Gzip is told by the first two bytes, which may arrive in separate chunks.
    Sniffing(Vec<u8>, u64),
    Gz(Box<flate2::write::MultiGzDecoder<HashInto>>),
    Plain(HashInto),
}

/// Where the content goes: hashed and counted, refused past the cap.
struct HashInto {
    sha: Sha256,
    len: u64,
    max: u64,
}

impl Write for HashInto {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.len = self.len.saturating_add(buf.len() as u64);
        if self.len > self.max {
            return Err(std::io::Error::other(format!(
                "inflates past the {}-byte limit (a decompression bomb?); the file was not used",
                self.max
            )));
        }
        self.sha.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl ContentHash {
    fn new(max: u64) -> Self {
        Self::Sniffing(Vec::new(), max)
    }

    fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        match self {
            Self::Sniffing(held, _) => {
                held.extend_from_slice(chunk);
                if held.len() >= 2 {
                    self.start()?;
                }
                Ok(())
            }
            Self::Gz(d) => d.write_all(chunk).map_err(|e| gz_message(&e)),
            Self::Plain(h) => h.write_all(chunk).map_err(|e| gz_message(&e)),
        }
    }

    /// Leaves sniffing: the bytes held go to the inflater or straight to the hash.
    fn start(&mut self) -> Result<(), String> {
        let Self::Sniffing(held, max) = self else { return Ok(()) };
        let (held, into) = (std::mem::take(held), HashInto { sha: Sha256::new(), len: 0, max: *max });
        *self = if held.starts_with(&[0x1f, 0x8b]) {
            Self::Gz(Box::new(flate2::write::MultiGzDecoder::new(into)))
        } else {
            Self::Plain(into)
        };
        self.push(&held)
    }

    fn finish(mut self) -> Result<String, String> {
        self.start()?;
        let into = match self {
            Self::Gz(d) => d.finish().map_err(|e| gz_message(&e))?,
            Self::Plain(h) => h,
            Self::Sniffing(..) => return Err("not read".into()),
        };
        Ok(hex::encode(into.sha.finalize()))
    }
}

fn gz_message(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::Other { e.to_string() } else { format!("gzip: {e} (truncated or corrupt)") }
}

/// The public keys valid in the window, by fingerprint.
async fn public_keys(
    ct: &aws_sdk_cloudtrail::Client,
    filter: &Filter,
) -> Result<HashMap<String, Vec<u8>>, ActionError> {
    let to_time = aws_smithy_types::DateTime::from_millis;
    let mut keys = HashMap::new();
    let mut token = None;
    loop {
        let req = ct
            .list_public_keys()
            .set_start_time(filter.start_ms.map(to_time))
            .set_end_time(filter.end_ms.map(|e| to_time(e.saturating_add(2 * 3_600_000))))
            .set_next_token(token.take());
        let out =
            cordon_aws::call(&NoCallLog, ops::cloudtrail::LIST_PUBLIC_KEYS, "digest public keys", req.send()).await?;
        for k in out.public_key_list() {
            if let (Some(f), Some(v)) = (k.fingerprint(), k.value()) {
                keys.insert(f.to_ascii_lowercase(), v.as_ref().to_vec());
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(keys)
}

/// Whether two RFC 3339 times are the same instant.
fn same_instant(a: &str, b: &str) -> bool {
    match (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Whether two digest keys belong to the same account and Region's chain (the same
/// folder up to the Region, under `CloudTrail-Digest/`).
fn same_stream(a: &str, b: &str) -> bool {
    let stream = |k: &str| {
        k.split_once("/CloudTrail-Digest/")
            .map(|(base, rest)| (base.to_string(), rest.split('/').next().unwrap_or_default().to_string()))
    };
    stream(a).is_some() && stream(a) == stream(b)
}

/// The digest before the window, fetched to anchor the window's first: its signature
/// (from its metadata), once its own signature checks out under CloudTrail's keys.
async fn anchor(
    s3: &aws_sdk_s3::Client,
    keys: &HashMap<String, Vec<u8>>,
    bucket: &str,
    key: &str,
    limits: Limits,
) -> Result<Option<String>, String> {
    let (d, sha, sig) = fetch_digest(s3, bucket, key, limits).await?;
    let fp = d.digest_public_key_fingerprint.as_deref().map(str::to_ascii_lowercase).unwrap_or_default();
    match (&sig, keys.get(&fp)) {
        (Some(s), Some(pk))
            if d.digest_s3_object == key && signature_valid(pk, signing_string(&d, &sha).as_bytes(), s) =>
        {
            Ok(sig)
        }
        _ => Err("its own signature does not check out".into()),
    }
}

/// Fetches one log file a digest lists and compares its hash with the digest's, hashing
/// it as it arrives (never held whole).
async fn check_log(s3: &aws_sdk_s3::Client, lf: &LogFileEntry, limits: Limits) -> LogResult {
    let result =
        |status: &str, detail: Option<String>| LogResult { key: lf.s3_object.clone(), status: status.into(), detail };
    let uri = format!("s3://{}/{}", lf.s3_bucket, lf.s3_object);
    let out = match s3.get_object().bucket(&lf.s3_bucket).key(&lf.s3_object).send().await {
        Ok(out) => out,
        Err(e) => {
            let e = cordon_aws::map_sdk_error("s3:GetObject", &uri, &e).to_string();
            let missing = e.contains("NoSuchKey") || e.contains("Not Found") || e.contains("404");
            return result(if missing { "missing" } else { "unreadable" }, Some(e));
        }
    };
    let mut hash = ContentHash::new(limits.max_bytes);
    match each_chunk(out.body, out.content_length, limits.max_bytes, |c| hash.push(c)).await {
        Ok(_) => {}
        Err(BodyError::Read(e)) => return result("unreadable", Some(format!("{uri}: reading the body: {e}"))),
        Err(e) => return result("changed", Some(e.to_string())),
    }
    match hash.finish() {
        Err(e) => result("changed", Some(e)),
        Ok(sha) if sha.eq_ignore_ascii_case(&lf.hash_value) => result("valid", None),
        Ok(sha) => result("changed", Some(format!("sha256 {sha}, digest says {}", lf.hash_value))),
    }
}

/// Verifies the digests covering the filter's window, the log files they list, the chain
/// between them, and finds log files no digest covers. `progress` is told (what is being
/// fetched, how many are done, how many there are) as each digest and log file arrives.
pub async fn verify_digests(
    s3: &aws_sdk_s3::Client,
    ct: &aws_sdk_cloudtrail::Client,
    src: &ArchiveSource,
    filter: &Filter,
    limits: Limits,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<DigestReport, ActionError> {
    // Digests are hourly and delivered late: read an extra hour past the window.
    let digest_window = Filter { end_ms: filter.end_ms.map(|e| e.saturating_add(3_600_000)), ..filter.clone() };
    let digest_keys = window_keys(s3, src, "CloudTrail-Digest", &digest_window).await?;
    let log_keys = window_keys(s3, src, "CloudTrail", filter).await?;
    let keys = public_keys(ct, filter).await?;
    let mut report = DigestReport::default();
    // By digest object key: (its signature, what it names as previous, its signature status).
    let mut signatures: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut digests = Vec::new();
    let mut covered: HashSet<String> = HashSet::new();
    let mut span: Option<(i64, i64)> = None;
    // Fetched concurrently, checked in key order.
    let concurrency = src.concurrency.max(1);
    let total = digest_keys.len() as u64;
    // Parsed as they arrive: only the parsed digests are kept, not their bodies.
    let fetched: Vec<_> = futures::stream::iter(&digest_keys)
        .map(|key| async move { (key, fetch_digest(s3, &src.bucket, key, limits).await) })
        .buffered(concurrency)
        .enumerate()
        .map(|(n, got)| {
            progress("digest files", n as u64 + 1, total);
            got
        })
        .collect()
        .await;
    for (key, got) in fetched {
        let fail = |status: &str, detail: String| DigestResult {
            key: key.clone(),
            status: status.into(),
            chain: "first".into(),
            detail: Some(detail),
        };
        let (d, sha, sig) = match got {
            Ok(x) => x,
            Err(e) => {
                report.digests.push(fail("unreadable", e));
                continue;
            }
        };
        let (mut status, mut detail) =
            match (&sig, d.digest_public_key_fingerprint.as_ref().map(|f| f.to_ascii_lowercase())) {
                (None, _) => ("unsigned", Some("no x-amz-meta-signature on the object".to_string())),
                (Some(_), None) => ("unknown-key", Some("no digestPublicKeyFingerprint".to_string())),
                (Some(s), Some(fp)) => match keys.get(&fp) {
                    None => ("unknown-key", Some(format!("no CloudTrail public key with fingerprint {fp}"))),
                    Some(pk) if signature_valid(pk, signing_string(&d, &sha).as_bytes(), s) => ("valid", None),
                    Some(_) => ("bad-signature", Some("the signature does not match the digest".to_string())),
                },
            };
        // A digest signs the key it was written to: read from any other, it is a copy put
        // there to stand in for one (a replay), whatever its signature.
        if d.digest_s3_object != *key || d.digest_s3_bucket != src.bucket {
            status = "misplaced";
            detail = Some(format!(
                "it names s3://{}/{} but was read from s3://{}/{key}",
                d.digest_s3_bucket, d.digest_s3_object, src.bucket
            ));
        }
        if let (Some(a), Some(b)) = (
            d.digest_start_time.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok()),
            d.digest_end_time.parse::<jiff::Timestamp>().ok(),
        ) {
            let (a, b) = (a.as_millisecond(), b.as_millisecond());
            span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
        signatures.insert(key.clone(), sig.clone());
        digests.push((key.clone(), d, status, detail));
    }
    let window_start = digest_window.start_ms.unwrap_or(i64::MIN);
    let by_key: HashMap<&str, &DigestFile> = digests.iter().map(|(k, d, _, _)| (k.as_str(), d)).collect();
    for (key, d, status, detail) in &digests {
        let mut detail = detail.clone();
        let chain = match &d.previous_digest_s3_object {
            None => "first",
            Some(prev) => match signatures.get(prev) {
                Some(prev_sig) if prev_sig.as_deref() == d.previous_digest_signature.as_deref() => "linked",
                Some(_) => "broken",
                // Its predecessor is not among those read: inside the window it is missing (a
                // hole in the chain, not a new start); before the window it is fetched, and
                // anchors this one when its signature is the one this digest names.
                None if key_time_ms(prev).is_some_and(|t| t >= window_start) => {
                    detail = Some(format!("the previous digest {prev} is missing from the bucket"));
                    "broken"
                }
                None => match anchor(s3, &keys, &src.bucket, prev, limits).await {
                    Ok(sig) if sig.as_deref() == d.previous_digest_signature.as_deref() => "linked",
                    Ok(_) => {
                        detail = Some(format!("the digest before the window, {prev}, is not the one this one names"));
                        "broken"
                    }
                    Err(e) => {
                        detail = Some(format!("the digest before the window, {prev}: {e}"));
                        "broken"
                    }
                },
            },
        };
        // Coverage: a digest starts where the one before it ended.
        if let Some(prev) = d.previous_digest_s3_object.as_deref().and_then(|p| by_key.get(p))
            && let Some(start) = &d.digest_start_time
            && !same_instant(&prev.digest_end_time, start)
        {
            report.gaps.push(Gap { key: key.clone(), from: prev.digest_end_time.clone(), to: start.clone() });
        }
        report.digests.push(DigestResult { key: key.clone(), status: status.to_string(), chain: chain.into(), detail });
        covered.extend(d.log_files.iter().map(|lf| lf.s3_object.clone()));
    }
    let listed = digests.iter().flat_map(|(_, d, _, _)| &d.log_files);
    let total = digests.iter().map(|(_, d, _, _)| d.log_files.len() as u64).sum();
    let checked: Vec<LogResult> = futures::stream::iter(listed)
        .map(|lf| check_log(s3, lf, limits))
        .buffered(concurrency)
        .enumerate()
        .map(|(n, r)| {
            progress("log files", n as u64 + 1, total);
            r
        })
        .collect()
        .await;
    report.log_files.extend(checked);
    if let Some((first, last)) = span {
        for k in log_keys.iter().filter(|k| !covered.contains(*k)) {
            if key_time_ms(k).is_some_and(|t| t >= first && t <= last) {
                report.log_files.push(LogResult {
                    key: k.clone(),
                    status: "unsigned".into(),
                    detail: Some("in the bucket, but in no digest covering its time".into()),
                });
            }
        }
    }
    // A chain that starts again inside the window: the trail stopped and started.
    let mut starts: Vec<(&String, &DigestFile)> = digests
        .iter()
        .filter(|(_, d, _, _)| d.previous_digest_s3_object.is_none())
        .map(|(k, d, _, _)| (k, d))
        .collect();
    starts.retain(|(k, d)| {
        digests.iter().any(|(other, o, _, _)| {
            same_stream(other, k)
                && o.digest_end_time.parse::<jiff::Timestamp>().ok() < d.digest_end_time.parse::<jiff::Timestamp>().ok()
        })
    });
    for (k, d) in starts {
        let from = digests
            .iter()
            .filter(|(other, o, _, _)| same_stream(other, k) && o.digest_end_time < d.digest_end_time)
            .map(|(_, o, _, _)| o.digest_end_time.clone())
            .max()
            .unwrap_or_default();
        report.gaps.push(Gap { key: k.clone(), from, to: d.digest_start_time.clone().unwrap_or_default() });
    }
    report.ok = !report.digests.is_empty()
        && report.gaps.is_empty()
        && report.digests.iter().all(|d| d.status == "valid" && d.chain != "broken")
        && report.log_files.iter().all(|l| l.status == "valid");
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    fn hash_in_chunks(data: &[u8], chunk: usize, max: u64) -> Result<String, String> {
        let mut h = ContentHash::new(max);
        for c in data.chunks(chunk) {
            h.push(c)?;
        }
        h.finish()
    }

    #[test]
    fn hashes_the_inflated_content_whatever_the_chunks() {
        let content = br#"{"Records":[{"eventID":"1"}]}"#.repeat(50);
        let want = hex::encode(Sha256::digest(&content));
        for chunk in [1, 2, 3, 64, 1 << 20] {
            assert_eq!(hash_in_chunks(&gz(&content), chunk, 1 << 20), Ok(want.clone()), "gzip in chunks of {chunk}");
            assert_eq!(hash_in_chunks(&content, chunk, 1 << 20), Ok(want.clone()), "plain in chunks of {chunk}");
        }
        assert_eq!(hash_in_chunks(b"", 1, 10), Ok(hex::encode(Sha256::digest(b""))));
        assert_eq!(hash_in_chunks(b"x", 1, 10), Ok(hex::encode(Sha256::digest(b"x"))));
    }

    #[test]
    fn a_truncated_or_inflating_file_is_refused() {
        let content = vec![b'a'; 100_000];
        let packed = gz(&content);
        let cut = hash_in_chunks(&packed[..packed.len() / 2], 7, 1 << 20);
        assert!(cut.as_ref().is_err_and(|e| e.starts_with("gzip:")), "{cut:?}");
        let bomb = hash_in_chunks(&packed, 4096, 1000);
        assert!(bomb.as_ref().is_err_and(|e| e.contains("1000-byte limit")), "{bomb:?}");
    }
}
