//! Inputs from a security finding: Amazon GuardDuty (bare, in an EventBridge event, or
//! `get-findings` output) and AWS Security Hub (ASFF). Pure.

use serde_json::{Map, Value};

/// The facts a finding can supply, named as the inputs they fill.
pub const FACTS: [&str; 7] = ["instance_id", "access_key_id", "user_name", "role_name", "bucket", "account", "region"];

/// What a finding says, as `fact -> value`, plus its type for messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub finding_type: String,
    pub values: Map<String, Value>,
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str().filter(|x| !x.is_empty()).map(str::to_string)
}

/// The last `/`-separated part of an ARN (`…:instance/i-0abc` -> `i-0abc`).
fn arn_tail(arn: &str) -> String {
    arn.rsplit(['/', ':']).next().unwrap_or(arn).to_string()
}

/// Reads a finding document.
pub fn facts(doc: &Value) -> Result<Facts, String> {
    // Unwrap an EventBridge event, a `Findings` list (first finding), or take it bare.
    let finding = doc.get("detail").unwrap_or(doc);
    let finding = match finding.get("Findings").and_then(Value::as_array) {
        Some(list) => list.first().ok_or("the document holds an empty `Findings` list")?,
        None => finding,
    };
    let mut out = Facts::default();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            out.values.entry(k.to_string()).or_insert(Value::String(v));
        }
    };
    if let Some(resource) = finding.get("Resource") {
        // GuardDuty.
        put("instance_id", s(resource, &["InstanceDetails", "InstanceId"]));
        put("access_key_id", s(resource, &["AccessKeyDetails", "AccessKeyId"]));
        let user_type = s(resource, &["AccessKeyDetails", "UserType"]).unwrap_or_default();
        let principal = s(resource, &["AccessKeyDetails", "UserName"]);
        put(if user_type == "AssumedRole" || user_type == "Role" { "role_name" } else { "user_name" }, principal);
        put("bucket", resource.get("S3BucketDetails").and_then(|b| b.get(0)).and_then(|b| s(b, &["Name"])));
        put("account", s(finding, &["AccountId"]));
        put("region", s(finding, &["Region"]));
        out.finding_type = s(finding, &["Type"]).unwrap_or_else(|| "GuardDuty finding".into());
    } else if let Some(resources) = finding.get("Resources").and_then(Value::as_array) {
        // Security Hub ASFF.
        for r in resources {
            let id = s(r, &["Id"]).unwrap_or_default();
            match s(r, &["Type"]).as_deref() {
                Some("AwsEc2Instance") => put("instance_id", Some(arn_tail(&id))),
                Some("AwsIamAccessKey") => {
                    put("access_key_id", s(r, &["Details", "AwsIamAccessKey", "AccessKeyId"]).or(Some(arn_tail(&id))));
                    put("user_name", s(r, &["Details", "AwsIamAccessKey", "PrincipalName"]));
                }
                Some("AwsIamUser") => {
                    put("user_name", s(r, &["Details", "AwsIamUser", "UserName"]).or(Some(arn_tail(&id))))
                }
                Some("AwsIamRole") => {
                    put("role_name", s(r, &["Details", "AwsIamRole", "RoleName"]).or(Some(arn_tail(&id))))
                }
                Some("AwsS3Bucket") => put("bucket", Some(arn_tail(&id))),
                _ => {}
            }
        }
        put("account", s(finding, &["AwsAccountId"]));
        put("region", s(finding, &["Region"]).or_else(|| resources.first().and_then(|r| s(r, &["Region"]))));
        out.finding_type = finding
            .get("Types")
            .and_then(|t| t.get(0))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| s(finding, &["Title"]))
            .unwrap_or_else(|| "Security Hub finding".into());
    } else {
        return Err("neither a GuardDuty finding (no `Resource`) nor a Security Hub finding (no `Resources`)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn guardduty_in_an_eventbridge_event() {
        let doc = json!({"detail": {"AccountId": "123456789012", "Region": "eu-west-1", "Type": "UnauthorizedAccess:EC2/SSHBruteForce",
            "Resource": {"ResourceType": "Instance", "InstanceDetails": {"InstanceId": "i-0123456789abcdef0"},
                         "AccessKeyDetails": {"AccessKeyId": "ASIAEXAMPLE000000000", "UserName": "web-role", "UserType": "AssumedRole"}}}});
        let f = facts(&doc).unwrap();
        assert_eq!(f.finding_type, "UnauthorizedAccess:EC2/SSHBruteForce");
        assert_eq!(f.values["instance_id"], "i-0123456789abcdef0");
        assert_eq!(f.values["role_name"], "web-role");
        assert!(!f.values.contains_key("user_name"));
        assert_eq!(f.values["account"], "123456789012");
    }

    #[test]
    fn security_hub_asff() {
        let doc = json!({"Findings": [{"AwsAccountId": "123456789012", "Region": "us-east-1", "Types": ["TTPs/Initial Access"],
            "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"},
                          {"Type": "AwsIamAccessKey", "Id": "AKIAEXAMPLE000000000", "Details": {"AwsIamAccessKey": {"PrincipalName": "deploy"}}},
                          {"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::loot"}]}]});
        let f = facts(&doc).unwrap();
        assert_eq!(f.values["instance_id"], "i-0123456789abcdef0");
        assert_eq!(f.values["access_key_id"], "AKIAEXAMPLE000000000");
        assert_eq!(f.values["user_name"], "deploy");
        assert_eq!(f.values["bucket"], "loot");
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(facts(&json!({"hello": 1})).is_err());
        assert!(facts(&json!({"Findings": []})).is_err());
    }
}
