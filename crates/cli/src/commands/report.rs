//! `cordon report CASE_DIR`

use std::path::Path;

use cordon_core::clock::{Clock, SystemClock, rfc3339_millis};

use crate::cli::Global;
use crate::{CmdResult, Failure};

/// Renders `report.md` for a case directory; returns where it was written.
pub fn write(case_dir: &Path, out: Option<&Path>) -> Result<std::path::PathBuf, Failure> {
    let text = cordon_report::render_markdown(case_dir, &rfc3339_millis(SystemClock.now()), None)
        .map_err(|e| Failure::Environment(format!("report: {e}")))?;
    let path = out.map(Path::to_path_buf).unwrap_or_else(|| case_dir.join("report.md"));
    std::fs::write(&path, text).map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
    Ok(path)
}

pub fn run(_g: &Global, case_dir: &Path, out: Option<&Path>) -> CmdResult {
    let path = write(case_dir, out)?;
    println!("{}", path.display());
    Ok(())
}
