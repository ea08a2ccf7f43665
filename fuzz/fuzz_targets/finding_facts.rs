//! Any JSON as a GuardDuty finding: the facts Cordon takes from it never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = cordon_playbook::finding::facts(&doc);
    }
});
