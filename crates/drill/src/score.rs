//! The scorecard: read-only calls for the contained state and the bystanders, and the
//! team's case directories for the times, the evidence and what failed or was undone.

use std::path::PathBuf;

use cordon_aws::{Aws, call};
use cordon_core::action::NoCallLog;
use cordon_core::journal::{Event, StepStatus};
use cordon_core::{ErrorKind, ops};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};

use crate::scenario::{Contained, Evidence, Resource, Scenario};
use crate::state::{DrillState, Kind};
use crate::{DrillError, Result, compute_score};

/// One checked item.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub what: String,
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

/// A response's score.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub drill_id: String,
    pub scenario: String,
    pub score: u32,
    pub pass_mark: u8,
    pub passed: bool,
    /// The alert, and the first responder action after it.
    pub alert_at: Option<Timestamp>,
    pub first_action_at: Option<Timestamp>,
    /// First responder action after the alert, in seconds.
    pub time_to_detect_s: Option<i64>,
    /// From the alert to the last change that the contained state rests on, in seconds
    /// (when the contained state holds).
    pub time_to_contain_s: Option<i64>,
    pub contained: Vec<Item>,
    pub evidence: Vec<Item>,
    /// Bystanders: changed is collateral damage.
    pub bystanders: Vec<Item>,
    /// Steps that failed, and steps undone, in the team's cases.
    pub failed_steps: Vec<String>,
    pub undone_steps: Vec<String>,
    pub cases: Vec<String>,
}

fn ok_or_gone<T>(r: std::result::Result<T, cordon_core::ActionError>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether a policy document denies every action on every resource, unconditionally.
pub fn denies_everything(doc: &Value) -> bool {
    let one_or_many = |v: &Value, want: &str| match v {
        Value::String(s) => s == want,
        Value::Array(a) => a.iter().any(|x| x.as_str() == Some(want)),
        _ => false,
    };
    let statements = match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        s["Effect"] == "Deny"
            && one_or_many(&s["Action"], "*")
            && one_or_many(&s["Resource"], "*")
            && s.get("Condition").is_none()
    })
}

/// A policy document as IAM returns it (URL-encoded JSON).
pub(crate) fn policy_json(text: &str) -> Value {
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    serde_json::from_str(&decoded).or_else(|_| serde_json::from_str(text)).unwrap_or(Value::Null)
}

async fn check(aws: &Aws, state: &DrillState, c: &Contained) -> Result<Item> {
    let user = |logical: &str| crate::physical(logical, &state.drill_id);
    Ok(match c {
        Contained::AccessKeysInactive { user: u } => {
            let name = user(u);
            let keys = ok_or_gone(
                call(&NoCallLog, ops::iam::LIST_ACCESS_KEYS, &name, aws.iam.list_access_keys().user_name(&name).send())
                    .await,
            )?;
            let (ok, detail) = match keys {
                None => (true, "the user is gone".to_string()),
                Some(k) => {
                    let active: Vec<&str> = k
                        .access_key_metadata()
                        .iter()
                        .filter(|m| m.status() == Some(&aws_sdk_iam::types::StatusType::Active))
                        .filter_map(|m| m.access_key_id())
                        .collect();
                    (
                        active.is_empty(),
                        if active.is_empty() {
                            "no active key".into()
                        } else {
                            format!("active: {}", active.join(", "))
                        },
                    )
                }
            };
            Item { what: format!("every access key of {name} inactive"), ok, detail }
        }
        Contained::UserDenied { user: u } => {
            let name = user(u);
            let mut denied = false;
            if let Some(list) = ok_or_gone(
                call(
                    &NoCallLog,
                    ops::iam::LIST_USER_POLICIES,
                    &name,
                    aws.iam.list_user_policies().user_name(&name).send(),
                )
                .await,
            )? {
                for p in list.policy_names() {
                    let got = call(
                        &NoCallLog,
                        ops::iam::GET_USER_POLICY,
                        &name,
                        aws.iam.get_user_policy().user_name(&name).policy_name(p).send(),
                    )
                    .await?;
                    denied |= denies_everything(&policy_json(got.policy_document()));
                }
                let attached = call(
                    &NoCallLog,
                    ops::iam::LIST_ATTACHED_USER_POLICIES,
                    &name,
                    aws.iam.list_attached_user_policies().user_name(&name).send(),
                )
                .await?;
                denied |= attached
                    .attached_policies()
                    .iter()
                    .any(|p| p.policy_arn().is_some_and(|a| a.ends_with(":policy/AWSDenyAll")));
            } else {
                denied = true;
            }
            Item {
                what: format!("{name} denied every action"),
                ok: denied,
                detail: if denied { "a deny-all policy applies".into() } else { "no deny-all policy".into() },
            }
        }
        Contained::BucketPublicAccessBlocked { bucket } => {
            let name = state.name_of(Kind::Bucket, bucket).unwrap_or_default().to_string();
            let got = ok_or_gone(
                call(
                    &NoCallLog,
                    ops::s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK,
                    &name,
                    aws.s3.get_public_access_block().bucket(&name).send(),
                )
                .await,
            )?;
            let all = got.as_ref().and_then(|g| g.public_access_block_configuration()).is_some_and(|c| {
                c.block_public_acls() == Some(true)
                    && c.ignore_public_acls() == Some(true)
                    && c.block_public_policy() == Some(true)
                    && c.restrict_public_buckets() == Some(true)
            });
            Item {
                what: format!("public access to {name} blocked"),
                ok: all,
                detail: if all { "all four settings on".into() } else { "not fully blocked".into() },
            }
        }
        Contained::InstanceIsolated { instance } => compute_score::isolated(aws, state, instance).await?,
        Contained::InstanceOutOfService { instance } => compute_score::out_of_service(aws, state, instance).await?,
        Contained::RoleSessionsRevoked { role } => compute_score::sessions_revoked(aws, state, role).await?,
    })
}

/// A bystander's state, to compare before and after the response.
pub async fn fingerprint(aws: &Aws, state: &DrillState, r: &Resource) -> Result<Value> {
    match r {
        Resource::User(u) => {
            let name = crate::physical(&u.name, &state.drill_id);
            let keys =
                call(&NoCallLog, ops::iam::LIST_ACCESS_KEYS, &name, aws.iam.list_access_keys().user_name(&name).send())
                    .await?;
            let attached = call(
                &NoCallLog,
                ops::iam::LIST_ATTACHED_USER_POLICIES,
                &name,
                aws.iam.list_attached_user_policies().user_name(&name).send(),
            )
            .await?;
            let inline = call(
                &NoCallLog,
                ops::iam::LIST_USER_POLICIES,
                &name,
                aws.iam.list_user_policies().user_name(&name).send(),
            )
            .await?;
            let mut keys: Vec<Value> = keys
                .access_key_metadata()
                .iter()
                .map(|k| json!([k.access_key_id(), k.status().map(|s| s.as_str())]))
                .collect();
            keys.sort_by_key(|k| k.to_string());
            let mut attached: Vec<&str> = attached.attached_policies().iter().filter_map(|p| p.policy_arn()).collect();
            attached.sort_unstable();
            let mut inline: Vec<&str> = inline.policy_names().iter().map(String::as_str).collect();
            inline.sort_unstable();
            Ok(json!({"access_keys": keys, "attached_policies": attached, "inline_policies": inline}))
        }
        Resource::Bucket(b) => {
            let name = state.name_of(Kind::Bucket, &b.name).unwrap_or_default().to_string();
            let policy = ok_or_gone(
                call(&NoCallLog, ops::s3::GET_BUCKET_POLICY, &name, aws.s3.get_bucket_policy().bucket(&name).send())
                    .await,
            )
            .ok()
            .flatten()
            .and_then(|p| p.policy().map(str::to_string));
            let objects =
                call(&NoCallLog, ops::s3::LIST_BUCKET, &name, aws.s3.list_objects_v2().bucket(&name).send()).await?;
            let mut keys: Vec<&str> = objects.contents().iter().filter_map(|o| o.key()).collect();
            keys.sort_unstable();
            Ok(json!({"policy": policy, "objects": keys}))
        }
        // Never a bystander.
        Resource::Detector(_) => Ok(Value::Null),
        Resource::Trail(t) => {
            let name = crate::physical(&t.name, &state.drill_id);
            let status = call(
                &NoCallLog,
                ops::cloudtrail::GET_TRAIL_STATUS,
                &name,
                aws.cloudtrail.get_trail_status().name(&name).send(),
            )
            .await?;
            Ok(json!({"logging": status.is_logging()}))
        }
        Resource::Instance(i) => compute_score::instance_fingerprint(aws, state, &i.name).await,
        Resource::Role(r) => compute_score::role_fingerprint(aws, state, &r.name).await,
        Resource::Group(g) => compute_score::instance_fingerprint(aws, state, &g.name).await,
    }
}

/// What the team's cases show.
#[derive(Default)]
struct Cases {
    first_action: Option<Timestamp>,
    last_change: Option<Timestamp>,
    succeeded_actions: Vec<String>,
    failed: Vec<String>,
    undone: Vec<String>,
}

fn read_cases(dirs: &[PathBuf], after: Option<Timestamp>) -> Result<Cases> {
    let mut out = Cases::default();
    for dir in dirs {
        let journal = cordon_case::CaseJournal::read(dir).map_err(|e| DrillError(format!("{}: {e}", dir.display())))?;
        let entries = journal.intact().map_err(|e| DrillError(format!("{}: {e}", dir.display())))?;
        let mut undo_runs = Vec::new();
        let mut mutating = std::collections::HashSet::new();
        for e in entries {
            let Ok(t) = e.time.parse::<Timestamp>() else { continue };
            if after.is_some_and(|a| t < a) {
                continue;
            }
            match &e.event {
                Event::RunStarted { run, playbook_path, .. } => {
                    out.first_action = Some(out.first_action.map_or(t, |f| f.min(t)));
                    if playbook_path == "(undo)" {
                        undo_runs.push(*run);
                    }
                }
                Event::StepIntent { run, step_id, mutates: true, .. } => {
                    mutating.insert((*run, step_id.clone()));
                }
                Event::StepOutcome { run, step_id, action, status, .. } => match status {
                    StepStatus::Succeeded if undo_runs.contains(run) => {
                        out.undone.push(format!("{step_id} ({action})"))
                    }
                    StepStatus::Succeeded => {
                        out.succeeded_actions.push(action.clone());
                        if mutating.contains(&(*run, step_id.clone())) {
                            out.last_change = Some(out.last_change.map_or(t, |l| l.max(t)));
                        }
                    }
                    StepStatus::Failed => out.failed.push(format!("{step_id} ({action})")),
                },
                _ => {}
            }
        }
    }
    Ok(out)
}

/// Scores the response. Read-only.
pub async fn score(aws: &Aws, scenario: &Scenario, state: &DrillState, case_dirs: &[PathBuf]) -> Result<Scorecard> {
    let mut contained = Vec::new();
    for c in &scenario.expect.contained {
        contained.push(check(aws, state, c).await?);
    }
    let cases = read_cases(case_dirs, state.alert_at)?;
    let mut evidence = Vec::new();
    for e in &scenario.expect.evidence {
        evidence.push(match e {
            Evidence::Step { action } => {
                let ok = cases.succeeded_actions.iter().any(|a| a == action);
                Item {
                    what: format!("{action} succeeded"),
                    ok,
                    detail: if ok { "in the case".into() } else { "no such step succeeded".into() },
                }
            }
            Evidence::Snapshots { instance } => compute_score::snapshots(aws, state, instance).await?,
        });
    }
    let mut bystanders = Vec::new();
    for r in scenario.setup.iter().filter(|r| r.bystander()) {
        let before = state.baseline.get(r.name()).cloned().unwrap_or(Value::Null);
        let now = fingerprint(aws, state, r).await.unwrap_or_else(|e| json!({"error": e.0}));
        let ok = before == now;
        bystanders.push(Item {
            what: format!("{} untouched", r.name()),
            ok,
            detail: if ok { "as before the response".into() } else { format!("was {before}, now {now}") },
        });
    }
    let frac = |items: &[Item]| {
        if items.is_empty() { 1.0 } else { items.iter().filter(|i| i.ok).count() as f64 / items.len() as f64 }
    };
    let score = (50.0 * frac(&contained) + 30.0 * frac(&evidence) + 20.0 * frac(&bystanders)).round() as u32;
    let all_contained = contained.iter().all(|i| i.ok);
    let secs = |t: Option<Timestamp>| Some(t?.duration_since(state.alert_at?).as_secs());
    Ok(Scorecard {
        drill_id: state.drill_id.clone(),
        scenario: state.scenario.clone(),
        score,
        pass_mark: scenario.expect.pass_mark,
        passed: all_contained && score >= u32::from(scenario.expect.pass_mark),
        alert_at: state.alert_at,
        first_action_at: cases.first_action,
        time_to_detect_s: secs(cases.first_action),
        time_to_contain_s: if all_contained { secs(cases.last_change) } else { None },
        contained,
        evidence,
        bystanders,
        failed_steps: cases.failed,
        undone_steps: cases.undone,
        cases: case_dirs.iter().map(|d| d.display().to_string()).collect(),
    })
}

fn mark(ok: bool) -> &'static str {
    if ok { "yes" } else { "NO" }
}

fn duration(s: Option<i64>) -> String {
    s.map_or_else(|| "-".to_string(), |s| format!("{}m {:02}s", s / 60, s % 60))
}

impl Scorecard {
    /// The scorecard as Markdown (also the text output, and the HTML's source).
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# Drill {} ({}): {}/100, {}\n\nPass mark {}. Time to detect {}; time to contain {}.\n",
            self.drill_id,
            self.scenario,
            self.score,
            if self.passed { "passed" } else { "NOT passed" },
            self.pass_mark,
            duration(self.time_to_detect_s),
            duration(self.time_to_contain_s),
        );
        for (title, items) in
            [("Contained", &self.contained), ("Evidence", &self.evidence), ("Bystanders", &self.bystanders)]
        {
            if items.is_empty() {
                continue;
            }
            let done = items.iter().filter(|i| i.ok).count();
            out.push_str(&format!("\n## {title}: {done}/{}\n\n| | Item | Found |\n|---|---|---|\n", items.len()));
            for i in items {
                out.push_str(&format!("| {} | {} | {} |\n", mark(i.ok), i.what, i.detail.replace('|', "\\|")));
            }
        }
        if !self.failed_steps.is_empty() || !self.undone_steps.is_empty() {
            out.push_str("\n## Steps\n\n");
            for s in &self.failed_steps {
                out.push_str(&format!("- failed: {s}\n"));
            }
            for s in &self.undone_steps {
                out.push_str(&format!("- undone: {s}\n"));
            }
        }
        out
    }
}
