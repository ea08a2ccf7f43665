//! The evidence store seen from an action: hand it bytes, get back what was recorded.

use serde::{Deserialize, Serialize};

use crate::error::ActionError;

/// What an action says about an artifact it is storing.
#[derive(Debug, Clone)]
pub struct ArtifactMeta {
    /// File name within the step's folder, e.g. `instance.json`. Any name an action has
    /// (an object key's last part, say): the store keeps it if it is a safe file name and
    /// otherwise stores under a safe one; `source` keeps the original.
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

/// An artifact whose bytes arrive in pieces (an object streamed from S3): each piece is
/// written and hashed as it comes; [`ArtifactWriter::finish`] records the artifact.
/// Dropped unfinished, nothing is recorded and nothing is left behind.
pub trait ArtifactWriter: Send {
    fn write(&mut self, piece: &[u8]) -> Result<(), ActionError>;
    fn finish(self: Box<Self>) -> Result<ArtifactRecord, ActionError>;
}

/// The default [`ArtifactSink::begin`]: pieces gathered in memory, stored on finish.
struct Gathered<'s, S: ?Sized> {
    sink: &'s S,
    step_id: String,
    action: String,
    meta: ArtifactMeta,
    data: Vec<u8>,
}

impl<S: ArtifactSink + ?Sized> ArtifactWriter for Gathered<'_, S> {
    fn write(&mut self, piece: &[u8]) -> Result<(), ActionError> {
        self.data.extend_from_slice(piece);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<ArtifactRecord, ActionError> {
        self.sink.store(&self.step_id, &self.action, self.meta, &self.data)
    }
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

    /// Starts an artifact written in pieces. The default gathers them in memory and
    /// calls `store`; the case directory writes them to disk as they come.
    fn begin<'s>(
        &'s self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
    ) -> Result<Box<dyn ArtifactWriter + 's>, ActionError> {
        let (step_id, action) = (step_id.to_string(), action.to_string());
        Ok(Box::new(Gathered { sink: self, step_id, action, meta, data: Vec::new() }))
    }

    /// A private folder of `step_id` for work that outlives an interrupted attempt (a
    /// disk image being written): kept across runs, never evidence itself.
    fn work_dir(&self, step_id: &str) -> Result<std::path::PathBuf, ActionError> {
        Err(ActionError::invalid(format!("no work folder for step `{step_id}` in this evidence store")))
    }

    /// Stores a file that was written elsewhere (in [`ArtifactSink::work_dir`]) by
    /// moving it into the store: hashed as it is recorded, not copied. The default copies.
    fn adopt_file(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        source: &std::path::Path,
    ) -> Result<ArtifactRecord, ActionError> {
        let record = self.store_file(step_id, action, meta, source)?;
        let _ = std::fs::remove_file(source);
        Ok(record)
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
