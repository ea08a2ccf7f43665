//! Creates what a scenario declares, each resource recorded in the state file before the
//! call that creates it, and keeps the access keys' secrets in memory only.

use std::collections::BTreeMap;
use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;

use crate::scenario::{Resource, Scenario};
use crate::state::{Created, DrillState, Kind};
use crate::{DrillError, Result, TAG_KEY, physical, user_path};

/// An access key the drill made, with its secret (never written to disk).
#[derive(Clone)]
pub struct Key {
    /// The user (or, for a role session, the role) the key is of.
    pub user: String,
    /// Its unique id (`AIDA...`, or the role's `AROA...`).
    pub user_id: String,
    pub access_key_id: String,
    pub secret: String,
    /// A role session's token and name (instance credentials).
    pub session: Option<(String, String)>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("user", &self.user).field("access_key_id", &self.access_key_id).finish()
    }
}

/// Records `c` (unconfirmed) and writes the state.
pub(crate) fn intend(state: &mut DrillState, dir: &Path, c: Created) -> Result<usize> {
    state.resources.push(c);
    state.write(dir)?;
    Ok(state.resources.len() - 1)
}

/// Marks resource `i` created and writes the state.
pub(crate) fn confirm(state: &mut DrillState, dir: &Path, i: usize, name: Option<String>) -> Result<()> {
    if let Some(r) = state.resources.get_mut(i) {
        r.confirmed = true;
        if let Some(n) = name {
            r.name = n;
        }
    }
    state.write(dir)
}

/// A resource about to be created by setup (unconfirmed, not by the attack).
pub(crate) fn created(kind: Kind, name: &str, logical: &str) -> Created {
    Created {
        kind,
        name: name.to_string(),
        logical: logical.to_string(),
        user: None,
        of: None,
        by_attack: false,
        confirmed: false,
        deleted: false,
    }
}

/// The drill's tag on an IAM user or role.
pub(crate) fn iam_tag(drill_id: &str) -> Result<aws_sdk_iam::types::Tag> {
    aws_sdk_iam::types::Tag::builder().key(TAG_KEY).value(drill_id).build().map_err(|e| DrillError(e.to_string()))
}

/// Creates an IAM user under the drill's path, tagged; returns its user id.
pub(crate) async fn create_user(
    aws: &Aws,
    state: &mut DrillState,
    dir: &Path,
    logical: &str,
    by_attack: bool,
) -> Result<String> {
    let name = physical(logical, &state.drill_id);
    let i = intend(state, dir, Created { by_attack, ..created(Kind::User, &name, logical) })?;
    let tag = iam_tag(&state.drill_id)?;
    let out = call(
        &NoCallLog,
        ops::iam::CREATE_USER,
        &name,
        aws.iam.create_user().user_name(&name).path(user_path(&state.drill_id)).tags(tag).send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    Ok(out.user().map(|u| u.user_id().to_string()).unwrap_or_default())
}

/// Creates an access key for a drill user (`creator` makes the call: the drill, or the
/// attacker); the key is recorded by id once known.
pub(crate) async fn create_key(
    creator: &Aws,
    state: &mut DrillState,
    dir: &Path,
    user: &str,
    logical: &str,
    by_attack: bool,
) -> Result<(String, String)> {
    // The id is not known before the call: the user is recorded, and cleanup deletes
    // every key of a drill user.
    let i = intend(
        state,
        dir,
        Created { user: Some(user.to_string()), by_attack, ..created(Kind::AccessKey, "", logical) },
    )?;
    let out =
        call(&NoCallLog, ops::iam::CREATE_ACCESS_KEY, user, creator.iam.create_access_key().user_name(user).send())
            .await?;
    let key = out.access_key().ok_or_else(|| DrillError(format!("iam:CreateAccessKey for {user} returned no key")))?;
    confirm(state, dir, i, Some(key.access_key_id().to_string()))?;
    Ok((key.access_key_id().to_string(), key.secret_access_key().to_string()))
}

/// Creates a bucket named for the drill, tagged, with `objects`.
pub(crate) async fn create_bucket(
    aws: &Aws,
    state: &mut DrillState,
    dir: &Path,
    logical: &str,
    objects: &BTreeMap<String, String>,
) -> Result<String> {
    let name = physical(logical, &state.drill_id);
    let i = intend(state, dir, created(Kind::Bucket, &name, logical))?;
    let mut req = aws.s3.create_bucket().bucket(&name);
    if let Some(region) = aws.region().filter(|r| *r != "us-east-1") {
        req = req.create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region))
                .build(),
        );
    }
    call(&NoCallLog, ops::s3::CREATE_BUCKET, &name, req.send()).await?;
    confirm(state, dir, i, None)?;
    let tag = aws_sdk_s3::types::Tag::builder()
        .key(TAG_KEY)
        .value(&state.drill_id)
        .build()
        .map_err(|e| DrillError(e.to_string()))?;
    let tagging = aws_sdk_s3::types::Tagging::builder().tag_set(tag).build().map_err(|e| DrillError(e.to_string()))?;
    call(
        &NoCallLog,
        ops::s3::PUT_BUCKET_TAGGING,
        &name,
        aws.s3.put_bucket_tagging().bucket(&name).tagging(tagging).send(),
    )
    .await?;
    for (key, text) in objects {
        call(
            &NoCallLog,
            ops::s3::PUT_OBJECT,
            &format!("s3://{name}/{key}"),
            aws.s3.put_object().bucket(&name).key(key).body(ByteStream::from(text.clone().into_bytes())).send(),
        )
        .await?;
    }
    Ok(name)
}

/// Creates a trail delivering to a drill bucket (with the bucket policy CloudTrail
/// needs), tagged, and starts its logging.
pub(crate) async fn create_trail(
    aws: &Aws,
    state: &mut DrillState,
    dir: &Path,
    logical: &str,
    bucket: &str,
) -> Result<()> {
    let name = physical(logical, &state.drill_id);
    let bucket = state
        .name_of(Kind::Bucket, bucket)
        .map(str::to_string)
        .ok_or_else(|| DrillError(format!("the trail's bucket `{bucket}` is not set up")))?;
    let partition = aws.partition();
    let (account, region) = (state.account.clone(), state.region.clone());
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
         "Resource": format!("arn:{partition}:s3:::{bucket}")},
        {"Sid": "Write", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": format!("arn:{partition}:s3:::{bucket}/AWSLogs/{account}/*"),
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                       "aws:SourceArn": format!("arn:{partition}:cloudtrail:{region}:{account}:trail/{name}")}}}]});
    call(
        &NoCallLog,
        ops::s3::PUT_BUCKET_POLICY,
        &bucket,
        aws.s3.put_bucket_policy().bucket(&bucket).policy(policy.to_string()).send(),
    )
    .await?;
    let i = intend(state, dir, created(Kind::Trail, &name, logical))?;
    let tag = aws_sdk_cloudtrail::types::Tag::builder()
        .key(TAG_KEY)
        .value(&state.drill_id)
        .build()
        .map_err(|e| DrillError(e.to_string()))?;
    call(
        &NoCallLog,
        ops::cloudtrail::CREATE_TRAIL,
        &name,
        aws.cloudtrail.create_trail().name(&name).s3_bucket_name(&bucket).tags_list(tag).send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    call(&NoCallLog, ops::cloudtrail::START_LOGGING, &name, aws.cloudtrail.start_logging().name(&name).send()).await?;
    Ok(())
}

/// Creates a GuardDuty detector, enabled and tagged.
pub(crate) async fn create_detector(aws: &Aws, state: &mut DrillState, dir: &Path, logical: &str) -> Result<()> {
    // The id is known after the call: the sweep finds a detector by its tag.
    let i = intend(state, dir, created(Kind::Detector, "", logical))?;
    let out = call(
        &NoCallLog,
        ops::guardduty::CREATE_DETECTOR,
        logical,
        aws.guardduty.create_detector().enable(true).tags(TAG_KEY, &state.drill_id).send(),
    )
    .await?;
    confirm(state, dir, i, out.detector_id().map(str::to_string))
}

/// What must hold before a scenario creates anything: GuardDuty has one detector per
/// account and Region, so a scenario with one needs a Region without.
pub async fn preflight(aws: &Aws, scenario: &Scenario) -> Result<()> {
    if scenario.setup.iter().any(|r| matches!(r, Resource::Detector(_))) {
        let out = call(&NoCallLog, ops::guardduty::LIST_DETECTORS, "detectors", aws.guardduty.list_detectors().send())
            .await?;
        if let Some(id) = out.detector_ids().first() {
            return Err(DrillError(format!(
                "the scenario creates a GuardDuty detector, and this Region already has one ({id}): GuardDuty \
                 allows one per Region, and a drill never touches the account's own; run it in a Region without"
            )));
        }
    }
    Ok(())
}

/// Creates the scenario's resources; returns the access keys by user (logical name).
pub async fn run(aws: &Aws, scenario: &Scenario, state: &mut DrillState, dir: &Path) -> Result<BTreeMap<String, Key>> {
    let mut keys = BTreeMap::new();
    for r in &scenario.setup {
        match r {
            Resource::User(u) => {
                let user_id = create_user(aws, state, dir, &u.name, false).await?;
                let name = physical(&u.name, &state.drill_id);
                for p in &u.managed_policies {
                    let arn = format!("arn:{}:iam::aws:policy/{p}", aws.partition());
                    call(
                        &NoCallLog,
                        ops::iam::ATTACH_USER_POLICY,
                        &name,
                        aws.iam.attach_user_policy().user_name(&name).policy_arn(arn).send(),
                    )
                    .await?;
                }
                if u.access_key {
                    let (id, secret) = create_key(aws, state, dir, &name, &u.name, false).await?;
                    keys.insert(u.name.clone(), Key { user: name, user_id, access_key_id: id, secret, session: None });
                }
            }
            Resource::Bucket(b) => {
                create_bucket(aws, state, dir, &b.name, &b.objects).await?;
            }
            Resource::Trail(t) => create_trail(aws, state, dir, &t.name, &t.bucket).await?,
            Resource::Detector(d) => create_detector(aws, state, dir, &d.name).await?,
            Resource::Role(r) => crate::role::create_role(aws, state, dir, r).await?,
            Resource::Instance(i) => crate::compute::create_instance(aws, state, dir, i).await?,
            Resource::Group(g) => crate::compute::create_group(aws, state, dir, g).await?,
        }
    }
    Ok(keys)
}
