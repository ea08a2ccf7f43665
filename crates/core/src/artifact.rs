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

/// A copy of an artifact sent out of the case (custody: where it went, verified how).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArtifactExport {
    /// The artifact's path in the case.
    pub path: String,
    /// Its SHA-256 (lower-case hex), as recorded when it was acquired.
    pub sha256: String,
    /// `s3://bucket/key`.
    pub destination: String,
    pub bucket: String,
    pub key: String,
    /// The object version S3 created.
    pub version_id: Option<String>,
    /// The SHA-256 checksum S3 verified on arrival (base64, as S3 reports it).
    pub checksum_sha256: String,
    /// Object Lock: legal hold on.
    pub legal_hold: bool,
    /// Object Lock: retention mode and date, if any.
    pub retention_mode: Option<String>,
    pub retain_until: Option<String>,
    /// When (UTC, RFC 3339, milliseconds).
    pub exported_at: String,
}

/// A case's journal and manifest at one instant.
#[derive(Debug, Clone)]
pub struct CaseRecords {
    pub journal: Vec<u8>,
    pub manifest: Vec<u8>,
    /// The SHA-256 of the journal's last line.
    pub head: String,
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

    /// Stores a file's content, streamed (hashed as it is copied; never read twice).
    /// The default reads it whole and calls `store`.
    fn store_file(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        source: &std::path::Path,
    ) -> Result<ArtifactRecord, ActionError> {
        let data = std::fs::read(source)
            .map_err(|e| ActionError::invalid(format!("cannot read {}: {e}", source.display())))?;
        self.store(step_id, action, meta, &data)
    }

    /// Every artifact stored so far.
    fn list(&self) -> Vec<ArtifactRecord> {
        Vec::new()
    }

    /// The file holding an artifact, for actions that send it elsewhere.
    fn local_path(&self, _artifact: &ArtifactRecord) -> Option<std::path::PathBuf> {
        None
    }

    /// The case's own records as they stand now (journal and manifest bytes, and the
    /// journal's head), for export beside the artifacts: a copy off the machine anchors
    /// the journal.
    fn case_records(&self) -> Option<CaseRecords> {
        None
    }

    /// Records an export in the manifest (the journal entry is the step's, written first).
    fn note_export(&self, _export: &ArtifactExport) -> Result<(), ActionError> {
        Ok(())
    }
}
