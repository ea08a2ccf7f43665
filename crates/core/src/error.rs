//! The error every action returns: it always names its subject.

use serde::{Deserialize, Serialize};

/// A coarse classification, so callers can decide (retry, skip, stop) without string matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The resource does not exist (or is not visible to this principal).
    NotFound,
    /// The principal is not allowed to make the call.
    AccessDenied,
    /// The request was well-formed but refused for the resource's current state.
    Conflict,
    /// Parameters were wrong.
    Invalid,
    /// The endpoint could not be reached, or the connection failed.
    Network,
    /// A wait ran out of time.
    Timeout,
    /// The operation was refused by Cordon itself for safety.
    Refused,
    Other,
}

/// What went wrong, on which resource, in which AWS call, with AWS's own code and request id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ActionError {
    pub kind: ErrorKind,
    /// The resource being worked on, e.g. `i-0123…` or `eni-…`.
    pub resource: Option<String>,
    /// `service:Operation`, e.g. `ec2:ModifyNetworkInterfaceAttribute`.
    pub operation: Option<String>,
    /// AWS's error code, e.g. `InvalidInstanceID.NotFound`.
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
}

impl ActionError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, resource: None, operation: None, code: None, message: message.into(), request_id: None }
    }

    pub fn on(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// With AWS's error code (e.g. `InvalidGroup.NotFound`).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(op) = &self.operation {
            write!(f, "{op}")?;
            if let Some(r) = &self.resource {
                write!(f, " on {r}")?;
            }
            write!(f, " failed: ")?;
        } else if let Some(r) = &self.resource {
            write!(f, "{r}: ")?;
        }
        if let Some(code) = &self.code {
            write!(f, "{code}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_everything_known() {
        let mut e =
            ActionError::new(ErrorKind::NotFound, "The instance ID 'i-1234abcd' does not exist").on("i-1234abcd");
        e.operation = Some("ec2:DescribeInstances".into());
        e.code = Some("InvalidInstanceID.NotFound".into());
        e.request_id = Some("req-1".into());
        assert_eq!(
            e.to_string(),
            "ec2:DescribeInstances on i-1234abcd failed: InvalidInstanceID.NotFound: The instance ID 'i-1234abcd' does not exist (request id req-1)"
        );
    }
}
