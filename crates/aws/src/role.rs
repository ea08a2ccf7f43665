//! Acting through a role: `--role-arn`, and each target account of a fan-out.
//!
//! The role is assumed from the operator's own credentials (the standard chain: profile,
//! SSO, environment), with a session name that names the case and the operator, so the
//! target account's CloudTrail shows who did what for which case. The SDK's
//! `AssumeRoleProvider` renews the session before it expires (an image taking hours
//! outlives the default hour).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider};
use cordon_core::journal::AssumedRole;
use cordon_core::{ActionError, ErrorKind};

use crate::Aws;

/// A role to assume, as the operator asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRequest {
    pub role_arn: String,
    pub session_name: String,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// The session's length (AWS: 900 s up to the role's maximum).
    pub duration: Option<Duration>,
}

/// The STS `RoleSessionName` for a case and operator: `cordon-<case>-<operator>`, with
/// characters outside `[A-Za-z0-9+=,.@_-]` replaced by `-`, at most 64 characters.
pub fn session_name(case: &str, operator: Option<&str>) -> String {
    let raw = match operator.filter(|o| !o.trim().is_empty()) {
        Some(op) => format!("cordon-{case}-{op}"),
        None => format!("cordon-{case}"),
    };
    let clean: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "+=,.@_-".contains(c) { c } else { '-' })
        .take(64)
        .collect();
    clean
}

/// Whether `arn` is an IAM role's ARN (`arn:<partition>:iam::<12 digits>:role/<name>`).
pub fn check_role_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5].strip_prefix("role/").is_some_and(|n| !n.is_empty());
    if ok { Ok(()) } else { Err(format!("{arn:?} is not a role ARN (arn:aws:iam::123456789012:role/NAME)")) }
}

/// The account a role ARN names.
pub fn role_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| a.len() == 12)
}

/// How [`Aws::assume`] gets a role session, replaced by tests that run actions on mocked
/// clients (a mocked client cannot be reached through a real STS session).
#[derive(Clone)]
pub struct RoleSessions(
    #[allow(clippy::type_complexity)]
    pub  std::sync::Arc<dyn Fn(&RoleRequest, Option<&str>) -> Result<(Aws, AssumedRole), ActionError> + Send + Sync>,
);

impl std::fmt::Debug for RoleSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RoleSessions(..)")
    }
}

/// Hands out the session's first credentials (the ones asked for while connecting, whose
/// key id the case records), then whatever the provider renews.
#[derive(Debug)]
struct FirstThenRenewed {
    first: Mutex<Option<Credentials>>,
    renew: aws_config::sts::AssumeRoleProvider,
}

impl ProvideCredentials for FirstThenRenewed {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(async move {
            let fresh = |c: &Credentials| c.expiry().is_none_or(|e| e > SystemTime::now() + Duration::from_secs(300));
            let first = self.first.lock().unwrap_or_else(|p| p.into_inner()).take();
            match first {
                Some(c) if fresh(&c) => Ok(c),
                _ => self.renew.provide_credentials().await,
            }
        })
    }
}

/// Every cause of an error, on one line: what STS said (AccessDenied, the trust policy)
/// is usually in the innermost one.
fn causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(s) = next {
        out.push_str(": ");
        out.push_str(&s.to_string());
        next = s.source();
    }
    out
}

impl Aws {
    /// The same endpoint and settings, acting through `role` (assumed with this
    /// environment's credentials), in `region` if given. Fails naming the role if STS
    /// refuses (the trust policy, the external id, the caller's permissions).
    pub async fn assume(&self, role: &RoleRequest, region: Option<&str>) -> Result<(Aws, AssumedRole), ActionError> {
        check_role_arn(&role.role_arn).map_err(ActionError::invalid)?;
        if let Some(sessions) = &self.role_sessions {
            return (sessions.0)(role, region);
        }
        let mut b = aws_config::sts::AssumeRoleProvider::builder(&role.role_arn)
            .session_name(&role.session_name)
            .configure(&self.config);
        if let Some(id) = &role.external_id {
            b = b.external_id(id);
        }
        if let Some(d) = role.duration {
            b = b.session_length(d);
        }
        let renew = b.build().await;
        let first = renew.provide_credentials().await.map_err(|e| {
            let text = causes(&e);
            let kind = if text.contains("AccessDenied") { ErrorKind::AccessDenied } else { ErrorKind::Other };
            let mut err = ActionError::new(kind, format!("cannot assume the role as {}: {text}", role.session_name))
                .on(&role.role_arn);
            err.operation = Some(cordon_core::ops::sts::ASSUME_ROLE.to_string());
            err
        })?;
        let record = AssumedRole {
            role_arn: role.role_arn.clone(),
            session_name: role.session_name.clone(),
            external_id: role.external_id.is_some(),
            access_key_id: Some(first.access_key_id().to_string()),
        };
        let creds = FirstThenRenewed { first: Mutex::new(Some(first)), renew };
        let mut builder = self.config.to_builder().credentials_provider(SharedCredentialsProvider::new(creds));
        if let Some(r) = region {
            builder = builder.region(aws_config::Region::new(r.to_string()));
        }
        Ok((Aws::from_config(&builder.build()), record))
    }

    /// Role sessions made by `sessions` instead of STS: for tests of actions on mocked
    /// clients.
    pub fn with_role_sessions(mut self, sessions: RoleSessions) -> Aws {
        self.role_sessions = Some(sessions);
        self
    }

    /// The same credentials and endpoint in another Region.
    pub fn in_region(&self, region: &str) -> Aws {
        Aws::from_config(&self.config.to_builder().region(aws_config::Region::new(region.to_string())).build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_name_the_case_and_stay_within_sts_rules() {
        assert_eq!(session_name("IR-2026-0042", Some("alice")), "cordon-IR-2026-0042-alice");
        assert_eq!(session_name("IR-1", None), "cordon-IR-1");
        assert_eq!(session_name("IR-1", Some("Alice Smith/SOC")), "cordon-IR-1-Alice-Smith-SOC");
        let long = session_name("IR-1", Some(&"x".repeat(100)));
        assert_eq!(long.len(), 64);
        assert!(session_name("IR-1", Some("ünï")).bytes().all(|b| b.is_ascii()));
    }

    #[test]
    fn role_arns_are_checked() {
        assert!(check_role_arn("arn:aws:iam::123456789012:role/IR-Responder").is_ok());
        assert!(check_role_arn("arn:aws-cn:iam::123456789012:role/path/IR").is_ok());
        for bad in [
            "arn:aws:iam::12345678901:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:sts::123456789012:role/x",
            "IR-Responder",
            "arn:aws:iam::123456789012:role/",
        ] {
            assert!(check_role_arn(bad).is_err(), "{bad}");
        }
        assert_eq!(role_account("arn:aws:iam::123456789012:role/x"), Some("123456789012"));
    }
}
