//! Benchmark harness for `cargo xtask bench evidence` (run as a release build): stores
//! the given files into a fresh case directory through the evidence store — each file
//! on its own thread, as artifacts of a step are — then verifies the case (re-hashing
//! every artifact, in parallel across files) and prints both elapsed times in seconds.
//!
//! usage: bench_store CASE_DIR FILE...

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use cordon_case::CaseDir;
use cordon_core::artifact::{ArtifactMeta, ArtifactSink};
use cordon_core::clock::SystemClock;
use cordon_core::journal::CallerIdentity;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: bench_store CASE_DIR FILE...")?);
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let caller = CallerIdentity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/bench".into(),
        user_id: "B".into(),
    };
    let case = CaseDir::open(&dir, "BENCH", &cordon_case::Opener::new(&caller), Arc::new(SystemClock))
        .map_err(|e| e.to_string())?
        .dir;
    let start = Instant::now();
    let results: Vec<Result<u64, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let case = &case;
                s.spawn(move || {
                    let meta = ArtifactMeta {
                        name: format!("file{i}.bin"),
                        source: f.display().to_string(),
                        media_type: "application/octet-stream",
                    };
                    case.store_file("bench", "bench", meta, f).map(|r| r.size).map_err(|e| e.to_string())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a thread panicked".into()))).collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let bytes: u64 = results.into_iter().collect::<Result<Vec<_>, _>>()?.iter().sum();
    // Then re-hash the stored artifacts as `evidence verify` does (in parallel across files).
    let start = Instant::now();
    let report = cordon_case::verify(&dir);
    let verified = start.elapsed().as_secs_f64();
    if !report.ok {
        return Err("the stored case does not verify".into());
    }
    println!("{elapsed:.6} {bytes} {verified:.6}");
    Ok(())
}
