//! `ec2.disassociate_elastic_ip`: take the instance's Elastic IP addresses off it (the
//! addresses stay allocated to the account).

use aws_sdk_ec2::types::Filter;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo, UndoStep,
};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct DisassociateElasticIp;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.disassociate_elastic_ip",
    summary: "Disassociate the instance's Elastic IP addresses (kept allocated)",
    description: "Finds every Elastic IP associated with the instance (any of its interfaces) and \
disassociates it, so the address an attacker knows no longer leads to the instance. The addresses stay \
allocated to the account, never released: the association (allocation, interface, private address) is \
recorded and undo puts it back.",
    operations: &[ops::ec2::DESCRIBE_ADDRESSES, ops::ec2::DISASSOCIATE_ADDRESS],
    implied: &[],
    inverse: &[&crate::ec2::associate_elastic_ip::DOC],
    undo: "Associates each address again with the same interface and private address.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// The addresses disassociated so far, saved before each disassociation.
const ASSOCIATIONS: Checkpoint<Vec<Association>> = Checkpoint::new("associations");

/// Parameters of `ec2.disassociate_elastic_ip`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
}

/// One Elastic IP association.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Association {
    pub allocation_id: String,
    pub public_ip: String,
    pub network_interface_id: Option<String>,
    pub private_ip_address: Option<String>,
}

/// Receipt of `ec2.disassociate_elastic_ip`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The associations removed.
    pub disassociated: Vec<Association>,
}

pub(crate) async fn associations(
    aws: &Aws,
    log: &dyn CallLog,
    id: &str,
) -> Result<Vec<(String, Association)>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_ADDRESSES,
        id,
        aws.ec2.describe_addresses().filters(Filter::builder().name("instance-id").values(id).build()).send(),
    )
    .await?;
    Ok(out
        .addresses()
        .iter()
        .filter_map(|a| {
            Some((
                a.association_id()?.to_string(),
                Association {
                    allocation_id: a.allocation_id()?.to_string(),
                    public_ip: a.public_ip().unwrap_or_default().to_string(),
                    network_interface_id: a.network_interface_id().map(str::to_string),
                    private_ip_address: a.private_ip_address().map(str::to_string),
                },
            ))
        })
        .collect())
}

impl Action for DisassociateElasticIp {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), "Elastic IP addresses disassociated (kept allocated)")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let found = associations(aws, &NoCallLog, p.instance_id.as_str()).await?;
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for (_, a) in &found {
            plan = plan.change(p.instance_id.as_str(), format!("Elastic IP {} disassociated", a.public_ip));
        }
        Ok(if found.is_empty() { plan.observe(format!("{} has no Elastic IP", p.instance_id)) } else { plan })
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let found = associations(aws, ctx, id).await?;
        let mut disassociated: Vec<Association> = ctx.recall(&ASSOCIATIONS).unwrap_or_default();
        for (_, a) in &found {
            if !disassociated.contains(a) {
                disassociated.push(a.clone());
            }
        }
        ctx.save(&ASSOCIATIONS, &disassociated)?;
        try_join_all(found.iter().map(|(assoc, a)| {
            call(
                ctx,
                ops::ec2::DISASSOCIATE_ADDRESS,
                &a.public_ip,
                aws.ec2.disassociate_address().association_id(assoc).send(),
            )
        }))
        .await?;
        Ok(Receipt { instance_id: id.into(), disassociated })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.disassociated
            .iter()
            .map(|a| Change {
                resource: r.instance_id.clone(),
                description: format!("Elastic IP {} ({}) disassociated", a.public_ip, a.allocation_id),
            })
            .collect()
    }

    /// A failed or interrupted attempt: every address it was about to disassociate is
    /// associated again (those still associated are left alone).
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let disassociated = recorded.all(&ASSOCIATIONS).pop().unwrap_or_default();
        self.undo(p, &Receipt { instance_id: p.instance_id.to_string(), disassociated })
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        if r.disassociated.is_empty() {
            return Undo::NothingToUndo;
        }
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::AssociateElasticIp>(&crate::ec2::associate_elastic_ip::Params {
                instance_id: p.instance_id.clone(),
                associations: r.disassociated.clone(),
            })],
        }
    }
}
