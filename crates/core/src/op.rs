//! [`Op`]: one AWS API operation, as IAM names its permission, with whether it changes
//! anything and, where the action knows it, the pattern of the resources it acts on.

use serde::Serialize;

/// One AWS operation (`service:Operation`), declared once in [`crate::ops`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Op {
    /// The IAM action, e.g. `ec2:StopInstances`.
    pub permission: &'static str,
    /// Whether the operation changes anything in AWS.
    pub mutates: bool,
    /// The resources the permission can be scoped to, as an ARN pattern with
    /// `${Partition}` and `${Account}` placeholders; `None` means `*` (AWS has no
    /// resource-level permission for it, or the resources are not known in advance).
    pub resource: Option<&'static str>,
}

impl Op {
    /// A read-only operation (Describe, Get, List…).
    pub const fn read(permission: &'static str) -> Self {
        Self { permission, mutates: false, resource: None }
    }

    /// An operation that changes something.
    pub const fn write(permission: &'static str) -> Self {
        Self { permission, mutates: true, resource: None }
    }

    /// The same operation, its permission scoped to resources matching `arn`.
    pub const fn on(self, arn: &'static str) -> Self {
        Self { resource: Some(arn), ..self }
    }

    /// The service part of the permission (`ec2`).
    pub fn service(&self) -> &'static str {
        self.permission.split_once(':').map_or(self.permission, |(s, _)| s)
    }

    /// The resource ARN pattern with the partition and account filled in (`*` when the
    /// operation cannot be scoped).
    pub fn resource_arn(&self, partition: &str, account: &str) -> String {
        self.resource
            .map_or_else(|| "*".to_string(), |r| r.replace("${Partition}", partition).replace("${Account}", account))
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.permission)
    }
}

#[cfg(test)]
mod tests {
    use crate::ops;

    #[test]
    fn names_agree_with_their_kind_and_resources_fill_in() {
        for op in ops::ALL {
            let name = op.permission.split_once(':').map(|(_, n)| n).unwrap_or_default();
            let reads = ["Describe", "Filter", "Get", "List", "Lookup"].iter().any(|p| name.starts_with(p));
            assert_eq!(op.mutates, !reads, "{op}");
        }
        assert_eq!(
            ops::iam::PUT_USER_POLICY.resource_arn("aws-us-gov", "123456789012"),
            "arn:aws-us-gov:iam::123456789012:user/*"
        );
        assert_eq!(ops::ec2::STOP_INSTANCES.resource_arn("aws", "1"), "*");
        let mut names: Vec<&str> = ops::ALL.iter().map(|o| o.permission).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(n, names.len(), "each operation is defined once");
    }
}
