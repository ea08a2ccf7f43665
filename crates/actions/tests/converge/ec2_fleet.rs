//! Auto Scaling and load balancer membership on mocked clients: taking an instance out
//! converges on a re-run and after a crash, and putting it back (undo) does too.

use std::collections::BTreeSet;

use crate::*;
use cordon_core::action::Recorded;

mod autoscaling {
    use super::*;
    use aws_sdk_autoscaling::Client;
    use aws_sdk_autoscaling::operation::attach_instances::AttachInstancesOutput;
    use aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput;
    use aws_sdk_autoscaling::operation::describe_auto_scaling_instances::DescribeAutoScalingInstancesOutput;
    use aws_sdk_autoscaling::operation::detach_instances::DetachInstancesOutput;
    use aws_sdk_autoscaling::operation::set_desired_capacity::SetDesiredCapacityOutput;
    use aws_sdk_autoscaling::operation::set_instance_protection::SetInstanceProtectionOutput;
    use aws_sdk_autoscaling::types::{AutoScalingGroup, AutoScalingInstanceDetails};
    use cordon_actions::ec2::detach_from_autoscaling::Params;
    use cordon_actions::{DetachFromAutoscaling, RestoreAutoscaling};

    /// (member of "web-asg", protected from scale-in, desired capacity)
    type World = Arc<Mutex<(bool, bool, i32)>>;

    fn asg(w: &World) -> (Aws, aws_smithy_mocks::Rule) {
        let s = w.clone();
        let instances = mock!(Client::describe_auto_scaling_instances).then_compute_output(move |_| {
            let (member, protected, _) = *s.lock().unwrap();
            let details = member.then(|| {
                AutoScalingInstanceDetails::builder()
                    .instance_id("i-0123456789abcdef0")
                    .auto_scaling_group_name("web-asg")
                    .lifecycle_state("InService")
                    .protected_from_scale_in(protected)
                    .build()
            });
            DescribeAutoScalingInstancesOutput::builder().set_auto_scaling_instances(details.map(|d| vec![d])).build()
        });
        let s = w.clone();
        let groups = mock!(Client::describe_auto_scaling_groups).then_compute_output(move |_| {
            let desired = s.lock().unwrap().2;
            let g = AutoScalingGroup::builder().auto_scaling_group_name("web-asg").desired_capacity(desired).build();
            DescribeAutoScalingGroupsOutput::builder().auto_scaling_groups(g).build()
        });
        let s = w.clone();
        let detach = mock!(Client::detach_instances).then_compute_output(move |req| {
            let mut st = s.lock().unwrap();
            st.0 = false;
            if req.should_decrement_desired_capacity() == Some(true) {
                st.2 -= 1;
            }
            DetachInstancesOutput::builder().build()
        });
        let s = w.clone();
        let attach = mock!(Client::attach_instances).then_compute_output(move |_| {
            let mut st = s.lock().unwrap();
            st.0 = true;
            st.2 += 1;
            AttachInstancesOutput::builder().build()
        });
        let s = w.clone();
        let protect = mock!(Client::set_instance_protection).then_compute_output(move |req| {
            s.lock().unwrap().1 = req.protected_from_scale_in().unwrap_or(false);
            SetInstanceProtectionOutput::builder().build()
        });
        let s = w.clone();
        let desired = mock!(Client::set_desired_capacity).then_compute_output(move |req| {
            s.lock().unwrap().2 = req.desired_capacity().unwrap_or_default();
            SetDesiredCapacityOutput::builder().build()
        });
        let mut aws = aws();
        aws.autoscaling = mock_client!(
            aws_sdk_autoscaling,
            RuleMode::MatchAny,
            [&instances, &groups, &detach, &attach, &protect, &desired]
        );
        (aws, detach)
    }

    #[tokio::test]
    async fn detaching_converges_and_undo_puts_it_back_once() {
        let w: World = Arc::new(Mutex::new((true, false, 3)));
        let (aws, detach) = asg(&w);
        let params: Params = serde_json::from_value(serde_json::json!({"instance_id": "i-0123456789abcdef0"})).unwrap();
        let (first, checkpoints) = execute(&DetachFromAutoscaling, &aws, &params, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (false, false, 2));
        // A second run: nothing more, nothing to undo.
        let (again, _) = execute(&DetachFromAutoscaling, &aws, &params, Vec::new()).await;
        assert_eq!(detach.num_calls(), 1);
        assert!(matches!(DetachFromAutoscaling.undo(&params, &again), Undo::NothingToUndo));
        // After a crash between the detach and its outcome: the membership before is recalled.
        let (recalled, _) = execute(&DetachFromAutoscaling, &aws, &params, checkpoints.clone()).await;
        assert_eq!(detach.num_calls(), 1);
        assert_eq!(recalled.before, first.before);
        // Killed instead of resumed: undo works from the checkpoint alone.
        let Undo::Steps { steps: from_checkpoint } =
            DetachFromAutoscaling.undo_recorded(&params, &Recorded(&checkpoints))
        else {
            panic!("undo from the checkpoint")
        };
        let Undo::Steps { steps } = DetachFromAutoscaling.undo(&params, &recalled) else { panic!("undo") };
        assert_eq!(from_checkpoint, steps);
        // The inverse, twice (an undo re-run after a crash): back in the group, once.
        let restore: cordon_actions::ec2::restore_autoscaling::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        execute(&RestoreAutoscaling, &aws, &restore, Vec::new()).await;
        execute(&RestoreAutoscaling, &aws, &restore, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (true, false, 3), "a member again, capacity as before");
    }

    /// Detached without lowering the capacity (the group launched a replacement); during the
    /// incident someone scales the group to 5. Undo attaches the instance and lowers the
    /// capacity by the one the attach added: 5 stays, not the recorded 3. A crash between
    /// the attach and the capacity change is resumed from the capacity saved before.
    #[tokio::test]
    async fn restoring_keeps_a_capacity_someone_set_since() {
        let w: World = Arc::new(Mutex::new((true, false, 3)));
        let (aws, _) = asg(&w);
        let params: Params = serde_json::from_value(serde_json::json!({
            "instance_id": "i-0123456789abcdef0",
            "decrement_desired_capacity": false
        }))
        .unwrap();
        let (detached, _) = execute(&DetachFromAutoscaling, &aws, &params, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (false, false, 3));
        w.lock().unwrap().2 = 5;
        let Undo::Steps { steps } = DetachFromAutoscaling.undo(&params, &detached) else { panic!("undo") };
        let restore: cordon_actions::ec2::restore_autoscaling::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        let (_, checkpoints) = execute(&RestoreAutoscaling, &aws, &restore, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (true, false, 5), "back in the group; the capacity set since is kept");
        // As if killed after the attach and before the capacity was lowered again.
        w.lock().unwrap().2 = 6;
        execute(&RestoreAutoscaling, &aws, &restore, checkpoints).await;
        assert_eq!(w.lock().unwrap().2, 5, "the capacity saved before the attach is recalled");
    }
}

mod load_balancers {
    use super::*;
    use aws_sdk_elasticloadbalancing::operation::deregister_instances_from_load_balancer::DeregisterInstancesFromLoadBalancerOutput;
    use aws_sdk_elasticloadbalancing::operation::describe_load_balancers::DescribeLoadBalancersOutput;
    use aws_sdk_elasticloadbalancing::operation::register_instances_with_load_balancer::RegisterInstancesWithLoadBalancerOutput;
    use aws_sdk_elasticloadbalancing::types::{Instance, LoadBalancerDescription};
    use aws_sdk_elasticloadbalancingv2::operation::deregister_targets::DeregisterTargetsOutput;
    use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
    use aws_sdk_elasticloadbalancingv2::operation::describe_target_health::DescribeTargetHealthOutput;
    use aws_sdk_elasticloadbalancingv2::operation::register_targets::RegisterTargetsOutput;
    use aws_sdk_elasticloadbalancingv2::types::{TargetDescription, TargetGroup, TargetHealthDescription};
    use cordon_actions::ec2::deregister_from_load_balancers::Params;
    use cordon_actions::{DeregisterFromLoadBalancers, RegisterWithLoadBalancers};

    const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

    /// (registered with the classic "web-elb", registered in the target group on port 8080)
    type World = Arc<Mutex<(bool, bool)>>;

    fn lbs(w: &World) -> (Aws, aws_smithy_mocks::Rule) {
        use aws_sdk_elasticloadbalancing::Client as Elb;
        use aws_sdk_elasticloadbalancingv2::Client as Elbv2;
        let s = w.clone();
        let classic = mock!(Elb::describe_load_balancers).then_compute_output(move |_| {
            let mut lb = LoadBalancerDescription::builder().load_balancer_name("web-elb");
            if s.lock().unwrap().0 {
                lb = lb.instances(Instance::builder().instance_id("i-0123456789abcdef0").build());
            }
            DescribeLoadBalancersOutput::builder().load_balancer_descriptions(lb.build()).build()
        });
        let s = w.clone();
        let classic_out = mock!(Elb::deregister_instances_from_load_balancer).then_compute_output(move |_| {
            s.lock().unwrap().0 = false;
            DeregisterInstancesFromLoadBalancerOutput::builder().build()
        });
        let s = w.clone();
        let classic_in = mock!(Elb::register_instances_with_load_balancer).then_compute_output(move |_| {
            s.lock().unwrap().0 = true;
            RegisterInstancesWithLoadBalancerOutput::builder().build()
        });
        let groups = mock!(Elbv2::describe_target_groups).then_output(|| {
            DescribeTargetGroupsOutput::builder()
                .target_groups(TargetGroup::builder().target_group_arn(TG).build())
                .build()
        });
        let s = w.clone();
        let health = mock!(Elbv2::describe_target_health).then_compute_output(move |_| {
            let registered = s.lock().unwrap().1.then(|| {
                let t = TargetDescription::builder().id("i-0123456789abcdef0").port(8080).build();
                vec![TargetHealthDescription::builder().target(t).build()]
            });
            DescribeTargetHealthOutput::builder().set_target_health_descriptions(registered).build()
        });
        let s = w.clone();
        let targets_out = mock!(Elbv2::deregister_targets).then_compute_output(move |_| {
            s.lock().unwrap().1 = false;
            DeregisterTargetsOutput::builder().build()
        });
        let s = w.clone();
        let targets_in = mock!(Elbv2::register_targets).then_compute_output(move |req| {
            assert_eq!(req.targets()[0].port(), Some(8080), "the port it was registered on");
            s.lock().unwrap().1 = true;
            RegisterTargetsOutput::builder().build()
        });
        let mut aws = aws();
        aws.elb = mock_client!(aws_sdk_elasticloadbalancing, RuleMode::MatchAny, [&classic, &classic_out, &classic_in]);
        aws.elbv2 = mock_client!(
            aws_sdk_elasticloadbalancingv2,
            RuleMode::MatchAny,
            [&groups, &health, &targets_out, &targets_in]
        );
        (aws, targets_out)
    }

    #[tokio::test]
    async fn deregistering_converges_and_undo_registers_it_again_where_it_was() {
        let w: World = Arc::new(Mutex::new((true, true)));
        let (aws, deregister) = lbs(&w);
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let (first, checkpoints) = execute(&DeregisterFromLoadBalancers, &aws, &params, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (false, false));
        assert_eq!((first.deregistered.classic.len(), first.deregistered.targets.len()), (1, 1));
        let (again, _) = execute(&DeregisterFromLoadBalancers, &aws, &params, Vec::new()).await;
        assert_eq!(deregister.num_calls(), 1, "a second run changes nothing");
        assert!(matches!(DeregisterFromLoadBalancers.undo(&params, &again), Undo::NothingToUndo));
        let (recalled, _) = execute(&DeregisterFromLoadBalancers, &aws, &params, checkpoints.clone()).await;
        assert_eq!(recalled.deregistered, first.deregistered, "the crash is recalled");
        let Undo::Steps { steps } = DeregisterFromLoadBalancers.undo_recorded(&params, &Recorded(&checkpoints)) else {
            panic!("undo from the checkpoint")
        };
        let register: cordon_actions::ec2::register_with_load_balancers::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        execute(&RegisterWithLoadBalancers, &aws, &register, Vec::new()).await;
        execute(&RegisterWithLoadBalancers, &aws, &register, Vec::new()).await;
        assert_eq!(*w.lock().unwrap(), (true, true));
        let registered: BTreeSet<String> = register.registrations.classic.iter().cloned().collect();
        assert_eq!(registered, BTreeSet::from(["web-elb".to_string()]));
    }
}
