//! Volatile evidence through Systems Manager Run Command, shared by `ec2.capture_memory`
//! and `ec2.live_response`.
//!
//! Invariants:
//! - Nothing is sent to an instance that Systems Manager does not list as managed and
//!   `Online`; the error says why it is not (no instance profile, agent not registered,
//!   agent lost) and nothing about the instance is changed.
//! - What is sent is exactly a documented template (`ssm_scripts`) with its placeholders
//!   filled; the command id, document, the template and the SHA-256 of the exact text are
//!   saved before anything else happens (a checkpoint), so a re-run after a crash waits
//!   for the same command instead of acquiring twice.
//! - An uploaded object is accepted only when it was written once (one version) and its
//!   bytes hash to what the host printed; its bytes are streamed into the case, hashed as
//!   they arrive, and a mismatch leaves nothing recorded.

use std::time::Duration;

use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_ssm::types::{InstanceInformationStringFilter, PingStatus, PlatformType};
use cordon_aws::Aws;
use cordon_aws::body::{BodyError, each_chunk};
use cordon_core::action::{CallLog, Checkpoint, StepContext};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::InstanceId;
use cordon_core::{ActionError, ErrorKind, ops};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ssm_scripts::{self, Platform, Reported};

/// The instance as Systems Manager sees it.
#[derive(Debug, Clone)]
pub(crate) struct Managed {
    pub platform: Platform,
    pub platform_name: String,
    pub agent_version: String,
}

/// Checks that `id` is managed and its agent online; says why not otherwise.
pub(crate) async fn agent_online(aws: &Aws, log: &dyn CallLog, id: &InstanceId) -> Result<Managed, ActionError> {
    let filter = InstanceInformationStringFilter::builder()
        .key("InstanceIds")
        .values(id.as_str())
        .build()
        .map_err(|e| ActionError::invalid(e.to_string()))?;
    let req = aws.ssm.describe_instance_information().filters(filter);
    let out = cordon_aws::call(log, ops::ssm::DESCRIBE_INSTANCE_INFORMATION, id.as_str(), req.send()).await?;
    let Some(info) = out.instance_information_list().iter().find(|i| i.instance_id() == Some(id.as_str())) else {
        let instance = cordon_aws::ec2::describe_instance(aws, log, id).await?;
        let why = if instance.iam_instance_profile().is_none() {
            "it has no instance profile, so its SSM agent has no credentials (attach one allowing \
             AmazonSSMManagedInstanceCore, or turn on Default Host Management Configuration)"
        } else {
            "its SSM agent never registered: no agent is installed or running, its role lacks the \
             Systems Manager permissions, or it has no route (HTTPS) to the ssm, ssmmessages and \
             ec2messages endpoints"
        };
        return Err(
            ActionError::new(ErrorKind::Conflict, format!("not managed by Systems Manager: {why}")).on(id.as_str())
        );
    };
    if info.ping_status() != Some(&PingStatus::Online) {
        let status = info.ping_status().map(PingStatus::as_str).unwrap_or("unknown");
        let last = info.last_ping_date_time().map(|t| t.to_string()).unwrap_or_else(|| "never".into());
        return Err(ActionError::new(
            ErrorKind::Conflict,
            format!(
                "its SSM agent is {status} (last answered {last}): the instance is stopped, or the agent lost its \
                 route to Systems Manager (isolation without allow_ssm, or with no VPC endpoints, cuts it)"
            ),
        )
        .on(id.as_str()));
    }
    let platform = match info.platform_type() {
        Some(PlatformType::Windows) => Platform::Windows,
        Some(PlatformType::Linux) | None => Platform::Linux,
        Some(other) => {
            return Err(
                ActionError::invalid(format!("no acquisition command for platform {}", other.as_str())).on(id.as_str())
            );
        }
    };
    Ok(Managed {
        platform,
        platform_name: info.platform_name().unwrap_or_default().to_string(),
        agent_version: info.agent_version().unwrap_or_default().to_string(),
    })
}

/// `plan` with what Systems Manager says of the instance now (for `cordon plan`).
pub(crate) async fn plan_with_agent(
    aws: &Aws,
    id: &InstanceId,
    plan: cordon_core::action::StepPlan,
) -> cordon_core::action::StepPlan {
    match agent_online(aws, &cordon_core::action::NoCallLog, id).await {
        Ok(m) => plan.observe(format!("{id} is managed and online ({:?}, {})", m.platform, m.platform_name)),
        Err(e) => plan.warn(format!("will fail: {e}")),
    }
}

/// A command sent, as saved before waiting for it (and recorded in the case).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sent {
    /// The Run Command id.
    pub command_id: String,
    /// `AWS-RunShellScript` or `AWS-RunPowerShellScript`.
    pub document: String,
    pub platform: Platform,
    /// The documented template the command was made from (placeholders unfilled: the
    /// presigned URLs carry credentials and are not recorded).
    pub template: String,
    /// SHA-256 of the exact command text sent.
    pub command_sha256: String,
    /// `executionTimeout`, seconds.
    pub execution_timeout: u64,
    /// The evidence bucket.
    pub bucket: String,
    /// Each file the command uploads and the key it is uploaded to.
    pub uploads: Vec<Upload>,
    /// Where Systems Manager writes the command's full output.
    pub output_prefix: String,
    /// When it was sent (RFC 3339).
    pub sent_at: String,
}

/// One file the command uploads.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Upload {
    /// Its name on the host.
    pub name: String,
    /// The key in the evidence bucket.
    pub key: String,
}

/// Saved right after SendCommand: a re-run waits for this command instead of sending again.
pub(crate) const SENT: Checkpoint<Sent> = Checkpoint::new("ssm_command");

/// What to send.
pub(crate) struct Request<'r> {
    pub instance: &'r InstanceId,
    pub platform: Platform,
    pub template: String,
    /// (URL — `s3://bucket/key` or `https://...` — and SHA-256) of the acquisition tool.
    pub tool: Option<(&'r str, &'r str)>,
    pub files: Vec<&'static str>,
    pub bucket: &'r str,
    /// Key prefix of this attempt's uploads (ends without `/`).
    pub prefix: String,
    pub timeout: u64,
}

async fn presign(aws: &Aws, put: bool, bucket: &str, key: &str, ttl: u64) -> Result<String, ActionError> {
    let uri = format!("s3://{bucket}/{key}");
    let config =
        PresigningConfig::expires_in(Duration::from_secs(ttl)).map_err(|e| ActionError::invalid(e.to_string()))?;
    // No call is made: the URL is signed here and used by the instance. The permission
    // it needs is the signer's, so it is declared like a call.
    let op = if put { ops::s3::PUT_OBJECT } else { ops::s3::GET_OBJECT };
    let signed = if put {
        aws.s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .presigned(config)
            .await
            .map(|r| r.uri().to_string())
            .map_err(|e| e.to_string())
    } else {
        aws.s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .presigned(config)
            .await
            .map(|r| r.uri().to_string())
            .map_err(|e| e.to_string())
    };
    signed.map_err(|e| ActionError::invalid(format!("cannot sign {} for {uri}: {e}", op.permission)).on(uri))
}

/// Sends the command (or, after a crash, finds the one an earlier attempt sent).
pub(crate) async fn send(aws: &Aws, ctx: &StepContext<'_>, req: Request<'_>) -> Result<Sent, ActionError> {
    if let Some(sent) = ctx.recall(&SENT) {
        return Ok(sent);
    }
    let ttl = req.timeout + 900;
    let tool = match req.tool {
        Some((url, sha)) => {
            let url = match url.strip_prefix("s3://").and_then(|r| r.split_once('/')) {
                Some((b, k)) => presign(aws, false, b, k, ttl).await?,
                None if url.starts_with("https://") => url.to_string(),
                None => {
                    return Err(ActionError::invalid(format!(
                        "tool_url {url:?} is neither s3://BUCKET/KEY nor https://"
                    )));
                }
            };
            Some((url, sha.to_ascii_lowercase()))
        }
        None => None,
    };
    let mut uploads = Vec::new();
    let mut puts = Vec::new();
    for name in &req.files {
        let key = format!("{}/{name}", req.prefix);
        puts.push((name.to_string(), presign(aws, true, req.bucket, &key, ttl).await?));
        uploads.push(Upload { name: name.to_string(), key });
    }
    let script = ssm_scripts::render(&req.template, tool.as_ref().map(|(u, s)| (u.as_str(), s.as_str())), &puts)
        .map_err(|e| ActionError::invalid(e).on(req.instance.as_str()))?;
    let output_prefix = format!("{}/ssm-output", req.prefix);
    let comment: String = format!("cordon {} {}", ctx.case_id, ctx.step_id).chars().take(100).collect();
    let call = aws
        .ssm
        .send_command()
        .document_name(req.platform.document())
        .instance_ids(req.instance.as_str())
        .parameters("commands", vec![script.clone()])
        .parameters("executionTimeout", vec![req.timeout.to_string()])
        .timeout_seconds(i32::try_from(req.timeout.max(30)).unwrap_or(i32::MAX))
        .output_s3_bucket_name(req.bucket)
        .output_s3_key_prefix(&output_prefix)
        .comment(comment);
    let out = cordon_aws::call(ctx, ops::ssm::SEND_COMMAND, req.instance.as_str(), call.send()).await?;
    let command_id = out.command().and_then(|c| c.command_id()).unwrap_or_default().to_string();
    if command_id.is_empty() {
        return Err(ActionError::new(ErrorKind::Other, "SendCommand returned no command id").on(req.instance.as_str()));
    }
    let sent = Sent {
        command_id,
        document: req.platform.document().to_string(),
        platform: req.platform,
        template: req.template,
        command_sha256: hex::encode(Sha256::digest(script.as_bytes())),
        execution_timeout: req.timeout,
        bucket: req.bucket.to_string(),
        uploads,
        output_prefix,
        sent_at: ctx.clock.now().to_string(),
    };
    ctx.save(&SENT, &sent)?;
    Ok(sent)
}

/// The invocation's end: its standard output once it succeeded.
pub(crate) async fn wait(
    aws: &Aws,
    ctx: &StepContext<'_>,
    instance: &InstanceId,
    sent: &Sent,
    timeout: Duration,
    interval: Duration,
) -> Result<String, ActionError> {
    let what = format!("command {} on {instance}", sent.command_id);
    let probe = || async {
        let req = aws.ssm.get_command_invocation().command_id(&sent.command_id).instance_id(instance.as_str());
        let out = match cordon_aws::call(ctx, ops::ssm::GET_COMMAND_INVOCATION, &what, req.send()).await {
            Ok(out) => out,
            // Not visible yet right after SendCommand.
            Err(e) if e.code.as_deref() == Some("InvocationDoesNotExist") => return Ok(None),
            Err(e) => return Err(e),
        };
        let status = out.status().map(|s| s.as_str().to_string()).unwrap_or_default();
        match status.as_str() {
            "Success" => Ok(Some(Ok(out.standard_output_content().unwrap_or_default().to_string()))),
            "Pending" | "InProgress" | "Delayed" | "" => Ok(None),
            _ => {
                let err = out.standard_error_content().unwrap_or_default();
                let detail = out.status_details().unwrap_or_default();
                let code = out.response_code();
                Ok(Some(Err(format!(
                    "{status} ({detail}, exit code {code}): {}",
                    err.trim().chars().take(2000).collect::<String>()
                ))))
            }
        }
    };
    match cordon_aws::poll_until(&what, timeout, interval, probe).await {
        Ok(Ok(stdout)) => Ok(stdout),
        Ok(Err(why)) => Err(ActionError::new(ErrorKind::Other, format!("the command ended {why}")).on(what)),
        Err(e) if e.kind == ErrorKind::Timeout => {
            // Stopped, so that it cannot go on writing to the evidence bucket unobserved.
            let cancel = aws.ssm.cancel_command().command_id(&sent.command_id).instance_ids(instance.as_str());
            let cancelled = match cordon_aws::call(ctx, ops::ssm::CANCEL_COMMAND, &what, cancel.send()).await {
                Ok(_) => "cancelled".to_string(),
                Err(c) => format!("could not be cancelled: {c}"),
            };
            Err(ActionError::new(
                ErrorKind::Timeout,
                format!("no result after {} s; the command {cancelled}", timeout.as_secs()),
            )
            .on(what))
        }
        Err(e) => Err(e),
    }
}

/// One uploaded file, verified and stored in the case.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verified {
    /// The file's name on the host.
    pub name: String,
    /// `s3://bucket/key` it was uploaded to.
    pub object: String,
    /// The S3 version read (absent in an unversioned bucket).
    pub version_id: Option<String>,
    /// The SHA-256 the host printed, which the object's bytes matched.
    pub sha256: String,
    pub size: u64,
    /// Where it is in the case.
    pub artifact: ArtifactRecord,
}

/// Checks one upload against what the host reported and streams it into the case.
pub(crate) async fn fetch_verified(
    aws: &Aws,
    ctx: &StepContext<'_>,
    instance: &InstanceId,
    sent: &Sent,
    key: &str,
    reported: &Reported,
    media_type: &'static str,
) -> Result<Verified, ActionError> {
    let name = reported.name.as_str();
    let bucket = &sent.bucket;
    let uri = format!("s3://{bucket}/{key}");
    let versions = aws.s3.list_object_versions().bucket(bucket).prefix(key);
    let listed = cordon_aws::call(ctx, ops::s3::LIST_BUCKET_VERSIONS, &uri, versions.send()).await?;
    let written: Vec<_> = listed.versions().iter().filter(|v| v.key() == Some(key)).collect();
    let deleted = listed.delete_markers().iter().filter(|m| m.key() == Some(key)).count();
    if written.len() > 1 || deleted > 0 {
        return Err(ActionError::new(
            ErrorKind::Refused,
            format!(
                "written {} times (and deleted {deleted}): someone besides the host used its upload URL; not accepted",
                written.len()
            ),
        )
        .on(uri));
    }
    let version = written.first().and_then(|v| v.version_id()).filter(|v| *v != "null").map(str::to_string);
    // Stored by an attempt that was interrupted before its record: not read again.
    let stored = ctx.artifacts.list().into_iter().find(|a| {
        a.step_id == ctx.step_id
            && a.source == instance.as_str()
            && a.path.rsplit('/').next() == Some(name)
            && a.sha256 == reported.sha256
            && a.size == reported.size
    });
    if let Some(artifact) = stored {
        let (sha256, size) = (artifact.sha256.clone(), artifact.size);
        return Ok(Verified { name: name.to_string(), object: uri, version_id: version, sha256, size, artifact });
    }
    let mut get = aws.s3.get_object().bucket(bucket).key(key);
    if let Some(v) = &version {
        get = get.version_id(v);
    }
    // Reading a version by id is its own permission.
    let op = if version.is_some() { ops::s3::GET_OBJECT_VERSION } else { ops::s3::GET_OBJECT };
    let out = cordon_aws::call(ctx, op, &uri, get.send()).await?;
    let meta = ArtifactMeta { name: name.to_string(), source: instance.to_string(), media_type };
    let mut w = ctx.begin_artifact(meta)?;
    let mut hasher = Sha256::new();
    let mut failed = None;
    let read = each_chunk(out.body, out.content_length, reported.size, |piece| {
        hasher.update(piece);
        w.write(piece).map_err(|e| {
            let m = e.to_string();
            failed = Some(e);
            m
        })
    })
    .await;
    let size = match read {
        Ok(n) => n,
        Err(BodyError::Sink(_)) => {
            return Err(failed.unwrap_or_else(|| ActionError::invalid("the case refused a write").on(uri)));
        }
        Err(BodyError::Read(e)) => return Err(ActionError::new(ErrorKind::Network, format!("reading it: {e}")).on(uri)),
        Err(e) => {
            return Err(ActionError::new(
                ErrorKind::Refused,
                format!("larger than the {} bytes the host reported ({e}); not accepted", reported.size),
            )
            .on(uri));
        }
    };
    let sha = hex::encode(hasher.finalize());
    if sha != reported.sha256 || size != reported.size {
        // `w` is dropped unfinished: nothing of it stays in the case.
        return Err(ActionError::new(
            ErrorKind::Refused,
            format!(
                "does not match what the host reported: the host printed SHA-256 {} ({} bytes), the object has {sha} \
                 ({size} bytes); not accepted",
                reported.sha256, reported.size
            ),
        )
        .on(uri));
    }
    let artifact = w.finish()?;
    Ok(Verified { name: name.to_string(), object: uri, version_id: version, sha256: sha, size, artifact })
}

/// A command that ended: what was sent, to which agent, and what it printed.
pub(crate) struct Ended<'a> {
    pub sent: &'a Sent,
    pub agent: &'a Managed,
    pub stdout: &'a str,
}

/// The command's record in the case: how it was made, what it printed, what was verified.
pub(crate) fn record(
    ctx: &StepContext<'_>,
    instance: &InstanceId,
    file: &str,
    ended: &Ended<'_>,
    verified: &[Verified],
    missing: &[String],
) -> Result<ArtifactRecord, ActionError> {
    let Ended { sent, agent, stdout } = ended;
    let value = serde_json::json!({
        "instance_id": instance.as_str(),
        "platform": sent.platform,
        "platform_name": agent.platform_name,
        "agent_version": agent.agent_version,
        "command": sent,
        "standard_output": stdout,
        "verified": verified,
        "missing": missing,
        "completed_at": ctx.clock.now().to_string(),
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    ctx.store(
        ArtifactMeta { name: file.to_string(), source: instance.to_string(), media_type: "application/json" },
        &bytes,
    )
}

/// This attempt's key prefix: `<prefix>/<case>/<instance>/<step>-<unix seconds>` (one per
/// attempt, so that no attempt's objects are mistaken for another's).
pub(crate) fn attempt_prefix(ctx: &StepContext<'_>, prefix: &str, instance: &InstanceId) -> String {
    let prefix = prefix.trim_matches('/');
    let part = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect()
    };
    let (case, step) = (part(ctx.case_id.as_str()), part(ctx.step_id));
    let at = ctx.clock.now().as_second();
    if prefix.is_empty() {
        format!("{case}/{instance}/{step}-{at}")
    } else {
        format!("{prefix}/{case}/{instance}/{step}-{at}")
    }
}
