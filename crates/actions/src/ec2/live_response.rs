//! `ec2.live_response`: a curated set of read-only commands run on the instance through
//! Systems Manager, each output uploaded by the host, verified against the SHA-256 it
//! printed, and stored as its own artifact.

use std::time::Duration;

use cordon_aws::Aws;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::ArtifactRecord;
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::{ActionError, ErrorKind, ops};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ssm_run::{self, Request, Sent, Verified};
use super::ssm_scripts::{self, Platform};

pub struct LiveResponse;

/// The live-response record's file name.
pub const RECORD: &str = "live-response.json";

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.live_response",
    summary: "Run read-only live-response commands through Systems Manager; each output verified and stored",
    description: "Checks, like `ec2.capture_memory`, that the instance is managed and its agent Online (and says why \
not). Sends the documented read-only command set (`docs/volatile-evidence.md`): processes with command lines, \
the SHA-256 of each process's executable, network connections and listening sockets, logged-in users and \
recent logins, scheduled jobs and services, loaded kernel modules (drivers on Windows), and files modified in the \
last 7 days in temporary directories. Each output is written to a private temporary folder on the host, hashed, \
uploaded to a presigned URL in `bucket`, and accepted only when written once and its bytes match the host's \
SHA-256; each is its own artifact. An output the host did not report is listed in `missing`; one that does not \
match fails the step. The record `live-response.json` holds the command id, document, template, the SHA-256 of \
the exact command and the host's output.",
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
    undo: "Nothing to undo: the commands only read, and their outputs are evidence (kept).",
    example: "instance_id: i-0123456789abcdef0\nbucket: ir-evidence-123456789012\n",
};

fn default_prefix() -> String {
    "cordon/live-response".into()
}

fn default_timeout() -> u64 {
    900
}

/// Parameters of `ec2.live_response`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// The evidence bucket the host uploads the outputs to.
    pub bucket: String,
    /// Key prefix in it (default `cordon/live-response`); the case, instance and attempt follow.
    #[serde(default = "default_prefix")]
    pub key_prefix: String,
    /// Seconds the commands may take before they are cancelled (default 900).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// Seconds between status checks (default 5).
    #[serde(default)]
    pub poll_seconds: Option<u64>,
}

/// Receipt of `ec2.live_response`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// `linux` or `windows`.
    pub platform: Platform,
    /// The command as sent.
    pub command: Sent,
    /// Each output, verified against the host's SHA-256 and stored.
    pub outputs: Vec<Verified>,
    /// Outputs the host did not report (its upload failed, or the command could not run).
    pub missing: Vec<String>,
    /// The record and the outputs, as stored in the case.
    pub artifacts: Vec<ArtifactRecord>,
}

impl Action for LiveResponse {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }.change(
            p.instance_id.as_str(),
            "read-only live-response commands run through Systems Manager (processes, connections, logins, jobs, modules, temp files)",
        )
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let plan = self.plan(p);
        Ok(ssm_run::plan_with_agent(aws, &p.instance_id, plan).await)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let agent = ssm_run::agent_online(aws, ctx, &p.instance_id).await?;
        let files = ssm_scripts::live_response_files(agent.platform);
        let req = Request {
            instance: &p.instance_id,
            platform: agent.platform,
            template: ssm_scripts::live_response_template(agent.platform),
            tool: None,
            files: files.clone(),
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
        let mut outputs = Vec::new();
        let mut missing = Vec::new();
        for upload in &sent.uploads {
            let (name, key) = (&upload.name, &upload.key);
            match reported.iter().find(|r| &r.name == name) {
                Some(hash) => outputs
                    .push(ssm_run::fetch_verified(aws, ctx, &p.instance_id, &sent, key, hash, "text/plain").await?),
                None => missing.push(name.clone()),
            }
        }
        let ended = ssm_run::Ended { sent: &sent, agent: &agent, stdout: &stdout };
        let record = ssm_run::record(ctx, &p.instance_id, RECORD, &ended, &outputs, &missing)?;
        let mut artifacts: Vec<ArtifactRecord> = outputs.iter().map(|o| o.artifact.clone()).collect();
        artifacts.push(record);
        Ok(Receipt {
            instance_id: p.instance_id.to_string(),
            platform: agent.platform,
            command: sent,
            outputs,
            missing,
            artifacts,
        })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
