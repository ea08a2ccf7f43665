//! The normalized timeline event, and the filter applied to it.

use serde::Serialize;
use serde_json::value::RawValue;

/// One normalized event: from CloudTrail, or a responder action from the case journal.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// UTC, RFC 3339, milliseconds.
    pub time: String,
    /// The same instant in milliseconds since the Unix epoch (for ordering).
    #[serde(skip)]
    pub time_ms: i64,
    /// e.g. `ec2.amazonaws.com`; `cordon` for responder actions.
    pub event_source: String,
    /// e.g. `RunInstances`; the step's action for responder actions.
    pub event_name: String,
    /// CloudTrail's `eventID` (duplicates across files are dropped on it).
    pub event_id: Option<String>,
    /// Who acted, short: `user/alice`, `assumed-role/Role/session`, `root`,
    /// `ec2.amazonaws.com`, `account/111122223333`, or the responder.
    pub actor: String,
    /// The `userIdentity.type`.
    pub actor_type: Option<String>,
    pub actor_arn: Option<String>,
    pub actor_account: Option<String>,
    /// The actor's account is not the account the event was recorded in.
    pub cross_account: bool,
    /// An assumed role's session name.
    pub session_name: Option<String>,
    pub access_key_id: Option<String>,
    /// An IP address, or the AWS service that made the call for the principal.
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub region: Option<String>,
    /// The account the event was recorded in (`recipientAccountId`).
    pub account: Option<String>,
    /// ARNs from `resources` and names/ids from well-known request parameters.
    pub resources: Vec<String>,
    /// Tags set or removed by the call (`key=value`, from EC2's `tagSet`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tags: Vec<String>,
    pub read_only: Option<bool>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// A step Cordon ran (from the case journal), not observed activity.
    pub responder_action: bool,
    /// Where it was read: a file, an S3 URI, `lookup-events` or `journal`.
    pub origin: String,
    /// The record as it was read (CloudTrail events only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<Box<RawValue>>,
}

impl Event {
    /// One line describing the event (Timesketch's `message`).
    pub fn message(&self) -> String {
        if self.responder_action {
            return self.event_name.clone();
        }
        let mut m = format!("{} {} by {}", self.event_source, self.event_name, self.actor);
        if let Some(ip) = &self.source_ip {
            m.push_str(" from ");
            m.push_str(ip);
        }
        if !self.resources.is_empty() {
            m.push_str(" on ");
            m.push_str(&self.resources.join(", "));
        }
        if let Some(code) = &self.error_code {
            m.push_str(" failed: ");
            m.push_str(code);
        }
        m
    }
}

/// Which events to keep. Empty lists match everything; several values of one kind match
/// any of them. Responder actions are subject to the time window only.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Inclusive, milliseconds since the epoch.
    pub start_ms: Option<i64>,
    /// Inclusive, milliseconds since the epoch.
    pub end_ms: Option<i64>,
    /// Substrings of the actor, its ARN or session name (case-insensitive).
    pub actors: Vec<String>,
    pub access_keys: Vec<String>,
    /// Event names, exact (case-insensitive).
    pub event_names: Vec<String>,
    /// Substrings of a resource.
    pub resources: Vec<String>,
    pub source_ips: Vec<String>,
    pub errors_only: bool,
    /// Drop events marked `readOnly`.
    pub writes_only: bool,
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())
}

impl Filter {
    pub fn in_window(&self, time_ms: i64) -> bool {
        self.start_ms.is_none_or(|s| time_ms >= s) && self.end_ms.is_none_or(|e| time_ms <= e)
    }

    pub fn matches(&self, e: &Event) -> bool {
        if !self.in_window(e.time_ms) {
            return false;
        }
        if e.responder_action {
            return true;
        }
        let any = |list: &[String], f: &dyn Fn(&str) -> bool| list.is_empty() || list.iter().any(|v| f(v));
        any(&self.actors, &|a| {
            contains_ci(&e.actor, a)
                || e.actor_arn.as_deref().is_some_and(|x| contains_ci(x, a))
                || e.session_name.as_deref().is_some_and(|x| contains_ci(x, a))
        }) && any(&self.access_keys, &|k| e.access_key_id.as_deref() == Some(k))
            && any(&self.event_names, &|n| e.event_name.eq_ignore_ascii_case(n))
            && any(&self.resources, &|r| e.resources.iter().any(|x| x.contains(r)))
            && any(&self.source_ips, &|ip| e.source_ip.as_deref() == Some(ip))
            && (!self.errors_only || e.error_code.is_some())
            && (!self.writes_only || e.read_only != Some(true))
    }
}
