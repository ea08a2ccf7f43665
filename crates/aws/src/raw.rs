//! The exact bytes of API responses, for evidence that is what AWS sent rather than the
//! SDK's reading of it: [`RawBodies`] is an interceptor that keeps each response body
//! of the requests it is attached to (`.customize().interceptor(...)`).

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Keeps the body of every response it sees, in order (a non-streaming response's body is
/// in memory by then). Cloning shares the store.
#[derive(Debug, Clone, Default)]
pub struct RawBodies(Arc<Mutex<Vec<Vec<u8>>>>);

impl RawBodies {
    /// The bodies kept so far, taken out.
    pub fn take(&self) -> Vec<Vec<u8>> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Intercept for RawBodies {
    fn name(&self) -> &'static str {
        "CordonRawBodies"
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let ok = context.output_or_error().is_some_and(|r| r.is_ok());
        if let (true, Some(bytes)) = (ok, context.response().and_then(|r| r.body().bytes())) {
            self.0.lock().unwrap_or_else(|p| p.into_inner()).push(bytes.to_vec());
        }
        Ok(())
    }
}
