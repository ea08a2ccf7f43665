//! End-to-end tests: the `cordon` binary against the local AWS emulator, results read
//! back through the AWS SDK. Run them with `cargo xtask test` (which starts the
//! emulator); with `cargo xtask emulator start` running, plain `cargo test` works too.
#![allow(clippy::unwrap_used)]

mod accounts;
mod architecture;
mod athena;
mod bad_input;
mod bundle;
mod case_lock;
mod crashes;
mod digests;
mod disk_image;
mod drill_matrix;
mod drills;
mod drills_ec2;
mod ec2_compromise;
mod export;
mod faults;
mod findings;
mod fleet;
mod flow_logs;
mod for_each;
mod helpers;
mod hunt;
mod iam_compromise;
mod iam_policy;
mod isolation;
mod memory;
mod plan;
mod report_html;
mod resume;
mod s3_exposure;
mod scenarios;
mod share;
mod stop;
mod timeline;
mod undo;
mod validate;
mod volatile;
