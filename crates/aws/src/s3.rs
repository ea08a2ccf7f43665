//! S3 bucket access settings: read (with "not set" as `None`, never an error) and
//! write, shared by the evidence capture and the containment actions.

use aws_sdk_s3::types::{BucketVersioningStatus, PublicAccessBlockConfiguration, VersioningConfiguration};
use cordon_core::ActionError;
use cordon_core::action::CallLog;
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{Aws, call};

/// The bucket-level public access block; every flag true blocks all public access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub const ALL: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };
}

/// `Ok(None)` for the error codes that mean "this setting is not set".
fn absent<T>(r: Result<T, ActionError>, codes: &[&str]) -> Result<Option<T>, ActionError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.code.as_deref().is_some_and(|c| codes.contains(&c)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The bucket policy document, if the bucket has one.
pub async fn policy(aws: &Aws, log: &dyn CallLog, bucket: &str) -> Result<Option<String>, ActionError> {
    let out = call(log, ops::s3::GET_BUCKET_POLICY, bucket, aws.s3.get_bucket_policy().bucket(bucket).send()).await;
    Ok(absent(out, &["NoSuchBucketPolicy"])?.and_then(|o| o.policy().map(str::to_string)))
}

/// Puts the bucket policy, or deletes it when `document` is `None`.
pub async fn set_policy(aws: &Aws, log: &dyn CallLog, bucket: &str, document: Option<&str>) -> Result<(), ActionError> {
    match document {
        Some(doc) => {
            call(log, ops::s3::PUT_BUCKET_POLICY, bucket, aws.s3.put_bucket_policy().bucket(bucket).policy(doc).send())
                .await
                .map(|_| ())
        }
        None => {
            let out =
                call(log, ops::s3::DELETE_BUCKET_POLICY, bucket, aws.s3.delete_bucket_policy().bucket(bucket).send())
                    .await;
            absent(out, &["NoSuchBucketPolicy"]).map(|_| ())
        }
    }
}

/// The bucket's public access block, if one is set.
pub async fn public_access_block(
    aws: &Aws,
    log: &dyn CallLog,
    bucket: &str,
) -> Result<Option<PublicAccessBlock>, ActionError> {
    let out = call(
        log,
        ops::s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK,
        bucket,
        aws.s3.get_public_access_block().bucket(bucket).send(),
    )
    .await;
    Ok(absent(out, &["NoSuchPublicAccessBlockConfiguration"])?.and_then(|o| {
        o.public_access_block_configuration().map(|c| PublicAccessBlock {
            block_public_acls: c.block_public_acls().unwrap_or(false),
            ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
            block_public_policy: c.block_public_policy().unwrap_or(false),
            restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
        })
    }))
}

/// Sets the public access block, or deletes it when `config` is `None`.
pub async fn set_public_access_block(
    aws: &Aws,
    log: &dyn CallLog,
    bucket: &str,
    config: Option<&PublicAccessBlock>,
) -> Result<(), ActionError> {
    match config {
        Some(c) => {
            let conf = PublicAccessBlockConfiguration::builder()
                .block_public_acls(c.block_public_acls)
                .ignore_public_acls(c.ignore_public_acls)
                .block_public_policy(c.block_public_policy)
                .restrict_public_buckets(c.restrict_public_buckets)
                .build();
            let req = aws.s3.put_public_access_block().bucket(bucket).public_access_block_configuration(conf);
            call(log, ops::s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK, bucket, req.send()).await.map(|_| ())
        }
        None => {
            let req = aws.s3.delete_public_access_block().bucket(bucket);
            let out = call(log, ops::s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK, bucket, req.send()).await;
            absent(out, &["NoSuchPublicAccessBlockConfiguration"]).map(|_| ())
        }
    }
}

/// The versioning status: `Enabled`, `Suspended`, or `None` when never enabled.
pub async fn versioning(aws: &Aws, log: &dyn CallLog, bucket: &str) -> Result<Option<String>, ActionError> {
    let out =
        call(log, ops::s3::GET_BUCKET_VERSIONING, bucket, aws.s3.get_bucket_versioning().bucket(bucket).send()).await?;
    Ok(out.status().map(|s| s.as_str().to_string()))
}

/// Sets versioning to `Enabled` or `Suspended` (a bucket never returns to "never enabled").
pub async fn set_versioning(aws: &Aws, log: &dyn CallLog, bucket: &str, status: &str) -> Result<(), ActionError> {
    let conf = VersioningConfiguration::builder().status(BucketVersioningStatus::from(status)).build();
    let req = aws.s3.put_bucket_versioning().bucket(bucket).versioning_configuration(conf);
    call(log, ops::s3::PUT_BUCKET_VERSIONING, bucket, req.send()).await.map(|_| ())
}

/// The bucket ACL as JSON (owner and grants).
pub async fn acl(aws: &Aws, log: &dyn CallLog, bucket: &str) -> Result<Value, ActionError> {
    let out = call(log, ops::s3::GET_BUCKET_ACL, bucket, aws.s3.get_bucket_acl().bucket(bucket).send()).await?;
    let grants: Vec<Value> = out
        .grants()
        .iter()
        .map(|g| {
            let grantee = g.grantee();
            json!({
                "permission": g.permission().map(|p| p.as_str()),
                "grantee_type": grantee.map(|g| g.r#type().as_str()),
                "grantee_id": grantee.and_then(|g| g.id()),
                "grantee_uri": grantee.and_then(|g| g.uri()),
                "grantee_display_name": grantee.and_then(|g| g.display_name()),
            })
        })
        .collect();
    Ok(json!({
        "owner_id": out.owner().and_then(|o| o.id()),
        "grants": grants,
    }))
}

/// The object ownership setting, if set.
pub async fn ownership(aws: &Aws, log: &dyn CallLog, bucket: &str) -> Result<Option<String>, ActionError> {
    let out = call(
        log,
        ops::s3::GET_BUCKET_OWNERSHIP_CONTROLS,
        bucket,
        aws.s3.get_bucket_ownership_controls().bucket(bucket).send(),
    )
    .await;
    Ok(absent(out, &["OwnershipControlsNotFoundError"])?.and_then(|o| {
        o.ownership_controls().and_then(|c| c.rules().first()).map(|r| r.object_ownership().as_str().to_string())
    }))
}

/// Whether an ACL grant makes the bucket public (AllUsers or AuthenticatedUsers).
pub fn public_grants(acl: &Value) -> Vec<String> {
    acl["grants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let uri = g["grantee_uri"].as_str()?;
            (uri.ends_with("/global/AllUsers") || uri.ends_with("/global/AuthenticatedUsers")).then(|| {
                format!("{} to {}", g["permission"].as_str().unwrap_or("?"), uri.rsplit('/').next().unwrap_or(uri))
            })
        })
        .collect()
}
