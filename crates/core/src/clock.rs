//! Time is injected: core logic never reads the wall clock itself.

use std::sync::Mutex;

use jiff::{Timestamp, Unit};

/// A source of the current time (UTC).
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The real clock, for the binary.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock for tests: starts at a fixed instant and advances by a fixed step on every read.
#[derive(Debug)]
pub struct FixedClock {
    next: Mutex<Timestamp>,
    step: jiff::SignedDuration,
}

impl FixedClock {
    pub fn new(start: Timestamp, step_millis: i64) -> Self {
        Self { next: Mutex::new(start), step: jiff::SignedDuration::from_millis(step_millis) }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let now = *next;
        *next = now.checked_add(self.step).unwrap_or(now);
        now
    }
}

/// Formats a timestamp the one way Cordon writes times: UTC, RFC 3339, milliseconds.
pub fn rfc3339_millis(t: Timestamp) -> String {
    let t = t.round(Unit::Millisecond).unwrap_or(t);
    format!("{t:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_millis() {
        let t: Timestamp = "2026-11-22T07:36:11.123456Z".parse().unwrap();
        assert_eq!(rfc3339_millis(t), "2026-11-22T07:36:11.123Z");
        let t: Timestamp = "2026-11-22T07:36:11Z".parse().unwrap();
        assert_eq!(rfc3339_millis(t), "2026-11-22T07:36:11.000Z");
    }

    #[test]
    fn fixed_clock_advances() {
        let c = FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap(), 1500);
        assert_eq!(rfc3339_millis(c.now()), "2026-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_millis(c.now()), "2026-01-01T00:00:01.500Z");
    }
}
