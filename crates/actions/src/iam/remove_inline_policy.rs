//! `iam.remove_inline_policy`: remove an inline policy Cordon put on a user or role, or
//! put back the document it replaced (the inverse of `iam.deny_all` and
//! `iam.revoke_sessions`).

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::CaseId;
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::iam::common::{Principal, delete_inline, get_inline, put_inline};

pub struct RemoveInlinePolicy;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.remove_inline_policy",
    summary: "Delete an inline policy of a user or role, or put back the document it replaced",
    description: "Deletes the named inline policy, or, when `restore_document` is given, puts that document \
back under the name. `cordon undo` builds this step from `iam.deny_all` and `iam.revoke_sessions` receipts.",
    operations: &[
        ops::iam::GET_USER_POLICY,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::DELETE_USER_POLICY,
        ops::iam::DELETE_ROLE_POLICY,
        ops::iam::PUT_USER_POLICY,
        ops::iam::PUT_ROLE_POLICY,
    ],
    implied: &[],
    inverse: &[&DOC],
    undo: "Puts back the document the policy had before this step.",
    example: "principal: { user: deploy-bot }\npolicy_name: cordon-deny-all-IR-1\n",
};

/// The policy's document before the step (`None`: there was none).
const BEFORE: Checkpoint<Option<String>> = Checkpoint::new("before");

/// Parameters of `iam.remove_inline_policy`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `{ user: NAME }` or `{ role: NAME }`.
    pub principal: Principal,
    /// The inline policy.
    pub policy_name: String,
    /// A document to put back instead of deleting.
    #[serde(default)]
    pub restore_document: Option<String>,
}

/// Receipt of `iam.remove_inline_policy`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The user or role.
    pub principal: Principal,
    /// The inline policy.
    pub policy_name: String,
    /// The document before this step (none: there was no such policy).
    pub before: Option<String>,
    /// Whether a document was put back (otherwise the policy was deleted).
    pub restored: bool,
}

impl Action for RemoveInlinePolicy {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let what = match p.restore_document {
            Some(_) => format!("inline policy {} set back to its earlier document", p.policy_name),
            None => format!("inline policy {} deleted", p.policy_name),
        };
        StepPlan { mutates: true, ..Default::default() }.change(p.principal.label(), what)
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let mut plan = self.plan(p);
        if get_inline(aws, &NoCallLog, &p.principal, &p.policy_name).await?.is_none() {
            plan.observations.push(format!("{} has no inline policy {}", p.principal.label(), p.policy_name));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        // Saved before the change: after a crash, the policy read again is the one this
        // step already wrote or deleted, not the one it replaced.
        let before = ctx.remember(&BEFORE, || get_inline(aws, ctx, &p.principal, &p.policy_name)).await?;
        match &p.restore_document {
            Some(doc) => put_inline(aws, ctx, &p.principal, &p.policy_name, doc).await?,
            None => delete_inline(aws, ctx, &p.principal, &p.policy_name).await?,
        }
        Ok(Receipt {
            principal: p.principal.clone(),
            policy_name: p.policy_name.clone(),
            before,
            restored: p.restore_document.is_some(),
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let what = if r.restored { "set back to its earlier document" } else { "deleted" };
        vec![Change { resource: r.principal.label(), description: format!("inline policy {} {what}", r.policy_name) }]
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        match &r.before {
            None if !r.restored => Undo::NothingToUndo,
            before => Undo::Steps {
                steps: vec![UndoStep::to::<Self>(&Params {
                    principal: r.principal.clone(),
                    policy_name: r.policy_name.clone(),
                    restore_document: before.clone(),
                })],
            },
        }
    }
}
