//! The one static registry of actions. Docs, `cordon actions list`, validation and
//! the tests over every action's example are all driven from this list.

use cordon_aws::Aws;
use cordon_core::action::{ActionSpec, DynAction};

pub static ACTIONS: &[&dyn DynAction<Aws>] = &[
    &cordon_evidence::actions::CaptureMetadata,
    &cordon_containment::ProtectInstance,
    &cordon_containment::IsolateInstance,
    &cordon_evidence::actions::SnapshotVolumes,
];

/// The registry seen as plain specs, for validation and documentation.
pub fn specs() -> Vec<&'static dyn ActionSpec> {
    cordon_engine::specs(ACTIONS)
}
