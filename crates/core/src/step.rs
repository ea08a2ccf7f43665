//! What an executing step may use besides AWS ([`StepContext`]): case identity, the clock,
//! the evidence store, the log of its AWS calls, and its checkpoints, typed by key
//! ([`Checkpoint`]) so that what is written and what is recalled cannot drift apart.

use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

use crate::action::AwsCall;
use crate::artifact::{ArtifactMeta, ArtifactRecord, ArtifactSink};
use crate::clock::Clock;
use crate::error::ActionError;
use crate::ids::CaseId;
use crate::journal::JournalSink;

/// What an executing step may use besides AWS: case identity, the clock, the evidence
/// store, and a log of the AWS calls it makes.
pub struct StepContext<'a> {
    pub case_id: &'a CaseId,
    pub step_id: &'a str,
    /// The action's name, recorded with every artifact it stores.
    pub action: &'a str,
    pub clock: &'a dyn Clock,
    pub artifacts: &'a dyn ArtifactSink,
    calls: Mutex<Vec<AwsCall>>,
    journal: Option<(&'a dyn JournalSink, u32)>,
    prior_checkpoints: Vec<Value>,
    case_checkpoints: Vec<Value>,
}

impl<'a> StepContext<'a> {
    pub fn new(
        case_id: &'a CaseId,
        step_id: &'a str,
        action: &'a str,
        clock: &'a dyn Clock,
        artifacts: &'a dyn ArtifactSink,
    ) -> Self {
        Self {
            case_id,
            step_id,
            action,
            clock,
            artifacts,
            calls: Mutex::new(Vec::new()),
            journal: None,
            prior_checkpoints: Vec::new(),
            case_checkpoints: Vec::new(),
        }
    }

    /// Lets the step write checkpoints to the journal (run `run`), and hands it the
    /// checkpoints an interrupted earlier attempt of the same step wrote.
    pub fn with_journal(mut self, journal: &'a dyn JournalSink, run: u32, prior_checkpoints: Vec<Value>) -> Self {
        self.journal = Some((journal, run));
        self.prior_checkpoints = prior_checkpoints;
        self
    }

    /// Hands the step every checkpoint any step of the same action wrote in this case, in
    /// any run, oldest first (see [`StepContext::recall_case_all`]).
    pub fn with_case_checkpoints(mut self, checkpoints: Vec<Value>) -> Self {
        self.case_checkpoints = checkpoints;
        self
    }

    /// Every value any step of this action saved under `key` in this case, whatever run
    /// wrote it (a failed run, or one given up for a new `cordon run`), oldest first. A
    /// resource's state before Cordon first touched it is there even when the step that
    /// recorded it never finished; what the resource shows now may be Cordon's own change.
    /// The caller decides which record applies (e.g. only while the resource still holds
    /// what Cordon put there).
    pub fn recall_case_all<T: serde::de::DeserializeOwned>(&self, key: &Checkpoint<T>) -> Vec<T> {
        self.case_checkpoints.iter().filter_map(|c| serde_json::from_value(c.get(key.name)?.clone()).ok()).collect()
    }

    /// Durably records `value` under `key` before a change that could not be reconstructed
    /// after a crash. Returns once the checkpoint is on disk.
    pub fn save<T: Serialize>(&self, key: &Checkpoint<T>, value: &T) -> Result<(), ActionError> {
        self.checkpoint(serde_json::Map::from_iter([key.entry(value)?]).into())
    }

    /// Durably records two values in one checkpoint (both or neither are on disk).
    pub fn save_both<A: Serialize, B: Serialize>(
        &self,
        (ka, a): (&Checkpoint<A>, &A),
        (kb, b): (&Checkpoint<B>, &B),
    ) -> Result<(), ActionError> {
        self.checkpoint(serde_json::Map::from_iter([ka.entry(a)?, kb.entry(b)?]).into())
    }

    /// The value an interrupted earlier attempt of this step saved under `key` (the newest
    /// one), if any. For `Option` values, `Some(None)` means the attempt recorded that there
    /// was nothing.
    pub fn recall<T: serde::de::DeserializeOwned>(&self, key: &Checkpoint<T>) -> Option<T> {
        self.recalled(key.name)
    }

    /// What undo will need, read once: the value an interrupted earlier attempt saved
    /// under `key`, or else `read`'s result, saved before this returns (so before the
    /// change it describes). After a crash, reading again would find the step's own change.
    pub async fn remember<T, F, Fut>(&self, key: &Checkpoint<T>, read: F) -> Result<T, ActionError>
    where
        T: Serialize + serde::de::DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, ActionError>>,
    {
        if let Some(recalled) = self.recall(key) {
            return Ok(recalled);
        }
        let value = read().await?;
        self.save(key, &value)?;
        Ok(value)
    }

    /// [`StepContext::remember`] for a value already in hand.
    pub fn remember_now<T>(&self, key: &Checkpoint<T>, value: T) -> Result<T, ActionError>
    where
        T: Serialize + serde::de::DeserializeOwned,
    {
        if let Some(recalled) = self.recall(key) {
            return Ok(recalled);
        }
        self.save(key, &value)?;
        Ok(value)
    }

    /// Every value earlier attempts of this step saved under `key`, oldest first.
    pub fn recall_all<T: serde::de::DeserializeOwned>(&self, key: &Checkpoint<T>) -> Vec<T> {
        self.prior_checkpoints.iter().filter_map(|c| serde_json::from_value(c.get(key.name)?.clone()).ok()).collect()
    }

    fn checkpoint(&self, data: Value) -> Result<(), ActionError> {
        let Some((journal, run)) = self.journal else { return Ok(()) };
        journal
            .append(crate::journal::Event::StepCheckpoint { run, step_id: self.step_id.to_string(), data })
            .map(|_| ())
            .map_err(|e| ActionError::new(crate::ErrorKind::Other, e.to_string()))
    }

    /// Records that an artifact was copied out of the case: journaled (custody) first,
    /// then noted in the manifest.
    pub fn record_export(&self, export: crate::artifact::ArtifactExport) -> Result<(), ActionError> {
        if let Some((journal, run)) = self.journal {
            journal
                .append(crate::journal::Event::ArtifactExported {
                    run,
                    step_id: self.step_id.to_string(),
                    export: export.clone(),
                })
                .map_err(|e| ActionError::new(crate::ErrorKind::Other, e.to_string()))?;
        }
        self.artifacts.note_export(&export)
    }

    fn recalled<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.prior_checkpoints.iter().rev().find_map(|c| serde_json::from_value(c.get(key)?.clone()).ok())
    }

    /// Stores an artifact produced by this step (hashed, recorded in manifest and journal).
    pub fn store(&self, meta: ArtifactMeta, data: &[u8]) -> Result<ArtifactRecord, ActionError> {
        self.artifacts.store(self.step_id, self.action, meta, data)
    }

    /// Starts an artifact of this step written in pieces ([`crate::artifact::ArtifactWriter`]).
    pub fn begin_artifact(
        &self,
        meta: ArtifactMeta,
    ) -> Result<Box<dyn crate::artifact::ArtifactWriter + 'a>, ActionError> {
        self.artifacts.begin(self.step_id, self.action, meta)
    }

    pub fn record_call(&self, call: AwsCall) {
        self.calls.lock().unwrap_or_else(|p| p.into_inner()).push(call);
    }

    pub fn take_calls(&self) -> Vec<AwsCall> {
        std::mem::take(&mut *self.calls.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The checkpoints of an attempt that did not complete, read through their keys.
pub struct Recorded<'a>(pub &'a [Value]);

impl Recorded<'_> {
    /// Every value saved under `key`, oldest first.
    pub fn all<T: serde::de::DeserializeOwned>(&self, key: &Checkpoint<T>) -> Vec<T> {
        self.0.iter().filter_map(|c| serde_json::from_value(c.get(key.name)?.clone()).ok()).collect()
    }

    /// The first value saved under `key` (the state before the first change).
    pub fn first<T: serde::de::DeserializeOwned>(&self, key: &Checkpoint<T>) -> Option<T> {
        self.all(key).into_iter().next()
    }
}

/// A key under which a step checkpoints one value of type `T`: one definition per key,
/// which both the write ([`StepContext::save`]) and the read ([`StepContext::recall`]) go
/// through, so the two cannot drift apart.
pub struct Checkpoint<T> {
    name: &'static str,
    _value: std::marker::PhantomData<fn() -> T>,
}

impl<T> Checkpoint<T> {
    pub const fn new(name: &'static str) -> Self {
        Self { name, _value: std::marker::PhantomData }
    }

    /// The key's name in the journal's `step_checkpoint` entries.
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn entry(&self, value: &T) -> Result<(String, Value), ActionError>
    where
        T: Serialize,
    {
        let v = serde_json::to_value(value).map_err(|e| {
            ActionError::new(crate::ErrorKind::Other, format!("checkpoint {} not serializable: {e}", self.name))
        })?;
        Ok((self.name.to_string(), v))
    }
}

/// Somewhere AWS calls can be recorded. `StepContext` records them for the journal;
/// read-only checks made during `plan` record nowhere.
pub trait CallLog: Sync {
    fn record(&self, call: AwsCall);
}

impl CallLog for StepContext<'_> {
    fn record(&self, call: AwsCall) {
        self.record_call(call);
    }
}

/// A call log that forgets, for read-only checks.
pub struct NoCallLog;

impl CallLog for NoCallLog {
    fn record(&self, _: AwsCall) {}
}
