//! Reads moto's request recording (one JSON object per request) to prove what a
//! command sent — e.g. that `cordon plan` sent no mutating request.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
struct RawEntry {
    headers: std::collections::HashMap<String, String>,
    method: String,
    url: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_encoded: bool,
}

/// One request the emulator received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// The Query-protocol `Action` (EC2, IAM, STS…) or the JSON `X-Amz-Target`; empty for REST (S3).
    pub action: String,
    pub access_key: String,
    /// The request's body as text (form parameters for the Query protocols).
    pub body: String,
}

impl Request {
    /// Whether the request can change state: anything but Describe/Get/List/Lookup
    /// calls and GET/HEAD on REST services.
    pub fn is_mutating(&self) -> bool {
        if self.action.is_empty() {
            return !matches!(self.method.as_str(), "GET" | "HEAD");
        }
        let op = self.action.rsplit('.').next().unwrap_or(&self.action);
        !["Describe", "Get", "List", "Lookup"].iter().any(|p| op.starts_with(p))
    }
}

/// Every recorded request signed with `access_key`.
pub fn requests_by(recording: &Path, access_key: &str) -> Result<Vec<Request>> {
    let text = std::fs::read_to_string(recording).with_context(|| format!("reading {}", recording.display()))?;
    // A last line with no newline yet is another request's record still being written
    // (a request is recorded before it is served, so the caller's own are complete).
    let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
    let mut out = Vec::new();
    for line in complete.lines().filter(|l| !l.trim().is_empty()) {
        let raw: RawEntry = serde_json::from_str(line).with_context(|| format!("bad recording line: {line}"))?;
        let header = |name: &str| {
            raw.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).unwrap_or("")
        };
        let auth = header("authorization");
        let key = auth.split("Credential=").nth(1).and_then(|c| c.split('/').next()).unwrap_or("").to_string();
        if key != access_key {
            continue;
        }
        let body = match (&raw.body, raw.body_encoded) {
            (Some(b), false) => b.clone(),
            (Some(b), true) => decode_base64(b).unwrap_or_default(),
            _ => String::new(),
        };
        let action = body
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .map(str::to_string)
            .unwrap_or_else(|| header("x-amz-target").to_string());
        out.push(Request { method: raw.method, url: raw.url, action, access_key: key, body });
    }
    Ok(out)
}

fn decode_base64(s: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_requests() {
        let r = |method: &str, action: &str| Request {
            method: method.into(),
            url: String::new(),
            action: action.into(),
            access_key: String::new(),
            body: String::new(),
        };
        assert!(!r("POST", "DescribeInstances").is_mutating());
        assert!(!r("POST", "GetCallerIdentity").is_mutating());
        assert!(r("POST", "ModifyNetworkInterfaceAttribute").is_mutating());
        assert!(r("POST", "CreateSnapshots").is_mutating());
        assert!(!r("GET", "").is_mutating());
        assert!(r("PUT", "").is_mutating());
        assert!(!r("POST", "CloudTrail_20131101.LookupEvents").is_mutating());
    }

    #[test]
    fn decodes_base64_bodies() {
        assert_eq!(decode_base64("QWN0aW9uPURlc2NyaWJl").as_deref(), Some("Action=Describe"));
    }
}
