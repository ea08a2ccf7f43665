//! The evidence store seen from an action: hand it bytes, get back what was recorded.

use serde::{Deserialize, Serialize};

use crate::error::ActionError;

/// What an action says about an artifact it is storing.
#[derive(Debug, Clone)]
pub struct ArtifactMeta {
    /// File name within the step's folder, e.g. `instance.json`. No path separators.
    pub name: String,
    /// The AWS resource it was acquired from, e.g. `i-0abc…`.
    pub source: String,
    /// `application/json`, `text/plain`, …
    pub media_type: &'static str,
}

/// What the evidence store recorded: one row of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArtifactRecord {
    /// Path relative to the case directory, `/`-separated.
    pub path: String,
    /// SHA-256 of the bytes, lower-case hex, computed while they were written.
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    /// The resource the artifact was acquired from.
    pub source: String,
    /// The action that produced it.
    pub action: String,
    /// The playbook step that produced it.
    pub step_id: String,
    /// When it was written (UTC, RFC 3339, milliseconds).
    pub acquired_at: String,
}

/// Where artifacts go. Implemented by the case directory's evidence store.
/// It writes each artifact once, hashes while writing, never overwrites, and records
/// the artifact in the journal (custody) and the manifest.
pub trait ArtifactSink: Sync {
    fn store(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        data: &[u8],
    ) -> Result<ArtifactRecord, ActionError>;
}
