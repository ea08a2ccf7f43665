//! `cargo xtask bench image`: `cordon evidence image` (release) on a multi-GB sparse
//! snapshot in the emulator, next to the floor measured in the same run: writing the same
//! blocks at the same offsets into a sparse file of the same size and hashing it (what no
//! imager can avoid), with the imager's peak memory. Best of three runs each; every
//! imaging run starts from nothing (no block log to resume from).

use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use cordon_testenv::emulator;

const VOLUME_GIB: u64 = 4;
const BLOCKS: u64 = 3000;

/// Writes the image's written blocks (read back from `image` per `list`) into a new
/// sparse file of the same size, then hashes that file: (write seconds, hash seconds).
fn floor(image: &Path, list: &serde_json::Value, work: &Path) -> Result<(f64, f64)> {
    let size = std::fs::metadata(image)?.len();
    let block = list["block_size"].as_u64().context("block_size")?;
    let indexes: Vec<u64> =
        list["blocks"].as_array().context("blocks")?.iter().filter_map(|b| b["index"].as_u64()).collect();
    let src = std::fs::File::open(image)?;
    let mut data = Vec::with_capacity(indexes.len());
    for i in &indexes {
        let mut buf = vec![0u8; block as usize];
        src.read_exact_at(&mut buf, i * block)?;
        data.push((i * block, buf));
    }
    let copy = work.join("floor.raw");
    let _ = std::fs::remove_file(&copy);
    let start = Instant::now();
    let f = std::fs::File::create(&copy)?;
    f.set_len(size)?;
    for (offset, buf) in &data {
        f.write_all_at(buf, *offset)?;
    }
    f.sync_data()?;
    let write = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut r = std::fs::File::open(&copy)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha2::Digest::update(&mut hasher, &buf[..n]);
    }
    let _ = sha2::Digest::finalize(hasher);
    let hash = start.elapsed().as_secs_f64();
    std::fs::remove_file(&copy)?;
    Ok((write, hash))
}

pub fn image() -> Result<ExitCode> {
    let root = emulator::workspace_root();
    eprintln!("bench: building the current tree (release)");
    crate::bench_containment::release_build(&root, &root.join("target"))?;
    let work = root.join("target/bench-image");
    std::fs::create_dir_all(&work)?;
    let state_dir = work.join("emulator");
    let _ = emulator::stop(&state_dir);
    let state = emulator::start(&state_dir)?;
    let stop = scopeguard(&state_dir);
    let seeded = Command::new(root.join("target/release/cordon-seed"))
        .args([&state.endpoint, "--ebs-snapshot", &VOLUME_GIB.to_string(), &BLOCKS.to_string()])
        .output()
        .context("could not run cordon-seed")?;
    if !seeded.status.success() {
        bail!("seeding failed: {}", String::from_utf8_lossy(&seeded.stderr));
    }
    let seeded: serde_json::Value = serde_json::from_slice(&seeded.stdout).context("cordon-seed printed no JSON")?;
    let snapshot = seeded["snapshot_id"].as_str().context("no snapshot id")?.to_string();
    let image = work.join("disk.raw");
    let (mut best, mut peak) = (f64::MAX, 0u64);
    for _ in 0..3 {
        for f in ["disk.raw", "disk.raw.blocks", "disk.raw.blocks.json", "disk.raw.sha256"] {
            let _ = std::fs::remove_file(work.join(f));
        }
        let mut cmd = Command::new(root.join("target/release/cordon"));
        cmd.args(["evidence", "image", &snapshot, "--out"])
            .arg(&image)
            .env("AWS_ENDPOINT_URL", &state.endpoint)
            .env("AWS_ACCESS_KEY_ID", "AKIABENCHIMAGE000001")
            .env("AWS_SECRET_ACCESS_KEY", "bench")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        let (secs, rss, _) = crate::bench_timeline::run_measured(&mut cmd)?;
        best = best.min(secs);
        peak = peak.max(rss);
    }
    let list: serde_json::Value = serde_json::from_slice(&std::fs::read(work.join("disk.raw.blocks.json"))?)?;
    let (mut write, mut hash) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let (w, h) = floor(&image, &list, &work)?;
        write = write.min(w);
        hash = hash.min(h);
    }
    let volume = std::fs::metadata(&image)?.len() as f64;
    let blocks = list["blocks"].as_array().map_or(0, Vec::len);
    let data = blocks as f64 * list["block_size"].as_f64().unwrap_or(0.0);
    println!(
        "snapshot: {:.1} GiB volume, {blocks} blocks written ({:.1} MB of data), emulator block size {} bytes\n",
        volume / f64::from(1u32 << 30),
        data / 1e6,
        list["block_size"]
    );
    println!("{:<44} {:>9} {:>12} {:>12}", "", "seconds", "image MB/s", "peak MiB");
    println!(
        "{:<44} {best:>9.2} {:>12.0} {:>12}",
        "cordon evidence image (list, read, check, write, hash)",
        volume / 1e6 / best,
        peak >> 20
    );
    println!("{:<44} {write:>9.2} {:>12.0}", "floor: write the same blocks (sparse, synced)", volume / 1e6 / write);
    println!("{:<44} {hash:>9.2} {:>12.0}", "floor: SHA-256 of the image file", volume / 1e6 / hash);
    println!(
        "\nratio (cordon / floor): {:.2}x; the rest is the emulator answering {blocks} block reads",
        best / (write + hash).max(1e-9)
    );
    drop(stop);
    std::fs::remove_file(&image)?;
    Ok(ExitCode::SUCCESS)
}

/// Stops the bench's emulator when dropped.
struct Stop<'a>(&'a Path);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        let _ = emulator::stop(self.0);
    }
}

fn scopeguard(dir: &Path) -> Stop<'_> {
    Stop(dir)
}
