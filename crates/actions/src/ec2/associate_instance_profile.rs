//! `ec2.associate_instance_profile`: give an instance its instance profile back (the
//! inverse of `ec2.detach_instance_profile`).

use aws_sdk_ec2::types::IamInstanceProfileSpecification;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct AssociateInstanceProfile;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.associate_instance_profile",
    summary: "Associate an instance profile with an instance",
    description: "Associates the recorded instance profile with the instance again. `cordon undo` builds \
this step from an `ec2.detach_instance_profile` receipt.",
    operations: &[ops::ec2::DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS, ops::ec2::ASSOCIATE_IAM_INSTANCE_PROFILE],
    implied: &[ops::iam::PASS_ROLE],
    inverse: &[&crate::ec2::detach_instance_profile::DOC],
    undo: "Disassociates it again (without revoking sessions).",
    example: "instance_id: i-0123456789abcdef0\ninstance_profile_arn: arn:aws:iam::123456789012:instance-profile/web\n",
};

/// Parameters of `ec2.associate_instance_profile`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// The instance profile.
    pub instance_profile_arn: String,
}

/// Receipt of `ec2.associate_instance_profile`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The instance profile associated.
    pub instance_profile_arn: String,
}

impl Action for AssociateInstanceProfile {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), format!("instance profile {} associated", p.instance_profile_arn))
    }

    async fn check(&self, _aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        // Idempotent: a re-run after a crash finds it associated already.
        let now = crate::ec2::detach_instance_profile::association(aws, ctx, p.instance_id.as_str()).await?;
        if now.is_some_and(|(_, arn)| arn == p.instance_profile_arn) {
            return Ok(Receipt {
                instance_id: p.instance_id.to_string(),
                instance_profile_arn: p.instance_profile_arn.clone(),
            });
        }
        let req = aws
            .ec2
            .associate_iam_instance_profile()
            .instance_id(p.instance_id.as_str())
            .iam_instance_profile(IamInstanceProfileSpecification::builder().arn(&p.instance_profile_arn).build());
        call(ctx, ops::ec2::ASSOCIATE_IAM_INSTANCE_PROFILE, p.instance_id.as_str(), req.send()).await?;
        Ok(Receipt { instance_id: p.instance_id.to_string(), instance_profile_arn: p.instance_profile_arn.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        vec![Change {
            resource: r.instance_id.clone(),
            description: format!("instance profile {} associated", r.instance_profile_arn),
        }]
    }

    fn undo(&self, p: &Params, _r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::DetachInstanceProfile>(&crate::ec2::detach_instance_profile::Params {
                instance_id: p.instance_id.clone(),
                revoke_sessions: false,
            })],
        }
    }
}
