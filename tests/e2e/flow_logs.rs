//! `ec2.collect_flow_logs` against the emulator: the test plays the VPC Flow Logs
//! service's part (the emulator records flow logs but delivers nothing), writing records
//! in the default format to the interface's CloudWatch Logs stream and log files to the
//! S3 layout, inside and outside the window. Exactly the window's records are copied,
//! hashed, and the case verifies; an instance no flow log covers is said to have none.

use serde_json::Value;

use crate::helpers::*;
use crate::timeline::gzip;

const START: &str = "2026-11-29T10:00:00Z";
const END: &str = "2026-11-29T10:30:00Z";

fn ms(t: &str) -> i64 {
    t.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

fn record(eni: &str, at: &str, dst: &str) -> String {
    let s = ms(at) / 1000;
    format!("2 123456789012 {eni} 10.0.1.5 {dst} 49152 443 6 10 8400 {s} {} ACCEPT OK", s + 60)
}

async fn interfaces(aws: &cordon_aws::Aws, instance: &str) -> Vec<String> {
    let out = aws.ec2.describe_instances().instance_ids(instance).send().await.unwrap();
    out.reservations()[0].instances()[0]
        .network_interfaces()
        .iter()
        .filter_map(|n| n.network_interface_id().map(str::to_string))
        .collect()
}

/// A flow log of `eni` delivering to the CloudWatch Logs group `group`.
async fn flow_log_to_group(aws: &cordon_aws::Aws, eni: &str, group: &str) {
    let created = aws
        .ec2
        .create_flow_logs()
        .resource_type(aws_sdk_ec2::types::FlowLogsResourceType::NetworkInterface)
        .resource_ids(eni)
        .traffic_type(aws_sdk_ec2::types::TrafficType::All)
        .log_group_name(group)
        .deliver_logs_permission_arn("arn:aws:iam::123456789012:role/flow-logs")
        .send()
        .await
        .unwrap();
    assert!(created.unsuccessful().is_empty(), "{created:?}");
}

fn collect(endpoint: &str, label: &str, instance: &str, case_dir: &std::path::Path) -> Value {
    let fixture = workspace().join("tests/fixtures/playbooks/collect-flow-logs.yaml");
    let out = run(cordon(endpoint, &access_key(label))
        .args([
            "run",
            "--output",
            "json",
            "--case",
            &format!("IR-{label}"),
            "--set",
            &format!("instance_id={instance}"),
        ])
        .args(["--set", &format!("start={START}"), "--set", &format!("end={END}"), "--case-dir"])
        .arg(case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    summary["summary"]["steps"][0]["receipt"].clone()
}

#[tokio::test]
async fn the_windows_flow_records_are_copied_from_cloudwatch_logs_and_s3() {
    let Some(emu) = emulator() else { return };
    let label = unique("flow");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let enis = interfaces(&aws, &seeded.instance_id).await;
    let eni = enis[0].clone();

    // CloudWatch Logs: one stream per interface, as VPC Flow Logs names them.
    let group = format!("/vpc/flow/{label}");
    aws.logs.create_log_group().log_group_name(&group).send().await.unwrap();
    let stream = format!("{eni}-all");
    aws.logs.create_log_stream().log_group_name(&group).log_stream_name(&stream).send().await.unwrap();
    let times = ["2026-11-29T09:50:00Z", "2026-11-29T10:05:00Z", "2026-11-29T10:20:00Z", "2026-11-29T10:45:00Z"];
    let events: Vec<_> = times
        .iter()
        .map(|t| {
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(ms(t))
                .message(record(&eni, t, "198.51.100.7"))
                .build()
                .unwrap()
        })
        .collect();
    aws.logs
        .put_log_events()
        .log_group_name(&group)
        .log_stream_name(&stream)
        .set_log_events(Some(events))
        .send()
        .await
        .unwrap();
    flow_log_to_group(&aws, &eni, &group).await;

    // S3: the flow log files of the window's day, one before and one inside the window.
    let bucket = format!("flow-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let s3_log = aws
        .ec2
        .create_flow_logs()
        .resource_type(aws_sdk_ec2::types::FlowLogsResourceType::NetworkInterface)
        .resource_ids(&eni)
        .traffic_type(aws_sdk_ec2::types::TrafficType::All)
        .log_destination_type(aws_sdk_ec2::types::LogDestinationType::S3)
        // The emulator takes no prefix in the destination ARN (AWS does; both layouts are read).
        .log_destination(format!("arn:aws:s3:::{bucket}"))
        .send()
        .await
        .unwrap();
    let fl = s3_log.flow_log_ids()[0].clone();
    let day = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/29/";
    let key = |stamp: &str| format!("{day}123456789012_vpcflowlogs_us-east-1_{fl}_{stamp}_a1b2c3d4.log.gz");
    let (inside, before) = (key("20261129T1010Z"), key("20261129T0800Z"));
    for (k, t) in [(&inside, "2026-11-29T10:05:00Z"), (&before, "2026-11-29T07:55:00Z")] {
        let body = gzip(format!("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n{}\n", record(&eni, t, "203.0.113.9")).as_bytes());
        aws.s3.put_object().bucket(&bucket).key(k.as_str()).body(body.into()).send().await.unwrap();
    }

    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let receipt = collect(&emu.endpoint, &label, &seeded.instance_id, &case_dir);
    assert!(receipt["none_found"].is_null(), "{receipt}");
    let logs = receipt["flow_logs"].as_array().unwrap();
    assert_eq!(logs.len(), 2, "{receipt}");
    let cw = logs.iter().find(|l| l["destination_type"] == "cloud-watch-logs").unwrap();
    assert_eq!(cw["events"], 2, "the two records inside the window: {cw}");
    let path = case_dir.join(cw["artifacts"][0]["path"].as_str().unwrap());
    let lines: Vec<Value> =
        std::fs::read_to_string(&path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let copied: Vec<i64> = lines.iter().map(|l| l["timestamp"].as_i64().unwrap()).collect();
    assert_eq!(copied, [ms(times[1]), ms(times[2])]);
    assert!(lines.iter().all(|l| l["message"].as_str().unwrap().contains(&eni) && l["stream"] == stream.as_str()));
    let s3 = logs.iter().find(|l| l["destination_type"] == "s3").unwrap();
    let sources: Vec<&str> =
        s3["artifacts"].as_array().unwrap().iter().map(|a| a["source"].as_str().unwrap()).collect();
    assert_eq!(sources, [format!("s3://{bucket}/{inside}")], "only the window's file: {s3}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());

    // On the timeline as network events: both sources, one time order.
    let tl = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["timeline", "build", "--format", "jsonl"])
        .arg(case_dir.join("artifacts/flows")));
    assert!(tl.status.success(), "{}", text(&tl));
    let events: Vec<Value> =
        String::from_utf8_lossy(&tl.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let flows: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["event_source"] == "vpc-flow-logs")
        .map(|e| (e["datetime"].as_str().unwrap().to_string(), e["event_name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(flows.len(), 3, "two records from CloudWatch Logs, one from S3: {flows:?}");
    assert!(flows.windows(2).all(|w| w[0].0 <= w[1].0), "in time order: {flows:?}");
    assert!(flows.iter().any(|(_, n)| n.contains("-> 203.0.113.9:443")), "{flows:?}");
    assert!(flows.iter().all(|(_, n)| n.starts_with("ACCEPT tcp 10.0.1.5:49152")), "{flows:?}");
}

/// A flow log whose log group is gone (deleted after the flow log was made, as an
/// attacker covering tracks would): said so, and the step still succeeds.
#[tokio::test]
async fn a_deleted_log_group_is_reported_not_fatal() {
    let Some(emu) = emulator() else { return };
    let label = unique("goneflow");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let eni = interfaces(&aws, &seeded.instance_id).await[0].clone();
    let group = format!("/vpc/gone/{label}");
    flow_log_to_group(&aws, &eni, &group).await;
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let receipt = collect(&emu.endpoint, &label, &seeded.instance_id, &case_dir);
    let skipped = receipt["flow_logs"][0]["skipped"].as_str().unwrap_or_default();
    assert!(skipped.contains(&group), "{receipt}");
    assert_eq!(receipt["flow_logs"][0]["artifacts"], serde_json::json!([]), "nothing partial kept: {receipt}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}

#[tokio::test]
async fn an_instance_no_flow_log_covers_is_said_to_have_no_network_evidence() {
    let Some(emu) = emulator() else { return };
    let label = unique("noflow");
    let (_aws, seeded) = seed(&emu.endpoint, &label).await;
    let tmp = tempfile::tempdir().unwrap();
    let receipt = collect(&emu.endpoint, &label, &seeded.instance_id, &tmp.path().join("case"));
    assert_eq!(receipt["flow_logs"], serde_json::json!([]), "{receipt}");
    let none = receipt["none_found"].as_str().unwrap();
    assert!(none.contains(&seeded.instance_id) && none.contains("no network evidence"), "{none}");
}
