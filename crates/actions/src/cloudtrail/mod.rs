//! CloudTrail actions: the window's log files collected as evidence.

pub(crate) mod collect;

pub use collect::Collect as CloudTrailCollect;
