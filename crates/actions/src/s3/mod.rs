//! S3 actions: public access block, denying a principal, protection from deletion, the
//! bucket's access configuration as evidence, and exporting the case's evidence.

pub mod block_public_access;
pub(crate) mod capture_access_config;
pub(crate) mod common;
pub mod deny_principal;
pub mod export_evidence;
pub mod protect_from_deletion;
pub mod restore_bucket_policy;
pub mod restore_public_access_block;
pub mod restore_versioning;

pub use block_public_access::BlockPublicAccess;
pub use capture_access_config::CaptureAccessConfig;
pub use deny_principal::DenyPrincipal;
pub use export_evidence::ExportEvidence;
pub use protect_from_deletion::ProtectFromDeletion;
pub use restore_bucket_policy::RestoreBucketPolicy;
pub use restore_public_access_block::RestorePublicAccessBlock;
pub use restore_versioning::RestoreVersioning;
