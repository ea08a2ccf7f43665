//! `ec2.capture_metadata`: the instance's description, interfaces, volumes and console output, as evidence.

use aws_sdk_ec2::types::Filter;
use base64::Engine as _;
use cordon_aws::ec2::describe_instance;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ec2::json as ec2_json;

pub struct CaptureMetadata;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.capture_metadata",
    summary: "Save an instance's description, interfaces, volumes, console output, user data, image, launch template, role policies, security group rules, routes and flow logs",
    description: "Read-only. Captures, before anything is changed, the instance description (state, image, \
instance profile, metadata options, tags), every attached network interface with its security groups and \
addresses, every attached volume, the console output, the user data, the image (AMI), the rules \
of its security groups, the route tables of its subnets, the VPC's flow-log configuration, the launch template \
version it was launched from, and its instance profile with each role's trust policy and attached and inline \
policy documents. Each is written to the case as an artifact, \
hashed as it is written and recorded in the manifest and the journal.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_NETWORK_INTERFACES,
        ops::ec2::DESCRIBE_VOLUMES,
        ops::ec2::GET_CONSOLE_OUTPUT,
        ops::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
        ops::ec2::DESCRIBE_IMAGES,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        ops::ec2::DESCRIBE_ROUTE_TABLES,
        ops::ec2::DESCRIBE_FLOW_LOGS,
        ops::ec2::DESCRIBE_LAUNCH_TEMPLATE_VERSIONS,
        ops::iam::GET_INSTANCE_PROFILE,
        ops::iam::GET_ROLE,
        ops::iam::LIST_ATTACHED_ROLE_POLICIES,
        ops::iam::LIST_ROLE_POLICIES,
        ops::iam::GET_ROLE_POLICY,
        ops::iam::GET_POLICY,
        ops::iam::GET_POLICY_VERSION,
        ops::iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "instance_id: i-0123456789abcdef0\n",
};

/// Parameters of `ec2.capture_metadata`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance to capture.
    pub instance_id: InstanceId,
}

/// Receipt of `ec2.capture_metadata`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The captured instance.
    pub instance_id: String,
    /// Its network interfaces at capture time.
    pub network_interface_ids: Vec<String>,
    /// Its EBS volumes at capture time.
    pub volume_ids: Vec<String>,
    /// ARN of the attached instance profile, if any.
    pub instance_profile_arn: Option<String>,
    /// Paths (in the case directory) and hashes of the artifacts written.
    pub artifacts: Vec<ArtifactRecord>,
}

fn json_artifact(
    ctx: &StepContext<'_>,
    name: &str,
    source: &str,
    value: &Value,
) -> Result<ArtifactRecord, ActionError> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    ctx.store(ArtifactMeta { name: name.into(), source: source.into(), media_type: "application/json" }, &bytes)
}

impl Action for CaptureMetadata {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let mut plan = StepPlan::default();
        plan.observations
            .push(format!("read-only: capture {} description, interfaces, volumes and console output", p.instance_id));
        plan
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let inst = describe_instance(aws, &NoCallLog, &p.instance_id).await?;
        let mut plan = self.plan(p);
        plan.observations.push(format!(
            "{} has {} network interfaces and {} volumes",
            p.instance_id,
            inst.network_interfaces().len(),
            inst.block_device_mappings().len()
        ));
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let by_instance = |name: &str| Filter::builder().name(name).values(id).build();
        // Four independent reads: one round trip.
        let (inst, enis, vols, console) = futures::try_join!(
            describe_instance(aws, ctx, &p.instance_id),
            call(
                ctx,
                ops::ec2::DESCRIBE_NETWORK_INTERFACES,
                id,
                aws.ec2.describe_network_interfaces().filters(by_instance("attachment.instance-id")).send()
            ),
            call(
                ctx,
                ops::ec2::DESCRIBE_VOLUMES,
                id,
                aws.ec2.describe_volumes().filters(by_instance("attachment.instance-id")).send()
            ),
            call(ctx, ops::ec2::GET_CONSOLE_OUTPUT, id, aws.ec2.get_console_output().instance_id(id).send()),
        )?;
        let mut artifacts = vec![json_artifact(ctx, "instance.json", id, &ec2_json::instance(&inst))?];
        let interfaces: Vec<Value> = enis.network_interfaces().iter().map(ec2_json::interface).collect();
        artifacts.push(json_artifact(ctx, "network-interfaces.json", id, &Value::Array(interfaces))?);
        let volumes: Vec<Value> = vols.volumes().iter().map(ec2_json::volume).collect();
        artifacts.push(json_artifact(ctx, "volumes.json", id, &Value::Array(volumes))?);
        // The API returns the console output base64-encoded; keep the decoded text
        // (or the raw answer when it does not decode).
        let raw = console.output().unwrap_or_default();
        let text =
            base64::engine::general_purpose::STANDARD.decode(raw.trim()).unwrap_or_else(|_| raw.as_bytes().to_vec());
        artifacts.push(ctx.store(
            ArtifactMeta { name: "console-output.txt".into(), source: id.into(), media_type: "text/plain" },
            &text,
        )?);
        for (name, value) in crate::ec2::context::context(aws, ctx, &inst).await? {
            artifacts.push(json_artifact(ctx, name, id, &value)?);
        }
        Ok(Receipt {
            instance_id: id.to_string(),
            network_interface_ids: cordon_aws::ec2::interfaces(&inst).into_iter().map(|(i, _)| i).collect(),
            volume_ids: cordon_aws::ec2::ebs_volumes(&inst).into_iter().map(|(_, v, _)| v).collect(),
            instance_profile_arn: inst.iam_instance_profile().and_then(|p| p.arn()).map(str::to_string),
            artifacts,
        })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
