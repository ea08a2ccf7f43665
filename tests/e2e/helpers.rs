//! Shared helpers: the emulator, per-test credentials, running the binary.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use cordon_testenv::emulator::{self, EmulatorState};
use cordon_testenv::seed::{self, Seeded};

/// The emulator the end-to-end tests run against. Under `cargo xtask test` (which sets
/// `CORDON_EMULATOR_ENDPOINT`) or with a developer's `cargo xtask emulator start` there is
/// one; under a plain `cargo test` with neither, the test is skipped: `None`, and one line
/// on stderr says so (once per run).
pub fn emulator() -> Option<EmulatorState> {
    match emulator::current() {
        Ok(state) => Some(state),
        Err(e) if std::env::var_os(emulator::ENDPOINT_ENV).is_none() => {
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                // Straight to stderr: the test harness captures `eprintln!` of passing tests.
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "e2e: end-to-end tests skipped, no AWS emulator ({e:#}); `cargo xtask test` runs them all"
                );
            });
            None
        }
        Err(e) => panic!("{e:#}"),
    }
}

/// Whether a test that starts an emulator of its own may run: the same rule as
/// [`emulator`] (skipped under a plain `cargo test` with no emulator anywhere).
pub fn may_start_emulator() -> bool {
    emulator().is_some()
}

/// A label unique to this test process and call.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}{}x{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// An access key id unique to `label`, so the emulator's recording can be split by test.
pub fn access_key(label: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in label.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let tail: String = (0..16).map(|i| alphabet[((h >> (i * 4)) & 31) as usize] as char).collect();
    format!("AKIA{tail}")
}

/// The `cordon` binary, pointed at the emulator with the given access key and nothing
/// from the developer's own AWS configuration.
pub fn cordon(endpoint: &str, key: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cordon"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            c.env_remove(k);
        }
    }
    c.env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", "emulator-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/cordon-test-config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cordon-test-credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("CORDON_OPERATOR")
        .current_dir(workspace());
    c
}

pub fn workspace() -> std::path::PathBuf {
    emulator::workspace_root()
}

pub fn playbook(name: &str) -> String {
    workspace().join("playbooks").join(name).display().to_string()
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the cordon binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "cordon panicked:\n{stderr}");
    out
}

pub fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `base` assuming `role_arn` on the emulator (which switches accounts on an assumed
/// role's key, whether or not the role exists): the session's client, and its credentials
/// as the environment of the cordon binary.
pub async fn assumed(
    base: &cordon_aws::Aws,
    role_arn: &str,
    session: &str,
) -> (cordon_aws::Aws, [(String, String); 3]) {
    let out = base.sts.assume_role().role_arn(role_arn).role_session_name(session).send().await.unwrap();
    let c = out.credentials().unwrap();
    let aws = base.with_credentials(c.access_key_id(), c.secret_access_key(), Some(c.session_token()));
    let env = [
        ("AWS_ACCESS_KEY_ID".to_string(), c.access_key_id().to_string()),
        ("AWS_SECRET_ACCESS_KEY".to_string(), c.secret_access_key().to_string()),
        ("AWS_SESSION_TOKEN".to_string(), c.session_token().to_string()),
    ];
    (aws, env)
}

/// Seeds a compromised web host under a fresh label, with a seeding-only access key.
pub async fn seed(endpoint: &str, label: &str) -> (cordon_aws::Aws, Seeded) {
    let aws = cordon_testenv::emulator_aws(endpoint, &access_key(&format!("seed-{label}"))).await;
    let seeded = seed::compromised_web_host(&aws, label).await.expect("seeding the emulator");
    (aws, seeded)
}

pub fn verify(case_dir: &Path, endpoint: &str) -> Output {
    run(cordon(endpoint, "AKIAVERIFYONLY000001").args(["evidence", "verify"]).arg(case_dir))
}

/// Creates a security group in `vpc` (as someone other than Cordon would) and returns its id.
pub async fn security_group(aws: &cordon_aws::Aws, name: &str, description: &str, vpc: &str) -> String {
    let out = aws.ec2.create_security_group().group_name(name).description(description).vpc_id(vpc).send().await;
    out.unwrap().group_id().unwrap().to_string()
}
