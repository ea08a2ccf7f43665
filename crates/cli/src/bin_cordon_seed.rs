//! `cordon-seed ENDPOINT LABEL`: seeds a compromised web host in the emulator at
//! ENDPOINT (names ending in LABEL) and prints what it seeded as JSON. Used by
//! `cargo xtask demo`.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [endpoint, label] = args.as_slice() else {
        eprintln!("usage: cordon-seed ENDPOINT LABEL");
        return ExitCode::from(2);
    };
    let aws = cordon_testenv::emulator_aws(endpoint, "AKIADEMOSEEDER000001").await;
    match cordon_testenv::seed::compromised_web_host(&aws, label).await {
        Ok(seeded) => {
            println!("{}", serde_json::to_string(&seeded).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cordon-seed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
