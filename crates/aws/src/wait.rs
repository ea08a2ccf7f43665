//! Waiting without blocking the runtime.

use std::future::Future;
use std::time::Duration;

use cordon_core::{ActionError, ErrorKind};

/// Calls `probe` every `interval` until it returns `Some`, or fails with a timeout
/// error naming `what` after `timeout`. Errors from `probe` end the wait at once.
pub async fn poll_until<T, F, Fut>(
    what: &str,
    timeout: Duration,
    interval: Duration,
    mut probe: F,
) -> Result<T, ActionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ActionError>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = probe().await? {
            return Ok(v);
        }
        if tokio::time::Instant::now() + interval > deadline {
            return Err(
                ActionError::new(ErrorKind::Timeout, format!("gave up waiting after {}s", timeout.as_secs())).on(what)
            );
        }
        tokio::time::sleep(interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn returns_when_ready_and_times_out_otherwise() {
        let mut n = 0;
        let v = poll_until("x", Duration::from_secs(10), Duration::from_secs(1), || {
            n += 1;
            let ready = n >= 3;
            async move { Ok(ready.then_some(n)) }
        })
        .await
        .unwrap();
        assert_eq!(v, 3);
        let e = poll_until::<(), _, _>("snap-1", Duration::from_secs(3), Duration::from_secs(1), || async { Ok(None) })
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert_eq!(e.resource.as_deref(), Some("snap-1"));
    }
}
