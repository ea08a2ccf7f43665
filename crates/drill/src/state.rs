//! The drill's state file (`drill.json` in the drill's directory): what was created, the
//! attack's calls, the alert, the bystanders' state before the response, and cleanup's
//! progress. Written whole and atomically (a temporary file renamed over it) after every
//! change, and before each creation, so that an interrupted drill can still be cleaned up.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{DrillError, Result};

/// The state file's name in the drill's directory.
pub const STATE_FILE: &str = "drill.json";
/// The alert the team receives (a GuardDuty finding, as `--from-finding` reads it).
pub const ALERT_FILE: &str = "alert.json";
/// What the team is told.
pub const BRIEFING_FILE: &str = "briefing.md";

const VERSION: u32 = 1;

/// Kinds of resource a drill creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    User,
    AccessKey,
    Bucket,
    Trail,
    Detector,
    Role,
    InstanceProfile,
    Vpc,
    Subnet,
    SecurityGroup,
    LaunchTemplate,
    Instance,
    Volume,
    AutoScalingGroup,
    TargetGroup,
    LoadBalancer,
}

impl std::fmt::Display for Kind {
    /// Its name in the state file: `auto_scaling_group`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = serde_json::to_value(self).unwrap_or_default();
        f.write_str(v.as_str().unwrap_or("resource"))
    }
}

/// One created (or about to be created) resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    pub kind: Kind,
    /// Its real name (an access key: its id, with `user` its user).
    pub name: String,
    /// The scenario's name for it.
    pub logical: String,
    /// The user an access key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// A volume's instance id; a group's instance: the group's logical name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Made by the attack (a backdoor), not by setup.
    #[serde(default)]
    pub by_attack: bool,
    /// Recorded before the call that creates it; false until the call returned.
    pub confirmed: bool,
    /// Deleted by cleanup.
    #[serde(default)]
    pub deleted: bool,
}

/// One call of the attack, as it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttackCall {
    /// The time in the drill's CloudTrail records.
    pub time: Timestamp,
    pub event_source: String,
    pub event_name: String,
    pub technique: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stratus: Option<String>,
    /// The CloudTrail record's eventID (the drill's own records on the emulator).
    pub event_id: String,
    /// What the call returned: `ok` or the error.
    pub result: String,
}

/// The role session the attacker used (instance credentials taken from an instance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub role: String,
    pub session_name: String,
    pub access_key_id: String,
    pub issued_at: Timestamp,
}

/// The drill's trail: where its CloudTrail records were written (the emulator only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub bucket: String,
    pub objects: Vec<String>,
}

/// Everything a drill knows about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillState {
    pub version: u32,
    pub drill_id: String,
    pub scenario: String,
    pub scenario_file: String,
    /// SHA-256 of the scenario file as read.
    pub scenario_sha256: String,
    pub account: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub started_at: Timestamp,
    /// When the alert was handed to the team: the clock for time to detect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_at: Option<Timestamp>,
    /// After this, `cordon drill status` says cleanup is due.
    pub cleanup_due: Timestamp,
    pub resources: Vec<Created>,
    pub attack: Vec<AttackCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trail: Option<Trail>,
    /// The attacker's role session, when the attack used instance credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The bystanders' state before the response, by logical name.
    #[serde(default)]
    pub baseline: serde_json::Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleaned_at: Option<Timestamp>,
}

impl DrillState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        drill_id: &str,
        scenario: &str,
        scenario_file: &str,
        scenario_sha256: &str,
        account: &str,
        region: &str,
        endpoint: Option<&str>,
        now: Timestamp,
        ttl: jiff::SignedDuration,
    ) -> Self {
        Self {
            version: VERSION,
            drill_id: drill_id.to_string(),
            scenario: scenario.to_string(),
            scenario_file: scenario_file.to_string(),
            scenario_sha256: scenario_sha256.to_string(),
            account: account.to_string(),
            region: region.to_string(),
            endpoint: endpoint.map(str::to_string),
            started_at: now,
            alert_at: None,
            cleanup_due: now.saturating_add(ttl).unwrap_or(now),
            resources: Vec::new(),
            attack: Vec::new(),
            trail: None,
            session: None,
            baseline: serde_json::Map::new(),
            cleaned_at: None,
        }
    }

    /// Reads `dir/drill.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(STATE_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| DrillError(format!("{}: {e} (is this a drill directory?)", path.display())))?;
        let state: Self = serde_json::from_str(&text)
            .map_err(|e| DrillError(format!("{}: not a drill state: {e}", path.display())))?;
        if state.version != VERSION {
            return Err(DrillError(format!("{}: state version {} is not {VERSION}", path.display(), state.version)));
        }
        Ok(state)
    }

    /// Writes `dir/drill.json` atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        let text = serde_json::to_string_pretty(self).map_err(|e| DrillError(e.to_string()))?;
        let tmp = dir.join(format!(".{STATE_FILE}.tmp"));
        std::fs::write(&tmp, text)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, dir.join(STATE_FILE))?;
        Ok(())
    }

    /// The real name of a user or bucket, by its logical name.
    pub fn name_of(&self, kind: Kind, logical: &str) -> Option<&str> {
        self.resources.iter().find(|r| r.kind == kind && r.logical == logical).map(|r| r.name.as_str())
    }

    /// The instances a logical name stands for: one instance, or every instance of a
    /// group; as (logical name, instance id).
    pub fn instances(&self, logical: &str) -> Vec<(String, String)> {
        self.resources
            .iter()
            .filter(|r| r.kind == Kind::Instance && r.confirmed)
            .filter(|r| r.logical == logical || r.of.as_deref() == Some(logical))
            .map(|r| (r.logical.clone(), r.name.clone()))
            .collect()
    }

    /// The ids of the volumes recorded for an instance.
    pub fn volumes_of(&self, instance_id: &str) -> Vec<String> {
        self.resources
            .iter()
            .filter(|r| r.kind == Kind::Volume && r.of.as_deref() == Some(instance_id))
            .map(|r| r.name.clone())
            .collect()
    }
}

/// A drill's directory: `./drill-runs/<drill id>` unless given.
pub fn default_dir(drill_id: &str) -> PathBuf {
    PathBuf::from("drill-runs").join(drill_id)
}

/// A new drill id: `dr` and 8 hex digits from the time, the process and the scenario.
pub fn new_id(scenario: &str, now: Timestamp) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(scenario.as_bytes());
    h.update(now.as_nanosecond().to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    format!("dr{}", &hex::encode(h.finalize())[..8])
}
