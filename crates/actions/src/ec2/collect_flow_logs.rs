//! `ec2.collect_flow_logs`: the VPC Flow Logs records of the instance's network
//! interfaces for the incident window, from wherever the flow logs deliver them
//! (CloudWatch Logs or S3), stored and hashed in the case. When no flow log covers the
//! interfaces, their subnets or their VPC, the receipt says so: there is no network
//! evidence to collect, and enabling flow logs now records only what comes next.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{FlowLog, LogDestinationType};
use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::ArtifactRecord;
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct CollectFlowLogs;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.collect_flow_logs",
    summary: "Copy the VPC Flow Logs records of the instance's interfaces for the incident window into the case",
    description: "Read-only. Finds the flow logs that cover the instance's network interfaces, their subnets or \
their VPC (DescribeFlowLogs) and copies their records for the window: from CloudWatch Logs, the events of each \
interface's stream (`eni-...`) with FilterLogEvents, written as JSON Lines (`timestamp`, `stream`, `message` in \
the flow log's format); from S3, the log files of the window's days as they are (gzip), streamed, each \
hashed as it is written. A flow log delivering to Kinesis Data Firehose is listed but not read. When none covers \
the instance, the receipt says so (`none_found`): no network evidence exists for the window. A log group that \
no longer exists is reported in that flow log's `skipped`; the others are still collected.",
    operations: &[
        ops::ec2::DESCRIBE_INSTANCES,
        ops::ec2::DESCRIBE_FLOW_LOGS,
        ops::logs::FILTER_LOG_EVENTS,
        ops::s3::LIST_BUCKET,
        ops::s3::GET_OBJECT,
    ],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "instance_id: i-0123456789abcdef0\nstart: \"2026-11-29T08:00:00Z\"\nend: \"2026-11-29T12:00:00Z\"\n",
};

fn default_max_file_size() -> u64 {
    1 << 30
}

/// Parameters of `ec2.collect_flow_logs`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The instance whose interfaces' traffic is collected.
    pub instance_id: InstanceId,
    /// Window start (RFC 3339, UTC).
    pub start: String,
    /// Window end (RFC 3339, UTC); default: now.
    #[serde(default)]
    pub end: Option<String>,
    /// Largest flow log file copied from S3, in bytes; a larger one is skipped and reported.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
}

/// One flow log and what was copied from it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Collected {
    /// The flow log's id (`fl-...`).
    pub flow_log_id: String,
    /// The interface, subnet or VPC it covers.
    pub resource: String,
    /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
    pub destination_type: String,
    /// The log group, or the S3 destination ARN.
    pub destination: String,
    /// The record format (`${version} ${account-id} ...`).
    pub format: String,
    /// Records copied from CloudWatch Logs (files from S3 are counted in `artifacts`).
    pub events: u64,
    /// Why nothing was read from it, if nothing was.
    pub skipped: Option<String>,
    /// The artifacts written.
    pub artifacts: Vec<ArtifactRecord>,
}

/// Receipt of `ec2.collect_flow_logs`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The interfaces whose traffic was looked for.
    pub interfaces: Vec<String>,
    /// The flow logs that cover them.
    pub flow_logs: Vec<Collected>,
    /// Set when no flow log covers the interfaces, their subnets or their VPC.
    pub none_found: Option<String>,
}

fn millis(name: &str, v: &str) -> Result<i64, ActionError> {
    v.parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .map_err(|e| ActionError::invalid(format!("{name} {v:?} is not an RFC 3339 time: {e}")))
}

/// The instance's interfaces and the resources a flow log covering them can be attached to.
async fn covered(
    aws: &Aws,
    log: &dyn cordon_core::action::CallLog,
    p: &Params,
) -> Result<(Vec<String>, Vec<String>), ActionError> {
    let instance = cordon_aws::ec2::describe_instance(aws, log, &p.instance_id).await?;
    let mut interfaces = BTreeSet::new();
    let mut resources = BTreeSet::new();
    for n in instance.network_interfaces() {
        if let Some(id) = n.network_interface_id() {
            interfaces.insert(id.to_string());
            resources.insert(id.to_string());
        }
        resources.extend(n.subnet_id().map(str::to_string));
        resources.extend(n.vpc_id().map(str::to_string));
    }
    Ok((interfaces.into_iter().collect(), resources.into_iter().collect()))
}

async fn flow_logs(
    aws: &Aws,
    log: &dyn cordon_core::action::CallLog,
    resources: &[String],
) -> Result<Vec<FlowLog>, ActionError> {
    if resources.is_empty() {
        return Ok(Vec::new());
    }
    let filter = aws_sdk_ec2::types::Filter::builder().name("resource-id").set_values(Some(resources.to_vec())).build();
    let req = aws.ec2.describe_flow_logs().filter(filter);
    let out = cordon_aws::call(log, ops::ec2::DESCRIBE_FLOW_LOGS, &resources.join(","), req.send()).await?;
    Ok(out.flow_logs().to_vec())
}

impl Action for CollectFlowLogs {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan::default().observe(format!(
            "read-only: copy the VPC Flow Logs records of {}'s interfaces for {} .. {} into the case",
            p.instance_id,
            p.start,
            p.end.as_deref().unwrap_or("now")
        ))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let (_, resources) = covered(aws, &cordon_core::action::NoCallLog, p).await?;
        let found = flow_logs(aws, &cordon_core::action::NoCallLog, &resources).await?;
        let plan = self.plan(p);
        Ok(if found.is_empty() {
            plan.observe(
                "no flow log covers the instance's interfaces, subnets or VPC: no network evidence".to_string(),
            )
        } else {
            plan.observe(format!("{} flow logs cover the instance", found.len()))
        })
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let start = millis("start", &p.start)?;
        let end = match &p.end {
            Some(e) => millis("end", e)?,
            None => ctx.clock.now().as_millisecond(),
        };
        if start > end {
            return Err(ActionError::invalid(format!("start {} is after the window's end", p.start)));
        }
        let (interfaces, resources) = covered(aws, ctx, p).await?;
        let found = flow_logs(aws, ctx, &resources).await?;
        let none_found = found.is_empty().then(|| {
            format!(
                "no flow log covers {} ({}): there is no network evidence for the window",
                p.instance_id,
                resources.join(", ")
            )
        });
        let done: Vec<ArtifactRecord> = ctx.artifacts.list().into_iter().filter(|a| a.step_id == ctx.step_id).collect();
        let mut collected = Vec::new();
        for fl in &found {
            let id = fl.flow_log_id().unwrap_or_default().to_string();
            let kind = fl.log_destination_type().map(LogDestinationType::as_str).unwrap_or("cloud-watch-logs");
            let mut c = Collected {
                flow_log_id: id.clone(),
                resource: fl.resource_id().unwrap_or_default().to_string(),
                destination_type: kind.to_string(),
                destination: fl.log_group_name().or(fl.log_destination()).unwrap_or_default().to_string(),
                format: fl.log_format().unwrap_or_default().to_string(),
                events: 0,
                skipped: None,
                artifacts: Vec::new(),
            };
            match kind {
                "cloud-watch-logs" => {
                    let group = fl.log_group_name().unwrap_or_default();
                    let source = format!("logs:{group} ({id})");
                    if let Some(a) = done.iter().find(|a| a.source == source) {
                        c.artifacts.push(a.clone());
                    } else {
                        let window = (start, end);
                        let read = super::flow_logs_read::from_cloudwatch(
                            aws,
                            ctx,
                            group,
                            &interfaces,
                            window,
                            &source,
                            &c.format,
                        )
                        .await;
                        match read {
                            Ok((record, n)) => {
                                c.events = n;
                                c.artifacts.push(record);
                            }
                            // The group is gone (deleted since, perhaps by the attacker): said,
                            // and the other flow logs are still collected.
                            Err(e) if e.kind == cordon_core::ErrorKind::NotFound => {
                                c.skipped = Some(format!("the log group {group} cannot be read: {e}"));
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
                "s3" => {
                    let dest = fl.log_destination().unwrap_or_default();
                    let (records, skipped) =
                        super::flow_logs_read::from_s3(aws, ctx, dest, &id, start, end, p.max_file_size, &done).await?;
                    c.artifacts = records;
                    c.skipped = skipped;
                }
                other => c.skipped = Some(format!("delivered to {other}, which Cordon does not read")),
            }
            collected.push(c);
        }
        Ok(Receipt { interfaces, flow_logs: collected, none_found })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
