//! The case directory on disk (format: docs/case-format.md).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cordon_core::artifact::{ArtifactExport, ArtifactMeta, ArtifactRecord, ArtifactSink, ArtifactWriter};
use cordon_core::clock::{Clock, rfc3339_millis};
use cordon_core::journal::{self, AssumedRole, CallerIdentity, Entry, Event, JournalError, JournalSink};
use cordon_core::{ActionError, ErrorKind};
use serde::{Deserialize, Serialize};

use crate::hashing::HashingWriter;

pub const JOURNAL: &str = "journal.jsonl";
pub const MANIFEST: &str = "manifest.json";
pub const ARTIFACTS: &str = "artifacts";

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} belongs to case `{found}`, not `{expected}`: use another --case-dir")]
    OtherCase { path: String, found: String, expected: String },
    #[error(
        "{path} was opened in account {found}; the credentials in use are for account {expected}: refusing to mix accounts in one case"
    )]
    OtherAccount { path: String, found: String, expected: String },
    #[error(
        "{path} was opened in Region {found}; this command acts in {expected}: refusing to mix Regions in one case (give --region {found})"
    )]
    OtherRegion { path: String, found: String, expected: String },
    #[error("{path} is in use by {holder}: wait for it to finish, or stop it (a killed holder releases the case)")]
    Locked { path: String, holder: String },
    #[error("{path}: the journal is damaged (repair it or work on a copy):\n{problems}")]
    Damaged { path: String, problems: String },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io { path: path.display().to_string(), source }
}

/// `manifest.json`: every artifact of the case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub case_id: String,
    pub artifacts: Vec<ArtifactRecord>,
    /// Every copy sent out of the case (evidence bucket), from the journal's custody records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exports: Vec<ArtifactExport>,
}

impl Manifest {
    /// The manifest's one byte form (pretty JSON, fields in declaration order, a final
    /// newline): what is written, and what `verify` compares the file with byte for byte.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut body = serde_json::to_vec_pretty(self).unwrap_or_default();
        body.push(b'\n');
        body
    }

    /// The manifest a journal implies: its case id, and every artifact and export its
    /// custody records name, in order.
    pub fn from_journal(entries: &[Entry]) -> Self {
        let case_id = entries
            .iter()
            .find_map(|e| match &e.event {
                Event::CaseOpened { case_id, .. } => Some(case_id.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let mut manifest = Manifest { format: 1, case_id, ..Default::default() };
        for e in entries {
            match &e.event {
                Event::ArtifactStored { artifact } => manifest.artifacts.push(artifact.clone()),
                Event::ArtifactExported { export, .. } => manifest.exports.push(export.clone()),
                _ => {}
            }
        }
        manifest
    }
}

struct JournalState {
    file: File,
    next_seq: u64,
    head: String,
}

/// An open case directory: the journal sink and the evidence store of a run.
pub struct CaseDir {
    root: PathBuf,
    clock: Arc<dyn Clock>,
    journal: Mutex<JournalState>,
    manifest: Mutex<Manifest>,
}

/// Who opens (or reopens) a case, and where: what its first entry records.
#[derive(Debug, Clone, Copy)]
pub struct Opener<'a> {
    pub caller: &'a CallerIdentity,
    pub operator: Option<&'a str>,
    pub region: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    /// The role the caller's session is of, when Cordon assumed one.
    pub role: Option<&'a AssumedRole>,
}

impl<'a> Opener<'a> {
    /// `caller`, with nothing else known.
    pub fn new(caller: &'a CallerIdentity) -> Self {
        Self { caller, operator: None, region: None, endpoint: None, role: None }
    }
}

/// What an opened case looks like.
pub struct OpenCase {
    pub dir: CaseDir,
    /// Whether the case was created by this call.
    pub created: bool,
}

impl CaseDir {
    /// Opens (or creates) the case directory for `case_id`, acting as `caller`.
    /// A new case starts with a `case_opened` entry naming who acts, where.
    /// An existing one must belong to the same case, account and Region, and its journal
    /// must be intact.
    pub fn open(root: &Path, case_id: &str, who: &Opener<'_>, clock: Arc<dyn Clock>) -> Result<OpenCase, CaseError> {
        let caller = who.caller;
        crate::private::create_dir(root)
            .and_then(|_| crate::private::create_dir(&root.join(ARTIFACTS)))
            .map_err(io_err(root))?;
        let jpath = root.join(JOURNAL);
        let text = match std::fs::read_to_string(&jpath) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io_err(&jpath)(e)),
        };
        let checked = journal::check(&text);
        if !checked.problems.is_empty() {
            let problems = checked.problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n");
            return Err(CaseError::Damaged { path: jpath.display().to_string(), problems });
        }
        if let Some(Event::CaseOpened { case_id: found, caller: first, region: opened_in, .. }) =
            checked.entries.first().map(|e| &e.event)
        {
            if found != case_id {
                return Err(CaseError::OtherCase {
                    path: root.display().to_string(),
                    found: found.clone(),
                    expected: case_id.into(),
                });
            }
            if first.account != caller.account {
                return Err(CaseError::OtherAccount {
                    path: root.display().to_string(),
                    found: first.account.clone(),
                    expected: caller.account.clone(),
                });
            }
            if let (Some(found), Some(expected)) = (opened_in, who.region)
                && found != expected
            {
                return Err(CaseError::OtherRegion {
                    path: root.display().to_string(),
                    found: found.clone(),
                    expected: expected.into(),
                });
            }
        }
        let file = crate::private::file_options().create(true).append(true).open(&jpath).map_err(io_err(&jpath))?;
        crate::private::restrict(&jpath, 0o600).map_err(io_err(&jpath))?;
        // The journal is the authority: the manifest is rebuilt from its custody records,
        // which also repairs a crash between a journal append and a manifest write.
        let artifacts: Vec<ArtifactRecord> = checked
            .entries
            .iter()
            .filter_map(|e| match &e.event {
                Event::ArtifactStored { artifact } => Some(artifact.clone()),
                _ => None,
            })
            .collect();
        recover_partials(root, &artifacts)?;
        let exports = checked
            .entries
            .iter()
            .filter_map(|e| match &e.event {
                Event::ArtifactExported { export, .. } => Some(export.clone()),
                _ => None,
            })
            .collect();
        let manifest = Manifest { format: 1, case_id: case_id.into(), artifacts, exports };
        let created = checked.entries.is_empty();
        let dir = CaseDir {
            root: root.to_path_buf(),
            clock,
            journal: Mutex::new(JournalState { file, next_seq: checked.entries.len() as u64, head: checked.head }),
            manifest: Mutex::new(manifest),
        };
        dir.write_manifest(&dir.manifest.lock().unwrap_or_else(|p| p.into_inner()))?;
        if created {
            dir.append(Event::CaseOpened {
                case_id: case_id.into(),
                tool: "cordon".into(),
                tool_version: env!("CARGO_PKG_VERSION").into(),
                operator: who.operator.map(Into::into),
                caller: caller.clone(),
                region: who.region.map(Into::into),
                endpoint: who.endpoint.map(Into::into),
                role: who.role.cloned(),
            })
            .map_err(|e| CaseError::Io { path: e.path, source: std::io::Error::other(e.message) })?;
            sync_dir(root);
        }
        Ok(OpenCase { dir, created })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many runs the journal already records (the next run is this plus one).
    pub fn runs_so_far(&self) -> u32 {
        crate::CaseJournal::read(&self.root).map(|j| j.runs()).unwrap_or(0)
    }

    /// Stores an artifact from a reader: hashed while it is copied into the case.
    fn store_from(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        mut data: impl std::io::Read,
    ) -> Result<ArtifactRecord, ActionError> {
        let mut w = self.writer(step_id, action, meta)?;
        // Large reads and writes (1 MiB): one pass, few system calls.
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = match data.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(store_err(&w.path, e)),
            };
            w.write_piece(&buf[..n])?;
        }
        w.complete()
    }

    /// An artifact being written: under a hidden partial name, journaled, then renamed
    /// into place. A crash at any point leaves either a recorded artifact or an
    /// unrecorded partial, which the next open removes (the step re-runs and acquires it
    /// again); a writer dropped unfinished removes its partial at once.
    fn writer(&self, step_id: &str, action: &str, meta: ArtifactMeta) -> Result<CaseWriter<'_>, ActionError> {
        let (path, rel, partial, file) = self.fresh_path(step_id, &meta.name)?;
        crate::private::restrict(&partial, 0o600).map_err(|e| store_err(&partial, e))?;
        Ok(CaseWriter {
            dir: self,
            step_id: step_id.to_string(),
            action: action.to_string(),
            meta: Some(meta),
            path,
            rel,
            partial,
            w: Some(HashingWriter::new(file)),
        })
    }

    /// The custody record of an artifact written to `rel`, acquired now.
    fn new_record(
        &self,
        rel: String,
        (sha256, size): (String, u64),
        meta: ArtifactMeta,
        action: &str,
        step_id: &str,
    ) -> ArtifactRecord {
        ArtifactRecord {
            path: rel,
            sha256,
            size,
            media_type: meta.media_type.to_string(),
            source: meta.source,
            action: action.to_string(),
            step_id: step_id.to_string(),
            acquired_at: rfc3339_millis(self.clock.now()),
        }
    }

    fn record(&self, record: &ArtifactRecord, partial: &Path, path: &Path) -> Result<(), ActionError> {
        // Custody first: the journal's chained record is what verification trusts.
        self.append(Event::ArtifactStored { artifact: record.clone() })
            .map_err(|e| ActionError::new(ErrorKind::Other, e.to_string()))?;
        std::fs::rename(partial, path).map_err(|e| store_err(path, e))?;
        if let Some(parent) = path.parent() {
            sync_dir(parent);
        }
        let mut m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
        m.artifacts.push(record.clone());
        self.write_manifest(&m).map_err(|e| ActionError::new(ErrorKind::Other, e.to_string()))
    }

    fn write_manifest(&self, manifest: &Manifest) -> Result<(), CaseError> {
        let path = self.root.join(MANIFEST);
        let tmp = self.root.join(".manifest.json.tmp");
        let body = manifest.canonical_bytes();
        let mut f =
            crate::private::file_options().write(true).create(true).truncate(true).open(&tmp).map_err(io_err(&tmp))?;
        crate::private::restrict(&tmp, 0o600).map_err(io_err(&tmp))?;
        f.write_all(&body).and_then(|_| f.sync_all()).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))?;
        Ok(())
    }

    /// A path for a new artifact that does not exist yet: `artifacts/<step>/<name>`,
    /// or `<stem>-2.<ext>`, `-3`, … when a file of that name is already there.
    /// A free name for a new artifact of `step_id`, from the name the action gave (made
    /// safe: [`crate::artifact_file_name`]), and its partial file, created exclusively so
    /// that writers running at once never share a name.
    fn fresh_path(&self, step_id: &str, name: &str) -> Result<(PathBuf, String, PathBuf, File), ActionError> {
        if !safe_component(step_id) {
            return Err(ActionError::invalid(format!("unsafe step id `{step_id}` for an artifact's folder")));
        }
        let name = crate::artifact_file_name(name);
        let dir = self.root.join(ARTIFACTS).join(step_id);
        crate::private::create_dir(&dir).map_err(|e| store_err(&dir, e))?;
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (name.clone(), String::new()),
        };
        for n in 1u64.. {
            let file = if n == 1 { name.clone() } else { format!("{stem}-{n}{ext}") };
            let path = dir.join(&file);
            if path.exists() {
                continue;
            }
            let partial = partial_path(&path);
            match crate::private::file_options().write(true).create_new(true).open(&partial) {
                Ok(f) => return Ok((path, format!("{ARTIFACTS}/{step_id}/{file}"), partial, f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(store_err(&partial, e)),
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }
}

/// See [`CaseDir::writer`].
struct CaseWriter<'d> {
    dir: &'d CaseDir,
    step_id: String,
    action: String,
    meta: Option<ArtifactMeta>,
    path: PathBuf,
    rel: String,
    partial: PathBuf,
    w: Option<HashingWriter<File>>,
}

impl CaseWriter<'_> {
    fn write_piece(&mut self, piece: &[u8]) -> Result<(), ActionError> {
        match self.w.as_mut() {
            Some(w) => w.write_all(piece).map_err(|e| store_err(&self.path, e)),
            None => Err(ActionError::invalid(format!("{} is already finished", self.rel))),
        }
    }

    fn complete(mut self) -> Result<ArtifactRecord, ActionError> {
        let (Some(w), Some(meta)) = (self.w.take(), self.meta.take()) else {
            return Err(ActionError::invalid(format!("{} is already finished", self.rel)));
        };
        let (file, sha256, size) = w.finish();
        file.sync_all().map_err(|e| store_err(&self.partial, e))?;
        drop(file);
        let record = self.dir.new_record(self.rel.clone(), (sha256, size), meta, &self.action, &self.step_id);
        self.dir.record(&record, &self.partial, &self.path)?;
        // Recorded and in place: nothing for the drop to remove.
        self.partial = PathBuf::new();
        Ok(record)
    }
}

impl Drop for CaseWriter<'_> {
    fn drop(&mut self) {
        if !self.partial.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

impl ArtifactWriter for CaseWriter<'_> {
    fn write(&mut self, piece: &[u8]) -> Result<(), ActionError> {
        self.write_piece(piece)
    }

    fn finish(self: Box<Self>) -> Result<ArtifactRecord, ActionError> {
        (*self).complete()
    }
}

/// `CORDON_FAULT_ABORT_BEFORE_ENTRY=N`: abort the process just before journal entry N is
/// written. A test hook that simulates a crash at an exact point, compiled only with the
/// `fault-injection` feature (turned on by the binary's `testing` feature, which `cargo
/// xtask test` uses; release builds lack it).
#[cfg(feature = "fault-injection")]
fn fault_abort_before() -> Option<u64> {
    static AT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *AT.get_or_init(|| std::env::var("CORDON_FAULT_ABORT_BEFORE_ENTRY").ok().and_then(|v| v.parse().ok()))
}

#[cfg(not(feature = "fault-injection"))]
fn fault_abort_before() -> Option<u64> {
    None
}

/// Work that outlives an interrupted attempt, per step ([`ArtifactSink::work_dir`]).
pub const WORK: &str = "work";

/// A step id as one folder name: not empty, not hidden, no separator or NUL.
fn safe_component(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0']) && !s.starts_with('.')
}

fn partial_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// After a crash: complete the rename of artifacts the journal recorded, and remove
/// partial files it never recorded.
fn recover_partials(root: &Path, recorded: &[ArtifactRecord]) -> Result<(), CaseError> {
    for a in recorded {
        let path = root.join(&a.path);
        let partial = partial_path(&path);
        if !path.exists() && partial.exists() {
            std::fs::rename(&partial, &path).map_err(io_err(&path))?;
        }
    }
    let Ok(steps) = std::fs::read_dir(root.join(ARTIFACTS)) else { return Ok(()) };
    for step in steps.flatten().filter(|s| s.path().is_dir()) {
        for f in std::fs::read_dir(step.path()).map_err(io_err(&step.path()))?.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".partial") {
                std::fs::remove_file(f.path()).map_err(io_err(&f.path()))?;
            }
        }
    }
    Ok(())
}

fn store_err(path: &Path, e: std::io::Error) -> ActionError {
    ActionError::new(ErrorKind::Other, format!("could not write evidence: {e}")).on(path.display().to_string())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

impl JournalSink for CaseDir {
    fn append(&self, event: Event) -> Result<Entry, JournalError> {
        let mut j = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let entry = Entry { seq: j.next_seq, time: rfc3339_millis(self.clock.now()), prev: j.head.clone(), event };
        if fault_abort_before() == Some(entry.seq) {
            // Fault injection for the resume tests: die like `kill -9` would, here.
            std::process::abort();
        }
        let line = journal::encode(&entry);
        let path = self.root.join(JOURNAL).display().to_string();
        let mut bytes = line.clone().into_bytes();
        bytes.push(b'\n');
        j.file
            .write_all(&bytes)
            .and_then(|_| j.file.sync_data())
            .map_err(|e| JournalError { path, message: e.to_string() })?;
        j.next_seq += 1;
        j.head = journal::line_hash(&line);
        Ok(entry)
    }
}

impl ArtifactSink for CaseDir {
    fn store(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        data: &[u8],
    ) -> Result<ArtifactRecord, ActionError> {
        self.store_from(step_id, action, meta, data)
    }

    fn store_file(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        source: &Path,
    ) -> Result<ArtifactRecord, ActionError> {
        let file = File::open(source).map_err(|e| store_err(source, e))?;
        self.store_from(step_id, action, meta, file)
    }

    fn work_dir(&self, step_id: &str) -> Result<PathBuf, ActionError> {
        if !safe_component(step_id) {
            return Err(ActionError::invalid(format!("unsafe step id `{step_id}` for a work folder")));
        }
        let dir = self.root.join(WORK).join(step_id);
        crate::private::create_dir(&self.root.join(WORK)).map_err(|e| store_err(&dir, e))?;
        crate::private::create_dir(&dir).map_err(|e| store_err(&dir, e))?;
        Ok(dir)
    }

    fn adopt_file(
        &self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
        source: &Path,
    ) -> Result<ArtifactRecord, ActionError> {
        let (path, rel, partial, file) = self.fresh_path(step_id, &meta.name)?;
        drop(file);
        // Moved, not copied (a disk image can be most of the disk): onto the empty
        // partial this writer holds, then hashed there, where nothing else writes.
        if let Err(e) = std::fs::rename(source, &partial) {
            let _ = std::fs::remove_file(&partial);
            return Err(store_err(source, e));
        }
        let hashed = crate::private::restrict(&partial, 0o600).and_then(|()| crate::sha256_file(&partial));
        let (sha256, size) = match hashed {
            Ok(x) => x,
            Err(e) => {
                // Put back where the step can find it again.
                let _ = std::fs::rename(&partial, source);
                return Err(store_err(&partial, e));
            }
        };
        let record = self.new_record(rel, (sha256, size), meta, action, step_id);
        self.record(&record, &partial, &path)?;
        Ok(record)
    }

    fn begin<'s>(
        &'s self,
        step_id: &str,
        action: &str,
        meta: ArtifactMeta,
    ) -> Result<Box<dyn ArtifactWriter + 's>, ActionError> {
        Ok(Box::new(self.writer(step_id, action, meta)?))
    }

    fn list(&self) -> Vec<ArtifactRecord> {
        self.manifest.lock().unwrap_or_else(|p| p.into_inner()).artifacts.clone()
    }

    fn local_path(&self, artifact: &ArtifactRecord) -> Option<PathBuf> {
        // Confined: relative, normalized, no link on the way, a regular file, under artifacts/.
        let under = artifact.path.strip_prefix(ARTIFACTS)?.strip_prefix('/')?;
        crate::confined(&self.root.join(ARTIFACTS), under).ok()
    }

    fn case_records(&self) -> Option<cordon_core::artifact::CaseRecords> {
        // Under the journal's lock: no entry is appended while it is read.
        let state = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let journal = std::fs::read(self.root.join(JOURNAL)).ok()?;
        let manifest = self.manifest.lock().unwrap_or_else(|p| p.into_inner()).canonical_bytes();
        Some(cordon_core::artifact::CaseRecords { journal, manifest, head: state.head.clone() })
    }

    fn note_export(&self, export: &ArtifactExport) -> Result<(), ActionError> {
        let mut m = self.manifest.lock().unwrap_or_else(|p| p.into_inner());
        m.exports.push(export.clone());
        self.write_manifest(&m).map_err(|e| ActionError::new(ErrorKind::Other, e.to_string()))
    }
}

/// Appends one custody record (a verification, a bundle) to a case's journal without
/// opening the case for a run: the journal must be intact; the entry is chained to its
/// head and on disk (fsync) when this returns.
pub fn append_custody(root: &Path, event: Event, clock: &dyn Clock) -> Result<Entry, CaseError> {
    let read = crate::CaseJournal::read(root)?;
    read.intact()?;
    let (jpath, checked) = (read.path, read.checked);
    let entry = Entry {
        seq: checked.entries.len() as u64,
        time: rfc3339_millis(clock.now()),
        prev: checked.head.clone(),
        event,
    };
    let mut line = journal::encode(&entry).into_bytes();
    line.push(b'\n');
    let mut file = OpenOptions::new().append(true).open(&jpath).map_err(io_err(&jpath))?;
    file.write_all(&line).and_then(|_| file.sync_data()).map_err(io_err(&jpath))?;
    Ok(entry)
}
