//! The scorecard's EC2 and role checks, each from read-only calls: an instance isolated
//! (by what its interfaces' security groups allow, not by their names), out of service
//! (no Auto Scaling group, none of the drill's load balancers), its volumes snapshotted
//! after the alert, a role's earlier sessions revoked; and the fingerprints of bystander
//! instances and roles.

use aws_sdk_ec2::types::{Filter, IpPermission, SecurityGroup};
use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::ops;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::score::{Item, denies_everything, policy_json};
use crate::state::{DrillState, Kind};
use crate::{Result, compute, physical};

/// Why a group's rules let traffic through, if they do: ingress from anywhere wider
/// than one examiner network, or from other groups; egress anywhere but port 443 to the
/// Systems Manager endpoints' groups.
fn leak(g: &SecurityGroup) -> Option<String> {
    let id = g.group_id().unwrap_or_default();
    let wide_v4 = |p: &IpPermission| p.ip_ranges().iter().any(|r| r.cidr_ip().is_some_and(|c| prefix(c) < 16));
    let wide_v6 = |p: &IpPermission| p.ipv6_ranges().iter().any(|r| r.cidr_ipv6().is_some_and(|c| prefix(c) < 48));
    for p in g.ip_permissions() {
        if wide_v4(p) || wide_v6(p) || !p.user_id_group_pairs().is_empty() || !p.prefix_list_ids().is_empty() {
            return Some(format!("{id} lets traffic in ({})", describe(p)));
        }
    }
    for p in g.ip_permissions_egress() {
        let to_groups_on_443 = p.ip_ranges().is_empty()
            && p.ipv6_ranges().is_empty()
            && p.prefix_list_ids().is_empty()
            && p.from_port() == Some(443)
            && p.to_port() == Some(443);
        if !to_groups_on_443 {
            return Some(format!("{id} lets traffic out ({})", describe(p)));
        }
    }
    None
}

fn prefix(cidr: &str) -> u8 {
    cidr.rsplit_once('/').and_then(|(_, p)| p.parse().ok()).unwrap_or(0)
}

fn describe(p: &IpPermission) -> String {
    let ports = match (p.from_port(), p.to_port()) {
        (Some(a), Some(b)) if a == b => format!(" port {a}"),
        (Some(a), Some(b)) if a >= 0 => format!(" ports {a}-{b}"),
        _ => String::new(),
    };
    let peers: Vec<&str> = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip())
        .chain(p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()))
        .chain(p.user_id_group_pairs().iter().filter_map(|g| g.group_id()))
        .collect();
    format!("{}{ports} {}", p.ip_protocol().unwrap_or("-1"), peers.join(", "))
}

/// A check's item: passed when nothing was found wrong.
fn verdict(what: String, problems: Vec<String>, good: &str) -> Item {
    let ok = problems.is_empty();
    Item { what, ok, detail: if ok { good.to_string() } else { problems.join("; ") } }
}

/// The instances a check names, with a finding if there are none.
fn targets(state: &DrillState, logical: &str) -> std::result::Result<Vec<(String, String)>, Item> {
    let found = state.instances(logical);
    if found.is_empty() {
        return Err(Item {
            what: format!("{logical} contained"),
            ok: false,
            detail: "the drill recorded no such instance".into(),
        });
    }
    Ok(found)
}

/// Every instance `logical` stands for exists and is cut off.
pub(crate) async fn isolated(aws: &Aws, state: &DrillState, logical: &str) -> Result<Item> {
    let instances = match targets(state, logical) {
        Ok(i) => i,
        Err(item) => return Ok(item),
    };
    let ids: Vec<String> = instances.iter().map(|(_, i)| i.clone()).collect();
    let described = compute::describe(aws, &ids).await?;
    let mut problems = Vec::new();
    let mut group_ids = Vec::new();
    for (logical, id) in &instances {
        let Some(found) = described.iter().find(|i| i.instance_id() == Some(id)).filter(|i| compute::live(i)) else {
            problems.push(format!("{logical} ({id}) is gone: its disks and memory with it"));
            continue;
        };
        for eni in found.network_interfaces() {
            group_ids.extend(eni.groups().iter().filter_map(|g| g.group_id()).map(str::to_string));
        }
    }
    group_ids.sort();
    group_ids.dedup();
    if !group_ids.is_empty() {
        let groups = call(
            &NoCallLog,
            ops::ec2::DESCRIBE_SECURITY_GROUPS,
            &group_ids.join(","),
            aws.ec2.describe_security_groups().set_group_ids(Some(group_ids)).send(),
        )
        .await?;
        problems.extend(groups.security_groups().iter().filter_map(leak));
    }
    Ok(verdict(
        format!("{logical} isolated ({})", ids.join(", ")),
        problems,
        "no group on any interface lets traffic through",
    ))
}

/// No instance `logical` stands for is in an Auto Scaling group or behind one of the
/// drill's load balancers.
pub(crate) async fn out_of_service(aws: &Aws, state: &DrillState, logical: &str) -> Result<Item> {
    let instances = match targets(state, logical) {
        Ok(i) => i,
        Err(item) => return Ok(item),
    };
    let ids: Vec<String> = instances.iter().map(|(_, i)| i.clone()).collect();
    let mut problems = Vec::new();
    let asg = call(
        &NoCallLog,
        ops::autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
        &ids.join(","),
        aws.autoscaling.describe_auto_scaling_instances().set_instance_ids(Some(ids.clone())).send(),
    )
    .await?;
    for i in asg.auto_scaling_instances() {
        problems.push(format!(
            "{} in the group {}",
            i.instance_id().unwrap_or_default(),
            i.auto_scaling_group_name().unwrap_or_default()
        ));
    }
    for r in state.resources.iter().filter(|r| r.confirmed && !r.deleted) {
        match r.kind {
            Kind::TargetGroup => {
                let health = call(
                    &NoCallLog,
                    ops::elb::DESCRIBE_TARGET_HEALTH,
                    &r.name,
                    aws.elbv2.describe_target_health().target_group_arn(&r.name).send(),
                )
                .await?;
                for t in health.target_health_descriptions() {
                    let id = t.target().and_then(|t| t.id()).unwrap_or_default();
                    let state = t.target_health().and_then(|h| h.state()).map(|s| s.as_str()).unwrap_or_default();
                    if ids.iter().any(|i| i == id) && state != "draining" && state != "unused" {
                        problems.push(format!("{id} registered with the target group {}", r.logical));
                    }
                }
            }
            Kind::LoadBalancer => {
                let lbs = call(
                    &NoCallLog,
                    ops::elb::DESCRIBE_LOAD_BALANCERS,
                    &r.name,
                    aws.elb.describe_load_balancers().load_balancer_names(&r.name).send(),
                )
                .await?;
                for i in lbs.load_balancer_descriptions().iter().flat_map(|l| l.instances()) {
                    if let Some(id) = i.instance_id().filter(|id| ids.iter().any(|x| x == id)) {
                        problems.push(format!("{id} behind the load balancer {}", r.name));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(verdict(
        format!("{logical} out of service ({})", ids.join(", ")),
        problems,
        "in no Auto Scaling group, behind no load balancer",
    ))
}

/// The role denies everything to sessions issued before the attacker's was used.
pub(crate) async fn sessions_revoked(aws: &Aws, state: &DrillState, logical: &str) -> Result<Item> {
    let name = physical(logical, &state.drill_id);
    // Sessions issued up to the attack's session must be cut off.
    let issued = state.session.as_ref().filter(|s| s.role == name).map_or(state.started_at, |s| s.issued_at);
    let list =
        call(&NoCallLog, ops::iam::LIST_ROLE_POLICIES, &name, aws.iam.list_role_policies().role_name(&name).send())
            .await?;
    let mut revoked = false;
    for p in list.policy_names() {
        let got = call(
            &NoCallLog,
            ops::iam::GET_ROLE_POLICY,
            &name,
            aws.iam.get_role_policy().role_name(&name).policy_name(p).send(),
        )
        .await?;
        let doc = policy_json(got.policy_document());
        revoked |= denies_everything(&doc) || denies_sessions_before(&doc, issued);
    }
    let attached = call(
        &NoCallLog,
        ops::iam::LIST_ATTACHED_ROLE_POLICIES,
        &name,
        aws.iam.list_attached_role_policies().role_name(&name).send(),
    )
    .await?;
    revoked |=
        attached.attached_policies().iter().any(|p| p.policy_arn().is_some_and(|a| a.ends_with(":policy/AWSDenyAll")));
    Ok(Item {
        what: format!("sessions of {name} issued before {issued} revoked"),
        ok: revoked,
        detail: if revoked { "denied by the role's policy".into() } else { "no policy denies them".into() },
    })
}

/// A deny of `*` on `*` for tokens issued before a time later than `issued`.
fn denies_sessions_before(doc: &Value, issued: Timestamp) -> bool {
    let statements = match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        let mut unconditional = s.clone();
        if let Some(o) = unconditional.as_object_mut() {
            o.remove("Condition");
        }
        let before =
            s["Condition"]["DateLessThan"]["aws:TokenIssueTime"].as_str().and_then(|t| t.parse::<Timestamp>().ok());
        let conditions = s["Condition"].as_object().map_or(0, serde_json::Map::len);
        denies_everything(&json!({"Statement": [unconditional]}))
            && conditions == 1
            && before.is_some_and(|b| b > issued)
    })
}

/// Every volume of the instances `logical` stands for has a completed snapshot started
/// after the alert.
pub(crate) async fn snapshots(aws: &Aws, state: &DrillState, logical: &str) -> Result<Item> {
    let instances = state.instances(logical);
    let volumes: Vec<String> = instances.iter().flat_map(|(_, id)| state.volumes_of(id)).collect();
    let mut missing = Vec::new();
    if !volumes.is_empty() {
        let out = call(
            &NoCallLog,
            ops::ec2::DESCRIBE_SNAPSHOTS,
            &volumes.join(","),
            aws.ec2
                .describe_snapshots()
                .owner_ids("self")
                .filters(Filter::builder().name("volume-id").set_values(Some(volumes.clone())).build())
                .send(),
        )
        .await?;
        let after = state.alert_at.unwrap_or(state.started_at);
        for v in &volumes {
            let done = out.snapshots().iter().any(|s| {
                s.volume_id() == Some(v.as_str())
                    && s.state().is_some_and(|x| x.as_str() == "completed")
                    && s.start_time().is_some_and(|t| t.secs() >= after.as_second())
            });
            if !done {
                missing.push(v.clone());
            }
        }
    }
    let ok = missing.is_empty() && !volumes.is_empty();
    Ok(Item {
        what: format!("every volume of {logical} snapshotted ({} volumes)", volumes.len()),
        ok,
        detail: if ok {
            "a completed snapshot of each, taken after the alert".into()
        } else if volumes.is_empty() {
            "the drill recorded no volume".into()
        } else {
            format!("no completed snapshot of {}", missing.join(", "))
        },
    })
}

/// A bystander instance's state: running or not, its interfaces' groups, its profile.
pub(crate) async fn instance_fingerprint(aws: &Aws, state: &DrillState, logical: &str) -> Result<Value> {
    let mut out = Vec::new();
    let ids: Vec<String> = state.instances(logical).into_iter().map(|(_, id)| id).collect();
    if !ids.is_empty() {
        for i in compute::describe(aws, &ids).await? {
            let id = i.instance_id().unwrap_or_default();
            let mut enis: Vec<Value> = i
                .network_interfaces()
                .iter()
                .map(|n| {
                    let mut g: Vec<&str> = n.groups().iter().filter_map(|g| g.group_id()).collect();
                    g.sort_unstable();
                    json!([n.network_interface_id(), g])
                })
                .collect();
            enis.sort_by_key(|v| v.to_string());
            out.push(json!({
                "instance": id,
                "state": i.state().and_then(|s| s.name()).map(|s| s.as_str()),
                "interfaces": enis,
                "profile": i.iam_instance_profile().and_then(|p| p.arn()),
            }));
        }
    }
    Ok(Value::Array(out))
}

/// A bystander role's policies.
pub(crate) async fn role_fingerprint(aws: &Aws, state: &DrillState, logical: &str) -> Result<Value> {
    let name = physical(logical, &state.drill_id);
    let inline =
        call(&NoCallLog, ops::iam::LIST_ROLE_POLICIES, &name, aws.iam.list_role_policies().role_name(&name).send())
            .await?;
    let attached = call(
        &NoCallLog,
        ops::iam::LIST_ATTACHED_ROLE_POLICIES,
        &name,
        aws.iam.list_attached_role_policies().role_name(&name).send(),
    )
    .await?;
    let mut inline: Vec<&str> = inline.policy_names().iter().map(String::as_str).collect();
    inline.sort_unstable();
    let mut attached: Vec<&str> = attached.attached_policies().iter().filter_map(|p| p.policy_arn()).collect();
    attached.sort_unstable();
    Ok(json!({"inline_policies": inline, "attached_policies": attached}))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use aws_sdk_ec2::types::{IpRange, UserIdGroupPair};

    use super::*;

    fn perm(port: i32, cidr: Option<&str>, group: Option<&str>) -> IpPermission {
        let mut p = IpPermission::builder().ip_protocol("tcp").from_port(port).to_port(port);
        if let Some(c) = cidr {
            p = p.ip_ranges(IpRange::builder().cidr_ip(c).build());
        }
        if let Some(g) = group {
            p = p.user_id_group_pairs(UserIdGroupPair::builder().group_id(g).build());
        }
        p.build()
    }

    fn group(ingress: Vec<IpPermission>, egress: Vec<IpPermission>) -> SecurityGroup {
        SecurityGroup::builder()
            .group_id("sg-1")
            .set_ip_permissions(Some(ingress))
            .set_ip_permissions_egress(Some(egress))
            .build()
    }

    #[test]
    fn isolation_is_judged_by_what_the_rules_let_through() {
        assert_eq!(leak(&group(vec![], vec![])), None);
        // The examiner on 22, and the Systems Manager endpoints' group on 443: still isolated.
        assert_eq!(
            leak(&group(vec![perm(22, Some("203.0.113.7/32"), None)], vec![perm(443, None, Some("sg-ssm"))])),
            None
        );
        assert!(leak(&group(vec![perm(22, Some("0.0.0.0/0"), None)], vec![])).unwrap().contains("in"));
        assert!(leak(&group(vec![perm(80, None, Some("sg-lb"))], vec![])).is_some());
        assert!(leak(&group(vec![], vec![perm(443, Some("0.0.0.0/0"), None)])).unwrap().contains("out"));
        assert!(leak(&group(vec![], vec![perm(80, None, Some("sg-x"))])).is_some());
    }

    #[test]
    fn sessions_count_as_revoked_only_when_the_deny_covers_the_attackers() {
        let issued: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let deny = |before: &str| {
            json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"DateLessThan": {"aws:TokenIssueTime": before}}}]})
        };
        assert!(denies_sessions_before(&deny("2026-12-01T10:05:00Z"), issued));
        assert!(!denies_sessions_before(&deny("2026-12-01T09:55:00Z"), issued));
        let narrower = json!({"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
            "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-12-01T10:05:00Z"}}}]});
        assert!(!denies_sessions_before(&narrower, issued));
        let more_conditions = json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-12-01T10:05:00Z"},
                          "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]});
        assert!(!denies_sessions_before(&more_conditions, issued));
    }
}
