//! Validated identifier newtypes. Each checks its shape once, on construction.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Why a string was not accepted as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind}: expected {expected}")]
pub struct IdError {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks `prefix-<hex>` ids such as `i-0abc…`, `vol-…`, `sg-…`.
fn hex_id(value: &str, prefix: &str, min: usize, max: usize) -> bool {
    value.strip_prefix(prefix).is_some_and(|rest| is_hex(rest) && (min..=max).contains(&rest.len()))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $expected:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` and wraps it.
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                let check: fn(&str) -> bool = $check;
                if check(&value) {
                    Ok(Self(value))
                } else {
                    Err(IdError { kind: $kind, value, expected: $expected })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $kind.replace(' ', "_").into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $expected })
            }
        }
    };
}

id_type!(
    /// An EC2 instance id (`i-` and 8 or 17 hex digits).
    InstanceId, "instance id", "i- followed by 8 or 17 hex digits",
    |v| hex_id(v, "i-", 8, 17)
);
id_type!(
    /// An EBS volume id.
    VolumeId, "volume id", "vol- followed by 8 or 17 hex digits",
    |v| hex_id(v, "vol-", 8, 17)
);
id_type!(
    /// An EBS snapshot id.
    SnapshotId, "snapshot id", "snap- followed by 8 or 17 hex digits",
    |v| hex_id(v, "snap-", 8, 17)
);
id_type!(
    /// A VPC security group id.
    SecurityGroupId, "security group id", "sg- followed by 8 or 17 hex digits",
    |v| hex_id(v, "sg-", 8, 17)
);
id_type!(
    /// An elastic network interface id.
    NetworkInterfaceId, "network interface id", "eni- followed by 8 or 17 hex digits",
    |v| hex_id(v, "eni-", 8, 17)
);
id_type!(
    /// A 12-digit AWS account id.
    AccountId, "account id", "12 digits",
    |v| v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit())
);
id_type!(
    /// An IAM access key id (`AKIA…` long-term, `ASIA…` temporary).
    AccessKeyId, "access key id", "AKIA or ASIA followed by 12 to 124 upper-case letters or digits",
    |v| (v.starts_with("AKIA") || v.starts_with("ASIA"))
        && (16..=128).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
);
id_type!(
    /// An IAM user or role name.
    IamName, "IAM user or role name", "1 to 64 characters from A-Z a-z 0-9 + = , . @ _ -",
    |v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
);
id_type!(
    /// An S3 bucket name.
    BucketName, "bucket name", "3 to 63 characters from a-z 0-9 . -, starting and ending with a letter or digit",
    |v| (3..=63).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && v.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
);
id_type!(
    /// A case identifier chosen by the responder, e.g. `IR-2026-0042`.
    /// Safe as a file name and an AWS tag value.
    CaseId, "case id", "1 to 64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit",
    |v| (1..=64).contains(&v.len())
        && v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
);
id_type!(
    /// A CIDR block, IPv4 (`203.0.113.10/32`) or IPv6 (`2001:db8::10/128`).
    Cidr, "CIDR block", "an IPv4 or IPv6 CIDR such as 203.0.113.10/32 or 2001:db8::10/128",
    |v| cidr_is_valid(v)
);

fn cidr_is_valid(v: &str) -> bool {
    let Some((addr, len)) = v.split_once('/') else { return false };
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(len) = len.parse::<u8>() else { return false };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => len <= 32,
        Ok(std::net::IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

impl Cidr {
    /// Whether it is an IPv6 block.
    pub fn is_ipv6(&self) -> bool {
        self.0.contains(':')
    }
}

/// Checks `value` against the identifier type whose JSON Schema name is `schema_name`
/// (what a params schema's `$ref` names), without building it: `None` when no
/// identifier type has that name. Validation uses it on literal playbook parameters.
pub fn check_named(schema_name: &str, value: &str) -> Option<Result<(), IdError>> {
    use schemars::JsonSchema;
    macro_rules! each {
        ($($t:ty),*) => {
            $(if <$t>::schema_name() == schema_name {
                return Some(<$t>::new(value).map(|_| ()));
            })*
        };
    }
    each!(
        InstanceId,
        VolumeId,
        SnapshotId,
        SecurityGroupId,
        NetworkInterfaceId,
        AccountId,
        AccessKeyId,
        IamName,
        BucketName,
        CaseId,
        Cidr
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_of_both_families() {
        assert!(Cidr::new("203.0.113.10/32").is_ok());
        assert!(Cidr::new("2001:db8::10/128").is_ok_and(|c| c.is_ipv6()));
        for bad in ["203.0.113.10", "203.0.113.10/33", "0.0.0.0/-1", "not/8", "2001:db8::/129", "1.2.3.4/+8"] {
            assert!(Cidr::new(bad).is_err(), "{bad}");
        }
        assert_eq!(check_named("CIDR_block", "1.2.3.4/8"), Some(Ok(())));
        assert!(check_named("instance_id", "i-nope").is_some_and(|r| r.is_err()));
        assert_eq!(check_named("no_such_type", "x"), None);
    }

    #[test]
    fn accepts_real_shapes() {
        assert!(InstanceId::new("i-0123456789abcdef0").is_ok());
        assert!(InstanceId::new("i-1234abcd").is_ok());
        assert!(AccessKeyId::new("AKIAIOSFODNN7EXAMPLE").is_ok());
        assert!(AccountId::new("123456789012").is_ok());
        assert!(CaseId::new("IR-2026.01_a").is_ok());
    }

    #[test]
    fn rejects_bad_shapes_and_names_them() {
        let e = InstanceId::new("i-XYZ").unwrap_err();
        assert_eq!(e.to_string(), "\"i-XYZ\" is not a valid instance id: expected i- followed by 8 or 17 hex digits");
        assert!(InstanceId::new("vol-1234abcd").is_err());
        assert!(InstanceId::new("i-1234abc").is_err(), "7 digits");
        assert!(AccountId::new("12345678901a").is_err());
        assert!(CaseId::new("../etc").is_err());
        assert!(CaseId::new("").is_err());
        assert!(AccessKeyId::new("akiaiosfodnn7example").is_err());
    }

    #[test]
    fn deserialize_validates() {
        let ok: InstanceId = serde_json::from_str("\"i-1234abcd\"").unwrap();
        assert_eq!(ok.as_str(), "i-1234abcd");
        let err = serde_json::from_str::<InstanceId>("\"nope\"").unwrap_err();
        assert!(err.to_string().contains("not a valid instance id"), "{err}");
    }
}
