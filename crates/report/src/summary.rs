//! The report's summary: key times and the metrics between them, affected resources and
//! principals, and the chain of custody, all derived from the case directory. A time
//! that the case does not establish is `null` (shown as unknown), never guessed; the
//! responders can state it in `incident.json` (see docs/case-format.md).

use std::collections::BTreeMap;

use cordon_core::journal::{self, Event, StepStatus};
use cordon_timeline::Entry;
use serde::Deserialize;
use serde_json::{Value, json};

/// `incident.json`: what the responders state about the incident (all optional).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    pub title: Option<String>,
    pub severity: Option<String>,
    pub status: Option<String>,
    pub summary: Option<String>,
    pub first_malicious_at: Option<String>,
    pub detected_at: Option<String>,
    pub contained_at: Option<String>,
    pub recovered_at: Option<String>,
}

/// The file responders may add to a case directory.
pub const INCIDENT_FILE: &str = "incident.json";

fn parse(t: &str) -> Option<jiff::Timestamp> {
    t.parse().ok()
}

/// `3h 05m 10s`, `2d 4h 01m`: the time between two instants, or `None` when either is
/// unknown or the order is impossible.
pub fn duration(from: Option<&str>, to: Option<&str>) -> Option<String> {
    let (a, b) = (parse(from?)?, parse(to?)?);
    let secs = b.duration_since(a).as_secs();
    if secs < 0 {
        return None;
    }
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    Some(match (d, h) {
        (0, 0) => format!("{m}m {s:02}s"),
        (0, _) => format!("{h}h {m:02}m {s:02}s"),
        _ => format!("{d}d {h}h {m:02}m"),
    })
}

const SEVERITY_ORDER: [&str; 4] = ["low", "medium", "high", "critical"];

/// Builds the summary object.
pub fn summary(
    entries: &[journal::Entry],
    runs: &[Value],
    timeline: &[Entry],
    incident: &IncidentFile,
    undo_path: &str,
) -> Value {
    let mut accounts = BTreeMap::<String, ()>::new();
    let mut regions = BTreeMap::<String, ()>::new();
    let mut operators = BTreeMap::<String, ()>::new();
    let mut case_id = String::new();
    let mut mutating = BTreeMap::<(u32, String), bool>::new();
    let mut contained: Option<String> = None;
    let mut undo_runs = Vec::new();
    let mut recovered: Option<String> = None;
    for e in entries {
        match &e.event {
            Event::CaseOpened { case_id: id, caller, operator, region, .. } => {
                case_id = id.clone();
                accounts.insert(caller.account.clone(), ());
                if let Some(r) = region {
                    regions.insert(r.clone(), ());
                }
                if let Some(o) = operator {
                    operators.insert(o.clone(), ());
                }
            }
            Event::ApprovalGranted { approved_by, .. } => {
                operators.insert(approved_by.clone(), ());
            }
            Event::RunStarted { run, playbook_path, .. } if playbook_path == undo_path => undo_runs.push(*run),
            Event::StepIntent { run, step_id, mutates, .. } => {
                mutating.insert((*run, step_id.clone()), *mutates);
            }
            Event::StepOutcome { run, step_id, status: StepStatus::Succeeded, .. }
                if !undo_runs.contains(run) && mutating.get(&(*run, step_id.clone())).copied().unwrap_or(false) =>
            {
                contained = Some(e.time.clone());
            }
            Event::RunFinished { run, status: StepStatus::Succeeded, .. } if undo_runs.contains(run) => {
                recovered = Some(e.time.clone());
            }
            _ => {}
        }
    }
    for t in timeline.iter().filter(|t| !t.responder_action) {
        if let Some(a) = &t.account {
            accounts.insert(a.clone(), ());
        }
        if let Some(r) = &t.region {
            regions.insert(r.clone(), ());
        }
    }
    let first_observed = timeline.iter().filter(|t| !t.responder_action).map(|t| t.time.clone()).min();
    let severity = incident.severity.clone().or_else(|| {
        runs.iter()
            .filter_map(|r| r["meta"]["severity"].as_str())
            .max_by_key(|s| SEVERITY_ORDER.iter().position(|x| x == s))
            .map(str::to_string)
    });
    // Stated times are written the one way Cordon writes times; one that is not a time is
    // dropped (and reported by the caller), never guessed at.
    let stated = |t: &Option<String>| t.as_deref().and_then(parse).map(cordon_core::clock::rfc3339_millis);
    let first = stated(&incident.first_malicious_at).or(first_observed.clone());
    let detected = stated(&incident.detected_at);
    let contained = stated(&incident.contained_at).or(contained);
    let recovered = stated(&incident.recovered_at).or(recovered);
    let status = incident.status.clone().unwrap_or_else(|| {
        if recovered.is_some() {
            "recovered"
        } else if contained.is_some() {
            "contained"
        } else {
            "open"
        }
        .to_string()
    });
    fn source(given: &Option<String>, derived: &'static str) -> &'static str {
        if given.is_some() { "incident.json" } else { derived }
    }
    json!({
        "case_id": case_id,
        "title": incident.title.clone().unwrap_or_else(|| format!("Incident {case_id}")),
        "severity": severity,
        "status": status,
        "text": incident.summary,
        "accounts": accounts.keys().collect::<Vec<_>>(),
        "regions": regions.keys().collect::<Vec<_>>(),
        "operators": operators.keys().collect::<Vec<_>>(),
        "playbooks": runs.iter().filter_map(|r| r["playbook"].as_str()).collect::<Vec<_>>(),
        "times": {
            "first_malicious": {"at": first, "source": source(&incident.first_malicious_at, "earliest CloudTrail event in the case timeline")},
            "detected": {"at": detected, "source": source(&incident.detected_at, "not recorded in the case")},
            "contained": {"at": contained, "source": source(&incident.contained_at, "last successful containment step")},
            "recovered": {"at": recovered, "source": source(&incident.recovered_at, "undo run finished")},
        },
        "metrics": {
            "time_to_detect": duration(first.as_deref(), detected.as_deref()),
            "time_to_contain": duration(detected.as_deref(), contained.as_deref()),
            "time_to_recover": duration(detected.as_deref(), recovered.as_deref()),
        },
    })
}

/// Resources touched (by the attacker or the responders) and the principals seen acting.
pub fn affected(steps_changes: &[(String, Vec<String>)], timeline: &[Entry]) -> Value {
    let mut resources = BTreeMap::<String, Vec<&'static str>>::new();
    for (_, changes) in steps_changes {
        for c in changes {
            if let Some((r, _)) = c.split_once(": ") {
                let v = resources.entry(r.to_string()).or_default();
                if !v.contains(&"changed by responders") {
                    v.push("changed by responders");
                }
            }
        }
    }
    let mut principals = BTreeMap::<String, (String, String, u64)>::new();
    for t in timeline.iter().filter(|t| !t.responder_action) {
        for r in &t.resources {
            let v = resources.entry(r.clone()).or_default();
            if !v.contains(&"in CloudTrail activity") {
                v.push("in CloudTrail activity");
            }
        }
        let p = principals.entry(t.actor.clone()).or_insert_with(|| (t.time.clone(), t.time.clone(), 0));
        p.0 = p.0.clone().min(t.time.clone());
        p.1 = p.1.clone().max(t.time.clone());
        p.2 += 1;
    }
    json!({
        "resources": resources.into_iter().map(|(r, how)| json!({"resource": r, "how": how.join(", ")})).collect::<Vec<_>>(),
        "principals": principals.into_iter().map(|(a, (f, l, n))| json!({"principal": a, "first_seen": f, "last_seen": l, "events": n})).collect::<Vec<_>>(),
    })
}

/// The chain of custody, in journal order: every acquisition and every copy out.
pub fn custody(entries: &[journal::Entry]) -> Vec<Value> {
    let mut who = String::from("unknown");
    let mut out = Vec::new();
    for e in entries {
        match &e.event {
            Event::CaseOpened { caller, operator, tool_version, .. } => {
                who = match operator {
                    Some(o) => format!("{o} ({})", caller.arn),
                    None => caller.arn.clone(),
                };
                who.push_str(&format!(", cordon {tool_version}"));
            }
            Event::ArtifactStored { artifact } => out.push(json!({
                "time": e.time, "artifact": artifact.path, "sha256": artifact.sha256, "by": who,
                "what": format!("acquired from {} by {} (step {})", artifact.source, artifact.action, artifact.step_id),
            })),
            Event::Custody { what, operator, user, tool_version, ok, detail } => out.push(json!({
                "time": e.time, "artifact": "(whole case)", "sha256": detail["sha256"].as_str().unwrap_or(""),
                "by": format!("{} ({user}), cordon {tool_version}", operator.as_deref().unwrap_or("unnamed operator")),
                "what": match what.as_str() {
                    "bundled" => format!("bundled into {}", detail["bundle"].as_str().unwrap_or("?")),
                    _ => format!("{what}: {}", if *ok { "passed" } else { "FAILED" }),
                },
            })),
            Event::ArtifactExported { export, .. } => out.push(json!({
                "time": e.time, "artifact": export.path, "sha256": export.sha256, "by": who,
                "what": format!("copied to {} (version {})", export.destination, export.version_id.as_deref().unwrap_or("-")),
            })),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_never_invented() {
        assert_eq!(duration(Some("2026-11-29T10:00:00Z"), Some("2026-11-29T10:04:05Z")).as_deref(), Some("4m 05s"));
        assert_eq!(duration(Some("2026-11-29T10:00:00Z"), Some("2026-11-29T13:00:00Z")).as_deref(), Some("3h 00m 00s"));
        assert_eq!(duration(Some("2026-11-27T10:00:00Z"), Some("2026-11-29T13:01:00Z")).as_deref(), Some("2d 3h 01m"));
        assert_eq!(duration(None, Some("2026-11-29T13:00:00Z")), None);
        assert_eq!(duration(Some("2026-11-29T13:00:00Z"), Some("2026-11-29T10:00:00Z")), None, "impossible order");
        assert_eq!(duration(Some("garbage"), Some("2026-11-29T10:00:00Z")), None);
    }
}
