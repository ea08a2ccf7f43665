//! Deletes everything the drill created: its inventory (newest first), then a sweep for
//! anything carrying its id that the inventory missed, then a proof that nothing is left.
//! Each deletion is written to the state file as it is done, so cleanup can be re-run
//! after any interruption; what is already gone counts as deleted. Nothing is deleted
//! whose drill id Cordon has not read back from the resource itself (an IAM user's path,
//! a bucket's tag), so a resource of the same name made by someone else is never touched.

use std::path::Path;

use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::{ActionError, ErrorKind, ops};
use serde::Serialize;

use crate::state::{DrillState, Kind};
use crate::{DrillError, Result, TAG_KEY, user_path};

/// What cleanup did, and the proof.
#[derive(Debug, Clone, Serialize)]
pub struct Cleaned {
    pub deleted: Vec<String>,
    /// Resources that were not the drill's (refused), with why.
    pub refused: Vec<String>,
    /// What the final listing still found carrying the drill id (empty when clean).
    pub left: Vec<String>,
}

pub(crate) fn gone<T>(r: std::result::Result<T, ActionError>) -> std::result::Result<Option<T>, ActionError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes a drill user and what hangs on it; `Ok(false)` if it is not the drill's.
async fn delete_user(aws: &Aws, drill_id: &str, name: &str) -> Result<bool> {
    let Some(user) = gone(call(&NoCallLog, ops::iam::GET_USER, name, aws.iam.get_user().user_name(name).send()).await)?
    else {
        return Ok(true);
    };
    if user.user().map(|u| u.path()) != Some(user_path(drill_id).as_str()) {
        return Ok(false);
    }
    let keys =
        call(&NoCallLog, ops::iam::LIST_ACCESS_KEYS, name, aws.iam.list_access_keys().user_name(name).send()).await?;
    for k in keys.access_key_metadata().iter().filter_map(|k| k.access_key_id()) {
        gone(
            call(
                &NoCallLog,
                ops::iam::DELETE_ACCESS_KEY,
                name,
                aws.iam.delete_access_key().user_name(name).access_key_id(k).send(),
            )
            .await,
        )?;
    }
    let attached = call(
        &NoCallLog,
        ops::iam::LIST_ATTACHED_USER_POLICIES,
        name,
        aws.iam.list_attached_user_policies().user_name(name).send(),
    )
    .await?;
    for p in attached.attached_policies().iter().filter_map(|p| p.policy_arn()) {
        gone(
            call(
                &NoCallLog,
                ops::iam::DETACH_USER_POLICY,
                name,
                aws.iam.detach_user_policy().user_name(name).policy_arn(p).send(),
            )
            .await,
        )?;
    }
    let inline =
        call(&NoCallLog, ops::iam::LIST_USER_POLICIES, name, aws.iam.list_user_policies().user_name(name).send())
            .await?;
    for p in inline.policy_names() {
        gone(
            call(
                &NoCallLog,
                ops::iam::DELETE_USER_POLICY,
                name,
                aws.iam.delete_user_policy().user_name(name).policy_name(p).send(),
            )
            .await,
        )?;
    }
    gone(
        call(&NoCallLog, ops::iam::DELETE_LOGIN_PROFILE, name, aws.iam.delete_login_profile().user_name(name).send())
            .await,
    )?;
    gone(call(&NoCallLog, ops::iam::DELETE_USER, name, aws.iam.delete_user().user_name(name).send()).await)?;
    Ok(true)
}

/// Deletes a drill bucket with every object version; `Ok(false)` if it is not the drill's.
async fn delete_bucket(aws: &Aws, drill_id: &str, name: &str) -> Result<bool> {
    let tags = match call(
        &NoCallLog,
        ops::s3::GET_BUCKET_TAGGING,
        name,
        aws.s3.get_bucket_tagging().bucket(name).send(),
    )
    .await
    {
        Ok(t) => t,
        // No tag set at all: not the drill's (S3 says so with a "not found" of the tags,
        // not of the bucket).
        Err(e) if e.code.as_deref() == Some("NoSuchTagSet") => return Ok(false),
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    if !tags.tag_set().iter().any(|t| t.key() == TAG_KEY && t.value() == drill_id) {
        return Ok(false);
    }
    // A policy the response put (e.g. denying deletion) would stop the deletes below.
    gone(
        call(&NoCallLog, ops::s3::DELETE_BUCKET_POLICY, name, aws.s3.delete_bucket_policy().bucket(name).send()).await,
    )?;
    loop {
        let page =
            call(&NoCallLog, ops::s3::LIST_BUCKET_VERSIONS, name, aws.s3.list_object_versions().bucket(name).send())
                .await?;
        let mut items: Vec<(String, Option<String>)> = page
            .versions()
            .iter()
            .map(|v| (v.key().unwrap_or_default().to_string(), v.version_id().map(str::to_string)))
            .collect();
        items.extend(
            page.delete_markers()
                .iter()
                .map(|m| (m.key().unwrap_or_default().to_string(), m.version_id().map(str::to_string))),
        );
        if items.is_empty() {
            break;
        }
        for (key, version) in items {
            let target = format!("s3://{name}/{key}");
            let mut req = aws.s3.delete_object().bucket(name).key(&key);
            if let Some(v) = version.filter(|v| v != "null") {
                req = req.version_id(v);
            }
            gone(call(&NoCallLog, ops::s3::DELETE_OBJECT_VERSION, &target, req.send()).await)?;
        }
    }
    gone(call(&NoCallLog, ops::s3::DELETE_BUCKET, name, aws.s3.delete_bucket().bucket(name).send()).await)?;
    Ok(true)
}

/// Deletes a drill trail; `Ok(false)` if it is not the drill's (its tag read back).
async fn delete_trail(aws: &Aws, state: &DrillState, name: &str) -> Result<bool> {
    let arn = format!(
        "arn:{}:cloudtrail:{}:{}:trail/{name}",
        cordon_aws::partition_of_region(&state.region),
        state.region,
        state.account
    );
    let tags = match call(
        &NoCallLog,
        ops::cloudtrail::LIST_TAGS,
        name,
        aws.cloudtrail.list_tags().resource_id_list(&arn).send(),
    )
    .await
    {
        Ok(t) => t,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    let ours = tags
        .resource_tag_list()
        .iter()
        .flat_map(|r| r.tags_list())
        .any(|t| t.key() == TAG_KEY && t.value() == Some(state.drill_id.as_str()));
    if !ours {
        // A trail the attack deleted is gone: nothing to list tags of.
        let exists = call(
            &NoCallLog,
            ops::cloudtrail::GET_TRAIL_STATUS,
            name,
            aws.cloudtrail.get_trail_status().name(name).send(),
        )
        .await;
        return Ok(matches!(exists, Err(e) if e.kind == ErrorKind::NotFound));
    }
    gone(call(&NoCallLog, ops::cloudtrail::DELETE_TRAIL, name, aws.cloudtrail.delete_trail().name(name).send()).await)?;
    Ok(true)
}

/// Deletes a drill detector; `Ok(false)` if it is not the drill's (its tag read back).
async fn delete_detector(aws: &Aws, drill_id: &str, id: &str) -> Result<bool> {
    if id.is_empty() {
        // Never confirmed: the sweep finds it by its tag.
        return Ok(true);
    }
    let d =
        match call(&NoCallLog, ops::guardduty::GET_DETECTOR, id, aws.guardduty.get_detector().detector_id(id).send())
            .await
        {
            Ok(d) => d,
            // The attack deleted it: GuardDuty answers an id it does not know with a 400
            // saying the account does not own it.
            Err(e) if e.kind == ErrorKind::NotFound || e.message.contains("not owned by the current account") => {
                return Ok(true);
            }
            Err(e) => return Err(e.into()),
        };
    if d.tags().and_then(|t| t.get(TAG_KEY)).map(String::as_str) != Some(drill_id) {
        return Ok(false);
    }
    gone(
        call(&NoCallLog, ops::guardduty::DELETE_DETECTOR, id, aws.guardduty.delete_detector().detector_id(id).send())
            .await,
    )?;
    Ok(true)
}

/// GuardDuty detectors carrying the drill's tag.
async fn detectors(aws: &Aws, drill_id: &str) -> Result<Vec<(Kind, String)>> {
    let list =
        call(&NoCallLog, ops::guardduty::LIST_DETECTORS, "detectors", aws.guardduty.list_detectors().send()).await?;
    let mut out = Vec::new();
    for id in list.detector_ids() {
        let d = call(&NoCallLog, ops::guardduty::GET_DETECTOR, id, aws.guardduty.get_detector().detector_id(id).send())
            .await?;
        if d.tags().and_then(|t| t.get(TAG_KEY)).map(String::as_str) == Some(drill_id) {
            out.push((Kind::Detector, id.clone()));
        }
    }
    Ok(out)
}

/// What carries the drill's id still: users under its path, buckets named for it, and
/// its EC2, Auto Scaling, load-balancing and role resources.
pub async fn remaining(aws: &Aws, drill_id: &str) -> Result<Vec<(Kind, String)>> {
    let mut left = crate::compute_sweep::remaining(aws, drill_id).await?;
    left.extend(detectors(aws, drill_id).await?);
    let users = call(
        &NoCallLog,
        ops::iam::LIST_USERS,
        &user_path(drill_id),
        aws.iam.list_users().path_prefix(user_path(drill_id)).send(),
    )
    .await?;
    left.extend(
        users
            .users()
            .iter()
            .filter(|u| u.path() == user_path(drill_id))
            .map(|u| (Kind::User, u.user_name().to_string())),
    );
    let buckets = call(&NoCallLog, ops::s3::LIST_ALL_MY_BUCKETS, "buckets", aws.s3.list_buckets().send()).await?;
    let suffix = format!("-{drill_id}");
    left.extend(
        buckets
            .buckets()
            .iter()
            .filter_map(|b| b.name())
            .filter(|n| n.ends_with(&suffix))
            .map(|n| (Kind::Bucket, n.to_string())),
    );
    Ok(left)
}

/// Deletes one resource of the drill; `Ok(false)` if it is not the drill's.
async fn delete(aws: &Aws, state: &DrillState, kind: Kind, name: &str) -> Result<bool> {
    let drill_id = state.drill_id.as_str();
    match kind {
        Kind::User => delete_user(aws, drill_id, name).await,
        // Deleted with its user (every key of a drill user goes).
        Kind::AccessKey => Ok(true),
        Kind::Bucket => delete_bucket(aws, drill_id, name).await,
        Kind::Trail => delete_trail(aws, state, name).await,
        Kind::Detector => delete_detector(aws, drill_id, name).await,
        _ => crate::compute_cleanup::delete(aws, state, kind, name).await,
    }
}

/// Deletes the drill's resources, sweeps, and proves nothing is left. The responders'
/// snapshots of the drill's volumes go too with `evidence`.
pub async fn run(aws: &Aws, state: &mut DrillState, dir: &Path, evidence: bool) -> Result<Cleaned> {
    let mut out = Cleaned { deleted: Vec::new(), refused: Vec::new(), left: Vec::new() };
    let drill_id = state.drill_id.clone();
    // Names whose drill id did not read back: left alone, listed once.
    let mut refused = std::collections::HashSet::new();
    // What holds others first (a load balancer before its instances, instances before
    // their network); newest first within each phase.
    let mut order: Vec<usize> = (0..state.resources.len()).rev().collect();
    order.sort_by_key(|i| state.resources.get(*i).map_or(u8::MAX, |r| crate::compute_cleanup::phase(r.kind)));
    if evidence {
        for s in crate::compute_cleanup::delete_snapshots(aws, state).await? {
            out.deleted.push(format!("snapshot {s} (evidence, as asked)"));
        }
    }
    for i in order {
        let Some(r) = state.resources.get(i).cloned() else { continue };
        if r.deleted {
            continue;
        }
        let done = delete(aws, state, r.kind, &r.name).await?;
        if done {
            out.deleted.push(format!("{} {}", r.kind, r.name));
        } else {
            out.refused.push(format!("{} does not carry drill id {drill_id}: left alone", r.name));
            refused.insert(r.name.clone());
        }
        if let Some(s) = state.resources.get_mut(i) {
            s.deleted = true;
        }
        state.write(dir)?;
    }
    // The sweep: anything carrying the id that the inventory did not hold.
    // In the same order as the inventory: what holds others first.
    let mut found: Vec<(Kind, String)> =
        remaining(aws, &drill_id).await?.into_iter().filter(|(_, n)| !refused.contains(n)).collect();
    found.sort_by_key(|(k, _)| crate::compute_cleanup::phase(*k));
    for (kind, name) in found {
        let done = delete(aws, state, kind, &name).await?;
        if done {
            out.deleted.push(format!("{kind} {name} (found by the sweep)"));
        } else {
            out.refused.push(format!("{name} does not carry drill id {drill_id}: left alone"));
            refused.insert(name);
        }
    }
    out.left = remaining(aws, &drill_id)
        .await?
        .into_iter()
        .filter(|(_, n)| !refused.contains(n))
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if out.left.is_empty() {
        state.cleaned_at = Some(jiff::Timestamp::now());
        state.write(dir)?;
    } else {
        return Err(DrillError(format!("cleanup left {}: run it again", out.left.join(", "))));
    }
    Ok(out)
}
