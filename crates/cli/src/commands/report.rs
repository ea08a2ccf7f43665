//! `cordon report CASE_DIR [--format md|html|json] [--out FILE] [--template DIR]`

use std::path::{Path, PathBuf};

use cordon_core::clock::{Clock, SystemClock, rfc3339_millis};
use cordon_report::Format;

use crate::cli::{Global, ReportFormat};
use crate::{CmdResult, Failure};

/// Renders the report of a case directory; returns where it was written
/// (default: CASE_DIR/report.<ext>).
pub fn write(
    case_dir: &Path,
    format: Format,
    out: Option<&Path>,
    template_dir: Option<&Path>,
) -> Result<PathBuf, Failure> {
    let own = match (template_dir, format.template_name()) {
        (Some(dir), Some(name)) => {
            let path = dir.join(name);
            let source = std::fs::read_to_string(&path).map_err(|e| {
                Failure::Environment(format!("--template: {}: {e} (a template directory holds {name})", path.display()))
            })?;
            Some((name, source))
        }
        _ => None,
    };
    let text = cordon_report::render(
        case_dir,
        format,
        &rfc3339_millis(SystemClock.now()),
        own.as_ref().map(|(n, s)| (*n, s.as_str())),
    )
    .map_err(|e| Failure::Environment(format!("report: {e}")))?;
    let path = out.map(Path::to_path_buf).unwrap_or_else(|| case_dir.join(format!("report.{}", format.extension())));
    // Inside the case it is evidence like the rest (0600); elsewhere, where asked.
    let written =
        if out.is_none() { cordon_case::private::write(&path, text.as_bytes()) } else { std::fs::write(&path, text) };
    written.map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
    Ok(path)
}

pub fn run(
    _g: &Global,
    case_dir: &Path,
    format: ReportFormat,
    out: Option<&Path>,
    template: Option<&Path>,
) -> CmdResult {
    let format = match format {
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Html => Format::Html,
        ReportFormat::Json => Format::Json,
    };
    if super::fanout::is_fanned_out(case_dir) {
        return grouped(case_dir, format, out, template);
    }
    let path = write(case_dir, format, out, template)?;
    println!("{}", path.display());
    Ok(())
}

/// A case of many accounts: each target's report in its own case, and (Markdown) one
/// report grouped by account and Region at the top of the case directory.
fn grouped(case_dir: &Path, format: Format, out: Option<&Path>, template: Option<&Path>) -> CmdResult {
    let mut combined = String::new();
    let targets = super::fanout::target_cases(case_dir);
    combined.push_str(&format!("# Case report: {} account(s) and Region(s)\n\n", targets.len()));
    combined.push_str("| Account | Region | Report |\n|---|---|---|\n");
    let mut sections = String::new();
    for (account, region, dir) in &targets {
        let path = write(dir, format, None, template)?;
        println!("{}", path.display());
        let rel = path.strip_prefix(case_dir).unwrap_or(&path).display().to_string();
        combined.push_str(&format!("| {account} | {region} | [{rel}]({rel}) |\n"));
        if format == Format::Markdown {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            sections.push_str(&format!("\n## Account {account} ({region})\n\n"));
            // The target's own headings, one level down, under its account.
            for line in text.lines() {
                if line.starts_with('#') {
                    sections.push('#');
                }
                sections.push_str(line);
                sections.push('\n');
            }
        }
    }
    combined.push_str(&sections);
    let path =
        out.filter(|_| format == Format::Markdown).map(Path::to_path_buf).unwrap_or_else(|| case_dir.join("report.md"));
    std::fs::write(&path, combined).map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
    println!("{}", path.display());
    Ok(())
}
