//! `ec2.image_snapshot`: a raw disk image of each snapshot, read block by block through
//! the EBS direct APIs (no volume, no helper instance), every block checked against the
//! SHA-256 EBS gives for it. See [`crate::ebs_image`].

use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, ActionDoc, StepContext, StepPlan, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord};
use cordon_core::ids::CaseId;
use cordon_core::ops;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ebs_image::{BlockHash, DEFAULT_CONCURRENCY, block_log_path, image_snapshot, list_blocks};

pub struct ImageSnapshot;

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.image_snapshot",
    summary: "Read each snapshot's blocks through the EBS direct APIs into a raw disk image in the case",
    description: "Read-only. Lists the snapshot's written blocks (ListSnapshotBlocks) and reads each \
(GetSnapshotBlock), checking its length and the SHA-256 EBS sends with it (a block that fails is read again \
once, then the step fails naming it), and writes it at its offset in a sparse raw image of the volume's size \
(blocks never written are zeros). The image and its block list (index and SHA-256 of every written block) \
are stored in the case; the image's own SHA-256 is computed as it is recorded. Interrupted, the step resumes \
from its block log in the case's `work/` folder: blocks already on disk are re-hashed, not fetched again. \
Encrypted snapshots need kms:Decrypt on their key.",
    operations: &[ops::ebs::LIST_SNAPSHOT_BLOCKS, ops::ebs::GET_SNAPSHOT_BLOCK],
    implied: &[],
    inverse: &[],
    undo: "Nothing to undo: read-only.",
    example: "snapshot_ids: [snap-0123456789abcdef0]\n",
};

fn default_concurrency() -> u32 {
    DEFAULT_CONCURRENCY as u32
}

/// Parameters of `ec2.image_snapshot`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The snapshots to image (e.g. `{{ steps.snapshot.outputs.snapshot_ids }}`).
    pub snapshot_ids: Vec<String>,
    /// Blocks read at once per snapshot (memory: this many 512 KiB blocks).
    #[serde(default = "default_concurrency")]
    pub concurrency: u32,
}

/// One snapshot's image.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotImage {
    /// The snapshot imaged.
    pub snapshot_id: String,
    /// The image's size: the volume's (0 when an earlier attempt stored it).
    pub volume_bytes: u64,
    /// The EBS block size (512 KiB on AWS).
    pub block_size: u64,
    /// Blocks written to the snapshot (the rest of the image is zeros).
    pub blocks: usize,
    /// Blocks read by this attempt.
    pub fetched: u64,
    /// Blocks an interrupted attempt had written, found intact on disk and not read again.
    pub resumed: u64,
    /// The raw image in the case.
    pub image: ArtifactRecord,
    /// The block list in the case: index and SHA-256 of every written block.
    pub block_list: ArtifactRecord,
}

/// Receipt of `ec2.image_snapshot`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// One per snapshot, in the order given.
    pub images: Vec<SnapshotImage>,
}

/// The block list stored beside an image.
#[derive(Serialize)]
struct BlockList<'a> {
    snapshot_id: &'a str,
    volume_bytes: u64,
    block_size: u64,
    blocks: &'a [BlockHash],
}

impl Action for ImageSnapshot {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        StepPlan::default().observe(format!(
            "read-only: image {} through the EBS direct APIs into the case",
            p.snapshot_ids.join(", ")
        ))
    }

    async fn check(&self, aws: &Aws, _case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let mut plan = self.plan(p);
        for s in &p.snapshot_ids {
            let l = list_blocks(&aws.ebs, &cordon_core::action::NoCallLog, s).await?;
            plan = plan.observe(format!(
                "{s}: {} GiB volume, {} blocks written ({} MiB to read)",
                l.volume_bytes >> 30,
                l.blocks.len(),
                (l.blocks.len() as u64 * l.block_size) >> 20
            ));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let work = ctx.artifacts.work_dir(ctx.step_id)?;
        let mut images = Vec::new();
        for s in &p.snapshot_ids {
            // Stored already by an interrupted attempt: not imaged twice.
            let stored = ctx.artifacts.list().into_iter().filter(|a| a.step_id == ctx.step_id && a.source == *s);
            let (mut image, mut list) = (None, None);
            for a in stored {
                if a.media_type == IMAGE_TYPE { image = Some(a) } else { list = Some(a) }
            }
            let path = work.join(format!("{}.raw", file_safe(s)));
            let (imaged, image) = match image {
                Some(image) => (None, image),
                None => {
                    let mut progress = |_: u64, _: u64| {};
                    let imaged = image_snapshot(&aws.ebs, ctx, s, &path, p.concurrency as usize, &mut progress).await?;
                    let meta = ArtifactMeta { name: format!("{s}.raw"), source: s.clone(), media_type: IMAGE_TYPE };
                    let record = ctx.artifacts.adopt_file(ctx.step_id, ctx.action, meta, &path)?;
                    let _ = std::fs::remove_file(block_log_path(&path));
                    (Some(imaged), record)
                }
            };
            let block_list = match (list, &imaged) {
                (Some(l), _) => l,
                (None, Some(i)) => {
                    let body = serde_json::to_vec_pretty(&BlockList {
                        snapshot_id: s,
                        volume_bytes: i.volume_bytes,
                        block_size: i.block_size,
                        blocks: &i.blocks,
                    })
                    .map_err(|e| ActionError::invalid(e.to_string()))?;
                    let meta = ArtifactMeta {
                        name: format!("{s}.blocks.json"),
                        source: s.clone(),
                        media_type: "application/json",
                    };
                    ctx.store(meta, &body)?
                }
                (None, None) => {
                    return Err(ActionError::invalid(format!(
                        "{s}: the image is stored but its block list is not; image it again in a new step"
                    )));
                }
            };
            let i = imaged.as_ref();
            images.push(SnapshotImage {
                snapshot_id: s.clone(),
                volume_bytes: i.map_or(0, |i| i.volume_bytes),
                block_size: i.map_or(0, |i| i.block_size),
                blocks: i.map_or(0, |i| i.listing_blocks),
                fetched: i.map_or(0, |i| i.fetched),
                resumed: i.map_or(0, |i| i.resumed),
                image,
                block_list,
            });
        }
        Ok(Receipt { images })
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::NothingToUndo
    }
}

const IMAGE_TYPE: &str = "application/octet-stream";

/// A snapshot id as a file name (they are `snap-` and hex; anything else is made safe).
fn file_safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}
