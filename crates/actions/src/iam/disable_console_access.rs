//! `iam.disable_console_access`: delete a user's login profile (console password).

use cordon_aws::{Aws, call};
use cordon_core::action::{Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DisableConsoleAccess;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.disable_console_access",
    summary: "Delete a user's console password (login profile); its existence is recorded",
    description: "Deletes the user's login profile, so the console password no longer signs in. Whether \
it existed, when it was created and whether a reset was required are recorded. Console sessions already \
open are not ended: pair this with `iam.deny_all` or `iam.revoke_sessions`.",
    operations: &[ops::iam::GET_LOGIN_PROFILE, ops::iam::GET_USER, ops::iam::DELETE_LOGIN_PROFILE],
    implied: &[],
    inverse: &[],
    undo: "Not undone automatically: a password cannot be restored. The receipt records that a login \
profile existed; an administrator creates a new one with a temporary password if console access is to return.",
    example: "user_name: deploy-bot\n",
};

/// The login profile, saved before it is deleted.
const LOGIN_PROFILE: Checkpoint<Option<LoginProfile>> = Checkpoint::new("login_profile");

/// Parameters of `iam.disable_console_access`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The IAM user.
    pub user_name: IamName,
}

/// The login profile as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoginProfile {
    pub create_date: Option<String>,
    pub password_reset_required: bool,
}

/// Receipt of `iam.disable_console_access`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The IAM user.
    pub user_name: String,
    /// The login profile before the step (none: the user had no console password).
    pub login_profile: Option<LoginProfile>,
    /// Whether this step deleted it.
    pub deleted: bool,
}

async fn login_profile(aws: &Aws, log: &dyn CallLog, user: &str) -> Result<Option<LoginProfile>, ActionError> {
    match call(log, ops::iam::GET_LOGIN_PROFILE, user, aws.iam.get_login_profile().user_name(user).send()).await {
        Ok(out) => Ok(out.login_profile().map(|p| LoginProfile {
            create_date: Some(p.create_date().to_string()),
            password_reset_required: p.password_reset_required(),
        })),
        Err(e) if e.kind == ErrorKind::NotFound && e.message.contains("Login Profile") => Ok(None),
        Err(e) if e.kind == ErrorKind::NotFound && e.code.as_deref() == Some("NoSuchEntity") => {
            // NoSuchEntity is also what a missing user gives: tell them apart.
            call(log, ops::iam::GET_USER, user, aws.iam.get_user().user_name(user).send()).await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl Action for DisableConsoleAccess {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(format!("user {}", p.user_name), "console password (login profile) deleted")
            .warn("console sessions already open are not ended by this step")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        match login_profile(aws, &NoCallLog, p.user_name.as_str()).await? {
            Some(_) => Ok(self.plan(p)),
            None => Ok(StepPlan { mutates: true, ..Default::default() }
                .observe(format!("user {} has no console password", p.user_name))),
        }
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let user = p.user_name.as_str();
        let profile = login_profile(aws, ctx, user).await?;
        if profile.is_some() {
            // What undo would need is on disk before the deletion.
            ctx.save(&LOGIN_PROFILE, &profile)?;
            call(ctx, ops::iam::DELETE_LOGIN_PROFILE, user, aws.iam.delete_login_profile().user_name(user).send())
                .await?;
        }
        // A re-run after a crash finds no profile: the checkpoint says there was one.
        let recorded = ctx.recall(&LOGIN_PROFILE).flatten();
        let login_profile = profile.or(recorded);
        Ok(Receipt { user_name: user.to_string(), deleted: login_profile.is_some(), login_profile })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        if !r.deleted {
            return Vec::new();
        }
        vec![Change {
            resource: format!("user {}", r.user_name),
            description: "console password (login profile) deleted".into(),
        }]
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        if !r.deleted {
            return Undo::NothingToUndo;
        }
        Undo::Irreversible {
            reason: format!(
                "the console password of user {} cannot be restored; to give console access back, create a new \
login profile with a temporary password (aws iam create-login-profile --user-name {} --password-reset-required)",
                r.user_name, r.user_name
            ),
        }
    }
}
