//! `cordon-core`: the vocabulary every other Cordon crate speaks.
//!
//! Role: validated AWS identifiers, the [`action::Action`] trait with its
//! effect/undo types, [`diagnostic::Diagnostic`] for playbook problems, the
//! injected [`clock::Clock`], and the pure parts of the case journal (entry
//! shapes and hash chaining).
//!
//! Invariants:
//! - no AWS SDK, no async runtime, no filesystem access: everything here is pure
//!   and deterministic given its inputs (time comes only from a `Clock`);
//! - identifiers are validated on construction, so an `InstanceId` in hand is
//!   always well-formed;
//! - timestamps are UTC, RFC 3339 with milliseconds.

pub mod action;
pub mod artifact;
pub mod clock;
pub mod diagnostic;
pub mod error;
pub mod ids;
pub mod journal;
pub mod op;
pub mod ops;
mod step;
pub mod text;

pub use action::{Action, ActionDoc, DynAction, OutputDoc, StepContext};
pub use error::{ActionError, ErrorKind};
pub use op::Op;
