//! EC2 actions: target selection, protection, Auto Scaling and load balancers, isolation
//! (security groups, network ACLs), Elastic IPs, instance profiles, stop/start, metadata,
//! snapshots, their disk images (EBS direct APIs) and their sharing, and volatile
//! evidence (memory, live response) through Systems Manager.

pub mod associate_elastic_ip;
pub mod associate_instance_profile;
pub mod capture_memory;
pub(crate) mod capture_metadata;
pub mod collect_flow_logs;
pub(crate) mod context;
pub mod copy_snapshots_to_account;
pub mod deregister_from_load_balancers;
pub mod detach_from_autoscaling;
pub mod detach_instance_profile;
pub mod disassociate_elastic_ip;
pub(crate) mod find_instances;
pub(crate) mod flow_logs_read;
pub mod image_snapshot;
pub mod isolate_instance;
pub mod isolate_subnet_acl;
pub(crate) mod isolation_groups;
pub(crate) mod json;
pub mod live_response;
pub mod protect_instance;
pub mod register_with_load_balancers;
pub mod restore_autoscaling;
pub mod restore_instance_protection;
pub mod restore_interface_groups;
pub mod restore_subnet_acl;
pub mod share_snapshots;
pub mod snapshot_volumes;
pub(crate) mod ssm_run;
pub mod ssm_scripts;
pub mod start_instance;
pub mod stop_instance;
pub mod unshare_snapshots;

pub use associate_elastic_ip::AssociateElasticIp;
pub use associate_instance_profile::AssociateInstanceProfile;
pub use capture_memory::CaptureMemory;
pub use capture_metadata::CaptureMetadata;
pub use collect_flow_logs::CollectFlowLogs;
pub use copy_snapshots_to_account::CopySnapshotsToAccount;
pub use deregister_from_load_balancers::DeregisterFromLoadBalancers;
pub use detach_from_autoscaling::DetachFromAutoscaling;
pub use detach_instance_profile::DetachInstanceProfile;
pub use disassociate_elastic_ip::DisassociateElasticIp;
pub use find_instances::FindInstances;
pub use image_snapshot::ImageSnapshot;
pub use isolate_instance::IsolateInstance;
pub use isolate_subnet_acl::IsolateSubnetAcl;
pub use live_response::LiveResponse;
pub use protect_instance::ProtectInstance;
pub use register_with_load_balancers::RegisterWithLoadBalancers;
pub use restore_autoscaling::RestoreAutoscaling;
pub use restore_instance_protection::RestoreInstanceProtection;
pub use restore_interface_groups::RestoreInterfaceGroups;
pub use restore_subnet_acl::RestoreSubnetAcl;
pub use share_snapshots::ShareSnapshots;
pub use snapshot_volumes::SnapshotVolumes;
pub use start_instance::StartInstance;
pub use stop_instance::StopInstance;
pub use unshare_snapshots::UnshareSnapshots;
