//! `cordon-drill`: simulated incidents a team responds to, scored, and left behind
//! without a trace.
//!
//! A drill reads a scenario ([`scenario`]), creates what it declares ([`setup`]), plays
//! the attack as the attacker's principal ([`attack`], with the matching CloudTrail
//! records written to the drill's trail bucket on the emulator, [`trail`]), hands the team
//! an alert ([`alert`]), scores the response from read-only calls and the team's case
//! directories ([`score`]), and deletes everything it created ([`cleanup`]).
//!
//! Invariants:
//! - a drill changes only what it created: every resource carries the drill id (IAM
//!   users under the path `/cordon-drill/<id>/`, buckets named with the id and tagged
//!   `cordon:drill`), and cleanup deletes nothing whose tag it has not read back;
//! - the inventory is written to the drill's state file *before* each creation, so a drill
//!   interrupted at any point can be cleaned up, and cleanup itself can be re-run;
//! - a real account is refused unless it is named (`--account`) and has opted in from
//!   inside (the SSM parameter [`guard::OPT_IN_PARAMETER`] naming it a drill sandbox);
//! - scoring makes no change: read-only calls and the case directories only;
//! - no secret is written to disk: the attacker's key lives in memory for the attack only.

pub mod alert;
pub mod attack;
mod check;
pub mod cleanup;
pub mod compute;
mod compute_cleanup;
mod compute_score;
mod compute_sweep;
pub mod gameday;
pub mod guard;
pub mod role;
pub mod scenario;
pub mod score;
pub mod setup;
pub mod start;
pub mod state;
pub mod trail;

pub use scenario::{Scenario, load};
pub use start::{StartOptions, Started, start};
pub use state::DrillState;

/// The tag every drill resource carries, its value the drill id.
pub const TAG_KEY: &str = "cordon:drill";

/// The IAM path of a drill's users: `/cordon-drill/<id>/`.
pub fn user_path(drill_id: &str) -> String {
    format!("/cordon-drill/{drill_id}/")
}

/// A drill resource's real name: the logical name and the drill id.
pub fn physical(logical: &str, drill_id: &str) -> String {
    format!("{logical}-{drill_id}")
}

/// A drill failed: what it was doing and why.
#[derive(Debug)]
pub struct DrillError(pub String);

impl std::fmt::Display for DrillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrillError {}

impl From<cordon_core::ActionError> for DrillError {
    fn from(e: cordon_core::ActionError) -> Self {
        DrillError(e.to_string())
    }
}

impl From<std::io::Error> for DrillError {
    fn from(e: std::io::Error) -> Self {
        DrillError(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, DrillError>;
