//! Bucket policy editing shared by the S3 actions (pure): add or replace one statement
//! by its `Sid`, keeping every other statement as it was. Not an action.

use cordon_core::ActionError;
use serde_json::{Value, json};

/// The policy `previous` (or an empty one) with `statement` in place of any statement
/// that has the same `Sid`.
pub fn with_statement(previous: Option<&str>, statement: Value) -> Result<String, ActionError> {
    let mut policy: Value = match previous {
        Some(doc) => serde_json::from_str(doc)
            .map_err(|e| ActionError::invalid(format!("the bucket policy is not valid JSON: {e}")))?,
        None => json!({ "Version": "2012-10-17", "Statement": [] }),
    };
    let sid = statement["Sid"].clone();
    // A single statement may be written as an object.
    if let Some(single @ Value::Object(_)) = policy.get_mut("Statement") {
        *single = Value::Array(vec![single.take()]);
    }
    let Some(Value::Array(statements)) = policy.get_mut("Statement") else {
        return Err(ActionError::invalid("the bucket policy has no Statement list"));
    };
    statements.retain(|s| s["Sid"] != sid);
    statements.push(statement);
    Ok(policy.to_string())
}

/// The ARNs a bucket policy statement covers: the bucket and every object in it.
pub fn bucket_resources(partition: &str, bucket: &str) -> Value {
    json!([format!("arn:{partition}:s3:::{bucket}"), format!("arn:{partition}:s3:::{bucket}/*")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_other_statements_and_replaces_its_own() {
        let prev = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
        let once = with_statement(Some(prev), json!({"Sid": "CordonX", "Effect": "Deny"})).unwrap();
        let twice = with_statement(Some(&once), json!({"Sid": "CordonX", "Effect": "Deny"})).unwrap();
        let v: Value = serde_json::from_str(&twice).unwrap();
        let sids: Vec<&str> = v["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
        assert_eq!(sids, ["Public", "CordonX"], "idempotent, the rest kept");
        let single = r#"{"Statement":{"Sid":"One","Effect":"Allow"}}"#;
        let v: Value = serde_json::from_str(&with_statement(Some(single), json!({"Sid": "CordonX"})).unwrap()).unwrap();
        assert_eq!(v["Statement"].as_array().unwrap().len(), 2);
        assert!(with_statement(Some("not json"), json!({})).is_err());
    }
}
