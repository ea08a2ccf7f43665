//! AWS's own clock, from the `Date` header of a response: a revocation cutoff taken
//! from a local clock that runs behind AWS would leave the newest sessions valid.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::date_time::{DateTime, Format};
use cordon_core::ActionError;
use cordon_core::action::CallLog;
use cordon_core::ops;

use crate::{Aws, call};

/// Keeps the `Date` header of the response it sees.
#[derive(Debug, Clone, Default)]
struct DateHeader(Arc<Mutex<Option<String>>>);

impl Intercept for DateHeader {
    fn name(&self) -> &'static str {
        "CordonDateHeader"
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(date) = context.response().headers().get("date") {
            *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(date.to_string());
        }
        Ok(())
    }
}

/// Parses an HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix seconds.
pub fn parse_http_date(value: &str) -> Option<i64> {
    DateTime::from_str(value.trim(), Format::HttpDate).ok().map(|d| d.secs())
}

impl Aws {
    /// The time AWS reports (whole seconds), read from the `Date` header of an STS
    /// GetCallerIdentity response; `None` when the response carries no usable header.
    pub async fn aws_time(&self, log: &dyn CallLog) -> Result<Option<i64>, ActionError> {
        let date = DateHeader::default();
        call(
            log,
            ops::sts::GET_CALLER_IDENTITY,
            "caller",
            self.sts.get_caller_identity().customize().interceptor(date.clone()).send(),
        )
        .await?;
        let header = date.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Ok(header.as_deref().and_then(parse_http_date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse_and_garbage_does_not() {
        assert_eq!(parse_http_date("Mon, 30 Nov 2026 10:05:00 GMT"), Some(1_796_033_100));
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
