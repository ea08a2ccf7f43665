//! `iam.capture_principal`: save everything IAM knows about a user or role — keys with
//! last use, policies (documents), groups, console and MFA, trust policy — as evidence.

use cordon_aws::{Aws, call};
use cordon_core::action::{Action, ActionDoc, CallLog, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::{AccessKeyId, CaseId, IamName};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub struct CapturePrincipal;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.capture_principal",
    summary: "Save a user's or role's IAM state: keys and their last use, policies, groups, console, MFA, trust",
    description: "Read-only. For a user: the user, every access key with its status and last use (time, \
service, Region), attached managed policies with their default version's document, inline policies with \
their documents, groups, whether a console password exists, MFA devices. For a role: the role with its \
trust policy, attached and inline policies with documents, and its instance profiles. Given only an \
`access_key_id`, the key's user is found first. Written to the case as one JSON artifact.",
    operations: &[
        ops::iam::GET_ACCESS_KEY_LAST_USED,
        ops::iam::GET_USER,
        ops::iam::LIST_ACCESS_KEYS,
        ops::iam::LIST_ATTACHED_USER_POLICIES,
        ops::iam::LIST_USER_POLICIES,
        ops::iam::GET_USER_POLICY,
        ops::iam::LIST_GROUPS_FOR_USER,
        ops::iam::GET_LOGIN_PROFILE,
        ops::iam::LIST_MFA_DEVICES,
        ops::iam::GET_ROLE,
        ops::iam::LIST_ATTACHED_ROLE_POLICIES,
        ops::iam::LIST_ROLE_POLICIES,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
        ops::iam::GET_POLICY,
        ops::iam::GET_POLICY_VERSION,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "access_key_id: AKIAIOSFODNN7EXAMPLE\n",
};

/// Parameters of `iam.capture_principal`: one of `user_name`, `role_name`, `access_key_id`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The IAM user.
    #[serde(default)]
    pub user_name: Option<IamName>,
    /// The IAM role.
    #[serde(default)]
    pub role_name: Option<IamName>,
    /// An access key: its user is captured.
    #[serde(default)]
    pub access_key_id: Option<AccessKeyId>,
}

/// Receipt of `iam.capture_principal`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// `user` or `role`.
    pub kind: String,
    /// The user or role name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The user's access keys (empty for a role).
    pub access_key_ids: Vec<String>,
    /// The artifact written.
    pub artifacts: Vec<ArtifactRecord>,
}

enum Target {
    User(String),
    Role(String),
}

async fn target(aws: &Aws, log: &dyn CallLog, p: &Params) -> Result<Target, ActionError> {
    match (&p.user_name, &p.role_name, &p.access_key_id) {
        (Some(u), None, None) => Ok(Target::User(u.to_string())),
        (None, Some(r), None) => Ok(Target::Role(r.to_string())),
        (None, None, Some(k)) => {
            let out = call(
                log,
                ops::iam::GET_ACCESS_KEY_LAST_USED,
                k.as_str(),
                aws.iam.get_access_key_last_used().access_key_id(k.as_str()).send(),
            )
            .await?;
            out.user_name().filter(|u| !u.is_empty()).map(|u| Target::User(u.to_string())).ok_or_else(|| {
                ActionError::new(ErrorKind::NotFound, format!("no user owns access key {k}")).on(k.as_str())
            })
        }
        _ => Err(ActionError::invalid("give exactly one of `user_name`, `role_name` and `access_key_id`")),
    }
}

fn time(t: Option<&aws_smithy_types::DateTime>) -> Value {
    t.map(|t| json!(t.fmt(aws_smithy_types::date_time::Format::DateTime).unwrap_or_default())).unwrap_or(Value::Null)
}

fn decode(doc: &str) -> Value {
    let text = percent_decode(doc);
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

/// IAM returns policy documents URL-encoded.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn inline_policy(name: &str, document: &str) -> Value {
    json!({ "name": name, "document": decode(document) })
}

/// Each attached managed policy with its default version's document.
async fn managed(
    aws: &Aws,
    log: &dyn CallLog,
    attached: &[aws_sdk_iam::types::AttachedPolicy],
) -> Result<Vec<Value>, ActionError> {
    let arns = attached.iter().filter_map(|p| Some((p.policy_name()?.to_string(), p.policy_arn()?.to_string())));
    try_join_all(arns.map(|(name, arn)| async move {
        let policy = call(log, ops::iam::GET_POLICY, &arn, aws.iam.get_policy().policy_arn(&arn).send()).await?;
        let version = policy.policy().and_then(|p| p.default_version_id()).unwrap_or("v1").to_string();
        let doc = call(
            log,
            ops::iam::GET_POLICY_VERSION,
            &arn,
            aws.iam.get_policy_version().policy_arn(&arn).version_id(&version).send(),
        )
        .await?;
        let document = doc.policy_version().and_then(|v| v.document()).map(decode).unwrap_or(Value::Null);
        Ok::<_, ActionError>(json!({ "name": name, "arn": arn, "default_version": version, "document": document }))
    }))
    .await
}

async fn capture_user(aws: &Aws, log: &dyn CallLog, name: &str) -> Result<(Value, String, Vec<String>), ActionError> {
    let iam = &aws.iam;
    let (user, keys, attached, inline, groups, mfa) = futures::try_join!(
        call(log, ops::iam::GET_USER, name, iam.get_user().user_name(name).send()),
        call(log, ops::iam::LIST_ACCESS_KEYS, name, iam.list_access_keys().user_name(name).max_items(1000).send()),
        call(
            log,
            ops::iam::LIST_ATTACHED_USER_POLICIES,
            name,
            iam.list_attached_user_policies().user_name(name).max_items(1000).send()
        ),
        call(log, ops::iam::LIST_USER_POLICIES, name, iam.list_user_policies().user_name(name).max_items(1000).send()),
        call(
            log,
            ops::iam::LIST_GROUPS_FOR_USER,
            name,
            iam.list_groups_for_user().user_name(name).max_items(1000).send()
        ),
        call(log, ops::iam::LIST_MFA_DEVICES, name, iam.list_mfa_devices().user_name(name).max_items(1000).send()),
    )?;
    let login = match call(log, ops::iam::GET_LOGIN_PROFILE, name, iam.get_login_profile().user_name(name).send()).await
    {
        Ok(out) => out.login_profile().map(|p| json!({ "create_date": time(Some(p.create_date())) })),
        Err(e) if e.kind == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let key_ids: Vec<String> =
        keys.access_key_metadata().iter().filter_map(|k| k.access_key_id()).map(str::to_string).collect();
    let last_used = try_join_all(key_ids.iter().map(|k| {
        call(log, ops::iam::GET_ACCESS_KEY_LAST_USED, k, iam.get_access_key_last_used().access_key_id(k).send())
    }))
    .await?;
    let keys_json: Vec<Value> = keys
        .access_key_metadata()
        .iter()
        .zip(&last_used)
        .map(|(k, u)| {
            let used = u.access_key_last_used();
            json!({
                "access_key_id": k.access_key_id(),
                "status": k.status().map(|s| s.as_str()),
                "create_date": time(k.create_date()),
                "last_used": time(used.and_then(|l| l.last_used_date())),
                "last_used_service": used.map(|l| l.service_name()),
                "last_used_region": used.map(|l| l.region()),
            })
        })
        .collect();
    let inline_docs = try_join_all(inline.policy_names().iter().map(|p| {
        call(log, ops::iam::GET_USER_POLICY, name, iam.get_user_policy().user_name(name).policy_name(p).send())
    }))
    .await?;
    let u = user.user();
    let arn = u.map(|u| u.arn().to_string()).unwrap_or_default();
    let value = json!({
        "kind": "user",
        "user_name": name,
        "arn": arn,
        "user_id": u.map(|u| u.user_id()),
        "create_date": time(u.map(|u| u.create_date())),
        "password_last_used": time(u.and_then(|u| u.password_last_used())),
        "access_keys": keys_json,
        "attached_policies": managed(aws, log, attached.attached_policies()).await?,
        "inline_policies": inline_docs.iter().map(|d| inline_policy(d.policy_name(), d.policy_document())).collect::<Vec<_>>(),
        "groups": groups.groups().iter().map(|g| g.group_name()).collect::<Vec<_>>(),
        "login_profile": login,
        "mfa_devices": mfa.mfa_devices().iter().map(|d| json!({ "serial_number": d.serial_number(), "enable_date": time(Some(d.enable_date())) })).collect::<Vec<_>>(),
    });
    Ok((value, arn, key_ids))
}

pub(crate) async fn capture_role(aws: &Aws, log: &dyn CallLog, name: &str) -> Result<(Value, String), ActionError> {
    let iam = &aws.iam;
    let (role, attached, inline, profiles) = futures::try_join!(
        call(log, ops::iam::GET_ROLE, name, iam.get_role().role_name(name).send()),
        call(
            log,
            ops::iam::LIST_ATTACHED_ROLE_POLICIES,
            name,
            iam.list_attached_role_policies().role_name(name).max_items(1000).send()
        ),
        call(log, ops::iam::LIST_ROLE_POLICIES, name, iam.list_role_policies().role_name(name).max_items(1000).send()),
        call(
            log,
            ops::iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
            name,
            iam.list_instance_profiles_for_role().role_name(name).max_items(1000).send()
        ),
    )?;
    let inline_docs = try_join_all(inline.policy_names().iter().map(|p| {
        call(log, ops::iam::GET_ROLE_POLICY, name, iam.get_role_policy().role_name(name).policy_name(p).send())
    }))
    .await?;
    let r = role.role();
    let arn = r.map(|r| r.arn().to_string()).unwrap_or_default();
    let value = json!({
        "kind": "role",
        "role_name": name,
        "arn": arn,
        "path": r.map(|r| r.path()),
        "create_date": time(r.map(|r| r.create_date())),
        "trust_policy": r.and_then(|r| r.assume_role_policy_document()).map(decode),
        "max_session_duration": r.and_then(|r| r.max_session_duration()),
        "attached_policies": managed(aws, log, attached.attached_policies()).await?,
        "inline_policies": inline_docs.iter().map(|d| inline_policy(d.policy_name(), d.policy_document())).collect::<Vec<_>>(),
        "instance_profiles": profiles.instance_profiles().iter().map(|p| p.arn()).collect::<Vec<_>>(),
    });
    Ok((value, arn))
}

impl Action for CapturePrincipal {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, _p: &Params) -> StepPlan {
        StepPlan::default().observe("read-only: capture the principal's keys, policies, groups, console, MFA and trust")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let plan = self.plan(p);
        Ok(match target(aws, &NoCallLog, p).await? {
            Target::User(u) => plan.observe(format!("user {u}")),
            Target::Role(r) => plan.observe(format!("role {r}")),
        })
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let (kind, name, value, arn, access_key_ids) = match target(aws, ctx, p).await? {
            Target::User(u) => {
                let (v, arn, keys) = capture_user(aws, ctx, &u).await?;
                ("user", u, v, arn, keys)
            }
            Target::Role(r) => {
                let (v, arn) = capture_role(aws, ctx, &r).await?;
                ("role", r, v, arn, Vec::new())
            }
        };
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        let artifact = ctx.store(
            ArtifactMeta {
                name: format!("iam-{kind}-{name}.json"),
                source: arn.clone(),
                media_type: "application/json",
            },
            &bytes,
        )?;
        Ok(Receipt { kind: kind.into(), name, arn, access_key_ids, artifacts: vec![artifact] })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
