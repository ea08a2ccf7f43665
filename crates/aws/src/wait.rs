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

/// How many times a call refused for eventual consistency is made in all.
pub const CONSISTENCY_ATTEMPTS: u32 = 6;

/// Whether an AWS error code says a resource just created is not visible yet (EC2 is
/// eventually consistent: `InvalidGroup.NotFound` right after `CreateSecurityGroup`).
pub fn not_visible_yet(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.ends_with(".NotFound") && !c.starts_with("InvalidPermission"))
}

/// The pause before attempt `attempt` (1-based) of a call retried for eventual consistency:
/// 250 ms, doubling, at most 4 s (about 8 s over all attempts).
pub async fn consistency_pause(attempt: u32) {
    let ms = 250u64.saturating_mul(1 << attempt.saturating_sub(1).min(4));
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Makes `call` until it succeeds, fails with anything but a not-yet-visible error
/// ([`not_visible_yet`]), or has been made [`CONSISTENCY_ATTEMPTS`] times. The SDK's own
/// retries (throttling, 5xx, resets) happen inside each attempt.
pub async fn retry_consistency<T, F, Fut>(mut call: F) -> Result<T, ActionError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ActionError>>,
{
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e) if attempt < CONSISTENCY_ATTEMPTS && not_visible_yet(e.code.as_deref()) => {
                consistency_pause(attempt).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn retries_only_what_is_not_visible_yet() {
        let not_found = || ActionError::new(ErrorKind::Other, "x").with_code("InvalidGroup.NotFound");
        let mut n = 0;
        let v = retry_consistency(|| {
            n += 1;
            let r = if n < 3 { Err(not_found()) } else { Ok(n) };
            async move { r }
        })
        .await
        .unwrap();
        assert_eq!(v, 3);
        let mut n = 0;
        let e = retry_consistency::<(), _, _>(|| {
            n += 1;
            async { Err(ActionError::new(ErrorKind::Other, "x").with_code("InvalidPermission.NotFound")) }
        })
        .await
        .unwrap_err();
        assert_eq!((n, e.code.as_deref()), (1, Some("InvalidPermission.NotFound")), "a missing rule is an answer");
        let mut n = 0;
        assert!(
            retry_consistency::<(), _, _>(|| {
                n += 1;
                async { Err(not_found()) }
            })
            .await
            .is_err()
        );
        assert_eq!(n, CONSISTENCY_ATTEMPTS);
    }

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
