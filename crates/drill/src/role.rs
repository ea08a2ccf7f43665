//! A drill's IAM role for EC2 (under the drill's path, with an instance profile of its
//! name) and the attacker's side of it: a session of the role named for the instance it
//! was taken from, as the instance metadata service hands out.

use std::path::Path;

use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;
use jiff::Timestamp;

use crate::scenario::RoleSpec;
use crate::setup::{Key, confirm, created, iam_tag, intend};
use crate::state::{DrillState, Kind, Session};
use crate::{DrillError, Result, physical, user_path};

/// A role EC2 can take, under the drill's path, with an instance profile of its name.
/// Its trust also names the account itself, so that the drill can play the attacker
/// holding the instance's credentials on a real account as on the emulator.
pub(crate) async fn create_role(aws: &Aws, state: &mut DrillState, dir: &Path, r: &RoleSpec) -> Result<()> {
    let name = physical(&r.name, &state.drill_id);
    let path = user_path(&state.drill_id);
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": format!("arn:{}:iam::{}:root", aws.partition(), state.account)},
         "Action": "sts:AssumeRole"}]});
    let i = intend(state, dir, created(Kind::Role, &name, &r.name))?;
    call(
        &NoCallLog,
        ops::iam::CREATE_ROLE,
        &name,
        aws.iam
            .create_role()
            .role_name(&name)
            .path(&path)
            .assume_role_policy_document(trust.to_string())
            .tags(iam_tag(&state.drill_id)?)
            .send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    for p in &r.managed_policies {
        let arn = format!("arn:{}:iam::aws:policy/{p}", aws.partition());
        call(
            &NoCallLog,
            ops::iam::ATTACH_ROLE_POLICY,
            &name,
            aws.iam.attach_role_policy().role_name(&name).policy_arn(arn).send(),
        )
        .await?;
    }
    let i = intend(state, dir, created(Kind::InstanceProfile, &name, &r.name))?;
    call(
        &NoCallLog,
        ops::iam::CREATE_INSTANCE_PROFILE,
        &name,
        aws.iam.create_instance_profile().instance_profile_name(&name).path(&path).send(),
    )
    .await?;
    confirm(state, dir, i, None)?;
    call(
        &NoCallLog,
        ops::iam::ADD_ROLE_TO_INSTANCE_PROFILE,
        &name,
        aws.iam.add_role_to_instance_profile().instance_profile_name(&name).role_name(&name).send(),
    )
    .await?;
    Ok(())
}

/// The attacker's credentials taken from an instance: a session of its role named for
/// the instance id, as the instance metadata service hands out.
pub(crate) async fn role_credentials(aws: &Aws, state: &mut DrillState, role: &str, instance: &str) -> Result<Key> {
    let name = physical(role, &state.drill_id);
    let instance_id = state
        .instances(instance)
        .first()
        .map(|(_, i)| i.clone())
        .ok_or_else(|| DrillError(format!("the drill has no instance `{instance}`")))?;
    let got = call(&NoCallLog, ops::iam::GET_ROLE, &name, aws.iam.get_role().role_name(&name).send()).await?;
    let role_arn = got.role().map(|r| r.arn().to_string()).unwrap_or_default();
    let out = call(
        &NoCallLog,
        ops::sts::ASSUME_ROLE,
        &role_arn,
        aws.sts.assume_role().role_arn(&role_arn).role_session_name(&instance_id).send(),
    )
    .await?;
    let creds =
        out.credentials().ok_or_else(|| DrillError(format!("sts:AssumeRole of {name} returned no credentials")))?;
    let role_id = out
        .assumed_role_user()
        .map(|u| u.assumed_role_id().split(':').next().unwrap_or_default().to_string())
        .or_else(|| got.role().map(|r| r.role_id().to_string()))
        .unwrap_or_default();
    state.session = Some(Session {
        role: name.clone(),
        session_name: instance_id.clone(),
        access_key_id: creds.access_key_id().to_string(),
        issued_at: Timestamp::now(),
    });
    Ok(Key {
        user: name,
        user_id: role_id,
        access_key_id: creds.access_key_id().to_string(),
        secret: creds.secret_access_key().to_string(),
        session: Some((creds.session_token().to_string(), instance_id)),
    })
}
