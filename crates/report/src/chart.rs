//! The activity chart's geometry: CloudTrail events per interval as bars, responder
//! actions as markers, on one time axis. Computed here; the template only draws it, so
//! an organization's template gets the same numbers.

use cordon_timeline::Entry;
use serde::Serialize;

pub const WIDTH: f64 = 960.0;
pub const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 10.0;

/// Interval lengths tried, smallest first, so the chart has at most 60 bars.
const STEPS: [(i64, &str); 9] = [
    (60, "1 minute"),
    (300, "5 minutes"),
    (900, "15 minutes"),
    (3600, "1 hour"),
    (6 * 3600, "6 hours"),
    (86_400, "1 day"),
    (7 * 86_400, "1 week"),
    (30 * 86_400, "30 days"),
    (365 * 86_400, "365 days"),
];

#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub start: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct Marker {
    pub x: f64,
    pub time: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub baseline: f64,
    pub left: f64,
    pub interval: &'static str,
    pub max: u64,
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
    pub start: String,
    pub end: String,
}

fn secs(t: &str) -> Option<i64> {
    t.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

fn label(s: i64) -> String {
    jiff::Timestamp::from_second(s).map(|t| format!("{t:.0}")).unwrap_or_default()
}

/// The chart of a timeline, or `None` when it has no dated entries.
pub fn chart(timeline: &[Entry]) -> Option<Chart> {
    let times: Vec<(i64, &Entry)> = timeline.iter().filter_map(|e| secs(&e.time).map(|s| (s, e))).collect();
    let (lo, hi) = (times.iter().map(|t| t.0).min()?, times.iter().map(|t| t.0).max()?);
    let (step, interval) = STEPS.iter().copied().find(|(s, _)| (hi - lo) / s < 60).unwrap_or(STEPS[STEPS.len() - 1]);
    let start = lo - lo.rem_euclid(step);
    let n = ((hi - start) / step + 1) as usize;
    let mut counts = vec![0u64; n];
    for (s, e) in &times {
        if !e.responder_action {
            counts[((s - start) / step) as usize] += 1;
        }
    }
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - 10.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let bar_w = plot_w / n as f64;
    let baseline = HEIGHT - BOTTOM;
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let bars = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, c)| {
            let h = plot_h * *c as f64 / max as f64;
            Bar {
                x: round(LEFT + i as f64 * bar_w + 1.0),
                y: round(baseline - h),
                width: round((bar_w - 2.0).max(1.0)),
                height: round(h),
                start: label(start + i as i64 * step),
                count: *c,
            }
        })
        .collect();
    let span = (n as i64 * step) as f64;
    let markers = times
        .iter()
        .filter(|(_, e)| e.responder_action)
        .map(|(s, e)| Marker {
            x: round(LEFT + plot_w * (s - start) as f64 / span),
            time: e.time.clone(),
            label: e.event.clone(),
        })
        .collect();
    Some(Chart {
        width: WIDTH,
        height: HEIGHT,
        baseline,
        left: LEFT,
        interval,
        max,
        bars,
        markers,
        start: label(start),
        end: label(start + n as i64 * step),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time: &str, responder: bool) -> Entry {
        Entry {
            time: time.into(),
            source: "x".into(),
            actor: "a".into(),
            event: "e".into(),
            resources: vec![],
            responder_action: responder,
            account: None,
            region: None,
        }
    }

    #[test]
    fn buckets_and_markers() {
        let t = [
            entry("2026-11-29T10:00:10Z", false),
            entry("2026-11-29T10:00:50Z", false),
            entry("2026-11-29T10:03:00Z", false),
            entry("2026-11-29T10:05:00Z", true),
        ];
        let c = chart(&t).expect("a chart");
        assert_eq!(c.interval, "1 minute");
        assert_eq!(c.bars.iter().map(|b| b.count).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(c.max, 2);
        assert_eq!(c.markers.len(), 1);
        assert!(c.markers[0].x > c.bars[1].x, "the responder acted after the last event");
        assert!(c.bars.iter().all(|b| b.y >= 0.0 && b.y + b.height <= c.baseline + 0.05));
        assert!(chart(&[]).is_none());
    }
}
