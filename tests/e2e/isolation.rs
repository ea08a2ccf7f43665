//! Isolation options against the emulator: an IPv6 examiner, and a path kept to the
//! VPC's Systems Manager endpoints for memory capture — and nothing else; and an
//! instance with IPv6 addresses left with no IPv6 path open.

use aws_sdk_ec2::types::VpcEndpointType;

use crate::helpers::*;

#[tokio::test]
async fn isolation_keeps_an_ipv6_examiner_and_the_ssm_endpoints_and_nothing_else() {
    let Some(emu) = emulator() else { return };
    let label = unique("ssm");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let endpoint_group = security_group(&aws, &format!("ssm-endpoints-{label}"), "ssm endpoints", &seeded.vpc_id).await;
    for service in ["ssm", "ssmmessages", "ec2messages"] {
        aws.ec2
            .create_vpc_endpoint()
            .vpc_id(&seeded.vpc_id)
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .service_name(format!("com.amazonaws.us-east-1.{service}"))
            .subnet_ids(&seeded.subnet_id)
            .security_group_ids(&endpoint_group)
            .send()
            .await
            .unwrap();
    }
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &access_key(&label))
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case])
        .args(["--set", &format!("instance_id={}", seeded.instance_id)])
        .args(["--set", "examiner_cidr=2001:db8::10/128", "--set", "allow_ssm=true", "--case-dir"])
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));

    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(
            aws_sdk_ec2::types::Filter::builder().name("group-name").values(format!("cordon-isolation-{case}")).build(),
        )
        .send()
        .await
        .unwrap();
    let group = &groups.security_groups()[0];
    let egress = group.ip_permissions_egress();
    assert_eq!(egress.len(), 1, "only the Systems Manager path: {egress:?}");
    assert_eq!(
        (egress[0].ip_protocol(), egress[0].from_port(), egress[0].to_port()),
        (Some("tcp"), Some(443), Some(443))
    );
    let to: Vec<&str> = egress[0].user_id_group_pairs().iter().filter_map(|g| g.group_id()).collect();
    assert_eq!(to, [endpoint_group.as_str()]);
    assert!(egress[0].ip_ranges().is_empty() && egress[0].ipv6_ranges().is_empty(), "no address range is open");
    let ingress = group.ip_permissions();
    assert_eq!(ingress.len(), 1, "{ingress:?}");
    let v6: Vec<&str> = ingress[0].ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()).collect();
    assert_eq!(v6, ["2001:db8::10/128"]);
    assert_eq!(ingress[0].from_port(), Some(22));
    assert!(ingress[0].ip_ranges().is_empty());
}

/// An instance with IPv6 (VPC, subnet and interface addresses): after isolation, no
/// IPv6 range is open in the containment group, and the case's network ACL allows no
/// IPv6 traffic; undo gives the interfaces back their groups, IPv6 rules included.
#[tokio::test]
async fn an_ipv6_instance_is_left_with_no_ipv6_path_open() {
    use aws_sdk_ec2::types::{Filter, IpPermission, Ipv6Range};
    let Some(emu) = emulator() else { return };
    let label = unique("ipv6");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let vpc = aws
        .ec2
        .associate_vpc_cidr_block()
        .vpc_id(&seeded.vpc_id)
        .amazon_provided_ipv6_cidr_block(true)
        .send()
        .await
        .unwrap();
    let block = vpc.ipv6_cidr_block_association().and_then(|a| a.ipv6_cidr_block()).unwrap().to_string();
    let subnet_block = format!("{}/64", block.split('/').next().unwrap());
    aws.ec2
        .associate_subnet_cidr_block()
        .subnet_id(&seeded.subnet_id)
        .ipv6_cidr_block(&subnet_block)
        .send()
        .await
        .unwrap();
    for eni in &seeded.network_interface_ids {
        aws.ec2.assign_ipv6_addresses().network_interface_id(eni).ipv6_address_count(1).send().await.unwrap();
    }
    // The web group is open to the IPv6 internet, as such groups often are.
    let open = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
        .build();
    aws.ec2
        .authorize_security_group_ingress()
        .group_id(&seeded.web_group_id)
        .ip_permissions(open)
        .send()
        .await
        .unwrap();

    let routes = || async {
        let t = aws
            .ec2
            .describe_route_tables()
            .filters(Filter::builder().name("vpc-id").values(&seeded.vpc_id).build())
            .send()
            .await
            .unwrap();
        format!("{:?}", t.route_tables().iter().map(|r| r.routes().to_vec()).collect::<Vec<_>>())
    };
    let routes_before = routes().await;
    let case = format!("IR-{label}");
    let tmp = tempfile::tempdir().unwrap();
    let key = access_key(&label);
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("ec2-compromise.yaml"), "--case", &case])
        .args(["--set", &format!("instance_id={}", seeded.instance_id), "--set", "isolate_subnet=true"])
        .arg("--case-dir")
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));

    let name = format!("cordon-isolation-{case}");
    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values(&name).build())
        .send()
        .await
        .unwrap();
    let contain = &groups.security_groups()[0];
    let v6 = |perms: &[IpPermission]| perms.iter().flat_map(|p| p.ipv6_ranges().to_vec()).count();
    assert_eq!(v6(contain.ip_permissions()) + v6(contain.ip_permissions_egress()), 0, "no IPv6 range: {contain:?}");
    assert!(contain.ip_permissions().is_empty() && contain.ip_permissions_egress().is_empty(), "{contain:?}");
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let n = &d.network_interfaces()[0];
        assert!(!n.ipv6_addresses().is_empty(), "{eni} has an IPv6 address");
        let held: Vec<&str> = n.groups().iter().filter_map(|g| g.group_id()).collect();
        assert_eq!(held, [contain.group_id().unwrap()], "{eni}");
    }
    let acls = aws
        .ec2
        .describe_network_acls()
        .filters(Filter::builder().name("association.subnet-id").values(&seeded.subnet_id).build())
        .send()
        .await
        .unwrap();
    let acl = &acls.network_acls()[0];
    let allows_v6 = acl
        .entries()
        .iter()
        .any(|e| e.ipv6_cidr_block().is_some() && e.rule_action().is_some_and(|a| a.as_str() == "allow"));
    assert!(!allows_v6, "the case's ACL allows no IPv6 traffic: {acl:?}");
    assert_eq!(routes().await, routes_before, "no route added (IPv6 or other)");

    let undone = run(cordon(&emu.endpoint, &key).args(["undo", "--yes"]).arg(tmp.path()));
    assert!(undone.status.success(), "{}", text(&undone));
    for eni in &seeded.network_interface_ids {
        let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
        let held: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).collect();
        assert_eq!(held, [seeded.web_group_id.as_str()], "{eni}: back in its group, IPv6 rule and all");
    }
}
