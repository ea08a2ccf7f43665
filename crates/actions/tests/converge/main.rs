//! Idempotency and crash recall, per action, on mocked AWS clients (aws-smithy-mocks):
//! the mock keeps the resource's state, so each test can check that
//! - a second `execute` after a completed one changes nothing;
//! - an `execute` after a crash between the change and its outcome (the first attempt's
//!   checkpoints, the change already made) converges: same end state, and a receipt from
//!   which undo restores the state before the first attempt.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, StepContext, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord, ArtifactSink};
use cordon_core::clock::FixedClock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{Entry, Event, JournalError, JournalSink};
use serde_json::Value;
use sha2::Digest;

/// Keeps the checkpoints a step writes, as the journal would.
#[derive(Default)]
struct Checkpoints(Mutex<Vec<Value>>);

impl JournalSink for Checkpoints {
    fn append(&self, event: Event) -> Result<Entry, JournalError> {
        if let Event::StepCheckpoint { data, .. } = &event {
            self.0.lock().unwrap().push(data.clone());
        }
        Ok(Entry { seq: 0, time: String::new(), prev: String::new(), event })
    }
}

struct NoArtifacts;

impl ArtifactSink for NoArtifacts {
    fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
        Err(ActionError::invalid("no artifacts in these tests"))
    }
}

/// Keeps what is stored, as the case directory would (hash and size computed here).
#[derive(Default)]
struct Kept(Mutex<Vec<ArtifactRecord>>, Mutex<Vec<(String, Vec<u8>)>>);

impl ArtifactSink for Kept {
    fn store(&self, step: &str, action: &str, meta: ArtifactMeta, data: &[u8]) -> Result<ArtifactRecord, ActionError> {
        let record = ArtifactRecord {
            path: format!("{step}/{}", meta.name),
            sha256: hex::encode(sha2::Sha256::digest(data)),
            size: data.len() as u64,
            media_type: meta.media_type.into(),
            source: meta.source,
            action: action.into(),
            step_id: step.into(),
            acquired_at: String::new(),
        };
        self.0.lock().unwrap().push(record.clone());
        self.1.lock().unwrap().push((record.path.clone(), data.to_vec()));
        Ok(record)
    }
    fn list(&self) -> Vec<ArtifactRecord> {
        self.0.lock().unwrap().clone()
    }
}

impl Kept {
    /// The bytes stored under a name ending in `name`.
    fn data(&self, name: &str) -> String {
        let stored = self.1.lock().unwrap();
        let (_, bytes) = stored.iter().find(|(p, _)| p.ends_with(name)).unwrap_or_else(|| panic!("{name} not stored"));
        String::from_utf8(bytes.clone()).unwrap()
    }
}

/// A case holding exactly these artifacts (nothing can be stored).
struct Listed(Vec<ArtifactRecord>);

impl ArtifactSink for Listed {
    fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
        Err(ActionError::invalid("nothing is stored in these tests"))
    }
    fn list(&self) -> Vec<ArtifactRecord> {
        self.0.clone()
    }
}

/// An artifact `action` recorded from `source` at `path`.
fn artifact(action: &str, source: &str, path: &str) -> ArtifactRecord {
    ArtifactRecord {
        path: path.into(),
        sha256: "0".repeat(64),
        size: 1,
        media_type: "application/json".into(),
        source: source.into(),
        action: action.into(),
        step_id: path.split('/').next().unwrap_or_default().into(),
        acquired_at: String::new(),
    }
}

/// Runs `action` once with the checkpoints of an interrupted earlier attempt (`prior`),
/// returning its receipt and the checkpoints it wrote.
async fn execute<A: Action<Env = Aws>>(
    action: &A,
    aws: &Aws,
    params: &A::Params,
    prior: Vec<Value>,
) -> (A::Receipt, Vec<Value>) {
    let (receipt, taken) = try_execute(action, aws, params, prior, Vec::new()).await;
    (receipt.unwrap_or_else(|e| panic!("{}: {e}", A::DOC.name)), taken)
}

/// [`execute`], returning the step's error, with the checkpoints earlier runs of the case
/// wrote for this action (`case`).
async fn try_execute<A: Action<Env = Aws>>(
    action: &A,
    aws: &Aws,
    params: &A::Params,
    prior: Vec<Value>,
    case: Vec<Value>,
) -> (Result<A::Receipt, ActionError>, Vec<Value>) {
    try_execute_with(action, aws, params, prior, case, &NoArtifacts).await
}

/// [`try_execute`] with the case's artifacts in `artifacts`.
async fn try_execute_with<A: Action<Env = Aws>>(
    action: &A,
    aws: &Aws,
    params: &A::Params,
    prior: Vec<Value>,
    case: Vec<Value>,
    artifacts: &dyn ArtifactSink,
) -> (Result<A::Receipt, ActionError>, Vec<Value>) {
    let case_id = CaseId::new("IR-1").unwrap();
    let clock = FixedClock::new("2026-11-30T10:00:00Z".parse().unwrap(), 1);
    let journal = Checkpoints::default();
    let ctx = StepContext::new(&case_id, "step", A::DOC.name, &clock, artifacts)
        .with_journal(&journal, 1, prior)
        .with_case_checkpoints(case);
    // Boxed as the engine does: SDK futures are large in debug builds.
    let receipt = Box::pin(action.execute(aws, &ctx, params)).await;
    let taken = journal.0.lock().unwrap().clone();
    (receipt, taken)
}

/// An `Aws` whose clients make no request unless a test replaces them with mocks.
fn aws() -> Aws {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    Aws::from_config(&config)
}

mod ec2;
mod ec2_fleet;
mod ec2_isolate;
mod ec2_snapshots;
mod ec2_subnet_acl;
mod ec2_volatile;
mod findings;
mod iam;
mod s3;
mod s3_export;
