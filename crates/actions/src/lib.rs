//! `cordon-actions`: every action Cordon runs against AWS, one per file, grouped by
//! service (`ec2/isolate_instance.rs` is `ec2.isolate_instance`): containment, its
//! inverses (what `cordon undo` runs), and evidence collection.
//!
//! Invariants: every action records the state it changed in its receipt so that it
//! can be undone exactly, and checkpoints what undo needs before its first change;
//! `execute` is idempotent (a re-run after a crash converges to the same state without
//! repeating harm); `check` makes read-only calls only; each action declares every AWS
//! operation it calls (`cordon_core::ops`, checked by `cargo xtask tidy`) and the actions
//! its undo runs. Evidence is never deleted by undo.

pub mod cloudtrail;
pub mod ebs_image;
pub mod ec2;
pub mod findings;
pub mod iam;
pub mod s3;

pub use cloudtrail::*;
pub use ec2::*;
pub use findings::*;
pub use iam::*;
pub use s3::*;
