//! `ec2.unshare_snapshots`: the inverse of `ec2.share_snapshots` — the account's
//! create-volume permission removed and the KMS grant revoked. Copies are kept.

use aws_sdk_ec2::types::{OperationType, SnapshotAttributeName};
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, StepContext, StepPlan, Undo};
use cordon_core::ids::{AccountId, CaseId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct UnshareSnapshots;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.unshare_snapshots",
    summary: "Stop sharing snapshots with an account: remove its create-volume permission and revoke the KMS grant",
    description: "The undo of `ec2.share_snapshots`. Removes the account's create-volume permission from each \
snapshot and revokes the grant on the customer-managed key. Copies are evidence and are kept.",
    operations: &[ops::ec2::MODIFY_SNAPSHOT_ATTRIBUTE, ops::kms::REVOKE_GRANT],
    implied: &[],
    inverse: &[],
    undo: "ec2.share_snapshots can share them again.",
    example: "snapshot_ids: [snap-0123456789abcdef0]\nregion: eu-central-1\naccount: \"111122223333\"\n",
};

/// Parameters of `ec2.unshare_snapshots`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The shared snapshots.
    pub snapshot_ids: Vec<String>,
    /// Their Region.
    pub region: String,
    /// The account they were shared with.
    pub account: AccountId,
    /// The key a grant was made on, if any.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// The grant to revoke, if any.
    #[serde(default)]
    pub grant_id: Option<String>,
}

/// Receipt of `ec2.unshare_snapshots`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The snapshots no longer shared.
    pub snapshot_ids: Vec<String>,
    /// The account that lost access.
    pub account: String,
    /// Whether a KMS grant was revoked.
    pub grant_revoked: bool,
}

impl Action for UnshareSnapshots {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for id in &p.snapshot_ids {
            plan = plan.change(id, format!("stop sharing with account {}", p.account));
        }
        plan
    }

    async fn check(&self, _aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let home = aws.region().unwrap_or("us-east-1");
        let (ec2, kms) = if p.region == home {
            (aws.ec2.clone(), aws.kms.clone())
        } else {
            (aws.ec2_in(&p.region), aws.kms_in(&p.region))
        };
        for id in &p.snapshot_ids {
            let req = ec2
                .modify_snapshot_attribute()
                .snapshot_id(id)
                .attribute(SnapshotAttributeName::CreateVolumePermission)
                .operation_type(OperationType::Remove)
                .user_ids(p.account.as_str());
            call(ctx, ops::ec2::MODIFY_SNAPSHOT_ATTRIBUTE, id, req.send()).await?;
        }
        let mut grant_revoked = false;
        if let (Some(key), Some(grant)) = (&p.kms_key_id, &p.grant_id) {
            match call(ctx, ops::kms::REVOKE_GRANT, key, kms.revoke_grant().key_id(key).grant_id(grant).send()).await {
                Ok(_) => {}
                // Revoked already (an undo re-run after a crash): the goal holds.
                Err(e) if e.code.as_deref() == Some("NotFoundException") => {}
                Err(e) => return Err(e),
            }
            grant_revoked = true;
        }
        Ok(Receipt { snapshot_ids: p.snapshot_ids.clone(), account: p.account.as_str().to_string(), grant_revoked })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.snapshot_ids
            .iter()
            .map(|s| Change {
                resource: s.clone(),
                description: format!("no longer shared with account {}", r.account),
            })
            .collect()
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::Irreversible { reason: "run ec2.share_snapshots again to share them".into() }
    }
}
