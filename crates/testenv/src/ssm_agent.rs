//! The SSM agent's part, played by a test: the emulator accepts SendCommand but runs
//! nothing. A test reads the command Cordon sent ([`next_command`]), checks it, and
//! uploads what the real command would: the files to the presigned URLs in the script
//! ([`put`]), and the command's standard output to its S3 output location ([`reply`]),
//! which the emulator (see `moto/cordon_agent.py`) then reports as the invocation's result.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use cordon_aws::Aws;
use sha2::{Digest, Sha256};

/// A command as the emulator holds it.
#[derive(Debug, Clone)]
pub struct SentCommand {
    pub command_id: String,
    pub document: String,
    /// The `commands` parameter: the script.
    pub script: String,
    pub execution_timeout: Option<String>,
    pub output_bucket: String,
    pub output_prefix: String,
}

impl SentCommand {
    /// The files the script uploads, with their presigned URLs, in script order.
    pub fn uploads(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for line in self.script.lines() {
            let line = line.trim();
            let rest = line.strip_prefix("put ").or_else(|| line.strip_prefix("Put "));
            let Some(rest) = rest else { continue };
            let mut parts = rest.split('\'').map(str::trim).filter(|p| !p.is_empty());
            if let (Some(name), Some(url)) = (parts.next(), parts.next()) {
                out.push((name.trim_matches('\'').to_string(), url.to_string()));
            }
        }
        out
    }

    /// The script with each upload URL put back as its `@PUT:<name>@` placeholder and
    /// the tool's URL and hash as theirs: equal to the documented template when Cordon
    /// sent exactly that.
    pub fn as_template(&self, tool: Option<(&str, &str)>) -> String {
        let mut s = self.script.clone();
        for (name, url) in self.uploads() {
            s = s.replace(&url, &format!("@PUT:{name}@"));
        }
        if let Some((url, sha)) = tool {
            s = s.replace(url, "@TOOL_URL@").replace(sha, "@TOOL_SHA256@");
        }
        s
    }

    /// The tool URL the script downloads (the first quoted value of the line that
    /// fetches it: `curl ... -o "$d/avml" 'URL'`, or `Invoke-WebRequest -Uri 'URL' -OutFile`).
    pub fn tool_url(&self) -> Option<String> {
        let line = self.script.lines().find(|l| l.contains("-o \"$d/avml\"") || l.contains("-OutFile"))?;
        line.split('\'').nth(1).map(str::to_string)
    }
}

/// Waits for a command to `instance` other than those in `seen` and returns it.
pub async fn next_command(aws: &Aws, instance: &str, seen: &[String], timeout: Duration) -> Result<SentCommand> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let out = aws.ssm.list_commands().instance_id(instance).send().await?;
        if let Some(c) = out.commands().iter().find(|c| !seen.iter().any(|s| Some(s.as_str()) == c.command_id())) {
            let params = c.parameters();
            let first = |k: &str| params.and_then(|p| p.get(k)).and_then(|v| v.first()).cloned();
            return Ok(SentCommand {
                command_id: c.command_id().unwrap_or_default().to_string(),
                document: c.document_name().unwrap_or_default().to_string(),
                script: first("commands").context("the command has no `commands` parameter")?,
                execution_timeout: first("executionTimeout"),
                output_bucket: c.output_s3_bucket_name().unwrap_or_default().to_string(),
                output_prefix: c.output_s3_key_prefix().unwrap_or_default().to_string(),
            });
        }
        if std::time::Instant::now() > deadline {
            bail!("no command was sent to {instance} within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// An HTTP PUT of `body` to a presigned URL on the loopback emulator, as `curl -T` does.
pub fn put(url: &str, body: &[u8]) -> Result<u16> {
    let rest = url.strip_prefix("http://").context("only the loopback emulator's http:// URLs")?;
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).context("no path")?;
    if !host.starts_with("127.0.0.1:") && !host.starts_with("localhost:") {
        bail!("{host} is not loopback");
    }
    let mut s = TcpStream::connect(host)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let head =
        format!("PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut response = Vec::new();
    s.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).context("no HTTP status")?;
    Ok(status)
}

/// The line the scripts print for an uploaded file.
pub fn reported(name: &str, body: &[u8]) -> String {
    format!("CORDON-ARTIFACT {name} {} {}\n", hex(&Sha256::digest(body)), body.len())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the command's output where the agent would (`<prefix>/<command>/<instance>/
/// <plugin>/stdout`, and `stderr` when given): the invocation then ends.
pub async fn reply(aws: &Aws, cmd: &SentCommand, instance: &str, stdout: &str, stderr: Option<&str>) -> Result<()> {
    let plugin = if cmd.document == "AWS-RunPowerShellScript" { "awsrunPowerShellScript" } else { "awsrunShellScript" };
    let base = format!("{}/{}/{instance}/{plugin}/0.{plugin}", cmd.output_prefix.trim_end_matches('/'), cmd.command_id);
    if let Some(err) = stderr {
        let body = aws_sdk_s3::primitives::ByteStream::from(err.as_bytes().to_vec());
        aws.s3.put_object().bucket(&cmd.output_bucket).key(format!("{base}/stderr")).body(body).send().await?;
    }
    let body = aws_sdk_s3::primitives::ByteStream::from(stdout.as_bytes().to_vec());
    aws.s3.put_object().bucket(&cmd.output_bucket).key(format!("{base}/stdout")).body(body).send().await?;
    Ok(())
}

/// The agent doing its job honestly: each upload gets `content(name)`, and the output
/// reports their true hashes.
pub async fn answer_honestly(
    aws: &Aws,
    cmd: &SentCommand,
    instance: &str,
    content: impl Fn(&str) -> Vec<u8>,
) -> Result<()> {
    let mut stdout = String::new();
    for (name, url) in cmd.uploads() {
        let body = content(&name);
        let status = put(&url, &body)?;
        if status != 200 {
            bail!("PUT of {name} answered {status}");
        }
        stdout.push_str(&reported(&name, &body));
    }
    reply(aws, cmd, instance, &stdout, None).await
}

/// The agent running the command for real, on this (Linux) machine: the script is run
/// with `sh`, as `AWS-RunShellScript` does, and its output (and standard error, when it
/// exits non-zero) is written where the agent writes it. Returns the exit code.
pub async fn run_here(aws: &Aws, cmd: &SentCommand, instance: &str) -> Result<i32> {
    if cmd.document != "AWS-RunShellScript" {
        bail!("only Linux shell commands run here, not {}", cmd.document);
    }
    let dir = std::env::temp_dir().join(format!("cordon-agent-{}", cmd.command_id));
    std::fs::create_dir_all(&dir)?;
    let script = dir.join("_script.sh");
    std::fs::write(&script, &cmd.script)?;
    let out = std::process::Command::new("sh").arg(&script).current_dir(&dir).output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.context("running the script with sh")?;
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    reply(aws, cmd, instance, &stdout, (code != 0).then_some(stderr.as_ref())).await?;
    Ok(code)
}
