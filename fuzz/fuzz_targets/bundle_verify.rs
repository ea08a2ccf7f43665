//! Any bytes as a bundle: extraction and verification never panic, never write outside
//! their temporary directory, and never pass what they cannot read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let zip = dir.path().join("case.zip");
    if std::fs::write(&zip, data).is_err() {
        return;
    }
    let limits = cordon_case::extract::Limits { max_total: 1 << 20, ..Default::default() };
    let report = cordon_case::bundle::verify_bundle(
        &zip,
        &cordon_case::bundle::Trust::default(),
        &cordon_case::Checks::default(),
        limits,
    );
    let _ = report.ok;
});
