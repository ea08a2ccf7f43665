//! A result row back into the CloudTrail record it was read from.
//!
//! Athena answers strings: a column's value, or a struct's or array's JSON text with the
//! table's lower-cased field names. The record is rebuilt with CloudTrail's names (from
//! [`super::schema`]), so the local reader normalizes and filters it exactly as it would
//! the file. Nulls are left out, as CloudTrail leaves out absent fields.

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
    let mut rec = Map::new();
    for (name, v) in columns.iter().zip(row) {
        let Some(text) = v else { continue };
        let (key, v) = match schema::column(name) {
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
    fn the_header_row_is_recognized() {
        let c = cols(&["eventtime", "eventname"]);
        assert!(is_header(&c, &[Some("eventtime".into()), Some("eventname".into())]));
        assert!(!is_header(&c, &[Some("2026-01-01T00:00:00Z".into()), Some("eventname".into())]));
    }
}
