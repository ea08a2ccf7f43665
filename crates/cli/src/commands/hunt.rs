//! `cordon hunt`: Sigma rules over CloudTrail, a summary per rule, and the responses
//! the hits suggest, as finding files `cordon run --from-finding` reads.

use std::io::Write;
use std::path::{Path, PathBuf};

use cordon_timeline::detect::hunt::{HuntSummary, summarize};
use cordon_timeline::output::Format;

use super::timeline::{collect, filter, rules, write_case_hunt, write_lines};
use crate::cli::{Global, HuntFormat, Output, TimelineArgs};
use crate::{CmdResult, Failure};

pub async fn run(
    g: &Global,
    a: &TimelineArgs,
    format: HuntFormat,
    events: Option<&Path>,
    suggest: bool,
    suggest_dir: Option<&Path>,
) -> CmdResult {
    if a.rules.is_empty() {
        eprintln!(
            "error: cordon hunt needs --rules FILE_OR_DIR (Sigma rules, e.g. a SigmaHQ checkout's rules/cloud/aws)"
        );
        return Err(Failure::Invalid);
    }
    let mut filter = filter(a)?;
    filter.detected_only = true;
    let loaded = rules(a, &mut filter)?.unwrap_or_default();
    if a.show_query {
        return super::athena::show_query(g, a, &filter);
    }
    let mut c = collect(g, a, &filter, Format::Jsonl, false).await?;
    let hits = std::mem::take(&mut c.hits);
    let hunt = summarize(loaded, &hits);
    let (lines, summary) = c.finish();
    if let Some(path) = events {
        write_lines(&lines, Format::Jsonl, Some(path))?;
    }
    if let Some(case) = &a.case {
        write_case_hunt(case, &hunt)?;
    }
    let written = if suggest { write_suggestions(a, &hunt, suggest_dir)? } else { Vec::new() };
    let json = g.output == Output::Json || format == HuntFormat::Json;
    let mut out = std::io::stdout().lock();
    let text = if json {
        let v = serde_json::json!({ "hunt": hunt, "summary": summary, "suggestion_files": written });
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    } else if format == HuntFormat::Md {
        hunt.markdown()
    } else {
        let mut t = hunt.text();
        t.push_str(&format!(
            "\n{} records read from {} files/pages, {} problems\n",
            summary.records,
            summary.files,
            summary.problems.len()
        ));
        for p in summary.problems.iter().take(20) {
            t.push_str(&format!("  {}: {}\n", p.file, p.message));
        }
        t
    };
    out.write_all(text.as_bytes()).map_err(|e| Failure::Environment(format!("stdout: {e}")))?;
    if suggest && !json {
        let case = a.case.as_ref().and_then(|c| c.file_name()).map(|n| n.to_string_lossy().into_owned());
        let case = case.unwrap_or_else(|| "IR-YYYY-NNNN".into());
        for (s, path) in hunt.suggestions.iter().zip(&written) {
            let _ = writeln!(
                out,
                "cordon run playbooks/{}.yaml --case {case} --from-finding {}",
                s.playbook,
                path.display()
            );
        }
    }
    Ok(())
}

/// One finding file per suggestion, in the suggestions directory.
fn write_suggestions(a: &TimelineArgs, hunt: &HuntSummary, dir: Option<&Path>) -> Result<Vec<PathBuf>, Failure> {
    let dir = match (dir, &a.case) {
        (Some(d), _) => d.to_path_buf(),
        (None, Some(case)) => case.join("suggestions"),
        (None, None) => PathBuf::from("suggestions"),
    };
    let env = |e: std::io::Error, p: &Path| Failure::Environment(format!("{}: {e}", p.display()));
    std::fs::create_dir_all(&dir).map_err(|e| env(e, &dir))?;
    let mut written = Vec::new();
    for s in &hunt.suggestions {
        let path = dir.join(&s.file);
        let text = serde_json::to_string_pretty(&s.finding).map_err(|e| Failure::Environment(e.to_string()))?;
        std::fs::write(&path, text + "\n").map_err(|e| env(e, &path))?;
        written.push(path);
    }
    Ok(written)
}
