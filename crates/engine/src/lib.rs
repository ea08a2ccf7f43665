//! `cordon-engine`: executes a validated playbook, journaling every step.
//!
//! Role: render each step's parameters against inputs and earlier outputs, write the
//! step's intent to the journal (durably) before it makes any AWS call, execute it,
//! and write its outcome (receipt, AWS request ids, or the error) after. Also runs
//! the read-only checks that turn a pure plan into a checked one.
//!
//! Invariants:
//! - knows the `Action` trait, never SDK types: it is generic over the environment `E`;
//! - nothing mutates without a `step_intent` entry already on disk;
//! - `check` calls only actions' read-only `check` methods.

mod check;
pub mod resume;
mod run;
pub mod undo;

pub use check::check_plan;
pub use run::{Approver, CaseHistory, EngineError, NoApprover, RunContext, RunSummary, Skipped, StepSummary, run};

use cordon_core::action::{ActionSpec, DynAction};

/// Views an environment-specific registry as plain action specs (for validation).
pub fn specs<'a, E: ?Sized>(registry: &'a [&'a dyn DynAction<E>]) -> Vec<&'a dyn ActionSpec> {
    registry.iter().map(|a| *a as &dyn ActionSpec).collect()
}

pub(crate) fn find<'a, E: ?Sized>(registry: &'a [&'a dyn DynAction<E>], name: &str) -> Option<&'a dyn DynAction<E>> {
    registry.iter().copied().find(|a| a.doc().name == name)
}
