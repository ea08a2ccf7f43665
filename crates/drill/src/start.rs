//! `cordon drill start`: check where, set up, attack, record the bystanders, hand over
//! the alert.

use std::path::{Path, PathBuf};

use cordon_aws::Aws;
use jiff::{SignedDuration, Timestamp};

use crate::scenario::{AlertAbout, Scenario};
use crate::state::{ALERT_FILE, BRIEFING_FILE, DrillState};
use crate::{DrillError, Result, alert, attack, guard, role, score, setup, trail};

/// What `start` needs besides the scenario.
pub struct StartOptions<'a> {
    /// The scenario file's path and SHA-256, as read.
    pub file: &'a str,
    pub sha256: &'a str,
    /// The drill's directory (default `./drill-runs/<id>`).
    pub dir: Option<&'a Path>,
    /// The account the responder declared (required outside the emulator).
    pub account: Option<&'a str>,
    /// After this, cleanup is due.
    pub ttl: SignedDuration,
}

/// A started drill.
pub struct Started {
    pub state: DrillState,
    pub dir: PathBuf,
    pub alert_file: PathBuf,
    pub briefing: String,
}

/// On a real account a new key takes a few seconds to work everywhere.
async fn wait_for_key(attacker: &Aws, local: bool) {
    if local {
        return;
    }
    for _ in 0..30 {
        if attacker.caller_identity().await.is_ok() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Starts a drill: nothing is created before the account is checked; everything created
/// is in the state file before the call that creates it.
pub async fn start(aws: &Aws, scenario: &Scenario, opts: &StartOptions<'_>) -> Result<Started> {
    let account = guard::check(aws, opts.account).await?;
    setup::preflight(aws, scenario).await?;
    let now = Timestamp::now();
    let id = crate::state::new_id(&scenario.drill, now);
    let dir = opts.dir.map_or_else(|| crate::state::default_dir(&id), Path::to_path_buf);
    if dir.join(crate::state::STATE_FILE).exists() {
        return Err(DrillError(format!("{} already holds a drill", dir.display())));
    }
    let region = aws.region().unwrap_or("us-east-1").to_string();
    let mut state =
        DrillState::new(&id, &scenario.drill, opts.file, opts.sha256, &account, &region, aws.endpoint(), now, opts.ttl);
    state.write(&dir)?;
    let keys = setup::run(aws, scenario, &mut state, &dir).await?;
    let key = match (&scenario.attack.session, keys.get(&scenario.attack.principal)) {
        (Some(instance), _) => role::role_credentials(aws, &mut state, &scenario.attack.principal, instance).await?,
        (None, Some(k)) => k.clone(),
        (None, None) => {
            return Err(DrillError(format!(
                "the attack's principal `{}` has no access key",
                scenario.attack.principal
            )));
        }
    };
    state.write(&dir)?;
    let token = key.session.as_ref().map(|(t, _)| t.as_str());
    let attacker = aws.with_credentials(&key.access_key_id, &key.secret, token);
    let local = guard::is_local_emulator(aws.endpoint());
    wait_for_key(&attacker, local).await;
    let records = attack::run(aws, &attacker, &key, scenario, &mut state, &dir, now).await?;
    if local && !records.is_empty() {
        trail::deliver(aws, &mut state, &dir, &records).await?;
    }
    for r in scenario.setup.iter().filter(|r| r.bystander()) {
        let f = score::fingerprint(aws, &state, r).await?;
        state.baseline.insert(r.name().to_string(), f);
    }
    let alert_at = Timestamp::now();
    state.alert_at = Some(alert_at);
    let about_key = match &scenario.alert.about {
        AlertAbout::AccessKey { user } => keys.get(user),
        AlertAbout::RoleCredentials { .. } => Some(&key),
        AlertAbout::Bucket { .. } | AlertAbout::Instance { .. } => None,
    };
    let finding = alert::finding(scenario, &state, about_key, alert_at)?;
    let alert_file = dir.join(ALERT_FILE);
    std::fs::write(&alert_file, serde_json::to_string_pretty(&finding).map_err(|e| DrillError(e.to_string()))?)?;
    let briefing = alert::briefing(scenario, &state, &alert_file.display().to_string());
    std::fs::write(dir.join(BRIEFING_FILE), &briefing)?;
    state.write(&dir)?;
    Ok(Started { state, dir, alert_file, briefing })
}
