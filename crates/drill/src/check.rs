//! What a scenario's types cannot say, checked with each problem located: names are
//! well formed, unique and known where they are used (users, buckets, trails, roles,
//! instances and groups), the attack's principal can act (a user with a key, or a role
//! with the instance its credentials came from), techniques are ATT&CK ids.

use cordon_core::diagnostic::{Code, Diagnostic};
use cordon_playbook::node::{Located, Node};

use crate::scenario::{AlertAbout, Call, Contained, Evidence, Resource, Scenario, at};

/// What the types cannot say: names are known, unique and well formed.
pub(crate) fn check(s: &Scenario, root: &Located<Node>, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut err = |code: Code, path: &[&str], message: String, hint: Option<String>| {
        let mut d = Diagnostic::error(code, message).in_file(file).at(at(root, path));
        d.hint = hint;
        out.push(d);
    };
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.len() <= 40
            && n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && n.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
    };
    if !name_ok(&s.drill) {
        err(Code::BadName, &["drill"], format!("`drill: {}` is not a scenario name", s.drill), Some(NAME_HINT.into()));
    }
    let mut users: Vec<&str> = Vec::new();
    let mut buckets: Vec<&str> = Vec::new();
    let mut trails: Vec<&str> = Vec::new();
    let mut detectors: Vec<&str> = Vec::new();
    let mut roles: Vec<&str> = Vec::new();
    // Instances (set-up ones and groups' members) with their role; and groups.
    let mut instances: Vec<(String, Option<&str>)> = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    for (i, r) in s.setup.iter().enumerate() {
        let idx = i.to_string();
        if !name_ok(r.name()) {
            err(
                Code::BadName,
                &["setup", &idx],
                format!("`{}` is not a resource name", r.name()),
                Some(NAME_HINT.into()),
            );
        }
        if let Resource::Trail(t) = r
            && !buckets.contains(&t.bucket.as_str())
        {
            err(
                Code::UnknownResource,
                &["setup", &idx],
                format!("the trail's bucket `{}` is not set up before it", t.bucket),
                Some(known(&buckets)),
            );
        }
        let role = match r {
            Resource::Instance(x) => x.role.as_deref(),
            Resource::Group(g) => g.role.as_deref(),
            _ => None,
        };
        if let Some(role) = role
            && !roles.contains(&role)
        {
            err(
                Code::UnknownResource,
                &["setup", &idx, "role"],
                format!("the role `{role}` is not set up before it"),
                Some(known(&roles)),
            );
        }
        let volumes = match r {
            Resource::Instance(x) => Some(&x.volumes),
            Resource::Group(g) => Some(&g.volumes),
            _ => None,
        };
        if let Some(v) = volumes
            && (v.is_empty() || v.len() > 4 || v.iter().any(|g| !(1..=1024).contains(g)))
        {
            err(Code::BadValue, &["setup", &idx], "1 to 4 volumes of 1 to 1024 GiB".into(), None);
        }
        match r {
            Resource::Instance(x) if !(1..=2).contains(&x.interfaces) => {
                err(Code::BadValue, &["setup", &idx, "instance", "interfaces"], "1 or 2 interfaces".into(), None)
            }
            Resource::Group(g) if !(1..=4).contains(&g.size) => {
                err(Code::BadValue, &["setup", &idx, "group", "size"], "a group of 1 to 4 instances".into(), None)
            }
            // Load balancer and target group names hold 32 characters: the drill adds 11.
            Resource::Group(g) if g.name.len() > 20 => err(
                Code::BadName,
                &["setup", &idx, "group", "name"],
                format!("`{}` is longer than a group's 20 characters", g.name),
                None,
            ),
            _ => {}
        }
        let names: Vec<String> = match r {
            Resource::Instance(x) => vec![x.name.clone()],
            Resource::Group(g) => (1..=g.size).map(|n| format!("{}-{n}", g.name)).collect(),
            _ => Vec::new(),
        };
        for n in names.iter().filter(|n| instances.iter().any(|(i, _)| i == *n)) {
            err(Code::BadValue, &["setup", &idx], format!("two instances would be named `{n}`"), None);
        }
        match r {
            Resource::Instance(x) => instances.push((x.name.clone(), role)),
            Resource::Group(g) => instances.extend((1..=g.size).map(|n| (format!("{}-{n}", g.name), role))),
            _ => {}
        }
        let list = match r {
            Resource::User(_) => &mut users,
            Resource::Bucket(_) => &mut buckets,
            Resource::Trail(_) => &mut trails,
            Resource::Detector(_) => &mut detectors,
            Resource::Role(_) => &mut roles,
            // Instances and groups share the names of instances.
            Resource::Instance(_) | Resource::Group(_) => &mut groups,
        };
        if list.contains(&r.name()) {
            err(Code::BadValue, &["setup", &idx], format!("`{}` is set up twice", r.name()), None);
        }
        list.push(r.name());
    }
    let is_instance = |n: &str| instances.iter().any(|(i, _)| i == n);
    let instance_names: Vec<&str> = instances.iter().map(|(i, _)| i.as_str()).collect();
    if roles.contains(&s.attack.principal.as_str()) {
        // Instance credentials: taken from an instance that runs with the role.
        match &s.attack.session {
            Some(i) if instances.iter().any(|(n, r)| n == i && *r == Some(s.attack.principal.as_str())) => {}
            Some(i) => err(
                Code::UnknownResource,
                &["attack", "session"],
                format!("no instance `{i}` runs with the role `{}`", s.attack.principal),
                Some(format!("known instances: {}", instance_names.join(", "))),
            ),
            None => err(
                Code::MissingField,
                &["attack", "principal"],
                format!(
                    "the role `{}` needs `session`: the instance its credentials were taken from",
                    s.attack.principal
                ),
                None,
            ),
        }
    } else if s.attack.session.is_some() {
        err(Code::BadValue, &["attack", "session"], "`session` goes with a role principal".into(), None);
    }
    match s.setup.iter().find_map(|r| match r {
        Resource::User(u) if u.name == s.attack.principal => Some(u),
        _ => None,
    }) {
        _ if roles.contains(&s.attack.principal.as_str()) => {}
        Some(u) if !u.access_key => err(
            Code::BadValue,
            &["attack", "principal"],
            format!("the attack's principal `{}` has no access key", u.name),
            Some("set `access_key: true` on the user".into()),
        ),
        Some(_) => {}
        None => err(
            Code::UnknownResource,
            &["attack", "principal"],
            format!("the attack's principal `{}` is not a set-up user or role", s.attack.principal),
            Some(known(&users.iter().chain(&roles).copied().collect::<Vec<_>>())),
        ),
    }
    // Users the attack creates are known from their creation on.
    let mut created: Vec<&str> = Vec::new();
    for (i, step) in s.attack.steps.iter().enumerate() {
        let idx = i.to_string();
        if !technique_ok(&step.technique) {
            err(
                Code::BadValue,
                &["attack", "steps", &idx, "technique"],
                format!("`{}` is not an ATT&CK technique id", step.technique),
                Some("e.g. T1136.003".into()),
            );
        }
        if let Call::CreateUser { user } = &step.call {
            if !name_ok(user) || users.contains(&user.as_str()) || created.contains(&user.as_str()) {
                err(Code::BadName, &["attack", "steps", &idx], format!("`{user}` cannot be created here"), None);
            }
            created.push(user);
            continue;
        }
        let (user, bucket) = step.call.names();
        if let Some(u) = user
            && !users.contains(&u)
            && !created.contains(&u)
        {
            err(
                Code::UnknownResource,
                &["attack", "steps", &idx],
                format!("no user `{u}` before this step"),
                Some(known(&users)),
            );
        }
        if let Some(t) = step.call.trail()
            && !trails.contains(&t)
        {
            err(Code::UnknownResource, &["attack", "steps", &idx], format!("no trail `{t}`"), Some(known(&trails)));
        }
        if let Some(d) = step.call.detector()
            && !detectors.contains(&d)
        {
            err(
                Code::UnknownResource,
                &["attack", "steps", &idx],
                format!("no detector `{d}`"),
                Some(known(&detectors)),
            );
        }
        if let Some(b) = bucket
            && !buckets.contains(&b)
        {
            err(Code::UnknownResource, &["attack", "steps", &idx], format!("no bucket `{b}`"), Some(known(&buckets)));
        }
        if let Call::PutBucketPolicy { public, account, .. } = &step.call
            && (*public == account.is_some() || account.as_ref().is_some_and(|a| !is_account(a)))
        {
            err(
                Code::BadValue,
                &["attack", "steps", &idx],
                "a bucket policy opens to everyone (`public: true`) or to one 12-digit `account`".into(),
                None,
            );
        }
    }
    if s.attack.source_ip.parse::<std::net::IpAddr>().is_err() {
        err(Code::BadValue, &["attack", "source_ip"], format!("`{}` is not an IP address", s.attack.source_ip), None);
    }
    let all_users: Vec<&str> = users.iter().chain(&created).copied().collect();
    match &s.alert.about {
        AlertAbout::AccessKey { user } if !users.contains(&user.as_str()) => {
            err(Code::UnknownResource, &["alert", "about"], format!("no set-up user `{user}`"), Some(known(&users)));
        }
        AlertAbout::Bucket { bucket } if !buckets.contains(&bucket.as_str()) => {
            err(Code::UnknownResource, &["alert", "about"], format!("no bucket `{bucket}`"), Some(known(&buckets)));
        }
        AlertAbout::Instance { instance } if !is_instance(instance) => {
            err(
                Code::UnknownResource,
                &["alert", "about"],
                format!("no instance `{instance}`"),
                Some(known(&instance_names)),
            );
        }
        AlertAbout::RoleCredentials { role } if *role != s.attack.principal || !roles.contains(&role.as_str()) => {
            err(
                Code::UnknownResource,
                &["alert", "about"],
                format!("`{role}` is not the role whose credentials the attack uses"),
                None,
            );
        }
        _ => {}
    }
    // An instance, or a group (all of its instances).
    let instance_or_group = |n: &str| is_instance(n) || groups.contains(&n);
    if !(1.0..9.0).contains(&s.alert.severity) {
        err(Code::BadValue, &["alert", "severity"], "GuardDuty severities are 1 to 8.9".into(), None);
    }
    for (i, c) in s.expect.contained.iter().enumerate() {
        let idx = i.to_string();
        match c {
            Contained::AccessKeysInactive { user } | Contained::UserDenied { user }
                if !all_users.contains(&user.as_str()) =>
            {
                err(
                    Code::UnknownResource,
                    &["expect", "contained", &idx],
                    format!("no user `{user}`"),
                    Some(known(&all_users)),
                );
            }
            Contained::BucketPublicAccessBlocked { bucket } if !buckets.contains(&bucket.as_str()) => {
                err(
                    Code::UnknownResource,
                    &["expect", "contained", &idx],
                    format!("no bucket `{bucket}`"),
                    Some(known(&buckets)),
                );
            }
            Contained::InstanceIsolated { instance } | Contained::InstanceOutOfService { instance }
                if !instance_or_group(instance) =>
            {
                err(
                    Code::UnknownResource,
                    &["expect", "contained", &idx],
                    format!("no instance or group `{instance}`"),
                    Some(known(&groups.iter().chain(&instance_names).copied().collect::<Vec<_>>())),
                );
            }
            Contained::RoleSessionsRevoked { role } if !roles.contains(&role.as_str()) => {
                err(
                    Code::UnknownResource,
                    &["expect", "contained", &idx],
                    format!("no role `{role}`"),
                    Some(known(&roles)),
                );
            }
            _ => {}
        }
    }
    for (i, e) in s.expect.evidence.iter().enumerate() {
        if let Evidence::Snapshots { instance } = e
            && !instance_or_group(instance)
        {
            err(
                Code::UnknownResource,
                &["expect", "evidence", &i.to_string()],
                format!("no instance or group `{instance}`"),
                Some(known(&groups)),
            );
        }
    }
    if s.expect.contained.is_empty() {
        err(Code::MissingField, &["expect", "contained"], "a drill needs a contained state to score".into(), None);
    }
    if s.expect.pass_mark > 100 {
        err(Code::BadValue, &["expect", "pass_mark"], "the pass mark is 0 to 100".into(), None);
    }
    out
}

const NAME_HINT: &str = "lower-case letters, digits and `-`, starting with a letter, at most 40";

fn known(names: &[&str]) -> String {
    if names.is_empty() { "none is set up".to_string() } else { format!("known: {}", names.join(", ")) }
}

fn technique_ok(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('T') else { return false };
    let (main, sub) = rest.split_once('.').unwrap_or((rest, "000"));
    main.len() == 4
        && main.bytes().all(|b| b.is_ascii_digit())
        && sub.len() == 3
        && sub.bytes().all(|b| b.is_ascii_digit())
}

fn is_account(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}
