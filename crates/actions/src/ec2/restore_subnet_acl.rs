//! `ec2.restore_subnet_acl`: associate subnets with recorded network ACLs again (the
//! inverse of `ec2.isolate_subnet_acl`).

use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::CaseId;
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::isolate_subnet_acl::{SubnetAcl, subnet_acl};

pub struct RestoreSubnetAcl;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.restore_subnet_acl",
    summary: "Associate subnets with their recorded network ACLs",
    description: "For each subnet, replaces its current network ACL association with the recorded ACL. \
`cordon undo` builds this step from an `ec2.isolate_subnet_acl` receipt.",
    operations: &[ops::ec2::DESCRIBE_NETWORK_ACLS, ops::ec2::REPLACE_NETWORK_ACL_ASSOCIATION],
    implied: &[],
    inverse: &[&DOC],
    undo: "Associates each subnet with the ACL it had before this step.",
    example: "subnets:\n  - { subnet_id: subnet-0123456789abcdef0, network_acl_id: acl-0123456789abcdef0 }\n",
};

/// Each subnet's ACL before the step, saved before any is replaced.
const BEFORE: Checkpoint<Vec<SubnetAcl>> = Checkpoint::new("before");

/// Parameters of `ec2.restore_subnet_acl`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Each subnet with the ACL to associate.
    pub subnets: Vec<SubnetAcl>,
    /// The ACL Cordon associated the subnets with. A subnet on another ACL now was changed
    /// by someone since: it is not overwritten unless `force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_by_cordon: Option<String>,
    /// Restore subnets someone changed since Cordon did, too (`cordon undo --force`).
    #[serde(default)]
    pub force: bool,
}

impl Params {
    /// Undo to these subnets' ACLs, from the ACL Cordon left them on.
    pub(crate) fn back_from(subnets: Vec<SubnetAcl>, left_by_cordon: Option<String>) -> Self {
        Self { subnets, left_by_cordon, force: false }
    }

    /// Why subnet `s`, now on ACL `now`, must not be restored without `force`, if it must not.
    fn changed_since(&self, s: &SubnetAcl, now: &str) -> Option<String> {
        let left = self.left_by_cordon.as_deref()?;
        (now != left && now != s.network_acl_id)
            .then(|| format!("{} is on network ACL {now}, not the {left} Cordon left: changed since", s.subnet_id))
    }
}

/// Receipt of `ec2.restore_subnet_acl`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// Each subnet with the ACL it had before this step.
    pub before: Vec<SubnetAcl>,
    /// Each subnet with the ACL it has now.
    pub restored: Vec<SubnetAcl>,
}

impl Action for RestoreSubnetAcl {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        p.subnets.iter().fold(StepPlan { mutates: true, ..Default::default() }, |plan, s| {
            plan.change(&s.subnet_id, format!("network ACL back to {}", s.network_acl_id))
        })
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for s in &p.subnets {
            let (now, _) = subnet_acl(aws, &NoCallLog, &s.subnet_id).await?;
            if now == s.network_acl_id {
                plan = plan.observe(format!("{} already has {now}", s.subnet_id));
            } else if let Some(why) = p.changed_since(s, &now).filter(|_| !p.force) {
                plan = plan.warn(format!("{why}; left as it is (`cordon undo --force` restores it anyway)"));
            } else {
                plan = plan.change(&s.subnet_id, format!("network ACL {now} -> {}", s.network_acl_id));
            }
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let mut current = Vec::new();
        for s in &p.subnets {
            current.push(subnet_acl(aws, ctx, &s.subnet_id).await?);
        }
        // What others changed since Cordon did is not overwritten without `force`.
        let changed: Vec<String> =
            p.subnets.iter().zip(&current).filter_map(|(s, (now, _))| p.changed_since(s, now)).collect();
        if !changed.is_empty() && !p.force {
            return Err(ActionError::new(
                cordon_core::ErrorKind::Conflict,
                format!("{}; nothing was restored (`cordon undo --force` restores them anyway)", changed.join("; ")),
            )
            .on(p.subnets.first().map(|s| s.subnet_id.clone()).unwrap_or_default()));
        }
        // Each subnet's ACL before the step, saved before any is replaced: after a crash,
        // the ACLs read again are the ones this step already put back.
        let listed = p
            .subnets
            .iter()
            .zip(&current)
            .map(|(s, (now, _))| SubnetAcl { subnet_id: s.subnet_id.clone(), network_acl_id: now.clone() })
            .collect();
        let before = ctx.remember_now(&BEFORE, listed)?;
        for (s, (now, assoc)) in p.subnets.iter().zip(current) {
            if now != s.network_acl_id {
                let req =
                    aws.ec2.replace_network_acl_association().association_id(&assoc).network_acl_id(&s.network_acl_id);
                call(ctx, ops::ec2::REPLACE_NETWORK_ACL_ASSOCIATION, &s.subnet_id, req.send()).await?;
            }
        }
        Ok(Receipt { before, restored: p.subnets.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.restored
            .iter()
            .map(|s| Change {
                resource: s.subnet_id.clone(),
                description: format!("network ACL back to {}", s.network_acl_id),
            })
            .collect()
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        let left = r.restored.first().map(|s| s.network_acl_id.clone());
        let back = Params { left_by_cordon: left, ..Params::back_from(r.before.clone(), None) };
        Undo::Steps { steps: vec![UndoStep::to::<Self>(&back)] }
    }
}
