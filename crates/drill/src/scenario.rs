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
    /// A GuardDuty detector, enabled. GuardDuty has one per account and Region: a drill
    /// with one refuses to start where one exists (it never touches the account's own).
    Detector(DetectorSpec),
    /// An IAM role EC2 instances take, with an instance profile of the same name.
    Role(RoleSpec),
    /// An EC2 instance in the drill's own network (a VPC, a subnet and a web security
    /// group, made for the first instance or group).
    Instance(InstanceSpec),
    /// An Auto Scaling group of instances, optionally behind a load balancer (a target
    /// group and a classic load balancer). Its instances are named `<group>-1`,
    /// `<group>-2`, ... in the order of their ids.
    Group(GroupSpec),
}

impl Resource {
    /// The resource's logical name.
    pub fn name(&self) -> &str {
        match self {
            Resource::User(u) => &u.name,
            Resource::Bucket(b) => &b.name,
            Resource::Trail(t) => &t.name,
            Resource::Detector(d) => &d.name,
            Resource::Role(r) => &r.name,
            Resource::Instance(i) => &i.name,
            Resource::Group(g) => &g.name,
        }
    }

    /// Whether the response must leave it untouched.
    pub fn bystander(&self) -> bool {
        match self {
            Resource::User(u) => u.bystander,
            Resource::Bucket(b) => b.bystander,
            Resource::Role(r) => r.bystander,
            Resource::Instance(i) => i.bystander,
            Resource::Trail(_) | Resource::Group(_) | Resource::Detector(_) => false,
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectorSpec {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub name: String,
    /// AWS-managed policies to attach, by name (e.g. `AmazonS3ReadOnlyAccess`).
    #[serde(default)]
    pub managed_policies: Vec<String>,
    /// The response must not change this role.
    #[serde(default)]
    pub bystander: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    pub name: String,
    /// EBS volume sizes in GiB, the root volume first.
    #[serde(default = "default_volumes")]
    pub volumes: Vec<u16>,
    /// Network interfaces (1 or 2).
    #[serde(default = "one")]
    pub interfaces: u8,
    /// A set-up role the instance runs with (through its instance profile).
    #[serde(default)]
    pub role: Option<String>,
    /// The response must not change this instance.
    #[serde(default)]
    pub bystander: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub name: String,
    /// Instances launched (1 to 4).
    pub size: u8,
    /// EBS volume sizes in GiB of each instance, the root volume first.
    #[serde(default = "default_volumes")]
    pub volumes: Vec<u16>,
    /// A set-up role the instances run with.
    #[serde(default)]
    pub role: Option<String>,
    /// Register the instances with a target group and a classic load balancer.
    #[serde(default)]
    pub load_balancer: bool,
}

fn default_volumes() -> Vec<u16> {
    vec![8]
}

fn one() -> u8 {
    1
}

/// The attacker: whose credentials, from where, and the calls, in order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attack {
    /// The set-up user whose access key the attacker holds, or the set-up role whose
    /// instance credentials they took (with `session`).
    pub principal: String,
    /// With a role: the instance the credentials were taken from (instance credentials'
    /// role session is named for the instance id).
    #[serde(default)]
    pub session: Option<String>,
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
    /// `ec2:DescribeInstances`: what else is there?
    DescribeInstances,
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
    /// `guardduty:DeleteDetector` of a set-up detector.
    DeleteDetector { detector: String },
}

impl Call {
    /// The AWS event source and name of the call, as CloudTrail records them.
    pub fn event(&self) -> (&'static str, &'static str) {
        match self {
            Call::GetCallerIdentity => ("sts.amazonaws.com", "GetCallerIdentity"),
            Call::ListBuckets => ("s3.amazonaws.com", "ListBuckets"),
            Call::ListUsers => ("iam.amazonaws.com", "ListUsers"),
            Call::DescribeInstances => ("ec2.amazonaws.com", "DescribeInstances"),
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
            Call::DeleteDetector { .. } => ("guardduty.amazonaws.com", "DeleteDetector"),
        }
    }

    /// The trail (logical name) the call acts on.
    pub(crate) fn trail(&self) -> Option<&str> {
        match self {
            Call::StopLogging { trail } | Call::DeleteTrail { trail } => Some(trail),
            _ => None,
        }
    }

    /// The detector (logical name) the call acts on.
    pub(crate) fn detector(&self) -> Option<&str> {
        match self {
            Call::DeleteDetector { detector } => Some(detector),
            _ => None,
        }
    }

    /// The users and buckets (logical names) the call acts on.
    pub(crate) fn names(&self) -> (Option<&str>, Option<&str>) {
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
            | Call::DescribeInstances
            | Call::StopLogging { .. }
            | Call::DeleteTrail { .. }
            | Call::DeleteDetector { .. } => (None, None),
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
    /// An instance (a set-up instance, or a group's `<group>-<n>`).
    Instance { instance: String },
    /// A set-up role's credentials (the attack's, taken from an instance) used from
    /// outside AWS.
    RoleCredentials { role: String },
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
    /// The instance (or every instance of a group) still exists, and no security group
    /// on any of its interfaces lets traffic out, or in from anywhere wider than one
    /// examiner address.
    InstanceIsolated { instance: String },
    /// The instance (or every instance of a group) is in no Auto Scaling group and
    /// registered with none of the drill's load balancers.
    InstanceOutOfService { instance: String },
    /// The role denies every action to sessions issued before the attack's was used
    /// (a deny on `aws:TokenIssueTime`, or a deny-all).
    RoleSessionsRevoked { role: String },
}

/// One item of a complete case.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    /// A step of this action succeeded in the case (e.g. `iam.capture_principal`).
    Step { action: String },
    /// Every EBS volume of the instance (or of every instance of a group) has a
    /// completed snapshot started after the alert.
    Snapshots { instance: String },
}

/// The scenario's JSON Schema (docs/drills.md and `drills/schema.json`).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default()
}

/// Reads and checks a scenario: every problem with its position and a hint.
pub fn load(file: &str, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let (scenario, root): (Scenario, _) = from_yaml(file, source)?;
    let problems = crate::check::check(&scenario, &root, file);
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

#[cfg(test)]
#[path = "scenario_tests.rs"]
mod tests;
