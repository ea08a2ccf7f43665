//! The borrowed shape of one CloudTrail record, and its normalization into an [`Event`].
//!
//! Parsing borrows from the decompressed buffer (no owned copy of fields that are
//! dropped by the filter). Every field is optional and lenient: a number where a string
//! was expected, an object where a scalar was expected, or a missing field never fails
//! the record; only a record without a usable `eventTime` is rejected.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::event::Event;

/// A string-ish field: strings borrow, numbers and booleans are rendered, anything else
/// (objects, arrays, null) is `None`.
#[derive(Debug, Default)]
pub(crate) struct Lenient<'a>(pub Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Lenient<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v))))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Borrowed(if v { "true" } else { "false" }))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Lenient(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(V)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'a> Lenient<'a> {
    fn owned(&self) -> Option<String> {
        self.0.as_deref().filter(|s| !s.is_empty()).map(str::to_string)
    }
    fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.is_empty())
    }
}

/// An object field of any shape: used only when it is an object of the expected shape
/// (serde would otherwise also read a struct from an array, by position).
fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    let raw: &'de RawValue = <&RawValue>::deserialize(d)?;
    if !raw.get().starts_with('{') {
        return Ok(T::default());
    }
    Ok(serde_json::from_str(raw.get()).unwrap_or_default())
}

/// A list field of any shape: used only when it is an array of the expected shape.
fn lenient_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let raw: &'de RawValue = <&RawValue>::deserialize(d)?;
    if !raw.get().starts_with('[') {
        return Ok(Vec::new());
    }
    Ok(serde_json::from_str(raw.get()).unwrap_or_default())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Record<'a> {
    #[serde(rename = "eventTime", borrow, default)]
    event_time: Lenient<'a>,
    #[serde(rename = "eventSource", borrow, default)]
    event_source: Lenient<'a>,
    #[serde(rename = "eventName", borrow, default)]
    event_name: Lenient<'a>,
    #[serde(rename = "eventID", borrow, default)]
    event_id: Lenient<'a>,
    #[serde(rename = "awsRegion", borrow, default)]
    region: Lenient<'a>,
    #[serde(rename = "sourceIPAddress", borrow, default)]
    source_ip: Lenient<'a>,
    #[serde(rename = "userAgent", borrow, default)]
    user_agent: Lenient<'a>,
    #[serde(rename = "errorCode", borrow, default)]
    error_code: Lenient<'a>,
    #[serde(rename = "errorMessage", borrow, default)]
    error_message: Lenient<'a>,
    #[serde(rename = "recipientAccountId", borrow, default)]
    account: Lenient<'a>,
    #[serde(rename = "readOnly", borrow, default)]
    read_only: Lenient<'a>,
    #[serde(rename = "userIdentity", borrow, default, deserialize_with = "lenient")]
    identity: Identity<'a>,
    #[serde(rename = "requestParameters", borrow, default, deserialize_with = "lenient")]
    params: Params<'a>,
    #[serde(borrow, default, deserialize_with = "lenient_list")]
    resources: Vec<Resource<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct Identity<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Lenient<'a>,
    #[serde(borrow, default)]
    arn: Lenient<'a>,
    #[serde(rename = "userName", borrow, default)]
    user_name: Lenient<'a>,
    #[serde(rename = "principalId", borrow, default)]
    principal_id: Lenient<'a>,
    #[serde(rename = "accountId", borrow, default)]
    account_id: Lenient<'a>,
    #[serde(rename = "accessKeyId", borrow, default)]
    access_key_id: Lenient<'a>,
    #[serde(rename = "invokedBy", borrow, default)]
    invoked_by: Lenient<'a>,
    #[serde(rename = "identityProvider", borrow, default)]
    identity_provider: Lenient<'a>,
    #[serde(rename = "sessionContext", borrow, default, deserialize_with = "lenient")]
    session: SessionContext<'a>,
}

#[derive(Debug, Default, Deserialize)]
struct SessionContext<'a> {
    #[serde(rename = "sessionIssuer", borrow, default, deserialize_with = "lenient")]
    issuer: Issuer<'a>,
}

#[derive(Debug, Default, Deserialize)]
struct Issuer<'a> {
    #[serde(borrow, default)]
    arn: Lenient<'a>,
    #[serde(rename = "userName", borrow, default)]
    user_name: Lenient<'a>,
}

#[derive(Debug, Default, Deserialize)]
struct Resource<'a> {
    #[serde(rename = "ARN", borrow, default)]
    arn: Lenient<'a>,
}

/// Well-known request parameters that name a resource.
#[derive(Debug, Default, Deserialize)]
struct Params<'a> {
    #[serde(rename = "instanceId", borrow, default)]
    instance_id: Lenient<'a>,
    #[serde(rename = "instancesSet", borrow, default, deserialize_with = "lenient")]
    instances_set: ItemSet<'a>,
    /// EC2 CreateTags/DeleteTags.
    #[serde(rename = "resourcesSet", borrow, default, deserialize_with = "lenient")]
    resources_set: ItemSet<'a>,
    #[serde(rename = "bucketName", borrow, default)]
    bucket_name: Lenient<'a>,
    #[serde(rename = "userName", borrow, default)]
    user_name: Lenient<'a>,
    #[serde(rename = "roleName", borrow, default)]
    role_name: Lenient<'a>,
    #[serde(rename = "accessKeyId", borrow, default)]
    access_key_id: Lenient<'a>,
    #[serde(rename = "keyId", borrow, default)]
    key_id: Lenient<'a>,
    #[serde(rename = "groupId", borrow, default)]
    group_id: Lenient<'a>,
    #[serde(rename = "volumeId", borrow, default)]
    volume_id: Lenient<'a>,
    #[serde(rename = "snapshotId", borrow, default)]
    snapshot_id: Lenient<'a>,
    #[serde(rename = "policyArn", borrow, default)]
    policy_arn: Lenient<'a>,
    #[serde(rename = "secretId", borrow, default)]
    secret_id: Lenient<'a>,
    #[serde(rename = "functionName", borrow, default)]
    function_name: Lenient<'a>,
    #[serde(rename = "instanceProfileName", borrow, default)]
    instance_profile_name: Lenient<'a>,
    /// EC2 CreateTags/DeleteTags.
    #[serde(rename = "tagSet", borrow, default, deserialize_with = "lenient")]
    tag_set: TagSet<'a>,
}

#[derive(Debug, Default, Deserialize)]
struct TagSet<'a> {
    #[serde(borrow, default, deserialize_with = "lenient_list")]
    items: Vec<Tag<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct Tag<'a> {
    #[serde(borrow, default)]
    key: Lenient<'a>,
    #[serde(borrow, default)]
    value: Lenient<'a>,
}

#[derive(Debug, Default, Deserialize)]
struct ItemSet<'a> {
    #[serde(borrow, default, deserialize_with = "lenient_list")]
    items: Vec<Item<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct Item<'a> {
    #[serde(rename = "instanceId", borrow, default)]
    instance_id: Lenient<'a>,
    #[serde(rename = "resourceId", borrow, default)]
    resource_id: Lenient<'a>,
}

/// Why a record could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    NotJson(String),
    NoTime,
    BadTime(String),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "not a CloudTrail record: {e}"),
            Self::NoTime => f.write_str("no eventTime"),
            Self::BadTime(t) => write!(f, "eventTime {t:?} is not an RFC 3339 time"),
        }
    }
}

/// Parses and normalizes one record (its JSON text). `origin` names where it came from.
pub fn normalize(raw: &str, origin: &str) -> Result<Event, RecordError> {
    let rec: Record = serde_json::from_str(raw).map_err(|e| RecordError::NotJson(e.to_string()))?;
    let time = rec.event_time.get().ok_or(RecordError::NoTime)?;
    let ts: jiff::Timestamp = time.parse().map_err(|_| RecordError::BadTime(time.to_string()))?;
    let id = &rec.identity;
    let kind = id.kind.get();
    let arn = id.arn.get();
    let arn_resource = arn.and_then(|a| a.splitn(6, ':').nth(5));
    let actor = match kind {
        Some("IAMUser") => id.user_name.get().map(|n| format!("user/{n}")).or_else(|| arn_resource.map(str::to_string)),
        Some("AssumedRole") => arn_resource
            .map(str::to_string)
            .or_else(|| id.session.issuer.user_name.get().map(|r| format!("assumed-role/{r}"))),
        Some("Root") => Some("root".to_string()),
        Some("AWSService") => id.invoked_by.get().map(str::to_string),
        Some("FederatedUser") => arn_resource.map(str::to_string).or_else(|| id.principal_id.owned()),
        Some("AWSAccount") => id.account_id.get().map(|a| format!("account/{a}")).or_else(|| id.principal_id.owned()),
        Some("SAMLUser" | "WebIdentityUser") => {
            id.user_name.owned().or_else(|| id.identity_provider.owned()).or_else(|| id.principal_id.owned())
        }
        _ => arn_resource.map(str::to_string).or_else(|| id.user_name.owned()).or_else(|| id.principal_id.owned()),
    }
    .or_else(|| id.invoked_by.owned())
    .or_else(|| kind.map(str::to_string))
    .unwrap_or_else(|| "unknown".to_string());
    let session_name = match kind {
        Some("AssumedRole") => arn_resource.and_then(|r| r.rsplit_once('/')).map(|(_, s)| s.to_string()),
        _ => None,
    };
    let account = rec.account.owned();
    let actor_account = id.account_id.owned();
    let cross_account = matches!((&actor_account, &account), (Some(a), Some(b)) if a != b);
    let mut resources: Vec<String> = rec.resources.iter().filter_map(|r| r.arn.owned()).collect();
    let p = &rec.params;
    for v in [
        &p.instance_id,
        &p.bucket_name,
        &p.user_name,
        &p.role_name,
        &p.access_key_id,
        &p.key_id,
        &p.group_id,
        &p.volume_id,
        &p.snapshot_id,
        &p.policy_arn,
        &p.secret_id,
        &p.function_name,
        &p.instance_profile_name,
    ] {
        if let Some(s) = v.owned() {
            resources.push(s);
        }
    }
    resources.extend(p.instances_set.items.iter().filter_map(|i| i.instance_id.owned()));
    resources.extend(p.resources_set.items.iter().filter_map(|i| i.resource_id.owned()));
    resources.sort();
    resources.dedup();
    let read_only = match rec.read_only.get() {
        Some(v) if v.eq_ignore_ascii_case("true") => Some(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    };
    let tags = p
        .tag_set
        .items
        .iter()
        .filter_map(|t| t.key.get().map(|k| format!("{k}={}", t.value.get().unwrap_or(""))))
        .collect();
    Ok(Event {
        time: cordon_core::clock::rfc3339_millis(ts),
        time_ms: ts.as_millisecond(),
        event_source: rec.event_source.owned().unwrap_or_default(),
        event_name: rec.event_name.owned().unwrap_or_default(),
        event_id: rec.event_id.owned(),
        actor,
        actor_type: kind.map(str::to_string),
        actor_arn: arn.map(str::to_string).or_else(|| id.session.issuer.arn.owned()),
        actor_account,
        cross_account,
        session_name,
        access_key_id: id.access_key_id.owned(),
        source_ip: rec.source_ip.owned(),
        user_agent: rec.user_agent.owned(),
        region: rec.region.owned(),
        account,
        resources,
        tags,
        read_only,
        error_code: rec.error_code.owned(),
        error_message: rec.error_message.owned(),
        responder_action: false,
        origin: origin.to_string(),
        raw: None,
    })
}
