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
    let path = write(case_dir, format, out, template)?;
    println!("{}", path.display());
    Ok(())
}
