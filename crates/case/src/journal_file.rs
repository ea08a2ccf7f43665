//! The one read of a case's `journal.jsonl` that every command uses (run, resume, undo,
//! timeline, report, verify, custody): read whole, then parsed and checked line by line
//! (JSON shape, sequence numbers, hash chain) by `cordon_core::journal::check`.

use std::path::{Path, PathBuf};

use cordon_core::journal::{self, CheckedJournal, Event};

use crate::case_dir::{CaseError, JOURNAL};

/// A case's journal as read from disk, with every problem found in it.
#[derive(Debug)]
pub struct CaseJournal {
    /// Where it was read from.
    pub path: PathBuf,
    pub checked: CheckedJournal,
}

impl CaseJournal {
    /// Reads and checks `case_dir/journal.jsonl`. Fails only when the file cannot be read;
    /// a damaged journal is returned with its problems (see [`CaseJournal::intact`]).
    pub fn read(case_dir: &Path) -> Result<Self, CaseError> {
        let path = case_dir.join(JOURNAL);
        let text = std::fs::read_to_string(&path)
            .map_err(|source| CaseError::Io { path: path.display().to_string(), source })?;
        Ok(Self { checked: journal::check(&text), path })
    }

    /// The entries, or the error a command that builds on them must stop with.
    pub fn intact(&self) -> Result<&[journal::Entry], CaseError> {
        if self.checked.problems.is_empty() {
            return Ok(&self.checked.entries);
        }
        let problems = self.checked.problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n");
        Err(CaseError::Damaged { path: self.path.display().to_string(), problems })
    }

    /// The case id the journal was opened with, if it records one.
    pub fn case_id(&self) -> Option<&str> {
        self.checked.entries.iter().find_map(|e| match &e.event {
            Event::CaseOpened { case_id, .. } => Some(case_id.as_str()),
            _ => None,
        })
    }

    /// How many runs the journal records.
    pub fn runs(&self) -> u32 {
        self.checked.entries.iter().filter(|e| matches!(e.event, Event::RunStarted { .. })).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_journal_names_its_path_and_a_damaged_one_is_not_intact() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let err = CaseJournal::read(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("journal.jsonl"), "{err}");
        std::fs::write(dir.path().join(JOURNAL), "{not json\n").unwrap_or_else(|e| panic!("{e}"));
        let read = CaseJournal::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(read.intact().is_err());
        assert_eq!(read.case_id(), None);
        assert_eq!(read.runs(), 0);
    }
}
