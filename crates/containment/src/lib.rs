//! `cordon-containment`: actions that contain a compromised resource, one per file.
//!
//! Invariants: every action records the state it changed in its receipt so that it
//! can be undone exactly; `execute` is idempotent (a re-run after a crash converges
//! to the same state without repeating harm); `check` makes read-only calls only.

mod ec2_associate_elastic_ip;
mod ec2_associate_instance_profile;
mod ec2_deregister_from_load_balancers;
mod ec2_detach_from_autoscaling;
mod ec2_detach_instance_profile;
mod ec2_disassociate_elastic_ip;
mod ec2_find_instances;
mod ec2_isolate_instance;
mod ec2_isolate_subnet_acl;
mod ec2_protect_instance;
mod ec2_register_with_load_balancers;
mod ec2_restore_autoscaling;
mod ec2_restore_instance_protection;
mod ec2_restore_interface_groups;
mod ec2_restore_subnet_acl;
mod ec2_start_instance;
mod ec2_stop_instance;
mod iam_common;
mod iam_deactivate_access_keys;
mod iam_deactivate_mfa_devices;
mod iam_deny_all;
mod iam_disable_console_access;
mod iam_remove_inline_policy;
mod iam_revoke_sessions;
mod iam_set_access_key_status;
mod s3_block_public_access;
mod s3_common;
mod s3_deny_principal;
mod s3_protect_from_deletion;
mod s3_restore_bucket_policy;
mod s3_restore_public_access_block;
mod s3_restore_versioning;

pub use ec2_associate_elastic_ip::AssociateElasticIp;
pub use ec2_associate_instance_profile::AssociateInstanceProfile;
pub use ec2_deregister_from_load_balancers::DeregisterFromLoadBalancers;
pub use ec2_detach_from_autoscaling::DetachFromAutoscaling;
pub use ec2_detach_instance_profile::DetachInstanceProfile;
pub use ec2_disassociate_elastic_ip::DisassociateElasticIp;
pub use ec2_find_instances::FindInstances;
pub use ec2_isolate_instance::IsolateInstance;
pub use ec2_isolate_subnet_acl::IsolateSubnetAcl;
pub use ec2_protect_instance::ProtectInstance;
pub use ec2_register_with_load_balancers::RegisterWithLoadBalancers;
pub use ec2_restore_autoscaling::RestoreAutoscaling;
pub use ec2_restore_instance_protection::RestoreInstanceProtection;
pub use ec2_restore_interface_groups::RestoreInterfaceGroups;
pub use ec2_restore_subnet_acl::RestoreSubnetAcl;
pub use ec2_start_instance::StartInstance;
pub use ec2_stop_instance::StopInstance;
pub use iam_common::Principal;
pub use iam_deactivate_access_keys::DeactivateAccessKeys;
pub use iam_deactivate_mfa_devices::DeactivateMfaDevices;
pub use iam_deny_all::DenyAll;
pub use iam_disable_console_access::DisableConsoleAccess;
pub use iam_remove_inline_policy::RemoveInlinePolicy;
pub use iam_revoke_sessions::RevokeSessions;
pub use iam_set_access_key_status::SetAccessKeyStatus;
pub use s3_block_public_access::BlockPublicAccess;
pub use s3_deny_principal::DenyPrincipal;
pub use s3_protect_from_deletion::ProtectFromDeletion;
pub use s3_restore_bucket_policy::RestoreBucketPolicy;
pub use s3_restore_public_access_block::RestorePublicAccessBlock;
pub use s3_restore_versioning::RestoreVersioning;
