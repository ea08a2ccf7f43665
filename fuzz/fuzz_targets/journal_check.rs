//! Any bytes as a journal: the check never panics, names a problem for every line it
//! cannot accept, and its head is always a SHA-256.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let checked = cordon_core::journal::check(&text);
    assert_eq!(checked.head.len(), 64);
    assert!(checked.entries.len() <= text.lines().count());
    // Every line, as the check splits them, has its hash: the anchor is looked up there.
    let body = text.strip_suffix('\n').unwrap_or(&text);
    let lines = if body.is_empty() { 0 } else { body.split('\n').count() };
    assert_eq!(checked.line_hashes.len(), lines);
});
