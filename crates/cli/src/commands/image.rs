//! `cordon evidence image SNAPSHOT_ID --out FILE`: a raw disk image of a snapshot through
//! the EBS direct APIs, outside any case (the `ec2.image_snapshot` action does the same
//! into a case). Writes FILE (sparse), FILE.blocks.json (every written block's index and
//! SHA-256) and FILE.sha256 (`sha256sum -c` reads it). Re-run after an interruption, it
//! resumes from FILE.blocks (the block log) without reading the blocks it has.
//! `cordon evidence changed-blocks FIRST SECOND` lists what differs between two snapshots.
//! `cordon evidence changed-blocks FIRST SECOND` lists what differs between two snapshots.

use std::io::{IsTerminal, Write};
use std::path::Path;

use cordon_actions::ebs_image::{block_log_path, image_snapshot};
use cordon_aws::Aws;
use serde_json::json;

use crate::cli::{Global, Output};
use crate::commands::{CmdResult, Failure};

async fn aws(g: &Global) -> Result<Aws, Failure> {
    super::session::outside_case(g, "image").await
}

/// `cordon evidence changed-blocks FIRST SECOND`.
pub async fn changed_blocks(g: &Global, first: &str, second: &str) -> CmdResult {
    let aws = aws(g).await?;
    let changed = cordon_actions::ebs_image::changed_blocks(&aws.ebs, &cordon_core::action::NoCallLog, first, second)
        .await
        .map_err(|e| Failure::Environment(format!("comparing {first} and {second}: {e}")))?;
    let mut w = std::io::stdout().lock();
    if g.output == Output::Json {
        let _ = writeln!(w, "{}", serde_json::to_string_pretty(&changed).unwrap_or_default());
        return Ok(());
    }
    let _ = writeln!(
        w,
        "{} blocks of {} bytes differ between {first} and {second} ({} bytes):",
        changed.blocks.len(),
        changed.block_size,
        changed.blocks.len() as u64 * changed.block_size
    );
    for b in &changed.blocks {
        let state = match (b.in_first, b.in_second) {
            (true, true) => "changed",
            (false, true) => "written since",
            (true, false) => "zeroed since",
            (false, false) => "absent from both",
        };
        let _ = writeln!(w, "block {:>10}  offset {:>14}  {state}", b.index, b.offset);
    }
    Ok(())
}

pub async fn image(g: &Global, snapshot: &str, out: &Path, concurrency: usize) -> CmdResult {
    let aws = aws(g).await?;
    let show = g.output != Output::Json && std::io::stderr().is_terminal();
    let mut last = std::time::Instant::now();
    let mut progress = move |done: u64, total: u64| {
        if show && (done == total || last.elapsed().as_millis() >= 500) {
            last = std::time::Instant::now();
            eprint!("\r{snapshot}: {done}/{total} blocks");
            if done == total {
                eprintln!();
            }
        }
    };
    let log = cordon_core::action::NoCallLog;
    let imaged = image_snapshot(&aws.ebs, &log, snapshot, out, concurrency, &mut progress)
        .await
        .map_err(|e| Failure::Environment(format!("imaging {snapshot}: {e}")))?;
    let env = |p: &Path, e: std::io::Error| Failure::Environment(format!("{}: {e}", p.display()));
    let (sha256, size) = cordon_case::sha256_file(out).map_err(|e| env(out, e))?;
    let list_path = sibling(out, ".blocks.json");
    let list = json!({
        "snapshot_id": snapshot,
        "volume_bytes": imaged.volume_bytes,
        "block_size": imaged.block_size,
        "image_sha256": sha256,
        "blocks": imaged.blocks,
    });
    let body = serde_json::to_vec_pretty(&list).unwrap_or_default();
    std::fs::write(&list_path, body).map_err(|e| env(&list_path, e))?;
    let sums = sibling(out, ".sha256");
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::write(&sums, format!("{sha256}  {name}\n")).map_err(|e| env(&sums, e))?;
    // Complete: the block list replaces the log.
    let _ = std::fs::remove_file(block_log_path(out));
    let summary = json!({
        "snapshot_id": snapshot,
        "image": out.display().to_string(),
        "image_sha256": sha256,
        "image_bytes": size,
        "blocks": imaged.listing_blocks,
        "fetched": imaged.fetched,
        "resumed": imaged.resumed,
        "block_list": list_path.display().to_string(),
    });
    let mut w = std::io::stdout().lock();
    if g.output == Output::Json {
        let _ = writeln!(w, "{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        let _ = writeln!(
            w,
            "{snapshot}: {} blocks of {} bytes written to a {} byte image ({} read now, {} already on disk)\n\
             image {}\nsha256 {sha256}\nblock list {}",
            imaged.listing_blocks,
            imaged.block_size,
            size,
            imaged.fetched,
            imaged.resumed,
            out.display(),
            list_path.display()
        );
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}
