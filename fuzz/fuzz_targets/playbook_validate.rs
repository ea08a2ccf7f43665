//! Any text as a playbook: validation never panics; what it rejects carries a position.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(diagnostics) = cordon_playbook::validate("fuzz.yaml", text, &[]) {
        assert!(!diagnostics.is_empty());
    }
});
