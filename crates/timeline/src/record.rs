//! The borrowed shape of one CloudTrail record, and its normalization into an [`Event`].
//!
//! Parsing borrows from the decompressed buffer (no owned copy of fields that are
//! dropped by the filter). Every field is optional and lenient: a number where a string
//! was expected, an object where a scalar was expected, or a missing field never fails
//! the record; only a record without a usable `eventTime` is rejected.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

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
    /// The value, unless empty (moved out: borrowed from the buffer when it had no escapes).
    fn text(&self) -> Option<Cow<'a, str>> {
        self.0.as_ref().filter(|s| !s.is_empty()).cloned()
    }
    pub(crate) fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.is_empty())
    }
}

/// Visitor methods for every scalar (and null): the value is not of the expected shape,
/// so the field is its default.
macro_rules! scalars_give_default {
    () => {
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    };
}

/// An object field of any shape, read in the same pass: used when it is an object (each
/// of its fields lenient in turn); any other value is skipped and gives the default
/// (serde would otherwise also read a struct from an array, by position).
#[derive(Debug, Default)]
pub(crate) struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(a)).map(Obj)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Obj(T::default()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            scalars_give_default!();
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list field of any shape, read in the same pass: its object items when it is an
/// array (other items are skipped); empty for any other value.
#[derive(Debug)]
pub(crate) struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = a.next_element::<Option<Obj<T>>>()? {
                    out.extend(item.map(|o| o.0));
                }
                Ok(List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(List::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            scalars_give_default!();
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Record<'a> {
    #[serde(rename = "eventTime", borrow, default)]
    pub(crate) event_time: Lenient<'a>,
    #[serde(rename = "eventSource", borrow, default)]
    pub(crate) event_source: Lenient<'a>,
    #[serde(rename = "eventName", borrow, default)]
    pub(crate) event_name: Lenient<'a>,
    #[serde(rename = "eventID", borrow, default)]
    pub(crate) event_id: Lenient<'a>,
    #[serde(rename = "awsRegion", borrow, default)]
    pub(crate) region: Lenient<'a>,
    #[serde(rename = "sourceIPAddress", borrow, default)]
    pub(crate) source_ip: Lenient<'a>,
    #[serde(rename = "userAgent", borrow, default)]
    pub(crate) user_agent: Lenient<'a>,
    #[serde(rename = "errorCode", borrow, default)]
    pub(crate) error_code: Lenient<'a>,
    #[serde(rename = "errorMessage", borrow, default)]
    pub(crate) error_message: Lenient<'a>,
    #[serde(rename = "recipientAccountId", borrow, default)]
    pub(crate) account: Lenient<'a>,
    #[serde(rename = "readOnly", borrow, default)]
    pub(crate) read_only: Lenient<'a>,
    #[serde(rename = "userIdentity", borrow, default)]
    pub(crate) identity: Obj<Identity<'a>>,
    #[serde(rename = "requestParameters", borrow, default)]
    pub(crate) params: Obj<Params<'a>>,
    #[serde(borrow, default)]
    pub(crate) resources: List<Resource<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Identity<'a> {
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
    pub(crate) access_key_id: Lenient<'a>,
    #[serde(rename = "invokedBy", borrow, default)]
    invoked_by: Lenient<'a>,
    #[serde(rename = "identityProvider", borrow, default)]
    identity_provider: Lenient<'a>,
    #[serde(rename = "sessionContext", borrow, default)]
    session: Obj<SessionContext<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct SessionContext<'a> {
    #[serde(rename = "sessionIssuer", borrow, default)]
    issuer: Obj<Issuer<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct Issuer<'a> {
    #[serde(borrow, default)]
    arn: Lenient<'a>,
    #[serde(rename = "userName", borrow, default)]
    user_name: Lenient<'a>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Resource<'a> {
    #[serde(rename = "ARN", borrow, default)]
    arn: Lenient<'a>,
}

/// Well-known request parameters that name a resource.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params<'a> {
    #[serde(rename = "instanceId", borrow, default)]
    instance_id: Lenient<'a>,
    #[serde(rename = "instancesSet", borrow, default)]
    instances_set: Obj<ItemSet<'a>>,
    /// EC2 CreateTags/DeleteTags.
    #[serde(rename = "resourcesSet", borrow, default)]
    resources_set: Obj<ItemSet<'a>>,
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
    #[serde(rename = "tagSet", borrow, default)]
    tag_set: Obj<TagSet<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct TagSet<'a> {
    #[serde(borrow, default)]
    items: List<Tag<'a>>,
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
    #[serde(borrow, default)]
    items: List<Item<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct Item<'a> {
    #[serde(rename = "instanceId", borrow, default)]
    instance_id: Lenient<'a>,
    #[serde(rename = "resourceId", borrow, default)]
    resource_id: Lenient<'a>,
}

/// `readOnly`: a boolean, or its string form (LookupEvents).
pub(crate) fn read_only(v: Option<&str>) -> Option<bool> {
    match v {
        Some(v) if v.eq_ignore_ascii_case("true") => Some(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
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
pub fn normalize<'a>(raw: &'a str, origin: &'a str) -> Result<Event<'a>, RecordError> {
    let rec: Record = serde_json::from_str(raw).map_err(|e| RecordError::NotJson(e.to_string()))?;
    normalize_record(rec, origin)
}

/// Normalizes one parsed record, borrowing its strings.
pub(crate) fn normalize_record<'a>(rec: Record<'a>, origin: &'a str) -> Result<Event<'a>, RecordError> {
    let time = rec.event_time.get().ok_or(RecordError::NoTime)?;
    let ts: jiff::Timestamp = time.parse().map_err(|_| RecordError::BadTime(time.to_string()))?;
    let id = rec.identity.0;
    let kind = id.kind.0.filter(|k| !k.is_empty());
    let arn = id.arn.0.filter(|a| !a.is_empty());
    let issuer = id.session.0.issuer.0;
    let arn_resource = arn.as_deref().and_then(|a| a.splitn(6, ':').nth(5));
    let borrowed = |s: &str| -> Cow<'a, str> {
        // A piece of the ARN: borrowed when the ARN is, copied when it had escapes.
        match &arn {
            Some(Cow::Borrowed(a)) => {
                let start = s.as_ptr() as usize - a.as_ptr() as usize;
                Cow::Borrowed(&a[start..start + s.len()])
            }
            _ => Cow::Owned(s.to_string()),
        }
    };
    let actor: Option<Cow<'a, str>> = match kind.as_deref() {
        Some("IAMUser") => {
            id.user_name.get().map(|n| Cow::Owned(format!("user/{n}"))).or_else(|| arn_resource.map(borrowed))
        }
        Some("AssumedRole") => arn_resource
            .map(borrowed)
            .or_else(|| issuer.user_name.get().map(|r| Cow::Owned(format!("assumed-role/{r}")))),
        Some("Root") => Some(Cow::Borrowed("root")),
        Some("AWSService") => id.invoked_by.text(),
        Some("FederatedUser") => arn_resource.map(borrowed).or_else(|| id.principal_id.text()),
        Some("AWSAccount") => {
            id.account_id.get().map(|a| Cow::Owned(format!("account/{a}"))).or_else(|| id.principal_id.text())
        }
        Some("SAMLUser" | "WebIdentityUser") => {
            id.user_name.text().or_else(|| id.identity_provider.text()).or_else(|| id.principal_id.text())
        }
        _ => arn_resource.map(borrowed).or_else(|| id.user_name.text()).or_else(|| id.principal_id.text()),
    };
    let actor = actor.or_else(|| id.invoked_by.text()).or_else(|| kind.clone()).unwrap_or(Cow::Borrowed("unknown"));
    let session_name = match kind.as_deref() {
        Some("AssumedRole") => arn_resource.and_then(|r| r.rsplit_once('/')).map(|(_, s)| borrowed(s)),
        _ => None,
    };
    let account = rec.account.text();
    let actor_account = id.account_id.text();
    let cross_account = matches!((&actor_account, &account), (Some(a), Some(b)) if a != b);
    let mut resources: Vec<Cow<'a, str>> = rec.resources.0.into_iter().filter_map(|r| r.arn.text()).collect();
    let p = rec.params.0;
    for v in [
        p.instance_id,
        p.bucket_name,
        p.user_name,
        p.role_name,
        p.access_key_id,
        p.key_id,
        p.group_id,
        p.volume_id,
        p.snapshot_id,
        p.policy_arn,
        p.secret_id,
        p.function_name,
        p.instance_profile_name,
    ] {
        resources.extend(v.text());
    }
    resources.extend(p.instances_set.0.items.0.into_iter().filter_map(|i| i.instance_id.text()));
    resources.extend(p.resources_set.0.items.0.into_iter().filter_map(|i| i.resource_id.text()));
    if resources.len() > 1 {
        resources.sort();
        resources.dedup();
    }
    let read_only = read_only(rec.read_only.get());
    let tags = p
        .tag_set
        .0
        .items
        .0
        .iter()
        .filter_map(|t| t.key.get().map(|k| format!("{k}={}", t.value.get().unwrap_or(""))))
        .collect();
    Ok(Event {
        time: Cow::Owned(cordon_core::clock::rfc3339_millis(ts)),
        time_ms: cordon_core::clock::unix_millis(ts),
        event_source: rec.event_source.text().unwrap_or_default(),
        event_name: rec.event_name.text().unwrap_or_default(),
        event_id: rec.event_id.text(),
        actor,
        actor_type: kind,
        actor_arn: arn.or_else(|| issuer.arn.text()),
        actor_account,
        cross_account,
        session_name,
        access_key_id: id.access_key_id.text(),
        source_ip: rec.source_ip.text(),
        user_agent: rec.user_agent.text(),
        region: rec.region.text(),
        account,
        resources,
        tags,
        read_only,
        error_code: rec.error_code.text(),
        error_message: rec.error_message.text(),
        responder_action: false,
        origin: Cow::Borrowed(origin),
        detections: Vec::new(),
        raw: None,
    })
}
