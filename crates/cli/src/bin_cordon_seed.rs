//! `cordon-seed ENDPOINT LABEL`: seeds a compromised web host in the emulator at
//! ENDPOINT (names ending in LABEL) and prints what it seeded as JSON. Used by
//! `cargo xtask demo`. `cordon-seed ENDPOINT --ebs-snapshot VOLUME_GIB BLOCKS` writes a
//! snapshot of BLOCKS varied 512-byte blocks spread over the volume through the EBS direct
//! APIs and prints its id and the blocks' bytes in all (`cargo xtask bench image`).

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [endpoint, mode, gib, blocks] = args.as_slice()
        && mode == "--ebs-snapshot"
    {
        return ebs_snapshot(endpoint, gib, blocks).await;
    }
    let [endpoint, label] = args.as_slice() else {
        eprintln!("usage: cordon-seed ENDPOINT LABEL | cordon-seed ENDPOINT --ebs-snapshot VOLUME_GIB BLOCKS");
        return ExitCode::from(2);
    };
    let aws = cordon_testenv::emulator_aws(endpoint, "AKIADEMOSEEDER000001").await;
    match cordon_testenv::seed::compromised_web_host(&aws, label).await {
        Ok(seeded) => {
            println!("{}", serde_json::to_string(&seeded).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cordon-seed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn ebs_snapshot(endpoint: &str, gib: &str, blocks: &str) -> ExitCode {
    let (Ok(gib), Ok(n)) = (gib.parse::<i64>(), blocks.parse::<i64>()) else {
        eprintln!("cordon-seed: VOLUME_GIB and BLOCKS are numbers");
        return ExitCode::from(2);
    };
    let aws = cordon_testenv::emulator_aws(endpoint, "AKIADEMOSEEDER000001").await;
    // Spread evenly over the volume (512-byte blocks), each block's bytes its own.
    let slots = gib * (1 << 30) / 512;
    let stride = (slots / n.max(1)).max(1);
    let written: std::collections::BTreeMap<i32, Vec<u8>> = (0..n)
        .filter_map(|k| i32::try_from(k * stride).ok())
        .map(|i| {
            (i, (0..512u32).map(|b| (b.wrapping_mul(131) ^ (i as u32).wrapping_mul(2_654_435_761)) as u8).collect())
        })
        .collect();
    match cordon_testenv::seed::ebs_snapshot(&aws, gib, &written, &[]).await {
        Ok(id) => {
            let bytes: usize = written.values().map(Vec::len).sum();
            println!("{}", serde_json::json!({"snapshot_id": id, "blocks": written.len(), "bytes": bytes}));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cordon-seed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
