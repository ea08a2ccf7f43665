//! `cordon-containment`: actions that contain a compromised resource, one per file.
//!
//! Invariants: every action records the state it changed in its receipt so that it
//! can be undone exactly; `execute` is idempotent (a re-run after a crash converges
//! to the same state without repeating harm); `check` makes read-only calls only.

mod ec2_isolate_instance;
mod ec2_protect_instance;
mod ec2_restore_instance_protection;
mod ec2_restore_interface_groups;

pub use ec2_isolate_instance::IsolateInstance;
pub use ec2_protect_instance::ProtectInstance;
pub use ec2_restore_instance_protection::RestoreInstanceProtection;
pub use ec2_restore_interface_groups::RestoreInterfaceGroups;
