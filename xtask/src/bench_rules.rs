//! The benchmark's rule set: 60 Sigma rules of the size and shape of SigmaHQ's
//! CloudTrail set (written here, not copied from it): most fix `eventSource` and one
//! to several `eventName`s; some add an identity type, a request parameter, an error,
//! or a filter on the user agent; a few match on a field alone. Some of them match
//! the benchmark archive's events (a few percent of them), most do not, as in a real
//! hunt.

use std::path::Path;

use anyhow::Result;

/// (event source, event names) pairs the rules are made from.
const SERVICES: [(&str, &[&str]); 12] = [
    ("iam.amazonaws.com", &["CreateUser", "CreateAccessKey", "AttachUserPolicy", "CreateLoginProfile"]),
    ("iam.amazonaws.com", &["PutUserPolicy", "UpdateAssumeRolePolicy", "DeactivateMFADevice"]),
    ("ec2.amazonaws.com", &["AuthorizeSecurityGroupIngress", "ModifyInstanceAttribute"]),
    ("ec2.amazonaws.com", &["CreateKeyPair", "ImportKeyPair", "ModifySnapshotAttribute"]),
    ("ec2.amazonaws.com", &["RunInstances", "GetPasswordData"]),
    ("s3.amazonaws.com", &["PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock"]),
    ("s3.amazonaws.com", &["PutBucketLogging", "DeleteBucketEncryption", "PutBucketReplication"]),
    ("cloudtrail.amazonaws.com", &["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]),
    ("guardduty.amazonaws.com", &["DeleteDetector", "UpdateDetector", "CreateIPSet"]),
    ("kms.amazonaws.com", &["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"]),
    ("sts.amazonaws.com", &["GetFederationToken", "GetSessionToken"]),
    ("lambda.amazonaws.com", &["UpdateFunctionCode20150331v2", "AddPermission20150331v2"]),
];

fn rule(n: usize, detection: &str, level: &str) -> String {
    format!(
        "title: Benchmark rule {n}\nid: 00000000-0000-4000-8000-{n:012}\nstatus: test\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\nfalsepositives:\n  - Administrators\nlevel: {level}\ntags:\n  - attack.t{}\n",
        1000 + n
    )
}

fn names(list: &[&str]) -> String {
    list.iter().map(|n| format!("      - {n}\n")).collect()
}

/// The calls the benchmark archive holds: most rules name other calls, as most of a real
/// rule set never fires on ordinary activity.
const IN_ARCHIVE: [&str; 4] = ["CreateUser", "CreateAccessKey", "AuthorizeSecurityGroupIngress", "RunInstances"];

fn not_in_archive(list: &[&'static str]) -> Vec<&'static str> {
    let out: Vec<&str> = list.iter().copied().filter(|n| !IN_ARCHIVE.contains(n)).collect();
    if out.is_empty() { vec!["GetPasswordData"] } else { out }
}

/// Writes the rules into `dir` (replacing what is there); returns how many. Without
/// `field_only`, every rule fixes `eventSource` (as SigmaHQ's CloudTrail rules do).
pub fn write_rules(dir: &Path, field_only: bool) -> Result<usize> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let mut rules = Vec::new();
    for (i, (source, list)) in SERVICES.iter().enumerate() {
        // The plain shape: the service and its calls.
        rules.push(rule(
            rules.len(),
            &format!(
                "  selection:\n    eventSource: {source}\n    eventName:\n{}  condition: selection",
                names(&not_in_archive(list))
            ),
            "medium",
        ));
        // Each call alone, made by the root user.
        rules.push(rule(
            rules.len(),
            &format!(
                "  selection:\n    eventSource: {source}\n    eventName: {}\n    userIdentity.type: Root\n  condition: selection",
                list[i % list.len()]
            ),
            "high",
        ));
        // With a filter on the caller's user agent.
        rules.push(rule(
            rules.len(),
            &format!(
                "  selection:\n    eventSource: {source}\n    eventName:\n{}  filter_console:\n    userAgent|contains:\n      - console.amazonaws.com\n      - signin.amazonaws.com\n  condition: selection and not filter_console",
                names(&not_in_archive(list))
            ),
            "medium",
        ));
        // Only when it failed.
        rules.push(rule(
            rules.len(),
            &format!(
                "  selection:\n    eventSource: {source}\n    eventName|startswith: {}\n    errorCode:\n      - AccessDenied\n      - UnauthorizedOperation\n  condition: selection",
                &list[0][..list[0].len().min(6)]
            ),
            "low",
        ));
        // A request parameter.
        rules.push(rule(
            rules.len(),
            &format!(
                "  selection:\n    eventSource: {source}\n    eventName: {}\n    requestParameters.userName|contains: admin\n  condition: selection",
                list[list.len() - 1]
            ),
            "high",
        ));
    }
    // Field-only rules, which every record is a candidate for: any call from an address
    // range, or a write by a named session.
    if field_only {
        for (cidr, level) in [("203.0.113.0/24", "high"), ("192.0.2.0/24", "medium"), ("100.64.0.0/10", "low")] {
            rules.push(rule(
                rules.len(),
                &format!("  selection:\n    sourceIPAddress|cidr: {cidr}\n  condition: selection"),
                level,
            ));
        }
        rules.push(rule(
            rules.len(),
            "  selection:\n    userIdentity.sessionContext.sessionIssuer.userName|endswith: Admin\n    readOnly: false\n  condition: selection",
            "medium",
        ));
    }
    for (n, text) in rules.iter().enumerate() {
        std::fs::write(dir.join(format!("rule_{n:02}.yml")), text)?;
    }
    Ok(rules.len())
}
