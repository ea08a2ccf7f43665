//! Inputs from a security finding, in every shape a responder is handed one:
//! - Amazon GuardDuty: the `get-findings` output (`{"Findings": [...]}`, PascalCase), the
//!   API's own JSON and the console's export (camelCase, bare or in a list), an
//!   EventBridge event (`detail`, camelCase), and `findings.collect`'s JSON Lines;
//! - AWS Security Hub (ASFF): one finding, a list, or `{"Findings": [...]}`, bare or in
//!   an EventBridge event.
//!
//! Keys are matched whatever the case of their first letter (the API's camelCase and the
//! CLI's PascalCase name the same fields). The first finding of a list is read. Pure.

use serde_json::{Map, Value};

/// The facts a finding can supply, named as the inputs they fill.
pub const FACTS: [&str; 8] =
    ["instance_id", "asg_name", "access_key_id", "user_name", "role_name", "bucket", "account", "region"];

/// What a finding says, as `fact -> value`, plus its type for messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub finding_type: String,
    pub values: Map<String, Value>,
}

/// `v[key]`, or `v[Key]` / `v[key]` with the first letter's case swapped.
fn g<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.get(key).or_else(|| {
        let mut c = key.chars();
        let first = c.next()?;
        let swapped: String = if first.is_uppercase() {
            first.to_lowercase().chain(c).collect()
        } else {
            first.to_uppercase().chain(c).collect()
        };
        v.get(swapped)
    })
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    path.iter().try_fold(v, |v, k| g(v, k))?.as_str().filter(|x| !x.is_empty()).map(str::to_string)
}

/// Reads a finding file: one JSON document, or JSON Lines (the first line).
pub fn facts_from_text(text: &str) -> Result<Facts, String> {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let first = text.lines().find(|l| !l.trim().is_empty()).ok_or("the file is empty")?;
            serde_json::from_str(first).map_err(|_| format!("not JSON: {e}"))?
        }
    };
    facts(&doc)
}

/// The last `/`-separated part of an ARN (`…:instance/i-0abc` -> `i-0abc`).
fn arn_tail(arn: &str) -> String {
    arn.rsplit(['/', ':']).next().unwrap_or(arn).to_string()
}

/// Reads a finding document.
pub fn facts(doc: &Value) -> Result<Facts, String> {
    // Unwrap a list, an EventBridge event, a `Findings` list (first finding), or take it bare.
    let first = |list: &'_ Vec<Value>| list.first().cloned().ok_or("the document holds an empty list of findings");
    let mut finding = doc.clone();
    for _ in 0..3 {
        finding = match (&finding, finding.get("detail"), g(&finding, "Findings").and_then(Value::as_array)) {
            (Value::Array(list), _, _) => first(list)?,
            (_, Some(detail), _) => detail.clone(),
            (_, None, Some(list)) => first(list)?,
            _ => break,
        };
    }
    let finding = &finding;
    let mut out = Facts::default();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            out.values.entry(k.to_string()).or_insert(Value::String(v));
        }
    };
    if let Some(resource) = g(finding, "Resource") {
        // GuardDuty.
        put("instance_id", s(resource, &["InstanceDetails", "InstanceId"]));
        // An instance of an Auto Scaling group: the group, for playbooks that take it.
        let tags = resource.get("InstanceDetails").and_then(|d| g(d, "Tags")).and_then(Value::as_array);
        put(
            "asg_name",
            tags.into_iter()
                .flatten()
                .find(|t| s(t, &["Key"]).as_deref() == Some("aws:autoscaling:groupName"))
                .and_then(|t| s(t, &["Value"])),
        );
        put("access_key_id", s(resource, &["AccessKeyDetails", "AccessKeyId"]));
        let user_type = s(resource, &["AccessKeyDetails", "UserType"]).unwrap_or_default();
        let principal = s(resource, &["AccessKeyDetails", "UserName"]);
        put(if user_type == "AssumedRole" || user_type == "Role" { "role_name" } else { "user_name" }, principal);
        put("bucket", g(resource, "S3BucketDetails").and_then(|b| b.get(0)).and_then(|b| s(b, &["Name"])));
        put("account", s(finding, &["AccountId"]));
        put("region", s(finding, &["Region"]));
        out.finding_type = s(finding, &["Type"]).unwrap_or_else(|| "GuardDuty finding".into());
    } else if let Some(resources) = g(finding, "Resources").and_then(Value::as_array) {
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
        out.finding_type = g(finding, "Types")
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
    fn an_instance_of_an_auto_scaling_group_names_its_group() {
        let doc = json!({"Findings": [{"Type": "CryptoCurrency:EC2/BitcoinTool.B!DNS", "Resource": {"ResourceType": "Instance",
            "InstanceDetails": {"InstanceId": "i-0123456789abcdef0", "Tags": [{"Key": "Name", "Value": "worker"},
                {"Key": "aws:autoscaling:groupName", "Value": "workers-prod"}]}}}]});
        let f = facts(&doc).unwrap();
        assert_eq!(f.values["asg_name"], "workers-prod");
        assert_eq!(f.values["instance_id"], "i-0123456789abcdef0");
        let doc = json!({"Resource": {"InstanceDetails": {"InstanceId": "i-0123456789abcdef0", "Tags": [{"Key": "Name", "Value": "x"}]}}});
        assert!(!facts(&doc).unwrap().values.contains_key("asg_name"));
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

    /// A GuardDuty finding as the API and the console's export write it (camelCase).
    fn camel() -> Value {
        json!({"schemaVersion": "2.0", "accountId": "123456789012", "region": "us-east-1", "id": "f1",
            "type": "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
            "resource": {"resourceType": "AccessKey", "instanceDetails": {"instanceId": "i-0123456789abcdef0"},
                "accessKeyDetails": {"accessKeyId": "ASIAEXAMPLE000000000", "userName": "web-role", "userType": "AssumedRole"}}})
    }

    fn expect_camel(f: &Facts) {
        assert_eq!(f.finding_type, "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS");
        assert_eq!(f.values["instance_id"], "i-0123456789abcdef0");
        assert_eq!(f.values["access_key_id"], "ASIAEXAMPLE000000000");
        assert_eq!(f.values["role_name"], "web-role");
        assert_eq!(f.values["account"], "123456789012");
    }

    #[test]
    fn guardduty_camel_case_from_the_console_the_api_and_eventbridge() {
        // The console's export: the bare finding, or a list of them.
        expect_camel(&facts(&camel()).unwrap());
        expect_camel(&facts(&json!([camel()])).unwrap());
        // The API's GetFindings response body.
        expect_camel(&facts(&json!({"findings": [camel()]})).unwrap());
        // EventBridge delivers the finding under `detail`, camelCase.
        let event =
            json!({"version": "0", "detail-type": "GuardDuty Finding", "source": "aws.guardduty", "detail": camel()});
        expect_camel(&facts(&event).unwrap());
        // findings.collect's JSON Lines: the first finding.
        let lines = format!("{}\n{}\n", camel(), json!({"id": "f2"}));
        expect_camel(&facts_from_text(&lines).unwrap());
    }

    #[test]
    fn asff_bare_or_in_a_list() {
        let one = json!({"AwsAccountId": "123456789012", "Types": ["Effects/Data Exposure"],
            "Resources": [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::loot"}]});
        assert_eq!(facts(&one).unwrap().values["bucket"], "loot");
        assert_eq!(facts(&json!([one])).unwrap().values["bucket"], "loot");
        let event = json!({"detail-type": "Security Hub Findings - Imported", "detail": {"findings": [one]}});
        assert_eq!(facts(&event).unwrap().values["bucket"], "loot");
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(facts(&json!([])).is_err());
        assert!(facts_from_text("").is_err());
        assert!(facts_from_text("not json").is_err());
        assert!(facts(&json!({"hello": 1})).is_err());
        assert!(facts(&json!({"Findings": []})).is_err());
    }
}
