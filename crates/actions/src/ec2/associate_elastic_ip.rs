//! `ec2.associate_elastic_ip`: associate Elastic IPs again as recorded (the inverse of
//! `ec2.disassociate_elastic_ip`).

use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, Change, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use futures::future::try_join_all;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::disassociate_elastic_ip::Association;

pub struct AssociateElasticIp;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.associate_elastic_ip",
    summary: "Associate Elastic IP addresses with an instance's interfaces as recorded",
    description: "Associates each address with the recorded network interface and private address \
(never taking an address from another resource). `cordon undo` builds this step from an \
`ec2.disassociate_elastic_ip` receipt.",
    operations: &[ops::ec2::DESCRIBE_ADDRESSES, ops::ec2::ASSOCIATE_ADDRESS],
    implied: &[],
    inverse: &[&crate::ec2::disassociate_elastic_ip::DOC],
    undo: "Disassociates the addresses again.",
    example: "instance_id: i-0123456789abcdef0\nassociations:\n  - { allocation_id: eipalloc-0123456789abcdef0, public_ip: 198.51.100.7, network_interface_id: eni-0123456789abcdef0, private_ip_address: 10.0.1.5 }\n",
};

/// Parameters of `ec2.associate_elastic_ip`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance.
    pub instance_id: InstanceId,
    /// The associations to make.
    pub associations: Vec<Association>,
}

/// Receipt of `ec2.associate_elastic_ip`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance.
    pub instance_id: String,
    /// The associations made.
    pub associated: Vec<Association>,
}

impl Action for AssociateElasticIp {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        p.associations.iter().fold(StepPlan { mutates: true, ..Default::default() }, |plan, a| {
            plan.change(p.instance_id.as_str(), format!("Elastic IP {} associated again", a.public_ip))
        })
    }

    async fn check(&self, _aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        Ok(self.plan(p))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        // Idempotent: an address already associated as recorded (a re-run after a crash,
        // or undo run twice) is left alone; AssociateAddress would refuse it.
        let current = crate::ec2::disassociate_elastic_ip::associations(aws, ctx, p.instance_id.as_str()).await?;
        let todo = p.associations.iter().filter(|a| {
            !current.iter().any(|(_, c)| {
                c.allocation_id == a.allocation_id
                    && (a.network_interface_id.is_none() || c.network_interface_id == a.network_interface_id)
            })
        });
        try_join_all(todo.map(|a| {
            let mut req = aws.ec2.associate_address().allocation_id(&a.allocation_id).allow_reassociation(false);
            req = match &a.network_interface_id {
                Some(eni) => req.network_interface_id(eni).set_private_ip_address(a.private_ip_address.clone()),
                None => req.instance_id(p.instance_id.as_str()),
            };
            call(ctx, ops::ec2::ASSOCIATE_ADDRESS, &a.public_ip, req.send())
        }))
        .await?;
        Ok(Receipt { instance_id: p.instance_id.to_string(), associated: p.associations.clone() })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.associated
            .iter()
            .map(|a| Change {
                resource: r.instance_id.clone(),
                description: format!("Elastic IP {} associated", a.public_ip),
            })
            .collect()
    }

    fn undo(&self, p: &Params, _r: &Receipt) -> Undo {
        Undo::Steps {
            steps: vec![UndoStep::to::<crate::DisassociateElasticIp>(&crate::ec2::disassociate_elastic_ip::Params {
                instance_id: p.instance_id.clone(),
            })],
        }
    }
}
