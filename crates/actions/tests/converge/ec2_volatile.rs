//! Memory capture and live response after a crash: the command an interrupted attempt
//! sent is waited for again, never sent twice (a second acquisition would change the
//! memory it reads); an output the attempt already stored is not read again.

use std::sync::Mutex;

use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::list_object_versions::ListObjectVersionsOutput;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ObjectVersion;
use aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput;
use aws_sdk_ssm::operation::get_command_invocation::GetCommandInvocationOutput;
use aws_sdk_ssm::operation::send_command::SendCommandOutput;
use aws_sdk_ssm::types::{CommandInvocationStatus, InstanceInformation, PingStatus, PlatformType};
use sha2::{Digest, Sha256};

use crate::*;

const INSTANCE: &str = "i-0123456789abcdef0";

/// An interrupted attempt's checkpoint: the command it sent, uploading `files`.
fn sent(files: &[&str]) -> Value {
    let uploads: Vec<Value> = files
        .iter()
        .map(|f| serde_json::json!({"name": f, "key": format!("cordon/IR-1/{INSTANCE}/step-1/{f}")}))
        .collect();
    serde_json::json!({"ssm_command": {
        "command_id": "cmd-1", "document": "AWS-RunShellScript", "platform": "linux", "template": "t",
        "command_sha256": "0", "execution_timeout": 60, "bucket": "evidence", "uploads": uploads,
        "output_prefix": "p", "sent_at": "2026-11-30T10:00:00Z"}})
}

/// A managed Linux instance whose command `cmd-1` succeeded, printing `stdout`; every
/// object in the bucket holds `body`. Returns the clients, SendCommand's rule and GetObject's.
fn world(stdout: String, body: &'static [u8]) -> (Aws, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
    let info = mock!(aws_sdk_ssm::Client::describe_instance_information).then_output(|| {
        DescribeInstanceInformationOutput::builder()
            .instance_information_list(
                InstanceInformation::builder()
                    .instance_id(INSTANCE)
                    .ping_status(PingStatus::Online)
                    .platform_type(PlatformType::Linux)
                    .build(),
            )
            .build()
    });
    let send = mock!(aws_sdk_ssm::Client::send_command).then_output(|| SendCommandOutput::builder().build());
    let invocation = mock!(aws_sdk_ssm::Client::get_command_invocation)
        .match_requests(|r| r.command_id() == Some("cmd-1"))
        .then_output(move || {
            GetCommandInvocationOutput::builder()
                .status(CommandInvocationStatus::Success)
                .standard_output_content(stdout.clone())
                .build()
        });
    let versions = mock!(aws_sdk_s3::Client::list_object_versions).then_compute_output(|r| {
        let key = r.prefix().unwrap_or_default().to_string();
        ListObjectVersionsOutput::builder().versions(ObjectVersion::builder().key(key).version_id("v1").build()).build()
    });
    let get = mock!(aws_sdk_s3::Client::get_object)
        .then_compute_output(move |_| GetObjectOutput::builder().body(ByteStream::from_static(body)).build());
    let mut aws = aws();
    aws.ssm = mock_client!(aws_sdk_ssm, RuleMode::MatchAny, [&info, &send, &invocation]);
    aws.s3 = mock_client!(aws_sdk_s3, RuleMode::MatchAny, [&versions, &get]);
    (aws, send, get)
}

fn line(name: &str, body: &[u8]) -> String {
    format!("CORDON-ARTIFACT {name} {} {}\n", hex::encode(Sha256::digest(body)), body.len())
}

#[tokio::test]
async fn a_memory_capture_resumed_after_a_crash_waits_for_the_command_it_sent() {
    use cordon_actions::CaptureMemory;
    use cordon_actions::ec2::capture_memory::Params;
    const IMAGE: &[u8] = b"LiME image bytes";
    let (aws, send, get) = world(line("memory.lime", IMAGE), IMAGE);
    let params: Params = serde_json::from_value(serde_json::json!({
        "instance_id": INSTANCE, "bucket": "evidence", "tool_url": "s3://tools/avml",
        "tool_sha256": "a".repeat(64), "poll_seconds": 1}))
    .unwrap();
    let kept = Kept::default();
    let (receipt, _) =
        try_execute_with(&CaptureMemory, &aws, &params, vec![sent(&["memory.lime"])], vec![], &kept).await;
    let receipt = receipt.unwrap();
    assert_eq!(send.num_calls(), 0, "the command was not sent again");
    assert_eq!(receipt.command.command_id, "cmd-1");
    assert_eq!(receipt.image.sha256, hex::encode(Sha256::digest(IMAGE)));
    assert!(cordon_actions::ec2::capture_memory::captured(&kept.list(), INSTANCE), "the capture record is stored");

    // A second crash after the image was stored but before the record: not read again.
    let before = get.num_calls();
    let image_only = Kept(Mutex::new(vec![receipt.image.artifact.clone()]), Mutex::default());
    let (again, _) =
        try_execute_with(&CaptureMemory, &aws, &params, vec![sent(&["memory.lime"])], vec![], &image_only).await;
    assert_eq!(again.unwrap().image.artifact, receipt.image.artifact);
    assert_eq!(get.num_calls(), before, "the stored image was not downloaded twice");
    assert_eq!(image_only.list().len(), 2, "the image once, and now its record");
    assert_eq!(send.num_calls(), 0);
}

#[tokio::test]
async fn live_response_resumed_after_a_crash_waits_for_its_command_and_names_what_is_missing() {
    use cordon_actions::LiveResponse;
    use cordon_actions::ec2::live_response::Params;
    const OUT: &[u8] = b"output\n";
    let stdout = line("processes.txt", OUT) + &line("connections.txt", OUT);
    let (aws, send, _) = world(stdout, OUT);
    let params: Params =
        serde_json::from_value(serde_json::json!({"instance_id": INSTANCE, "bucket": "evidence", "poll_seconds": 1}))
            .unwrap();
    let kept = Kept::default();
    let prior = vec![sent(&["processes.txt", "connections.txt", "logins.txt"])];
    let (receipt, _) = try_execute_with(&LiveResponse, &aws, &params, prior, vec![], &kept).await;
    let receipt = receipt.unwrap();
    assert_eq!(send.num_calls(), 0, "the command was not sent again");
    assert_eq!(receipt.outputs.len(), 2);
    assert_eq!(receipt.missing, ["logins.txt"]);
    assert_eq!(kept.list().len(), 3, "two outputs and the record");
}
