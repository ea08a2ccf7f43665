//! The least-privilege IAM policy a playbook needs: the union of its actions' declared
//! operations, what `cordon undo` of those steps runs (the actions each one declares as
//! its inverse), and `sts:GetCallerIdentity`. `cordon resume` re-runs the playbook's own
//! steps, so it needs nothing more. Statements are grouped by read/write and by the
//! resources an operation can be scoped to (IAM users and roles, S3 buckets and objects);
//! everything else is on `*`, where AWS offers no narrower resource or the resources are
//! not known before the run.

use std::collections::BTreeMap;

use cordon_core::Op;
use cordon_core::action::{ActionDoc, ActionSpec};
use cordon_core::ops;
use serde_json::{Value, json};

use crate::model::Playbook;

/// Always needed: Cordon records who acts (STS GetCallerIdentity) before anything else.
const BASELINE: &[Op] = &[ops::sts::GET_CALLER_IDENTITY];

/// What the policy covers, and where.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// Include what `cordon undo` needs (the default).
    pub undo: bool,
    /// The partition the ARNs are written for (`aws`, `aws-us-gov`, `aws-cn`).
    pub partition: String,
    /// The account the ARNs are written for; `*` when not known.
    pub account: String,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        Self { undo: true, partition: "aws".into(), account: "*".into() }
    }
}

/// Every operation the steps of `playbooks` need, with the action that needs it (for docs).
pub fn operations<'a>(
    playbooks: impl IntoIterator<Item = &'a Playbook>,
    registry: &[&dyn ActionSpec],
    undo: bool,
) -> Vec<Op> {
    let mut docs: Vec<&'static ActionDoc> = Vec::new();
    for step in playbooks.into_iter().flat_map(|p| &p.steps) {
        if let Some(a) = registry.iter().find(|a| a.doc().name == step.action) {
            docs.push(a.doc());
            if undo {
                docs.extend(a.doc().inverse);
            }
        }
    }
    let mut all: Vec<Op> = BASELINE.to_vec();
    all.extend(docs.iter().flat_map(|d| d.permissions()));
    all.sort_unstable_by_key(|o| o.permission);
    all.dedup_by_key(|o| o.permission);
    all
}

/// A statement id from the resource pattern: `arn:aws:iam::*:user/*` -> `IamUser`.
fn scope_name(op: &Op) -> String {
    let Some(arn) = op.resource else { return String::new() };
    let mut fields = arn.splitn(6, ':');
    let service = fields.nth(2).unwrap_or_default();
    let resource = fields.nth(2).unwrap_or_default();
    let kind = match (service, resource) {
        ("s3", r) if r.contains('/') => "object",
        ("s3", _) => "bucket",
        (_, r) => r.split('/').next().unwrap_or(r),
    };
    [service, kind]
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
        .collect()
}

/// The IAM policy document (JSON) for `playbooks`.
pub fn policy<'a>(
    playbooks: impl IntoIterator<Item = &'a Playbook>,
    registry: &[&dyn ActionSpec],
    opts: &PolicyOptions,
) -> Value {
    // (changes?, scope) -> (resource, actions); reads first, then `*` before scoped.
    let mut groups: BTreeMap<(bool, String), (String, Vec<&str>)> = BTreeMap::new();
    for op in operations(playbooks, registry, opts.undo) {
        let entry = groups
            .entry((op.mutates, scope_name(&op)))
            .or_insert_with(|| (op.resource_arn(&opts.partition, &opts.account), Vec::new()));
        entry.1.push(op.permission);
    }
    let statements: Vec<Value> = groups
        .into_iter()
        .map(|((mutates, scope), (resource, actions))| {
            let sid = format!("Cordon{}{scope}", if mutates { "Changes" } else { "ReadOnly" });
            json!({ "Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resource })
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_ids_name_the_scope() {
        assert_eq!(scope_name(&ops::iam::PUT_USER_POLICY), "IamUser");
        assert_eq!(scope_name(&ops::iam::GET_INSTANCE_PROFILE), "IamInstanceProfile");
        assert_eq!(scope_name(&ops::s3::PUT_BUCKET_POLICY), "S3Bucket");
        assert_eq!(scope_name(&ops::s3::PUT_OBJECT), "S3Object");
        assert_eq!(scope_name(&ops::ec2::STOP_INSTANCES), "");
    }
}
