//! `cordon timeline build` and `cordon timeline verify-digests`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use cordon_aws::Aws;
use cordon_timeline::detect::Loaded;
use cordon_timeline::detect::hunt::HuntSummary;
use cordon_timeline::layout::local_files_in_window;
use cordon_timeline::lines::Lines;
use cordon_timeline::merge::{expand_paths, read_files};
use cordon_timeline::output::Format;
use cordon_timeline::parse::Limits;
use cordon_timeline::s3_archive::{ArchiveSource, parse_s3_uri, read_archive};
use cordon_timeline::{Collected, Filter, Summary};

use crate::cli::{Engine, Global, Output, TimelineArgs, TimelineFormat};
use crate::{CmdResult, Failure};

fn time_arg(name: &str, v: Option<&str>) -> Result<Option<i64>, Failure> {
    v.map(|s| {
        s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).map_err(|e| {
            eprintln!("error: --{name} {s:?} is not an RFC 3339 time (e.g. 2026-11-29T10:00:00Z): {e}");
            Failure::Invalid
        })
    })
    .transpose()
}

pub(super) fn filter(a: &TimelineArgs) -> Result<Filter, Failure> {
    let f = Filter {
        start_ms: time_arg("start", a.start.as_deref())?,
        end_ms: time_arg("end", a.end.as_deref())?,
        actors: a.actor.clone(),
        access_keys: a.access_key.clone(),
        event_names: a.event_name.clone(),
        resources: a.resource.clone(),
        source_ips: a.source_ip.clone(),
        errors_only: a.errors_only,
        writes_only: a.writes_only,
        detect: None,
        detected_only: false,
    };
    if let (Some(s), Some(e)) = (f.start_ms, f.end_ms)
        && s > e
    {
        eprintln!("error: --start is after --end");
        return Err(Failure::Invalid);
    }
    Ok(f)
}

/// The accounts and Regions an archive is read for: the global `--account`/`--accounts`
/// and `--region`/`--regions` (empty: all). In Athena's commands `--region` is where
/// Athena runs, so only `--regions` chooses (`region_flag: false`).
pub(super) fn folder_filters(g: &Global, region_flag: bool) -> (Vec<String>, Vec<String>) {
    let accounts = g.account.iter().chain(&g.fan.accounts).map(|a| a.trim().to_string()).collect();
    let regions = if g.fan.regions.is_empty() && !region_flag {
        Vec::new()
    } else if g.fan.regions.is_empty() {
        g.region.iter().cloned().collect()
    } else {
        g.fan.regions.iter().map(|r| r.trim().to_string()).collect()
    };
    (accounts, regions)
}

pub(super) fn archive(g: &Global, uri: &str, region_flag: bool) -> Result<ArchiveSource, Failure> {
    let (bucket, prefix) = parse_s3_uri(uri).ok_or_else(|| {
        eprintln!("error: --from {uri:?}: expected s3://bucket[/prefix]");
        Failure::Invalid
    })?;
    let (accounts, regions) = folder_filters(g, region_flag);
    Ok(ArchiveSource { bucket, prefix, accounts, regions, concurrency: 32 })
}

/// The clients that read CloudTrail: the operator's own, or through `--role-arn` (an
/// organization trail's bucket in the logging account, read through its role).
pub(super) async fn clients(g: &Global, bucket_region: Option<&str>) -> Result<(Aws, Aws), Failure> {
    let main = super::session::outside_case(g, "timeline").await?;
    let bucket = match bucket_region {
        Some(r) if Some(r) != main.region() => main.in_region(r),
        _ => main.clone(),
    };
    Ok((main, bucket))
}

/// Progress while a trail archive is read, on one line of a terminal's stderr (at most
/// twice a second, and when a phase completes): `{what}: {done}/{total}`. Nothing when
/// stderr is not a terminal or output is JSON.
fn progress_line(g: &Global) -> impl FnMut(&str, u64, u64) {
    let show = g.output != Output::Json && std::io::stderr().is_terminal();
    let mut last: Option<std::time::Instant> = None;
    move |what, done, total| {
        if !show || (done < total && last.is_some_and(|t| t.elapsed() < std::time::Duration::from_millis(500))) {
            return;
        }
        last = Some(std::time::Instant::now());
        eprint!("\r{what}: {done}/{total}");
        if done == total {
            eprintln!();
            last = None;
        }
    }
}

fn print_summary(g: &Global, s: &Summary, out: Option<&Path>, hunt: Option<&HuntSummary>) {
    if g.output == Output::Json {
        let v = serde_json::json!({ "out": out.map(|p| p.display().to_string()), "summary": s, "hunt": hunt });
        eprintln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    eprintln!(
        "{} events ({} responder actions) from {} files/pages, {} records; {} duplicates dropped, {} unusable records, {} problems",
        s.events,
        s.responder_actions,
        s.files,
        s.records,
        s.duplicates,
        s.bad_records,
        s.problems.len()
    );
    if s.files_skipped > 0 {
        eprintln!(
            "{} trail log files not read: their delivery stamp is outside the window (--all-files reads them)",
            s.files_skipped
        );
    }
    // The first problems, not a screenful that buries the summary: JSON lists them all.
    const SHOWN: usize = 20;
    for p in s.problems.iter().take(SHOWN) {
        eprintln!("  {}: {}", p.file, p.message);
    }
    if s.problems.len() > SHOWN {
        eprintln!("  ... and {} more problems (--output json lists every one)", s.problems.len() - SHOWN);
    }
    if let Some(h) = hunt {
        eprintln!(
            "{} rules loaded ({} skipped): {} events matched {} rules",
            h.loaded.rules,
            h.loaded.skipped.len(),
            h.events,
            h.rules.len()
        );
        for k in h.loaded.skipped.iter().take(SHOWN) {
            eprintln!("  skipped {}:{}: {}", k.file, k.line, k.reason);
        }
    }
    if let Some(p) = out {
        eprintln!("written to {}", p.display());
    }
}

/// Loads `--rules` into the filter (nothing when none are given): what was loaded
/// and skipped. No rule loaded at all, from rules given, is an error.
pub(super) fn rules(a: &TimelineArgs, filter: &mut Filter) -> Result<Option<Loaded>, Failure> {
    if a.rules.is_empty() {
        return Ok(None);
    }
    let (detector, loaded) = cordon_timeline::detect::load(&a.rules);
    let Some(detector) = detector else {
        eprintln!("error: --rules: no Sigma rule for CloudTrail could be loaded from {} files", loaded.files);
        for k in &loaded.skipped {
            eprintln!("  {}:{}: {}", k.file, k.line, k.reason);
        }
        if loaded.other_logsource > 0 {
            eprintln!(
                "  {} rules are for other log sources (product aws, service cloudtrail is read)",
                loaded.other_logsource
            );
        }
        return Err(Failure::Invalid);
    };
    filter.detect = Some(Arc::new(detector));
    Ok(Some(loaded))
}

/// Reads every source `a` names into one collection of encoded events.
pub(super) async fn collect(
    g: &Global,
    a: &TimelineArgs,
    filter: &Filter,
    fmt: Format,
    keep_raw: bool,
) -> Result<Collected, Failure> {
    let limits = Limits { max_bytes: a.max_file_size, max_memory: a.max_memory };
    if a.paths.is_empty() && a.from.is_none() && !a.lookup && a.case.is_none() && a.engine == Engine::Local {
        eprintln!("error: no source: give files or directories, --from s3://..., --lookup, --case or --engine athena");
        return Err(Failure::Invalid);
    }
    let athena_only =
        a.table.is_some() || a.workgroup.is_some() || a.output_location.is_some() || a.max_scan_gb.is_some();
    let lake_wrong = a.engine == Engine::Lake && a.from.is_some();
    if (athena_only && a.engine != Engine::Athena)
        || (a.event_data_store.is_some() && a.engine != Engine::Lake)
        || lake_wrong
    {
        eprintln!(
            "error: --table, --workgroup, --output-location and --max-scan-gb are for --engine athena, \
--event-data-store for --engine lake (which reads no archive: no --from)"
        );
        return Err(Failure::Invalid);
    }
    let mut c = Collected::new(fmt);
    let mut problems = Vec::new();
    let mut files = expand_paths(&a.paths, &mut problems);
    for p in problems {
        c.problem(p.file, p.message);
    }
    if !a.all_files {
        (files, c.summary.files_skipped) = local_files_in_window(files, filter);
    }
    read_files(&files, &limits, filter, keep_raw, &mut c);
    if a.engine == Engine::Athena {
        super::athena::timeline(g, a, filter, keep_raw, &mut c).await?;
    } else if a.engine == Engine::Lake {
        super::athena::lake_timeline(g, a, filter, keep_raw, &mut c).await?;
    }
    if (a.from.is_some() && a.engine == Engine::Local) || a.lookup {
        let (main, bucket) = clients(g, a.bucket_region.as_deref()).await?;
        if let Some(uri) = a.from.as_ref().filter(|_| a.engine == Engine::Local) {
            let src = archive(g, uri, true)?;
            let (mut progress, what) = (progress_line(g), format!("reading {uri}, files"));
            let mut progress = |done, total| progress(&what, done, total);
            read_archive(&bucket.s3, &src, limits, Arc::new(filter.clone()), keep_raw, &mut c, &mut progress)
                .await
                .map_err(|e| Failure::Environment(format!("reading the trail archive {uri}: {e}")))?;
        }
        if a.lookup && g.fan.is_set() {
            lookup_everywhere(g, filter, keep_raw, &mut c).await?;
        } else if a.lookup {
            cordon_timeline::lookup::read_lookup(&main.cloudtrail, filter, keep_raw, &mut c)
                .await
                .map_err(|e| Failure::Environment(format!("LookupEvents: {e}")))?;
        }
    }
    if let Some(case) = &a.case {
        let read = cordon_case::CaseJournal::read(case).map_err(|e| Failure::Environment(e.to_string()))?;
        let (path, checked) = (read.path, read.checked);
        for p in &checked.problems {
            c.problem(format!("{}:{}", path.display(), p.line), p.message.clone());
        }
        if !filter.detected_only {
            c.push_events(cordon_timeline::journal_events(&checked.entries, filter));
        }
    }
    Ok(c)
}

/// `--lookup` over the targets of `--accounts`/`--org`/`--regions`: each account and
/// Region through its own role session, at its own rate, side by side. A target that
/// cannot be read (a role it cannot assume, LookupEvents denied) is a problem of the
/// timeline, not the end of it.
async fn lookup_everywhere(g: &Global, filter: &Filter, keep_raw: bool, c: &mut Collected) -> Result<(), Failure> {
    use futures::StreamExt;
    let base = super::session::base(g, None).await?;
    let targets = super::fanout::targets(g, &base).await?;
    let who = super::evidence::local_user();
    let sessions: Vec<_> = futures::stream::iter(targets)
        .map(|t| {
            let (base, who) = (&base, &who);
            async move {
                let label = format!("{}/{}", t.account, t.region);
                (label, super::fanout::session_for(g, base, &t, "timeline", Some(who)).await)
            }
        })
        .buffer_unordered(usize::from(g.fan.max_accounts))
        .collect()
        .await;
    let mut clients = Vec::new();
    for (label, s) in sessions {
        match s {
            Ok(s) => clients.push((label, s.aws.cloudtrail.clone())),
            Err(Failure::Environment(m)) => c.problem(format!("lookup-events:{label}"), m),
            Err(f) => return Err(f),
        }
    }
    cordon_timeline::lookup::read_lookup_many(clients, filter, keep_raw, usize::from(g.fan.max_accounts), c).await;
    Ok(())
}

/// Writes `lines` to `target` (stdout when `None`).
pub(super) fn write_lines(lines: &Lines, fmt: Format, target: Option<&Path>) -> Result<(), Failure> {
    match target {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
            lines.write(fmt, file).map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))
        }
        None => {
            let stdout = std::io::stdout().lock();
            lines
                .write(fmt, std::io::BufWriter::with_capacity(1 << 20, stdout))
                .map_err(|e| Failure::Environment(format!("stdout: {e}")))
        }
    }
}

/// Writes the hunt summary into the case directory (`hunt.json`, the report's
/// Detections section).
pub(super) fn write_case_hunt(case: &Path, hunt: &HuntSummary) -> Result<(), Failure> {
    let path = case.join(cordon_timeline::detect::CASE_HUNT);
    let text = serde_json::to_string_pretty(hunt).map_err(|e| Failure::Environment(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))
}

pub async fn build(g: &Global, a: &TimelineArgs, out: Option<&Path>, format: TimelineFormat, raw: bool) -> CmdResult {
    let mut filter = filter(a)?;
    let loaded = rules(a, &mut filter)?;
    if a.show_query {
        return super::athena::show_query(g, a, &filter);
    }
    let keep_raw = raw && format == TimelineFormat::Jsonl;
    let fmt = match format {
        TimelineFormat::Jsonl => Format::Jsonl,
        TimelineFormat::Csv => Format::Csv,
        TimelineFormat::Md => Format::Markdown,
    };
    let mut c = collect(g, a, &filter, fmt, keep_raw).await?;
    let hits = std::mem::take(&mut c.hits);
    let hunt = loaded.map(|l| cordon_timeline::detect::hunt::summarize(l, &hits));
    let (lines, summary) = c.finish();
    let target = out.map(Path::to_path_buf).or_else(|| {
        a.case.as_ref().filter(|_| format == TimelineFormat::Jsonl).map(|c| c.join(cordon_report::TIMELINE_FILE))
    });
    write_lines(&lines, fmt, target.as_deref())?;
    if let (Some(case), Some(h)) = (&a.case, &hunt) {
        write_case_hunt(case, h)?;
    }
    print_summary(g, &summary, target.as_deref(), hunt.as_ref());
    Ok(())
}

pub async fn verify_digests(g: &Global, from: &str, bucket_region: Option<&str>, start: &str, end: &str) -> CmdResult {
    let filter =
        Filter { start_ms: time_arg("start", Some(start))?, end_ms: time_arg("end", Some(end))?, ..Filter::default() };
    let src = archive(g, from, true)?;
    let (main, bucket) = clients(g, bucket_region).await?;
    let report = cordon_timeline::digest::verify_digests(
        &bucket.s3,
        &main.cloudtrail,
        &src,
        &filter,
        Limits::default(),
        &mut progress_line(g),
    )
    .await
    .map_err(|e| Failure::Environment(format!("verifying digests in {from}: {e}")))?;
    if g.output == Output::Json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        let mut w = std::io::stdout().lock();
        for d in &report.digests {
            let detail = d.detail.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
            let _ = writeln!(w, "digest {:<13} chain {:<6} {}{detail}", d.status, d.chain, d.key);
        }
        for l in &report.log_files {
            let detail = l.detail.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
            let _ = writeln!(w, "log    {:<13} {}{detail}", l.status, l.key);
        }
        for gap in &report.gaps {
            let _ = writeln!(w, "gap    {} to {}: no digest covers it (before {})", gap.from, gap.to, gap.key);
        }
        let _ = writeln!(
            w,
            "{}: {} digests, {} log files, {} gaps; {} changed, {} missing, {} unsigned, {} bad signatures, {} misplaced",
            if report.ok { "OK" } else { "FAILED" },
            report.digests.len(),
            report.log_files.len(),
            report.gaps.len(),
            report.count("changed"),
            report.count("missing"),
            report.count("unsigned"),
            report.count("bad-signature"),
            report.count("misplaced")
        );
    }
    if report.ok { Ok(()) } else { Err(Failure::Failed) }
}
