//! What a hunt found: per rule, its hits with when, who, which keys, addresses and
//! resources; and for each hit that names something a shipped playbook contains, the
//! suggested response, as a finding file (ASFF, Security Hub's format for findings
//! from other products) that `cordon run --from-finding` reads.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Detection, Loaded};
use crate::event::Event;

/// What the summary keeps of a matching event: the event (without its raw record)
/// and the few request parameters a suggestion needs.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rules: Vec<Arc<Detection>>,
    pub event: Event<'static>,
    /// `requestParameters.userName` (e.g. the user an attacker created).
    pub target_user: Option<String>,
    /// `requestParameters.bucketName`.
    pub bucket: Option<String>,
}

/// At most this many distinct values are listed per kind per rule; the rest are counted.
const LISTED: usize = 50;

/// One rule's hits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleHits {
    #[serde(flatten)]
    pub rule: Detection,
    pub hits: u64,
    pub first_seen: String,
    pub last_seen: String,
    pub actors: Vec<String>,
    pub access_keys: Vec<String>,
    pub source_ips: Vec<String>,
    pub resources: Vec<String>,
    pub accounts: Vec<String>,
    /// Values past the listed ones, all kinds together.
    pub more: u64,
}

/// A shipped playbook and the inputs that fit a hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Suggestion {
    pub playbook: String,
    pub inputs: BTreeMap<String, String>,
    /// Why, in one line.
    pub reason: String,
    /// The rules (ids) whose hits led here.
    pub rules: Vec<String>,
    pub hits: u64,
    pub first_seen: String,
    pub account: Option<String>,
    pub region: Option<String>,
    /// The finding file's name, unique per playbook and inputs.
    pub file: String,
    /// What the file holds: one ASFF finding.
    pub finding: serde_json::Value,
}

/// The hunt summary (JSON as is; text and Markdown through [`HuntSummary::text`] and
/// [`HuntSummary::markdown`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HuntSummary {
    pub loaded: Loaded,
    /// Events that matched at least one rule (each once, however many files held it).
    pub events: u64,
    pub rules: Vec<RuleHits>,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Default)]
struct Acc {
    hits: u64,
    first: Option<(i64, String)>,
    last: Option<(i64, String)>,
    sets: [BTreeSet<String>; 5],
    more: u64,
}

impl Acc {
    fn add(&mut self, e: &Event<'_>) {
        self.hits += 1;
        if self.first.as_ref().is_none_or(|(t, _)| e.time_ms < *t) {
            self.first = Some((e.time_ms, e.time.to_string()));
        }
        if self.last.as_ref().is_none_or(|(t, _)| e.time_ms > *t) {
            self.last = Some((e.time_ms, e.time.to_string()));
        }
        let values: [Vec<&str>; 5] = [
            vec![&*e.actor],
            e.access_key_id.as_deref().into_iter().collect(),
            e.source_ip.as_deref().into_iter().collect(),
            e.resources.iter().map(|r| &**r).collect(),
            e.account.as_deref().into_iter().collect(),
        ];
        for (set, vs) in self.sets.iter_mut().zip(values) {
            for v in vs {
                if set.len() < LISTED {
                    set.insert(v.to_string());
                } else if !set.contains(v) {
                    self.more += 1;
                }
            }
        }
    }
}

/// Builds the summary from every hit read (an event read twice, from two files or
/// sources, is counted once, as the timeline keeps it once).
pub fn summarize(loaded: Loaded, hits: &[Hit]) -> HuntSummary {
    let mut seen = HashSet::new();
    let unique: Vec<&Hit> = hits
        .iter()
        .filter(|h| match &h.event.event_id {
            Some(id) => seen.insert(id.to_string()),
            None => true,
        })
        .collect();
    let mut per_rule: BTreeMap<String, (Arc<Detection>, Acc)> = BTreeMap::new();
    for h in &unique {
        for r in &h.rules {
            per_rule.entry(r.id.clone()).or_insert_with(|| (r.clone(), Acc::default())).1.add(&h.event);
        }
    }
    let rank = |level: &str| ["critical", "high", "medium", "low", "informational"].iter().position(|l| *l == level);
    let mut rules: Vec<RuleHits> = per_rule
        .into_values()
        .map(|(rule, acc)| {
            let [actors, access_keys, source_ips, resources, accounts] = acc.sets.map(|s| s.into_iter().collect());
            RuleHits {
                rule: (*rule).clone(),
                hits: acc.hits,
                first_seen: acc.first.map(|f| f.1).unwrap_or_default(),
                last_seen: acc.last.map(|l| l.1).unwrap_or_default(),
                actors,
                access_keys,
                source_ips,
                resources,
                accounts,
                more: acc.more,
            }
        })
        .collect();
    rules.sort_by(|a, b| (rank(&a.rule.level), &a.first_seen).cmp(&(rank(&b.rule.level), &b.first_seen)));
    let suggestions = suggest(&unique);
    HuntSummary { loaded, events: unique.len() as u64, rules, suggestions }
}

/// An instance's id as EC2 names the role session of its instance profile.
fn instance_session(name: &str) -> bool {
    name.strip_prefix("i-").is_some_and(|h| (8..=17).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Calls that open a bucket to others.
const BUCKET_EXPOSURE: [&str; 4] = ["PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutObjectAcl"];

/// One response a hit asks for: the playbook, its inputs, why, and the ASFF resources.
type Response = (&'static str, Vec<(&'static str, String)>, String, Vec<serde_json::Value>);

/// What a hit asks the responders to contain.
fn responses(h: &Hit) -> Vec<Response> {
    let e = &h.event;
    let mut out = Vec::new();
    let user =
        e.actor_arn.as_deref().and_then(|a| a.split_once(":user/")).map(|(_, u)| u.rsplit('/').next().unwrap_or(u));
    if let (Some("IAMUser"), Some(key), Some(user)) = (e.actor_type.as_deref(), e.access_key_id.as_deref(), user)
        && key.starts_with("AKIA")
    {
        out.push((
            "iam-credential-compromise",
            vec![("access_key_id", key.to_string()), ("user_name", user.to_string())],
            format!("the access key {key} of user {user} made the call"),
            vec![serde_json::json!({"Type": "AwsIamAccessKey", "Id": key,
                "Details": {"AwsIamAccessKey": {"AccessKeyId": key, "PrincipalName": user}}})],
        ));
    }
    if let (Some(created), "CreateUser" | "CreateAccessKey" | "CreateLoginProfile") = (&h.target_user, &*e.event_name)
        && Some(created.as_str()) != user
    {
        out.push((
            "iam-credential-compromise",
            vec![("user_name", created.clone())],
            format!("{} gave user {created} credentials ({})", e.actor, e.event_name),
            vec![serde_json::json!({"Type": "AwsIamUser", "Id": created,
                "Details": {"AwsIamUser": {"UserName": created}}})],
        ));
    }
    if let (Some("AssumedRole"), Some(session)) = (e.actor_type.as_deref(), e.session_name.as_deref())
        && instance_session(session)
    {
        out.push((
            "ec2-compromise",
            vec![("instance_id", session.to_string())],
            format!("the role credentials of instance {session} made the call"),
            vec![serde_json::json!({"Type": "AwsEc2Instance", "Id": session})],
        ));
    }
    if let Some(bucket) = h.bucket.as_deref().filter(|_| BUCKET_EXPOSURE.contains(&&*e.event_name)) {
        out.push((
            "s3-public-exposure",
            vec![("bucket", bucket.to_string())],
            format!("{} changed who may read bucket {bucket} ({})", e.actor, e.event_name),
            vec![serde_json::json!({"Type": "AwsS3Bucket", "Id": format!("arn:aws:s3:::{bucket}")})],
        ));
    }
    out
}

/// A file name that only letters, digits, `-`, `_` and `.` make up.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(80)
        .collect()
}

fn suggest(hits: &[&Hit]) -> Vec<Suggestion> {
    let mut by_key: BTreeMap<(String, Vec<(String, String)>), Suggestion> = BTreeMap::new();
    for h in hits {
        let e = &h.event;
        for (playbook, inputs, reason, resources) in responses(h) {
            let inputs: Vec<(String, String)> = inputs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let key = (playbook.to_string(), inputs.clone());
            let s = by_key.entry(key).or_insert_with(|| {
                let tail: Vec<String> = inputs.iter().map(|(_, v)| safe(v)).collect();
                let file = format!("{playbook}--{}.json", tail.join("--"));
                let rule = h.rules.first().map(|r| (**r).clone());
                let finding = asff(e, rule.as_ref(), &reason, resources);
                Suggestion {
                    playbook: playbook.to_string(),
                    inputs: inputs.into_iter().collect(),
                    reason,
                    rules: Vec::new(),
                    hits: 0,
                    first_seen: e.time.to_string(),
                    account: e.account.as_deref().map(str::to_string),
                    region: e.region.as_deref().map(str::to_string),
                    file,
                    finding,
                }
            });
            s.hits += 1;
            if *e.time < *s.first_seen {
                s.first_seen = e.time.to_string();
            }
            for r in &h.rules {
                if !s.rules.contains(&r.id) {
                    s.rules.push(r.id.clone());
                }
            }
        }
    }
    let mut out: Vec<Suggestion> = by_key.into_values().collect();
    out.sort_by(|a, b| (&a.first_seen, &a.file).cmp(&(&b.first_seen, &b.file)));
    out
}

/// One ASFF finding for a suggested response: Cordon as the product, the rule as the
/// generator, the event's account and Region, the resources to contain.
fn asff(e: &Event<'_>, rule: Option<&Detection>, reason: &str, resources: Vec<serde_json::Value>) -> serde_json::Value {
    let account = e.account.as_deref().unwrap_or("000000000000");
    let region = e.region.as_deref().unwrap_or("us-east-1");
    let (id, title, level, tags) = match rule {
        Some(r) => (r.id.as_str(), r.title.as_str(), r.level.as_str(), r.tags.clone()),
        None => ("unknown", "Sigma rule", "medium", Vec::new()),
    };
    let label = match level {
        "critical" => "CRITICAL",
        "high" => "HIGH",
        "low" => "LOW",
        "informational" => "INFORMATIONAL",
        _ => "MEDIUM",
    };
    let resources: Vec<serde_json::Value> = resources
        .into_iter()
        .map(|mut r| {
            r["Partition"] = "aws".into();
            r["Region"] = region.into();
            r
        })
        .collect();
    serde_json::json!({
        "SchemaVersion": "2018-10-08",
        "Id": format!("cordon-hunt/{}/{}", id, e.event_id.as_deref().unwrap_or(&e.time)),
        "ProductArn": format!("arn:aws:securityhub:{region}:{account}:product/{account}/default"),
        "ProductName": "Cordon",
        "CompanyName": "Cordon",
        "GeneratorId": format!("sigma/{id}"),
        "AwsAccountId": account,
        "Region": region,
        "Types": ["TTPs"],
        "FirstObservedAt": &*e.time,
        "LastObservedAt": &*e.time,
        "CreatedAt": &*e.time,
        "UpdatedAt": &*e.time,
        "Severity": {"Label": label},
        "Title": title,
        "Description": format!("{title}: {reason} ({}).", e.message()),
        "ProductFields": {"cordon/rule-tags": tags.join(","), "cordon/event-id": e.event_id.as_deref().unwrap_or("")},
        "Resources": resources,
    })
}

impl HuntSummary {
    /// For a terminal.
    pub fn text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let l = &self.loaded;
        let _ = writeln!(
            s,
            "{} rules loaded from {} files, {} skipped{}; {} events matched",
            l.rules,
            l.files,
            l.skipped.len(),
            if l.other_logsource > 0 {
                format!(", {} for other log sources", l.other_logsource)
            } else {
                String::new()
            },
            self.events
        );
        for k in &l.skipped {
            let _ = writeln!(s, "  skipped {}:{}: {}", k.file, k.line, k.reason);
        }
        for r in &self.rules {
            let _ = writeln!(
                s,
                "\n[{}] {} ({}): {} hits, {} .. {}",
                r.rule.level, r.rule.title, r.rule.id, r.hits, r.first_seen, r.last_seen
            );
            for (what, v) in [
                ("actors", &r.actors),
                ("access keys", &r.access_keys),
                ("source IPs", &r.source_ips),
                ("resources", &r.resources),
            ] {
                if !v.is_empty() {
                    let _ = writeln!(s, "  {what}: {}", v.join(", "));
                }
            }
        }
        if !self.suggestions.is_empty() {
            let _ = writeln!(s, "\nsuggested responses (cordon hunt --suggest writes the finding files):");
            for g in &self.suggestions {
                let inputs: Vec<String> = g.inputs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let _ = writeln!(s, "  {} {}: {}", g.playbook, inputs.join(" "), g.reason);
            }
        }
        s
    }

    /// A Markdown section (the report embeds the same data through its template).
    pub fn markdown(&self) -> String {
        use cordon_core::text::md_escape;
        use std::fmt::Write;
        let mut s = String::from("# Hunt\n\n");
        let l = &self.loaded;
        let _ = writeln!(s, "{} rules loaded, {} skipped; {} events matched.\n", l.rules, l.skipped.len(), self.events);
        s.push_str(
            "| Level | Rule | Hits | First seen | Last seen | Actors | Source IPs |\n|---|---|---|---|---|---|---|\n",
        );
        for r in &self.rules {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_escape(&r.rule.level),
                md_escape(&r.rule.title),
                r.hits,
                md_escape(&r.first_seen),
                md_escape(&r.last_seen),
                md_escape(&r.actors.join(", ")),
                md_escape(&r.source_ips.join(", ")),
            );
        }
        if !self.suggestions.is_empty() {
            s.push_str("\n## Suggested responses\n\n");
            for g in &self.suggestions {
                let inputs: Vec<String> = g.inputs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let _ = writeln!(s, "- `{}` {}: {}", g.playbook, md_escape(&inputs.join(" ")), md_escape(&g.reason));
            }
        }
        if !l.skipped.is_empty() {
            s.push_str("\n## Rules not loaded\n\n");
            for k in &l.skipped {
                let _ = writeln!(s, "- {}:{}: {}", md_escape(&k.file), k.line, md_escape(&k.reason));
            }
        }
        s
    }
}
