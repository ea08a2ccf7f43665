//! What surrounds an instance, as evidence JSON: its user data, image, security group
//! rules, route tables, the VPC's flow-log configuration, its launch template and its
//! instance profile's roles with their policies. Read
//! concurrently by `ec2.capture_metadata`. Not an action.

use aws_sdk_ec2::types::{Filter, Instance, InstanceAttributeName, IpPermission};
use base64::Engine as _;
use cordon_aws::{Aws, call};
use cordon_core::ActionError;
use cordon_core::action::CallLog;
use cordon_core::ops;
use serde_json::{Value, json};

use crate::ec2::json::time;

/// The context artifacts: (file name, content) pairs.
pub(crate) async fn context(
    aws: &Aws,
    log: &dyn CallLog,
    inst: &Instance,
) -> Result<Vec<(&'static str, Value)>, ActionError> {
    let id = inst.instance_id().unwrap_or_default();
    let vpc = inst.vpc_id().unwrap_or_default();
    let mut groups: Vec<String> = inst
        .network_interfaces()
        .iter()
        .flat_map(|n| n.groups().iter().filter_map(|g| g.group_id()).map(str::to_string))
        .collect();
    groups.sort();
    groups.dedup();
    let mut subnets: Vec<String> =
        inst.network_interfaces().iter().filter_map(|n| n.subnet_id()).map(str::to_string).collect();
    subnets.sort();
    subnets.dedup();
    let by = |name: &str, values: Vec<String>| Filter::builder().name(name).set_values(Some(values)).build();
    let user_data = call(
        log,
        ops::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
        id,
        aws.ec2.describe_instance_attribute().instance_id(id).attribute(InstanceAttributeName::UserData).send(),
    );
    let image = async {
        match inst.image_id() {
            Some(image) => {
                call(log, ops::ec2::DESCRIBE_IMAGES, image, aws.ec2.describe_images().image_ids(image).send())
                    .await
                    .map(Some)
            }
            None => Ok(None),
        }
    };
    let sgs = call(
        log,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        id,
        aws.ec2.describe_security_groups().set_group_ids(Some(groups)).send(),
    );
    let routes = call(
        log,
        ops::ec2::DESCRIBE_ROUTE_TABLES,
        vpc,
        aws.ec2.describe_route_tables().filters(by("vpc-id", vec![vpc.to_string()])).send(),
    );
    let flow_logs = call(
        log,
        ops::ec2::DESCRIBE_FLOW_LOGS,
        vpc,
        aws.ec2.describe_flow_logs().filter(by("resource-id", vec![vpc.to_string()])).send(),
    );
    let tag = |k: &str| inst.tags().iter().find(|t| t.key() == Some(k)).and_then(|t| t.value()).map(str::to_string);
    let launch_template = async {
        let Some(lt) = tag("aws:ec2launchtemplate:id") else { return Ok(None) };
        let version = tag("aws:ec2launchtemplate:version").unwrap_or_else(|| "$Default".into());
        call(
            log,
            ops::ec2::DESCRIBE_LAUNCH_TEMPLATE_VERSIONS,
            &lt,
            aws.ec2.describe_launch_template_versions().launch_template_id(&lt).versions(&version).send(),
        )
        .await
        .map(Some)
    };
    let profile = instance_profile(aws, log, inst);
    let (user_data, image, sgs, routes, flow_logs, launch_template, profile) =
        futures::try_join!(user_data, image, sgs, routes, flow_logs, launch_template, profile)?;
    let launch_template = launch_template
        .and_then(|out| out.launch_template_versions().first().cloned())
        .map(|v| {
            let d = v.launch_template_data();
            let data_user = d.and_then(|d| d.user_data()).unwrap_or_default();
            json!({
                "launch_template_id": v.launch_template_id(),
                "launch_template_name": v.launch_template_name(),
                "version": v.version_number(),
                "default_version": v.default_version(),
                "created_by": v.created_by(),
                "created": time(v.create_time()),
                "image_id": d.and_then(|d| d.image_id()),
                "instance_type": d.and_then(|d| d.instance_type()).map(|t| t.as_str()),
                "key_name": d.and_then(|d| d.key_name()),
                "instance_profile": d.and_then(|d| d.iam_instance_profile()).map(|p| json!({"arn": p.arn(), "name": p.name()})),
                "security_group_ids": d.map(|d| d.security_group_ids()),
                "user_data_text": base64::engine::general_purpose::STANDARD.decode(data_user.trim()).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
                "metadata_http_tokens": d.and_then(|d| d.metadata_options()).and_then(|m| m.http_tokens()).map(|t| t.as_str()),
            })
        })
        .unwrap_or_else(|| json!({ "launched_from_template": false }));

    let raw = user_data.user_data().and_then(|u| u.value()).unwrap_or_default();
    let decoded = base64::engine::general_purpose::STANDARD.decode(raw.trim()).ok();
    let user_data = json!({
        "base64": raw,
        "text": decoded.as_deref().map(String::from_utf8_lossy),
    });
    let image = image
        .and_then(|out| out.images().first().cloned())
        .map(|i| {
            json!({
                "image_id": i.image_id(),
                "name": i.name(),
                "owner_id": i.owner_id(),
                "creation_date": i.creation_date(),
                "description": i.description(),
                "public": i.public(),
                "platform_details": i.platform_details(),
            })
        })
        .unwrap_or(Value::Null);
    let rules = |perms: &[IpPermission]| -> Vec<Value> {
        perms
            .iter()
            .map(|p| {
                json!({
                    "protocol": p.ip_protocol(),
                    "from_port": p.from_port(),
                    "to_port": p.to_port(),
                    "ipv4": p.ip_ranges().iter().map(|r| json!({"cidr": r.cidr_ip(), "description": r.description()})).collect::<Vec<_>>(),
                    "ipv6": p.ipv6_ranges().iter().map(|r| json!({"cidr": r.cidr_ipv6(), "description": r.description()})).collect::<Vec<_>>(),
                    "groups": p.user_id_group_pairs().iter().map(|g| g.group_id()).collect::<Vec<_>>(),
                    "prefix_lists": p.prefix_list_ids().iter().map(|l| l.prefix_list_id()).collect::<Vec<_>>(),
                })
            })
            .collect()
    };
    let security_groups: Vec<Value> = sgs
        .security_groups()
        .iter()
        .map(|g| {
            json!({
                "group_id": g.group_id(),
                "group_name": g.group_name(),
                "description": g.description(),
                "ingress": rules(g.ip_permissions()),
                "egress": rules(g.ip_permissions_egress()),
            })
        })
        .collect();
    // The tables that route the instance's subnets (explicitly, or as the VPC's main table).
    let route_tables: Vec<Value> = routes
        .route_tables()
        .iter()
        .filter(|t| {
            t.associations().iter().any(|a| {
                a.subnet_id().is_some_and(|s| subnets.iter().any(|x| x == s)) || a.main() == Some(true)
            })
        })
        .map(|t| {
            json!({
                "route_table_id": t.route_table_id(),
                "main": t.associations().iter().any(|a| a.main() == Some(true)),
                "subnets": t.associations().iter().filter_map(|a| a.subnet_id()).collect::<Vec<_>>(),
                "routes": t.routes().iter().map(|r| json!({
                    "destination": r.destination_cidr_block().or(r.destination_ipv6_cidr_block()).or(r.destination_prefix_list_id()),
                    "gateway": r.gateway_id(),
                    "nat_gateway": r.nat_gateway_id(),
                    "transit_gateway": r.transit_gateway_id(),
                    "network_interface": r.network_interface_id(),
                    "vpc_peering": r.vpc_peering_connection_id(),
                    "state": r.state().map(|s| s.as_str()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let flow_logs: Vec<Value> = flow_logs
        .flow_logs()
        .iter()
        .map(|f| {
            json!({
                "flow_log_id": f.flow_log_id(),
                "status": f.flow_log_status(),
                "traffic_type": f.traffic_type().map(|t| t.as_str()),
                "destination_type": f.log_destination_type().map(|t| t.as_str()),
                "destination": f.log_destination().or(f.log_group_name()),
                "created": time(f.creation_time()),
            })
        })
        .collect();
    Ok(vec![
        ("user-data.json", user_data),
        ("image.json", image),
        ("security-groups.json", Value::Array(security_groups)),
        ("route-tables.json", Value::Array(route_tables)),
        ("flow-logs.json", json!({ "vpc_id": vpc, "flow_logs": flow_logs, "enabled": !flow_logs.is_empty() })),
        ("launch-template.json", launch_template),
        ("instance-profile.json", profile),
    ])
}

/// The attached instance profile and, for each of its roles, the trust policy and every
/// attached and inline policy document: what the instance's credentials could do.
async fn instance_profile(aws: &Aws, log: &dyn CallLog, inst: &Instance) -> Result<Value, ActionError> {
    let Some(arn) = inst.iam_instance_profile().and_then(|p| p.arn()) else {
        return Ok(json!({ "attached": false }));
    };
    let name = arn.rsplit('/').next().unwrap_or(arn);
    let out = call(
        log,
        ops::iam::GET_INSTANCE_PROFILE,
        name,
        aws.iam.get_instance_profile().instance_profile_name(name).send(),
    )
    .await?;
    let roles: Vec<String> = out
        .instance_profile()
        .map(|p| p.roles().iter().map(|r| r.role_name().to_string()).collect())
        .unwrap_or_default();
    let captured =
        futures::future::try_join_all(roles.iter().map(|r| crate::iam::capture_principal::capture_role(aws, log, r)))
            .await?;
    Ok(json!({
        "attached": true,
        "arn": arn,
        "name": name,
        "roles": captured.into_iter().map(|(v, _)| v).collect::<Vec<_>>(),
    }))
}
