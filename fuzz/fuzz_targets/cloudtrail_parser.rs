//! Any bytes, as a CloudTrail file (plain or gzip): the parser must never panic, and
//! every event it yields must carry a valid time.
//!
//! `cargo +nightly fuzz run cloudtrail_parser` (from the workspace root). CI runs the
//! same property with proptest (crates/timeline/tests/parse.rs, `no_panic`).
#![no_main]

use cordon_timeline::Filter;
use cordon_timeline::parse::{Limits, parse_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Both readers: record by record keeping the raw record (serde_json), and the
    // one-pass reader (sonic-rs), with and without a filter that decides early.
    let narrow = Filter { event_names: vec!["RunInstances".into()], ..Filter::default() };
    for (filter, keep_raw) in [(Filter::default(), true), (Filter::default(), false), (narrow, false)] {
        let out = parse_file("fuzz", data, &Limits { max_bytes: 1 << 20, ..Limits::default() }, &filter, keep_raw);
        for e in out.events {
            assert!(e.time.parse::<jiff::Timestamp>().is_ok());
        }
    }
});
