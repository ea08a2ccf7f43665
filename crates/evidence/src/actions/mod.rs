//! Evidence-collection actions, one per file.

mod cloudtrail_collect;
mod ec2_capture_metadata;
mod ec2_context;
mod ec2_json;
mod ec2_share_snapshots;
mod ec2_snapshot_volumes;
pub(crate) mod ec2_unshare_snapshots;
mod iam_capture_principal;
mod s3_capture_access_config;
mod s3_export_evidence;

pub use cloudtrail_collect::Collect as CloudTrailCollect;
pub use ec2_capture_metadata::CaptureMetadata;
pub use ec2_share_snapshots::ShareSnapshots;
pub use ec2_snapshot_volumes::SnapshotVolumes;
pub use ec2_unshare_snapshots::UnshareSnapshots;
pub use iam_capture_principal::CapturePrincipal;
pub use s3_capture_access_config::CaptureAccessConfig;
pub use s3_export_evidence::ExportEvidence;
