//! The HTML report in headless Chromium (Debian's `chromium`, installed by
//! `cargo xtask test` when missing), from a file URL: no console messages, no network
//! request, the chart in the DOM, and a screenshot under target/test-output/ for a person
//! to look at.
//!
//! Every request goes to a loopback proxy that records it. Chromium itself still calls
//! a few Google hosts even with background networking off, so a blank page is loaded
//! first with the same profile: any host the report asks for beyond those is the
//! report's own fetch. (The report also carries a `default-src 'none'` CSP, so a fetch
//! would be refused and logged to the console, which is checked too.)

use std::collections::BTreeSet;
use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

use crate::helpers::*;

/// The browser: `CORDON_CHROMIUM` (set by `cargo xtask test`, which installs it), else
/// Debian's; with neither, under a plain `cargo test`, the test is skipped with a line.
fn chromium() -> Option<String> {
    if let Ok(path) = std::env::var("CORDON_CHROMIUM") {
        assert!(std::path::Path::new(&path).exists(), "CORDON_CHROMIUM={path} does not exist");
        return Some(path);
    }
    let path = "/usr/bin/chromium";
    if std::path::Path::new(path).exists() {
        return Some(path.into());
    }
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "e2e: the HTML report browser test skipped, {path} is missing (`apt-get install chromium`; `cargo xtask test` installs it)"
    );
    None
}

fn headless(chromium: &str, profile: &std::path::Path, proxy_port: u16) -> Command {
    let mut c = Command::new(chromium);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--proxy-server=http://127.0.0.1:{proxy_port}"))
    // Route loopback through the proxy too: nothing may be fetched from anywhere.
    .arg("--proxy-bypass-list=<-loopback>");
    c
}

#[test]
fn the_html_report_is_self_contained_and_renders_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let out_dir = workspace().join("target/test-output/report-html");
    std::fs::create_dir_all(&out_dir).unwrap();
    let html = out_dir.join("report.html");
    let fixture = workspace().join("tests/fixtures/cases/golden");
    let rendered = run(cordon("http://127.0.0.1:9", "AKIAREPORTONLY000001")
        .arg("report")
        .arg(&fixture)
        .args(["--format", "html", "--out"])
        .arg(&html));
    assert!(rendered.status.success(), "{}", text(&rendered));

    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = proxy.local_addr().unwrap().port();
    let requests: Arc<Mutex<Vec<String>>> = Arc::default();
    let log_to = requests.clone();
    std::thread::spawn(move || {
        for mut conn in proxy.incoming().flatten() {
            let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let mut buf = [0u8; 512];
            let n = conn.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string();
            log_to.lock().unwrap().push(line);
        }
    });
    let hosts = |lines: &[String]| -> BTreeSet<String> {
        lines
            .iter()
            .filter_map(|l| l.split_whitespace().nth(1))
            .map(|t| {
                t.trim_start_matches("http://")
                    .trim_start_matches("https://")
                    .split(['/', ':'])
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let profile = tempfile::tempdir().unwrap();
    let blank = out_dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>blank</title>").unwrap();
    let baseline = headless(&chromium, profile.path(), port)
        .arg("--dump-dom")
        .arg(format!("file://{}", blank.display()))
        .output()
        .unwrap();
    assert!(baseline.status.success(), "{}", String::from_utf8_lossy(&baseline.stderr));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let browser_own = hosts(&std::mem::take(&mut *requests.lock().unwrap()));
    let url = format!("file://{}", html.display());
    let png = out_dir.join("report.png");
    let _ = std::fs::remove_file(&png);
    let shot = headless(&chromium, profile.path(), port)
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,3000")
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&shot.stderr);
    assert!(shot.status.success(), "chromium failed: {log}");
    let png_bytes = std::fs::read(&png).expect("a screenshot was written");
    assert!(png_bytes.starts_with(b"\x89PNG") && png_bytes.len() > 10_000, "a real screenshot");

    let dump = headless(&chromium, profile.path(), port).arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&dump.stdout);
    let log = format!("{log}{}", String::from_utf8_lossy(&dump.stderr));
    assert!(dump.status.success(), "chromium --dump-dom failed: {log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE") || l.contains("Refused to")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let seen = requests.lock().unwrap().clone();
    let extra: Vec<_> = hosts(&seen).difference(&browser_own).cloned().collect();
    assert!(extra.is_empty(), "the report made network requests to {extra:?} (all requests: {seen:#?})");
    assert!(dom.contains("id=\"activity-chart\""), "the chart is in the DOM");
    assert!(dom.matches("class=\"bar\"").count() >= 2, "bars for the CloudTrail events");
    assert!(dom.contains("class=\"responder\""), "responder actions are marked");
    assert!(!dom.contains("<script"), "no script element, from the template or the data");
    assert!(dom.contains("Crypto-miner on the public web tier"));
}
