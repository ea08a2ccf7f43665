//! `ec2.snapshot_volumes`: crash-consistent snapshots of every attached volume.

use cordon_core::ops;
use std::time::Duration;

use aws_sdk_ec2::types::{Filter, InstanceSpecification, ResourceType, Snapshot, SnapshotState, Tag, TagSpecification};
use cordon_aws::ec2::{CASE_TAG, describe_instance, ebs_volumes};
use cordon_aws::{Aws, call, poll_until};
use cordon_core::action::{Action, ActionDoc, Change, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::json::time;

pub struct SnapshotVolumes;

pub const SOURCE_INSTANCE_TAG: &str = "cordon:source-instance";
pub const SOURCE_VOLUME_TAG: &str = "cordon:source-volume";
pub const STEP_TAG: &str = "cordon:step";

/// The `cordon:step` tag's value for a step: `snapshot[0]` (an item of a `for_each` step)
/// becomes `snapshot.0`. A re-run finds what an earlier attempt made by this tag, and
/// filter values are patterns to some implementations (`[0]` a character class), so the
/// value holds no pattern characters.
pub fn step_tag_value(step_id: &str) -> String {
    step_id.replace('[', ".").replace([']', '*', '?'], "")
}

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.snapshot_volumes",
    summary: "Snapshot every attached EBS volume (crash-consistent) and wait until the snapshots complete",
    description: "One CreateSnapshots call with an instance specification snapshots all attached volumes at \
the same point in time (crash-consistent across volumes). Each snapshot is tagged with the case id, the \
source instance, the source volume and the step, then waited on until it completes (or the timeout \
passes). Re-running the step reuses the snapshots an interrupted attempt already started.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_SNAPSHOTS,
        ops::ec2::CREATE_SNAPSHOTS,
        ops::ec2::CREATE_TAGS,
    ],
    implied: &[],
    inverse: &[],
    undo: "Irreversible by design: snapshots are evidence, and undo never deletes evidence.",
    example: "instance_id: i-0123456789abcdef0\ntimeout_seconds: 3600\n",
};

/// Parameters of `ec2.snapshot_volumes`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance whose volumes are snapshotted.
    pub instance_id: InstanceId,
    /// Leave out the root volume.
    #[serde(default)]
    pub exclude_boot_volume: bool,
    /// How long to wait for every snapshot to complete (default 3600).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_timeout() -> u64 {
    3600
}

/// One snapshot taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotRecord {
    pub snapshot_id: String,
    pub volume_id: String,
    pub state: String,
    pub start_time: Option<String>,
}

/// Receipt of `ec2.snapshot_volumes`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The instance whose volumes were snapshotted.
    pub instance_id: String,
    /// The snapshot ids, one per volume.
    pub snapshot_ids: Vec<String>,
    /// Each snapshot with its source volume and final state.
    pub snapshots: Vec<SnapshotRecord>,
    /// True when the snapshots were started by an earlier, interrupted attempt.
    pub reused: bool,
}

fn record(s: &Snapshot) -> SnapshotRecord {
    SnapshotRecord {
        snapshot_id: s.snapshot_id().unwrap_or_default().to_string(),
        volume_id: s.volume_id().unwrap_or_default().to_string(),
        state: s.state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        start_time: time(s.start_time()).as_str().map(str::to_string),
    }
}

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build()
}

impl Action for SnapshotVolumes {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan { mutates: true, ..Default::default() }
            .change(p.instance_id.as_str(), "snapshot every attached EBS volume, tagged with the case id")
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let inst = describe_instance(aws, &NoCallLog, &p.instance_id).await?;
        let root = inst.root_device_name().unwrap_or_default().to_string();
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for (device, volume, _) in ebs_volumes(&inst) {
            if p.exclude_boot_volume && device == root {
                continue;
            }
            plan = plan.change(volume, format!("snapshot ({device} of {})", p.instance_id));
        }
        if plan.changes.is_empty() {
            plan.warnings.push(format!("{} has no EBS volume to snapshot", p.instance_id));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let id = p.instance_id.as_str();
        let existing = call(
            ctx,
            ops::ec2::DESCRIBE_SNAPSHOTS,
            id,
            aws.ec2
                .describe_snapshots()
                .owner_ids("self")
                .filters(Filter::builder().name(format!("tag:{CASE_TAG}")).values(ctx.case_id.as_str()).build())
                .filters(Filter::builder().name(format!("tag:{SOURCE_INSTANCE_TAG}")).values(id).build())
                .filters(Filter::builder().name(format!("tag:{STEP_TAG}")).values(step_tag_value(ctx.step_id)).build())
                .send(),
        )
        .await?;
        let reused = !existing.snapshots().is_empty();
        let started: Vec<Snapshot> = if reused {
            existing.snapshots().to_vec()
        } else {
            let tags = TagSpecification::builder()
                .resource_type(ResourceType::Snapshot)
                .tags(tag(CASE_TAG, ctx.case_id.as_str()))
                .tags(tag(SOURCE_INSTANCE_TAG, id))
                .tags(tag(STEP_TAG, &step_tag_value(ctx.step_id)))
                .tags(tag("Name", &format!("cordon {} {id}", ctx.case_id)))
                .build();
            let out = call(
                ctx,
                ops::ec2::CREATE_SNAPSHOTS,
                id,
                aws.ec2
                    .create_snapshots()
                    .instance_specification(
                        InstanceSpecification::builder()
                            .instance_id(id)
                            .exclude_boot_volume(p.exclude_boot_volume)
                            .build(),
                    )
                    .description(format!("Cordon case {}: evidence of {id}", ctx.case_id))
                    .tag_specifications(tags)
                    .send(),
            )
            .await?;
            let infos = out.snapshots();
            // CreateSnapshots tags every snapshot alike: add each one's source volume.
            futures::future::try_join_all(infos.iter().filter_map(|s| Some((s.snapshot_id()?, s.volume_id()?))).map(
                |(snap, vol)| {
                    call(
                        ctx,
                        ops::ec2::CREATE_TAGS,
                        snap,
                        aws.ec2.create_tags().resources(snap).tags(tag(SOURCE_VOLUME_TAG, vol)).send(),
                    )
                },
            ))
            .await?;
            let ids: Vec<String> = infos.iter().filter_map(|s| s.snapshot_id()).map(str::to_string).collect();
            if ids.is_empty() {
                return Err(ActionError::new(
                    ErrorKind::Conflict,
                    "CreateSnapshots started no snapshot: the instance has no EBS volume",
                )
                .on(id));
            }
            let out = call(
                ctx,
                ops::ec2::DESCRIBE_SNAPSHOTS,
                id,
                aws.ec2.describe_snapshots().set_snapshot_ids(Some(ids)).send(),
            )
            .await?;
            out.snapshots().to_vec()
        };
        let ids: Vec<String> = started.iter().filter_map(|s| s.snapshot_id()).map(str::to_string).collect();
        let what = format!("snapshots {} of {id}", ids.join(", "));
        let done = poll_until(&what, Duration::from_secs(p.timeout_seconds), Duration::from_secs(5), || {
            let ids = ids.clone();
            async move {
                let out = call(
                    ctx,
                    ops::ec2::DESCRIBE_SNAPSHOTS,
                    id,
                    aws.ec2.describe_snapshots().set_snapshot_ids(Some(ids)).send(),
                )
                .await?;
                let snaps = out.snapshots().to_vec();
                if let Some(bad) = snaps.iter().find(|s| s.state() == Some(&SnapshotState::Error)) {
                    return Err(ActionError::new(
                        ErrorKind::Other,
                        bad.state_message().unwrap_or("snapshot failed").to_string(),
                    )
                    .on(bad.snapshot_id().unwrap_or_default()));
                }
                Ok(snaps.iter().all(|s| s.state() == Some(&SnapshotState::Completed)).then_some(snaps))
            }
        })
        .await?;
        let mut snapshots: Vec<SnapshotRecord> = done.iter().map(record).collect();
        snapshots.sort_by(|a, b| a.volume_id.cmp(&b.volume_id));
        Ok(Receipt {
            instance_id: id.to_string(),
            snapshot_ids: snapshots.iter().map(|s| s.snapshot_id.clone()).collect(),
            snapshots,
            reused,
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        let origin = if r.reused { ", started by an earlier attempt" } else { "" };
        r.snapshots
            .iter()
            .map(|s| Change {
                resource: s.volume_id.clone(),
                description: format!("snapshot {} ({}){origin}", s.snapshot_id, s.state),
            })
            .collect()
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::Irreversible { reason: "snapshots are evidence; undo never deletes evidence".into() }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn step_tag_values_hold_no_pattern_characters() {
        assert_eq!(super::step_tag_value("snapshot[0]"), "snapshot.0");
        assert_eq!(super::step_tag_value("snapshot"), "snapshot");
    }
}
