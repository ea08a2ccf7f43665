//! `cloudtrail.collect`: copy the trail's log files for the incident window from its S3
//! bucket into the case, as they are (compressed), each hashed as it is written.
//!
//! Only files whose delivery stamp can hold events in the window are listed and copied
//! (the same selection as `cordon timeline build --from`). A re-run after an interruption
//! skips the files this step already stored.

use cordon_core::ops;
use std::collections::HashSet;

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::ArtifactRecord;
use cordon_core::ids::{BucketName, CaseId};
use cordon_timeline::Filter;
use cordon_timeline::s3_archive::{ArchiveSource, window_objects};
use futures::StreamExt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct Collect;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "cloudtrail.collect",
    summary: "Copy the trail's log files for the incident window from its S3 bucket into the case",
    description: "Read-only. Lists the trail's `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/` folders for \
the days the window touches and copies every log file whose delivery stamp can hold events in the window \
(files arrive up to about 15 minutes after their events) into the case as it is (gzip), streamed and \
hashed with SHA-256 as it is written (memory: one chunk per file in flight). `cordon timeline build \
CASE_DIR/artifacts/<step>` reads them. Refuses more than `max_files` files. An object larger than \
`max_file_size` (by its listed size, or by what arrives) is not copied and is listed in the receipt's \
`skipped` with the reason; a key that is odd as a file name (hidden, very long, control characters) is \
stored under a safe name, its key kept in the artifact's `source`.",
    operations: &[ops::s3::LIST_BUCKET, ops::s3::GET_OBJECT],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "bucket: org-cloudtrail-logs\nprefix: main-trail\nstart: \"2026-11-29T08:00:00Z\"\nend: \"2026-11-29T12:00:00Z\"\nregions: [eu-west-1]\n",
};

fn default_max_files() -> u32 {
    10_000
}

fn default_max_file_size() -> u64 {
    1 << 30
}

/// Parameters of `cloudtrail.collect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The trail's bucket.
    pub bucket: BucketName,
    /// The trail's prefix in the bucket (the part before `AWSLogs/`), if it has one.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Window start (RFC 3339, UTC).
    pub start: String,
    /// Window end (RFC 3339, UTC).
    pub end: String,
    /// Accounts whose logs to copy (default: every account folder in the trail).
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Regions whose logs to copy (default: every Region folder).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Refuse (copy nothing) if the window holds more files than this.
    #[serde(default = "default_max_files")]
    pub max_files: u32,
    /// Largest log file copied, in bytes (CloudTrail's are kilobytes to megabytes); a
    /// larger object at a log file's key is skipped and reported.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
}

/// Receipt of `cloudtrail.collect`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// `s3://bucket/prefix` the files came from.
    pub source: String,
    /// Log files copied by this attempt (files an interrupted attempt stored are not repeated).
    pub files: usize,
    /// Bytes copied (compressed, as stored).
    pub bytes: u64,
    /// The artifacts written.
    pub artifacts: Vec<ArtifactRecord>,
    /// Objects in the window that were not copied, and why.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

/// An object `cloudtrail.collect` did not copy.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Skipped {
    /// `s3://bucket/key`.
    pub source: String,
    pub reason: String,
}

fn window(p: &Params) -> Result<Filter, ActionError> {
    let t = |name: &str, v: &str| {
        v.parse::<jiff::Timestamp>()
            .map(|t| t.as_millisecond())
            .map_err(|e| ActionError::invalid(format!("{name} {v:?} is not an RFC 3339 time: {e}")))
    };
    let (start, end) = (t("start", &p.start)?, t("end", &p.end)?);
    if start > end {
        return Err(ActionError::invalid(format!("start {} is after end {}", p.start, p.end)));
    }
    Ok(Filter { start_ms: Some(start), end_ms: Some(end), ..Filter::default() })
}

fn source(p: &Params) -> ArchiveSource {
    let prefix = p.prefix.as_deref().map(|x| x.trim_matches('/')).filter(|x| !x.is_empty());
    ArchiveSource {
        bucket: p.bucket.as_str().to_string(),
        prefix: prefix.map(|x| format!("{x}/")).unwrap_or_default(),
        accounts: p.accounts.clone(),
        regions: p.regions.clone(),
        concurrency: 8,
    }
}

async fn keys(aws: &Aws, p: &Params) -> Result<Vec<(String, u64)>, ActionError> {
    let keys = window_objects(&aws.s3, &source(p), "CloudTrail", &window(p)?).await?;
    if keys.len() > p.max_files as usize {
        return Err(ActionError::invalid(format!(
            "the window holds {} log files, more than max_files {}: narrow the window, accounts or regions, or raise max_files",
            keys.len(),
            p.max_files
        ))
        .on(format!("s3://{}", p.bucket)));
    }
    Ok(keys)
}

impl Action for Collect {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan::default().observe(format!(
            "read-only: copy the CloudTrail log files of s3://{}/{} for {} .. {} into the case",
            p.bucket,
            p.prefix.as_deref().unwrap_or(""),
            p.start,
            p.end
        ))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let objects = keys(aws, p).await?;
        let large = objects.iter().filter(|(_, size)| *size > p.max_file_size).count();
        let mut plan = self.plan(p).observe(format!("{} log files in the window", objects.len()));
        if large > 0 {
            plan = plan.observe(format!("{large} larger than max_file_size {}: not copied", p.max_file_size));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let src = source(p);
        let bucket = src.bucket.as_str();
        let uri = move |k: &str| format!("s3://{bucket}/{k}");
        let done: HashSet<String> =
            ctx.artifacts.list().into_iter().filter(|a| a.step_id == ctx.step_id).map(|a| a.source).collect();
        let todo: Vec<(String, u64)> =
            keys(aws, p).await?.into_iter().filter(|(k, _)| !done.contains(&uri(k))).collect();
        let mut copied = futures::stream::iter(todo)
            .map(|(key, size)| async move {
                (
                    uri(&key),
                    crate::s3::common::copy_object(aws, ctx, bucket, &key, size, p.max_file_size, "application/gzip")
                        .await,
                )
            })
            .buffer_unordered(src.concurrency);
        let (mut artifacts, mut skipped, mut bytes) = (Vec::new(), Vec::new(), 0u64);
        while let Some((source, r)) = copied.next().await {
            match r? {
                Ok(record) => {
                    bytes += record.size;
                    artifacts.push(record);
                }
                Err(reason) => skipped.push(Skipped { source, reason }),
            }
        }
        artifacts.sort_by(|a, b| a.source.cmp(&b.source));
        skipped.sort_by(|a, b| a.source.cmp(&b.source));
        let source = format!("s3://{}/{}", src.bucket, src.prefix);
        Ok(Receipt { source, files: artifacts.len(), bytes, artifacts, skipped })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
