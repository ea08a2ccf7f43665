//! GuardDuty and Security Hub findings as timeline events, from the JSON Lines
//! `findings.collect` writes (one finding per line, as the API returned it): GuardDuty's
//! camelCase shape (`type`, `resource`, `service.eventFirstSeen`) or Security Hub's ASFF
//! (`Types`, `Resources`, `FirstObservedAt`).
//!
//! Pure: text in, events out. Each finding is one event at its first sighting, with the
//! finding's id as the event id (the same finding read twice appears once).

use serde_json::Value;

use crate::event::Event;

fn guardduty(v: &Value) -> bool {
    v.get("schemaVersion").is_some() && v.get("resource").is_some() && v.get("type").is_some()
}

fn asff(v: &Value) -> bool {
    v.get("SchemaVersion").is_some() && v.get("ProductArn").is_some() && v.get("Resources").is_some()
}

/// Whether `text` is findings, and if so each one's event or why it could not be read.
pub(crate) fn records(name: &str, text: &str) -> Option<Vec<Result<Event<'static>, String>>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    let first: Value = serde_json::from_str(lines.peek()?).ok()?;
    if !guardduty(&first) && !asff(&first) {
        return None;
    }
    Some(
        lines
            .map(|l| {
                let v: Value = serde_json::from_str(l).map_err(|e| format!("not JSON: {e}"))?;
                if guardduty(&v) {
                    from_guardduty(name, &v)
                } else if asff(&v) {
                    from_asff(name, &v)
                } else {
                    Err("neither a GuardDuty nor a Security Hub finding".into())
                }
            })
            .collect(),
    )
}

fn s<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str().filter(|s| !s.is_empty())
}

fn at(time: &str) -> Result<(String, i64), String> {
    let t: jiff::Timestamp = time.parse().map_err(|e| format!("time {time:?}: {e}"))?;
    Ok((t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), t.as_millisecond()))
}

/// A finding's event with what every finding has; the readers fill in the rest.
fn base(
    name: &str,
    source: &str,
    id: &str,
    title: String,
    time: &str,
    severity: &str,
) -> Result<Event<'static>, String> {
    let (time, time_ms) = at(time)?;
    Ok(Event {
        time: time.into(),
        time_ms,
        event_source: source.to_string().into(),
        event_name: title.into(),
        event_id: Some(format!("{source}:{id}").into()),
        actor: source.to_string().into(),
        actor_type: Some("Finding".into()),
        tags: vec!["finding".into(), format!("severity:{severity}")],
        origin: name.to_string().into(),
        ..Default::default()
    })
}

fn owned(v: Option<&str>) -> Option<std::borrow::Cow<'static, str>> {
    v.map(|x| x.to_string().into())
}

fn from_guardduty(name: &str, v: &Value) -> Result<Event<'static>, String> {
    let id = s(v, &["id"]).ok_or("no id")?;
    let kind = s(v, &["type"]).unwrap_or("finding");
    let title = format!("{kind}: {}", s(v, &["title"]).unwrap_or_default());
    let time = s(v, &["service", "eventFirstSeen"]).or_else(|| s(v, &["createdAt"])).ok_or("no time")?;
    let action = v.get("service").and_then(|x| x.get("action"));
    let ip = action.and_then(|a| {
        ["awsApiCallAction", "networkConnectionAction", "portProbeAction", "kubernetesApiCallAction"]
            .iter()
            .find_map(|k| s(a, &[k, "remoteIpDetails", "ipAddressV4"]))
    });
    let key = s(v, &["resource", "accessKeyDetails", "accessKeyId"]);
    let user = s(v, &["resource", "accessKeyDetails", "userName"]);
    let mut resources: Vec<String> = Vec::new();
    resources.extend(s(v, &["resource", "instanceDetails", "instanceId"]).map(str::to_string));
    resources.extend(key.map(str::to_string));
    if let Some(buckets) = v.get("resource").and_then(|r| r.get("s3BucketDetails")).and_then(Value::as_array) {
        resources.extend(buckets.iter().filter_map(|b| s(b, &["name"])).map(str::to_string));
    }
    let severity = match v.get("severity").and_then(Value::as_f64).unwrap_or(0.0) {
        x if x >= 9.0 => "critical",
        x if x >= 7.0 => "high",
        x if x >= 4.0 => "medium",
        _ => "low",
    };
    let mut e = base(name, "guardduty", id, title, time, severity)?;
    if let Some(who) = user.or(ip) {
        e.actor = who.to_string().into();
    }
    e.access_key_id = owned(key);
    e.source_ip = owned(ip);
    e.account = owned(s(v, &["accountId"]));
    e.region = owned(s(v, &["region"]));
    e.resources = resources.into_iter().map(Into::into).collect();
    Ok(e)
}

fn from_asff(name: &str, v: &Value) -> Result<Event<'static>, String> {
    let id = s(v, &["Id"]).ok_or("no Id")?;
    let kind =
        v.get("Types").and_then(Value::as_array).and_then(|t| t.first()).and_then(Value::as_str).unwrap_or("finding");
    let title = format!("{kind}: {}", s(v, &["Title"]).unwrap_or_default());
    let time = s(v, &["FirstObservedAt"]).or_else(|| s(v, &["CreatedAt"])).ok_or("no time")?;
    let resources: Vec<String> = v
        .get("Resources")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(|x| s(x, &["Id"])).map(str::to_string).collect())
        .unwrap_or_default();
    let ip = s(v, &["Network", "SourceIpV4"]);
    let severity = s(v, &["Severity", "Label"]).unwrap_or("informational").to_ascii_lowercase();
    let mut e = base(name, "securityhub", id, title, time, &severity)?;
    if let Some(ip) = ip {
        e.actor = ip.to_string().into();
    }
    e.source_ip = owned(ip);
    e.account = owned(s(v, &["AwsAccountId"]));
    e.region = owned(s(v, &["Region"]));
    e.resources = resources.into_iter().map(Into::into).collect();
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guardduty_and_asff_findings_become_events_at_their_first_sighting() {
        let gd = serde_json::json!({"schemaVersion": "2.0", "id": "f1", "type": "UnauthorizedAccess:EC2/SSHBruteForce",
            "title": "SSH brute force", "severity": 8.0, "accountId": "123456789012", "region": "us-east-1",
            "createdAt": "2026-11-29T10:05:00.000Z",
            "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0abc"}},
            "service": {"eventFirstSeen": "2026-11-29T10:00:00.000Z",
                "action": {"networkConnectionAction": {"remoteIpDetails": {"ipAddressV4": "203.0.113.9"}}}}});
        let sh = serde_json::json!({"SchemaVersion": "2018-10-08", "Id": "arn:x/f2", "ProductArn": "arn:p",
            "Types": ["TTPs/Initial Access"], "Title": "Exposed", "Severity": {"Label": "HIGH"},
            "CreatedAt": "2026-11-29T11:00:00Z", "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:1:instance/i-0abc"}]});
        let text = format!("{gd}\n{sh}\n{{\"SchemaVersion\":1}}\n");
        let out = records("f", &text).unwrap_or_default();
        let (Some(Ok(a)), Some(Ok(b)), Some(Err(_))) = (out.first(), out.get(1), out.get(2)) else { panic!("{out:?}") };
        assert_eq!(a.time, "2026-11-29T10:00:00.000Z", "the first sighting, not the finding's creation");
        assert_eq!(a.event_id.as_deref(), Some("guardduty:f1"));
        assert_eq!(a.source_ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(a.resources, ["i-0abc"]);
        assert!(a.tags.iter().any(|t| t == "severity:high"));
        assert_eq!(b.event_source, "securityhub");
        assert_eq!(b.event_name, "TTPs/Initial Access: Exposed");
        assert!(records("x", "{\"Records\":[]}").is_none(), "CloudTrail is not findings");
    }
}
