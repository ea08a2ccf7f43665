//! `s3.export_evidence` on a mocked S3: each artifact is uploaded once however often the
//! step runs or crashes, and an upload S3 does not confirm byte for byte fails the step.

use std::collections::BTreeMap;

use crate::*;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::ErrorMetadata;
use aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput;
use aws_sdk_s3::operation::get_object_lock_configuration::GetObjectLockConfigurationError;
use aws_sdk_s3::operation::put_object::PutObjectOutput;
use aws_sdk_s3::types::BucketVersioningStatus;
use cordon_actions::ExportEvidence;
use cordon_actions::s3::export_evidence::Params;
use cordon_core::artifact::ArtifactExport;

/// Two artifacts on disk.
struct Case {
    dir: tempfile::TempDir,
    records: Vec<ArtifactRecord>,
    exports: Mutex<Vec<ArtifactExport>>,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let records = ["a/memory.lime", "b/metadata.json"]
            .iter()
            .map(|path| {
                let data = format!("evidence {path}");
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(&file, &data).unwrap();
                use sha2::Digest as _;
                ArtifactRecord {
                    path: path.to_string(),
                    sha256: hex::encode(sha2::Sha256::digest(data.as_bytes())),
                    size: data.len() as u64,
                    media_type: "application/octet-stream".into(),
                    source: "i-0123456789abcdef0".into(),
                    action: "ec2.capture_metadata".into(),
                    step_id: "capture".into(),
                    acquired_at: "2026-11-30T10:00:00.000Z".into(),
                }
            })
            .collect();
        Self { dir, records, exports: Mutex::default() }
    }
}

impl ArtifactSink for Case {
    fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
        Err(ActionError::invalid("exports store nothing"))
    }
    fn list(&self) -> Vec<ArtifactRecord> {
        self.records.clone()
    }
    fn local_path(&self, artifact: &ArtifactRecord) -> Option<std::path::PathBuf> {
        Some(self.dir.path().join(&artifact.path))
    }
    fn note_export(&self, export: &ArtifactExport) -> Result<(), ActionError> {
        self.exports.lock().unwrap().push(export.clone());
        Ok(())
    }
}

/// key -> checksum S3 reports; `corrupt`: S3 reports another checksum (the bytes changed on the way).
fn bucket(objects: &Arc<Mutex<BTreeMap<String, String>>>, corrupt: bool) -> (Aws, aws_smithy_mocks::Rule) {
    let versioning = mock!(Client::get_bucket_versioning)
        .then_output(|| GetBucketVersioningOutput::builder().status(BucketVersioningStatus::Enabled).build());
    let lock = mock!(Client::get_object_lock_configuration).then_error(|| {
        GetObjectLockConfigurationError::generic(
            ErrorMetadata::builder().code("ObjectLockConfigurationNotFoundError").build(),
        )
    });
    let o = objects.clone();
    let put = mock!(Client::put_object).then_compute_output(move |req| {
        let mut sum = req.checksum_sha256().unwrap_or_default().to_string();
        if corrupt {
            sum = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into();
        }
        o.lock().unwrap().insert(req.key().unwrap_or_default().to_string(), sum.clone());
        PutObjectOutput::builder().checksum_sha256(sum).version_id("v1").build()
    });
    let mut aws = aws();
    aws.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&versioning, &lock, &put]);
    (aws, put)
}

fn params() -> Params {
    serde_json::from_value(serde_json::json!({"bucket": "example-evidence"})).unwrap()
}

#[tokio::test]
async fn each_artifact_is_uploaded_once_through_reruns_and_crashes() {
    let case = Case::new();
    let objects = Arc::default();
    let (aws, put) = bucket(&objects, false);
    let (first, checkpoints) = try_execute_with(&ExportEvidence, &aws, &params(), Vec::new(), Vec::new(), &case).await;
    first.unwrap();
    assert_eq!(put.num_calls(), 2);
    assert_eq!(objects.lock().unwrap().len(), 2);
    assert_eq!(case.exports.lock().unwrap().len(), 2, "every copy recorded (custody)");
    // Crashed after the first upload was recorded: only the second goes again.
    let (_, _) = try_execute_with(&ExportEvidence, &aws, &params(), checkpoints[..1].to_vec(), Vec::new(), &case).await;
    assert_eq!(put.num_calls(), 3, "the recorded upload is not repeated");
    // Resumed after both were recorded: nothing is uploaded.
    let (again, _) = try_execute_with(&ExportEvidence, &aws, &params(), checkpoints, Vec::new(), &case).await;
    assert_eq!(put.num_calls(), 3);
    assert!(matches!(ExportEvidence.undo(&params(), &again.unwrap()), Undo::Irreversible { .. }), "never deleted");
}

#[tokio::test]
async fn an_upload_s3_does_not_confirm_byte_for_byte_fails_and_is_not_recorded() {
    let case = Case::new();
    let objects = Arc::default();
    let (aws, _) = bucket(&objects, true);
    let (result, checkpoints) = try_execute_with(&ExportEvidence, &aws, &params(), Vec::new(), Vec::new(), &case).await;
    let e = result.unwrap_err();
    assert!(e.to_string().contains("checksum"), "{e}");
    assert!(checkpoints.is_empty() && case.exports.lock().unwrap().is_empty(), "no custody for a bad copy");
}
