//! Memory capture and live response through Systems Manager, against the emulator. The
//! emulator accepts SendCommand but runs nothing, so each test plays the agent's part
//! (`cordon_testenv::ssm_agent`): it reads the command Cordon sent, checks it is exactly
//! the documented one (docs/volatile-evidence.md), and uploads what the real command would
//! — or lies, goes offline, or never answers.

use std::process::{Child, Stdio};
use std::time::Duration;

use cordon_testenv::ssm_agent::{self, SentCommand};
use serde_json::Value;

use crate::helpers::*;

const TOOL_KEY: &str = "avml-0.14.0";

/// The documented template under `## {title}` in docs/volatile-evidence.md.
fn documented(title: &str) -> String {
    let doc = std::fs::read_to_string(workspace().join("docs/volatile-evidence.md")).unwrap();
    let section = doc.split(&format!("## {title}\n")).nth(1).unwrap_or_else(|| panic!("no section {title}"));
    let body = section.split("```").nth(1).unwrap();
    body.split_once('\n').unwrap().1.to_string()
}

async fn state(aws: &cordon_aws::Aws, id: &str) -> String {
    let d = aws.ec2.describe_instances().instance_ids(id).send().await.unwrap();
    d.reservations()[0].instances()[0].state().unwrap().name().unwrap().as_str().to_string()
}

/// A versioned evidence bucket and a tools bucket holding the "tool"; returns
/// (evidence bucket, tool URL, tool SHA-256).
async fn buckets(aws: &cordon_aws::Aws, label: &str) -> (String, String, String) {
    let evidence = format!("evidence-{label}");
    let tools = format!("tools-{label}");
    for b in [&evidence, &tools] {
        aws.s3.create_bucket().bucket(b).send().await.unwrap();
    }
    let on = aws_sdk_s3::types::VersioningConfiguration::builder()
        .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
        .build();
    aws.s3.put_bucket_versioning().bucket(&evidence).versioning_configuration(on).send().await.unwrap();
    // Stands in for AVML: writes 3,000,000 bytes of "memory" to the file it is given.
    let tool = b"#!/bin/sh\nhead -c 3000000 /dev/urandom > \"$1\"\n".to_vec();
    let sha = sha256_hex(&tool);
    aws.s3.put_object().bucket(&tools).key(TOOL_KEY).body(tool.into()).send().await.unwrap();
    (evidence, format!("s3://{tools}/{TOOL_KEY}"), sha)
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// An instance of `image` (t3.micro, no instance store) with the seeded instance profile,
/// so that its agent registers.
async fn managed_instance(aws: &cordon_aws::Aws, seeded: &cordon_testenv::seed::Seeded, image: &str) -> String {
    let profile =
        aws_sdk_ec2::types::IamInstanceProfileSpecification::builder().name(&seeded.instance_profile_name).build();
    let launched = aws
        .ec2
        .run_instances()
        .image_id(image)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&seeded.subnet_id)
        .iam_instance_profile(profile)
        .send()
        .await
        .unwrap();
    launched.instances()[0].instance_id().unwrap().to_string()
}

/// A managed Linux (`windows`: false) or Windows instance; the seeded host runs Windows.
async fn instance_on(aws: &cordon_aws::Aws, seeded: &cordon_testenv::seed::Seeded, windows: bool) -> String {
    let images = aws.ec2.describe_images().owners("amazon").send().await.unwrap();
    let image = images
        .images()
        .iter()
        .find(|i| i.platform().is_some_and(|p| p.as_str() == "windows") == windows)
        .and_then(|i| i.image_id())
        .expect("the emulator has Linux and Windows images");
    managed_instance(aws, seeded, image).await
}

/// Starts `cordon run FIXTURE` in the background; the test answers for the agent meanwhile.
fn start(endpoint: &str, label: &str, case_dir: &std::path::Path, fixture: &str, sets: &[String]) -> Child {
    let fixture = workspace().join("tests/fixtures/playbooks").join(fixture);
    cordon(endpoint, &access_key(label))
        .args(["run", "--output", "json", "--yes", "--case", &format!("IR-{label}")])
        .args(sets.iter().flat_map(|s| ["--set", s.as_str()]))
        .arg("--case-dir")
        .arg(case_dir)
        .arg(fixture)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> (std::process::Output, Value) {
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", text(&out));
    let summary = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, summary)
}

/// The security groups an interface holds now.
async fn groups_of(aws: &cordon_aws::Aws, eni: &str) -> Vec<String> {
    let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
    d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect()
}

fn files_named(dir: &std::path::Path, name: &str) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            n += files_named(&p, name);
        } else if p.file_name().is_some_and(|f| f.to_string_lossy().contains(name)) {
            n += 1;
        }
    }
    n
}

fn step<'v>(summary: &'v Value, id: &str) -> &'v Value {
    summary["summary"]["steps"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()
}

fn memory_sets(instance: &str, bucket: &str, tool_url: &str, sha: &str) -> Vec<String> {
    vec![
        format!("instance_id={instance}"),
        format!("bucket={bucket}"),
        format!("tool_url={tool_url}"),
        format!("tool_sha256={sha}"),
    ]
}

/// The presigned URL the script downloads the tool from, and the command as a template.
fn check_memory_command(cmd: &SentCommand, sha: &str) {
    assert_eq!(cmd.document, "AWS-RunShellScript");
    let tool_url = cmd.tool_url().expect("the script downloads the tool");
    assert!(tool_url.contains(TOOL_KEY) && tool_url.contains("X-Amz-Signature"), "presigned: {tool_url}");
    assert_eq!(
        cmd.as_template(Some((&tool_url, sha))),
        documented("Memory, Linux (AVML)"),
        "exactly the documented command"
    );
    assert_eq!(cmd.uploads().len(), 1, "{}", cmd.script);
}

#[tokio::test]
async fn a_verified_memory_capture_is_stored_and_only_it_lets_the_stop_through() {
    let Some(emu) = emulator() else { return };
    let label = unique("memory");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (bucket, tool_url, sha) = buckets(&aws, &label).await;
    let id = &instance_on(&aws, &seeded, false).await;

    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let child =
        start(&emu.endpoint, &label, &case_dir, "memory-then-stop.yaml", &memory_sets(id, &bucket, &tool_url, &sha));
    let cmd = ssm_agent::next_command(&aws, id, &[], Duration::from_secs(60)).await.unwrap();
    check_memory_command(&cmd, &sha);
    assert_eq!(cmd.execution_timeout.as_deref(), Some("120"));
    // This machine plays the instance: the documented script runs here with sh, fetches
    // the tool with curl, checks its SHA-256, runs it, and uploads the image.
    assert_eq!(ssm_agent::run_here(&aws, &cmd, id).await.unwrap(), 0);
    let (out, summary) = finish(child);
    assert!(out.status.success(), "{}", text(&out));

    let receipt = &step(&summary, "memory")["receipt"];
    assert_eq!(receipt["command"]["command_id"], cmd.command_id.as_str());

    assert_eq!(
        receipt["command"]["command_sha256"],
        sha256_hex(cmd.script.as_bytes()).as_str(),
        "the exact text is hashed"
    );
    let stored = case_dir.join(receipt["image"]["artifact"]["path"].as_str().unwrap());
    let image = std::fs::read(&stored).unwrap();
    assert_eq!(image.len(), 3_000_000, "the image the tool wrote");
    assert_eq!(receipt["image"]["sha256"], sha256_hex(&image).as_str(), "the hash the host printed is the bytes'");
    let record_path = receipt["artifacts"][1]["path"].as_str().unwrap();
    assert!(record_path.ends_with("memory-capture.json"), "{receipt}");
    let record: Value = serde_json::from_slice(&std::fs::read(case_dir.join(record_path)).unwrap()).unwrap();
    assert_eq!(record["command"]["template"], documented("Memory, Linux (AVML)").as_str());
    assert!(!record.to_string().contains("X-Amz-Signature"), "no presigned URL is recorded");
    assert_eq!(state(&aws, id).await, "stopped", "the verified capture let the stop through");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}

#[tokio::test]
async fn a_lying_host_or_a_second_writer_is_refused_and_the_stop_with_it() {
    let Some(emu) = emulator() else { return };
    let label = unique("memlie");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (bucket, tool_url, sha) = buckets(&aws, &label).await;
    let id = &instance_on(&aws, &seeded, false).await;
    let mut seen = Vec::new();

    // The host prints a hash the uploaded bytes do not have.
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let child =
        start(&emu.endpoint, &label, &case_dir, "memory-then-stop.yaml", &memory_sets(id, &bucket, &tool_url, &sha));
    let cmd = ssm_agent::next_command(&aws, id, &seen, Duration::from_secs(60)).await.unwrap();
    seen.push(cmd.command_id.clone());
    let (name, url) = cmd.uploads().remove(0);
    assert_eq!(ssm_agent::put(&url, b"what was uploaded").unwrap(), 200);
    let stdout = ssm_agent::reported(&name, b"what the host claims");
    ssm_agent::reply(&aws, &cmd, id, &stdout, None).await.unwrap();
    let (out, summary) = finish(child);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let error = step(&summary, "memory")["error"].to_string();
    assert!(error.contains("does not match what the host reported"), "{error}");
    let manifest = std::fs::read_to_string(case_dir.join("manifest.json")).unwrap();
    assert!(
        !manifest.contains(&name) && !manifest.contains("memory-capture.json"),
        "nothing of it recorded: {manifest}"
    );
    assert_eq!(files_named(&case_dir, &name), 0, "no partial file left behind");
    let stop_error = step(&summary, "stop")["error"].to_string();
    assert!(stop_error.contains("no verified memory capture"), "{stop_error}");
    assert_eq!(state(&aws, id).await, "running", "not stopped");

    // Someone else writes to the host's upload URL after the host did.
    let case_dir = tmp.path().join("case2");
    let child =
        start(&emu.endpoint, &label, &case_dir, "memory-then-stop.yaml", &memory_sets(id, &bucket, &tool_url, &sha));
    let cmd = ssm_agent::next_command(&aws, id, &seen, Duration::from_secs(60)).await.unwrap();
    let (name, url) = cmd.uploads().remove(0);
    let planted = b"planted image with its own true hash";
    assert_eq!(ssm_agent::put(&url, b"the real image").unwrap(), 200);
    assert_eq!(ssm_agent::put(&url, planted).unwrap(), 200);
    ssm_agent::reply(&aws, &cmd, id, &ssm_agent::reported(&name, planted), None).await.unwrap();
    let (out, summary) = finish(child);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let error = step(&summary, "memory")["error"].to_string();
    assert!(error.contains("written 2 times"), "{error}");
    assert_eq!(state(&aws, id).await, "running");
}

#[tokio::test]
async fn unmanaged_or_offline_instances_are_named_and_nothing_is_sent() {
    let Some(emu) = emulator() else { return };
    let label = unique("memoff");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (bucket, tool_url, sha) = buckets(&aws, &label).await;
    let image = aws.ec2.describe_images().owners("amazon").send().await.unwrap();
    let image_id = image.images().iter().find_map(|i| i.image_id()).unwrap();
    let launched = aws
        .ec2
        .run_instances()
        .image_id(image_id)
        .min_count(1)
        .max_count(1)
        .subnet_id(&seeded.subnet_id)
        .send()
        .await
        .unwrap();
    let bare = launched.instances()[0].instance_id().unwrap().to_string();
    // The seeded instance has a profile; stopped, its agent is lost.
    aws.ec2.stop_instances().instance_ids(&seeded.instance_id).send().await.unwrap();

    for (id, why) in [(bare.as_str(), "has no instance profile"), (seeded.instance_id.as_str(), "ConnectionLost")] {
        let tmp = tempfile::tempdir().unwrap();
        let child = start(
            &emu.endpoint,
            &label,
            &tmp.path().join("case"),
            "memory-then-stop.yaml",
            &memory_sets(id, &bucket, &tool_url, &sha),
        );
        let (out, summary) = finish(child);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let error = step(&summary, "memory")["error"].to_string();
        assert!(error.contains(why) && error.contains(id), "{error}");
        let sent = aws.ssm.list_commands().instance_id(id).send().await.unwrap();
        assert!(sent.commands().is_empty(), "nothing sent to {id}: {:?}", sent.commands());
    }
    assert_eq!(state(&aws, &bare).await, "running", "the unmanaged instance was not stopped");
}

#[tokio::test]
async fn a_command_that_never_answers_is_cancelled_at_the_timeout() {
    let Some(emu) = emulator() else { return };
    let label = unique("memslow");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (bucket, tool_url, sha) = buckets(&aws, &label).await;
    let id = seeded.instance_id.as_str();
    let mut sets = memory_sets(id, &bucket, &tool_url, &sha);
    sets.push("timeout=3".into());
    let tmp = tempfile::tempdir().unwrap();
    let child = start(&emu.endpoint, &label, &tmp.path().join("case"), "memory-then-stop.yaml", &sets);
    let cmd = ssm_agent::next_command(&aws, id, &[], Duration::from_secs(60)).await.unwrap();
    let (out, summary) = finish(child);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let error = step(&summary, "memory")["error"].to_string();
    assert!(error.contains("no result after 3 s; the command cancelled"), "{error}");
    let inv = aws.ssm.get_command_invocation().command_id(&cmd.command_id).instance_id(id).send().await.unwrap();
    assert_eq!(inv.status().map(|s| s.as_str()), Some("Cancelled"), "cancelled in Systems Manager");
    assert_eq!(state(&aws, id).await, "running");
}

/// A live response under way on a managed Linux or Windows instance: the run started,
/// its command read back and checked to be exactly the documented one.
struct Live {
    aws: cordon_aws::Aws,
    id: String,
    _tmp: tempfile::TempDir,
    case_dir: std::path::PathBuf,
    child: Child,
    cmd: SentCommand,
}

async fn live_response(endpoint: &str, prefix: &str, windows: bool) -> Live {
    let label = unique(prefix);
    let (aws, seeded) = seed(endpoint, &label).await;
    let (bucket, _, _) = buckets(&aws, &label).await;
    let id = instance_on(&aws, &seeded, windows).await;
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let sets = vec![format!("instance_id={id}"), format!("bucket={bucket}")];
    let child = start(endpoint, &label, &case_dir, "live-response.yaml", &sets);
    let cmd = ssm_agent::next_command(&aws, &id, &[], Duration::from_secs(60)).await.unwrap();
    let title = if windows { "Live response, Windows" } else { "Live response, Linux" };
    assert_eq!(cmd.as_template(None), documented(title), "exactly the documented commands");
    Live { aws, id, _tmp: tmp, case_dir, child, cmd }
}

#[tokio::test]
async fn windows_live_response_stores_each_verified_output_and_names_the_missing() {
    let Some(emu) = emulator() else { return };
    let Live { aws, id, _tmp, case_dir, child, cmd } = live_response(&emu.endpoint, "livewin", true).await;
    assert_eq!(cmd.document, "AWS-RunPowerShellScript");
    let mut stdout = String::new();
    for (name, url) in cmd.uploads() {
        if name == "kernel-modules.txt" {
            continue; // its upload failed on the host: not reported
        }
        let body = format!("{name} output from {id}\r\n").into_bytes();
        assert_eq!(ssm_agent::put(&url, &body).unwrap(), 200);
        stdout.push_str(&ssm_agent::reported(&name, &body));
    }
    ssm_agent::reply(&aws, &cmd, &id, &stdout, None).await.unwrap();
    let (out, summary) = finish(child);
    assert!(out.status.success(), "{}", text(&out));
    let receipt = &step(&summary, "live")["receipt"];
    assert_eq!(receipt["platform"], "windows");
    assert_eq!(receipt["missing"], serde_json::json!(["kernel-modules.txt"]));
    let outputs = receipt["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 7, "{receipt}");
    for o in outputs {
        let name = o["name"].as_str().unwrap();
        let bytes = std::fs::read(case_dir.join(o["artifact"]["path"].as_str().unwrap())).unwrap();
        assert_eq!(bytes, format!("{name} output from {id}\r\n").into_bytes());
        assert_eq!(o["artifact"]["sha256"], sha256_hex(&bytes).as_str());
    }
    let record = receipt["artifacts"].as_array().unwrap().last().unwrap()["path"].as_str().unwrap();
    assert!(record.ends_with("live-response.json") && case_dir.join(record).exists(), "{receipt}");
}

#[tokio::test]
async fn ec2_compromise_takes_memory_and_live_response_before_it_isolates() {
    let Some(emu) = emulator() else { return };
    let label = unique("memir");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (bucket, tool_url, sha) = buckets(&aws, &label).await;
    let id = seeded.instance_id.as_str();
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let child = cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--output", "json", "--yes", "--case", &format!("IR-{label}")])
        .args(["--set", &format!("instance_id={id}"), "--set", &format!("evidence_bucket={bucket}")])
        .args(["--set", &format!("memory_tool_url={tool_url}"), "--set", &format!("memory_tool_sha256={sha}")])
        .args(["--set", "live_response=true", "--case-dir"])
        .arg(&case_dir)
        .arg(playbook("ec2-compromise.yaml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let memory = ssm_agent::next_command(&aws, id, &[], Duration::from_secs(60)).await.unwrap();
    assert_eq!(memory.uploads().len(), 1, "memory first: {}", memory.script);
    // While memory is being taken, the instance is not isolated yet.
    let groups = groups_of(&aws, &seeded.network_interface_ids[0]).await;
    assert_eq!(groups, std::slice::from_ref(&seeded.web_group_id), "isolation waits for the capture");
    ssm_agent::answer_honestly(&aws, &memory, id, |_| b"memory image".to_vec()).await.unwrap();
    let live = ssm_agent::next_command(&aws, id, std::slice::from_ref(&memory.command_id), Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(live.uploads().len(), 8, "{}", live.script);
    ssm_agent::answer_honestly(&aws, &live, id, |name| format!("{name}\n").into_bytes()).await.unwrap();
    let (out, summary) = finish(child);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(step(&summary, "memory")["status"], "succeeded", "{summary}");
    let report = std::fs::read_to_string(case_dir.join("report.md")).unwrap();
    let image_sha = step(&summary, "memory")["receipt"]["image"]["sha256"].as_str().unwrap().to_string();
    assert!(report.contains(&image_sha), "the report lists the memory image with its hash");
    assert_eq!(step(&summary, "live")["receipt"]["outputs"].as_array().unwrap().len(), 8);
    let groups = groups_of(&aws, &seeded.network_interface_ids[0]).await;
    assert!(!groups.contains(&seeded.web_group_id), "isolated afterwards: {groups:?}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}

#[tokio::test]
async fn linux_live_response_runs_the_documented_script_for_real_and_keeps_its_outputs() {
    let Some(emu) = emulator() else { return };
    let Live { aws, id, _tmp, case_dir, child, cmd } = live_response(&emu.endpoint, "livelin", false).await;
    // This machine plays the instance: the script runs here, with sh, uploading with curl.
    let code = ssm_agent::run_here(&aws, &cmd, &id).await.unwrap();
    assert_eq!(code, 0, "the script ends cleanly even where a command is missing");
    let (out, summary) = finish(child);
    assert!(out.status.success(), "{}", text(&out));
    let receipt = &step(&summary, "live")["receipt"];
    assert_eq!(receipt["missing"], serde_json::json!([]), "{receipt}");
    let read = |name: &str| {
        let o = receipt["outputs"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap();
        let bytes = std::fs::read(case_dir.join(o["artifact"]["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"], sha256_hex(&bytes).as_str(), "{name}: the bytes the host hashed");
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let me = std::process::id().to_string();
    assert!(
        read("processes.txt").lines().any(|l| l.split_whitespace().next() == Some(me.as_str())),
        "this test's process is listed"
    );
    let exe = std::fs::read_link("/proc/self/exe").unwrap();
    let hashed = read("process-executables.txt");
    let mine = hashed.lines().find(|l| l.starts_with(&format!("{me} "))).expect("this test's executable is hashed");
    let digest = sha256_hex(&std::fs::read(&exe).unwrap());
    assert!(mine.contains(&digest) && mine.ends_with(exe.to_str().unwrap()), "{mine}");
}
