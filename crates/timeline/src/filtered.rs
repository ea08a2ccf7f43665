//! One record read in one pass with the filter applied as soon as its fields allow: in
//! CloudTrail's field order `eventTime` and `eventName` come early, so a record the
//! filter drops on them has the rest of its fields skipped, not parsed.
//!
//! The result is the same as reading the whole [`Record`] and filtering the normalized
//! event: a record is only dropped early when its time is valid (so it is not a bad
//! record) and a criterion on a field already read fails, decided by the same
//! [`Filter`] methods. A repeated field is an error, as it is for the derived reader.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::event::Filter;
use crate::record::{Record, read_only};

/// Reads one record; `None` when the filter dropped it early.
pub(crate) struct FilteredRecord<'f> {
    pub filter: &'f Filter,
}

#[derive(Clone, Copy)]
enum Key {
    Time,
    Source,
    Name,
    Id,
    Region,
    Ip,
    Agent,
    ErrorCode,
    ErrorMessage,
    Account,
    ReadOnly,
    Identity,
    Params,
    Resources,
    Other,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Time => "eventTime",
            Key::Source => "eventSource",
            Key::Name => "eventName",
            Key::Id => "eventID",
            Key::Region => "awsRegion",
            Key::Ip => "sourceIPAddress",
            Key::Agent => "userAgent",
            Key::ErrorCode => "errorCode",
            Key::ErrorMessage => "errorMessage",
            Key::Account => "recipientAccountId",
            Key::ReadOnly => "readOnly",
            Key::Identity => "userIdentity",
            Key::Params => "requestParameters",
            Key::Resources => "resources",
            Key::Other => "",
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "eventTime" => Key::Time,
                    "eventSource" => Key::Source,
                    "eventName" => Key::Name,
                    "eventID" => Key::Id,
                    "awsRegion" => Key::Region,
                    "sourceIPAddress" => Key::Ip,
                    "userAgent" => Key::Agent,
                    "errorCode" => Key::ErrorCode,
                    "errorMessage" => Key::ErrorMessage,
                    "recipientAccountId" => Key::Account,
                    "readOnly" => Key::ReadOnly,
                    "userIdentity" => Key::Identity,
                    "requestParameters" => Key::Params,
                    "resources" => Key::Resources,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

impl<'de> DeserializeSeed<'de> for FilteredRecord<'_> {
    type Value = Option<Record<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FilteredRecord<'_> {
    type Value = Option<Record<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a CloudTrail record")
    }

    /// What the derived reader does with an array: fields by position.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Record::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rec = Record::default();
        let mut seen = 0u16;
        let mut time_ms: Option<i64> = None;
        while let Some(key) = map.next_key::<Key>()? {
            if !matches!(key, Key::Other) {
                let bit = 1u16 << (key as u16);
                if seen & bit != 0 {
                    return Err(A::Error::duplicate_field(key.name()));
                }
                seen |= bit;
            }
            let decides = match key {
                Key::Time => {
                    rec.event_time = map.next_value()?;
                    time_ms = rec
                        .event_time
                        .get()
                        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                        .map(cordon_core::clock::unix_millis);
                    true
                }
                Key::Source => {
                    rec.event_source = map.next_value()?;
                    false
                }
                Key::Name => {
                    rec.event_name = map.next_value()?;
                    true
                }
                Key::Id => {
                    rec.event_id = map.next_value()?;
                    false
                }
                Key::Region => {
                    rec.region = map.next_value()?;
                    false
                }
                Key::Ip => {
                    rec.source_ip = map.next_value()?;
                    true
                }
                Key::Agent => {
                    rec.user_agent = map.next_value()?;
                    false
                }
                Key::ErrorCode => {
                    rec.error_code = map.next_value()?;
                    false
                }
                Key::ErrorMessage => {
                    rec.error_message = map.next_value()?;
                    false
                }
                Key::Account => {
                    rec.account = map.next_value()?;
                    false
                }
                Key::ReadOnly => {
                    rec.read_only = map.next_value()?;
                    true
                }
                Key::Identity => {
                    rec.identity = map.next_value()?;
                    true
                }
                Key::Params => {
                    rec.params = map.next_value()?;
                    false
                }
                Key::Resources => {
                    rec.resources = map.next_value()?;
                    false
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    false
                }
            };
            if decides && time_ms.is_some_and(|ms| self.drops(&rec, seen, ms)) {
                while map.next_key::<IgnoredAny>()?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(None);
            }
        }
        Ok(Some(rec))
    }
}

impl FilteredRecord<'_> {
    /// Whether a criterion on the fields read so far (`seen`) already fails.
    fn drops(&self, rec: &Record<'_>, seen: u16, time_ms: i64) -> bool {
        let has = |k: Key| seen & (1u16 << (k as u16)) != 0;
        let f = self.filter;
        !f.in_window(time_ms)
            || (has(Key::Name) && !f.event_name_ok(rec.event_name.get().unwrap_or("")))
            || (has(Key::Ip) && !f.source_ip_ok(rec.source_ip.get()))
            || (has(Key::Identity) && !f.access_key_ok(rec.identity.0.access_key_id.get()))
            || (has(Key::ReadOnly) && !f.read_only_ok(read_only(rec.read_only.get())))
    }
}
