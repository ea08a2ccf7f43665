//! Isolation options against the emulator: an IPv6 examiner, and a path kept to the
//! VPC's Systems Manager endpoints for memory capture — and nothing else.

use aws_sdk_ec2::types::VpcEndpointType;

use crate::helpers::*;

#[tokio::test]
async fn isolation_keeps_an_ipv6_examiner_and_the_ssm_endpoints_and_nothing_else() {
    let Some(emu) = emulator() else { return };
    let label = unique("ssm");
    let (aws, seeded) = seed(&emu.endpoint, &label).await;
    let endpoint_group = aws
        .ec2
        .create_security_group()
        .group_name(format!("ssm-endpoints-{label}"))
        .description("ssm endpoints")
        .vpc_id(&seeded.vpc_id)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
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
