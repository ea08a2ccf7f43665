//! A drill scenario: what it sets up, the attack it plays, the alert the team gets and
//! the response that counts as complete. Read from YAML with every problem located
//! (file, line, column, a hint), as playbooks are; the JSON Schema comes from the same
//! types.

use std::collections::BTreeMap;

use cordon_core::diagnostic::{Code, Diagnostic, Span};
use cordon_playbook::node::{Located, Node, parse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A drill scenario (a file in `drills/`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario's short name, e.g. `leaked-access-keys` (letters, digits and `-`).
    pub drill: String,
    /// One line for lists.
    pub title: String,
    /// What happened, for the scenario's page (not shown to the team before the drill).
    pub description: String,
    /// The shipped playbooks this scenario exercises.
    pub playbooks: Vec<String>,
    /// The resources the drill creates, each tagged with the drill id. Names are logical:
    /// the drill appends its own suffix, so drills never collide with real resources.
    #[serde(default)]
    pub setup: Vec<Resource>,
    /// What the attacker does, in order.
    pub attack: Attack,
    /// What the team receives when the drill starts.
    pub alert: Alert,
    /// What a complete response achieves.
    pub expect: Expect,
}

/// One resource the drill creates.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Resource {
    /// An IAM user.
    User(UserSpec),
    /// An S3 bucket with objects.
    Bucket(BucketSpec),
    /// A CloudTrail trail, logging, delivering to a set-up bucket.
    Trail(TrailSpec),
}

impl Resource {
    /// The resource's logical name.
    pub fn name(&self) -> &str {
        match self {
            Resource::User(u) => &u.name,
            Resource::Bucket(b) => &b.name,
            Resource::Trail(t) => &t.name,
        }
    }

    /// Whether the response must leave it untouched.
    pub fn bystander(&self) -> bool {
        match self {
            Resource::User(u) => u.bystander,
            Resource::Bucket(b) => b.bystander,
            Resource::Trail(_) => false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    pub name: String,
    /// Give the user a long-term access key (the attacker's, when the attack names it).
    #[serde(default)]
    pub access_key: bool,
    /// AWS-managed policies to attach, by name (e.g. `ReadOnlyAccess`).
    #[serde(default)]
    pub managed_policies: Vec<String>,
    /// The response must not change this user.
    #[serde(default)]
    pub bystander: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketSpec {
    pub name: String,
    /// Object key to its text.
    #[serde(default)]
    pub objects: BTreeMap<String, String>,
    /// The response must not change this bucket.
    #[serde(default)]
    pub bystander: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrailSpec {
    pub name: String,
    /// The set-up bucket the trail delivers to.
    pub bucket: String,
}

/// The attacker: whose credentials, from where, and the calls, in order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attack {
    /// The set-up user whose access key the attacker holds.
    pub principal: String,
    /// The address the attacker's calls come from (in the drill's CloudTrail records).
    pub source_ip: String,
    /// The attacker's client.
    #[serde(default = "default_user_agent")]
    pub user_agent: String,
    pub steps: Vec<AttackStep>,
}

fn default_user_agent() -> String {
    "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cmd/"
        .to_string()
}

/// One call of the attack.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttackStep {
    /// The call.
    #[serde(rename = "do")]
    pub call: Call,
    /// MITRE ATT&CK technique, e.g. `T1136.003`.
    pub technique: String,
    /// The Stratus Red Team technique, where one exists.
    #[serde(default)]
    pub stratus: Option<String>,
    /// Seconds after the previous call (its time in the drill's CloudTrail records).
    #[serde(default)]
    pub after_seconds: u32,
}

/// The calls an attack can make. Names are logical (the set-up or attack-created
/// resource); the drill resolves them to its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Call {
    /// `sts:GetCallerIdentity`: whose key is this?
    GetCallerIdentity,
    /// `s3:ListBuckets`.
    ListBuckets,
    /// `iam:ListUsers`.
    ListUsers,
    /// `iam:CreateUser`: a backdoor user (created by the attack, removed by cleanup).
    CreateUser { user: String },
    /// `iam:CreateAccessKey` for a user.
    CreateAccessKey { user: String },
    /// `iam:AttachUserPolicy` of an AWS-managed policy, by name.
    AttachUserPolicy { user: String, policy: String },
    /// `s3:PutBucketPolicy` granting `s3:GetObject` to everyone (`public: true`) or to
    /// another account.
    PutBucketPolicy {
        bucket: String,
        #[serde(default)]
        public: bool,
        #[serde(default)]
        account: Option<String>,
    },
    /// `s3:DeletePublicAccessBlock` on a bucket.
    DeletePublicAccessBlock { bucket: String },
    /// `s3:GetObject` of every object (collection before ransom or exfiltration).
    GetObjects { bucket: String },
    /// `s3:DeleteObject` of every object.
    DeleteObjects { bucket: String },
    /// `s3:PutObject` of a text (e.g. a ransom note).
    PutObject { bucket: String, key: String, text: String },
    /// `cloudtrail:StopLogging` on a set-up trail.
    StopLogging { trail: String },
    /// `cloudtrail:DeleteTrail` of a set-up trail.
    DeleteTrail { trail: String },
}

impl Call {
    /// The AWS event source and name of the call, as CloudTrail records them.
    pub fn event(&self) -> (&'static str, &'static str) {
        match self {
            Call::GetCallerIdentity => ("sts.amazonaws.com", "GetCallerIdentity"),
            Call::ListBuckets => ("s3.amazonaws.com", "ListBuckets"),
            Call::ListUsers => ("iam.amazonaws.com", "ListUsers"),
            Call::CreateUser { .. } => ("iam.amazonaws.com", "CreateUser"),
            Call::CreateAccessKey { .. } => ("iam.amazonaws.com", "CreateAccessKey"),
            Call::AttachUserPolicy { .. } => ("iam.amazonaws.com", "AttachUserPolicy"),
            Call::PutBucketPolicy { .. } => ("s3.amazonaws.com", "PutBucketPolicy"),
            Call::DeletePublicAccessBlock { .. } => ("s3.amazonaws.com", "DeleteBucketPublicAccessBlock"),
            Call::GetObjects { .. } => ("s3.amazonaws.com", "GetObject"),
            Call::DeleteObjects { .. } => ("s3.amazonaws.com", "DeleteObject"),
            Call::PutObject { .. } => ("s3.amazonaws.com", "PutObject"),
            Call::StopLogging { .. } => ("cloudtrail.amazonaws.com", "StopLogging"),
            Call::DeleteTrail { .. } => ("cloudtrail.amazonaws.com", "DeleteTrail"),
        }
    }

    /// The trail (logical name) the call acts on.
    fn trail(&self) -> Option<&str> {
        match self {
            Call::StopLogging { trail } | Call::DeleteTrail { trail } => Some(trail),
            _ => None,
        }
    }

    /// The users and buckets (logical names) the call acts on.
    fn names(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Call::CreateUser { user } | Call::CreateAccessKey { user } | Call::AttachUserPolicy { user, .. } => {
                (Some(user), None)
            }
            Call::PutBucketPolicy { bucket, .. }
            | Call::DeletePublicAccessBlock { bucket }
            | Call::GetObjects { bucket }
            | Call::DeleteObjects { bucket }
            | Call::PutObject { bucket, .. } => (None, Some(bucket)),
            Call::GetCallerIdentity
            | Call::ListBuckets
            | Call::ListUsers
            | Call::StopLogging { .. }
            | Call::DeleteTrail { .. } => (None, None),
        }
    }
}

/// What the team receives: a GuardDuty finding (as `cordon run --from-finding` reads
/// it) and a briefing.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alert {
    /// The GuardDuty finding type, e.g. `UnauthorizedAccess:IAMUser/MaliciousIPCaller`.
    pub finding_type: String,
    /// GuardDuty severity, 1 to 8.9.
    pub severity: f64,
    /// What the finding is about.
    pub about: AlertAbout,
    /// What the team is told.
    pub briefing: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertAbout {
    /// The access key of a set-up user (the attack's principal).
    AccessKey { user: String },
    /// A bucket.
    Bucket { bucket: String },
}

/// What a complete response achieves. Bystanders are the set-up resources marked
/// `bystander`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The state that counts as contained, checked by read-only calls.
    pub contained: Vec<Contained>,
    /// What the team's case directory holds after a complete response.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The score (0 to 100) a response needs to pass.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u8,
}

fn default_pass_mark() -> u8 {
    70
}

/// One fact of the contained state.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Contained {
    /// Every access key of the user is inactive (or deleted).
    AccessKeysInactive { user: String },
    /// The user has a policy that denies every action on every resource.
    UserDenied { user: String },
    /// The bucket's public access block is fully on.
    BucketPublicAccessBlocked { bucket: String },
}

/// One item of a complete case.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    /// A step of this action succeeded in the case (e.g. `iam.capture_principal`).
    Step { action: String },
}

/// The scenario's JSON Schema (docs/drills.md and `drills/schema.json`).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default()
}

/// Reads and checks a scenario: every problem with its position and a hint.
pub fn load(file: &str, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let (scenario, root): (Scenario, _) = from_yaml(file, source)?;
    let problems = check(&scenario, &root, file);
    if problems.is_empty() { Ok(scenario) } else { Err(problems) }
}

/// YAML to a typed value, a problem located at its node; also the located tree.
pub(crate) fn from_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    source: &str,
) -> Result<(T, Located<Node>), Vec<Diagnostic>> {
    let root = parse(file, source).map_err(|d| vec![d])?;
    let json = root.value.to_json();
    let value: T = serde_path_to_error::deserialize(&json).map_err(|e| {
        let span = locate(&root, e.path());
        let (code, hint) = hint_for(&e.inner().to_string());
        let at = e.path().to_string();
        let message = if at == "." { e.inner().to_string() } else { format!("{at}: {}", e.inner()) };
        let mut d = Diagnostic::error(code, message).in_file(file).at(span);
        d.hint = hint;
        vec![d]
    })?;
    Ok((value, root))
}

fn hint_for(message: &str) -> (Code, Option<String>) {
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        // serde lists what is expected: "expected one of `a`, `b`".
        let hint = message.split_once("expected ").map(|(_, e)| format!("expected {e}"));
        (Code::UnknownField, hint)
    } else if message.starts_with("missing field") {
        (Code::MissingField, Some("see docs/drills.md for the scenario's fields".to_string()))
    } else if message.starts_with("invalid type") {
        (Code::WrongType, None)
    } else {
        (Code::BadValue, None)
    }
}

/// The position of the node at `path` (the nearest ancestor found).
fn locate(root: &Located<Node>, path: &serde_path_to_error::Path) -> Option<Span> {
    use serde_path_to_error::Segment;
    let mut node = root;
    for seg in path.iter() {
        let next = match (seg, &node.value) {
            (Segment::Map { key }, Node::Map(entries)) => entries.iter().find(|(k, _)| &k.value == key).map(|(_, v)| v),
            (Segment::Enum { variant }, Node::Map(entries)) => {
                entries.iter().find(|(k, _)| &k.value == variant).map(|(_, v)| v)
            }
            (Segment::Seq { index }, Node::Seq(items)) => items.get(*index),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.span
}

/// The node at a path of map keys and list indexes (for the checks' positions).
pub(crate) fn at(root: &Located<Node>, path: &[&str]) -> Option<Span> {
    let mut node = root;
    for seg in path {
        let next = match &node.value {
            Node::Map(entries) => entries.iter().find(|(k, _)| k.value == *seg).map(|(_, v)| v),
            Node::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.span
}

/// What the types cannot say: names are known, unique and well formed.
fn check(s: &Scenario, root: &Located<Node>, file: &str) -> Vec<Diagnostic> {
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
        let list = match r {
            Resource::User(_) => &mut users,
            Resource::Bucket(_) => &mut buckets,
            Resource::Trail(_) => &mut trails,
        };
        if list.contains(&r.name()) {
            err(Code::BadValue, &["setup", &idx], format!("`{}` is set up twice", r.name()), None);
        }
        list.push(r.name());
    }
    match s.setup.iter().find_map(|r| match r {
        Resource::User(u) if u.name == s.attack.principal => Some(u),
        _ => None,
    }) {
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
            format!("the attack's principal `{}` is not a set-up user", s.attack.principal),
            Some(known(&users)),
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
        _ => {}
    }
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
            _ => {}
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

#[cfg(test)]
#[path = "scenario_tests.rs"]
mod tests;
