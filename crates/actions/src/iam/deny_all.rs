//! `iam.deny_all`: an explicit deny of every action, as an inline policy on a user or
//! role. An explicit deny beats every allow the principal has.

use crate::RemoveInlinePolicy;
use crate::iam::remove_inline_policy as remove;
use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::iam::common::{
    Principal, case_policy_name, ensure_principal, get_inline, recorded_principal_inline, replace_inline,
};

pub struct DenyAll;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.deny_all",
    summary: "Attach an explicit deny-all inline policy to a user or role",
    description: "Puts the inline policy `cordon-deny-all-<case>` (Deny `*` on `*`) on the user or role. An \
explicit deny overrides every allow, so the principal can do nothing from the next request on, whatever \
credentials it uses (access keys, console, role sessions). Refuses service-linked roles. Nothing else of \
the principal is changed; a policy of the same name that existed is recorded and put back by undo.",
    operations: &[
        ops::iam::GET_USER,
        ops::iam::GET_ROLE,
        ops::iam::GET_USER_POLICY,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::PUT_USER_POLICY,
        ops::iam::PUT_ROLE_POLICY,
    ],
    implied: &[],
    inverse: &[&crate::iam::remove_inline_policy::DOC],
    undo: "Deletes the deny-all policy (or puts back the policy of the same name it replaced).",
    example: "user_name: deploy-bot\n",
};

pub(crate) const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"CordonDenyAll","Effect":"Deny","Action":"*","Resource":"*"}]}"#;

/// Parameters of `iam.deny_all`: exactly one of `user_name` and `role_name`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The IAM user to deny everything.
    #[serde(default)]
    pub user_name: Option<IamName>,
    /// The IAM role to deny everything (every session of it).
    #[serde(default)]
    pub role_name: Option<IamName>,
}

/// Receipt of `iam.deny_all`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The user or role.
    pub principal: Principal,
    /// The inline policy put on it.
    pub policy_name: String,
    /// The document of a policy of the same name that it replaced, if any.
    pub previous_document: Option<String>,
    /// False when the deny was already in place.
    pub changed: bool,
}

impl Action for DenyAll {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() };
        match Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref()) {
            Ok(who) => plan.change(who.label(), "inline policy denying every action"),
            Err(e) => StepPlan { warnings: vec![e.message], ..plan },
        }
    }

    async fn check(&self, aws: &Aws, case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let who = Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref())?;
        ensure_principal(aws, &NoCallLog, &who).await?;
        let name = case_policy_name("cordon-deny-all", case);
        let mut plan = self.plan(p);
        if get_inline(aws, &NoCallLog, &who, &name).await?.is_some() {
            plan.observations.push(format!("{} already has an inline policy {name}", who.label()));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let who = Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref())?;
        ensure_principal(aws, ctx, &who).await?;
        let policy_name = case_policy_name("cordon-deny-all", ctx.case_id);
        let previous_document = replace_inline(aws, ctx, &who, &policy_name, DENY_ALL).await?;
        let changed = !same_json(previous_document.as_deref(), DENY_ALL);
        Ok(Receipt { principal: who, policy_name, previous_document, changed })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        if !r.changed {
            return Vec::new();
        }
        vec![Change {
            resource: r.principal.label(),
            description: format!("inline policy {} denies every action", r.policy_name),
        }]
    }

    /// A failed or interrupted attempt: the policy it may have put is removed (or the one it
    /// replaced put back).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some((principal, policy_name, previous_document)) =
            recorded_principal_inline(p.user_name.as_ref(), p.role_name.as_ref(), recorded)
        else {
            return Undo::NothingToUndo;
        };
        let changed = !same_json(previous_document.as_deref(), DENY_ALL);
        self.undo(p, &Receipt { principal, policy_name, previous_document, changed })
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        if !r.changed {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<RemoveInlinePolicy>(&remove::Params {
                principal: r.principal.clone(),
                policy_name: r.policy_name.clone(),
                restore_document: r.previous_document.clone(),
            })],
        }
    }
}

/// Whether two policy documents are the same JSON.
pub(crate) fn same_json(a: Option<&str>, b: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
    a.and_then(parse).is_some_and(|a| Some(a) == parse(b))
}
