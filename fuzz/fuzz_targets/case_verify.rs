//! Any bytes as a case directory's journal and manifest (split at the first byte's
//! value): verify never panics and never passes what it cannot read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else { return };
    let at = (split as usize).min(rest.len());
    let Ok(dir) = tempfile::tempdir() else { return };
    let _ = std::fs::create_dir(dir.path().join("artifacts"));
    let _ = std::fs::write(dir.path().join("journal.jsonl"), &rest[..at]);
    let _ = std::fs::write(dir.path().join("manifest.json"), &rest[at..]);
    let report = cordon_case::verify_with(dir.path(), &cordon_case::Checks { anchor: Some("0".repeat(64)), ..Default::default() });
    assert!(!report.ok, "an anchor no line hashes to never verifies");
});
