//! Findings of AWS's detection services (GuardDuty, Security Hub) about the case's
//! resources, as evidence.

pub mod collect;

pub use collect::CollectFindings;
