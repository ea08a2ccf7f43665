//! Disk images of snapshots through the EBS direct APIs: no volume, no helper instance.
//!
//! `ListSnapshotBlocks` names the blocks that were ever written (index and token);
//! `GetSnapshotBlock` returns each with the SHA-256 (base64) that EBS computed. Every
//! block is checked against that checksum, and its length against the block size,
//! before it is written at `index × block size` into an image of the volume's size.
//! Blocks never written read as zeros and stay holes (a sparse file).
//!
//! Resumable: beside the image, a block log records `index sha256` for each block once
//! its bytes are on disk (the image is synced before the log lines are written). A run
//! interrupted at any point resumes by re-hashing the logged blocks from disk (a block
//! whose bytes on disk differ is fetched again) and fetching only the others. Memory is
//! one block per request in flight; throttling is the SDK's adaptive retry, with the
//! requests in flight bounded.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use cordon_aws::body::collect_capped;
use cordon_core::action::CallLog;
use cordon_core::{ActionError, ErrorKind, ops};
use futures::StreamExt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Blocks fetched at once (memory: this many blocks of 512 KiB).
pub const DEFAULT_CONCURRENCY: usize = 16;
/// Block log lines are written (after the image is synced) every this many blocks.
const SYNC_EVERY: usize = 64;

/// A snapshot's written blocks, as listed.
#[derive(Debug, Clone)]
pub struct Listing {
    pub volume_bytes: u64,
    pub block_size: u64,
    /// Block index to its token, in index order.
    pub blocks: BTreeMap<u32, String>,
}

/// One block of the image and its SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BlockHash {
    pub index: u32,
    pub sha256: String,
}

/// What imaging did.
#[derive(Debug, Clone)]
pub struct Imaged {
    pub listing_blocks: usize,
    pub volume_bytes: u64,
    pub block_size: u64,
    /// Blocks fetched by this attempt.
    pub fetched: u64,
    /// Blocks a previous attempt had written and that were still intact on disk.
    pub resumed: u64,
    /// Every written block, in index order.
    pub blocks: Vec<BlockHash>,
}

/// The block log kept beside an image.
pub fn block_log_path(image: &Path) -> PathBuf {
    let mut name = image.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".blocks");
    image.with_file_name(name)
}

fn io_err(path: &Path, e: std::io::Error) -> ActionError {
    ActionError::new(ErrorKind::Other, format!("{}: {e}", path.display()))
}

/// Lists every written block of the snapshot (paginated).
pub async fn list_blocks(ebs: &aws_sdk_ebs::Client, log: &dyn CallLog, snapshot: &str) -> Result<Listing, ActionError> {
    let (mut blocks, mut token, mut volume_gib, mut block_size) = (BTreeMap::new(), None::<String>, 0i64, 0i32);
    loop {
        let req = ebs.list_snapshot_blocks().snapshot_id(snapshot).max_results(10_000).set_next_token(token.take());
        let out = cordon_aws::call(log, ops::ebs::LIST_SNAPSHOT_BLOCKS, snapshot, req.send()).await?;
        volume_gib = out.volume_size().unwrap_or(volume_gib);
        block_size = out.block_size().unwrap_or(block_size);
        for b in out.blocks() {
            if let (Some(i), Some(t)) = (b.block_index().and_then(|i| u32::try_from(i).ok()), b.block_token()) {
                blocks.insert(i, t.to_string());
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let block_size = u64::try_from(block_size).unwrap_or(0);
    let volume_bytes = u64::try_from(volume_gib).unwrap_or(0).saturating_mul(1 << 30);
    if block_size == 0 || volume_bytes == 0 {
        return Err(ActionError::invalid(format!(
            "the snapshot's listing gives no block size or volume size ({block_size}, {volume_gib} GiB)"
        ))
        .on(snapshot));
    }
    if let Some((last, _)) = blocks.last_key_value()
        && (u64::from(*last) + 1).saturating_mul(block_size) > volume_bytes
    {
        return Err(ActionError::invalid(format!(
            "block {last} lies past the end of the {volume_gib} GiB volume (block size {block_size})"
        ))
        .on(snapshot));
    }
    Ok(Listing { volume_bytes, block_size, blocks })
}

/// Fetches one block and checks it: length, algorithm and SHA-256 against what EBS
/// says. A block that fails the check is read once more before it is refused.
async fn fetch_block(
    ebs: &aws_sdk_ebs::Client,
    log: &dyn CallLog,
    snapshot: &str,
    index: u32,
    token: &str,
    block_size: u64,
) -> Result<(Vec<u8>, String), ActionError> {
    let subject = format!("{snapshot} block {index}");
    let mut last = String::new();
    for _ in 0..2 {
        let req = ebs
            .get_snapshot_block()
            .snapshot_id(snapshot)
            .block_index(i32::try_from(index).unwrap_or(i32::MAX))
            .block_token(token);
        let out = cordon_aws::call(log, ops::ebs::GET_SNAPSHOT_BLOCK, &subject, req.send()).await?;
        let (said, algorithm, length) =
            (out.checksum.clone(), out.checksum_algorithm.as_ref().map(|a| a.as_str().to_string()), out.data_length);
        let data = collect_capped(out.block_data, None, block_size)
            .await
            .map_err(|e| ActionError::new(ErrorKind::Other, e.to_string()).on(subject.clone()))?;
        let digest = Sha256::digest(&data);
        let got = base64::engine::general_purpose::STANDARD.encode(digest);
        last = match (said.as_deref(), algorithm.as_deref()) {
            _ if data.len() as u64 != block_size => format!("{} bytes, the block size is {block_size}", data.len()),
            _ if length.is_some_and(|l| i64::from(l) != data.len() as i64) => {
                format!("{} bytes arrived, {} declared", data.len(), length.unwrap_or_default())
            }
            (None, _) => "no checksum came with the block".into(),
            (Some(_), Some(a)) if !a.eq_ignore_ascii_case("SHA256") => format!("checksum algorithm {a}, not SHA256"),
            (Some(s), _) if s == got => return Ok((data, hex::encode(digest))),
            (Some(s), _) => format!("checksum mismatch: EBS says {s}, the data hashes to {got}"),
        };
    }
    Err(ActionError::new(ErrorKind::Other, format!("{last} (read twice); the image is not complete")).on(subject))
}

/// The blocks the log records whose bytes on disk still hash as recorded.
fn intact_logged(
    image: &std::fs::File,
    log_path: &Path,
    block_size: u64,
) -> Result<BTreeMap<u32, String>, ActionError> {
    let mut kept = BTreeMap::new();
    let Ok(file) = std::fs::File::open(log_path) else { return Ok(kept) };
    let mut buf = vec![0u8; usize::try_from(block_size).unwrap_or(0)];
    for line in std::io::BufReader::new(file).lines() {
        // A torn last line (a crash while it was written) is simply not a record.
        let Ok(line) = line else { break };
        let Some((index, sha)) = line.split_once(' ') else { continue };
        let Ok(index) = index.parse::<u32>() else { continue };
        if image.read_exact_at(&mut buf, u64::from(index) * block_size).is_ok()
            && hex::encode(Sha256::digest(&buf)) == sha
        {
            kept.insert(index, sha.to_string());
        }
    }
    Ok(kept)
}

/// Images `snapshot` into `image` (created, or resumed from its block log), calling
/// `progress(done, total)` as blocks land.
pub async fn image_snapshot(
    ebs: &aws_sdk_ebs::Client,
    log: &dyn CallLog,
    snapshot: &str,
    image: &Path,
    concurrency: usize,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Imaged, ActionError> {
    let listing = list_blocks(ebs, log, snapshot).await?;
    let log_path = block_log_path(image);
    let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(image);
    let file = file.map_err(|e| io_err(image, e))?;
    let len = file.metadata().map_err(|e| io_err(image, e))?.len();
    if len != listing.volume_bytes {
        // Not this snapshot's image (or a new one): start from nothing.
        file.set_len(0).map_err(|e| io_err(image, e))?;
        file.set_len(listing.volume_bytes).map_err(|e| io_err(image, e))?;
        let _ = std::fs::remove_file(&log_path);
    }
    let mut done = intact_logged(&file, &log_path, listing.block_size)?;
    done.retain(|i, _| listing.blocks.contains_key(i));
    let resumed = done.len() as u64;
    let mut block_log = std::fs::OpenOptions::new().create(true).append(true).open(&log_path);
    let block_log = block_log.as_mut().map_err(|e| io_err(&log_path, std::io::Error::new(e.kind(), e.to_string())))?;
    let todo: Vec<(u32, String)> =
        listing.blocks.iter().filter(|(i, _)| !done.contains_key(i)).map(|(i, t)| (*i, t.clone())).collect();
    let total = listing.blocks.len() as u64;
    let block_size = listing.block_size;
    let mut fetched = futures::stream::iter(todo)
        .map(|(index, token)| async move {
            fetch_block(ebs, log, snapshot, index, &token, block_size).await.map(|(d, s)| (index, d, s))
        })
        .buffer_unordered(concurrency.max(1));
    let mut pending: Vec<(u32, String)> = Vec::new();
    let mut count = 0u64;
    while let Some(r) = fetched.next().await {
        let (index, data, sha) = r?;
        file.write_all_at(&data, u64::from(index) * block_size).map_err(|e| io_err(image, e))?;
        pending.push((index, sha));
        count += 1;
        if pending.len() >= SYNC_EVERY {
            commit(&file, image, block_log, &log_path, &mut pending, &mut done)?;
        }
        progress(resumed + count, total);
    }
    commit(&file, image, block_log, &log_path, &mut pending, &mut done)?;
    let blocks = done.into_iter().map(|(index, sha256)| BlockHash { index, sha256 }).collect();
    Ok(Imaged {
        listing_blocks: listing.blocks.len(),
        volume_bytes: listing.volume_bytes,
        block_size,
        fetched: count,
        resumed,
        blocks,
    })
}

/// The image's bytes reach the disk before the log says they are there.
fn commit(
    file: &std::fs::File,
    image: &Path,
    block_log: &mut std::fs::File,
    log_path: &Path,
    pending: &mut Vec<(u32, String)>,
    done: &mut BTreeMap<u32, String>,
) -> Result<(), ActionError> {
    if pending.is_empty() {
        return Ok(());
    }
    file.sync_data().map_err(|e| io_err(image, e))?;
    let mut lines = String::new();
    for (i, sha) in pending.iter() {
        lines.push_str(&format!("{i} {sha}\n"));
    }
    block_log.write_all(lines.as_bytes()).map_err(|e| io_err(log_path, e))?;
    block_log.sync_data().map_err(|e| io_err(log_path, e))?;
    done.extend(pending.drain(..));
    Ok(())
}

/// A block that differs between two snapshots of one lineage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedBlock {
    pub index: u32,
    /// Byte offset in the volume.
    pub offset: u64,
    /// Whether each snapshot holds the block (absent: it reads as zeros there).
    pub in_first: bool,
    pub in_second: bool,
}

/// What changed between `first` and `second` (`ListChangedBlocks`, paginated): the
/// blocks a responder looks at to see what an attacker wrote since the last backup.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedBlocks {
    pub first: String,
    pub second: String,
    pub volume_bytes: u64,
    pub block_size: u64,
    pub blocks: Vec<ChangedBlock>,
}

pub async fn changed_blocks(
    ebs: &aws_sdk_ebs::Client,
    log: &dyn CallLog,
    first: &str,
    second: &str,
) -> Result<ChangedBlocks, ActionError> {
    let subject = format!("{first}..{second}");
    let (mut blocks, mut token, mut volume_gib, mut block_size) = (Vec::new(), None::<String>, 0i64, 0i32);
    loop {
        let req = ebs
            .list_changed_blocks()
            .first_snapshot_id(first)
            .second_snapshot_id(second)
            .max_results(10_000)
            .set_next_token(token.take());
        let out = cordon_aws::call(log, ops::ebs::LIST_CHANGED_BLOCKS, &subject, req.send()).await?;
        volume_gib = out.volume_size().unwrap_or(volume_gib);
        block_size = out.block_size().unwrap_or(block_size);
        for b in out.changed_blocks() {
            if let Some(index) = b.block_index().and_then(|i| u32::try_from(i).ok()) {
                let (in_first, in_second) = (b.first_block_token().is_some(), b.second_block_token().is_some());
                blocks.push(ChangedBlock { index, offset: 0, in_first, in_second });
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    let block_size = u64::try_from(block_size).unwrap_or(0);
    for b in &mut blocks {
        b.offset = u64::from(b.index) * block_size;
    }
    blocks.sort_by_key(|b| b.index);
    let volume_bytes = u64::try_from(volume_gib).unwrap_or(0).saturating_mul(1 << 30);
    Ok(ChangedBlocks { first: first.into(), second: second.into(), volume_bytes, block_size, blocks })
}
