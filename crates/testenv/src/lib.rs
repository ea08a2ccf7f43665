//! `cordon-testenv`: the local AWS emulator and realistic seeded environments, for
//! the test suite and `cargo xtask demo`.
//!
//! Role: install and run moto server (pinned) from a project-local virtual
//! environment on 127.0.0.1, tell tests where it is, seed a compromised
//! environment through the real AWS SDK, read moto's request recording, and (feature
//! `faults`) put a fault-injecting proxy between Cordon and the emulator; play the SSM
//! agent's part for Run Command (`ssm_agent`), which the emulator does not run.
//!
//! Invariants: only loopback addresses are ever used; nothing here fakes an AWS
//! service in-process — state lives in the emulator and is read back through the SDK;
//! the fault proxy forwards every request it does not fault to the emulator.

pub mod duckdb;
pub mod emulator;
#[cfg(feature = "faults")]
pub mod faults;
pub mod recorder;
#[cfg(feature = "seed")]
pub mod seed;
#[cfg(feature = "seed")]
pub mod ssm_agent;

#[cfg(feature = "seed")]
use cordon_aws::Aws;

/// Test credentials for the emulator. Each test passes its own `access_key` so the
/// emulator's request recording can be split by test.
#[cfg(feature = "seed")]
pub async fn emulator_aws(endpoint: &str, access_key: &str) -> Aws {
    let creds = aws_sdk_ec2::config::Credentials::new(access_key, "emulator-secret", None, None, "cordon-testenv");
    let config = aws_config::defaults(aws_config::BehaviorVersion::v2026_01_12())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .load()
        .await;
    Aws::from_config(&config)
}
