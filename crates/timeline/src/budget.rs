//! The memory the parallel readers may hold at once: each file's bytes and its inflated
//! text are reserved before they are read, so N readers never hold N times the per-file
//! limit.
//!
//! A reader reserves its file's size plus a guess at the inflated size (most CloudTrail
//! files inflate far less than [`INFLATE_GUESS`] times). A file that inflates past its
//! guess is dropped with its reservation and read again under a reservation of the
//! whole limit: a reader never waits for more while holding some, so readers cannot
//! deadlock, and reservations are granted in the order asked, so a large one is not
//! starved by small ones.

use std::sync::{Arc, Condvar, Mutex};

/// A file is first expected to inflate to at most this many times its size.
pub const INFLATE_GUESS: u64 = 32;
/// The least first reservation for a compressed file's inflated text.
const INFLATE_FLOOR: u64 = 1 << 20;

/// Bytes that readers may hold at once.
#[derive(Debug)]
pub struct Budget {
    total: u64,
    state: Mutex<State>,
    turn: Condvar,
}

#[derive(Debug)]
struct State {
    free: u64,
    next_ticket: u64,
    serving: u64,
}

impl Budget {
    pub fn new(total: u64) -> Arc<Self> {
        Arc::new(Self {
            total: total.max(1),
            state: Mutex::new(State { free: total.max(1), next_ticket: 0, serving: 0 }),
            turn: Condvar::new(),
        })
    }

    /// The whole budget.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Waits (blocking the thread) until `bytes` (at most the whole budget) are free, in
    /// the order asked, and holds them until the reservation is dropped.
    pub fn reserve(self: &Arc<Self>, bytes: u64) -> Reservation {
        let bytes = bytes.min(self.total);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let ticket = s.next_ticket;
        s.next_ticket += 1;
        while s.serving != ticket || s.free < bytes {
            s = self.turn.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.free -= bytes;
        s.serving += 1;
        drop(s);
        self.turn.notify_all();
        Reservation { budget: self.clone(), bytes }
    }

    /// The first reservation for a file of `size` bytes read with a per-file limit of
    /// `max` (its bytes and a guess at its inflated text).
    pub fn first_guess(size: u64, max: u64) -> u64 {
        size.saturating_add(size.saturating_mul(INFLATE_GUESS).max(INFLATE_FLOOR).min(max))
    }

    /// How far a file of `size` bytes may inflate under a reservation of `reserved`
    /// bytes, and under the largest reservation this budget grants.
    pub fn inflate_caps(&self, size: u64, reserved: u64, max: u64) -> (u64, u64) {
        let largest = self.total.saturating_sub(size).min(max);
        (reserved.saturating_sub(size).min(largest), largest)
    }
}

/// Bytes held from a [`Budget`]; given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<Budget>,
    bytes: u64,
}

impl Reservation {
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut s = self.budget.state.lock().unwrap_or_else(|p| p.into_inner());
        s.free = s.free.saturating_add(self.bytes).min(self.budget.total);
        drop(s);
        self.budget.turn.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn never_grants_more_than_the_budget_at_once() {
        let budget = Budget::new(100);
        let held = Arc::new(AtomicU64::new(0));
        let peak = Arc::new(AtomicU64::new(0));
        std::thread::scope(|s| {
            for i in 0..16u64 {
                let (budget, held, peak) = (budget.clone(), held.clone(), peak.clone());
                s.spawn(move || {
                    for j in 0..50u64 {
                        let r = budget.reserve(1 + (i * 7 + j * 13) % 90);
                        let now = held.fetch_add(r.bytes(), Ordering::SeqCst) + r.bytes();
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        held.fetch_sub(r.bytes(), Ordering::SeqCst);
                    }
                });
            }
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= 100, "held {peak} of a budget of 100");
        assert!(peak > 90, "the budget was used ({peak})");
    }

    #[test]
    fn a_request_larger_than_the_budget_gets_the_whole_budget() {
        let budget = Budget::new(10);
        assert_eq!(budget.reserve(1000).bytes(), 10);
        assert_eq!(budget.reserve(10).bytes(), 10, "given back when dropped");
    }

    #[test]
    fn caps_follow_the_reservation_and_the_budget() {
        let budget = Budget::new(1000);
        assert_eq!(Budget::first_guess(10, 500), 510, "the guess is capped by the limit");
        assert_eq!(Budget::first_guess(1 << 20, 1 << 30), (1 << 20) * 33, "size plus 32 times it");
        assert_eq!(budget.inflate_caps(100, 400, 2000), (300, 900));
        assert_eq!(budget.inflate_caps(100, 400, 250), (250, 250));
    }
}
