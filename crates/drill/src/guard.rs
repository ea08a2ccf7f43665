//! Where a drill may run. The local emulator, by default; a real account only when the
//! responder names it and the account itself says it is a drill sandbox, both checked
//! before anything is created.

use cordon_aws::{Aws, call};
use cordon_core::ops;

use crate::{DrillError, Result};

/// The SSM parameter (String) whose value is the account id in an account that accepts
/// drills.
pub const OPT_IN_PARAMETER: &str = "/cordon/drill-sandbox";

/// Whether the endpoint is a local emulator: plain HTTP to this machine. Anything else
/// (no endpoint, HTTPS, another host, a form of address that is not plainly loopback)
/// is treated as a real account.
pub fn is_local_emulator(endpoint: Option<&str>) -> bool {
    endpoint.is_some_and(cordon_aws::is_loopback_http)
}

/// Refuses a real account unless `--account` names it (it is the caller's) and its
/// opt-in parameter names it too. Returns the account the drill runs in.
pub async fn check(aws: &Aws, declared: Option<&str>) -> Result<String> {
    let caller = aws.caller_identity().await?;
    if is_local_emulator(aws.endpoint()) {
        if let Some(d) = declared
            && d != caller.account
        {
            return Err(DrillError(format!("--account {d} is not the emulator's account {}", caller.account)));
        }
        return Ok(caller.account);
    }
    let Some(declared) = declared else {
        return Err(DrillError(format!(
            "refusing to run a drill in account {} (not the local emulator): name it with --account {} \
             once it is a drill sandbox (the SSM parameter {OPT_IN_PARAMETER} in it holds its account id)",
            caller.account, caller.account
        )));
    };
    if declared != caller.account {
        return Err(DrillError(format!(
            "--account {declared} is not the account these credentials are in ({})",
            caller.account
        )));
    }
    let got = call(
        &cordon_core::action::NoCallLog,
        ops::ssm::GET_PARAMETER,
        OPT_IN_PARAMETER,
        aws.ssm.get_parameter().name(OPT_IN_PARAMETER).send(),
    )
    .await;
    let value = match got {
        Ok(out) => out.parameter().and_then(|p| p.value()).unwrap_or_default().trim().to_string(),
        Err(e) => {
            return Err(DrillError(format!(
                "account {declared} has not opted in to drills: {e} (create the SSM parameter \
                 {OPT_IN_PARAMETER} with the value {declared} in it)"
            )));
        }
    };
    if value != declared {
        return Err(DrillError(format!(
            "account {declared} has not opted in to drills: {OPT_IN_PARAMETER} holds `{value}`, not its id"
        )));
    }
    Ok(caller.account)
}

#[cfg(test)]
mod tests {
    use super::is_local_emulator;

    #[test]
    fn only_plain_http_on_loopback_is_the_emulator() {
        assert!(is_local_emulator(Some("http://127.0.0.1:5000")));
        assert!(is_local_emulator(Some("http://localhost:4566/")));
        assert!(is_local_emulator(Some("http://[::1]:4566")));
        assert!(!is_local_emulator(Some("http://127.1:4566")));
        assert!(!is_local_emulator(Some("https://127.0.0.1:5000")));
        assert!(!is_local_emulator(Some("http://10.0.0.5:5000")));
        assert!(!is_local_emulator(Some("http://127.0.0.1.evil.example:80")));
        assert!(!is_local_emulator(None));
    }
}
