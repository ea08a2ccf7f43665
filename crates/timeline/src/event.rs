//! The normalized timeline event, and the filter applied to it.
//!
//! An [`Event`] borrows what it can from the buffer it was parsed from (`Event<'a>`), so
//! a record the filter drops costs no allocation per field; [`Event::into_owned`] gives
//! an `Event<'static>` to keep.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::value::RawValue;

type Text<'a> = Cow<'a, str>;

/// One normalized event: from CloudTrail, or a responder action from the case journal.
/// `Default` is the empty event, for readers that set only what their source has.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Event<'a> {
    /// UTC, RFC 3339, milliseconds.
    pub time: Text<'a>,
    /// The same instant in milliseconds since the Unix epoch (for ordering).
    #[serde(skip)]
    pub time_ms: i64,
    /// e.g. `ec2.amazonaws.com`; `cordon` for responder actions.
    pub event_source: Text<'a>,
    /// e.g. `RunInstances`; the step's action for responder actions.
    pub event_name: Text<'a>,
    /// CloudTrail's `eventID` (duplicates across files are dropped on it).
    pub event_id: Option<Text<'a>>,
    /// Who acted, short: `user/alice`, `assumed-role/Role/session`, `root`,
    /// `ec2.amazonaws.com`, `account/111122223333`, or the responder.
    pub actor: Text<'a>,
    /// The `userIdentity.type`.
    pub actor_type: Option<Text<'a>>,
    pub actor_arn: Option<Text<'a>>,
    pub actor_account: Option<Text<'a>>,
    /// The actor's account is not the account the event was recorded in.
    pub cross_account: bool,
    /// An assumed role's session name.
    pub session_name: Option<Text<'a>>,
    pub access_key_id: Option<Text<'a>>,
    /// An IP address, or the AWS service that made the call for the principal.
    pub source_ip: Option<Text<'a>>,
    pub user_agent: Option<Text<'a>>,
    pub region: Option<Text<'a>>,
    /// The account the event was recorded in (`recipientAccountId`).
    pub account: Option<Text<'a>>,
    /// ARNs from `resources` and names/ids from well-known request parameters.
    pub resources: Vec<Text<'a>>,
    /// Tags set or removed by the call (`key=value`, from EC2's `tagSet`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tags: Vec<String>,
    pub read_only: Option<bool>,
    pub error_code: Option<Text<'a>>,
    pub error_message: Option<Text<'a>>,
    /// A step Cordon ran (from the case journal), not observed activity.
    pub responder_action: bool,
    /// Where it was read: a file, an S3 URI, `lookup-events` or `journal`.
    pub origin: Text<'a>,
    /// The record as it was read (CloudTrail events only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<Cow<'a, RawValue>>,
    /// The Sigma rules the record matched (when the build was given rules).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub detections: Vec<std::sync::Arc<crate::detect::Detection>>,
}

impl Event<'_> {
    /// One line describing the event (Timesketch's `message`).
    pub fn message(&self) -> String {
        let mut m = String::with_capacity(160);
        self.write_message(&mut m);
        m
    }

    /// [`Event::message`] appended to `m` (no allocation of its own).
    pub fn write_message(&self, m: &mut String) {
        if self.responder_action {
            m.push_str(&self.event_name);
            return;
        }
        for part in [&*self.event_source, " ", &*self.event_name, " by ", &*self.actor] {
            m.push_str(part);
        }
        if let Some(ip) = &self.source_ip {
            m.push_str(" from ");
            m.push_str(ip);
        }
        for (i, r) in self.resources.iter().enumerate() {
            m.push_str(if i == 0 { " on " } else { ", " });
            m.push_str(r);
        }
        if let Some(code) = &self.error_code {
            m.push_str(" failed: ");
            m.push_str(code);
        }
    }

    /// The same event, owning everything (to keep past the buffer it was read from).
    pub fn into_owned(self) -> Event<'static> {
        fn own(c: Text<'_>) -> Text<'static> {
            Cow::Owned(c.into_owned())
        }
        let opt = |c: Option<Text<'_>>| c.map(own);
        Event {
            time: own(self.time),
            time_ms: self.time_ms,
            event_source: own(self.event_source),
            event_name: own(self.event_name),
            event_id: opt(self.event_id),
            actor: own(self.actor),
            actor_type: opt(self.actor_type),
            actor_arn: opt(self.actor_arn),
            actor_account: opt(self.actor_account),
            cross_account: self.cross_account,
            session_name: opt(self.session_name),
            access_key_id: opt(self.access_key_id),
            source_ip: opt(self.source_ip),
            user_agent: opt(self.user_agent),
            region: opt(self.region),
            account: opt(self.account),
            resources: self.resources.into_iter().map(own).collect(),
            tags: self.tags,
            read_only: self.read_only,
            error_code: opt(self.error_code),
            error_message: opt(self.error_message),
            responder_action: self.responder_action,
            origin: own(self.origin),
            raw: self.raw.map(|r| Cow::Owned(r.into_owned())),
            detections: self.detections,
        }
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
    /// Not a criterion unless `detected_only`: Sigma rules evaluated over each kept
    /// CloudTrail record, their matches attached to the event ([`Event::detections`]).
    pub detect: Option<std::sync::Arc<crate::detect::Detector>>,
    /// Keep only events that matched a rule (a hunt).
    pub detected_only: bool,
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())
}

impl Filter {
    pub fn in_window(&self, time_ms: i64) -> bool {
        self.start_ms.is_none_or(|s| time_ms >= s) && self.end_ms.is_none_or(|e| time_ms <= e)
    }

    pub fn matches(&self, e: &Event<'_>) -> bool {
        if !self.in_window(e.time_ms) {
            return false;
        }
        if e.responder_action {
            return true;
        }
        self.access_key_ok(e.access_key_id.as_deref())
            && self.event_name_ok(&e.event_name)
            && self.source_ip_ok(e.source_ip.as_deref())
            && (!self.errors_only || e.error_code.is_some())
            && self.read_only_ok(e.read_only)
            && any(&self.actors, |a| {
                contains_ci(&e.actor, a)
                    || e.actor_arn.as_deref().is_some_and(|x| contains_ci(x, a))
                    || e.session_name.as_deref().is_some_and(|x| contains_ci(x, a))
            })
            && any(&self.resources, |r| e.resources.iter().any(|x| x.contains(r)))
    }

    // The criteria on fields read straight from the record, one by one: also used to
    // drop a record before it is read in full (`filtered`).
    pub fn event_name_ok(&self, name: &str) -> bool {
        any(&self.event_names, |n| name.eq_ignore_ascii_case(n))
    }

    pub fn access_key_ok(&self, key: Option<&str>) -> bool {
        any(&self.access_keys, |k| key == Some(k))
    }

    pub fn source_ip_ok(&self, ip: Option<&str>) -> bool {
        any(&self.source_ips, |i| ip == Some(i))
    }

    pub fn read_only_ok(&self, read_only: Option<bool>) -> bool {
        !self.writes_only || read_only != Some(true)
    }
}

/// An empty list matches everything; otherwise any of its values.
fn any(list: &[String], f: impl Fn(&str) -> bool) -> bool {
    list.is_empty() || list.iter().any(|v| f(v))
}
