//! `iam.revoke_sessions`: invalidate every session issued before now, as the console's
//! "Revoke active sessions" does: deny everything when `aws:TokenIssueTime` is earlier.

use crate::RemoveInlinePolicy;
use crate::iam::remove_inline_policy as remove;
use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::iam::common::{Principal, case_policy_name, ensure_principal, recorded_principal_inline, replace_inline};
use crate::iam::deny_all::same_json;

pub struct RevokeSessions;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.revoke_sessions",
    summary: "Revoke every session of a role or user issued before now (deny on aws:TokenIssueTime)",
    description: "Puts the inline policy `cordon-revoke-older-sessions-<case>`: Deny `*` on `*` when \
`aws:TokenIssueTime` is before the current time, written in UTC (`2026-01-01T12:00:00Z`). Every temporary \
credential issued before that instant stops working (instance-profile and assumed-role sessions included); \
new sessions still work. It does not touch long-term access keys: deactivate them as well. It takes a few \
minutes to propagate. Refuses service-linked roles, which IAM policies cannot restrict.",
    operations: &[
        ops::iam::GET_USER,
        ops::iam::GET_ROLE,
        ops::iam::GET_USER_POLICY,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::PUT_USER_POLICY,
        ops::iam::PUT_ROLE_POLICY,
        // AWS's clock, for the revocation cutoff.
        ops::sts::GET_CALLER_IDENTITY,
    ],
    implied: &[],
    inverse: &[&crate::iam::remove_inline_policy::DOC],
    undo: "Deletes the revocation policy (or puts back the policy of the same name it replaced).",
    example: "role_name: web-server\n",
};

/// Parameters of `iam.revoke_sessions`: exactly one of `role_name` and `user_name`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The role whose sessions are revoked.
    #[serde(default)]
    pub role_name: Option<IamName>,
    /// The user whose temporary credentials (GetSessionToken, federation) are revoked.
    #[serde(default)]
    pub user_name: Option<IamName>,
}

/// Receipt of `iam.revoke_sessions`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The role or user.
    pub principal: Principal,
    /// The inline policy put on it.
    pub policy_name: String,
    /// Sessions issued before this instant (UTC) are denied.
    pub revoked_before: String,
    /// The document of a policy of the same name that it replaced, if any.
    pub previous_document: Option<String>,
    /// What the cutoff was taken from: the local clock, or AWS's (the `Date` of a response)
    /// when that was ahead; a note when AWS's could not be read.
    #[serde(default)]
    pub clock: String,
}

/// The policy denying sessions issued before `instant` (RFC 3339, UTC).
/// The revocation cutoff for a step that started at `now`: rounded *up* to the whole
/// second, so every session issued before the step started (whose issue time IAM compares
/// in whole seconds) is revoked, never one second's worth left valid.
///
/// With AWS's time (`aws_seconds`, the whole-second `Date` of a response received after
/// the step started), the cutoff is at least one second past it: AWS's clock, not the
/// local one, decides a session's issue time, and a local clock that runs behind would
/// otherwise leave the newest sessions valid.
pub(crate) fn cutoff(now: jiff::Timestamp, aws_seconds: Option<i64>) -> String {
    let up = jiff::TimestampRound::new().smallest(jiff::Unit::Second).mode(jiff::RoundMode::Ceil);
    let local = now.round(up).unwrap_or(now);
    let aws = aws_seconds.and_then(|s| jiff::Timestamp::from_second(s.saturating_add(1)).ok());
    aws.map_or(local, |aws| aws.max(local)).to_string()
}

/// The cutoff for a step starting now, and what it was taken from.
async fn cutoff_now(aws: &Aws, ctx: &StepContext<'_>) -> (String, String) {
    let started = ctx.clock.now();
    match aws.aws_time(ctx).await {
        Ok(Some(at)) => {
            let ahead = at + 1 - started.as_second();
            let clock = if ahead > 0 {
                format!("AWS's clock (the local clock is about {ahead} s behind it)")
            } else {
                "the local clock (AWS's is not ahead of it)".to_string()
            };
            (cutoff(started, Some(at)), clock)
        }
        Ok(None) => (cutoff(started, None), "the local clock (AWS's response carried no Date)".into()),
        Err(e) => (cutoff(started, None), format!("the local clock (AWS's could not be read: {e})")),
    }
}

pub(crate) fn revocation_policy(instant: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "CordonRevokeOlderSessions",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": { "DateLessThan": { "aws:TokenIssueTime": instant } }
        }]
    })
    .to_string()
}

/// Revokes every session of `who` issued before now (also used by `ec2.detach_instance_profile`).
pub(crate) async fn revoke(aws: &Aws, ctx: &StepContext<'_>, who: Principal) -> Result<Receipt, ActionError> {
    // Whole seconds, in UTC with a `Z`: what IAM's date condition operators expect.
    let (ensured, (revoked_before, clock)) = futures::join!(ensure_principal(aws, ctx, &who), cutoff_now(aws, ctx));
    ensured?;
    let policy_name = case_policy_name("cordon-revoke-older-sessions", ctx.case_id);
    let document = revocation_policy(&revoked_before);
    let mut previous_document = replace_inline(aws, ctx, &who, &policy_name, &document).await?;
    if previous_document.as_deref().is_some_and(|d| same_json(Some(d), &document)) {
        previous_document = None;
    }
    Ok(Receipt { principal: who, policy_name, revoked_before, previous_document, clock })
}

pub(crate) fn undo_step(r: &Receipt) -> UndoStep {
    UndoStep::to::<RemoveInlinePolicy>(&remove::Params {
        principal: r.principal.clone(),
        policy_name: r.policy_name.clone(),
        restore_document: r.previous_document.clone(),
    })
}

impl Action for RevokeSessions {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() };
        match Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref()) {
            Ok(who) => {
                let mut plan =
                    plan.change(who.label(), "inline policy denying every session issued before the step runs");
                plan.warnings
                    .push("revocation takes a few minutes to propagate; long-term access keys are not affected".into());
                plan
            }
            Err(e) => StepPlan { warnings: vec![e.message], ..plan },
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let who = Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref())?;
        ensure_principal(aws, &NoCallLog, &who).await?;
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let who = Principal::from_params(p.user_name.as_ref(), p.role_name.as_ref())?;
        revoke(aws, ctx, who).await
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        vec![Change {
            resource: r.principal.label(),
            description: format!(
                "sessions issued before {} denied (inline policy {})",
                r.revoked_before, r.policy_name
            ),
        }]
    }

    /// A failed or interrupted attempt: the revocation it may have put is removed.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some((principal, policy_name, previous_document)) =
            recorded_principal_inline(p.user_name.as_ref(), p.role_name.as_ref(), recorded)
        else {
            return Undo::NothingToUndo;
        };
        let r =
            Receipt { principal, policy_name, revoked_before: String::new(), previous_document, clock: String::new() };
        self.undo(p, &r)
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        Undo::Steps { steps: vec![undo_step(r)] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_cutoff_is_utc_with_z() {
        let t: jiff::Timestamp = "2026-11-22T03:04:05.678+09:00".parse().unwrap();
        let s = cutoff(t, None);
        assert_eq!(s, "2026-11-21T18:04:06Z");
        // Rounded up, never down to before the step started; an exact second stays.
        assert_eq!(cutoff("2026-11-21T18:04:05.001Z".parse().unwrap(), None), "2026-11-21T18:04:06Z");
        assert_eq!(cutoff("2026-11-21T18:04:05Z".parse().unwrap(), None), "2026-11-21T18:04:05Z");
        // A local clock five minutes behind AWS: AWS's time, plus the second its Date truncates.
        let aws = jiff::Timestamp::from_str("2026-11-21T18:09:05Z").unwrap().as_second();
        assert_eq!(cutoff("2026-11-21T18:04:05.5Z".parse().unwrap(), Some(aws)), "2026-11-21T18:09:06Z");
        // A local clock ahead of AWS: never before the step started.
        let behind = jiff::Timestamp::from_str("2026-11-21T18:00:00Z").unwrap().as_second();
        assert_eq!(cutoff("2026-11-21T18:04:05.5Z".parse().unwrap(), Some(behind)), "2026-11-21T18:04:06Z");
        let doc: serde_json::Value = serde_json::from_str(&revocation_policy(&s)).unwrap();
        assert_eq!(doc["Statement"][0]["Condition"]["DateLessThan"]["aws:TokenIssueTime"], "2026-11-21T18:04:06Z");
    }
}
