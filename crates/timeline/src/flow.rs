//! VPC Flow Logs records as timeline events (network events: source, destination, port,
//! action, bytes), from the two shapes Cordon stores:
//! - a flow log file as S3 receives it: a header line naming the fields
//!   (`version account-id interface-id srcaddr ...`), then one record per line;
//! - the JSON Lines `ec2.collect_flow_logs` writes from CloudWatch Logs: one object per
//!   event with `message` (the record) and `format` (`${version} ${account-id} ...`, the
//!   default version 2 format when absent).
//!
//! Pure: text in, events out. A record the same flow log delivered to both places has the
//! same event id, so it appears once in a merged timeline.

use std::borrow::Cow;

use crate::event::Event;

/// The default (version 2) record format.
const DEFAULT_FIELDS: [&str; 14] = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
];

/// Whether `text` is flow log records, and if so each record's event (`None` for a record
/// with no traffic, `NODATA`/`SKIPDATA`) or why it could not be read, by line.
pub(crate) fn records(name: &str, text: &str) -> Option<Vec<Result<Option<Event<'static>>, String>>> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.clone().next()?;
    if first.starts_with("version ") && first.contains("srcaddr") {
        let fields: Vec<&str> = first.split_whitespace().collect();
        lines.next();
        return Some(lines.map(|(_, l)| record(name, &fields, l)).collect());
    }
    let probe: serde_json::Value = serde_json::from_str(first).ok()?;
    let is_flow = probe.get("message").is_some_and(serde_json::Value::is_string)
        && probe.get("stream").is_some_and(|s| s.as_str().is_some_and(|s| s.starts_with("eni-")));
    if !is_flow {
        return None;
    }
    Some(
        lines
            .map(|(_, l)| {
                let v: serde_json::Value = serde_json::from_str(l).map_err(|e| format!("not JSON: {e}"))?;
                let message = v.get("message").and_then(|m| m.as_str()).ok_or("no message")?;
                let format = v.get("format").and_then(|f| f.as_str()).filter(|f| !f.is_empty());
                let fields: Vec<&str> = match format {
                    Some(f) => f.split_whitespace().map(|x| x.trim_start_matches("${").trim_end_matches('}')).collect(),
                    None => DEFAULT_FIELDS.to_vec(),
                };
                record(name, &fields, message)
            })
            .collect(),
    )
}

fn protocol(n: &str) -> Cow<'static, str> {
    match n {
        "1" => "icmp".into(),
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "58" => "icmpv6".into(),
        other => format!("proto-{other}").into(),
    }
}

fn record(name: &str, fields: &[&str], line: &str) -> Result<Option<Event<'static>>, String> {
    let values: Vec<&str> = line.split_whitespace().collect();
    if values.len() != fields.len() {
        return Err(format!("{} values for {} fields", values.len(), fields.len()));
    }
    let get = |f: &str| fields.iter().position(|x| *x == f).map(|i| values[i]).filter(|v| *v != "-");
    if matches!(get("log-status"), Some("NODATA" | "SKIPDATA")) {
        return Ok(None);
    }
    let start: i64 = get("start").ok_or("no start")?.parse().map_err(|_| "start is not a number")?;
    let time_ms = start.saturating_mul(1000);
    let time = jiff::Timestamp::from_millisecond(time_ms).map_err(|e| format!("start {start}: {e}"))?;
    let (src, dst) = (get("srcaddr").unwrap_or("?"), get("dstaddr").unwrap_or("?"));
    let (sport, dport) = (get("srcport").unwrap_or("-"), get("dstport").unwrap_or("-"));
    let proto = protocol(get("protocol").unwrap_or("-"));
    let action = get("action").unwrap_or("?");
    let eni = get("interface-id").unwrap_or("-");
    let bytes = get("bytes").unwrap_or("0");
    let event_id = format!("flow:{eni}:{start}:{src}:{sport}:{dst}:{dport}:{proto}:{action}");
    Ok(Some(Event {
        time: format!("{}", time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")).into(),
        time_ms,
        event_source: "vpc-flow-logs".into(),
        event_name: format!("{action} {proto} {src}:{sport} -> {dst}:{dport} ({bytes} bytes)").into(),
        event_id: Some(event_id.into()),
        actor: src.to_string().into(),
        actor_type: Some("NetworkFlow".into()),
        source_ip: Some(src.to_string().into()),
        account: get("account-id").map(|a| a.to_string().into()),
        resources: [eni.to_string(), format!("{dst}:{dport}")].into_iter().map(Into::into).collect(),
        error_code: (action == "REJECT").then(|| "REJECT".into()),
        origin: name.to_string().into(),
        ..Default::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str =
        "2 123456789012 eni-0a1b 10.0.1.5 203.0.113.9 49152 443 6 10 8400 1795946400 1795946460 ACCEPT OK";

    #[test]
    fn a_file_with_its_header_and_the_collected_json_lines_give_the_same_event() {
        let file = format!("{}\n{REC}\n", DEFAULT_FIELDS.join(" "));
        let a = records("f", &file).unwrap_or_default();
        let line = serde_json::json!({"timestamp": 1, "stream": "eni-0a1b-all", "message": REC}).to_string();
        let b = records("g", &line).unwrap_or_default();
        let (Some(Ok(Some(a))), Some(Ok(Some(b)))) = (a.first(), b.first()) else { panic!("{a:?} {b:?}") };
        assert_eq!(a.event_id, b.event_id, "one record, one id, wherever it was read");
        assert_eq!(a.time, "2026-11-29T10:00:00.000Z");
        assert_eq!(a.event_name, "ACCEPT tcp 10.0.1.5:49152 -> 203.0.113.9:443 (8400 bytes)");
        assert_eq!(a.source_ip.as_deref(), Some("10.0.1.5"));
        assert_eq!(a.resources, ["eni-0a1b", "203.0.113.9:443"]);
    }

    #[test]
    fn custom_formats_no_data_and_bad_lines() {
        let line = serde_json::json!({
            "stream": "eni-0a1b-all",
            "message": "eni-0a1b 10.0.1.5 198.51.100.1 REJECT 1795946400",
            "format": "${interface-id} ${srcaddr} ${dstaddr} ${action} ${start}",
        })
        .to_string();
        let out = records("g", &line).unwrap_or_default();
        let Some(Ok(Some(e))) = out.first() else { panic!("{out:?}") };
        assert_eq!(e.error_code.as_deref(), Some("REJECT"));
        let nodata = "2 123456789012 eni-0a1b - - - - - - - 1795946400 1795946460 - NODATA";
        let file = format!("{}\n{nodata}\n2 too few\n", DEFAULT_FIELDS.join(" "));
        let out = records("f", &file).unwrap_or_default();
        assert!(matches!(out.first(), Some(Ok(None))), "{out:?}");
        assert!(matches!(out.get(1), Some(Err(_))), "{out:?}");
        assert!(records("x", "{\"Records\":[]}").is_none(), "CloudTrail is not flow logs");
    }
}
