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
    format!("{:.3}", round_millis(t))
}

/// Milliseconds since the Unix epoch, rounded the way [`rfc3339_millis`] shows them (so
/// a time and its string always agree).
pub fn unix_millis(t: Timestamp) -> i64 {
    round_millis(t).as_millisecond()
}

fn round_millis(t: Timestamp) -> Timestamp {
    t.round(Unit::Millisecond).unwrap_or(t)
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
        for text in ["2026-11-22T07:36:11.9996Z", "2026-11-22T07:36:11.1234Z", "1969-12-31T23:59:59.9996Z"] {
            let t: Timestamp = text.parse().unwrap();
            let shown: Timestamp = rfc3339_millis(t).parse().unwrap();
            assert_eq!(unix_millis(t), shown.as_millisecond(), "{text}");
        }
        let t: Timestamp = "2026-11-22T07:36:11.9996Z".parse().unwrap();
        assert_eq!(rfc3339_millis(t), "2026-11-22T07:36:12.000Z", "rounded, not truncated");
    }

    #[test]
    fn fixed_clock_advances() {
        let c = FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap(), 1500);
        assert_eq!(rfc3339_millis(c.now()), "2026-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_millis(c.now()), "2026-01-01T00:00:01.500Z");
    }
}
