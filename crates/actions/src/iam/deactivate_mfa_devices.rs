//! `iam.deactivate_mfa_devices`: deactivate a user's MFA devices — all, or those enabled
//! since a given time (an attacker registering their own device for persistence).

use cordon_aws::{Aws, call};
use cordon_core::action::{Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::ids::{CaseId, IamName};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DeactivateMfaDevices;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "iam.deactivate_mfa_devices",
    summary: "Deactivate a user's MFA devices: all, or those enabled since a time",
    description: "Lists the user's MFA devices and deactivates those enabled at or after `enabled_since` \
(RFC 3339, e.g. the start of the incident window), or all of them when it is not given. Each device's \
serial number and enable date are recorded.",
    operations: &[ops::iam::LIST_MFA_DEVICES, ops::iam::DEACTIVATE_MFA_DEVICE],
    implied: &[],
    inverse: &[],
    undo: "Not undone automatically: re-enabling a device needs two consecutive codes from it, so its owner \
registers it again.",
    example: "user_name: deploy-bot\nenabled_since: \"2026-01-01T00:00:00Z\"\n",
};

/// The user's devices and those in scope, saved before any is deactivated.
const FOUND: Checkpoint<(Vec<MfaDevice>, Vec<String>)> = Checkpoint::new("found");

/// Parameters of `iam.deactivate_mfa_devices`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The IAM user.
    pub user_name: IamName,
    /// Only devices enabled at or after this time (RFC 3339); all devices when absent.
    #[serde(default)]
    pub enabled_since: Option<String>,
}

/// One MFA device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MfaDevice {
    pub serial_number: String,
    /// When it was enabled (UTC).
    pub enable_date: String,
}

/// Receipt of `iam.deactivate_mfa_devices`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The IAM user.
    pub user_name: String,
    /// Every device the user had.
    pub devices: Vec<MfaDevice>,
    /// The serial numbers deactivated.
    pub deactivated: Vec<String>,
}

fn since(p: &Params) -> Result<Option<jiff::Timestamp>, ActionError> {
    p.enabled_since
        .as_deref()
        .map(|s| {
            s.parse::<jiff::Timestamp>().map_err(|e| {
                ActionError::invalid(format!("`enabled_since: {s}` is not an RFC 3339 time with an offset: {e}"))
            })
        })
        .transpose()
}

async fn devices(aws: &Aws, log: &dyn CallLog, user: &str) -> Result<Vec<(MfaDevice, jiff::Timestamp)>, ActionError> {
    let out = call(log, ops::iam::LIST_MFA_DEVICES, user, aws.iam.list_mfa_devices().user_name(user).send()).await?;
    out.mfa_devices()
        .iter()
        .map(|d| {
            let secs = d.enable_date().secs();
            let at = jiff::Timestamp::from_second(secs).map_err(|e| {
                ActionError::new(ErrorKind::Other, format!("odd enable date of {}: {e}", d.serial_number()))
            })?;
            Ok((MfaDevice { serial_number: d.serial_number().to_string(), enable_date: at.to_string() }, at))
        })
        .collect()
}

fn in_scope(all: &[(MfaDevice, jiff::Timestamp)], since: Option<jiff::Timestamp>) -> Vec<String> {
    all.iter().filter(|(_, at)| since.is_none_or(|s| *at >= s)).map(|(d, _)| d.serial_number.clone()).collect()
}

impl Action for DeactivateMfaDevices {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let which = match &p.enabled_since {
            Some(s) => format!("MFA devices enabled since {s} deactivated"),
            None => "every MFA device deactivated".into(),
        };
        let plan = StepPlan { mutates: true, ..Default::default() }.change(format!("user {}", p.user_name), which);
        match since(p) {
            Ok(_) => plan,
            Err(e) => plan.warn(e.message),
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let since = since(p)?;
        let all = devices(aws, &NoCallLog, p.user_name.as_str()).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for serial in in_scope(&all, since) {
            plan = plan.change(serial, format!("MFA device of user {} deactivated", p.user_name));
        }
        if plan.changes.is_empty() {
            plan = plan.observe(format!("user {} has no MFA device in scope ({} in all)", p.user_name, all.len()));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let since = since(p)?;
        let user = p.user_name.as_str();
        let all = devices(aws, ctx, user).await?;
        let now = in_scope(&all, since);
        // What an earlier attempt found, saved before any device was deactivated: a
        // deactivated device leaves the user's list, so a re-run after a crash would
        // otherwise record nothing.
        let listed: Vec<MfaDevice> = all.iter().map(|(d, _)| d.clone()).collect();
        let (found, deactivated) = ctx.remember_now(&FOUND, (listed, now.clone()))?;
        let calls = now.iter().map(|serial| {
            call(
                ctx,
                ops::iam::DEACTIVATE_MFA_DEVICE,
                serial,
                aws.iam.deactivate_mfa_device().user_name(user).serial_number(serial).send(),
            )
        });
        futures::future::try_join_all(calls).await?;
        Ok(Receipt { user_name: user.to_string(), devices: found, deactivated })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.deactivated
            .iter()
            .map(|s| Change {
                resource: s.clone(),
                description: format!("MFA device of user {} deactivated", r.user_name),
            })
            .collect()
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        if r.deactivated.is_empty() {
            return Undo::NothingToUndo;
        }
        Undo::Irreversible {
            reason: format!(
                "MFA devices {} of user {} must be registered again by their owner (enabling needs two codes from the device)",
                r.deactivated.join(", "),
                r.user_name
            ),
        }
    }
}
