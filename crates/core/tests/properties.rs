//! Property tests of the journal reader (the fuzz target `journal_check` runs the same
//! with libFuzzer: `cargo xtask fuzz`).
#![allow(clippy::unwrap_used)]

use cordon_core::journal::{Entry, Event, GENESIS, check, encode, line_hash};
use proptest::prelude::*;

fn journal(n: usize) -> String {
    let mut prev = GENESIS.to_string();
    let mut out = String::new();
    for seq in 0..n as u64 {
        let entry = Entry {
            seq,
            time: "2026-11-30T10:00:00.000Z".into(),
            prev: prev.clone(),
            event: Event::RunFinished {
                run: 1,
                status: cordon_core::journal::StepStatus::Succeeded,
                failed_steps: vec![],
            },
        };
        let line = encode(&entry);
        prev = line_hash(&line);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

proptest! {
    /// Any text: no panic, a head that is a SHA-256, a hash for every line.
    #[test]
    fn any_text_is_checked_without_panic(text in "\\PC*(\n\\PC*){0,5}") {
        let checked = check(&text);
        prop_assert_eq!(checked.head.len(), 64);
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let lines = if body.is_empty() { 0 } else { body.split('\n').count() };
        prop_assert_eq!(checked.line_hashes.len(), lines);
    }

    /// One byte of a valid journal changed: the chain check finds it, or the head (the
    /// anchor) differs: never both silent.
    #[test]
    fn a_changed_byte_is_found_or_moves_the_head(n in 1usize..6, at in any::<prop::sample::Index>(), bit in 0u8..7) {
        let text = journal(n);
        let head = check(&text).head;
        let mut bytes = text.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        let changed = String::from_utf8_lossy(&bytes);
        let checked = check(&changed);
        prop_assert!(!checked.problems.is_empty() || checked.head != head);
    }
}
