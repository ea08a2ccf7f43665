//! `ec2.find_instances`: target selection for fleet playbooks — instances by id, by tag,
//! or every instance of an Auto Scaling group. Read-only.

use aws_sdk_ec2::types::Filter;
use cordon_aws::{Aws, call};
use cordon_core::action::{Action, ActionDoc, CallLog, NoCallLog, StepContext, StepPlan, Undo};
use cordon_core::ids::{CaseId, InstanceId};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub struct FindInstances;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.find_instances",
    summary: "Select instances by id, by tag (Key=Value), or every instance of an Auto Scaling group",
    description: "Read-only. Resolves a target selection to instance ids for the steps after it (use them \
with `for_each`). Exactly one of `instance_ids`, `tag` and `asg_name`. Terminated and shutting-down \
instances are left out. Finding nothing is an error unless `allow_empty` is set, so a typo in a tag does \
not turn into a run that contains nothing and reports success.",
    operations: &[ops::ec2::DESCRIBE_INSTANCES, ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "tag: env=prod\n",
};

/// Parameters of `ec2.find_instances`: exactly one of `instance_ids`, `tag`, `asg_name`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// These instances (checked to exist).
    #[serde(default)]
    pub instance_ids: Option<Vec<InstanceId>>,
    /// Instances carrying this tag, as `Key=Value`.
    #[serde(default)]
    pub tag: Option<String>,
    /// Every instance of this Auto Scaling group.
    #[serde(default)]
    pub asg_name: Option<String>,
    /// Finding no instance is not an error.
    #[serde(default)]
    pub allow_empty: bool,
}

/// Receipt of `ec2.find_instances`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The selection, in words (`tag env=prod`).
    pub selector: String,
    /// The instances found, sorted.
    pub instance_ids: Vec<String>,
}

enum Selector<'a> {
    Ids(&'a [InstanceId]),
    Tag(&'a str, &'a str),
    Asg(&'a str),
}

fn selector(p: &Params) -> Result<Selector<'_>, ActionError> {
    let given = [p.instance_ids.is_some(), p.tag.is_some(), p.asg_name.is_some()].iter().filter(|g| **g).count();
    if given != 1 {
        return Err(ActionError::invalid("give exactly one of `instance_ids`, `tag` (Key=Value) and `asg_name`"));
    }
    if let Some(ids) = &p.instance_ids {
        return Ok(Selector::Ids(ids));
    }
    if let Some(tag) = &p.tag {
        return match tag.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok(Selector::Tag(k.trim(), v.trim())),
            _ => Err(ActionError::invalid(format!("tag `{tag}` is not Key=Value"))),
        };
    }
    Ok(Selector::Asg(p.asg_name.as_deref().unwrap_or_default()))
}

fn describe(s: &Selector<'_>) -> String {
    match s {
        Selector::Ids(ids) => {
            format!("instances {}", ids.iter().map(InstanceId::as_str).collect::<Vec<_>>().join(", "))
        }
        Selector::Tag(k, v) => format!("tag {k}={v}"),
        Selector::Asg(name) => format!("Auto Scaling group {name}"),
    }
}

const LIVE: [&str; 4] = ["pending", "running", "stopping", "stopped"];

async fn find(aws: &Aws, log: &dyn CallLog, s: &Selector<'_>) -> Result<Vec<String>, ActionError> {
    let state = Filter::builder().name("instance-state-name").set_values(Some(LIVE.map(String::from).to_vec())).build();
    let ids: Vec<String> = match s {
        Selector::Asg(name) => {
            let out = call(
                log,
                ops::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
                name,
                aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(*name).send(),
            )
            .await?;
            let group = out.auto_scaling_groups().first().ok_or_else(|| {
                ActionError::new(ErrorKind::NotFound, format!("no Auto Scaling group named {name}")).on(*name)
            })?;
            group.instances().iter().filter_map(|i| i.instance_id()).map(str::to_string).collect()
        }
        Selector::Ids(ids) => ids.iter().map(|i| i.to_string()).collect(),
        Selector::Tag(..) => Vec::new(),
    };
    let mut req = aws.ec2.describe_instances().filters(state);
    match s {
        Selector::Tag(k, v) => req = req.filters(Filter::builder().name(format!("tag:{k}")).values(*v).build()),
        _ if ids.is_empty() => return Ok(ids),
        _ => req = req.filters(Filter::builder().name("instance-id").set_values(Some(ids.clone())).build()),
    }
    let what = describe(s);
    let mut found = Vec::new();
    let mut pages = req.into_paginator().send();
    while let Some(page) = pages.next().await {
        // A page is one request: recorded and mapped like any other call.
        let page = call(log, ops::ec2::DESCRIBE_INSTANCES, &what, std::future::ready(page)).await?;
        found.extend(
            page.reservations().iter().flat_map(|r| r.instances()).filter_map(|i| i.instance_id()).map(str::to_string),
        );
    }
    found.sort();
    found.dedup();
    if let Selector::Ids(asked) = s
        && let Some(missing) = asked.iter().find(|a| !found.iter().any(|f| f == a.as_str()))
    {
        return Err(ActionError::new(ErrorKind::NotFound, "the instance does not exist (or is terminated)")
            .on(missing.as_str()));
    }
    Ok(found)
}

impl Action for FindInstances {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        match selector(p) {
            Ok(s) => StepPlan::default().observe(format!("read-only: find the instances of {}", describe(&s))),
            Err(e) => StepPlan::default().warn(e.message),
        }
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let s = selector(p)?;
        let found = find(aws, &NoCallLog, &s).await?;
        let plan =
            StepPlan::default().observe(format!("{}: {} instance(s): {}", describe(&s), found.len(), found.join(", ")));
        Ok(if found.is_empty() && !p.allow_empty {
            plan.warn("no instance matches: the run will stop here")
        } else {
            plan
        })
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let s = selector(p)?;
        let instance_ids = find(aws, ctx, &s).await?;
        let selector = describe(&s);
        if instance_ids.is_empty() && !p.allow_empty {
            return Err(ActionError::new(ErrorKind::NotFound, format!("no instance matches {selector}")).on(selector));
        }
        Ok(Receipt { selector, instance_ids })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}
