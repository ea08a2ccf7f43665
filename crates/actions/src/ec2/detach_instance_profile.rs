//! `ec2.detach_instance_profile`: take the instance profile off an instance and revoke
//! the sessions its role already handed out.

use aws_sdk_ec2::types::Filter;
use cordon_aws::{Aws, call};

// tidy: unreached ops::iam::GET_USER: `revoke` is only given the profile's roles here
// tidy: unreached ops::iam::GET_USER_POLICY: the same
// tidy: unreached ops::iam::PUT_USER_POLICY: the same
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, IamName, InstanceId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::iam::common::Principal;
use crate::iam::revoke_sessions::{self as revoke, revoke as revoke_role};

pub struct DetachInstanceProfile;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.detach_instance_profile",
    summary: "Disassociate the instance profile and revoke its role's sessions issued before now",
    description: "Removing an instance profile does not invalidate credentials already issued from it: \
whoever copied them off the instance keeps using them. So this disassociates the instance profile and, \
unless `revoke_sessions: false`, puts on the profile's role the same deny on `aws:TokenIssueTime` as \
`iam.revoke_sessions` (every session of that role issued before now, on any instance, stops working). \
The association and the revocation are recorded for undo.",
    operations: &[
        ops::ec2::DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS,
        ops::ec2::DISASSOCIATE_IAM_INSTANCE_PROFILE,
        ops::iam::GET_INSTANCE_PROFILE,
        ops::iam::GET_ROLE,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::PUT_ROLE_POLICY,
        // AWS's clock, for the revocation cutoff.
        ops::sts::GET_CALLER_IDENTITY,
    ],
    implied: &[],
    inverse: &[&crate::iam::remove_inline_policy::DOC, &crate::ec2::associate_instance_profile::DOC],
    undo: "Associates the instance profile again and removes the revocation policy from the role.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The profile that was associated, saved before it is disassociated.
const PROFILE_ARN: Checkpoint<String> = Checkpoint::new("instance_profile_arn");
/// The profile's roles, saved before their sessions are revoked.
const ROLES: Checkpoint<Vec<String>> = Checkpoint::new("roles");

/// Parameters of `ec2.detach_instance_profile`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// Also revoke the role's sessions issued before now (default true).
    #[serde(default = "yes")]
    pub revoke_sessions: bool,
}

fn yes() -> bool {
    true
}

/// Receipt of `ec2.detach_instance_profile`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The instance profile it had (null: none).
    pub instance_profile_arn: Option<String>,
    /// The role(s) of that profile.
    pub role_names: Vec<String>,
    /// The revocations put on the roles.
    pub revocations: Vec<revoke::Receipt>,
}

pub(crate) async fn association(
    aws: &Aws,
    log: &dyn CallLog,
    id: &str,
) -> Result<Option<(String, String)>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS,
        id,
        aws.ec2
            .describe_iam_instance_profile_associations()
            .filters(Filter::builder().name("instance-id").values(id).build())
            .send(),
    )
    .await?;
    Ok(out
        .iam_instance_profile_associations()
        .iter()
        .filter(|a| a.state().is_none_or(|s| s.as_str() == "associated" || s.as_str() == "associating"))
        .find_map(|a| Some((a.association_id()?.to_string(), a.iam_instance_profile()?.arn()?.to_string()))))
}

async fn roles(aws: &Aws, log: &dyn CallLog, profile_arn: &str) -> Result<Vec<String>, ActionError> {
    let name = profile_arn.rsplit('/').next().unwrap_or(profile_arn);
    let out = call(
        log,
        ops::iam::GET_INSTANCE_PROFILE,
        name,
        aws.iam.get_instance_profile().instance_profile_name(name).send(),
    )
    .await?;
    Ok(out
        .instance_profile()
        .map(|p| p.roles().iter().map(|r| r.role_name().to_string()).collect())
        .unwrap_or_default())
}

impl Action for DetachInstanceProfile {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let plan = StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), "instance profile disassociated");
        if p.revoke_sessions {
            plan.change("the profile's role", "inline policy denying every session issued before the step runs")
        } else {
            plan.warn(
                "credentials already issued from the profile stay valid until they expire (revoke_sessions is false)",
            )
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let Some((_, arn)) = association(aws, &NoCallLog, p.instance_id.as_str()).await? else {
            return Ok(StepPlan { mutates: true, ..Default::default() }
                .observe(format!("{} has no instance profile", p.instance_id)));
        };
        let mut plan = StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), format!("instance profile {arn} disassociated"));
        if p.revoke_sessions {
            for role in roles(aws, &NoCallLog, &arn).await? {
                plan = plan.change(format!("role {role}"), "sessions issued before the step runs denied");
            }
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let now = association(aws, ctx, id).await?;
        // After a crash the profile may already be gone: the checkpoint remembers it.
        let recorded = ctx.recall(&PROFILE_ARN);
        let instance_profile_arn = now.as_ref().map(|(_, arn)| arn.clone()).or(recorded);
        if let Some(arn) = &instance_profile_arn {
            ctx.save(&PROFILE_ARN, arn)?;
        }
        if let Some((assoc, _)) = &now {
            let req = aws.ec2.disassociate_iam_instance_profile().association_id(assoc);
            call(ctx, ops::ec2::DISASSOCIATE_IAM_INSTANCE_PROFILE, id, req.send()).await?;
        }
        let role_names = match &instance_profile_arn {
            Some(arn) => roles(aws, ctx, arn).await?,
            None => Vec::new(),
        };
        let mut revocations = Vec::new();
        if p.revoke_sessions {
            ctx.remember_now(&ROLES, role_names.clone())?;
            for role in &role_names {
                let name = IamName::new(role.as_str())
                    .map_err(|e| ActionError::new(ErrorKind::Invalid, e.to_string()).on(role.as_str()))?;
                revocations.push(revoke_role(aws, ctx, Principal::Role(name)).await?);
            }
        }
        Ok(Receipt { instance_id: id.into(), instance_profile_arn, role_names, revocations })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let mut out: Vec<Change> = r
            .instance_profile_arn
            .iter()
            .map(|arn| Change {
                resource: r.instance_id.clone(),
                description: format!("instance profile {arn} disassociated"),
            })
            .collect();
        out.extend(r.revocations.iter().map(|v| Change {
            resource: v.principal.label(),
            description: format!(
                "sessions issued before {} denied (inline policy {})",
                v.revoked_before, v.policy_name
            ),
        }));
        out
    }

    /// A failed or interrupted attempt: the profile it was about to detach is associated
    /// again, and the revocation it may have put on the role is removed (or the policy it
    /// replaced put back).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let instance_profile_arn = recorded.first(&PROFILE_ARN);
        let role_names = recorded.first(&ROLES).unwrap_or_default();
        let revocations = match crate::iam::common::recorded_inline(recorded) {
            Some((policy_name, previous_document)) => role_names
                .iter()
                .filter_map(|role| IamName::new(role.as_str()).ok())
                .map(|name| revoke::Receipt {
                    principal: Principal::Role(name),
                    policy_name: policy_name.clone(),
                    revoked_before: String::new(),
                    previous_document: previous_document.clone(),
                    clock: String::new(),
                })
                .collect(),
            None => Vec::new(),
        };
        let r = Receipt { instance_id: p.instance_id.to_string(), instance_profile_arn, role_names, revocations };
        self.undo(p, &r)
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        let Some(arn) = &r.instance_profile_arn else { return Undo::NothingToUndo };
        let mut steps: Vec<UndoStep> = r.revocations.iter().map(revoke::undo_step).collect();
        steps.push(UndoStep::to::<crate::AssociateInstanceProfile>(&crate::ec2::associate_instance_profile::Params {
            instance_id: p.instance_id.clone(),
            instance_profile_arn: arn.clone(),
        }));
        Undo::Steps { steps }
    }
}
