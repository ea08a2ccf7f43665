//! `cordon hunt` end to end: an attacker with a leaked access key creates a backdoor
//! user with a key and opens a bucket to everyone, for real against the emulator; the
//! trail's records of it (written as CloudTrail would, the emulator having no
//! CloudTrail) are in the trail bucket. The hunt finds both with the test's own rules,
//! suggests the playbooks, and their `--from-finding` runs contain it: read back
//! through the SDK. The case's report then has a Detections section.

use cordon_aws::s3;
use cordon_core::action::NoCallLog;
use serde_json::{Value, json};

use crate::helpers::*;

const ACCOUNT: &str = "123456789012";

/// Rules written for this test, in SigmaHQ's format.
const RULES: [(&str, &str); 3] = [
    (
        "iam_persistence.yml",
        "title: IAM user given credentials by a long-term key\nid: 3c1f0000-0000-4000-8000-0000000000a1\nstatus: test\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventSource: iam.amazonaws.com\n    eventName:\n      - CreateUser\n      - CreateAccessKey\n    userIdentity.type: IAMUser\n  failed:\n    errorCode|exists: true\n  condition: selection and not failed\nlevel: high\ntags:\n  - attack.persistence\n  - attack.t1136.003\n  - attack.t1098.001\n",
    ),
    (
        "s3_public_policy.yml",
        "title: Bucket policy opened to everyone\nid: 3c1f0000-0000-4000-8000-0000000000a2\nstatus: test\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  base:\n    eventSource: s3.amazonaws.com\n    eventName: PutBucketPolicy\n  principal_any:\n    requestParameters.bucketPolicy.Statement.Principal: '\\*'\n  principal_aws:\n    requestParameters.bucketPolicy.Statement.Principal.AWS: '\\*'\n  condition: base and 1 of principal_*\nlevel: critical\ntags:\n  - attack.exfiltration\n  - attack.t1537\n",
    ),
    (
        "broken.yml",
        "title: Broken\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName|no_such_modifier: x\n  condition: selection\n",
    ),
];

fn record(n: u32, name: &str, source: &str, key: &str, user: &str, params: Value, response: Value) -> Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEATTACKER", "arn": format!("arn:aws:iam::{ACCOUNT}:user/{user}"),
                         "accountId": ACCOUNT, "accessKeyId": key, "userName": user},
        "eventTime": format!("2026-11-29T10:{n:02}:00Z"),
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.66",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu",
        "requestParameters": params,
        "responseElements": response,
        "requestID": format!("req-{n}"),
        "eventID": format!("7e000000-0000-4000-8000-{n:012}"),
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management"
    })
}

#[tokio::test]
async fn a_hunt_finds_the_attack_and_its_suggestions_contain_it() {
    let Some(emu) = emulator() else { return };
    let label = unique("hunt");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let (leaked, user) = (seeded.access_key_id.clone(), seeded.user_name.clone());

    // The attack, made for real with the leaked key.
    let attacker = cordon_testenv::emulator_aws(&emu.endpoint, &leaked).await;
    let backdoor = format!("backdoor-{label}");
    attacker.iam.create_user().user_name(&backdoor).send().await.unwrap();
    let made = attacker.iam.create_access_key().user_name(&backdoor).send().await.unwrap();
    let backdoor_key = made.access_key().unwrap().access_key_id().to_string();
    let loot = format!("loot-{}", label.to_lowercase());
    attacker.s3.create_bucket().bucket(&loot).send().await.unwrap();
    let open = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{loot}/*")}]});
    attacker.s3.put_bucket_policy().bucket(&loot).policy(open.to_string()).send().await.unwrap();
    // A bystander bucket whose policy names one account: no hit.
    let partner = format!("partner-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&partner).send().await.unwrap();
    let narrow = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{partner}/*")}]});

    // What the trail recorded, in its S3 layout.
    let records = vec![
        record(1, "GetCallerIdentity", "sts.amazonaws.com", &leaked, &user, Value::Null, Value::Null),
        record(
            2,
            "CreateUser",
            "iam.amazonaws.com",
            &leaked,
            &user,
            json!({"userName": backdoor}),
            json!({"user": {"userName": backdoor, "arn": format!("arn:aws:iam::{ACCOUNT}:user/{backdoor}")}}),
        ),
        record(
            3,
            "CreateAccessKey",
            "iam.amazonaws.com",
            &leaked,
            &user,
            json!({"userName": backdoor}),
            json!({"accessKey": {"accessKeyId": backdoor_key, "status": "Active", "userName": backdoor}}),
        ),
        record(
            4,
            "CreateBucket",
            "s3.amazonaws.com",
            &leaked,
            &user,
            json!({"bucketName": loot, "Host": "s3.amazonaws.com"}),
            Value::Null,
        ),
        record(
            5,
            "PutBucketPolicy",
            "s3.amazonaws.com",
            &leaked,
            &user,
            json!({"bucketName": loot, "bucketPolicy": open, "policy": [""]}),
            Value::Null,
        ),
        record(
            6,
            "PutBucketPolicy",
            "s3.amazonaws.com",
            "AKIAEXAMPLEADMIN0001",
            "admin",
            json!({"bucketName": partner, "bucketPolicy": narrow, "policy": [""]}),
            Value::Null,
        ),
    ];
    let trail = format!("trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&trail).send().await.unwrap();
    let key = format!(
        "AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/11/29/{ACCOUNT}_CloudTrail_us-east-1_20261129T1015Z_hunt.json.gz"
    );
    let body = crate::timeline::gzip(json!({ "Records": records }).to_string().as_bytes());
    aws.s3.put_object().bucket(&trail).key(&key).body(body.into()).send().await.unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for (name, text) in RULES {
        std::fs::write(rules.join(name), text).unwrap();
    }
    let suggestions = tmp.path().join("suggested");
    let responder = access_key(&label);
    let hunt = |extra: &[&str]| {
        let out = run(cordon(&emu.endpoint, &responder)
            .args(["--output", "json", "hunt", "--from", &format!("s3://{trail}/")])
            .arg("--rules")
            .arg(&rules)
            .arg("--suggest-dir")
            .arg(&suggestions)
            .args(extra));
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let found = hunt(&["--suggest"]);
    let h = &found["hunt"];
    assert_eq!(h["loaded"]["rules"], 2);
    let skipped = &h["loaded"]["skipped"][0];
    assert!(skipped["file"].as_str().unwrap().ends_with("broken.yml") && skipped["line"] == 7, "{skipped}");
    assert_eq!(h["events"], 3, "{h:#}");
    let rule = |id: &str| h["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    let persistence = rule("3c1f0000-0000-4000-8000-0000000000a1");
    assert_eq!(persistence["hits"], 2);
    assert_eq!(persistence["first_seen"], "2026-11-29T10:02:00.000Z");
    assert_eq!(persistence["access_keys"], json!([leaked]));
    assert_eq!(persistence["source_ips"], json!(["203.0.113.66"]));
    let exposure = rule("3c1f0000-0000-4000-8000-0000000000a2");
    assert_eq!((exposure["hits"].clone(), exposure["level"].clone()), (json!(1), json!("critical")));
    assert_eq!(h["rules"][0]["id"], exposure["id"], "the critical rule first");

    // The suggested responses: the leaked key and its user, the backdoor user, the bucket.
    let mut suggested: Vec<(String, Value)> = h["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["playbook"].as_str().unwrap().to_string(), s["inputs"].clone()))
        .collect();
    suggested.sort_by_key(|s| s.1.to_string());
    let mut want = vec![
        ("iam-credential-compromise".to_string(), json!({"access_key_id": leaked, "user_name": user})),
        ("iam-credential-compromise".to_string(), json!({"user_name": backdoor})),
        ("s3-public-exposure".to_string(), json!({"bucket": loot})),
    ];
    want.sort_by_key(|s| s.1.to_string());
    assert_eq!(suggested, want);
    let files: Vec<std::path::PathBuf> =
        found["suggestion_files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().into()).collect();
    assert_eq!(files.len(), 3);
    let file_for = |playbook: &str, needle: &str| {
        files.iter().find(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(playbook) && name.contains(needle)
        })
    };

    // Each suggestion, run as written: the leaked key, the backdoor's key, the bucket.
    let case = format!("IR-{label}");
    let case_dir = tmp.path().join("case");
    let respond = |playbook: &str, finding: &std::path::Path| {
        let out = run(cordon(&emu.endpoint, &responder)
            .args(["run", "--yes", &crate::helpers::playbook(&format!("{playbook}.yaml")), "--case", &case])
            .arg("--from-finding")
            .arg(finding)
            .arg("--case-dir")
            .arg(&case_dir));
        assert!(out.status.success(), "{playbook} {}: {}", finding.display(), text(&out));
    };
    respond("iam-credential-compromise", file_for("iam-credential-compromise", &leaked).unwrap());
    respond("iam-credential-compromise", file_for("iam-credential-compromise", "backdoor").unwrap());
    respond("s3-public-exposure", file_for("s3-public-exposure", &loot).unwrap());
    let status = |user: String| {
        let iam = aws.iam.clone();
        async move {
            let keys = iam.list_access_keys().user_name(user).send().await.unwrap();
            keys.access_key_metadata().iter().map(|k| k.status().unwrap().as_str().to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(status(user.clone()).await, ["Inactive"], "the leaked key");
    assert_eq!(status(backdoor.clone()).await, ["Inactive"], "the backdoor's key");
    let block = s3::public_access_block(&aws, &NoCallLog, &loot).await.unwrap();
    assert_eq!(block, Some(s3::PublicAccessBlock::ALL), "the bucket");
    let untouched = s3::public_access_block(&aws, &NoCallLog, &partner).await.unwrap();
    assert_eq!(untouched, None, "the bystander bucket");

    // The hunt recorded in the case, and the report's Detections section.
    hunt(&["--case", case_dir.to_str().unwrap()]);
    let report = run(cordon(&emu.endpoint, &responder).args(["report", "--format", "md"]).arg(&case_dir));
    assert!(report.status.success(), "{}", text(&report));
    let md = std::fs::read_to_string(case_dir.join("report.md")).unwrap();
    let section = &md[md.find("## Detections").expect("a Detections section")..];
    assert!(section.contains("Bucket policy opened to everyone"), "{section}");
    assert!(section.contains("| critical |"), "{section}");
    assert!(section.contains(&format!("bucket={loot}")), "{section}");
}
