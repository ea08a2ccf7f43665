//! `ec2.restore_interface_groups`: put network interfaces back on given security groups
//! (the inverse of `ec2.isolate_instance`).

use aws_sdk_ec2::types::NetworkInterface;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, NetworkInterfaceId, SecurityGroupId};
use cordon_core::ops;
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct RestoreInterfaceGroups;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.restore_interface_groups",
    summary: "Set network interfaces' security groups back to the given lists (undo of isolation)",
    description: "For each network interface, replaces its security groups with the given list \
(ModifyNetworkInterfaceAttribute), recording the groups it had. `cordon undo` builds this step from an \
`ec2.isolate_instance` receipt; it can also be used directly.",
    operations: &[ops::ec2::DESCRIBE_NETWORK_INTERFACES, ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE],
    implied: &[],
    inverse: &[&DOC],
    undo: "Sets each interface back to the groups it had before this step.",
    example: "interfaces:\n  - network_interface_id: eni-0123456789abcdef0\n    groups: [sg-0123456789abcdef0]\n",
};

/// Each interface's groups before the step, saved before any is changed.
const BEFORE: Checkpoint<Vec<(String, Vec<String>)>> = Checkpoint::new("before");

/// One interface and the groups it should hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterfaceGroups {
    pub network_interface_id: NetworkInterfaceId,
    pub groups: Vec<SecurityGroupId>,
    /// The groups Cordon left it in. If it holds others now, someone changed it since:
    /// it is not overwritten unless `force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_by_cordon: Option<Vec<SecurityGroupId>>,
}

impl InterfaceGroups {
    /// From ids recorded in a receipt.
    pub(crate) fn recorded(interface: &str, groups: &[String]) -> Result<Self, cordon_core::ids::IdError> {
        Ok(Self {
            network_interface_id: NetworkInterfaceId::new(interface)?,
            groups: groups.iter().map(SecurityGroupId::new).collect::<Result<_, _>>()?,
            left_by_cordon: None,
        })
    }

    /// With the groups Cordon left the interface in, to tell a later change by someone else.
    pub(crate) fn left_in(mut self, groups: &[String]) -> Result<Self, cordon_core::ids::IdError> {
        self.left_by_cordon = Some(groups.iter().map(SecurityGroupId::new).collect::<Result<_, _>>()?);
        Ok(self)
    }

    /// Why this interface must not be restored without `force`, if it must not.
    fn changed_since(&self, now: &[String]) -> Option<String> {
        let left: Vec<String> = self.left_by_cordon.as_ref()?.iter().map(ToString::to_string).collect();
        let target: Vec<String> = self.groups.iter().map(ToString::to_string).collect();
        (now != left && now != target).then(|| {
            format!(
                "{} holds [{}], not the [{}] Cordon left: changed since",
                self.network_interface_id,
                now.join(", "),
                left.join(", ")
            )
        })
    }
}

/// Parameters of `ec2.restore_interface_groups`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The interfaces and the security groups each should hold.
    pub interfaces: Vec<InterfaceGroups>,
    /// Restore interfaces someone changed since Cordon did, too (`cordon undo --force`).
    #[serde(default)]
    pub force: bool,
}

/// One interface, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Restored {
    pub network_interface_id: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// Receipt of `ec2.restore_interface_groups`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// Every interface with the groups it had and has now.
    pub interfaces: Vec<Restored>,
}

async fn describe(aws: &Aws, log: &dyn CallLog, p: &Params) -> Result<Vec<NetworkInterface>, ActionError> {
    let ids: Vec<String> = p.interfaces.iter().map(|i| i.network_interface_id.to_string()).collect();
    let out = call(
        log,
        ops::ec2::DESCRIBE_NETWORK_INTERFACES,
        &ids.join(","),
        aws.ec2.describe_network_interfaces().set_network_interface_ids(Some(ids.clone())).send(),
    )
    .await?;
    Ok(out.network_interfaces().to_vec())
}

fn groups_of(enis: &[NetworkInterface], id: &str) -> Vec<String> {
    enis.iter()
        .find(|n| n.network_interface_id() == Some(id))
        .map(|n| n.groups().iter().filter_map(|g| g.group_id()).map(str::to_string).collect())
        .unwrap_or_default()
}

impl Action for RestoreInterfaceGroups {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        p.interfaces.iter().fold(StepPlan { mutates: true, ..Default::default() }, |plan, i| {
            let groups: Vec<&str> = i.groups.iter().map(|g| g.as_str()).collect();
            plan.change(i.network_interface_id.as_str(), format!("security groups -> [{}]", groups.join(", ")))
        })
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let enis = describe(aws, &NoCallLog, p).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for i in &p.interfaces {
            let now = groups_of(&enis, i.network_interface_id.as_str());
            let target: Vec<String> = i.groups.iter().map(ToString::to_string).collect();
            if now == target {
                plan.observations.push(format!("{} already holds [{}]", i.network_interface_id, now.join(", ")));
            } else if let Some(why) = i.changed_since(&now).filter(|_| !p.force) {
                plan = plan.warn(format!("{why}; left as it is (`cordon undo --force` restores it anyway)"));
            } else {
                plan = plan.change(
                    i.network_interface_id.as_str(),
                    format!("security groups [{}] -> [{}]", now.join(", "), target.join(", ")),
                );
            }
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let enis = describe(aws, ctx, p).await?;
        // What others changed since Cordon did is not overwritten without `force`.
        let changed: Vec<String> = p
            .interfaces
            .iter()
            .filter_map(|i| i.changed_since(&groups_of(&enis, i.network_interface_id.as_str())))
            .collect();
        if !changed.is_empty() && !p.force {
            return Err(ActionError::new(
                cordon_core::ErrorKind::Conflict,
                format!("{}; nothing was restored (`cordon undo --force` restores them anyway)", changed.join("; ")),
            )
            .on(p.interfaces.first().map(|i| i.network_interface_id.to_string()).unwrap_or_default()));
        }
        // Each interface's groups before the step, saved before any is changed: after a
        // crash, the groups read again are the ones this step already set.
        let listed: Vec<(String, Vec<String>)> = p
            .interfaces
            .iter()
            .map(|i| (i.network_interface_id.to_string(), groups_of(&enis, i.network_interface_id.as_str())))
            .collect();
        let before_all = ctx.remember_now(&BEFORE, listed)?;
        let interfaces = try_join_all(p.interfaces.iter().map(|i| {
            let id = i.network_interface_id.as_str();
            let now = groups_of(&enis, id);
            let before =
                before_all.iter().find(|(e, _)| e == id).map(|(_, g)| g.clone()).unwrap_or_else(|| now.clone());
            async move {
                let after: Vec<String> = i.groups.iter().map(ToString::to_string).collect();
                if now != after {
                    let eni = i.network_interface_id.as_str();
                    let req = aws
                        .ec2
                        .modify_network_interface_attribute()
                        .network_interface_id(eni)
                        .set_groups(Some(after.clone()));
                    call(ctx, ops::ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE, eni, req.send()).await?;
                }
                Ok::<_, ActionError>(Restored {
                    network_interface_id: i.network_interface_id.to_string(),
                    before,
                    after,
                })
            }
        }))
        .await?;
        Ok(Receipt { interfaces })
    }

    fn undo(&self, _p: &Params, r: &Receipt) -> Undo {
        let back = r
            .interfaces
            .iter()
            .filter(|i| i.before != i.after)
            .map(|i| InterfaceGroups::recorded(&i.network_interface_id, &i.before))
            .collect::<Result<Vec<_>, _>>();
        Undo::from_steps(back.map(|interfaces| {
            if interfaces.is_empty() {
                return Vec::new();
            }
            vec![UndoStep::to::<Self>(&Params { interfaces, force: false })]
        }))
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.interfaces
            .iter()
            .filter(|i| i.before != i.after)
            .map(|i| Change {
                resource: i.network_interface_id.clone(),
                description: format!("security groups [{}] -> [{}]", i.before.join(", "), i.after.join(", ")),
            })
            .collect()
    }
}
