//! The one static registry of actions. Docs, `cordon actions list`, validation and
//! the tests over every action's example are all driven from this list.

use cordon_aws::Aws;
use cordon_core::action::{ActionSpec, DynAction};

pub static ACTIONS: &[&dyn DynAction<Aws>] = &[
    &cordon_actions::FindInstances,
    &cordon_actions::CaptureMetadata,
    &cordon_actions::CaptureMemory,
    &cordon_actions::LiveResponse,
    &cordon_actions::ProtectInstance,
    &cordon_actions::IsolateInstance,
    &cordon_actions::SnapshotVolumes,
    &cordon_actions::ImageSnapshot,
    &cordon_actions::CollectFlowLogs,
    &cordon_actions::CollectFindings,
    &cordon_actions::ShareSnapshots,
    &cordon_actions::UnshareSnapshots,
    &cordon_actions::CopySnapshotsToAccount,
    &cordon_actions::RestoreInterfaceGroups,
    &cordon_actions::RestoreInstanceProtection,
    &cordon_actions::DetachFromAutoscaling,
    &cordon_actions::RestoreAutoscaling,
    &cordon_actions::DeregisterFromLoadBalancers,
    &cordon_actions::RegisterWithLoadBalancers,
    &cordon_actions::DisassociateElasticIp,
    &cordon_actions::AssociateElasticIp,
    &cordon_actions::DetachInstanceProfile,
    &cordon_actions::AssociateInstanceProfile,
    &cordon_actions::IsolateSubnetAcl,
    &cordon_actions::RestoreSubnetAcl,
    &cordon_actions::StopInstance,
    &cordon_actions::StartInstance,
    &cordon_actions::CapturePrincipal,
    &cordon_actions::DeactivateAccessKeys,
    &cordon_actions::DenyAll,
    &cordon_actions::RevokeSessions,
    &cordon_actions::DisableConsoleAccess,
    &cordon_actions::DeactivateMfaDevices,
    &cordon_actions::SetAccessKeyStatus,
    &cordon_actions::RemoveInlinePolicy,
    &cordon_actions::CaptureAccessConfig,
    &cordon_actions::CloudTrailCollect,
    &cordon_actions::ExportEvidence,
    &cordon_actions::BlockPublicAccess,
    &cordon_actions::DenyPrincipal,
    &cordon_actions::ProtectFromDeletion,
    &cordon_actions::RestorePublicAccessBlock,
    &cordon_actions::RestoreBucketPolicy,
    &cordon_actions::RestoreVersioning,
];

/// The registry seen as plain specs, for validation and documentation.
pub fn specs() -> Vec<&'static dyn ActionSpec> {
    cordon_engine::specs(ACTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_dotted() {
        let mut names: Vec<&str> = ACTIONS.iter().map(|a| a.doc().name).collect();
        assert!(names.iter().all(|n| n.split_once('.').is_some_and(|(s, a)| !s.is_empty() && !a.is_empty())));
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate action names");
    }

    /// Every action an undo may run is in the registry, so `cordon undo` can run it, and an
    /// action that changes something says how it is undone.
    #[test]
    fn every_inverse_is_registered() {
        let names: Vec<&str> = ACTIONS.iter().map(|a| a.doc().name).collect();
        for a in ACTIONS {
            for inverse in a.doc().inverse {
                assert!(names.contains(&inverse.name), "{}: inverse {} is not registered", a.doc().name, inverse.name);
                assert!(inverse.mutates(), "{}: inverse {} changes nothing", a.doc().name, inverse.name);
            }
        }
    }

    /// Every action's documented example is a valid `with:` block: it validates in a
    /// playbook and plans.
    #[test]
    fn every_example_validates_and_plans() {
        let specs = specs();
        for a in &specs {
            let d = a.doc();
            let with: String = d.example.lines().map(|l| format!("      {l}\n")).collect();
            let source = format!("name: example\nsteps:\n  - id: example\n    action: {}\n    with:\n{with}", d.name);
            let playbook = cordon_playbook::validate("example.yaml", &source, &specs)
                .unwrap_or_else(|e| panic!("{}: example does not validate: {e:?}", d.name));
            let case = serde_json::json!({"id": "IR-1", "dir": "cases/IR-1", "account": "123456789012", "region": "us-east-1"});
            let plan = cordon_playbook::plan::build(&playbook, "0", &specs, &Default::default(), &case)
                .unwrap_or_else(|e| panic!("{}: example does not plan: {e:?}", d.name));
            assert_eq!(plan.steps[0].mutates, d.mutates());
            assert!(!d.operations.is_empty(), "{} declares its AWS operations", d.name);
            assert!(a.params().iter().all(|p| !p.description.is_empty()), "{}: every parameter is documented", d.name);
            assert!(a.outputs().iter().all(|o| !o.description.is_empty()), "{}: every output is documented", d.name);
        }
    }
}
