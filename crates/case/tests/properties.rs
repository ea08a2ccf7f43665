//! Property tests of the bundle and case readers (the fuzz targets `bundle_verify` and
//! `case_verify` run the same with libFuzzer).
#![allow(clippy::unwrap_used)]

use cordon_case::Checks;
use cordon_case::bundle::{Trust, verify_bundle};
use cordon_case::extract::Limits;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any bytes as a bundle: no panic, never verified, nothing written outside.
    #[test]
    fn any_bytes_as_a_bundle_fail_cleanly(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("case.zip");
        std::fs::write(&zip, &data).unwrap();
        let report = verify_bundle(&zip, &Trust::default(), &Checks::default(), Limits { max_total: 1 << 20, ..Limits::default() });
        prop_assert!(!report.ok);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        prop_assert_eq!(names.len(), 1, "nothing written beside the bundle: {:?}", names);
    }

    /// Any journal and manifest: verify never panics, and an anchor no line hashes to
    /// never verifies.
    #[test]
    fn any_case_files_verify_without_panic(journal in "\\PC{0,200}", manifest in "\\PC{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("artifacts")).unwrap();
        std::fs::write(dir.path().join("journal.jsonl"), journal).unwrap();
        std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
        let report = cordon_case::verify_with(dir.path(), &Checks { anchor: Some("0".repeat(64)), ..Checks::default() });
        prop_assert!(!report.ok);
    }
}
