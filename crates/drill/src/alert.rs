//! The alert the team receives: a GuardDuty finding as `aws guardduty get-findings`
//! prints it (which `cordon run --from-finding` reads), and a short briefing.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::scenario::{AlertAbout, Scenario};
use crate::setup::Key;
use crate::state::{DrillState, Kind};
use crate::{DrillError, Result};

fn iso(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The finding, and its id.
pub fn finding(scenario: &Scenario, state: &DrillState, key: Option<&Key>, now: Timestamp) -> Result<Value> {
    let a = &scenario.alert;
    let partition = cordon_aws::partition_of_region(&state.region);
    let id = crate::trail::event_id(&state.drill_id, 0, "finding").replace('-', "");
    let detector = crate::trail::event_id(&state.drill_id, 0, "detector").replace('-', "");
    let first = state.attack.first().map_or(now, |c| c.time);
    let last = state.attack.last().map_or(now, |c| c.time);
    let resource = match &a.about {
        AlertAbout::AccessKey { user } => {
            let key =
                key.ok_or_else(|| DrillError(format!("the alert names the access key of `{user}`, which has none")))?;
            json!({
                "ResourceType": "AccessKey",
                "AccessKeyDetails": {"AccessKeyId": key.access_key_id, "PrincipalId": key.user_id,
                                     "UserName": key.user, "UserType": "IAMUser"},
            })
        }
        AlertAbout::Instance { instance } => {
            let (_, id) = state.instances(instance).into_iter().next().ok_or_else(|| {
                DrillError(format!("the alert names the instance `{instance}`, which the drill has not made"))
            })?;
            let group =
                state.resources.iter().find(|r| r.kind == Kind::Instance && r.name == id).and_then(|r| r.of.clone());
            let mut tags = vec![
                json!({"Key": "Name", "Value": crate::physical(group.as_deref().unwrap_or(instance), &state.drill_id)}),
                json!({"Key": crate::TAG_KEY, "Value": state.drill_id}),
            ];
            if let Some(g) = &group {
                tags.push(json!({"Key": "aws:autoscaling:groupName", "Value": crate::physical(g, &state.drill_id)}));
            }
            json!({
                "ResourceType": "Instance",
                "InstanceDetails": {"InstanceId": id, "InstanceType": "t3.micro", "InstanceState": "running",
                                    "Platform": null, "Tags": tags},
            })
        }
        AlertAbout::RoleCredentials { role } => {
            let key = key.ok_or_else(|| {
                DrillError(format!("the alert names the credentials of `{role}`, which the attack did not use"))
            })?;
            json!({
                "ResourceType": "AccessKey",
                "AccessKeyDetails": {"AccessKeyId": key.access_key_id,
                                     "PrincipalId": format!("{}:{}", key.user_id, key.session.as_ref().map(|(_, s)| s.as_str()).unwrap_or_default()),
                                     "UserName": key.user, "UserType": "AssumedRole"},
            })
        }
        AlertAbout::Bucket { bucket } => {
            let name = state.name_of(Kind::Bucket, bucket).ok_or_else(|| {
                DrillError(format!("the alert names the bucket `{bucket}`, which the drill has not made"))
            })?;
            json!({
                "ResourceType": "S3Bucket",
                "S3BucketDetails": [{"Name": name, "Arn": format!("arn:{partition}:s3:::{name}"), "Type": "Destination",
                                     "Tags": [{"Key": crate::TAG_KEY, "Value": state.drill_id}]}],
            })
        }
    };
    let api = state.attack.last().map(|c| c.event_name.clone()).unwrap_or_default();
    let service = state.attack.last().map(|c| c.event_source.clone()).unwrap_or_default();
    Ok(json!({"Findings": [{
        "AccountId": state.account,
        "Arn": format!("arn:{partition}:guardduty:{}:{}:detector/{detector}/finding/{id}", state.region, state.account),
        "CreatedAt": iso(now),
        "Description": format!("{} (a Cordon drill: {})", scenario.title, state.drill_id),
        "Id": id,
        "Partition": partition,
        "Region": state.region,
        "Resource": resource,
        "SchemaVersion": "2.0",
        "Service": {
            "Action": {"ActionType": "AWS_API_CALL", "AwsApiCallAction": {
                "Api": api, "CallerType": "Remote IP", "ServiceName": service,
                "RemoteIpDetails": {"IpAddressV4": scenario.attack.source_ip},
            }},
            "Archived": false,
            "Count": state.attack.len().max(1),
            "DetectorId": detector,
            "EventFirstSeen": iso(first),
            "EventLastSeen": iso(last),
            "ServiceName": "guardduty",
            "AdditionalInfo": {"Type": "default", "Value": json!({"cordonDrill": state.drill_id}).to_string()},
        },
        "Severity": a.severity,
        "Title": scenario.title,
        "Type": a.finding_type,
        "UpdatedAt": iso(now),
    }]}))
}

/// The briefing the team reads (Markdown).
pub fn briefing(scenario: &Scenario, state: &DrillState, alert_file: &str) -> String {
    format!(
        "# Drill {id}: {title}\n\n{briefing}\n\n- Account {account}, Region {region}\n- The alert: `{alert_file}` \
         (a GuardDuty finding: `cordon run PLAYBOOK --from-finding {alert_file} --case {id}`)\n- When you are done: \
         `cordon drill score` in the drill's directory, with `--case-dir` for each case you worked in\n",
        id = state.drill_id,
        title = scenario.title,
        briefing = scenario.alert.briefing.trim(),
        account = state.account,
        region = state.region,
    )
}
