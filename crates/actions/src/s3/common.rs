//! Bucket policy editing shared by the S3 actions (pure): add or replace one statement
//! by its `Sid`, keeping every other statement as it was. Not an action.

use cordon_aws::Aws;
use cordon_aws::body::{BodyError, each_chunk};
use cordon_core::action::StepContext;
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::{ActionError, ops};
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

/// Copies one object into the case as it arrives (`listed`: its size in the listing; the
/// body is never read past it). `Ok(Err(reason))`: the object is too
/// large (listed, declared or sent) and was not kept; `Err`: the step fails (AWS refused,
/// the case cannot be written).
pub(crate) async fn copy_object(
    aws: &Aws,
    ctx: &StepContext<'_>,
    bucket: &str,
    key: &str,
    listed: u64,
    max: u64,
    media_type: &'static str,
) -> Result<Result<ArtifactRecord, String>, ActionError> {
    let uri = format!("s3://{bucket}/{key}");
    if listed > max {
        return Ok(Err(format!("{listed} bytes listed, past max_file_size {max}; not copied")));
    }
    let out =
        cordon_aws::call(ctx, ops::s3::GET_OBJECT, &uri, aws.s3.get_object().bucket(bucket).key(key).send()).await?;
    // The key's last part names the file; the store makes it safe and `source` keeps the key.
    let name = key.rsplit('/').next().unwrap_or(key).to_string();
    let mut w = ctx.begin_artifact(ArtifactMeta { name, source: uri.clone(), media_type })?;
    let mut failed = None;
    let read = each_chunk(out.body, out.content_length, listed, |piece| {
        w.write(piece).map_err(|e| {
            let m = e.to_string();
            failed = Some(e);
            m
        })
    })
    .await;
    match read {
        Ok(_) => Ok(Ok(w.finish()?)),
        // Dropping the writer removes what was written.
        Err(BodyError::Sink(_)) => {
            Err(failed.unwrap_or_else(|| ActionError::invalid("the case refused a write").on(uri)))
        }
        Err(BodyError::Read(e)) => {
            Err(ActionError::new(cordon_core::ErrorKind::Other, format!("reading the object: {e}")).on(uri))
        }
        Err(e @ (BodyError::Declared { .. } | BodyError::Sent { .. })) => {
            Ok(Err(format!("larger than the {listed} bytes listed (changed since?): {e}; not copied")))
        }
    }
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
