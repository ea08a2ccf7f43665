//! Query-protocol bodies (EC2, IAM, STS) encode spaces as `+`, as botocore (the AWS CLI)
//! does. Both encodings mean the same to AWS; this one is also what emulators that
//! re-encode the form to check signatures (moto) compute, so their IAM enforcement can
//! be tested. Runs before signing, so the signature covers the bytes sent.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

#[derive(Debug, Default)]
pub(crate) struct FormSpacesAsPlus;

/// `%20` -> `+` in an `application/x-www-form-urlencoded` body (a literal `+` is
/// already sent as `%2B`, so nothing else changes meaning).
pub(crate) fn rewrite(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    text.contains("%20").then(|| text.replace("%20", "+").into_bytes())
}

impl Intercept for FormSpacesAsPlus {
    fn name(&self) -> &'static str {
        "FormSpacesAsPlus"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let is_form =
            request.headers().get("content-type").is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Ok(());
        }
        if let Some(new) = request.body().bytes().and_then(rewrite) {
            let len = new.len();
            *request.body_mut() = SdkBody::from(new);
            request.headers_mut().insert("content-length", len.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spaces_become_plus_and_nothing_else_changes() {
        let out = super::rewrite(b"Action=CreateSecurityGroup&GroupDescription=no%20egress%2C%20a%2Bb").unwrap();
        assert_eq!(out, b"Action=CreateSecurityGroup&GroupDescription=no+egress%2C+a%2Bb");
        assert!(super::rewrite(b"Action=DescribeInstances").is_none());
    }
}
