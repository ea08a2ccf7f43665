//! `inflate-floor`: the floor for `cargo xtask bench timeline`: decompress every `.gz` under a directory
//! with the timeline's own decoder ([`cordon_timeline::parse::inflate`]) on the same
//! thread pool (rayon, one file per task), output discarded. Prints the inflated bytes (on stderr).
//! With `--scan` first, each decompressed file is also scanned as one JSON document by
//! the JSON reader the timeline uses (sonic-rs), nothing kept: what reading the JSON
//! costs before a single field is used.
//! A binary rather than an example so it builds with the same dependency features as
//! `cordon` (examples would pull in dev-dependencies).

use cordon_timeline::merge::expand_paths;
use rayon::prelude::*;

fn main() {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let scan = args.first().is_some_and(|a| a == "--scan");
    if scan {
        args.remove(0);
    }
    let dirs: Vec<std::path::PathBuf> = args.into_iter().map(Into::into).collect();
    let mut problems = Vec::new();
    let files = expand_paths(&dirs, &mut problems);
    let total: u64 = files
        .par_iter()
        .map(|f| match std::fs::read(f) {
            Ok(data) => {
                let text = cordon_timeline::parse::inflate(&data, 1 << 30).0;
                if scan && sonic_rs::from_slice::<serde::de::IgnoredAny>(&text).is_err() {
                    eprintln!("{}: not one JSON document", f.display());
                }
                text.len() as u64
            }
            Err(_) => 0,
        })
        .sum();
    // On stderr: the benchmark discards stdout of what it measures.
    eprintln!("{total}");
}
