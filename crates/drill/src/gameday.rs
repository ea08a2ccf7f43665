//! A game day: several scenarios, each for a team, started at its offset, responded to
//! (by a playbook, or by the team) and scored on one scoreboard.

use cordon_core::diagnostic::{Code, Diagnostic};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A game-day file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GameDay {
    /// The game day's name.
    pub gameday: String,
    pub entries: Vec<Entry>,
}

/// One scenario of the game day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A scenario file, or the name of one in `drills/`.
    pub scenario: String,
    /// The team that responds.
    pub team: String,
    /// Seconds after the game day starts.
    #[serde(default)]
    pub start_after_seconds: u32,
    /// A playbook that responds (file or name in `playbooks/`); without it the team
    /// responds by hand and scores with `cordon drill score`.
    #[serde(default)]
    pub respond: Option<String>,
}

/// Reads and checks a game-day file.
pub fn load(file: &str, source: &str) -> Result<GameDay, Vec<Diagnostic>> {
    let (g, root): (GameDay, _) = crate::scenario::from_yaml(file, source)?;
    let mut out = Vec::new();
    if g.entries.is_empty() {
        out.push(
            Diagnostic::error(Code::MissingField, "a game day needs at least one entry")
                .in_file(file)
                .at(crate::scenario::at(&root, &["entries"])),
        );
    }
    for (i, e) in g.entries.iter().enumerate() {
        if e.team.trim().is_empty() {
            out.push(
                Diagnostic::error(Code::BadValue, "an entry's team has a name")
                    .in_file(file)
                    .at(crate::scenario::at(&root, &["entries", &i.to_string(), "team"])),
            );
        }
    }
    if out.is_empty() { Ok(g) } else { Err(out) }
}

/// One row of the scoreboard.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub team: String,
    pub scenario: String,
    pub drill_id: Option<String>,
    pub dir: String,
    /// `scored`, `awaiting response` (no playbook), or `failed: ...`.
    pub status: String,
    pub score: Option<u32>,
    pub passed: Option<bool>,
    pub time_to_detect_s: Option<i64>,
    pub time_to_contain_s: Option<i64>,
}

/// The scoreboard as Markdown.
pub fn markdown(name: &str, rows: &[Row]) -> String {
    let mut out = format!(
        "# Game day {name}\n\n| team | scenario | score | passed | detect | contain | status |\n|---|---|---|---|---|---|---|\n"
    );
    let secs = |s: Option<i64>| s.map_or_else(|| "-".to_string(), |s| format!("{s}s"));
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.team,
            r.scenario,
            r.score.map_or_else(|| "-".into(), |s| s.to_string()),
            r.passed.map_or("-", |p| if p { "yes" } else { "NO" }),
            secs(r.time_to_detect_s),
            secs(r.time_to_contain_s),
            r.status.replace('|', "\\|"),
        ));
    }
    out
}
