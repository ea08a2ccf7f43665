//! The least-privilege IAM policy a playbook needs: the union of its actions' declared
//! permissions, read-only ones in a statement of their own.

use cordon_core::action::ActionSpec;
use serde_json::{Value, json};

use crate::model::Playbook;

/// Always needed: Cordon records who acts (STS GetCallerIdentity) before anything else.
const BASELINE: &[&str] = &["sts:GetCallerIdentity"];

/// Whether an IAM action only reads.
pub fn is_read_only(permission: &str) -> bool {
    let op = permission.split(':').nth(1).unwrap_or(permission);
    ["Describe", "Get", "List", "Lookup"].iter().any(|p| op.starts_with(p))
}

/// The IAM policy document (JSON) for `playbook`.
pub fn policy(playbook: &Playbook, registry: &[&dyn ActionSpec]) -> Value {
    let mut all: Vec<&str> = BASELINE.to_vec();
    for step in &playbook.steps {
        if let Some(a) = registry.iter().find(|a| a.doc().name == step.action) {
            all.extend(a.doc().permissions);
        }
    }
    all.sort_unstable();
    all.dedup();
    let (read, write): (Vec<&str>, Vec<&str>) = all.into_iter().partition(|p| is_read_only(p));
    let mut statements = vec![json!({ "Sid": "CordonReadOnly", "Effect": "Allow", "Action": read, "Resource": "*" })];
    if !write.is_empty() {
        statements.push(json!({ "Sid": "CordonChanges", "Effect": "Allow", "Action": write, "Resource": "*" }));
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}
