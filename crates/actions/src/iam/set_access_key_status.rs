//! `iam.set_access_key_status`: set access keys Active or Inactive as listed (the
//! inverse of `iam.deactivate_access_keys`).

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};

// tidy: unreached ops::iam::GET_ACCESS_KEY_LAST_USED: `keys_in_scope` is given the user name, so it never looks up a key's owner
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::iam::deactivate_access_keys::{self as deactivate, KeyStatus, keys_in_scope, set_status};

pub struct SetAccessKeyStatus;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.set_access_key_status",
    summary: "Set a user's access keys Active or Inactive as listed",
    description: "Sets each listed access key of the user to the given status (UpdateAccessKey), recording \
the status each had. `cordon undo` builds this step from an `iam.deactivate_access_keys` receipt.",
    operations: &[ops::iam::LIST_ACCESS_KEYS, ops::iam::UPDATE_ACCESS_KEY],
    implied: &[],
    inverse: &[&DOC],
    undo: "Sets the keys back to the status they had before this step.",
    example: "user_name: deploy-bot\nkeys:\n  - { access_key_id: AKIAIOSFODNN7EXAMPLE, status: Active }\n",
};

/// The keys' statuses before the step.
const BEFORE: Checkpoint<Vec<KeyStatus>> = Checkpoint::new("before");

/// Parameters of `iam.set_access_key_status`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The keys' user.
    pub user_name: IamName,
    /// Each key with the status to set (`Active` or `Inactive`).
    pub keys: Vec<KeyStatus>,
}

/// Receipt of `iam.set_access_key_status`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The keys' user.
    pub user_name: String,
    /// The listed keys with their status before this step.
    pub before: Vec<KeyStatus>,
    /// The keys with the status set.
    pub set: Vec<KeyStatus>,
}

impl Action for SetAccessKeyStatus {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        p.keys.iter().fold(StepPlan { mutates: true, ..Default::default() }, |plan, k| {
            plan.change(&k.access_key_id, format!("access key of user {} set {}", p.user_name, k.status))
        })
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let scope = deactivate::Params { access_key_id: None, user_name: Some(p.user_name.clone()) };
        let (_, now) = keys_in_scope(aws, &NoCallLog, &scope).await?;
        let mut plan = self.plan(p);
        for k in &p.keys {
            if !now.iter().any(|n| n.access_key_id == k.access_key_id) {
                plan = plan.warn(format!("user {} has no access key {}", p.user_name, k.access_key_id));
            }
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let scope = deactivate::Params { access_key_id: None, user_name: Some(p.user_name.clone()) };
        let (user_name, now) = keys_in_scope(aws, ctx, &scope).await?;
        // Saved before the change, so a re-run after a crash does not take the statuses it
        // set for the ones before.
        let listed: Vec<KeyStatus> =
            now.into_iter().filter(|n| p.keys.iter().any(|k| k.access_key_id == n.access_key_id)).collect();
        let before = ctx.remember_now(&BEFORE, listed)?;
        set_status(aws, ctx, &user_name, &p.keys).await?;
        Ok(Receipt { user_name, before, set: p.keys.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.set
            .iter()
            .map(|k| Change {
                resource: k.access_key_id.clone(),
                description: format!("access key of user {} set {}", r.user_name, k.status),
            })
            .collect()
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<Self>(&Params { user_name: p.user_name.clone(), keys: r.before.clone() })],
        }
    }
}
