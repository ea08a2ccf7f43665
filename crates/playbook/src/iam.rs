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

/// The trust policy of the role Cordon assumes in each member account (`--role-name`):
/// principals of the responders' accounts may assume it, only with a session name that
/// starts `cordon-` (so every change is attributed to a case in CloudTrail), and only
/// with the external id when one is given.
pub fn member_trust_policy(partition: &str, trusted_accounts: &[String], external_id: Option<&str>) -> Value {
    let principals: Vec<String> = trusted_accounts.iter().map(|a| format!("arn:{partition}:iam::{a}:root")).collect();
    let mut condition = serde_json::Map::new();
    condition.insert("StringLike".into(), json!({ "sts:RoleSessionName": "cordon-*" }));
    if let Some(id) = external_id {
        condition.insert("StringEquals".into(), json!({ "sts:ExternalId": id }));
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "CordonResponders",
            "Effect": "Allow",
            "Principal": { "AWS": principals },
            "Action": "sts:AssumeRole",
            "Condition": condition,
        }]
    })
}

/// What the responders' own identity needs: assume the member role in every account
/// (`role_name` may carry a path), and list the organization's accounts (`--org`, from
/// the management account or a delegated administrator).
pub fn responder_policy(partition: &str, role_name: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AssumeTheMemberRole",
                "Effect": "Allow",
                "Action": ops::sts::ASSUME_ROLE.permission,
                "Resource": format!("arn:{partition}:iam::*:role/{}", role_name.trim_matches('/')),
            },
            {
                "Sid": "ListTheOrganizationsAccounts",
                "Effect": "Allow",
                "Action": [
                    ops::organizations::LIST_ACCOUNTS.permission,
                    ops::organizations::LIST_ACCOUNTS_FOR_PARENT.permission,
                    ops::organizations::LIST_ORGANIZATIONAL_UNITS_FOR_PARENT.permission,
                ],
                "Resource": "*",
            }
        ]
    })
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

    #[test]
    fn the_member_role_trusts_the_responders_accounts_for_cordon_sessions_only() {
        let t = super::member_trust_policy("aws", &["111122223333".into()], Some("ext-1"));
        let st = &t["Statement"][0];
        assert_eq!(st["Principal"]["AWS"][0], "arn:aws:iam::111122223333:root");
        assert_eq!(st["Condition"]["StringLike"]["sts:RoleSessionName"], "cordon-*");
        assert_eq!(st["Condition"]["StringEquals"]["sts:ExternalId"], "ext-1");
        let none = super::member_trust_policy("aws-cn", &["111122223333".into()], None);
        assert!(none["Statement"][0]["Condition"].get("StringEquals").is_none());
        let r = super::responder_policy("aws", "/ir/IR-Responder/");
        assert_eq!(r["Statement"][0]["Resource"], "arn:aws:iam::*:role/ir/IR-Responder");
    }
}
