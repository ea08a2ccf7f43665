//! `ec2.isolate_subnet_acl` on a mocked EC2 that keeps network ACLs and their subnets: an
//! ACL carrying the case's tag is not trusted for it, a half-built one is completed before
//! use, a failure is undone from the checkpoint, and the original ACL survives re-runs.

use std::collections::BTreeMap;

use crate::*;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::error::ErrorMetadata;
use aws_sdk_ec2::operation::create_network_acl::CreateNetworkAclOutput;
use aws_sdk_ec2::operation::create_network_acl_entry::CreateNetworkAclEntryOutput;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::operation::describe_network_acls::DescribeNetworkAclsOutput;
use aws_sdk_ec2::operation::replace_network_acl_association::{
    ReplaceNetworkAclAssociationError, ReplaceNetworkAclAssociationOutput,
};
use aws_sdk_ec2::types::{
    Instance, InstanceNetworkInterface, NetworkAcl, NetworkAclAssociation, NetworkAclEntry, PortRange, Reservation,
    RuleAction, Tag,
};
use cordon_actions::ec2::isolate_subnet_acl::Params;
use cordon_actions::ec2::restore_subnet_acl::Params as Restore;
use cordon_actions::{IsolateSubnetAcl, RestoreSubnetAcl};
use cordon_core::action::Recorded;

#[derive(Clone, Default)]
struct Acl {
    case_tag: Option<String>,
    /// (egress, rule number, cidr, from port, to port)
    entries: Vec<(bool, i32, String, i32, i32)>,
}

#[derive(Default)]
struct State {
    acls: BTreeMap<String, Acl>,
    /// subnet -> its ACL
    subnets: BTreeMap<String, String>,
    /// Subnets whose association may not be replaced.
    refuse: Vec<String>,
}

type World = Arc<Mutex<State>>;

fn sdk_acl(st: &State, id: &str, a: &Acl) -> NetworkAcl {
    let mut b = NetworkAcl::builder().network_acl_id(id).vpc_id("vpc-1").is_default(false);
    for (subnet, acl) in &st.subnets {
        if acl == id {
            b = b.associations(
                NetworkAclAssociation::builder()
                    .subnet_id(subnet)
                    .network_acl_association_id(format!("aclassoc-{subnet}"))
                    .network_acl_id(id)
                    .build(),
            );
        }
    }
    for (egress, n, cidr, from, to) in &a.entries {
        b = b.entries(
            NetworkAclEntry::builder()
                .egress(*egress)
                .rule_number(*n)
                .protocol("6")
                .rule_action(RuleAction::Allow)
                .cidr_block(cidr)
                .port_range(PortRange::builder().from(*from).to(*to).build())
                .build(),
        );
    }
    // AWS's own deny-all entries.
    for egress in [false, true] {
        b = b.entries(
            NetworkAclEntry::builder()
                .egress(egress)
                .rule_number(32767)
                .protocol("-1")
                .rule_action(RuleAction::Deny)
                .cidr_block("0.0.0.0/0")
                .build(),
        );
    }
    if let Some(case) = &a.case_tag {
        b = b.tags(Tag::builder().key("cordon:case").value(case).build());
    }
    b.build()
}

fn ec2(w: &World) -> Aws {
    let s = w.clone();
    let instance = mock!(Client::describe_instances).then_compute_output(move |_| {
        let st = s.lock().unwrap();
        let enis = st.subnets.keys().enumerate().map(|(i, subnet)| {
            InstanceNetworkInterface::builder().network_interface_id(format!("eni-{i}")).subnet_id(subnet).build()
        });
        let inst = Instance::builder()
            .instance_id("i-0123456789abcdef0")
            .vpc_id("vpc-1")
            .set_network_interfaces(Some(enis.collect()))
            .build();
        DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
    });
    let s = w.clone();
    let describe = mock!(Client::describe_network_acls).then_compute_output(move |req| {
        let st = s.lock().unwrap();
        let value = |name: &str| {
            req.filters().iter().find(|f| f.name() == Some(name)).and_then(|f| f.values().first().cloned())
        };
        let (subnet, case) = (value("association.subnet-id"), value("tag:cordon:case"));
        let found = st.acls.iter().filter(|(id, a)| {
            (req.network_acl_ids().is_empty() || req.network_acl_ids().contains(id))
                && subnet.as_ref().is_none_or(|s| st.subnets.get(s) == Some(id))
                && case.as_ref().is_none_or(|c| a.case_tag.as_ref() == Some(c))
        });
        DescribeNetworkAclsOutput::builder()
            .set_network_acls(Some(found.map(|(id, a)| sdk_acl(&st, id, a)).collect()))
            .build()
    });
    let s = w.clone();
    let create = mock!(Client::create_network_acl).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let id = format!("acl-{:017x}", st.acls.len() + 100);
        let case = req.tag_specifications().iter().flat_map(|t| t.tags()).find(|t| t.key() == Some("cordon:case"));
        let acl = Acl { case_tag: case.and_then(|t| t.value()).map(str::to_string), entries: Vec::new() };
        st.acls.insert(id.clone(), acl);
        CreateNetworkAclOutput::builder().network_acl(NetworkAcl::builder().network_acl_id(id).build()).build()
    });
    let s = w.clone();
    let entry = mock!(Client::create_network_acl_entry).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let ports = req.port_range().map(|r| (r.from().unwrap_or(0), r.to().unwrap_or(0))).unwrap_or((0, 0));
        let cidr = req.cidr_block().or(req.ipv6_cidr_block()).unwrap_or_default().to_string();
        let e = (req.egress().unwrap_or(false), req.rule_number().unwrap_or(0), cidr, ports.0, ports.1);
        st.acls.get_mut(req.network_acl_id().unwrap_or_default()).unwrap().entries.push(e);
        CreateNetworkAclEntryOutput::builder().build()
    });
    let s = w.clone();
    let refused = mock!(Client::replace_network_acl_association)
        .match_requests(move |r| {
            let subnet = r.association_id().unwrap_or_default().trim_start_matches("aclassoc-").to_string();
            s.lock().unwrap().refuse.contains(&subnet)
        })
        .then_error(|| {
            ReplaceNetworkAclAssociationError::generic(
                ErrorMetadata::builder().code("UnauthorizedOperation").message("denied").build(),
            )
        });
    let s = w.clone();
    let replace = mock!(Client::replace_network_acl_association).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let subnet = req.association_id().unwrap_or_default().trim_start_matches("aclassoc-").to_string();
        st.subnets.insert(subnet.clone(), req.network_acl_id().unwrap_or_default().to_string());
        ReplaceNetworkAclAssociationOutput::builder().new_association_id(format!("aclassoc-{subnet}")).build()
    });
    let mut aws = aws();
    aws.ec2 =
        mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&instance, &describe, &create, &entry, &refused, &replace]);
    aws
}

const S1: &str = "subnet-00000000000000001";
const S2: &str = "subnet-00000000000000002";
const ORIGINAL: &str = "acl-0000000000000000a";

fn world() -> World {
    let mut st = State::default();
    st.acls.insert(ORIGINAL.into(), Acl::default());
    st.subnets.insert(S1.into(), ORIGINAL.into());
    st.subnets.insert(S2.into(), ORIGINAL.into());
    Arc::new(Mutex::new(st))
}

fn params() -> Params {
    serde_json::from_value(
        serde_json::json!({"instance_id": "i-0123456789abcdef0", "examiner_cidr": "203.0.113.10/32"}),
    )
    .unwrap()
}

fn acl_of(w: &World, subnet: &str) -> String {
    w.lock().unwrap().subnets[subnet].clone()
}

#[tokio::test(start_paused = true)]
async fn an_acl_with_the_case_tag_and_an_allow_all_entry_is_not_used() {
    let w = world();
    let planted = Acl { case_tag: Some("IR-1".into()), entries: vec![(false, 1, "0.0.0.0/0".into(), 0, 65535)] };
    w.lock().unwrap().acls.insert("acl-00000000000000bad".into(), planted);
    let aws = ec2(&w);
    let (receipt, _) = execute(&IsolateSubnetAcl, &aws, &params(), Vec::new()).await;
    assert_ne!(receipt.network_acl_id, "acl-00000000000000bad");
    assert_eq!(acl_of(&w, S1), receipt.network_acl_id);
    let entries = w.lock().unwrap().acls[&receipt.network_acl_id].entries.clone();
    assert_eq!(entries.len(), 2, "the examiner in on 22 and back out, nothing else: {entries:?}");
    assert!(receipt.warnings.iter().any(|w| w.contains("acl-00000000000000bad") && w.contains("not used")));
}

#[tokio::test(start_paused = true)]
async fn a_half_built_acl_of_the_case_is_completed_before_it_is_associated() {
    let w = world();
    // An interrupted attempt created the case's ACL but only one of its two entries.
    let half = Acl { case_tag: Some("IR-1".into()), entries: vec![(false, 100, "203.0.113.10/32".into(), 22, 22)] };
    w.lock().unwrap().acls.insert("acl-0000000000000half".into(), half);
    let aws = ec2(&w);
    let (receipt, _) = execute(&IsolateSubnetAcl, &aws, &params(), Vec::new()).await;
    assert_eq!(receipt.network_acl_id, "acl-0000000000000half");
    assert_eq!(w.lock().unwrap().acls["acl-0000000000000half"].entries.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_refused_subnet_fails_the_step_and_undo_restores_both_from_the_checkpoint() {
    let w = world();
    w.lock().unwrap().refuse.push(S2.into());
    let aws = ec2(&w);
    let (result, checkpoints) = try_execute(&IsolateSubnetAcl, &aws, &params(), Vec::new(), Vec::new()).await;
    let e = result.expect_err("fails");
    assert_eq!(e.resource.as_deref(), Some(S2), "{e}");
    assert_ne!(acl_of(&w, S1), ORIGINAL, "the other subnet was isolated");
    let Undo::Steps { steps } = IsolateSubnetAcl.undo_recorded(&params(), &Recorded(&checkpoints)) else {
        panic!("undo from the checkpoint")
    };
    let restore: Restore = serde_json::from_value(steps[0].params.clone()).unwrap();
    w.lock().unwrap().refuse.clear();
    let _ = execute(&RestoreSubnetAcl, &aws, &restore, Vec::new()).await;
    assert_eq!((acl_of(&w, S1), acl_of(&w, S2)), (ORIGINAL.to_string(), ORIGINAL.to_string()));
}

#[tokio::test(start_paused = true)]
async fn a_crash_or_a_new_run_keeps_the_original_acl() {
    let w = world();
    let aws = ec2(&w);
    let (first, checkpoints) = execute(&IsolateSubnetAcl, &aws, &params(), Vec::new()).await;
    assert!(first.subnets.iter().all(|s| s.network_acl_id == ORIGINAL));
    let acls = w.lock().unwrap().acls.len();
    // Resumed after a crash: same ACL, same originals.
    let (resumed, _) = execute(&IsolateSubnetAcl, &aws, &params(), checkpoints.clone()).await;
    assert_eq!(resumed.network_acl_id, first.network_acl_id);
    assert!(resumed.subnets.iter().all(|s| s.network_acl_id == ORIGINAL));
    // A new run of the case: the subnets hold the case's ACL, the original is the record's.
    let (again, _) = try_execute(&IsolateSubnetAcl, &aws, &params(), Vec::new(), checkpoints).await;
    let again = again.unwrap();
    assert!(again.subnets.iter().all(|s| s.network_acl_id == ORIGINAL), "{:?}", again.subnets);
    assert_eq!(w.lock().unwrap().acls.len(), acls, "no second ACL");
}
