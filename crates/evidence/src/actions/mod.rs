//! Evidence-collection actions, one per file.

mod ec2_capture_metadata;
mod ec2_json;
mod ec2_snapshot_volumes;
mod s3_capture_access_config;

pub use ec2_capture_metadata::CaptureMetadata;
pub use ec2_snapshot_volumes::SnapshotVolumes;
pub use s3_capture_access_config::CaptureAccessConfig;
