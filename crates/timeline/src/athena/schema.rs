//! The CloudTrail table's columns: one list, from which the DDL (`cordon athena ddl`),
//! the query's select list and the reading of its rows back into records all come.
//!
//! Names are CloudTrail's own (`sourceIPAddress`, `resources[].ARN`). Hive and Athena
//! lower-case them; a row read back gets them again from here, so the record it becomes
//! is the record the local reader sees.

/// A column's (or a field's) type. Serialized as `"Str"`, `"Json"`, `"Map"`,
/// `{"Struct": [[name, type], ...]}` and `{"Array": type}` (how a test builds the same
/// table in another engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Ty {
    /// A string.
    Str,
    /// A JSON value the table keeps as its text (`requestParameters`): a `STRING`
    /// column, turned back into JSON when a row is read.
    Json,
    /// Named fields.
    Struct(&'static [Field]),
    /// A list of values of one type.
    Array(&'static Ty),
    /// String keys to string values.
    Map,
}

/// A named column or struct field.
pub type Field = (&'static str, Ty);

const ATTRIBUTES: &[Field] = &[("mfaAuthenticated", Ty::Str), ("creationDate", Ty::Str)];
const SESSION_ISSUER: &[Field] =
    &[("type", Ty::Str), ("principalId", Ty::Str), ("arn", Ty::Str), ("accountId", Ty::Str), ("userName", Ty::Str)];
const WEB_ID: &[Field] = &[("federatedProvider", Ty::Str), ("attributes", Ty::Map)];
const SESSION_CONTEXT: &[Field] = &[
    ("attributes", Ty::Struct(ATTRIBUTES)),
    ("sessionIssuer", Ty::Struct(SESSION_ISSUER)),
    ("ec2RoleDelivery", Ty::Str),
    ("webIdFederationData", Ty::Struct(WEB_ID)),
    ("sourceIdentity", Ty::Str),
];
const ON_BEHALF_OF: &[Field] = &[("userId", Ty::Str), ("identityStoreArn", Ty::Str)];
const USER_IDENTITY: &[Field] = &[
    ("type", Ty::Str),
    ("principalId", Ty::Str),
    ("arn", Ty::Str),
    ("accountId", Ty::Str),
    ("invokedBy", Ty::Str),
    ("accessKeyId", Ty::Str),
    ("userName", Ty::Str),
    ("identityProvider", Ty::Str),
    ("credentialId", Ty::Str),
    ("onBehalfOf", Ty::Struct(ON_BEHALF_OF)),
    ("sessionContext", Ty::Struct(SESSION_CONTEXT)),
];
const RESOURCE: &[Field] = &[("ARN", Ty::Str), ("accountId", Ty::Str), ("type", Ty::Str)];
const RESOURCE_TY: Ty = Ty::Struct(RESOURCE);
const TLS: &[Field] = &[("tlsVersion", Ty::Str), ("cipherSuite", Ty::Str), ("clientProvidedHostHeader", Ty::Str)];

/// The record's columns, in CloudTrail's order. The query selects [`SELECTED`] of them.
pub const COLUMNS: &[Field] = &[
    ("eventVersion", Ty::Str),
    ("userIdentity", Ty::Struct(USER_IDENTITY)),
    ("eventTime", Ty::Str),
    ("eventSource", Ty::Str),
    ("eventName", Ty::Str),
    ("awsRegion", Ty::Str),
    ("sourceIPAddress", Ty::Str),
    ("userAgent", Ty::Str),
    ("errorCode", Ty::Str),
    ("errorMessage", Ty::Str),
    ("requestParameters", Ty::Json),
    ("responseElements", Ty::Json),
    ("additionalEventData", Ty::Json),
    ("requestID", Ty::Str),
    ("eventID", Ty::Str),
    ("readOnly", Ty::Str),
    ("resources", Ty::Array(&RESOURCE_TY)),
    ("eventType", Ty::Str),
    ("apiVersion", Ty::Str),
    ("managementEvent", Ty::Str),
    ("recipientAccountId", Ty::Str),
    ("serviceEventDetails", Ty::Json),
    ("sharedEventID", Ty::Str),
    ("vpcEndpointId", Ty::Str),
    ("vpcEndpointAccountId", Ty::Str),
    ("eventCategory", Ty::Str),
    ("sessionCredentialFromConsole", Ty::Str),
    ("edgeDeviceDetails", Ty::Json),
    ("tlsDetails", Ty::Struct(TLS)),
];

/// The columns a query selects: those every CloudTrail table has, this project's and
/// the one AWS's documentation creates alike (a column a table lacks fails the query).
pub const SELECTED: &[&str] = &[
    "eventVersion",
    "userIdentity",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "requestID",
    "eventID",
    "readOnly",
    "resources",
    "eventType",
    "apiVersion",
    "recipientAccountId",
    "serviceEventDetails",
    "sharedEventID",
    "vpcEndpointId",
];

/// A column by name (any case).
pub fn column(name: &str) -> Option<&'static Field> {
    COLUMNS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// The Hive type of a column or field, as a `CREATE EXTERNAL TABLE` declares it.
pub fn hive_type(ty: Ty) -> String {
    match ty {
        Ty::Str | Ty::Json => "STRING".into(),
        Ty::Map => "MAP<STRING,STRING>".into(),
        Ty::Array(inner) => format!("ARRAY<{}>", hive_type(*inner)),
        Ty::Struct(fields) => {
            let parts: Vec<String> = fields.iter().map(|(n, t)| format!("{n}: {}", hive_type(*t))).collect();
            format!("STRUCT<{}>", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selected_column_is_a_column() {
        for name in SELECTED {
            assert!(column(name).is_some(), "{name}");
        }
    }

    #[test]
    fn hive_types_nest() {
        let (_, ty) = column("resources").unwrap();
        assert_eq!(hive_type(*ty), "ARRAY<STRUCT<ARN: STRING, accountId: STRING, type: STRING>>");
    }
}
