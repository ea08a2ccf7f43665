//! `ec2.isolate_instance` on a mocked EC2 that keeps security groups and interfaces: it
//! never fails open, trusts no group by name, waits out eventual consistency, and
//! converges after a crash.

use std::collections::{BTreeMap, HashSet};

use crate::*;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::error::ErrorMetadata;
use aws_sdk_ec2::operation::authorize_security_group_egress::{
    AuthorizeSecurityGroupEgressError, AuthorizeSecurityGroupEgressOutput,
};
use aws_sdk_ec2::operation::authorize_security_group_ingress::AuthorizeSecurityGroupIngressOutput;
use aws_sdk_ec2::operation::create_security_group::CreateSecurityGroupOutput;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::operation::describe_network_interfaces::DescribeNetworkInterfacesOutput;
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::operation::modify_network_interface_attribute::{
    ModifyNetworkInterfaceAttributeError, ModifyNetworkInterfaceAttributeOutput,
};
use aws_sdk_ec2::operation::revoke_security_group_egress::RevokeSecurityGroupEgressOutput;
use aws_sdk_ec2::operation::revoke_security_group_ingress::RevokeSecurityGroupIngressOutput;
use aws_sdk_ec2::types::{
    GroupIdentifier, Instance, InstanceNetworkInterface, IpPermission, IpRange, Ipv6Range, NetworkInterface,
    Reservation, SecurityGroup, Tag,
};
use cordon_actions::IsolateInstance;
use cordon_actions::ec2::isolate_instance::Params;
use cordon_core::action::Recorded;

/// One group: name, case tag, and its rules as (direction, protocol, port, peer).
#[derive(Clone, Debug, Default)]
struct Group {
    name: String,
    case_tag: Option<String>,
    rules: HashSet<(bool, String, Option<i32>, String)>,
}

#[derive(Default)]
struct State {
    groups: BTreeMap<String, Group>,
    enis: BTreeMap<String, Vec<String>>,
    /// Interfaces whose move into the containment group is refused (AccessDenied).
    refuse_containment: HashSet<String>,
    /// Groups EC2 does not see yet (the first few authorize calls fail with NotFound).
    invisible: BTreeMap<String, u32>,
}

type World = Arc<Mutex<State>>;

fn flatten(ingress: bool, perms: &[IpPermission]) -> Vec<(bool, String, Option<i32>, String)> {
    let mut out = Vec::new();
    for p in perms {
        let proto = p.ip_protocol().unwrap_or("-1").to_string();
        let port = if proto == "-1" { None } else { p.from_port() };
        for r in p.ip_ranges() {
            out.push((ingress, proto.clone(), port, r.cidr_ip().unwrap_or_default().to_string()));
        }
        for r in p.ipv6_ranges() {
            out.push((ingress, proto.clone(), port, r.cidr_ipv6().unwrap_or_default().to_string()));
        }
        for g in p.user_id_group_pairs() {
            out.push((ingress, proto.clone(), port, g.group_id().unwrap_or_default().to_string()));
        }
    }
    out
}

fn perms(g: &Group, ingress: bool) -> Vec<IpPermission> {
    g.rules
        .iter()
        .filter(|r| r.0 == ingress)
        .map(|(_, proto, port, peer)| {
            let mut p = IpPermission::builder().ip_protocol(proto);
            if let Some(port) = port {
                p = p.from_port(*port).to_port(*port);
            }
            if peer.contains(':') {
                p.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(peer).build()).build()
            } else {
                p.ip_ranges(IpRange::builder().cidr_ip(peer).build()).build()
            }
        })
        .collect()
}

fn sdk_group(id: &str, g: &Group) -> SecurityGroup {
    let mut b = SecurityGroup::builder()
        .group_id(id)
        .group_name(&g.name)
        .vpc_id("vpc-1")
        .set_ip_permissions(Some(perms(g, true)))
        .set_ip_permissions_egress(Some(perms(g, false)));
    if let Some(case) = &g.case_tag {
        b = b.tags(Tag::builder().key("cordon:case").value(case).build());
    }
    b.build()
}

fn not_found() -> ErrorMetadata {
    ErrorMetadata::builder().code("InvalidGroup.NotFound").message("not yet").build()
}

/// Whether the group is still invisible (counting this call against it).
fn invisible(w: &World, id: &str) -> bool {
    let mut st = w.lock().unwrap();
    match st.invisible.get_mut(id) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

/// Mocked EC2 over `world`; returns the client and the ModifyNetworkInterfaceAttribute rule.
fn ec2(w: &World) -> (Aws, aws_smithy_mocks::Rule) {
    let s = w.clone();
    let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
        let st = s.lock().unwrap();
        let enis = st.enis.iter().map(|(eni, groups)| {
            InstanceNetworkInterface::builder()
                .network_interface_id(eni)
                .set_groups(Some(groups.iter().map(|g| GroupIdentifier::builder().group_id(g).build()).collect()))
                .build()
        });
        let inst = Instance::builder()
            .instance_id("i-0123456789abcdef0")
            .vpc_id("vpc-1")
            .set_network_interfaces(Some(enis.collect()))
            .build();
        DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
    });
    let s = w.clone();
    let groups = mock!(Client::describe_security_groups).then_compute_output(move |req| {
        let st = s.lock().unwrap();
        let names: Vec<String> =
            req.filters().iter().filter(|f| f.name() == Some("group-name")).flat_map(|f| f.values().to_vec()).collect();
        let found = st.groups.iter().filter(|(id, g)| {
            (req.group_ids().is_empty() || req.group_ids().contains(id))
                && (names.is_empty() || names.contains(&g.name))
        });
        DescribeSecurityGroupsOutput::builder()
            .set_security_groups(Some(found.map(|(id, g)| sdk_group(id, g)).collect()))
            .build()
    });
    let s = w.clone();
    let create = mock!(Client::create_security_group).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let id = format!("sg-{:017x}", st.groups.len() + 1);
        let case = req.tag_specifications().iter().flat_map(|t| t.tags()).find(|t| t.key() == Some("cordon:case"));
        let mut g = Group { name: req.group_name().unwrap_or_default().into(), ..Group::default() };
        g.case_tag = case.and_then(|t| t.value()).map(str::to_string);
        // A new group allows all egress (IPv4).
        g.rules.insert((false, "-1".into(), None, "0.0.0.0/0".into()));
        st.groups.insert(id.clone(), g);
        // EC2 is eventually consistent: the new group is not found by the next two calls.
        st.invisible.insert(id.clone(), 2);
        CreateSecurityGroupOutput::builder().group_id(id).build()
    });
    let (s1, s2) = (w.clone(), w.clone());
    let authorize_out_missing = mock!(Client::authorize_security_group_egress)
        .match_requests(move |r| invisible(&s1, r.group_id().unwrap_or_default()))
        .then_error(|| AuthorizeSecurityGroupEgressError::generic(not_found()));
    let authorize_out = mock!(Client::authorize_security_group_egress).then_compute_output(move |req| {
        let mut st = s2.lock().unwrap();
        let g = st.groups.get_mut(req.group_id().unwrap_or_default()).unwrap();
        g.rules.extend(flatten(false, req.ip_permissions()));
        AuthorizeSecurityGroupEgressOutput::builder().build()
    });
    let s = w.clone();
    let authorize_in = mock!(Client::authorize_security_group_ingress).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let g = st.groups.get_mut(req.group_id().unwrap_or_default()).unwrap();
        g.rules.extend(flatten(true, req.ip_permissions()));
        AuthorizeSecurityGroupIngressOutput::builder().build()
    });
    let s = w.clone();
    let revoke_out = mock!(Client::revoke_security_group_egress).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let g = st.groups.get_mut(req.group_id().unwrap_or_default()).unwrap();
        for r in flatten(false, req.ip_permissions()) {
            g.rules.remove(&r);
        }
        RevokeSecurityGroupEgressOutput::builder().build()
    });
    let s = w.clone();
    let revoke_in = mock!(Client::revoke_security_group_ingress).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let g = st.groups.get_mut(req.group_id().unwrap_or_default()).unwrap();
        for r in flatten(true, req.ip_permissions()) {
            g.rules.remove(&r);
        }
        RevokeSecurityGroupIngressOutput::builder().build()
    });
    let s = w.clone();
    let refused = mock!(Client::modify_network_interface_attribute)
        .match_requests(move |r| {
            let st = s.lock().unwrap();
            let eni = r.network_interface_id().unwrap_or_default();
            let into = r.groups().first().and_then(|g| st.groups.get(g)).map(|g| g.name.clone()).unwrap_or_default();
            st.refuse_containment.contains(eni) && into.starts_with("cordon-isolation")
        })
        .then_error(|| {
            ModifyNetworkInterfaceAttributeError::generic(
                ErrorMetadata::builder().code("UnauthorizedOperation").message("denied").build(),
            )
        });
    let s = w.clone();
    let enis = mock!(Client::describe_network_interfaces).then_compute_output(move |req| {
        let st = s.lock().unwrap();
        let found = req.network_interface_ids().iter().filter_map(|eni| {
            let groups = st.enis.get(eni)?.iter().map(|g| GroupIdentifier::builder().group_id(g).build());
            Some(NetworkInterface::builder().network_interface_id(eni).set_groups(Some(groups.collect())).build())
        });
        DescribeNetworkInterfacesOutput::builder().set_network_interfaces(Some(found.collect())).build()
    });
    let s = w.clone();
    let modify = mock!(Client::modify_network_interface_attribute).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        st.enis.insert(req.network_interface_id().unwrap_or_default().into(), req.groups().to_vec());
        ModifyNetworkInterfaceAttributeOutput::builder().build()
    });
    let mut aws = aws();
    aws.ec2 = mock_client!(
        aws_sdk_ec2,
        RuleMode::MatchAny,
        [
            &describe,
            &groups,
            &create,
            &authorize_out_missing,
            &authorize_out,
            &authorize_in,
            &revoke_out,
            &revoke_in,
            &enis,
            &refused,
            &modify
        ]
    );
    (aws, modify)
}

fn world(enis: &[(&str, &[&str])]) -> World {
    let st = State {
        enis: enis.iter().map(|(e, g)| (e.to_string(), g.iter().map(|g| g.to_string()).collect())).collect(),
        ..State::default()
    };
    Arc::new(Mutex::new(st))
}

fn params() -> Params {
    serde_json::from_value(
        serde_json::json!({"instance_id": "i-0123456789abcdef0", "examiner_cidr": "203.0.113.10/32"}),
    )
    .unwrap()
}

fn held(w: &World, eni: &str) -> Vec<String> {
    w.lock().unwrap().enis[eni].clone()
}

fn name_of(w: &World, id: &str) -> String {
    w.lock().unwrap().groups[id].name.clone()
}

fn rules_of(w: &World, id: &str) -> HashSet<(bool, String, Option<i32>, String)> {
    w.lock().unwrap().groups[id].rules.clone()
}

const ENI_A: &str = "eni-0000000000000000a";
const ENI_B: &str = "eni-0000000000000000b";

#[tokio::test(start_paused = true)]
async fn a_refused_move_into_containment_puts_the_interface_back_and_undo_restores_the_rest() {
    let w = world(&[(ENI_A, &["sg-0000000000000000a"]), (ENI_B, &["sg-0000000000000000b"])]);
    w.lock().unwrap().refuse_containment.insert(ENI_B.into());
    let (aws, _) = ec2(&w);
    let (result, checkpoints) = try_execute(&IsolateInstance, &aws, &params(), Vec::new(), Vec::new()).await;
    let e = result.expect_err("the step fails");
    assert!(e.to_string().contains(ENI_B), "names the interface: {e}");
    assert!(e.to_string().contains("moved back to its original groups"), "{e}");
    // Never left in the all-traffic group: B is back as it was, A is contained.
    assert_eq!(held(&w, ENI_B), ["sg-0000000000000000b"]);
    assert!(name_of(&w, &held(&w, ENI_A)[0]).starts_with("cordon-isolation-IR-1"));
    // Each interface's outcome is journaled.
    let outcomes: Vec<&Value> = checkpoints.iter().filter_map(|c| c.get("interface_outcome")).collect();
    assert_eq!(outcomes.len(), 2, "{checkpoints:?}");
    // Undo of the failed step restores every interface from its checkpoint.
    let Undo::Steps { steps } = IsolateInstance.undo_recorded(&params(), &Recorded(&checkpoints)) else {
        panic!("undo restores from the checkpoint")
    };
    let restore: cordon_actions::ec2::restore_interface_groups::Params =
        serde_json::from_value(steps[0].params.clone()).unwrap();
    let (_, _) = execute(&cordon_actions::RestoreInterfaceGroups, &aws, &restore, Vec::new()).await;
    assert_eq!(held(&w, ENI_A), ["sg-0000000000000000a"]);
    assert_eq!(held(&w, ENI_B), ["sg-0000000000000000b"]);
}

#[tokio::test(start_paused = true)]
async fn groups_planted_under_cordons_names_are_not_used() {
    let w = world(&[(ENI_A, &["sg-0000000000000000a"])]);
    {
        let mut st = w.lock().unwrap();
        // The attacker's "containment" group: the case's tag, but open on 22 to the world.
        let mut open =
            Group { name: "cordon-isolation-IR-1".into(), case_tag: Some("IR-1".into()), ..Group::default() };
        open.rules.insert((true, "tcp".into(), Some(22), "0.0.0.0/0".into()));
        st.groups.insert("sg-00000000000000bad".into(), open);
        // And an "all-traffic" group with no rules and no tag: flows through it stay tracked.
        let empty = Group { name: "cordon-untrack-IR-1".into(), ..Group::default() };
        st.groups.insert("sg-00000000000000bae".into(), empty);
    }
    let (aws, _) = ec2(&w);
    let (receipt, _) = execute(&IsolateInstance, &aws, &params(), Vec::new()).await;
    assert_eq!(name_of(&w, &receipt.containment_group_id), "cordon-isolation-IR-1-2");
    assert_eq!(name_of(&w, &receipt.untracking_group_id), "cordon-untrack-IR-1-2");
    assert_eq!(held(&w, ENI_A), std::slice::from_ref(&receipt.containment_group_id));
    // Exactly the examiner in, nothing out.
    let expected: HashSet<_> = [(true, "tcp".to_string(), Some(22), "203.0.113.10/32".to_string())].into();
    assert_eq!(rules_of(&w, &receipt.containment_group_id), expected);
    let untrack = rules_of(&w, &receipt.untracking_group_id);
    for peer in ["0.0.0.0/0", "::/0"] {
        for ingress in [true, false] {
            assert!(untrack.contains(&(ingress, "-1".into(), None, peer.into())), "{untrack:?}");
        }
    }
    assert_eq!(receipt.warnings.iter().filter(|w| w.contains("not used")).count(), 2, "{:?}", receipt.warnings);
}

#[tokio::test(start_paused = true)]
async fn a_crash_and_a_new_run_keep_the_true_original_groups() {
    let w = world(&[(ENI_A, &["sg-0000000000000000a"])]);
    let (aws, modify) = ec2(&w);
    let (first, checkpoints) = execute(&IsolateInstance, &aws, &params(), Vec::new()).await;
    assert_eq!(first.interfaces[0].original_groups, ["sg-0000000000000000a"]);
    let moves = modify.num_calls();
    // Resumed after a crash between the change and its outcome: the receipt still undoes it.
    let (resumed, _) = execute(&IsolateInstance, &aws, &params(), checkpoints.clone()).await;
    assert_eq!(modify.num_calls(), moves, "nothing moved again");
    assert!(!resumed.interfaces[0].already_isolated);
    assert_eq!(resumed.interfaces[0].original_groups, ["sg-0000000000000000a"]);
    assert!(matches!(IsolateInstance.undo(&params(), &resumed), Undo::Steps { .. }));
    // A new run in the same case: nothing changes, its undo is the first run's, and the
    // original groups are still the ones before Cordon (not Cordon's own group).
    let (again, _) = try_execute(&IsolateInstance, &aws, &params(), Vec::new(), checkpoints).await;
    let again = again.unwrap();
    assert!(again.interfaces[0].already_isolated);
    assert_eq!(again.interfaces[0].original_groups, ["sg-0000000000000000a"]);
    assert!(matches!(IsolateInstance.undo(&params(), &again), Undo::NothingToUndo));
}
