//! The trail's file layout and its delivery stamps, shared by the S3 archive reader and
//! the local file reader: which files can hold events in a time window.
//!
//! Layout: `PREFIX/AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/
//! ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_RANDOM.json.gz`. A file is written after the
//! events it holds, up to about 15 minutes later, so a file stamped before the window
//! cannot hold events in it and one stamped more than 15 minutes after cannot either.
//!
//! Pure: names in, decisions out. A local file is only judged by its stamp when its
//! whole name is a trail log file's; any other name (an export, a renamed copy) is read.

use std::path::Path;

use crate::event::Filter;

/// How late a file may be delivered after its events (AWS: "about 15 minutes"; a margin
/// is added).
pub const DELIVERY_DELAY_MS: i64 = 20 * 60 * 1000;
/// Clock skew allowed between an event's time and its file's stamp.
pub const SKEW_MS: i64 = 5 * 60 * 1000;

/// The delivery stamp in a log or digest file's name (`..._20261129T1005Z_...` or
/// `..._20261129T100500Z.json.gz`), in milliseconds.
pub fn key_time_ms(key: &str) -> Option<i64> {
    let name = key.rsplit('/').next()?;
    name.split(['_', '.']).find_map(stamp_ms)
}

/// `YYYYMMDDTHHMMZ` or `YYYYMMDDTHHMMSSZ`, in milliseconds.
fn stamp_ms(part: &str) -> Option<i64> {
    if !part.is_ascii() {
        return None;
    }
    let b = part.as_bytes();
    let secs = match b.len() {
        14 => "00",
        16 => part.get(13..15)?,
        _ => return None,
    };
    if b[8] != b'T' || b[b.len() - 1] != b'Z' || !part[..8].bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let s = format!("{}-{}-{}T{}:{}:{secs}Z", &part[..4], &part[4..6], &part[6..8], &part[9..11], &part[11..13]);
    s.parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond())
}

/// The `YYYY/MM/DD/` folders whose files can hold events in `[start, end]`.
pub fn day_folders(start_ms: i64, end_ms: i64) -> Vec<String> {
    let (Ok(first), Ok(last)) = (
        jiff::Timestamp::from_millisecond(start_ms.saturating_sub(SKEW_MS)),
        jiff::Timestamp::from_millisecond(end_ms.saturating_add(DELIVERY_DELAY_MS)),
    ) else {
        return Vec::new();
    };
    let (first, last) = (first.to_zoned(jiff::tz::TimeZone::UTC).date(), last.to_zoned(jiff::tz::TimeZone::UTC).date());
    let mut out = Vec::new();
    let mut d = first;
    while d <= last && out.len() < 3700 {
        out.push(format!("{:04}/{:02}/{:02}/", d.year(), d.month(), d.day()));
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

/// Whether a delivery stamp can hold events in the filter's window.
fn stamp_in_window(t: i64, filter: &Filter) -> bool {
    filter.start_ms.is_none_or(|s| t >= s.saturating_sub(SKEW_MS))
        && filter.end_ms.is_none_or(|e| t <= e.saturating_add(DELIVERY_DELAY_MS))
}

/// Whether a log file in the archive (by its key) can hold events in the filter's window.
pub fn key_in_window(key: &str, filter: &Filter) -> bool {
    key_time_ms(key).is_none_or(|t| stamp_in_window(t, filter))
}

/// The delivery stamp of a file named exactly as CloudTrail names a log file
/// (`ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_RANDOM.json[.gz]`, a 12-digit account);
/// `None` for any other name.
pub fn trail_log_stamp_ms(name: &str) -> Option<i64> {
    let base = name.strip_suffix(".json.gz").or_else(|| name.strip_suffix(".json"))?;
    let mut parts = base.split('_');
    let (account, kind, region, stamp, random) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && account.len() == 12
        && account.bytes().all(|c| c.is_ascii_digit())
        && kind == "CloudTrail"
        && !region.is_empty()
        && region.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && stamp.len() == 14
        && !random.is_empty()
        && random.bytes().all(|c| c.is_ascii_alphanumeric());
    if ok { stamp_ms(stamp) } else { None }
}

/// Local files that can hold events in the filter's window, in their order, and how
/// many were left out: only trail log files (by [`trail_log_stamp_ms`]) stamped
/// outside the window are.
pub fn local_files_in_window(files: Vec<std::path::PathBuf>, filter: &Filter) -> (Vec<std::path::PathBuf>, u64) {
    if filter.start_ms.is_none() && filter.end_ms.is_none() {
        return (files, 0);
    }
    let before = files.len();
    let kept: Vec<_> = files.into_iter().filter(|p| local_in_window(p, filter)).collect();
    let skipped = (before - kept.len()) as u64;
    (kept, skipped)
}

fn local_in_window(path: &Path, filter: &Filter) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    trail_log_stamp_ms(name).is_none_or(|t| stamp_in_window(t, filter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).unwrap_or(i64::MIN)
    }

    /// 23:50 to 00:10 across midnight, the window both selection tests use.
    fn window() -> Filter {
        Filter {
            start_ms: Some(ms("2026-11-29T23:50:00Z")),
            end_ms: Some(ms("2026-11-30T00:10:00Z")),
            ..Default::default()
        }
    }

    #[test]
    fn key_time() {
        let key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/29/111122223333_CloudTrail_us-east-1_20261129T1005Z_abc.json.gz";
        assert_eq!(key_time_ms(key), Some(ms("2026-11-29T10:05:00Z")));
        assert_eq!(key_time_ms("AWSLogs/x/notes.txt"), None);
        assert_eq!(
            key_time_ms("d/1_CloudTrail-Digest_r_t_r_20261129T110000Z.json.gz"),
            Some(ms("2026-11-29T11:00:00Z"))
        );
        assert_eq!(key_time_ms("d/1_CloudTrail_r_2026112xT1100Z_x.json.gz"), None);
        assert_eq!(key_time_ms("d/1_CloudTrail_r_2026112\u{e9}1100Z_x.json.gz"), None, "no panic on non-ASCII");
    }

    #[test]
    fn window_selects_keys() {
        let f = window();
        let key = |stamp: &str| format!("AWSLogs/1/CloudTrail/r/2026/11/29/1_CloudTrail_r_{stamp}_x.json.gz");
        assert!(!key_in_window(&key("20261129T2340Z"), &f), "delivered before the window");
        assert!(key_in_window(&key("20261129T2350Z"), &f));
        assert!(key_in_window(&key("20261130T0025Z"), &f), "delivered late, still holds window events");
        assert!(!key_in_window(&key("20261130T0100Z"), &f), "too late to hold window events");
    }

    #[test]
    fn only_exact_trail_log_names_are_judged_by_stamp() {
        let good = "111122223333_CloudTrail_us-east-1_20261129T1005Z_b5d2c76af369420a.json.gz";
        assert_eq!(trail_log_stamp_ms(good), Some(ms("2026-11-29T10:05:00Z")));
        assert_eq!(trail_log_stamp_ms(&good.replace(".gz", "")), Some(ms("2026-11-29T10:05:00Z")));
        for other in [
            "events_20261129T1005Z.json",
            "export_CloudTrail_us-east-1_20261129T1005Z_x.json.gz",
            "1111222233_CloudTrail_us-east-1_20261129T1005Z_x.json.gz",
            "111122223333_CloudTrail-Insight_us-east-1_20261129T1005Z_x.json.gz",
            "111122223333_CloudTrail_us-east-1_20261129T1005Z_x_copy.json.gz",
            "111122223333_CloudTrail_us-east-1_20261129T1005Z_x.jsonl",
            "111122223333_CloudTrail_us-east-1_20261129T1005Z_.json.gz",
            "111122223333_CloudTrail_us-east-1_2026112\u{e9}T1005Z_x.json.gz",
        ] {
            assert_eq!(trail_log_stamp_ms(other), None, "{other}");
        }
    }

    #[test]
    fn local_files_outside_the_window_are_left_out_and_counted() {
        let f = window();
        let p = |name: &str| std::path::PathBuf::from(format!("trail/AWSLogs/2026/11/29/{name}"));
        let log = |stamp: &str| p(&format!("111122223333_CloudTrail_eu-west-1_{stamp}_0a1b2c3d4e5f6a7b.json.gz"));
        let files = vec![
            log("20261129T2340Z"),
            log("20261129T2355Z"),
            log("20261130T0025Z"),
            log("20261130T0100Z"),
            p("incident-export.json"),
            p("events_20261101T0000Z.json"),
        ];
        let (kept, skipped) = local_files_in_window(files.clone(), &f);
        assert_eq!(kept, vec![files[1].clone(), files[2].clone(), files[4].clone(), files[5].clone()]);
        assert_eq!(skipped, 2);
        let (all, none) = local_files_in_window(files.clone(), &Filter::default());
        assert_eq!((all, none), (files, 0), "no window, nothing left out");
    }
}
