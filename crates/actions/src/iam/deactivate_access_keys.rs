//! `iam.deactivate_access_keys`: set a user's long-term access keys Inactive — one key,
//! or all of them. Never deletes: deletion loses the rollback path and muddies the record.

use aws_sdk_iam::types::StatusType;
use cordon_aws::{Aws, call};
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{AccessKeyId, CaseId, IamName};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DeactivateAccessKeys;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.deactivate_access_keys",
    summary: "Set one access key, or all of a user's, Inactive (never deleted)",
    description: "With `access_key_id`, deactivates that key, finding its user first (GetAccessKeyLastUsed) \
unless `user_name` is given too. With `user_name` alone, deactivates every key of the user. Keys are set \
Inactive, never deleted; keys already inactive are left alone. Their prior status and last use are recorded. \
Temporary credentials (ASIA…) cannot be deactivated: revoke the role's sessions instead.",
    operations: &[ops::iam::GET_ACCESS_KEY_LAST_USED, ops::iam::LIST_ACCESS_KEYS, ops::iam::UPDATE_ACCESS_KEY],
    implied: &[],
    inverse: &[&crate::iam::set_access_key_status::DOC],
    undo: "Sets the keys it deactivated Active again.",
    example: "access_key_id: AKIAIOSFODNN7EXAMPLE\n",
};

/// The keys being deactivated, saved before any is.
const DEACTIVATING: Checkpoint<Vec<String>> = Checkpoint::new("deactivating");
/// The user whose keys those are, saved with them.
const USER: Checkpoint<String> = Checkpoint::new("user");

/// Parameters of `iam.deactivate_access_keys`: `access_key_id`, `user_name`, or both.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The compromised key (its user is looked up when `user_name` is not given).
    #[serde(default)]
    pub access_key_id: Option<AccessKeyId>,
    /// The user whose keys are deactivated: all of them unless `access_key_id` is given.
    #[serde(default)]
    pub user_name: Option<IamName>,
}

/// One access key and its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KeyStatus {
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: String,
}

/// Receipt of `iam.deactivate_access_keys`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The keys' user.
    pub user_name: String,
    /// The keys in scope, with their status before the step.
    pub keys: Vec<KeyStatus>,
    /// The keys this step set Inactive.
    pub deactivated: Vec<String>,
}

/// The user and the keys in scope, with their current status.
pub(crate) async fn keys_in_scope(
    aws: &Aws,
    log: &dyn CallLog,
    p: &Params,
) -> Result<(String, Vec<KeyStatus>), ActionError> {
    let user = match (&p.user_name, &p.access_key_id) {
        (Some(u), _) => u.to_string(),
        (None, Some(k)) => {
            if k.as_str().starts_with("ASIA") {
                return Err(ActionError::new(
                    ErrorKind::Invalid,
                    format!("{k} is a temporary credential: it cannot be deactivated; revoke its role's sessions"),
                )
                .on(k.as_str()));
            }
            let out = call(
                log,
                ops::iam::GET_ACCESS_KEY_LAST_USED,
                k.as_str(),
                aws.iam.get_access_key_last_used().access_key_id(k.as_str()).send(),
            )
            .await?;
            out.user_name().filter(|u| !u.is_empty()).map(str::to_string).ok_or_else(|| {
                ActionError::new(ErrorKind::NotFound, format!("no user owns access key {k}")).on(k.as_str())
            })?
        }
        (None, None) => return Err(ActionError::invalid("give `access_key_id`, `user_name`, or both")),
    };
    let mut keys = Vec::new();
    let mut pages = aws.iam.list_access_keys().user_name(&user).into_paginator().send();
    while let Some(page) = pages.next().await {
        // A page is one request: recorded and mapped like any other call.
        let page = call(log, ops::iam::LIST_ACCESS_KEYS, &user, std::future::ready(page)).await?;
        keys.extend(page.access_key_metadata().iter().filter_map(|k| {
            Some(KeyStatus {
                access_key_id: k.access_key_id()?.to_string(),
                status: k.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
            })
        }));
    }
    if let Some(k) = &p.access_key_id {
        keys.retain(|s| s.access_key_id == k.as_str());
        if keys.is_empty() {
            return Err(
                ActionError::new(ErrorKind::NotFound, format!("user {user} has no access key {k}")).on(k.as_str())
            );
        }
    }
    Ok((user, keys))
}

/// Sets each key to its status (one call per key, all at once).
pub(crate) async fn set_status(
    aws: &Aws,
    log: &dyn CallLog,
    user: &str,
    keys: &[KeyStatus],
) -> Result<(), ActionError> {
    let calls = keys.iter().map(|k| {
        call(
            log,
            ops::iam::UPDATE_ACCESS_KEY,
            &k.access_key_id,
            aws.iam
                .update_access_key()
                .user_name(user)
                .access_key_id(&k.access_key_id)
                .status(StatusType::from(k.status.as_str()))
                .send(),
        )
    });
    futures::future::try_join_all(calls).await.map(|_| ())
}

impl Action for DeactivateAccessKeys {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() };
        match (&p.access_key_id, &p.user_name) {
            (Some(k), _) => plan.change(k.as_str(), "access key set Inactive"),
            (None, Some(u)) => plan.change(format!("user {u}"), "every access key set Inactive"),
            (None, None) => StepPlan { warnings: vec!["give `access_key_id`, `user_name`, or both".into()], ..plan },
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let (user, keys) = keys_in_scope(aws, &NoCallLog, p).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for k in &keys {
            plan = if k.status == "Active" {
                plan.change(&k.access_key_id, format!("access key of user {user}: Active -> Inactive"))
            } else {
                plan.observe(format!("access key {} of user {user} is already {}", k.access_key_id, k.status))
            };
        }
        if keys.is_empty() {
            plan = plan.observe(format!("user {user} has no access keys"));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let (user_name, keys) = keys_in_scope(aws, ctx, p).await?;
        let todo: Vec<KeyStatus> = keys
            .iter()
            .filter(|k| k.status == "Active")
            .map(|k| KeyStatus { access_key_id: k.access_key_id.clone(), status: "Inactive".into() })
            .collect();
        // The keys an earlier attempt was about to deactivate: a crash between the change
        // and its outcome leaves them Inactive, and undo must still set them Active again.
        let mut deactivated: Vec<String> = ctx.recall(&DEACTIVATING).unwrap_or_default();
        for k in &todo {
            if !deactivated.contains(&k.access_key_id) {
                deactivated.push(k.access_key_id.clone());
            }
        }
        deactivated.retain(|k| keys.iter().any(|s| &s.access_key_id == k));
        if !todo.is_empty() {
            ctx.remember_now(&USER, user_name.clone())?;
            ctx.save(&DEACTIVATING, &deactivated)?;
        }
        set_status(aws, ctx, &user_name, &todo).await?;
        Ok(Receipt { user_name, keys, deactivated })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.deactivated
            .iter()
            .map(|k| Change {
                resource: k.clone(),
                description: format!("access key of user {}: Active -> Inactive", r.user_name),
            })
            .collect()
    }

    /// A failed or interrupted attempt: every key it was about to deactivate is set Active.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(user_name) = recorded.first(&USER).or_else(|| p.user_name.as_ref().map(ToString::to_string)) else {
            return Undo::NothingToUndo;
        };
        let mut deactivated: Vec<String> = Vec::new();
        for key in recorded.all(&DEACTIVATING).into_iter().flatten() {
            if !deactivated.contains(&key) {
                deactivated.push(key);
            }
        }
        self.undo(p, &Receipt { user_name, keys: Vec::new(), deactivated })
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        if r.deactivated.is_empty() {
            return Undo::NothingToUndo;
        }
        let keys: Vec<KeyStatus> =
            r.deactivated.iter().map(|k| KeyStatus { access_key_id: k.clone(), status: "Active".into() }).collect();
        Undo::from_steps(IamName::new(r.user_name.as_str()).map(|user_name| {
            vec![UndoStep::to::<crate::SetAccessKeyStatus>(&crate::iam::set_access_key_status::Params {
                user_name,
                keys,
            })]
        }))
    }
}
