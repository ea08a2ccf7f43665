//! `cordon evidence bundle`: a case as one deterministic, verifiable zip.
//!
//! The zip holds `journal.jsonl`, `manifest.json`, every artifact the manifest lists and
//! `SHA256SUMS` (`sha256sum -c` format, covering every other entry). Entries are sorted,
//! timestamps fixed (1980-01-01), permissions fixed, zip64 used per entry when needed:
//! the same case always gives the same bytes. With a key, `SHA256SUMS` is signed
//! (Ed25519) and the signature and public key are written beside the zip.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signer, SigningKey};
use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::case_dir::{JOURNAL, MANIFEST, Manifest};
use crate::extract::{Limits, extract};
use crate::verify::{ItemResult, VerifyReport, verify};

/// The checksum file inside a bundle.
pub const SUMS: &str = "SHA256SUMS";

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{0}")]
    Io(String),
    #[error("the case does not verify, so it is not bundled: {0}")]
    NotVerified(String),
    #[error("the signing key {path}: {message}")]
    Key { path: String, message: String },
}

fn io(what: &str, e: impl std::fmt::Display) -> BundleError {
    BundleError::Io(format!("{what}: {e}"))
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct BundleSummary {
    pub bundle: String,
    pub entries: usize,
    /// SHA-256 of the zip file.
    pub sha256: String,
    /// SHA-256 of the `SHA256SUMS` entry (what the signature covers).
    pub sums_sha256: String,
    pub signature: Option<String>,
    pub public_key: Option<String>,
}

/// Where the signature and the public key of a bundle go.
pub fn signature_paths(bundle: &Path) -> (PathBuf, PathBuf) {
    let name = bundle.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (bundle.with_file_name(format!("{name}.sig")), bundle.with_file_name(format!("{name}.pub")))
}

/// Loads an Ed25519 private key (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes).
pub fn load_signing_key(path: &Path) -> Result<SigningKey, BundleError> {
    let err = |message: String| BundleError::Key { path: path.display().to_string(), message };
    let pem = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    SigningKey::from_pkcs8_pem(&pem).map_err(|e| err(format!("not an Ed25519 PKCS#8 PEM private key ({e})")))
}

/// Writes the bundle of `case_dir` to `out`. The case must verify first.
pub fn write_bundle(case_dir: &Path, out: &Path, key: Option<&SigningKey>) -> Result<BundleSummary, BundleError> {
    let report = verify(case_dir);
    if !report.ok {
        let failed: Vec<String> = report.failures().map(|f| format!("{}: {}", f.item, f.detail)).collect();
        return Err(BundleError::NotVerified(failed.join("; ")));
    }
    let manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(case_dir.join(MANIFEST)).map_err(|e| io(MANIFEST, e))?)
            .map_err(|e| io(MANIFEST, e))?;
    let mut paths: Vec<String> = vec![JOURNAL.to_string(), MANIFEST.to_string()];
    paths.extend(manifest.artifacts.iter().map(|a| a.path.clone()));
    paths.sort();
    paths.dedup();

    let tmp = out.with_extension("zip.partial");
    let file = std::fs::File::create(&tmp).map_err(|e| io(&tmp.display().to_string(), e))?;
    let mut zip = ZipWriter::new(file);
    let options = |size: u64| {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
            .large_file(size >= u64::from(u32::MAX))
    };
    let mut sums = String::new();
    for rel in &paths {
        let path = case_dir.join(rel);
        let size = std::fs::metadata(&path).map_err(|e| io(rel, e))?.len();
        zip.start_file(rel.as_str(), options(size)).map_err(|e| io(rel, e))?;
        let mut hasher = crate::hashing::HashingWriter::new(&mut zip);
        let mut f = std::fs::File::open(&path).map_err(|e| io(rel, e))?;
        std::io::copy(&mut f, &mut hasher).map_err(|e| io(rel, e))?;
        let (_, sha, _) = hasher.finish();
        sums.push_str(&format!("{sha}  {rel}\n"));
    }
    zip.start_file(SUMS, options(sums.len() as u64)).map_err(|e| io(SUMS, e))?;
    zip.write_all(sums.as_bytes()).map_err(|e| io(SUMS, e))?;
    let file = zip.finish().map_err(|e| io("zip", e))?;
    file.sync_all().map_err(|e| io("zip", e))?;
    drop(file);
    std::fs::rename(&tmp, out).map_err(|e| io(&out.display().to_string(), e))?;

    let (sig_path, pub_path) = signature_paths(out);
    let (signature, public_key) = match key {
        Some(key) => {
            let sig = key.sign(sums.as_bytes());
            let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sig.to_bytes());
            std::fs::write(&sig_path, format!("{b64}\n")).map_err(|e| io(&sig_path.display().to_string(), e))?;
            let pem = key
                .verifying_key()
                .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
                .map_err(|e| io("public key", e))?;
            std::fs::write(&pub_path, pem).map_err(|e| io(&pub_path.display().to_string(), e))?;
            (Some(sig_path.display().to_string()), Some(pub_path.display().to_string()))
        }
        None => (None, None),
    };
    let (sha256, _) = crate::hashing::sha256_file(out).map_err(|e| io(&out.display().to_string(), e))?;
    Ok(BundleSummary {
        bundle: out.display().to_string(),
        entries: paths.len() + 1,
        sha256,
        sums_sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(sums.as_bytes())),
        signature,
        public_key,
    })
}

/// Verifies a bundle: extracts it safely into a temporary directory, checks every
/// entry against `SHA256SUMS`, the signature (beside the bundle, or required when
/// `public_key` pins the key), then the case itself (journal chain, manifest, artifacts).
pub fn verify_bundle(bundle: &Path, public_key: Option<&Path>, limits: Limits) -> VerifyReport {
    let mut items = Vec::new();
    let mut push = |item: &str, ok: bool, detail: String| items.push(ItemResult { item: item.to_string(), ok, detail });
    let shown = bundle.display().to_string();
    let finish = |items: Vec<ItemResult>, inner: Option<VerifyReport>| {
        let mut items = items;
        let (head, entries) = match inner {
            Some(r) => {
                items.extend(r.items);
                (r.journal_head, r.journal_entries)
            }
            None => (String::new(), 0),
        };
        VerifyReport {
            case_dir: shown.clone(),
            ok: items.iter().all(|i| i.ok),
            journal_head: head,
            journal_entries: entries,
            items,
        }
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            push(&shown, false, format!("no temporary directory to extract into: {e}"));
            return finish(items, None);
        }
    };
    let names = match extract(bundle, dir.path(), limits) {
        Ok(n) => n,
        Err(e) => {
            push(&shown, false, format!("not extracted: {e}"));
            return finish(items, None);
        }
    };
    push(&shown, true, format!("{} entries extracted safely", names.len()));
    let sums = match std::fs::read_to_string(dir.path().join(SUMS)) {
        Ok(s) => s,
        Err(e) => {
            push(SUMS, false, format!("missing or unreadable: {e}"));
            return finish(items, None);
        }
    };
    let mut covered = std::collections::BTreeSet::new();
    let mut sums_ok = true;
    for (n, line) in sums.lines().enumerate() {
        let Some((sha, rel)) = line.split_once("  ") else {
            sums_ok = false;
            push(SUMS, false, format!("line {}: not `<sha256>  <path>`", n + 1));
            continue;
        };
        covered.insert(rel.to_string());
        match crate::hashing::sha256_file(&dir.path().join(rel)) {
            Ok((actual, _)) if actual == sha => {}
            Ok((actual, _)) => {
                sums_ok = false;
                push(rel, false, format!("sha256 {actual}, SHA256SUMS says {sha}"));
            }
            Err(e) => {
                sums_ok = false;
                push(rel, false, format!("listed in SHA256SUMS but not in the bundle: {e}"));
            }
        }
    }
    for name in names.iter().filter(|n| *n != SUMS && !covered.contains(*n)) {
        sums_ok = false;
        push(name, false, "in the bundle but not covered by SHA256SUMS".into());
    }
    if sums_ok {
        push(SUMS, true, format!("{} entries match", covered.len()));
    }
    let (sig_path, pub_path) = signature_paths(bundle);
    if sig_path.exists() || public_key.is_some() {
        let key_path = public_key.map(Path::to_path_buf).unwrap_or(pub_path);
        match check_signature(&sig_path, &key_path, sums.as_bytes()) {
            Ok(detail) => push("signature", true, detail),
            Err(detail) => push("signature", false, detail),
        }
    }
    let inner = verify(dir.path());
    finish(items, Some(inner))
}

fn check_signature(sig_path: &Path, key_path: &Path, message: &[u8]) -> Result<String, String> {
    use ed25519_dalek::pkcs8::DecodePublicKey;
    let sig_text = std::fs::read_to_string(sig_path).map_err(|e| format!("{}: {e}", sig_path.display()))?;
    let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, sig_text.trim())
        .map_err(|e| format!("{}: not base64: {e}", sig_path.display()))?;
    let sig = ed25519_dalek::Signature::from_slice(&raw).map_err(|e| format!("{}: {e}", sig_path.display()))?;
    let pem = std::fs::read_to_string(key_path).map_err(|e| format!("{}: {e}", key_path.display()))?;
    let key = ed25519_dalek::VerifyingKey::from_public_key_pem(&pem)
        .map_err(|e| format!("{}: not an Ed25519 public key: {e}", key_path.display()))?;
    key.verify_strict(message, &sig)
        .map_err(|_| format!("does not match SHA256SUMS under the key {}", key_path.display()))?;
    Ok(format!("Ed25519 signature of SHA256SUMS valid (key {})", hex::encode(key.as_bytes())))
}
