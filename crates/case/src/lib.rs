//! `cordon-case`: the case directory — hash-chained journal, evidence store, manifest —
//! its verification, and signed bundles. No AWS SDK: a third party's `cordon evidence
//! verify` and `cordon report` need nothing else (the evidence-collection actions are in
//! `cordon-actions`).
//!
//! Invariants:
//! - every journal entry is written and flushed to disk (fsync) before `append`
//!   returns, so a step's intent is durable before its first AWS call;
//! - every artifact is hashed (SHA-256) while it is written, written once, never
//!   overwritten, and recorded both in `manifest.json` and in the journal (custody);
//! - `verify` re-reads everything and names each mismatch; it never trusts the
//!   manifest alone (the journal's chained records must agree with it);
//! - one writer per case: commands that append to the journal hold [`CaseLock`].

pub mod bundle;
mod case_dir;
mod confine;
pub mod extract;
mod file_name;
mod hashing;
mod journal_file;
mod lock;
pub mod private;
mod repair;
mod verify;

pub use case_dir::{ARTIFACTS, CaseDir, CaseError, JOURNAL, MANIFEST, Manifest, OpenCase, Opener, append_custody};
pub use confine::confined;
pub use file_name::artifact_file_name;
pub use hashing::sha256_file;
pub use journal_file::CaseJournal;
pub use lock::{CaseLock, Holder, LOCK, host_name};
pub use repair::{Repaired, repair_torn_tail};
pub use verify::{Checks, ItemResult, VerifyReport, verify, verify_with};
