//! Who acts: the standard credential chain, or a role assumed from it (`--role-arn`, a
//! case's recorded role on `resume`/`undo`, each target of a fan-out), checked against
//! the accounts the command may act in before anything is done.

use std::time::Duration;

use cordon_aws::{Aws, AwsOptions, RoleRequest};
use cordon_core::ids::AccountId;
use cordon_core::journal::{AssumedRole, CallerIdentity};

use crate::Failure;
use crate::cli::Global;

/// An identity to act as, established and checked.
pub struct Session {
    pub aws: Aws,
    pub caller: CallerIdentity,
    /// The role Cordon assumed for it, if any (recorded in the case).
    pub role: Option<AssumedRole>,
}

/// The operator's own environment (profile, Region, endpoint), before any role.
pub async fn base(g: &Global, region: Option<&str>) -> Result<Aws, Failure> {
    let aws = Aws::load(&AwsOptions {
        profile: g.profile.clone(),
        region: region.map(str::to_string).or_else(|| g.region.clone()),
        endpoint_url: g.endpoint_url.clone(),
    })
    .await;
    aws.check_endpoint(g.allow_insecure_endpoint).map_err(Failure::Environment)?;
    Ok(aws)
}

/// The role to assume in `role_arn` for `case` by `operator`, with this command's
/// external id and session length.
pub fn request(g: &Global, role_arn: &str, case: &str, operator: Option<&str>) -> RoleRequest {
    RoleRequest {
        role_arn: role_arn.to_string(),
        session_name: cordon_aws::session_name(case, operator),
        external_id: g.external_id.clone(),
        duration: g.duration.map(|s| Duration::from_secs(u64::from(s))),
    }
}

/// Asks STS who `aws` acts as, naming the endpoint when it cannot.
pub async fn identify(aws: &Aws) -> Result<CallerIdentity, Failure> {
    aws.caller_identity().await.map_err(|e| {
        let endpoint = aws.endpoint().map(|e| format!(" at {e}")).unwrap_or_default();
        Failure::Environment(format!("cannot establish who is acting{endpoint}: {e}"))
    })
}

/// Acts through `req` from `base`, in `region` if given: the role's session, checked to be
/// in the role's own account (what a fan-out target declares).
pub async fn assume(base: &Aws, req: &RoleRequest, region: Option<&str>) -> Result<Session, Failure> {
    let (aws, role) = base.assume(req, region).await.map_err(|e| Failure::Environment(e.to_string()))?;
    let caller = identify(&aws).await?;
    let declared = cordon_aws::role_account(&req.role_arn).unwrap_or_default();
    if caller.account != declared {
        return Err(Failure::Environment(format!(
            "assuming {} gave a session in account {} ({}), not {declared}: nothing was done there",
            req.role_arn, caller.account, caller.arn
        )));
    }
    Ok(Session { aws, caller, role: Some(role) })
}

/// The session a command on `case` acts as: `--role-arn` if given, else the role the case
/// recorded (`resume`, `undo`), else the standard chain. `--account` pins the account.
/// `case_region`: the Region the case was opened in, used unless `--region` is given.
pub async fn connect_for(
    g: &Global,
    case: &str,
    operator: Option<&str>,
    recorded: Option<&AssumedRole>,
    case_region: Option<&str>,
) -> Result<Session, Failure> {
    let expected = match &g.account {
        Some(a) => Some(AccountId::new(a).map_err(|e| Failure::Environment(format!("--account: {e}")))?),
        None => None,
    };
    let base = base(g, g.region.as_deref().or(case_region)).await?;
    let role_arn = g.role_arn.as_deref().or(recorded.map(|r| r.role_arn.as_str()));
    let session = match role_arn {
        Some(arn) => {
            cordon_aws::check_role_arn(arn).map_err(|e| Failure::Environment(format!("--role-arn: {e}")))?;
            if g.role_arn.is_none() && recorded.is_some_and(|r| r.external_id) && g.external_id.is_none() {
                return Err(Failure::Environment(format!(
                    "the case was worked through {arn} with an external id, which is not recorded: give it again with --external-id"
                )));
            }
            assume(&base, &request(g, arn, case, operator), base.region()).await?
        }
        None => Session { caller: identify(&base).await?, aws: base, role: None },
    };
    if let Some(expected) = expected
        && session.caller.account != expected.as_str()
    {
        return Err(Failure::Environment(format!(
            "the credentials are for account {} ({}), not {expected} as --account requires: nothing was done",
            session.caller.account, session.caller.arn
        )));
    }
    Ok(session)
}

/// The client a command outside a case acts with (`timeline`, `evidence image`): the
/// operator's own, or through `--role-arn` with a session named for the command and the
/// local user (an organization trail's bucket read through the logging account's role).
pub async fn outside_case(g: &Global, command: &str) -> Result<Aws, Failure> {
    let base = base(g, None).await?;
    match &g.role_arn {
        Some(arn) => {
            cordon_aws::check_role_arn(arn).map_err(|e| Failure::Environment(format!("--role-arn: {e}")))?;
            let who = super::evidence::local_user();
            let req = request(g, arn, command, Some(&who));
            Ok(assume(&base, &req, base.region()).await?.aws)
        }
        None => Ok(base),
    }
}
