//! `inflate-floor`: the floor for `cargo xtask bench timeline`: decompress every `.gz` under a directory
//! with the timeline's own decoder ([`cordon_timeline::parse::inflate`]) on the same
//! thread pool (rayon, one file per task), output discarded. Prints the inflated bytes (on stderr).
//! A binary rather than an example so it builds with the same dependency features as
//! `cordon` (examples would pull in dev-dependencies).

use cordon_timeline::merge::expand_paths;
use rayon::prelude::*;

fn main() {
    let dirs: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let mut problems = Vec::new();
    let files = expand_paths(&dirs, &mut problems);
    let total: u64 = files
        .par_iter()
        .map(|f| match std::fs::read(f) {
            Ok(data) => cordon_timeline::parse::inflate(&data, 1 << 30).0.len() as u64,
            Err(_) => 0,
        })
        .sum();
    // On stderr: the benchmark discards stdout of what it measures.
    eprintln!("{total}");
}
