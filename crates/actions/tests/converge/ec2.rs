//! EC2 actions on a mocked EC2 client.

mod ec2_stop {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::stop_instances::StopInstancesOutput;
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, InstanceType, InstanceTypeInfo, Reservation};
    use cordon_actions::StopInstance;

    /// An instance whose state the mock keeps, and the StopInstances rule (its call count).
    fn world(state: &Arc<Mutex<&'static str>>) -> (Aws, aws_smithy_mocks::Rule) {
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let name = InstanceStateName::from(*s.lock().unwrap());
            let inst = Instance::builder()
                .instance_id("i-0123456789abcdef0")
                .instance_type(InstanceType::T3Micro)
                .root_device_type(aws_sdk_ec2::types::DeviceType::Ebs)
                .state(InstanceState::builder().name(name).build())
                .build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let types = mock!(Client::describe_instance_types).then_output(|| {
            DescribeInstanceTypesOutput::builder()
                .instance_types(InstanceTypeInfo::builder().instance_storage_supported(false).build())
                .build()
        });
        let s = state.clone();
        let stop = mock!(Client::stop_instances).then_compute_output(move |_| {
            *s.lock().unwrap() = "stopped";
            StopInstancesOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &types, &stop]);
        (aws, stop)
    }

    /// A case with a verified memory capture of the instance.
    fn captured() -> Listed {
        Listed(vec![artifact("ec2.capture_memory", "i-0123456789abcdef0", "memory/memory-capture.json")])
    }

    async fn stop_in(
        case: &Listed,
        aws: &Aws,
        prior: Vec<Value>,
    ) -> (cordon_actions::ec2::stop_instance::Receipt, Vec<Value>) {
        let params = cordon_actions::ec2::stop_instance::Params::of("i-0123456789abcdef0".parse().unwrap());
        let (receipt, taken) = try_execute_with(&StopInstance, aws, &params, prior, Vec::new(), case).await;
        (receipt.unwrap(), taken)
    }

    #[tokio::test(start_paused = true)]
    async fn a_second_stop_changes_nothing_and_a_crash_is_recalled() {
        let params = cordon_actions::ec2::stop_instance::Params::of("i-0123456789abcdef0".parse().unwrap());
        let state = Arc::new(Mutex::new("running"));
        let (aws, stop) = world(&state);
        let case = captured();
        let (first, checkpoints) = stop_in(&case, &aws, Vec::new()).await;
        assert!(first.stopped && first.state_before == "running");
        assert_eq!(stop.num_calls(), 1);
        assert!(!checkpoints.is_empty(), "the state before is on disk before the stop");
        // Again, after it completed: nothing more is changed, and nothing to undo.
        let (again, _) = stop_in(&case, &aws, Vec::new()).await;
        assert_eq!(stop.num_calls(), 1, "no second StopInstances");
        assert!(matches!(StopInstance.undo(&params, &again), Undo::NothingToUndo));
        // A crash after the stop, before its outcome: the re-run recalls "running".
        let (recalled, _) = stop_in(&case, &aws, checkpoints).await;
        assert_eq!(stop.num_calls(), 1);
        assert_eq!(recalled.state_before, "running");
        assert!(matches!(StopInstance.undo(&params, &recalled), Undo::Steps { .. }), "undo starts it again");
    }

    /// Only the capture record `ec2.capture_memory` wrote for this very instance lets a
    /// running instance be stopped: not one for another instance, not a file of the same
    /// name from another action, not an empty case.
    #[tokio::test(start_paused = true)]
    async fn only_a_verified_capture_of_this_instance_lets_the_stop_through() {
        let params = cordon_actions::ec2::stop_instance::Params::of("i-0123456789abcdef0".parse().unwrap());
        let state = Arc::new(Mutex::new("running"));
        let (aws, stop) = world(&state);
        let lookalikes = [
            Listed(vec![]),
            Listed(vec![artifact("ec2.capture_memory", "i-0fedcba9876543210", "memory/memory-capture.json")]),
            Listed(vec![artifact("ec2.capture_metadata", "i-0123456789abcdef0", "capture/memory-capture.json")]),
            Listed(vec![artifact("ec2.capture_memory", "i-0123456789abcdef0", "memory/memory.lime")]),
        ];
        for case in &lookalikes {
            let (refused, _) = try_execute_with(&StopInstance, &aws, &params, Vec::new(), Vec::new(), case).await;
            let e = refused.unwrap_err();
            assert!(e.message.contains("no verified memory capture"), "{e}");
        }
        assert_eq!(stop.num_calls(), 0);
        let (done, _) = stop_in(&captured(), &aws, Vec::new()).await;
        assert!(done.stopped);
    }
}

mod ec2_stop_protected {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::error::ErrorMetadata;
    use aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::modify_instance_attribute::ModifyInstanceAttributeOutput;
    use aws_sdk_ec2::operation::stop_instances::{StopInstancesError, StopInstancesOutput};
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, InstanceTypeInfo, Reservation};
    use cordon_actions::StopInstance;

    /// A stop-protected instance (as `ec2.protect_instance` leaves it) is stopped by a
    /// deliberate stop, and protected again afterwards.
    #[tokio::test(start_paused = true)]
    async fn a_stop_protected_instance_is_stopped_and_protected_again() {
        // (state, stop protection)
        let world = Arc::new(Mutex::new(("running", true)));
        let w = world.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let inst = Instance::builder()
                .instance_id("i-0123456789abcdef0")
                .root_device_type(aws_sdk_ec2::types::DeviceType::Ebs)
                .state(InstanceState::builder().name(InstanceStateName::from(w.lock().unwrap().0)).build())
                .build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let types = mock!(Client::describe_instance_types).then_output(|| {
            DescribeInstanceTypesOutput::builder()
                .instance_types(InstanceTypeInfo::builder().instance_storage_supported(false).build())
                .build()
        });
        let w = world.clone();
        let refused = mock!(Client::stop_instances)
            .match_requests(move |_| w.lock().unwrap().1)
            .then_error(|| StopInstancesError::generic(ErrorMetadata::builder().code("OperationNotPermitted").build()));
        let w = world.clone();
        let stop = mock!(Client::stop_instances).then_compute_output(move |_| {
            w.lock().unwrap().0 = "stopped";
            StopInstancesOutput::builder().build()
        });
        let w = world.clone();
        let modify = mock!(Client::modify_instance_attribute).then_compute_output(move |req| {
            if let Some(v) = req.disable_api_stop().and_then(|v| v.value()) {
                w.lock().unwrap().1 = v;
            }
            ModifyInstanceAttributeOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &types, &refused, &stop, &modify]);
        let mut params = cordon_actions::ec2::stop_instance::Params::of("i-0123456789abcdef0".parse().unwrap());
        // No memory capture in this bare case: the guard is not what this test is about.
        params.force = true;
        let (receipt, checkpoints) = execute(&StopInstance, &aws, &params, Vec::new()).await;
        assert!(receipt.stopped);
        assert_eq!(*world.lock().unwrap(), ("stopped", true), "stopped, and stop protection set again");
        assert!(checkpoints.iter().any(|c| c.get("lifted_stop_protection").is_some()), "{checkpoints:?}");
    }
}

mod ec2_protect {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instance_attribute::DescribeInstanceAttributeOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::modify_instance_attribute::ModifyInstanceAttributeOutput;
    use aws_sdk_ec2::types::{
        AttributeBooleanValue, AttributeValue, EbsInstanceBlockDevice, Instance, InstanceAttributeName,
        InstanceBlockDeviceMapping, Reservation,
    };
    use cordon_actions::ProtectInstance;
    use cordon_actions::ec2::protect_instance::Params;
    use cordon_core::action::Recorded;

    /// (termination protection, shutdown behaviour, DeleteOnTermination of the root volume, stop protection)
    type State = Arc<Mutex<(bool, String, bool, bool)>>;

    fn world(state: &State) -> (Aws, aws_smithy_mocks::Rule) {
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let dot = s.lock().unwrap().2;
            let root = InstanceBlockDeviceMapping::builder()
                .device_name("/dev/xvda")
                .ebs(
                    EbsInstanceBlockDevice::builder()
                        .volume_id("vol-0123456789abcdef0")
                        .delete_on_termination(dot)
                        .build(),
                )
                .build();
            let inst = Instance::builder().instance_id("i-0123456789abcdef0").block_device_mappings(root).build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let s = state.clone();
        let attr = mock!(Client::describe_instance_attribute).then_compute_output(move |req| {
            let (term, shutdown, _, stop) = s.lock().unwrap().clone();
            match req.attribute() {
                Some(InstanceAttributeName::DisableApiTermination) => DescribeInstanceAttributeOutput::builder()
                    .disable_api_termination(AttributeBooleanValue::builder().value(term).build())
                    .build(),
                Some(InstanceAttributeName::DisableApiStop) => DescribeInstanceAttributeOutput::builder()
                    .disable_api_stop(AttributeBooleanValue::builder().value(stop).build())
                    .build(),
                _ => DescribeInstanceAttributeOutput::builder()
                    .instance_initiated_shutdown_behavior(AttributeValue::builder().value(shutdown).build())
                    .build(),
            }
        });
        let s = state.clone();
        let modify = mock!(Client::modify_instance_attribute).then_compute_output(move |req| {
            let mut st = s.lock().unwrap();
            if let Some(v) = req.disable_api_termination().and_then(|v| v.value()) {
                st.0 = v;
            }
            if let Some(v) = req.instance_initiated_shutdown_behavior().and_then(|v| v.value()) {
                st.1 = v.to_string();
            }
            if let Some(v) = req.disable_api_stop().and_then(|v| v.value()) {
                st.3 = v;
            }
            if let Some(m) = req.block_device_mappings().first().and_then(|m| m.ebs()) {
                st.2 = m.delete_on_termination().unwrap_or(st.2);
            }
            ModifyInstanceAttributeOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &attr, &modify]);
        (aws, modify)
    }

    #[tokio::test]
    async fn a_crash_after_protecting_still_leaves_undo_the_state_before() {
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let state: State = Arc::new(Mutex::new((false, "terminate".into(), true, false)));
        let (aws, modify) = world(&state);
        let (first, checkpoints) = execute(&ProtectInstance, &aws, &params, Vec::new()).await;
        assert_eq!(first.changed.len(), 4, "{:?}", first.changed);
        assert_eq!(*state.lock().unwrap(), (true, "stop".into(), false, true), "stop protection too");
        let calls = modify.num_calls();
        assert!(!checkpoints.is_empty(), "the state before is on disk before the change");
        let (again, _) = execute(&ProtectInstance, &aws, &params, Vec::new()).await;
        assert_eq!(modify.num_calls(), calls, "a second run changes nothing");
        assert!(matches!(ProtectInstance.undo(&params, &again), Undo::NothingToUndo));
        // Crash after the change, before its outcome: undo must still restore all four.
        let (recalled, _) = execute(&ProtectInstance, &aws, &params, checkpoints.clone()).await;
        assert_eq!(modify.num_calls(), calls);
        assert_eq!(recalled.changed, first.changed);
        assert!(!recalled.before.termination_protection && recalled.before.shutdown_behavior == "terminate");
        // Had the step failed or been killed instead, undo restores from its checkpoint.
        let Undo::Steps { steps } = ProtectInstance.undo_recorded(&params, &Recorded(&checkpoints)) else {
            panic!("an interrupted protect is undone from its checkpoint")
        };
        assert_eq!(steps[0].params["fields"].as_array().unwrap().len(), 4);
    }

    /// The inverse, `ec2.restore_instance_protection`, from the receipt above.
    #[tokio::test]
    async fn restoring_converges_and_a_crash_keeps_the_state_before() {
        use cordon_actions::RestoreInstanceProtection;
        let state: State = Arc::new(Mutex::new((false, "terminate".into(), true, false)));
        let (aws, _) = world(&state);
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let (protected, _) = execute(&ProtectInstance, &aws, &params, Vec::new()).await;
        let Undo::Steps { steps } = ProtectInstance.undo(&params, &protected) else { panic!("undo restores") };
        let restore: cordon_actions::ec2::restore_instance_protection::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        let (first, checkpoints) = execute(&RestoreInstanceProtection, &aws, &restore, Vec::new()).await;
        assert_eq!(*state.lock().unwrap(), (false, "terminate".into(), true, false), "back as it was");
        let (recalled, _) = execute(&RestoreInstanceProtection, &aws, &restore, checkpoints).await;
        assert_eq!(*state.lock().unwrap(), (false, "terminate".into(), true, false));
        assert_eq!(recalled.before, first.before, "the crash is recalled");
        assert!(recalled.before.termination_protection, "before the restore it was protected");
    }
}

mod ec2_start {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::start_instances::StartInstancesOutput;
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, Reservation};
    use cordon_actions::StartInstance;
    use cordon_actions::ec2::start_instance::Params;

    #[tokio::test(start_paused = true)]
    async fn a_start_of_a_running_instance_has_nothing_to_undo_and_a_crash_is_recalled() {
        let state = Arc::new(Mutex::new("stopped"));
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let name = InstanceStateName::from(*s.lock().unwrap());
            let inst = Instance::builder()
                .instance_id("i-0123456789abcdef0")
                .state(InstanceState::builder().name(name).build())
                .build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let s = state.clone();
        let start = mock!(Client::start_instances).then_compute_output(move |_| {
            *s.lock().unwrap() = "running";
            StartInstancesOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &start]);
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let (first, checkpoints) = execute(&StartInstance, &aws, &params, Vec::new()).await;
        assert_eq!(first.state_before, "stopped");
        assert!(matches!(StartInstance.undo(&params, &first), Undo::Steps { .. }), "undo stops it again");
        let (again, _) = execute(&StartInstance, &aws, &params, Vec::new()).await;
        assert_eq!(start.num_calls(), 1, "no second StartInstances");
        assert!(
            matches!(StartInstance.undo(&params, &again), Undo::NothingToUndo),
            "it was running: undo must not stop it"
        );
        let (recalled, _) = execute(&StartInstance, &aws, &params, checkpoints).await;
        assert_eq!(start.num_calls(), 1);
        assert_eq!(recalled.state_before, "stopped", "the crash is recalled");
    }
}

mod ec2_eip {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::associate_address::AssociateAddressOutput;
    use aws_sdk_ec2::operation::describe_addresses::DescribeAddressesOutput;
    use aws_sdk_ec2::operation::disassociate_address::DisassociateAddressOutput;
    use aws_sdk_ec2::types::Address;
    use cordon_actions::{AssociateElasticIp, DisassociateElasticIp};

    /// Whether the address is associated with the instance's interface.
    type State = Arc<Mutex<bool>>;

    fn world(state: &State) -> (Aws, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
        let s = state.clone();
        let describe = mock!(Client::describe_addresses).then_compute_output(move |_| {
            let mut out = DescribeAddressesOutput::builder();
            if *s.lock().unwrap() {
                out = out.addresses(
                    Address::builder()
                        .allocation_id("eipalloc-0123456789abcdef0")
                        .association_id("eipassoc-0123456789abcdef0")
                        .public_ip("198.51.100.7")
                        .network_interface_id("eni-0123456789abcdef0")
                        .private_ip_address("10.0.0.5")
                        .build(),
                );
            }
            out.build()
        });
        let s = state.clone();
        let disassociate = mock!(Client::disassociate_address).then_compute_output(move |_| {
            *s.lock().unwrap() = false;
            DisassociateAddressOutput::builder().build()
        });
        let s = state.clone();
        let associate = mock!(Client::associate_address).then_compute_output(move |_| {
            *s.lock().unwrap() = true;
            AssociateAddressOutput::builder().association_id("eipassoc-0123456789abcdef1").build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &disassociate, &associate]);
        (aws, disassociate, associate)
    }

    #[tokio::test]
    async fn the_address_comes_off_and_back_once_each_whatever_the_reruns() {
        let state: State = Arc::new(Mutex::new(true));
        let (aws, disassociate, associate) = world(&state);
        let params = cordon_actions::ec2::disassociate_elastic_ip::Params {
            instance_id: "i-0123456789abcdef0".parse().unwrap(),
        };
        let (first, checkpoints) = execute(&DisassociateElasticIp, &aws, &params, Vec::new()).await;
        assert_eq!(first.disassociated.len(), 1);
        assert!(!*state.lock().unwrap());
        let (recalled, _) = execute(&DisassociateElasticIp, &aws, &params, checkpoints).await;
        assert_eq!(disassociate.num_calls(), 1);
        assert_eq!(recalled.disassociated, first.disassociated, "the crash is recalled");
        // The inverse puts it back, and a second run of it (resume, undo twice) does not
        // fail on the address it already associated.
        let Undo::Steps { steps } = DisassociateElasticIp.undo(&params, &recalled) else {
            panic!("undo re-associates")
        };
        let back: cordon_actions::ec2::associate_elastic_ip::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        execute(&AssociateElasticIp, &aws, &back, Vec::new()).await;
        assert!(*state.lock().unwrap());
        execute(&AssociateElasticIp, &aws, &back, Vec::new()).await;
        assert_eq!(associate.num_calls(), 1, "no second AssociateAddress");
    }
}

mod ec2_profile {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileOutput;
    use aws_sdk_ec2::operation::describe_iam_instance_profile_associations::DescribeIamInstanceProfileAssociationsOutput;
    use aws_sdk_ec2::operation::disassociate_iam_instance_profile::DisassociateIamInstanceProfileOutput;
    use aws_sdk_ec2::types::{IamInstanceProfile, IamInstanceProfileAssociation, IamInstanceProfileAssociationState};
    use aws_sdk_iam::operation::get_instance_profile::GetInstanceProfileOutput;
    use aws_sdk_iam::types::InstanceProfile;
    use cordon_actions::{AssociateInstanceProfile, DetachInstanceProfile};

    const PROFILE: &str = "arn:aws:iam::123456789012:instance-profile/web";

    #[tokio::test]
    async fn the_profile_comes_off_and_back_once_each_whatever_the_reruns() {
        let attached = Arc::new(Mutex::new(true));
        let a = attached.clone();
        let describe = mock!(Client::describe_iam_instance_profile_associations).then_compute_output(move |_| {
            let mut out = DescribeIamInstanceProfileAssociationsOutput::builder();
            if *a.lock().unwrap() {
                out = out.iam_instance_profile_associations(
                    IamInstanceProfileAssociation::builder()
                        .association_id("iip-assoc-0123456789abcdef0")
                        .instance_id("i-0123456789abcdef0")
                        .state(IamInstanceProfileAssociationState::Associated)
                        .iam_instance_profile(IamInstanceProfile::builder().arn(PROFILE).build())
                        .build(),
                );
            }
            out.build()
        });
        let a = attached.clone();
        let detach = mock!(Client::disassociate_iam_instance_profile).then_compute_output(move |_| {
            *a.lock().unwrap() = false;
            DisassociateIamInstanceProfileOutput::builder().build()
        });
        let a = attached.clone();
        let attach = mock!(Client::associate_iam_instance_profile).then_compute_output(move |_| {
            *a.lock().unwrap() = true;
            AssociateIamInstanceProfileOutput::builder().build()
        });
        let profile = mock!(aws_sdk_iam::Client::get_instance_profile).then_output(|| {
            let p = InstanceProfile::builder()
                .instance_profile_name("web")
                .instance_profile_id("AIPAEXAMPLE")
                .arn(PROFILE)
                .path("/")
                .create_date(aws_smithy_types::DateTime::from_secs(0))
                .set_roles(Some(Vec::new()))
                .build()
                .unwrap();
            GetInstanceProfileOutput::builder().instance_profile(p).build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &detach, &attach]);
        aws.iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&profile]);
        let params = cordon_actions::ec2::detach_instance_profile::Params {
            instance_id: "i-0123456789abcdef0".parse().unwrap(),
            revoke_sessions: false,
        };
        let (first, checkpoints) = execute(&DetachInstanceProfile, &aws, &params, Vec::new()).await;
        assert_eq!(first.instance_profile_arn.as_deref(), Some(PROFILE));
        let (again, _) = execute(&DetachInstanceProfile, &aws, &params, Vec::new()).await;
        assert_eq!(detach.num_calls(), 1, "a second run changes nothing");
        assert!(matches!(DetachInstanceProfile.undo(&params, &again), Undo::NothingToUndo));
        let (recalled, _) = execute(&DetachInstanceProfile, &aws, &params, checkpoints).await;
        assert_eq!(detach.num_calls(), 1);
        assert_eq!(recalled.instance_profile_arn.as_deref(), Some(PROFILE), "the crash is recalled");
        let Undo::Steps { steps } = DetachInstanceProfile.undo(&params, &recalled) else { panic!("undo re-attaches") };
        let back: cordon_actions::ec2::associate_instance_profile::Params =
            serde_json::from_value(steps.last().unwrap().params.clone()).unwrap();
        execute(&AssociateInstanceProfile, &aws, &back, Vec::new()).await;
        execute(&AssociateInstanceProfile, &aws, &back, Vec::new()).await;
        assert!(*attached.lock().unwrap());
        assert_eq!(attach.num_calls(), 1, "the inverse is idempotent too");
    }
}

mod ec2_interface_groups {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_network_interfaces::DescribeNetworkInterfacesOutput;
    use aws_sdk_ec2::operation::modify_network_interface_attribute::ModifyNetworkInterfaceAttributeOutput;
    use aws_sdk_ec2::types::{GroupIdentifier, NetworkInterface};
    use cordon_actions::RestoreInterfaceGroups;
    use cordon_actions::ec2::restore_interface_groups::{InterfaceGroups, Params};

    /// `ec2.restore_interface_groups` (isolation's inverse): a second run changes nothing,
    /// and after a crash the groups before are the recalled ones.
    #[tokio::test]
    async fn restoring_groups_converges_and_a_crash_keeps_the_groups_before() {
        let groups = Arc::new(Mutex::new(vec!["sg-0aaaaaaaaaaaaaaaa".to_string()]));
        let g = groups.clone();
        let describe = mock!(Client::describe_network_interfaces).then_compute_output(move |_| {
            let eni = NetworkInterface::builder()
                .network_interface_id("eni-0123456789abcdef0")
                .set_groups(Some(
                    g.lock().unwrap().iter().map(|id| GroupIdentifier::builder().group_id(id).build()).collect(),
                ))
                .build();
            DescribeNetworkInterfacesOutput::builder().network_interfaces(eni).build()
        });
        let g = groups.clone();
        let modify = mock!(Client::modify_network_interface_attribute).then_compute_output(move |req| {
            *g.lock().unwrap() = req.groups().to_vec();
            ModifyNetworkInterfaceAttributeOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &modify]);
        let params = Params {
            interfaces: vec![InterfaceGroups {
                network_interface_id: "eni-0123456789abcdef0".parse().unwrap(),
                groups: vec!["sg-0bbbbbbbbbbbbbbbb".parse().unwrap(), "sg-0cccccccccccccccc".parse().unwrap()],
                left_by_cordon: Some(vec!["sg-0aaaaaaaaaaaaaaaa".parse().unwrap()]),
            }],
            force: false,
        };
        let (first, checkpoints) = execute(&RestoreInterfaceGroups, &aws, &params, Vec::new()).await;
        assert_eq!(first.interfaces[0].before, ["sg-0aaaaaaaaaaaaaaaa"]);
        assert_eq!(*groups.lock().unwrap(), ["sg-0bbbbbbbbbbbbbbbb", "sg-0cccccccccccccccc"]);
        let _ = execute(&RestoreInterfaceGroups, &aws, &params, Vec::new()).await;
        assert_eq!(modify.num_calls(), 1, "a second run changes nothing");
        let (recalled, _) = execute(&RestoreInterfaceGroups, &aws, &params, checkpoints).await;
        assert_eq!(modify.num_calls(), 1);
        assert_eq!(
            serde_json::to_value(&recalled).unwrap(),
            serde_json::to_value(&first).unwrap(),
            "the crash is recalled"
        );
        // Someone moved it since Cordon left it: undo does not overwrite that, unless forced.
        *groups.lock().unwrap() = vec!["sg-0dddddddddddddddd".to_string()];
        let (refused, _) = try_execute(&RestoreInterfaceGroups, &aws, &params, Vec::new(), Vec::new()).await;
        let e = refused.unwrap_err().to_string();
        assert!(e.contains("changed since") && e.contains("sg-0dddddddddddddddd"), "{e}");
        assert_eq!(*groups.lock().unwrap(), ["sg-0dddddddddddddddd"], "left as the other person set it");
        let forced = Params { force: true, ..params.clone() };
        execute(&RestoreInterfaceGroups, &aws, &forced, Vec::new()).await;
        assert_eq!(*groups.lock().unwrap(), ["sg-0bbbbbbbbbbbbbbbb", "sg-0cccccccccccccccc"]);
    }
}

mod ec2_subnet_acl {
    use crate::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_network_acls::DescribeNetworkAclsOutput;
    use aws_sdk_ec2::operation::replace_network_acl_association::ReplaceNetworkAclAssociationOutput;
    use aws_sdk_ec2::types::{NetworkAcl, NetworkAclAssociation};
    use cordon_actions::RestoreSubnetAcl;
    use cordon_actions::ec2::isolate_subnet_acl::SubnetAcl;
    use cordon_actions::ec2::restore_subnet_acl::Params;

    /// `ec2.restore_subnet_acl` (the subnet isolation's inverse): a second run changes
    /// nothing, and after a crash the ACL before is the recalled one.
    #[tokio::test]
    async fn restoring_the_acl_converges_and_a_crash_keeps_the_acl_before() {
        let acl = Arc::new(Mutex::new("acl-0cccccccccccccccc".to_string()));
        let a = acl.clone();
        let describe = mock!(Client::describe_network_acls).then_compute_output(move |_| {
            let assoc = NetworkAclAssociation::builder()
                .subnet_id("subnet-0123456789abcdef0")
                .network_acl_association_id("aclassoc-0123456789abcdef0")
                .build();
            let acl = NetworkAcl::builder().network_acl_id(a.lock().unwrap().clone()).associations(assoc).build();
            DescribeNetworkAclsOutput::builder().network_acls(acl).build()
        });
        let a = acl.clone();
        let replace = mock!(Client::replace_network_acl_association).then_compute_output(move |req| {
            *a.lock().unwrap() = req.network_acl_id().unwrap_or_default().to_string();
            ReplaceNetworkAclAssociationOutput::builder().new_association_id("aclassoc-0123456789abcdef1").build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &replace]);
        let params = Params {
            subnets: vec![SubnetAcl {
                subnet_id: "subnet-0123456789abcdef0".into(),
                network_acl_id: "acl-0aaaaaaaaaaaaaaaa".into(),
            }],
            left_by_cordon: Some("acl-0cccccccccccccccc".into()),
            force: false,
        };
        let (first, checkpoints) = execute(&RestoreSubnetAcl, &aws, &params, Vec::new()).await;
        assert_eq!(first.before[0].network_acl_id, "acl-0cccccccccccccccc");
        assert_eq!(*acl.lock().unwrap(), "acl-0aaaaaaaaaaaaaaaa");
        let _ = execute(&RestoreSubnetAcl, &aws, &params, Vec::new()).await;
        assert_eq!(replace.num_calls(), 1, "a second run changes nothing");
        let (recalled, _) = execute(&RestoreSubnetAcl, &aws, &params, checkpoints).await;
        assert_eq!(replace.num_calls(), 1);
        assert_eq!(recalled.before[0].network_acl_id, "acl-0cccccccccccccccc", "the crash is recalled");

        // Someone moved the subnet to another ACL since Cordon isolated it: undo refuses,
        // naming the subnet, and changes nothing; with `force` it restores.
        *acl.lock().unwrap() = "acl-0dddddddddddddddd".into();
        let (refused, _) = try_execute(&RestoreSubnetAcl, &aws, &params, Vec::new(), Vec::new()).await;
        let e = refused.expect_err("a subnet changed since is not overwritten");
        assert_eq!(e.kind, cordon_core::ErrorKind::Conflict, "{e}");
        assert!(e.to_string().contains("subnet-0123456789abcdef0") && e.to_string().contains("changed since"), "{e}");
        assert_eq!(*acl.lock().unwrap(), "acl-0dddddddddddddddd");
        assert_eq!(replace.num_calls(), 1);
        let forced = Params { force: true, ..params.clone() };
        let _ = execute(&RestoreSubnetAcl, &aws, &forced, Vec::new()).await;
        assert_eq!(*acl.lock().unwrap(), "acl-0aaaaaaaaaaaaaaaa", "force restores it");
    }
}
