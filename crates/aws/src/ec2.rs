//! EC2 reads shared by several actions.

use aws_sdk_ec2::types::Instance;
use cordon_core::action::CallLog;
use cordon_core::ids::InstanceId;
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};

use crate::{Aws, call};

/// The tag every resource Cordon creates carries, with the case id as its value.
pub const CASE_TAG: &str = "cordon:case";

/// DescribeInstances for one instance; a missing instance is a `NotFound` error naming it.
pub async fn describe_instance(aws: &Aws, log: &dyn CallLog, id: &InstanceId) -> Result<Instance, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_INSTANCES,
        id.as_str(),
        aws.ec2.describe_instances().instance_ids(id.as_str()).send(),
    )
    .await?;
    out.reservations()
        .iter()
        .flat_map(|r| r.instances())
        .find(|i| i.instance_id() == Some(id.as_str()))
        .cloned()
        .ok_or_else(|| {
            ActionError::new(ErrorKind::NotFound, "the instance does not exist in this account and region")
                .on(id.as_str())
        })
}

/// The instance's network interfaces as (interface id, security group ids).
pub fn interfaces(instance: &Instance) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = instance
        .network_interfaces()
        .iter()
        .filter_map(|n| {
            let id = n.network_interface_id()?.to_string();
            let groups = n.groups().iter().filter_map(|g| g.group_id()).map(str::to_string).collect();
            Some((id, groups))
        })
        .collect();
    out.sort();
    out
}

/// The instance's EBS volumes as (device name, volume id, delete on termination).
pub fn ebs_volumes(instance: &Instance) -> Vec<(String, String, bool)> {
    instance
        .block_device_mappings()
        .iter()
        .filter_map(|b| {
            let ebs = b.ebs()?;
            Some((
                b.device_name()?.to_string(),
                ebs.volume_id()?.to_string(),
                ebs.delete_on_termination().unwrap_or(false),
            ))
        })
        .collect()
}
