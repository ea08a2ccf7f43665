//! `ec2.capture_memory`: the instance's memory, acquired through Systems Manager Run
//! Command with a pinned tool (AVML on Linux, WinPmem on Windows), uploaded by the host to
//! the evidence bucket and accepted only when its bytes hash to what the host printed.
//! The verified capture record it writes is what `ec2.stop_instance` looks for.

use std::time::Duration;

use cordon_aws::Aws;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::ArtifactRecord;
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::{ActionError, ErrorKind, ops};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ssm_run::{self, Request, Sent};
use super::ssm_scripts::{self, Platform};

pub struct CaptureMemory;

/// The capture record's file name: its presence in the case (written only after every
/// check passed) is what "memory was captured" means to `ec2.stop_instance`.
pub const CAPTURE_RECORD: &str = "memory-capture.json";

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.capture_memory",
    summary: "Acquire the instance's memory through Systems Manager (AVML / WinPmem), verified by the host's SHA-256",
    description: "Volatile evidence first (RFC 3227). Checks that Systems Manager lists the instance as managed and \
its agent Online (and says why not: no instance profile, agent never registered, agent lost); nothing is sent \
otherwise, and the instance is never changed or stopped. Sends the documented command (`docs/volatile-evidence.md`, \
`AWS-RunShellScript` or `AWS-RunPowerShellScript`): it downloads the acquisition tool from `tool_url` (an \
`s3://` URL is presigned), refuses to run it unless it has `tool_sha256`, acquires memory into a private \
temporary folder on the instance, hashes the image, uploads it with an HTTP PUT to a presigned URL in \
`bucket`, and prints `CORDON-ARTIFACT <name> <sha256> <size>`. Cordon then accepts the object only if it was \
written once (one version) and its bytes, streamed into the case, hash to what the host printed; a mismatch is \
reported and nothing is recorded. The record `memory-capture.json` (command id, document, the template and the \
SHA-256 of the exact command, the host's output, the verified object and version) is written last: \
`ec2.stop_instance` refuses to stop an instance whose case lacks it. A re-run after a crash waits for the command \
already sent. After `timeout_seconds` the command is cancelled and the step fails.",
    operations: &[
        ops::ssm::DESCRIBE_INSTANCE_INFORMATION,
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ssm::SEND_COMMAND,
        ops::ssm::GET_COMMAND_INVOCATION,
        ops::ssm::CANCEL_COMMAND,
        ops::s3::PUT_OBJECT,
        ops::s3::LIST_BUCKET_VERSIONS,
        ops::s3::GET_OBJECT,
        ops::s3::GET_OBJECT_VERSION,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: the command leaves nothing on the instance, and the image is evidence (kept).",
    example: "instance_id: i-0123456789abcdef0\nbucket: ir-evidence-123456789012\ntool_url: s3://ir-tools/avml-0.14.0\ntool_sha256: <the SHA-256 you verified>\n",
};

fn default_prefix() -> String {
    "cordon/memory".into()
}

fn default_timeout() -> u64 {
    3600
}

/// Parameters of `ec2.capture_memory`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance whose memory is acquired.
    pub instance_id: InstanceId,
    /// The evidence bucket the host uploads the image to.
    pub bucket: String,
    /// Key prefix in it (default `cordon/memory`); the case, instance and attempt follow.
    #[serde(default = "default_prefix")]
    pub key_prefix: String,
    /// Where the host downloads the acquisition tool from (AVML's static binary for Linux,
    /// WinPmem for Windows): `s3://BUCKET/KEY` (presigned for the host) or `https://...`.
    pub tool_url: String,
    /// The SHA-256 the tool must have (hex); the host refuses to run anything else.
    pub tool_sha256: String,
    /// Seconds the acquisition may take before it is cancelled (default 3600).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Seconds between status checks (default 5).
    #[serde(default)]
    pub poll_seconds: Option<u64>,
}

/// Receipt of `ec2.capture_memory`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// `linux` or `windows`.
    pub platform: Platform,
    /// The command as sent (id, document, template, SHA-256 of the exact text).
    pub command: Sent,
    /// The image in S3 and in the case, with the SHA-256 the host printed and the bytes matched.
    pub image: ssm_run::Verified,
    /// The capture record and the image, as stored in the case.
    pub artifacts: Vec<ArtifactRecord>,
}

pub(crate) fn check_sha(sha: &str) -> Result<(), ActionError> {
    if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(ActionError::invalid(format!("tool_sha256 {sha:?} is not a SHA-256 (64 hex digits)")))
    }
}

impl Action for CaptureMemory {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(
            p.instance_id.as_str(),
            format!("memory acquired through Systems Manager and uploaded to s3://{}/{}", p.bucket, p.key_prefix),
        )
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        check_sha(&p.tool_sha256)?;
        let plan = self.plan(p);
        Ok(ssm_run::plan_with_agent(aws, &p.instance_id, plan).await)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        check_sha(&p.tool_sha256)?;
        let agent = ssm_run::agent_online(aws, ctx, &p.instance_id).await?;
        let file = agent.platform.memory_file();
        let req = Request {
            instance: &p.instance_id,
            platform: agent.platform,
            template: ssm_scripts::memory_template(agent.platform),
            tool: Some((&p.tool_url, &p.tool_sha256)),
            files: vec![file],
            bucket: &p.bucket,
            prefix: ssm_run::attempt_prefix(ctx, &p.key_prefix, &p.instance_id),
            timeout: p.timeout_seconds,
        };
        let sent = ssm_run::send(aws, ctx, req).await?;
        let poll = Duration::from_secs(p.poll_seconds.unwrap_or(5).max(1));
        let stdout =
            ssm_run::wait(aws, ctx, &p.instance_id, &sent, Duration::from_secs(p.timeout_seconds), poll).await?;
        let reported = ssm_scripts::reported(&stdout)
            .map_err(|e| ActionError::new(ErrorKind::Refused, e).on(p.instance_id.as_str()))?;
        let (Some(hash), Some(key)) =
            (reported.iter().find(|r| r.name == file), sent.uploads.iter().find(|u| u.name == file).map(|u| &u.key))
        else {
            return Err(ActionError::new(
                ErrorKind::Refused,
                format!("the command succeeded but printed no SHA-256 for {file}: the image is not accepted"),
            )
            .on(p.instance_id.as_str()));
        };
        let image =
            ssm_run::fetch_verified(aws, ctx, &p.instance_id, &sent, key, hash, "application/octet-stream").await?;
        let ended = ssm_run::Ended { sent: &sent, agent: &agent, stdout: &stdout };
        let record = ssm_run::record(ctx, &p.instance_id, CAPTURE_RECORD, &ended, std::slice::from_ref(&image), &[])?;
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            platform: agent.platform,
            artifacts: vec![image.artifact.clone(), record],
            command: sent,
            image,
        })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}

/// Whether the case holds a verified memory capture of `instance` (its capture record).
pub fn captured(artifacts: &[ArtifactRecord], instance: &str) -> bool {
    artifacts
        .iter()
        .any(|a| a.action == DOC.name && a.source == instance && a.path.rsplit('/').next() == Some(CAPTURE_RECORD))
}
