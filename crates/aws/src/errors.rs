//! SDK errors to [`ActionError`]: the SDK's own Display says only "service error",
//! so code, message and request id are taken from the error metadata.

use std::error::Error as StdError;
use std::future::Future;

use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ec2::operation::RequestId;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use cordon_core::action::{AwsCall, CallLog};
use cordon_core::{ActionError, ErrorKind, Op};

/// Awaits one AWS call, records it in `log`, and maps a failure to an error naming
/// the operation (a constant of `cordon_core::ops`, declared by the calling action) and
/// `resource`.
pub async fn call<T, E>(
    log: &dyn CallLog,
    op: Op,
    resource: &str,
    fut: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
) -> Result<T, ActionError>
where
    T: RequestId,
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let operation = op.permission;
    match fut.await {
        Ok(out) => {
            log.record(AwsCall {
                operation: operation.to_string(),
                resource: Some(resource.to_string()),
                request_id: out.request_id().map(str::to_string),
            });
            Ok(out)
        }
        Err(err) => {
            let mapped = map_sdk_error(operation, resource, &err);
            log.record(AwsCall {
                operation: operation.to_string(),
                resource: Some(resource.to_string()),
                request_id: mapped.request_id.clone(),
            });
            Err(mapped)
        }
    }
}

/// Maps any SDK error, keeping AWS's code, message and request id.
pub fn map_sdk_error<E>(operation: &str, resource: &str, err: &SdkError<E, HttpResponse>) -> ActionError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let base = |kind, message: String| ActionError {
        kind,
        resource: Some(resource.to_string()),
        operation: Some(operation.to_string()),
        code: None,
        message,
        request_id: None,
    };
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().map(str::to_string);
            let mut out = base(
                classify(code.as_deref()),
                e.message()
                    .map(str::to_string)
                    .unwrap_or_else(|| "the service returned an error without a message".into()),
            );
            out.code = code;
            out.request_id = err.request_id().map(str::to_string);
            out
        }
        SdkError::DispatchFailure(df) => {
            let detail = source_chain(df.as_connector_error().map(|c| c as &dyn StdError).unwrap_or(err));
            let kind = if df.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Network };
            base(kind, format!("could not reach the AWS endpoint: {detail}"))
        }
        SdkError::TimeoutError(_) => base(ErrorKind::Timeout, "the request timed out".into()),
        SdkError::ResponseError(_) => {
            base(ErrorKind::Other, format!("the response could not be read: {}", source_chain(err)))
        }
        SdkError::ConstructionFailure(_) => {
            base(ErrorKind::Invalid, format!("the request could not be built: {}", source_chain(err)))
        }
        _ => base(ErrorKind::Other, source_chain(err)),
    }
}

/// AWS error codes, grouped by what the caller can do about them.
fn classify(code: Option<&str>) -> ErrorKind {
    let Some(code) = code else {
        return ErrorKind::Other;
    };
    if code.contains("NotFound") || code.starts_with("NoSuch") || code == "InvalidInstanceID.Malformed" {
        ErrorKind::NotFound
    } else if matches!(
        code,
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "InvalidClientTokenId"
    ) || code.starts_with("AuthFailure")
    {
        ErrorKind::AccessDenied
    } else if code.contains("Duplicate")
        || code.contains("InUse")
        || code.contains("IncorrectState")
        || code.contains("Conflict")
    {
        ErrorKind::Conflict
    } else if code.starts_with("Invalid") || code.contains("Validation") || code.starts_with("Missing") {
        ErrorKind::Invalid
    } else {
        ErrorKind::Other
    }
}

/// The error and its sources joined, so "dispatch failure" comes with its cause.
fn source_chain(err: &dyn StdError) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_codes() {
        assert_eq!(classify(Some("InvalidInstanceID.NotFound")), ErrorKind::NotFound);
        assert_eq!(classify(Some("NoSuchBucket")), ErrorKind::NotFound);
        assert_eq!(classify(Some("UnauthorizedOperation")), ErrorKind::AccessDenied);
        assert_eq!(classify(Some("InvalidGroup.Duplicate")), ErrorKind::Conflict);
        assert_eq!(classify(Some("InvalidParameterValue")), ErrorKind::Invalid);
        assert_eq!(classify(Some("Throttling")), ErrorKind::Other);
        assert_eq!(classify(None), ErrorKind::Other);
    }
}
