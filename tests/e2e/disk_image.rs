//! Disk images through the EBS direct APIs, against the emulator: a snapshot the test
//! writes block by block (`StartSnapshot`, `PutSnapshotBlock`, `CompleteSnapshot`) is
//! imaged by `cordon evidence image` and by `ec2.image_snapshot` in a case; the image is
//! compared byte for byte with what was written, a block whose bytes do not match its
//! checksum is refused, and an imaging killed part-way resumes reading only the blocks
//! it did not have.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::helpers::*;

/// The emulator's snapshots hold 1 GiB volumes of 512-byte blocks.
const VOLUME: u64 = 1 << 30;

/// Writes a snapshot of `blocks` (index to bytes) on a 1 GiB volume; `lie_about` blocks
/// are sent with the checksum of other bytes.
async fn written_snapshot(aws: &cordon_aws::Aws, blocks: &BTreeMap<i32, Vec<u8>>, lie_about: &[i32]) -> String {
    cordon_testenv::seed::ebs_snapshot(aws, 1, blocks, lie_about).await.unwrap()
}

fn block(i: i32, size: usize) -> Vec<u8> {
    (0..size).map(|n| (n as u32).wrapping_mul(31).wrapping_add((i as u32).wrapping_mul(7919)) as u8).collect()
}

/// What the image must be: the written blocks at their offsets, zeros elsewhere,
/// compared with the file without reading the holes into memory at once.
fn assert_image(path: &std::path::Path, blocks: &BTreeMap<i32, Vec<u8>>, block_size: u64) -> String {
    let mut f = std::fs::File::open(path).unwrap();
    assert_eq!(f.metadata().unwrap().len(), VOLUME);
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut offset = 0u64;
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        let (start, end) = (offset, offset + n as u64);
        let first = start / block_size;
        let last = (end - 1) / block_size;
        for b in first..=last {
            let want = blocks.get(&(b as i32)).cloned().unwrap_or_else(|| vec![0; block_size as usize]);
            let (bs, be) = (b * block_size, (b + 1) * block_size);
            let (s, e) = (bs.max(start), be.min(end));
            assert_eq!(
                &buf[(s - start) as usize..(e - start) as usize],
                &want[(s - bs) as usize..(e - bs) as usize],
                "block {b}"
            );
        }
        offset = end;
    }
    hex::encode(sha.finalize())
}

fn blocks(n: i32, size: usize) -> BTreeMap<i32, Vec<u8>> {
    // Spread over the volume: the first, neighbours, the middle and the very last block.
    let last = (VOLUME / size as u64) as i32 - 1;
    let mut out: BTreeMap<i32, Vec<u8>> = (0..n - 2).map(|k| (k * 3, block(k * 3, size))).collect();
    out.insert(last / 2, block(last / 2, size));
    out.insert(last, block(last, size));
    out
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

#[tokio::test]
async fn a_snapshot_is_imaged_block_for_block_and_a_lying_block_is_refused() {
    let Some(emu) = emulator() else { return };
    let label = unique("image");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let written = blocks(40, 512);
    let snap = written_snapshot(&aws, &written, &[]).await;
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("disk.raw");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["--output", "json", "evidence", "image", &snap, "--out"])
        .arg(&out_file));
    assert!(out.status.success(), "{}", text(&out));
    let summary = json(&out);
    assert_eq!(summary["blocks"], written.len());
    assert_eq!(summary["fetched"], written.len());
    let sha = assert_image(&out_file, &written, 512);
    assert_eq!(summary["image_sha256"], sha, "the printed hash is the image's");
    let sums = std::fs::read_to_string(tmp.path().join("disk.raw.sha256")).unwrap();
    assert_eq!(sums, format!("{sha}  disk.raw\n"), "sha256sum -c reads it");
    let list: Value = serde_json::from_slice(&std::fs::read(tmp.path().join("disk.raw.blocks.json")).unwrap()).unwrap();
    let listed: Vec<(u64, String)> = list["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["index"].as_u64().unwrap(), b["sha256"].as_str().unwrap().to_string()))
        .collect();
    let want: Vec<(u64, String)> = written.iter().map(|(i, d)| (*i as u64, hex::encode(Sha256::digest(d)))).collect();
    assert_eq!(listed, want, "every written block and its hash");

    // One block whose bytes do not hash to the checksum EBS gives: refused, named.
    let bad = written_snapshot(&aws, &written, &[6]).await;
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["evidence", "image", &bad, "--out"])
        .arg(tmp.path().join("bad.raw")));
    assert!(!out.status.success(), "{}", text(&out));
    let err = text(&out);
    assert!(err.contains(&format!("{bad} block 6")) && err.contains("checksum mismatch"), "{err}");
    assert!(!tmp.path().join("bad.raw.sha256").exists(), "no hash is published for an incomplete image");
}

/// Killed (SIGKILL) part-way through, the imaging resumes: the second run reads exactly
/// the blocks the first did not log as written, and the image is whole.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_imaging_resumes_reading_only_the_missing_blocks() {
    let Some(emu) = emulator() else { return };
    let label = unique("imgresume");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let written = blocks(600, 512);
    let snap = written_snapshot(&aws, &written, &[]).await;
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("disk.raw");
    // Slowed down so that the kill lands mid-way.
    let slow = cordon_testenv::faults::FaultProxy::start(
        &emu.endpoint,
        cordon_testenv::faults::FaultPlan::latency(std::time::Duration::from_millis(10)),
    )
    .await
    .unwrap();
    let mut child = cordon(&slow.endpoint, &access_key(&label))
        .args(["evidence", "image", &snap, "--concurrency", "4", "--out"])
        .arg(&out_file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let fetched =
        |p: &cordon_testenv::faults::FaultProxy| p.trace().iter().filter(|t| t.operation.contains("/blocks/")).count();
    while fetched(&slow) < 300 {
        assert!(child.try_wait().unwrap().is_none(), "the imaging ended before it was killed");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let logged =
        std::fs::read_to_string(tmp.path().join("disk.raw.blocks")).unwrap().lines().filter(|l| l.len() > 64).count();
    assert!(logged > 0 && logged < written.len(), "killed mid-way: {logged} of {} logged", written.len());

    let counting = cordon_testenv::faults::FaultProxy::start(
        &emu.endpoint,
        cordon_testenv::faults::FaultPlan::latency(std::time::Duration::ZERO),
    )
    .await
    .unwrap();
    let out = run(cordon(&counting.endpoint, &access_key(&label))
        .args(["--output", "json", "evidence", "image", &snap, "--out"])
        .arg(&out_file));
    assert!(out.status.success(), "{}", text(&out));
    let summary = json(&out);
    assert_eq!(summary["resumed"], logged, "every logged block was found intact on disk");
    assert_eq!(fetched(&counting), written.len() - logged, "only the missing blocks were read again");
    assert_eq!(summary["image_sha256"], assert_image(&out_file, &written, 512));
}

/// In a case: the image and its block list are artifacts, hashed as recorded, and the
/// case verifies.
#[tokio::test]
async fn image_snapshot_stores_the_image_and_its_block_list_in_the_case() {
    let Some(emu) = emulator() else { return };
    let label = unique("imgcase");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let written = blocks(20, 512);
    let snap = written_snapshot(&aws, &written, &[]).await;
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let fixture = workspace().join("tests/fixtures/playbooks/image-snapshot.yaml");
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--output", "json", "--case", &format!("IR-{label}"), "--set", &format!("snapshot_id={snap}")])
        .arg("--case-dir")
        .arg(&case_dir)
        .arg(&fixture));
    assert!(out.status.success(), "{}", text(&out));
    let manifest: Value = serde_json::from_slice(&std::fs::read(case_dir.join("manifest.json")).unwrap()).unwrap();
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let image = artifacts.iter().find(|a| a["path"].as_str().unwrap().ends_with(".raw")).unwrap();
    let sha = assert_image(&case_dir.join(image["path"].as_str().unwrap()), &written, 512);
    assert_eq!(image["sha256"], sha);
    assert_eq!(image["source"], snap);
    assert!(artifacts.iter().any(|a| a["path"].as_str().unwrap().ends_with(".blocks.json")));
    let work: Vec<_> =
        std::fs::read_dir(case_dir.join("work/image")).map(|d| d.flatten().collect()).unwrap_or_default();
    assert!(work.is_empty(), "nothing left in the work folder: {work:?}");
    assert!(verify(&case_dir, &emu.endpoint).status.success());
}

/// Through a proxy that faults one request in ten (server errors, throttling, resets,
/// slow answers), the image is still exactly the snapshot: every fault is retried, none
/// is written as data.
#[tokio::test(flavor = "multi_thread")]
async fn imaging_under_faults_gives_the_same_image() {
    let Some(emu) = emulator() else { return };
    let label = unique("imgfaults");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let written = blocks(60, 512);
    let snap = written_snapshot(&aws, &written, &[]).await;
    let proxy =
        cordon_testenv::faults::FaultProxy::start(&emu.endpoint, cordon_testenv::faults::FaultPlan::faults(7, 0.1))
            .await
            .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("disk.raw");
    let out = run(cordon(&proxy.endpoint, &access_key(&label))
        .args(["--output", "json", "evidence", "image", &snap, "--out"])
        .arg(&out_file));
    assert!(out.status.success(), "{}", text(&out));
    let injected = proxy.injected();
    eprintln!("imaging under faults: {} of {} requests faulted", injected.len(), proxy.requests());
    assert!(!injected.is_empty(), "faults were injected");
    assert_eq!(json(&out)["image_sha256"], assert_image(&out_file, &written, 512));
}

/// Two snapshots of one disk: the blocks that differ are listed with their offsets and
/// which side holds them.
#[tokio::test]
async fn changed_blocks_between_two_snapshots_are_listed() {
    let Some(emu) = emulator() else { return };
    let label = unique("changed");
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let before: BTreeMap<i32, Vec<u8>> = [(0, block(0, 512)), (3, block(3, 512)), (6, block(6, 512))].into();
    let mut after = before.clone();
    after.insert(3, block(1003, 512));
    after.remove(&6);
    let (first, second) = (written_snapshot(&aws, &before, &[]).await, written_snapshot(&aws, &after, &[]).await);
    let out = run(cordon(&emu.endpoint, &access_key(&label)).args([
        "--output",
        "json",
        "evidence",
        "changed-blocks",
        &first,
        &second,
    ]));
    assert!(out.status.success(), "{}", text(&out));
    let changed = json(&out);
    let rows: Vec<(u64, u64, bool, bool)> = changed["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let f = |k: &str| b[k].as_bool().unwrap();
            (b["index"].as_u64().unwrap(), b["offset"].as_u64().unwrap(), f("in_first"), f("in_second"))
        })
        .collect();
    assert_eq!(rows, [(3, 3 * 512, true, true), (6, 6 * 512, true, false)], "block 0 is the same in both");
}
