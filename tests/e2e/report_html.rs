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

/// What Chromium made of a page: its DOM, its console messages, and the hosts it asked
/// for beyond the browser's own.
struct Browsed {
    dom: String,
    console: Vec<String>,
    extra_hosts: Vec<String>,
}

/// Opens `html` from a file URL in headless Chromium behind a recording proxy; writes a
/// screenshot `png` next to it (checked to be a real one).
fn browse(chromium: &str, html: &std::path::Path, png: &std::path::Path) -> Browsed {
    let out_dir = html.parent().unwrap();
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
    let baseline = headless(chromium, profile.path(), port)
        .arg("--dump-dom")
        .arg(format!("file://{}", blank.display()))
        .output()
        .unwrap();
    assert!(baseline.status.success(), "{}", String::from_utf8_lossy(&baseline.stderr));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let browser_own = hosts(&std::mem::take(&mut *requests.lock().unwrap()));
    let url = format!("file://{}", html.display());
    let _ = std::fs::remove_file(png);
    let shot = headless(chromium, profile.path(), port)
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,3000")
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&shot.stderr);
    assert!(shot.status.success(), "chromium failed: {log}");
    let png_bytes = std::fs::read(png).expect("a screenshot was written");
    assert!(png_bytes.starts_with(b"\x89PNG") && png_bytes.len() > 10_000, "a real screenshot");

    let dump = headless(chromium, profile.path(), port).arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&dump.stdout).to_string();
    let log = format!("{log}{}", String::from_utf8_lossy(&dump.stderr));
    assert!(dump.status.success(), "chromium --dump-dom failed: {log}");
    let console =
        log.lines().filter(|l| l.contains("CONSOLE") || l.contains("Refused to")).map(str::to_string).collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let seen = requests.lock().unwrap().clone();
    let extra_hosts = hosts(&seen).difference(&browser_own).cloned().collect();
    Browsed { dom, console, extra_hosts }
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
    let b = browse(&chromium, &html, &out_dir.join("report.png"));
    assert!(b.console.is_empty(), "console messages: {:#?}", b.console);
    assert!(b.extra_hosts.is_empty(), "the report made network requests to {:?}", b.extra_hosts);
    let dom = &b.dom;
    assert!(dom.contains("id=\"activity-chart\""), "the chart is in the DOM");
    assert!(dom.matches("class=\"bar\"").count() >= 2, "bars for the CloudTrail events");
    assert!(dom.contains("class=\"responder\""), "responder actions are marked");
    assert!(!dom.contains("<script"), "no script element, from the template or the data");
    assert!(dom.contains("Crypto-miner on the public web tier"));
}

/// The drill scorecard's HTML, in the same browser: self-contained, and what the attacker
/// controls (here a bystander bucket's object key, shown as collateral damage) is text,
/// never markup.
#[tokio::test]
async fn the_drill_scorecard_renders_in_chromium_and_shows_the_attackers_markup_as_text() {
    let Some(chromium) = chromium() else { return };
    let Some(emu) = emulator() else { return };
    let key = access_key(&unique("cardhtml"));
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &key).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "start", "s3-bucket-exposure", "--dir"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
    let st = crate::drills::state(&dir);
    let bystander = crate::drills::name_of(&st, "bucket", "website-assets");
    let planted = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>.html";
    aws.s3
        .put_object()
        .bucket(&bystander)
        .key(planted)
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap();
    let out_dir = workspace().join("target/test-output/scorecard-html");
    std::fs::create_dir_all(&out_dir).unwrap();
    let html = out_dir.join("scorecard.html");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["drill", "score"])
        .arg(&dir)
        .args(["--format", "html", "--out"])
        .arg(&html));
    assert_eq!(out.status.code(), Some(1), "nothing contained: {}", text(&out));
    let b = browse(&chromium, &html, &out_dir.join("scorecard.png"));
    assert!(b.console.is_empty(), "console messages: {:#?}", b.console);
    assert!(b.extra_hosts.is_empty(), "the scorecard made network requests to {:?}", b.extra_hosts);
    assert!(!b.dom.contains("<script") && !b.dom.contains("<img"), "markup from the account ran:\n{}", b.dom);
    assert!(b.dom.contains("&lt;script&gt;document.title"), "the planted key is shown as text:\n{}", b.dom);
    assert!(b.dom.contains("<title>Drill "), "the title is the drill's, not the attacker's");
    assert!(b.dom.contains("<table>"), "the scorecard's tables are there");
    let out = run(cordon(&emu.endpoint, &key).args(["drill", "cleanup"]).arg(&dir));
    assert!(out.status.success(), "{}", text(&out));
}
