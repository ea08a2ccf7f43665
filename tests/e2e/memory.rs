//! The readers' memory bound: `timeline build --max-memory` holds, whatever the trail
//! bucket or the folder holds. Eight log files that each inflate to 100 MiB, read at once
//! (eight parallel S3 readers; eight reader threads for local files) would hold 800 MiB
//! without the bound; with `--max-memory 128MiB` the process stays near 128 MiB plus its
//! own baseline. The peak is the kernel's high-water mark of the process (VmHWM).

use std::process::{Command, Stdio};

use crate::helpers::*;
use crate::timeline::{gzip, log_key};

const INFLATED: usize = 100 << 20;
const MAX_MEMORY: u64 = 128 << 20;
/// The binary's own resident memory besides the readers' (code, runtime, SDK, buffers).
const BASELINE: u64 = 96 << 20;

/// A valid, empty log file that inflates to [`INFLATED`] bytes.
fn inflating_log() -> Vec<u8> {
    let mut text = Vec::with_capacity(INFLATED);
    text.extend_from_slice(b"{\"Records\":[");
    text.resize(INFLATED - 2, b' ');
    text.extend_from_slice(b"]}");
    gzip(&text)
}

/// Runs `cmd` and samples its resident high-water mark until it exits.
fn peak_memory(cmd: &mut Command) -> (std::process::ExitStatus, String, u64) {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).map(|_| s)
    });
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    (status, reader.join().unwrap().unwrap(), peak_kib << 10)
}

fn assert_within(what: &str, status: std::process::ExitStatus, stderr: &str, peak: u64) {
    assert!(status.success(), "{what}: {stderr}");
    assert!(!stderr.contains("limit"), "{what}: every file is within the limits and read: {stderr}");
    let bound = MAX_MEMORY + BASELINE;
    eprintln!("{what}: peak resident memory {} MiB (bound {} MiB)", peak >> 20, bound >> 20);
    assert!(peak <= bound, "{what}: peak {} MiB past {} MiB", peak >> 20, bound >> 20);
}

/// A dedicated emulator, stopped on drop: the shared one records every request for the
/// plan tests, and eight megabyte-sized uploads would crowd that recording.
struct Dedicated(tempfile::TempDir);

impl Drop for Dedicated {
    fn drop(&mut self) {
        let _ = cordon_testenv::emulator::stop(self.0.path());
    }
}

#[tokio::test]
async fn parallel_readers_stay_within_max_memory() {
    if !may_start_emulator() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let emu = cordon_testenv::emulator::start(state.path()).unwrap();
    let _stop = Dedicated(state);
    let label = unique("memory");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let body = inflating_log();
    let tmp = tempfile::tempdir().unwrap();
    for n in 0..8u32 {
        let key = log_key("us-east-1", "20261129T1005Z", n);
        let bytes = aws_sdk_s3::primitives::ByteStream::from(body.clone());
        aws.s3.put_object().bucket(&bucket).key(&key).body(bytes).send().await.unwrap();
        std::fs::write(tmp.path().join(format!("log-{n}.json.gz")), &body).unwrap();
    }
    let limits = ["--max-file-size", &(120u64 << 20).to_string(), "--max-memory", &MAX_MEMORY.to_string()];
    let window = ["--start", "2026-11-29T10:00:00Z", "--end", "2026-11-29T10:30:00Z"];

    let (status, stderr, peak) = peak_memory(
        cordon(&emu.endpoint, &access_key(&label))
            .args(["timeline", "build", "--from", &format!("s3://{bucket}/trail")])
            .args(window)
            .args(limits),
    );
    assert_within("eight objects from S3", status, &stderr, peak);

    let (status, stderr, peak) = peak_memory(
        cordon(&emu.endpoint, &access_key(&label))
            .env("RAYON_NUM_THREADS", "8")
            .args(["timeline", "build"])
            .arg(tmp.path())
            .args(limits),
    );
    assert_within("eight local files on eight threads", status, &stderr, peak);
}
