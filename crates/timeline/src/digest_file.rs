//! A CloudTrail digest file as read: its fields and the string CloudTrail signs. Pure (no
//! AWS SDK): the fuzz target and the property tests read digests through it.

use serde::Deserialize;

/// The fields of a digest file that are checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestFile {
    pub digest_start_time: Option<String>,
    pub digest_end_time: String,
    #[serde(rename = "digestS3Bucket")]
    pub digest_s3_bucket: String,
    #[serde(rename = "digestS3Object")]
    pub digest_s3_object: String,
    #[serde(default)]
    pub previous_digest_signature: Option<String>,
    #[serde(rename = "previousDigestS3Object", default)]
    pub previous_digest_s3_object: Option<String>,
    #[serde(default)]
    pub digest_public_key_fingerprint: Option<String>,
    #[serde(default)]
    pub log_files: Vec<LogFileEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogFileEntry {
    #[serde(rename = "s3Bucket")]
    pub s3_bucket: String,
    #[serde(rename = "s3Object")]
    pub s3_object: String,
    pub hash_value: String,
}

/// The string CloudTrail signs for a digest whose decompressed content hashes to `sha256_hex`.
pub fn signing_string(d: &DigestFile, sha256_hex: &str) -> String {
    format!(
        "{}\n{}/{}\n{}\n{}",
        d.digest_end_time,
        d.digest_s3_bucket,
        d.digest_s3_object,
        sha256_hex,
        d.previous_digest_signature.as_deref().unwrap_or("null")
    )
}

/// A digest object's bytes (gzip or plain) read as a digest file: never more than `max`
/// bytes inflated; any problem is an error naming it, never a panic.
pub fn parse_digest(body: &[u8], max: u64) -> Result<(DigestFile, Vec<u8>), String> {
    let (content, err) = crate::parse::inflate(body, max);
    if let Some(e) = err {
        return Err(e);
    }
    let d = serde_json::from_slice::<DigestFile>(&content).map_err(|e| format!("not a digest file: {e}"))?;
    Ok((d, content.into_owned()))
}
