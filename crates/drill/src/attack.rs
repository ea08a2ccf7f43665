//! Plays the attack: each call made for real, with the attacker's credentials (the leaked
//! key of the scenario's principal), and on the emulator the matching CloudTrail records
//! written to the drill's trail. The calls' times in those records are spread before the
//! alert, as the scenario's `after_seconds` say: the attack happened, then the team is
//! told.

use std::path::Path;

use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::scenario::{Call, Scenario};
use crate::setup::Key;
use crate::state::{AttackCall, DrillState, Kind};
use crate::trail::{self, event_id};
use crate::{DrillError, Result, physical, user_path};

/// One call's outcome, before it becomes a record.
struct Made {
    request: Value,
    response: Value,
    error: Option<(String, String)>,
    resources: Vec<Value>,
}

impl Made {
    fn ok(request: Value, response: Value) -> Self {
        Made { request, response, error: None, resources: Vec::new() }
    }
}

/// A call's outcome with its request: no response elements, or the error.
fn outcome<T>(r: std::result::Result<T, cordon_core::ActionError>, request: Value) -> Made {
    match r {
        Ok(_) => Made::ok(request, Value::Null),
        Err(e) => failed(request, &e),
    }
}

fn failed(request: Value, e: &cordon_core::ActionError) -> Made {
    let code = e.code.clone().unwrap_or_else(|| "AccessDenied".to_string());
    Made { request, response: Value::Null, error: Some((code, e.message.clone())), resources: Vec::new() }
}

fn bucket_of(state: &DrillState, logical: &str) -> Result<String> {
    state
        .name_of(Kind::Bucket, logical)
        .map(str::to_string)
        .ok_or_else(|| DrillError(format!("the drill has no bucket `{logical}`")))
}

fn host(bucket: &str) -> String {
    format!("{bucket}.s3.amazonaws.com")
}

/// The bucket policy an attack puts: `s3:GetObject` for everyone or another account.
fn open_policy(partition: &str, bucket: &str, public: bool, account: Option<&str>) -> Value {
    let principal = if public {
        json!("*")
    } else {
        json!({"AWS": format!("arn:{partition}:iam::{}:root", account.unwrap_or_default())})
    };
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Share", "Effect": "Allow", "Principal": principal, "Action": "s3:GetObject",
                       "Resource": format!("arn:{partition}:s3:::{bucket}/*")}],
    })
}

/// The `resources` of an object-level S3 record: the object and its bucket.
fn object_resources(partition: &str, account: &str, bucket: &str, key: &str) -> Vec<Value> {
    vec![
        json!({"type": "AWS::S3::Object", "ARN": format!("arn:{partition}:s3:::{bucket}/{key}")}),
        json!({"accountId": account, "type": "AWS::S3::Bucket", "ARN": format!("arn:{partition}:s3:::{bucket}")}),
    ]
}

/// Every object key of a bucket (as the attacker lists them).
async fn keys_of(attacker: &Aws, bucket: &str) -> Result<Vec<String>> {
    let out =
        call(&NoCallLog, ops::s3::LIST_BUCKET, bucket, attacker.s3.list_objects_v2().bucket(bucket).send()).await?;
    Ok(out.contents().iter().filter_map(|o| o.key().map(str::to_string)).collect())
}

/// Runs the attack as `key`'s user; returns the records (written to the trail on the
/// emulator by the caller).
pub async fn run(
    aws: &Aws,
    attacker: &Aws,
    key: &Key,
    scenario: &Scenario,
    state: &mut DrillState,
    dir: &Path,
    now: Timestamp,
) -> Result<Vec<Value>> {
    let a = &scenario.attack;
    let total: i64 = a.steps.iter().map(|s| i64::from(s.after_seconds)).sum();
    // The attack ends a minute before the alert.
    // Whole seconds, as CloudTrail writes `eventTime`: the state's times are the records'.
    let start = now - SignedDuration::from_secs(total + 60);
    let mut time = Timestamp::from_second(start.as_second()).unwrap_or(start);
    let partition = aws.partition();
    let mut records = Vec::new();
    for (n, step) in a.steps.iter().enumerate() {
        time += SignedDuration::from_secs(i64::from(step.after_seconds));
        let (source, name) = step.call.event();
        // One or more (object-level) calls per step.
        let mut made: Vec<(String, Made, bool, bool)> = Vec::new(); // (event name, made, read-only, data)
        match &step.call {
            Call::GetCallerIdentity => {
                let r = call(
                    &NoCallLog,
                    ops::sts::GET_CALLER_IDENTITY,
                    "caller",
                    attacker.sts.get_caller_identity().send(),
                )
                .await;
                made.push((name.into(), outcome(r, Value::Null), true, false));
            }
            Call::ListBuckets => {
                let req = json!({"Host": "s3.amazonaws.com"});
                let r =
                    call(&NoCallLog, ops::s3::LIST_ALL_MY_BUCKETS, "buckets", attacker.s3.list_buckets().send()).await;
                made.push((name.into(), outcome(r, req.clone()), true, false));
            }
            Call::ListUsers => {
                let r = call(&NoCallLog, ops::iam::LIST_USERS, "users", attacker.iam.list_users().send()).await;
                made.push((name.into(), outcome(r, Value::Null), true, false));
            }
            Call::DescribeInstances => {
                let req = json!({"instancesSet": {}, "filterSet": {}});
                let r = call(
                    &NoCallLog,
                    ops::ec2::DESCRIBE_INSTANCES,
                    "instances",
                    attacker.ec2.describe_instances().send(),
                )
                .await;
                made.push((name.into(), outcome(r, req.clone()), true, false));
            }
            Call::CreateUser { user } => {
                let real = physical(user, &state.drill_id);
                let path = user_path(&state.drill_id);
                let req = json!({"userName": real, "path": path});
                let i = crate::setup::intend(
                    state,
                    dir,
                    crate::state::Created { by_attack: true, ..crate::setup::created(Kind::User, &real, user) },
                )?;
                let r = call(
                    &NoCallLog,
                    ops::iam::CREATE_USER,
                    &real,
                    attacker.iam.create_user().user_name(&real).path(&path).send(),
                )
                .await;
                match r {
                    Ok(out) => {
                        crate::setup::confirm(state, dir, i, None)?;
                        // The drill's tag, put by the drill (not the attacker), for cleanup.
                        let tag = crate::setup::iam_tag(&state.drill_id)?;
                        call(
                            &NoCallLog,
                            ops::iam::TAG_USER,
                            &real,
                            aws.iam.tag_user().user_name(&real).tags(tag).send(),
                        )
                        .await?;
                        let u = out.user();
                        let resp = json!({"user": {"path": path, "userName": real, "userId": u.map(|u| u.user_id()).unwrap_or_default(),
                            "arn": u.map(|u| u.arn()).unwrap_or_default(), "createDate": time.strftime("%b %-d, %Y, %-I:%M:%S %p").to_string()}});
                        made.push((name.into(), Made::ok(req, resp), false, false));
                    }
                    Err(e) => made.push((name.into(), failed(req, &e), false, false)),
                }
            }
            Call::CreateAccessKey { user } => {
                let real = physical(user, &state.drill_id);
                let req = json!({"userName": real});
                match crate::setup::create_key(attacker, state, dir, &real, user, true).await {
                    Ok((id, _secret)) => {
                        let resp = json!({"accessKey": {"userName": real, "accessKeyId": id, "status": "Active",
                            "createDate": time.strftime("%b %-d, %Y, %-I:%M:%S %p").to_string()}});
                        made.push((name.into(), Made::ok(req, resp), false, false));
                    }
                    Err(e) => made.push((
                        name.into(),
                        Made { error: Some(("AccessDenied".into(), e.0)), ..Made::ok(req, Value::Null) },
                        false,
                        false,
                    )),
                }
            }
            Call::AttachUserPolicy { user, policy } => {
                let real = physical(user, &state.drill_id);
                let arn = format!("arn:{partition}:iam::aws:policy/{policy}");
                let req = json!({"userName": real, "policyArn": arn});
                let r = call(
                    &NoCallLog,
                    ops::iam::ATTACH_USER_POLICY,
                    &real,
                    attacker.iam.attach_user_policy().user_name(&real).policy_arn(&arn).send(),
                )
                .await;
                made.push((name.into(), outcome(r, req.clone()), false, false));
            }
            Call::PutBucketPolicy { bucket, public, account } => {
                let b = bucket_of(state, bucket)?;
                let policy = open_policy(partition, &b, *public, account.as_deref());
                let req = json!({"bucketName": b, "Host": host(&b), "bucketPolicy": policy, "policy": ""});
                let r = call(
                    &NoCallLog,
                    ops::s3::PUT_BUCKET_POLICY,
                    &b,
                    attacker.s3.put_bucket_policy().bucket(&b).policy(policy.to_string()).send(),
                )
                .await;
                made.push((name.into(), outcome(r, req.clone()), false, false));
            }
            Call::DeletePublicAccessBlock { bucket } => {
                let b = bucket_of(state, bucket)?;
                let req = json!({"bucketName": b, "Host": host(&b), "publicAccessBlock": ""});
                let r = call(
                    &NoCallLog,
                    ops::s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK,
                    &b,
                    attacker.s3.delete_public_access_block().bucket(&b).send(),
                )
                .await;
                made.push((name.into(), outcome(r, req.clone()), false, false));
            }
            Call::PutObject { bucket, key: k, text } => {
                let b = bucket_of(state, bucket)?;
                let req = json!({"bucketName": b, "Host": host(&b), "key": k});
                let target = format!("s3://{b}/{k}");
                let body = aws_sdk_s3::primitives::ByteStream::from(text.clone().into_bytes());
                let r = call(
                    &NoCallLog,
                    ops::s3::PUT_OBJECT,
                    &target,
                    attacker.s3.put_object().bucket(&b).key(k).body(body).send(),
                )
                .await;
                let mut m = outcome(r, req.clone());
                m.resources = object_resources(partition, &state.account, &b, k);
                made.push((name.into(), m, false, true));
            }
            Call::StopLogging { trail } | Call::DeleteTrail { trail } => {
                let t = state
                    .name_of(Kind::Trail, trail)
                    .map(str::to_string)
                    .ok_or_else(|| DrillError(format!("the drill has no trail `{trail}`")))?;
                let req = json!({"name": t});
                let r = if matches!(step.call, Call::StopLogging { .. }) {
                    call(
                        &NoCallLog,
                        ops::cloudtrail::STOP_LOGGING,
                        &t,
                        attacker.cloudtrail.stop_logging().name(&t).send(),
                    )
                    .await
                    .map(|_| ())
                } else {
                    call(
                        &NoCallLog,
                        ops::cloudtrail::DELETE_TRAIL,
                        &t,
                        attacker.cloudtrail.delete_trail().name(&t).send(),
                    )
                    .await
                    .map(|_| ())
                };
                made.push((name.into(), outcome(r, req.clone()), false, false));
            }
            Call::DeleteDetector { detector } => {
                let d = state
                    .name_of(Kind::Detector, detector)
                    .map(str::to_string)
                    .ok_or_else(|| DrillError(format!("the drill has no detector `{detector}`")))?;
                let req = json!({"detectorId": d});
                let r = call(
                    &NoCallLog,
                    ops::guardduty::DELETE_DETECTOR,
                    &d,
                    attacker.guardduty.delete_detector().detector_id(&d).send(),
                )
                .await;
                made.push((name.into(), outcome(r, req.clone()), false, false));
            }
            Call::GetObjects { bucket } | Call::DeleteObjects { bucket } => {
                let b = bucket_of(state, bucket)?;
                let get = matches!(step.call, Call::GetObjects { .. });
                for k in keys_of(attacker, &b).await? {
                    let req = json!({"bucketName": b, "Host": host(&b), "key": k});
                    let target = format!("s3://{b}/{k}");
                    let r = if get {
                        call(
                            &NoCallLog,
                            ops::s3::GET_OBJECT,
                            &target,
                            attacker.s3.get_object().bucket(&b).key(&k).send(),
                        )
                        .await
                        .map(|_| ())
                    } else {
                        call(
                            &NoCallLog,
                            ops::s3::DELETE_OBJECT,
                            &target,
                            attacker.s3.delete_object().bucket(&b).key(&k).send(),
                        )
                        .await
                        .map(|_| ())
                    };
                    let mut m = outcome(r, req.clone());
                    m.resources = object_resources(partition, &state.account, &b, &k);
                    made.push((name.into(), m, get, true));
                }
            }
        }
        for (j, (event_name, m, read_only, data)) in made.into_iter().enumerate() {
            let at = time + SignedDuration::from_secs(j as i64);
            let id = event_id(&state.drill_id, n * 1000 + j, &event_name);
            let record = trail::record(
                state,
                key,
                &a.source_ip,
                &a.user_agent,
                &trail::Call {
                    time: at,
                    event_source: source,
                    event_name: &event_name,
                    request: m.request,
                    response: m.response,
                    error: m.error.clone(),
                    read_only,
                    data_event: data,
                    resources: m.resources,
                    event_id: id.clone(),
                },
            );
            records.push(record);
            state.attack.push(AttackCall {
                time: at,
                event_source: source.to_string(),
                event_name,
                technique: step.technique.clone(),
                stratus: step.stratus.clone(),
                event_id: id,
                result: m.error.map_or_else(|| "ok".to_string(), |(code, _)| code),
            });
        }
        state.write(dir)?;
    }
    Ok(records)
}
