//! The attack's CloudTrail records, for the emulator (which delivers none): the fields
//! CloudTrail writes for an IAM user's call (its `userIdentity`, the source address and
//! client, request parameters and response elements), delivered to the drill's trail
//! bucket in CloudTrail's own layout, `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
//! <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz`, so `cordon timeline
//! build --from s3://...` reads them as it reads a real trail.

use std::io::Write as _;
use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::setup::Key;
use crate::state::{DrillState, Trail};
use crate::{DrillError, Result};

/// The logical name of the drill's trail bucket.
pub const TRAIL_BUCKET: &str = "trail";

/// A stable, unique id from the drill and a counter, shaped as CloudTrail's (a UUID).
pub fn event_id(drill_id: &str, n: usize, what: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = hex::encode(Sha256::digest(format!("{drill_id}/{n}/{what}").as_bytes()));
    format!("{}-{}-4{}-8{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

/// What one record says beyond who made the call.
pub struct Call<'a> {
    pub time: Timestamp,
    pub event_source: &'a str,
    pub event_name: &'a str,
    pub request: Value,
    pub response: Value,
    /// The error CloudTrail records (`errorCode`), if the call failed.
    pub error: Option<(String, String)>,
    pub read_only: bool,
    /// S3 object-level calls are data events.
    pub data_event: bool,
    pub resources: Vec<Value>,
    pub event_id: String,
}

/// One record of a call made with an IAM user's access key.
pub fn record(state: &DrillState, key: &Key, source_ip: &str, user_agent: &str, c: &Call<'_>) -> Value {
    let account = &state.account;
    let partition = cordon_aws::partition_of_region(&state.region);
    let path = crate::user_path(&state.drill_id);
    let identity = match &key.session {
        // Instance credentials: a session of the instance's role named for the instance.
        Some((_, session)) => json!({
            "type": "AssumedRole",
            "principalId": format!("{}:{session}", key.user_id),
            "arn": format!("arn:{partition}:sts::{account}:assumed-role/{}/{session}", key.user),
            "accountId": account,
            "accessKeyId": key.access_key_id,
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": key.user_id,
                                  "arn": format!("arn:{partition}:iam::{account}:role{path}{}", key.user),
                                  "accountId": account, "userName": key.user},
                // Instance credentials are refreshed hourly: issued before the call.
                "attributes": {"creationDate": (c.time - jiff::SignedDuration::from_mins(5)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                               "mfaAuthenticated": "false"},
                "ec2RoleDelivery": "2.0",
            },
        }),
        None => json!({
            "type": "IAMUser",
            "principalId": key.user_id,
            "arn": format!("arn:{partition}:iam::{account}:user{path}{}", key.user),
            "accountId": account,
            "accessKeyId": key.access_key_id,
            "userName": key.user,
        }),
    };
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": c.time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "eventSource": c.event_source,
        "eventName": c.event_name,
        "awsRegion": state.region,
        "sourceIPAddress": source_ip,
        "userAgent": user_agent,
        "requestParameters": c.request,
        "responseElements": c.response,
        "requestID": event_id(&state.drill_id, 1, &c.event_id),
        "eventID": c.event_id,
        "readOnly": c.read_only,
        "eventType": "AwsApiCall",
        "managementEvent": !c.data_event,
        "recipientAccountId": account,
        "eventCategory": if c.data_event { "Data" } else { "Management" },
        "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": format!("{}.amazonaws.com", c.event_source.split('.').next().unwrap_or("s3")),
        },
    });
    if let Some((code, message)) = &c.error
        && let Some(obj) = r.as_object_mut()
    {
        obj.insert("errorCode".into(), json!(code));
        obj.insert("errorMessage".into(), json!(message));
    }
    if !c.resources.is_empty()
        && let Some(obj) = r.as_object_mut()
    {
        obj.insert("resources".into(), Value::Array(c.resources.clone()));
    }
    r
}

/// Writes the records as one delivered file in the drill's trail bucket (created, and
/// recorded, on first use). Returns the object's key.
pub async fn deliver(aws: &Aws, state: &mut DrillState, dir: &Path, records: &[Value]) -> Result<String> {
    let bucket = match state.name_of(crate::state::Kind::Bucket, TRAIL_BUCKET) {
        Some(b) => b.to_string(),
        None => crate::setup::create_bucket(aws, state, dir, TRAIL_BUCKET, &Default::default()).await?,
    };
    let last = records.iter().filter_map(|r| r["eventTime"].as_str()).max().unwrap_or_default();
    let at: Timestamp = last.parse().unwrap_or_else(|_| Timestamp::now());
    let z = at.to_zoned(jiff::tz::TimeZone::UTC);
    let (account, region) = (&state.account, &state.region);
    let key = format!(
        "AWSLogs/{account}/CloudTrail/{region}/{}/{account}_CloudTrail_{region}_{}_{}.json.gz",
        z.strftime("%Y/%m/%d"),
        z.strftime("%Y%m%dT%H%MZ"),
        &event_id(&state.drill_id, records.len(), last).replace('-', "")[..16]
    );
    let doc = serde_json::to_vec(&json!({ "Records": records })).map_err(|e| DrillError(e.to_string()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&doc)?;
    let body = gz.finish()?;
    call(
        &NoCallLog,
        ops::s3::PUT_OBJECT,
        &format!("s3://{bucket}/{key}"),
        aws.s3.put_object().bucket(&bucket).key(&key).body(ByteStream::from(body)).send(),
    )
    .await?;
    let trail = state.trail.get_or_insert_with(|| Trail { bucket: bucket.clone(), objects: Vec::new() });
    trail.objects.push(key.clone());
    state.write(dir)?;
    Ok(key)
}
