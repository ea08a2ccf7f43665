//! The security groups `ec2.isolate_instance` moves interfaces into: the all-traffic
//! "untrack" group that stops connection tracking, and the case's containment group.
//!
//! Nothing is trusted by name: a group found under Cordon's name is used only if it carries
//! this case's tag and no rule Cordon would not give it (an attacker who pre-created
//! `cordon-isolation-<case>` open on port 22 gains nothing); otherwise the next free name
//! (`…-2`, `…-3`) is used and the receipt says why. Rules are then converged and read back,
//! retried while EC2 does not yet see a group it just created; a group is used only once its
//! rules are confirmed. Also: the groups of the VPC's Systems Manager endpoints.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{
    Filter, IpPermission, IpRange, Ipv6Range, PrefixListId, ResourceType, SecurityGroup, Tag, TagSpecification,
    UserIdGroupPair,
};
use cordon_aws::ec2::CASE_TAG;
use cordon_aws::{Aws, call, consistency_pause, retry_consistency};
use cordon_core::action::{CallLog, StepContext};
use cordon_core::ops;
use cordon_core::{ActionError, ErrorKind};

use super::isolate_instance::{Params, cidr_family};

/// The security groups of the VPC's Systems Manager interface endpoints.
pub(crate) async fn ssm_endpoint_groups(aws: &Aws, log: &dyn CallLog, vpc: &str) -> Result<Vec<String>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_VPC_ENDPOINTS,
        vpc,
        aws.ec2.describe_vpc_endpoints().filters(Filter::builder().name("vpc-id").values(vpc).build()).send(),
    )
    .await?;
    let mut groups: Vec<String> = out
        .vpc_endpoints()
        .iter()
        .filter(|e| {
            e.service_name().is_some_and(|n| [".ssm", ".ssmmessages", ".ec2messages"].iter().any(|s| n.ends_with(s)))
        })
        .flat_map(|e| e.groups().iter().filter_map(|g| g.group_id()).map(str::to_string))
        .collect();
    groups.sort();
    groups.dedup();
    Ok(groups)
}

pub(crate) fn no_ssm_endpoints_warning(vpc: &str) -> String {
    format!(
        "allow_ssm: {vpc} has no ssm/ssmmessages/ec2messages interface endpoints with security groups, so no \
path to Systems Manager was opened (the public endpoints would need egress to the internet)"
    )
}

/// Names tried for one of Cordon's groups, in order: the name itself, then `-2` … `-5`.
pub(crate) fn candidate_names(name: &str) -> Vec<String> {
    std::iter::once(name.to_string()).chain((2..=5).map(|n| format!("{name}-{n}"))).collect()
}

pub(crate) async fn find_groups(
    aws: &Aws,
    log: &dyn CallLog,
    vpc: &str,
    names: &[String],
) -> Result<Vec<SecurityGroup>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        vpc,
        aws.ec2
            .describe_security_groups()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .filters(Filter::builder().name("group-name").set_values(Some(names.to_vec())).build())
            .send(),
    )
    .await?;
    Ok(out.security_groups().to_vec())
}

/// The groups with these names in every VPC (the names are the case's own): read
/// alongside the instance, before its VPC is known, and kept to the VPC with
/// [`in_vpc`].
pub(crate) async fn find_named_groups(
    aws: &Aws,
    log: &dyn CallLog,
    names: &[String],
) -> Result<Vec<SecurityGroup>, ActionError> {
    let out = call(
        log,
        ops::ec2::DESCRIBE_SECURITY_GROUPS,
        names.first().map_or("", String::as_str),
        aws.ec2
            .describe_security_groups()
            .filters(Filter::builder().name("group-name").set_values(Some(names.to_vec())).build())
            .send(),
    )
    .await?;
    Ok(out.security_groups().to_vec())
}

/// The groups of `vpc` among `groups`.
pub(crate) fn in_vpc(groups: Vec<SecurityGroup>, vpc: &str) -> Vec<SecurityGroup> {
    groups.into_iter().filter(|g| g.vpc_id() == Some(vpc)).collect()
}

/// One rule of a security group, in one direction: protocol, ports, and peer (a CIDR, a
/// group id or a prefix list).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rule {
    protocol: String,
    ports: Option<(i32, i32)>,
    peer: Peer,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Peer {
    V4(String),
    V6(String),
    Group(String),
    PrefixList(String),
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let proto = if self.protocol == "-1" { "all" } else { &self.protocol };
        let peer = match &self.peer {
            Peer::V4(p) | Peer::V6(p) | Peer::Group(p) | Peer::PrefixList(p) => p,
        };
        match self.ports {
            Some((a, b)) if a == b => write!(f, "{proto} {a} {peer}"),
            Some((a, b)) => write!(f, "{proto} {a}-{b} {peer}"),
            None => write!(f, "{proto} {peer}"),
        }
    }
}

fn rule(protocol: &str, ports: Option<(i32, i32)>, peer: Peer) -> Rule {
    let all = protocol == "-1";
    Rule { protocol: protocol.to_string(), ports: if all { None } else { ports }, peer }
}

/// The rules of a group's permissions, one per peer.
pub(crate) fn rules(perms: &[IpPermission]) -> BTreeSet<Rule> {
    let mut out = BTreeSet::new();
    for p in perms {
        let proto = p.ip_protocol().unwrap_or("-1");
        let ports = p.from_port().zip(p.to_port());
        out.extend(p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).map(|c| rule(proto, ports, Peer::V4(c.into()))));
        out.extend(
            p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()).map(|c| rule(proto, ports, Peer::V6(c.into()))),
        );
        out.extend(
            p.user_id_group_pairs()
                .iter()
                .filter_map(|g| g.group_id())
                .map(|g| rule(proto, ports, Peer::Group(g.into()))),
        );
        out.extend(
            p.prefix_list_ids()
                .iter()
                .filter_map(|l| l.prefix_list_id())
                .map(|l| rule(proto, ports, Peer::PrefixList(l.into()))),
        );
    }
    out
}

/// The permission that adds (or revokes) exactly `r`, described as Cordon's in `case`.
fn permission(r: &Rule, description: &str) -> IpPermission {
    let mut p = IpPermission::builder().ip_protocol(&r.protocol);
    if let Some((from, to)) = r.ports {
        p = p.from_port(from).to_port(to);
    }
    match &r.peer {
        Peer::V4(c) => p.ip_ranges(IpRange::builder().cidr_ip(c).description(description).build()),
        Peer::V6(c) => p.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(c).description(description).build()),
        Peer::Group(g) => {
            p.user_id_group_pairs(UserIdGroupPair::builder().group_id(g).description(description).build())
        }
        Peer::PrefixList(l) => p.prefix_list_ids(PrefixListId::builder().prefix_list_id(l).build()),
    }
    .build()
}

/// All traffic, IPv4 and IPv6.
fn all_traffic() -> BTreeSet<Rule> {
    [rule("-1", None, Peer::V4("0.0.0.0/0".into())), rule("-1", None, Peer::V6("::/0".into()))].into()
}

/// Which of Cordon's two groups, with the rules it must have.
pub(crate) enum Kind {
    /// Any flow in or out, so existing flows become untracked; other rules do not matter.
    Untrack,
    /// Exactly: ingress from the examiner on its ports, egress on 443 to the Systems
    /// Manager endpoints' groups; nothing else.
    Contain { ingress: BTreeSet<Rule>, egress: BTreeSet<Rule> },
}

impl Kind {
    pub(crate) fn containment(p: &Params, ssm_groups: &[String]) -> Self {
        let ingress = p
            .examiner_cidr
            .iter()
            .flat_map(|cidr| {
                let peer = if cidr_family(cidr.as_str()) == Some(true) {
                    Peer::V6(cidr.to_string())
                } else {
                    Peer::V4(cidr.to_string())
                };
                p.examiner_ports
                    .iter()
                    .map(move |port| rule("tcp", Some((i32::from(*port), i32::from(*port))), peer.clone()))
            })
            .collect();
        let egress = ssm_groups.iter().map(|g| rule("tcp", Some((443, 443)), Peer::Group(g.clone()))).collect();
        Kind::Contain { ingress, egress }
    }

    pub(crate) fn label(&self) -> &'static str {
        match self {
            Kind::Untrack => "all-traffic",
            Kind::Contain { .. } => "containment",
        }
    }

    fn description(&self) -> &'static str {
        match self {
            Kind::Untrack => "Cordon: all traffic, makes existing flows untracked before isolation",
            Kind::Contain { .. } => "Cordon: isolation, no egress, ingress only from the examiner",
        }
    }

    /// Why an existing group with Cordon's name must not be used, if it must not.
    pub(crate) fn distrust(&self, g: &SecurityGroup, case: &str) -> Option<String> {
        let tagged = g.tags().iter().any(|t| t.key() == Some(CASE_TAG) && t.value() == Some(case));
        if !tagged {
            return Some(format!("it does not carry the tag {CASE_TAG}={case}"));
        }
        let Kind::Contain { ingress, egress } = self else { return None };
        // A new group's default egress is what Cordon's own interrupted create leaves.
        let allowed_egress: BTreeSet<Rule> = egress.union(&all_traffic()).cloned().collect();
        let extra: Vec<String> = rules(g.ip_permissions())
            .difference(ingress)
            .map(|r| format!("ingress {r}"))
            .chain(rules(g.ip_permissions_egress()).difference(&allowed_egress).map(|r| format!("egress {r}")))
            .collect();
        (!extra.is_empty()).then(|| format!("it has rules Cordon would not give it ({})", extra.join(", ")))
    }

    /// The rules to add and to revoke, (ingress, egress) each, to turn `g` into this kind.
    fn diff(&self, g: &SecurityGroup) -> [(Vec<Rule>, Vec<Rule>); 2] {
        let (want_in, want_out, exact) = match self {
            Kind::Untrack => (all_traffic(), all_traffic(), false),
            Kind::Contain { ingress, egress } => (ingress.clone(), egress.clone(), true),
        };
        let side = |have: BTreeSet<Rule>, want: &BTreeSet<Rule>| {
            let add = want.difference(&have).cloned().collect();
            let revoke = if exact { have.difference(want).cloned().collect() } else { Vec::new() };
            (add, revoke)
        };
        [side(rules(g.ip_permissions()), &want_in), side(rules(g.ip_permissions_egress()), &want_out)]
    }
}

/// One of Cordon's groups, ready: its id, whether this step created it, and why groups
/// found under Cordon's name were passed over.
pub(crate) struct Ready {
    pub id: String,
    pub created: bool,
    pub passed_over: Vec<String>,
}

/// Finds a trustworthy group among `found` under the first free candidate name, or
/// creates it; then converges its rules and reads them back.
pub(crate) async fn ensure_group(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    name: &str,
    kind: &Kind,
    found: &[SecurityGroup],
) -> Result<Ready, ActionError> {
    let case = ctx.case_id.as_str();
    let mut passed_over = Vec::new();
    let mut pass_over = |g: &SecurityGroup, why: String| {
        passed_over.push(format!(
            "security group {} ({}) in {vpc} has Cordon's name but {why}: not used",
            g.group_name().unwrap_or_default(),
            g.group_id().unwrap_or_default(),
        ))
    };
    for candidate in candidate_names(name) {
        let existing = match found.iter().find(|g| g.group_name() == Some(candidate.as_str())) {
            Some(g) => Some(g.clone()),
            None => match create_group(aws, ctx, vpc, &candidate, kind.description()).await? {
                Created::New(id) => {
                    converge(aws, ctx, &id, kind).await?;
                    return Ok(Ready { id, created: true, passed_over });
                }
                // Created meanwhile (a concurrent step, or someone else): judged like any other.
                Created::Taken(g) => Some(g),
            },
        };
        if let Some(g) = existing {
            match kind.distrust(&g, case) {
                Some(why) => pass_over(&g, why),
                None => {
                    let id = g.group_id().unwrap_or_default().to_string();
                    converge(aws, ctx, &id, kind).await?;
                    return Ok(Ready { id, created: false, passed_over });
                }
            }
        }
    }
    Err(ActionError::new(
        ErrorKind::Conflict,
        format!(
            "no usable {} security group: every name Cordon tries is taken by a group that is not its own ({})",
            kind.label(),
            passed_over.join("; ")
        ),
    )
    .on(name))
}

enum Created {
    New(String),
    Taken(SecurityGroup),
}

/// Creates the group tagged with the case, or finds the group that took the name first.
async fn create_group(
    aws: &Aws,
    ctx: &StepContext<'_>,
    vpc: &str,
    name: &str,
    description: &str,
) -> Result<Created, ActionError> {
    let created = call(
        ctx,
        ops::ec2::CREATE_SECURITY_GROUP,
        name,
        aws.ec2
            .create_security_group()
            .group_name(name)
            .description(description)
            .vpc_id(vpc)
            .tag_specifications(
                TagSpecification::builder()
                    .resource_type(ResourceType::SecurityGroup)
                    .tags(Tag::builder().key(CASE_TAG).value(ctx.case_id.as_str()).build())
                    .tags(Tag::builder().key("Name").value(name).build())
                    .build(),
            )
            .send(),
    )
    .await;
    match created {
        Ok(out) => out
            .group_id()
            .map(|id| Created::New(id.to_string()))
            .ok_or_else(|| ActionError::new(ErrorKind::Other, "CreateSecurityGroup returned no group id").on(name)),
        Err(e) if e.code.as_deref() == Some("InvalidGroup.Duplicate") => {
            let found = find_groups(aws, ctx, vpc, &[name.to_string()]).await?;
            found.into_iter().next().map(Created::Taken).ok_or(e)
        }
        Err(e) => Err(e),
    }
}

/// Reads the group (retrying while it is not visible yet).
async fn describe_group(aws: &Aws, ctx: &StepContext<'_>, id: &str) -> Result<SecurityGroup, ActionError> {
    let out = retry_consistency(|| {
        call(ctx, ops::ec2::DESCRIBE_SECURITY_GROUPS, id, aws.ec2.describe_security_groups().group_ids(id).send())
    })
    .await?;
    out.security_groups()
        .first()
        .cloned()
        .ok_or_else(|| ActionError::new(ErrorKind::NotFound, "DescribeSecurityGroups returned no group").on(id))
}

/// Brings the group's rules to what `kind` needs and reads them back, until they are
/// confirmed. A rule just added may not show at once, and a group just created may not be
/// found yet: both are retried with backoff; a group is used only once confirmed.
async fn converge(aws: &Aws, ctx: &StepContext<'_>, id: &str, kind: &Kind) -> Result<(), ActionError> {
    let note = format!("Cordon, case {}", ctx.case_id);
    let mut last = String::new();
    for attempt in 1..=cordon_aws::CONSISTENCY_ATTEMPTS {
        // The read-back right after a change is immediate; only when it does not show the
        // change yet does the next one wait, with backoff.
        if attempt > 2 {
            consistency_pause(attempt - 2).await;
        }
        let g = describe_group(aws, ctx, id).await?;
        let [(add_in, revoke_in), (add_out, revoke_out)] = kind.diff(&g);
        if [&add_in, &revoke_in, &add_out, &revoke_out].iter().all(|v| v.is_empty()) {
            return Ok(());
        }
        last = [
            ("add ingress", &add_in),
            ("revoke ingress", &revoke_in),
            ("add egress", &add_out),
            ("revoke egress", &revoke_out),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(what, v)| format!("{what} {}", v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
        let perms = |v: &[Rule]| Some(v.iter().map(|r| permission(r, &note)).collect::<Vec<_>>());
        // Revoke first: a containment group never holds more than it should while converging.
        // Ingress and egress are independent: each pair goes in one round trip.
        let revoke_egress = async {
            if revoke_out.is_empty() {
                return Ok(());
            }
            let req = aws.ec2.revoke_security_group_egress().group_id(id).set_ip_permissions(perms(&revoke_out));
            tolerate(call(ctx, ops::ec2::REVOKE_SECURITY_GROUP_EGRESS, id, req.send()).await)
        };
        let revoke_ingress = async {
            if revoke_in.is_empty() {
                return Ok(());
            }
            let req = aws.ec2.revoke_security_group_ingress().group_id(id).set_ip_permissions(perms(&revoke_in));
            tolerate(call(ctx, ops::ec2::REVOKE_SECURITY_GROUP_INGRESS, id, req.send()).await)
        };
        futures::try_join!(revoke_egress, revoke_ingress)?;
        let add_ingress = async {
            if add_in.is_empty() {
                return Ok(());
            }
            let req = aws.ec2.authorize_security_group_ingress().group_id(id).set_ip_permissions(perms(&add_in));
            tolerate(call(ctx, ops::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS, id, req.send()).await)
        };
        let add_egress = async {
            if add_out.is_empty() {
                return Ok(());
            }
            let req = aws.ec2.authorize_security_group_egress().group_id(id).set_ip_permissions(perms(&add_out));
            tolerate(call(ctx, ops::ec2::AUTHORIZE_SECURITY_GROUP_EGRESS, id, req.send()).await)
        };
        futures::try_join!(add_ingress, add_egress)?;
    }
    Err(ActionError::new(
        ErrorKind::Conflict,
        format!("the {} group's rules could not be confirmed (still to {last}): it is not used", kind.label()),
    )
    .on(id))
}

/// A rule already there (or already gone), or a group not visible yet: the read-back
/// that follows decides. Anything else (AccessDenied, throttling beyond the SDK's retries)
/// fails the step before any interface is moved.
fn tolerate<T>(r: Result<T, ActionError>) -> Result<(), ActionError> {
    match r {
        Ok(_) => Ok(()),
        Err(e)
            if e.code.as_deref().is_some_and(|c| {
                c == "InvalidPermission.Duplicate"
                    || c == "InvalidPermission.NotFound"
                    || cordon_aws::not_visible_yet(Some(c))
            }) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}
