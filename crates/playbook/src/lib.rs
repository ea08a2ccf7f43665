//! `cordon-playbook`: playbook text to a checked, rendered, planned playbook.
//!
//! Pipeline: [`node::parse`] (YAML, every node located) → [`validate::validate`]
//! (against the action registry; every problem collected, each with file, line,
//! column, a stable code and a hint) → [`inputs::resolve`] (typed inputs from
//! `--set`) → [`render`] (minijinja over `inputs`, `case` and earlier steps'
//! outputs; undefined variables are errors) → [`plan`].
//!
//! Invariants: pure — no AWS, no async runtime, no filesystem; the same text,
//! registry and inputs always give the same result.

pub mod finding;
mod graph;
pub mod iam;
pub mod inputs;
pub mod model;
pub mod node;
pub mod plan;
pub mod render;
pub mod schema;
pub mod validate;

pub use model::{InputDef, InputType, Meta, OnError, Playbook, Step};
pub use validate::validate;
