//! A result row back into the CloudTrail record it was read from.
//!
//! Athena answers strings: a column's value, or a struct's or array's JSON text with the
//! table's lower-cased field names. The record is rebuilt with CloudTrail's names (from
//! [`super::schema`]), so the local reader normalizes and filters it exactly as it would
//! the file. Nulls are left out, as CloudTrail leaves out absent fields.
//!
//! CloudTrail Lake answers `eventTime` as a timestamp (`2026-03-10 09:00:00.000`, UTC),
//! given back as RFC 3339; and keeps the request and response as maps of strings, a
//! nested object as its JSON text, which [`lake_record_text`] reads back as JSON.

use serde_json::{Map, Value};

use super::schema::{self, Ty};

/// A value of type `ty` read from JSON with lower-cased (or any-cased) names.
fn renamed(v: Value, ty: Ty) -> Option<Value> {
    match (v, ty) {
        (Value::Null, _) => None,
        (Value::Object(m), Ty::Struct(fields)) => {
            let mut out = Map::new();
            for (k, v) in m {
                match fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(&k)) {
                    Some((name, t)) => {
                        if let Some(v) = renamed(v, *t) {
                            out.insert((*name).to_string(), v);
                        }
                    }
                    None if !v.is_null() => {
                        out.insert(k, v);
                    }
                    None => {}
                }
            }
            Some(Value::Object(out))
        }
        // An engine that casts a row to a JSON array (its fields in order).
        (Value::Array(items), Ty::Struct(fields)) => {
            let mut out = Map::new();
            for ((name, t), v) in fields.iter().zip(items) {
                if let Some(v) = renamed(v, *t) {
                    out.insert((*name).to_string(), v);
                }
            }
            Some(Value::Object(out))
        }
        (Value::Array(items), Ty::Array(inner)) => {
            Some(Value::Array(items.into_iter().filter_map(|v| renamed(v, *inner)).collect()))
        }
        (v, _) => Some(v),
    }
}

/// A timestamp's text (`YYYY-MM-DD HH:MM:SS[.fff]`, UTC) as RFC 3339; anything else as it is.
fn rfc3339(text: &str) -> String {
    let b = text.as_bytes();
    if b.len() >= 19 && b[10] == b' ' && !text.ends_with('Z') && !text[19..].contains(['+', '-']) {
        format!("{}T{}Z", &text[..10], &text[11..])
    } else {
        text.to_string()
    }
}

/// A map's values that are JSON objects or arrays kept as text, read back as JSON.
fn unnest(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) if s.starts_with(['{', '[']) => {
                        let parsed = serde_json::from_str::<Value>(&s).ok().filter(|p| p.is_object() || p.is_array());
                        (k, parsed.map_or(Value::String(s), unnest))
                    }
                    other => (k, unnest(other)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(unnest).collect()),
        other => other,
    }
}

/// One column's text as the record's value.
fn value(text: &str, ty: Ty) -> Value {
    match ty {
        Ty::Str => Value::String(text.to_string()),
        Ty::Json | Ty::Struct(_) | Ty::Array(_) | Ty::Map => match serde_json::from_str::<Value>(text) {
            Ok(v) => renamed(v, ty).unwrap_or(Value::Null),
            Err(_) => Value::String(text.to_string()),
        },
    }
}

/// The record's JSON text for one row: `columns` are the result's column names, `row`
/// its values (`None`: null).
pub fn record_text(columns: &[String], row: &[Option<String>]) -> String {
    build(columns, row, false)
}

/// [`record_text`] for a row of CloudTrail Lake.
pub fn lake_record_text(columns: &[String], row: &[Option<String>]) -> String {
    build(columns, row, true)
}

fn build(columns: &[String], row: &[Option<String>], lake: bool) -> String {
    let mut rec = Map::new();
    for (name, v) in columns.iter().zip(row) {
        let Some(text) = v else { continue };
        let (key, v) = match schema::column(name) {
            Some(&("eventTime", _)) => ("eventTime".to_string(), Value::String(rfc3339(text))),
            Some(&(key, Ty::Json)) if lake => (key.to_string(), unnest(value(text, Ty::Json))),
            Some(&(key, ty)) => (key.to_string(), value(text, ty)),
            None => (name.clone(), Value::String(text.clone())),
        };
        if !v.is_null() {
            rec.insert(key, v);
        }
    }
    Value::Object(rec).to_string()
}

/// Whether a row is the header Athena puts first in a query's results (the column
/// names themselves).
pub fn is_header(columns: &[String], row: &[Option<String>]) -> bool {
    columns.len() == row.len() && columns.iter().zip(row).all(|(c, v)| v.as_deref() == Some(c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_come_back_as_cloudtrail_writes_them() {
        let c = cols(&["eventtime", "useridentity", "resources", "requestparameters", "sourceipaddress", "errorcode"]);
        let row = vec![
            Some("2026-01-01T00:00:00Z".into()),
            Some(r#"{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/s","accesskeyid":"ASIA1","sessioncontext":{"sessionissuer":{"username":"R"},"attributes":null}}"#.into()),
            Some(r#"[{"arn":"arn:aws:s3:::b","accountid":"1","type":"AWS::S3::Bucket"}]"#.into()),
            Some(r#"{"bucketName":"b"}"#.into()),
            Some("203.0.113.9".into()),
            None,
        ];
        let v: Value = serde_json::from_str(&record_text(&c, &row)).unwrap();
        assert_eq!(v["userIdentity"]["accessKeyId"], "ASIA1");
        assert_eq!(v["userIdentity"]["sessionContext"]["sessionIssuer"]["userName"], "R");
        assert!(v["userIdentity"]["sessionContext"].get("attributes").is_none());
        assert_eq!(v["resources"][0]["ARN"], "arn:aws:s3:::b");
        assert_eq!(v["requestParameters"]["bucketName"], "b");
        assert_eq!(v["sourceIPAddress"], "203.0.113.9");
        assert!(v.get("errorCode").is_none());
    }

    #[test]
    fn a_row_cast_to_an_array_is_read_by_position() {
        let c = cols(&["resources"]);
        let row = vec![Some(r#"[["arn:aws:s3:::b","1","AWS::S3::Bucket"]]"#.into())];
        let v: Value = serde_json::from_str(&record_text(&c, &row)).unwrap();
        assert_eq!(v["resources"][0]["ARN"], "arn:aws:s3:::b");
        assert_eq!(v["resources"][0]["type"], "AWS::S3::Bucket");
    }

    #[test]
    fn text_that_is_not_json_stays_text() {
        let c = cols(&["requestparameters"]);
        let v: Value = serde_json::from_str(&record_text(&c, &[Some("{oops".into())])).unwrap();
        assert_eq!(v["requestParameters"], "{oops");
    }

    #[test]
    fn lake_times_and_nested_maps_come_back_as_cloudtrail_writes_them() {
        let c = cols(&["eventtime", "requestparameters", "readonly"]);
        let row = vec![
            Some("2026-03-10 09:00:00.000".into()),
            Some(r#"{"instancesSet":"{\"items\":[{\"instanceId\":\"i-1\"}]}","policy":"not json {"}"#.into()),
            Some("false".into()),
        ];
        let v: Value = serde_json::from_str(&lake_record_text(&c, &row)).unwrap();
        assert_eq!(v["eventTime"], "2026-03-10T09:00:00.000Z");
        assert_eq!(v["requestParameters"]["instancesSet"]["items"][0]["instanceId"], "i-1");
        assert_eq!(v["requestParameters"]["policy"], "not json {");
        let athena: Value = serde_json::from_str(&record_text(&c, &row)).unwrap();
        assert!(athena["requestParameters"]["instancesSet"].is_string(), "only Lake's maps are unnested");
        assert_eq!(rfc3339("2026-03-10T09:00:00Z"), "2026-03-10T09:00:00Z");
    }

    #[test]
    fn the_header_row_is_recognized() {
        let c = cols(&["eventtime", "eventname"]);
        assert!(is_header(&c, &[Some("eventtime".into()), Some("eventname".into())]));
        assert!(!is_header(&c, &[Some("2026-01-01T00:00:00Z".into()), Some("eventname".into())]));
    }
}
