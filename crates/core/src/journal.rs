//! The case journal's entries and its hash chain (pure parts; writing is done by the
//! evidence store).
//!
//! `journal.jsonl` holds one JSON object per line. Each line's `prev` is the SHA-256
//! (lower-case hex) of the previous line's exact bytes, without its newline; the first
//! line's `prev` is [`GENESIS`]. Editing, inserting, removing or reordering any line
//! breaks the chain at that point.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::action::{AwsCall, Change, Undo};
use crate::artifact::ArtifactRecord;
use crate::error::ActionError;

/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// 0-based position in the journal.
    pub seq: u64,
    /// UTC, RFC 3339, milliseconds.
    pub time: String,
    /// SHA-256 of the previous line.
    pub prev: String,
    pub event: Event,
}

/// Who is acting, as STS reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// A role Cordon acted through: assumed from the operator's own credentials, so that the
/// target account's CloudTrail names the case and the operator in the session name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssumedRole {
    pub role_arn: String,
    /// `cordon-<case>-<operator>`: the last part of the assumed-role ARN in CloudTrail.
    pub session_name: String,
    /// Whether an external id was given (its value is not written: it is asked for again).
    #[serde(default)]
    pub external_id: bool,
    /// The session's first access key id, as the target account's CloudTrail records it
    /// in `userIdentity.accessKeyId` (not a secret; refreshed sessions get new ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Succeeded,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// First entry of a case: who acts, where, with what.
    CaseOpened {
        case_id: String,
        tool: String,
        tool_version: String,
        operator: Option<String>,
        caller: CallerIdentity,
        region: Option<String>,
        endpoint: Option<String>,
        /// The role the caller's session is of, when Cordon assumed one (`--role-arn`, or a
        /// target of `--accounts`/`--org`): `resume` and `undo` assume it again.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<AssumedRole>,
    },
    /// A playbook run begins.
    RunStarted {
        run: u32,
        playbook_path: String,
        playbook_name: String,
        /// SHA-256 of the playbook file as read.
        playbook_sha256: String,
        /// The playbook's metadata (severity, owner, tags, references).
        #[serde(default)]
        playbook_meta: Value,
        inputs: Value,
        caller: CallerIdentity,
    },
    /// Written (and flushed to disk) before a step makes any AWS call.
    /// `step_id` is `ID[N]` for item N of a `for_each` step, whose value is `item`.
    StepIntent {
        run: u32,
        step_id: String,
        action: String,
        params: Value,
        mutates: bool,
        changes: Vec<Change>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item: Option<Value>,
    },
    /// An interrupted run continues (`cordon resume`): the steps already completed are
    /// not repeated.
    RunResumed { run: u32, completed_steps: Vec<String> },
    /// Progress a step records before a change it could not otherwise recover after a
    /// crash (e.g. the original security groups of an interface).
    StepCheckpoint { run: u32, step_id: String, data: Value },
    /// A step did not run: its `when:` condition was false, or an earlier step failed.
    StepSkipped {
        run: u32,
        step_id: String,
        reason: String,
        /// The step's action (absent in journals written before it was recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<String>,
    },
    /// A step needs approval and none could be given here: the run pauses (it can be
    /// resumed with approval).
    ApprovalRequired { run: u32, step_id: String, changes: Vec<Change> },
    /// A person (or `--yes`) approved a step.
    ApprovalGranted { run: u32, step_id: String, approved_by: String },
    /// An artifact was written and hashed (acquisition, for the chain of custody).
    ArtifactStored { artifact: ArtifactRecord },
    /// A copy of an artifact left the case (e.g. to an evidence bucket): custody.
    ArtifactExported { run: u32, step_id: String, export: crate::artifact::ArtifactExport },
    /// Written after a step's AWS calls.
    StepOutcome {
        run: u32,
        step_id: String,
        action: String,
        status: StepStatus,
        receipt: Option<Value>,
        /// What actually changed, before -> after.
        #[serde(default)]
        changes: Vec<Change>,
        calls: Vec<AwsCall>,
        error: Option<ActionError>,
        undo: Option<Undo>,
    },
    /// A playbook run ends.
    RunFinished { run: u32, status: StepStatus, failed_steps: Vec<String> },
    /// Custody beyond acquisition and export: the case was verified, or bundled for
    /// transfer, by someone, with some version of the tool.
    Custody {
        /// `verified` or `bundled`.
        what: String,
        /// The responder's name, as given with `--operator`.
        operator: Option<String>,
        /// The local account and host that ran the tool (`user@host`).
        user: String,
        tool_version: String,
        /// Verified: every item passed. Bundled: the bundle was written.
        ok: bool,
        /// Verified: items checked and those that failed. Bundled: path, SHA-256, signature.
        detail: Value,
    },
}

impl Event {
    /// The snake_case name of the event type, as written in the `type` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::CaseOpened { .. } => "case_opened",
            Event::RunStarted { .. } => "run_started",
            Event::StepIntent { .. } => "step_intent",
            Event::ArtifactStored { .. } => "artifact_stored",
            Event::ArtifactExported { .. } => "artifact_exported",
            Event::RunResumed { .. } => "run_resumed",
            Event::StepCheckpoint { .. } => "step_checkpoint",
            Event::StepSkipped { .. } => "step_skipped",
            Event::ApprovalRequired { .. } => "approval_required",
            Event::ApprovalGranted { .. } => "approval_granted",
            Event::StepOutcome { .. } => "step_outcome",
            Event::RunFinished { .. } => "run_finished",
            Event::Custody { .. } => "custody",
        }
    }
}

/// Where journal entries go. The implementation assigns `seq`, `time` and `prev`,
/// and makes the entry durable (written and flushed to disk) before returning.
pub trait JournalSink: Sync {
    fn append(&self, event: Event) -> Result<Entry, JournalError>;
}

/// The journal could not be written: the run must stop, since nothing may happen
/// unrecorded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not write the journal {path}: {message}")]
pub struct JournalError {
    pub path: String,
    pub message: String,
}

/// SHA-256 of a line's bytes, lower-case hex.
pub fn line_hash(line: &str) -> String {
    hex::encode(Sha256::digest(line.as_bytes()))
}

/// Serializes an entry as one journal line (no newline).
pub fn encode(entry: &Entry) -> String {
    // Serializing plain data to a string cannot fail; fall back to an empty object defensively.
    serde_json::to_string(entry).unwrap_or_else(|_| "{}".to_string())
}

/// A break in the journal, naming the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    /// 1-based line number in `journal.jsonl`.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "journal.jsonl line {}: {}", self.line, self.message)
    }
}

/// A journal read back and checked.
#[derive(Debug, Default)]
pub struct CheckedJournal {
    pub entries: Vec<Entry>,
    pub problems: Vec<ChainProblem>,
    /// Hash of the last line: ties a report or a bundle to an exact journal state.
    pub head: String,
    /// The hash of every line, in order (the head is the last): an anchor kept outside
    /// the machine is checked against them.
    pub line_hashes: Vec<String>,
}

/// Parses and checks every line: JSON shape, sequence numbers and the hash chain.
/// Never panics; every problem is reported with its line.
pub fn check(text: &str) -> CheckedJournal {
    let mut out = CheckedJournal { head: GENESIS.to_string(), ..Default::default() };
    let body = text.strip_suffix('\n').unwrap_or(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.problems.push(ChainProblem {
            line: body.lines().count(),
            message: "last line is not terminated (truncated write?)".into(),
        });
    }
    if body.is_empty() {
        return out;
    }
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => {
                if entry.prev != out.head {
                    out.problems.push(ChainProblem {
                        line: n,
                        message: format!(
                            "hash chain broken: prev is {} but the previous line hashes to {}",
                            entry.prev, out.head
                        ),
                    });
                }
                if entry.seq != i as u64 {
                    out.problems.push(ChainProblem {
                        line: n,
                        message: format!("sequence number {} where {} was expected", entry.seq, i),
                    });
                }
                out.entries.push(entry);
            }
            Err(e) => out.problems.push(ChainProblem { line: n, message: format!("not a valid journal entry: {e}") }),
        }
        out.head = line_hash(line);
        out.line_hashes.push(out.head.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(n: usize) -> String {
        let mut prev = GENESIS.to_string();
        let mut text = String::new();
        for seq in 0..n {
            let e = Entry {
                seq: seq as u64,
                time: "2026-01-01T00:00:00.000Z".into(),
                prev: prev.clone(),
                event: Event::RunFinished { run: 1, status: StepStatus::Succeeded, failed_steps: vec![] },
            };
            let line = encode(&e);
            prev = line_hash(&line);
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    #[test]
    fn intact_chain_has_no_problems() {
        let j = check(&journal(3));
        assert!(j.problems.is_empty(), "{:?}", j.problems);
        assert_eq!(j.entries.len(), 3);
        assert_ne!(j.head, GENESIS);
    }

    #[test]
    fn any_edit_is_named_by_line() {
        let text = journal(3).replacen("\"run\":1", "\"run\":2", 2);
        let j = check(&text);
        // line 1 and 2 were edited: lines 2 and 3 no longer chain.
        let lines: Vec<usize> = j.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn removed_line_and_garbage_are_reported() {
        let text = journal(3);
        let mut lines: Vec<&str> = text.lines().collect();
        lines.remove(1);
        let j = check(&(lines.join("\n") + "\n"));
        assert!(j.problems.iter().any(|p| p.line == 2 && p.message.contains("hash chain")));
        let j = check("{not json\n");
        assert_eq!(j.problems.len(), 1);
        assert!(j.problems[0].message.contains("not a valid journal entry"));
        let j = check(text.trim_end());
        assert!(j.problems.iter().any(|p| p.message.contains("not terminated")));
    }
}
