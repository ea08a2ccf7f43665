//! What the IAM actions share: the principal they act on, and inline policies (put,
//! read, delete) on a user or a role. Not an action.

use cordon_aws::{Aws, call};
use cordon_core::action::{CallLog, Checkpoint, Recorded, StepContext};
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An inline policy's document before Cordon replaced it (`None`: there was none).
const PREVIOUS_DOCUMENT: Checkpoint<Option<String>> = Checkpoint::new("previous_document");
/// The name of the inline policy `replace_inline` puts, saved before it is put.
const INLINE_POLICY: Checkpoint<String> = Checkpoint::new("inline_policy");

/// The principal a step's `user_name` / `role_name` name, with what an attempt that did
/// not complete recorded before putting its inline policy there (see [`recorded_inline`]).
pub fn recorded_principal_inline(
    user: Option<&cordon_core::ids::IamName>,
    role: Option<&cordon_core::ids::IamName>,
    recorded: &Recorded<'_>,
) -> Option<(Principal, String, Option<String>)> {
    let (name, previous) = recorded_inline(recorded)?;
    Some((Principal::from_params(user, role).ok()?, name, previous))
}

/// What an attempt that did not complete recorded before putting an inline policy: its
/// name and the document it replaced (`None` when it had none).
pub fn recorded_inline(recorded: &Recorded<'_>) -> Option<(String, Option<String>)> {
    Some((recorded.first(&INLINE_POLICY)?, recorded.first(&PREVIOUS_DOCUMENT)?))
}

/// A user or a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Principal {
    User(IamName),
    Role(IamName),
}

impl Principal {
    /// From a step's `user_name` / `role_name` parameters: exactly one must be given.
    pub fn from_params(user: Option<&IamName>, role: Option<&IamName>) -> Result<Principal, ActionError> {
        match (user, role) {
            (Some(u), None) => Ok(Principal::User(u.clone())),
            (None, Some(r)) => Ok(Principal::Role(r.clone())),
            (None, None) => Err(ActionError::invalid("give `user_name` or `role_name`")),
            (Some(u), Some(r)) => {
                Err(ActionError::invalid(format!("give `user_name` ({u}) or `role_name` ({r}), not both")))
            }
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Principal::User(n) | Principal::Role(n) => n.as_str(),
        }
    }

    /// `user alice` / `role web`.
    pub fn label(&self) -> String {
        match self {
            Principal::User(n) => format!("user {n}"),
            Principal::Role(n) => format!("role {n}"),
        }
    }
}

fn missing_is_none<T>(r: Result<T, ActionError>) -> Result<Option<T>, ActionError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The document of an inline policy (decoded JSON text), or `None` when there is none.
pub async fn get_inline(
    aws: &Aws,
    log: &dyn CallLog,
    who: &Principal,
    policy: &str,
) -> Result<Option<String>, ActionError> {
    let doc = match who {
        Principal::User(n) => missing_is_none(
            call(
                log,
                ops::iam::GET_USER_POLICY,
                n.as_str(),
                aws.iam.get_user_policy().user_name(n.as_str()).policy_name(policy).send(),
            )
            .await,
        )?
        .map(|o| o.policy_document().to_string()),
        Principal::Role(n) => missing_is_none(
            call(
                log,
                ops::iam::GET_ROLE_POLICY,
                n.as_str(),
                aws.iam.get_role_policy().role_name(n.as_str()).policy_name(policy).send(),
            )
            .await,
        )?
        .map(|o| o.policy_document().to_string()),
    };
    // IAM returns the document URL-encoded.
    Ok(doc.map(|d| percent_decode(&d)))
}

/// Puts (creates or replaces) an inline policy.
pub async fn put_inline(
    aws: &Aws,
    log: &dyn CallLog,
    who: &Principal,
    policy: &str,
    document: &str,
) -> Result<(), ActionError> {
    match who {
        Principal::User(n) => call(
            log,
            ops::iam::PUT_USER_POLICY,
            n.as_str(),
            aws.iam.put_user_policy().user_name(n.as_str()).policy_name(policy).policy_document(document).send(),
        )
        .await
        .map(|_| ()),
        Principal::Role(n) => call(
            log,
            ops::iam::PUT_ROLE_POLICY,
            n.as_str(),
            aws.iam.put_role_policy().role_name(n.as_str()).policy_name(policy).policy_document(document).send(),
        )
        .await
        .map(|_| ()),
    }
}

/// Deletes an inline policy; one that is already gone is fine.
pub async fn delete_inline(aws: &Aws, log: &dyn CallLog, who: &Principal, policy: &str) -> Result<(), ActionError> {
    let r = match who {
        Principal::User(n) => call(
            log,
            ops::iam::DELETE_USER_POLICY,
            n.as_str(),
            aws.iam.delete_user_policy().user_name(n.as_str()).policy_name(policy).send(),
        )
        .await
        .map(|_| ()),
        Principal::Role(n) => call(
            log,
            ops::iam::DELETE_ROLE_POLICY,
            n.as_str(),
            aws.iam.delete_role_policy().role_name(n.as_str()).policy_name(policy).send(),
        )
        .await
        .map(|_| ()),
    };
    missing_is_none(r).map(|_| ())
}

/// The principal exists (an error naming it otherwise); for a role, refuses a
/// service-linked role, which IAM policies cannot restrict.
pub async fn ensure_principal(aws: &Aws, log: &dyn CallLog, who: &Principal) -> Result<(), ActionError> {
    match who {
        Principal::User(n) => {
            call(log, ops::iam::GET_USER, n.as_str(), aws.iam.get_user().user_name(n.as_str()).send()).await?;
        }
        Principal::Role(n) => {
            let out =
                call(log, ops::iam::GET_ROLE, n.as_str(), aws.iam.get_role().role_name(n.as_str()).send()).await?;
            if out.role().is_some_and(|r| r.path().starts_with("/aws-service-role/")) {
                return Err(ActionError::new(
                    ErrorKind::Refused,
                    format!("role {n} is service-linked: its permissions cannot be restricted by an inline policy"),
                )
                .on(n.as_str()));
            }
        }
    }
    Ok(())
}

/// Puts an inline policy, crash-safely: the document it replaces (if any) is
/// checkpointed first, and a re-run after a crash reuses that checkpoint rather than
/// mistaking its own earlier policy for the original. Returns the replaced document.
pub async fn replace_inline(
    aws: &Aws,
    ctx: &StepContext<'_>,
    who: &Principal,
    policy: &str,
    document: &str,
) -> Result<Option<String>, ActionError> {
    ctx.remember_now(&INLINE_POLICY, policy.to_string())?;
    let previous = ctx.remember(&PREVIOUS_DOCUMENT, || get_inline(aws, ctx, who, policy)).await?;
    put_inline(aws, ctx, who, policy, document).await?;
    Ok(previous)
}

/// A policy name for this case: `<prefix>-<case id>`, within IAM's 128 characters.
pub fn case_policy_name(prefix: &str, case: &CaseId) -> String {
    let mut name = format!("{prefix}-{case}");
    name.truncate(128);
    name
}

/// Decodes `%XX` escapes (IAM returns policy documents URL-encoded).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_documents() {
        assert_eq!(percent_decode("%7B%22a%22%3A1%7D"), "{\"a\":1}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("{\"plain\":true}"), "{\"plain\":true}");
    }

    #[test]
    fn exactly_one_principal() {
        let n = IamName::new("alice").unwrap();
        assert_eq!(Principal::from_params(Some(&n), None).unwrap().label(), "user alice");
        assert!(Principal::from_params(None, None).is_err());
        assert!(Principal::from_params(Some(&n), Some(&n)).is_err());
    }
}
