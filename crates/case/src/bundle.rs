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
use crate::verify::{Checks, ItemResult, VerifyReport, verify, verify_with};

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
    if let Some(why) = crate::private::loose_key(path) {
        return Err(err(why));
    }
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
    let file = crate::private::file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(|e| io(&tmp.display().to_string(), e))?;
    crate::private::restrict(&tmp, 0o600).map_err(|e| io(&tmp.display().to_string(), e))?;
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

/// The keys a verifier trusts, each with where it came from. A key lying beside the
/// bundle is never among them: anyone who can replace the bundle can replace that too.
#[derive(Debug, Default)]
pub struct Trust {
    keys: Vec<(ed25519_dalek::VerifyingKey, String)>,
}

impl Trust {
    /// The keys in `files` (each one or more PEM public keys: `--public-key`, or a
    /// trusted-keys file).
    pub fn load(files: &[PathBuf]) -> Result<Self, String> {
        use ed25519_dalek::pkcs8::DecodePublicKey;
        let mut keys = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let blocks: Vec<&str> =
                text.split_inclusive("-----END PUBLIC KEY-----").filter(|b| b.contains("-----BEGIN")).collect();
            if blocks.is_empty() {
                return Err(format!("{}: no PEM public key in it", file.display()));
            }
            for (i, block) in blocks.iter().enumerate() {
                let key = ed25519_dalek::VerifyingKey::from_public_key_pem(block.trim())
                    .map_err(|e| format!("{} (key {}): not an Ed25519 public key: {e}", file.display(), i + 1))?;
                keys.push((key, file.display().to_string()));
            }
        }
        Ok(Self { keys })
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A public key's fingerprint: the SHA-256 of its SubjectPublicKeyInfo (DER), in hex, as
/// `openssl pkey -pubin -in KEY.pub -outform DER | sha256sum` prints it.
pub fn fingerprint(key: &ed25519_dalek::VerifyingKey) -> String {
    match key.to_public_key_der() {
        Ok(der) => hex::encode(<sha2::Sha256 as sha2::Digest>::digest(der.as_bytes())),
        Err(_) => String::new(),
    }
}

/// What a bundle's signature proves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Signature {
    /// No signature beside the bundle (never signed, or stripped).
    Unsigned,
    /// Valid, by a key the verifier trusts.
    Trusted { fingerprint: String, key_source: String },
    /// Valid under the key lying beside the bundle, which nobody said they trust: it
    /// proves the bundle is as that key's holder left it, not who that was.
    Untrusted { fingerprint: String },
    /// A signature that matches no key it was checked with (content or signature
    /// changed, or the key beside it swapped).
    Invalid { detail: String },
}

impl Signature {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Signature::Unsigned => "UNSIGNED: no signature beside the bundle (never signed, or removed)".into(),
            Signature::Trusted { fingerprint, key_source } => {
                format!("signed by a trusted key (fingerprint {fingerprint}, from {key_source})")
            }
            Signature::Untrusted { fingerprint } => format!(
                "signed by an UNTRUSTED key (fingerprint {fingerprint}): the key lying beside the bundle proves \
nothing; pass --public-key or a trusted-keys file to check who signed"
            ),
            Signature::Invalid { detail } => format!("INVALID signature: {detail}"),
        }
    }

    pub fn is_trusted(&self) -> bool {
        matches!(self, Signature::Trusted { .. })
    }
}

/// Checks the signature beside `bundle` over `message` (the bundle's SHA256SUMS): with
/// the trusted keys first, then, only to say whose it is, with the key beside it.
fn signature_of(bundle: &Path, trust: &Trust, message: &[u8]) -> Signature {
    let (sig_path, pub_path) = signature_paths(bundle);
    if !sig_path.exists() {
        return Signature::Unsigned;
    }
    let sig = match read_signature(&sig_path) {
        Ok(s) => s,
        Err(detail) => return Signature::Invalid { detail },
    };
    if let Some((key, source)) = trust.keys.iter().find(|(k, _)| k.verify_strict(message, &sig).is_ok()) {
        return Signature::Trusted { fingerprint: fingerprint(key), key_source: source.clone() };
    }
    let beside = Trust::load(std::slice::from_ref(&pub_path)).ok().and_then(|t| t.keys.into_iter().next());
    match beside {
        Some((key, _)) if key.verify_strict(message, &sig).is_ok() => {
            if trust.is_empty() {
                Signature::Untrusted { fingerprint: fingerprint(&key) }
            } else {
                Signature::Invalid {
                    detail: format!(
                        "made by key {} (beside the bundle), not by any trusted key ({})",
                        fingerprint(&key),
                        trust.keys.iter().map(|(k, _)| fingerprint(k)).collect::<Vec<_>>().join(", ")
                    ),
                }
            }
        }
        _ if trust.is_empty() => Signature::Invalid {
            detail: format!("{} does not match SHA256SUMS under the key beside it", sig_path.display()),
        },
        _ => Signature::Invalid {
            detail: format!("{} does not match SHA256SUMS under any trusted key", sig_path.display()),
        },
    }
}

/// Checks that the zip itself is exactly the layout `write_bundle` gives its entries:
/// sorted, deflated, fixed time and permissions, no comments or extra fields. Every
/// entry's compressed data is copied as is (nothing is compressed again) into a new zip
/// with the canonical headers, which must equal the bundle byte for byte: a changed
/// header, timestamp, attribute or trailing byte is caught even where the contents are
/// intact.
fn canonical_layout(bundle: &Path, scratch: &Path) -> Result<String, String> {
    let shown = |e: &dyn std::fmt::Display| format!("{}: {e}", bundle.display());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(bundle).map_err(|e| shown(&e))?).map_err(|e| shown(&e))?;
    if !zip.comment().is_empty() {
        return Err("the archive carries a comment Cordon never writes".into());
    }
    let copy = scratch.join(".layout.zip");
    let mut out = ZipWriter::new(std::fs::File::create(&copy).map_err(|e| shown(&e))?);
    let mut previous = String::new();
    let count = zip.len();
    for i in 0..count {
        let entry = zip.by_index_raw(i).map_err(|e| shown(&e))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.size() >= u64::from(u32::MAX) || entry.compressed_size() >= u64::from(u32::MAX) {
            return Ok("not compared byte for byte: it has entries of 4 GiB or more (zip64); contents checked".into());
        }
        if !entry.comment().is_empty() || entry.extra_data_fields().next().is_some() {
            return Err(format!("entry {name} carries a comment or extra fields Cordon never writes"));
        }
        // Made on Unix, a regular file, rw-r--r--: what `write_bundle` sets.
        if entry.system() != zip::System::Unix || entry.unix_mode() != Some(0o100_644) {
            return Err(format!("entry {name} does not carry the Unix file mode Cordon writes (0644)"));
        }
        if entry.compression() != CompressionMethod::Deflated {
            return Err(format!("entry {name} is not deflated as Cordon writes it"));
        }
        let sorted = if name == SUMS { i + 1 == count } else { name > previous };
        if !sorted {
            return Err(format!("entry {name} is out of order (entries are sorted, SHA256SUMS last)"));
        }
        previous = name;
        out.raw_copy_file_touch(entry, DateTime::default(), Some(0o644)).map_err(|e| shown(&e))?;
    }
    let file = out.finish().map_err(|e| shown(&e))?;
    drop(file);
    let (expected, _) = crate::hashing::sha256_file(&copy).map_err(|e| shown(&e))?;
    let (actual, size) = crate::hashing::sha256_file(bundle).map_err(|e| shown(&e))?;
    let _ = std::fs::remove_file(&copy);
    if expected != actual {
        return Err(format!(
            "the zip's bytes ({size}) are not the layout Cordon writes for these entries: a header, time, \
attribute or trailing byte was changed"
        ));
    }
    Ok(format!("{size} bytes, exactly the layout Cordon writes"))
}

fn read_signature(sig_path: &Path) -> Result<ed25519_dalek::Signature, String> {
    let sig_text = std::fs::read_to_string(sig_path).map_err(|e| format!("{}: {e}", sig_path.display()))?;
    let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, sig_text.trim())
        .map_err(|e| format!("{}: not base64: {e}", sig_path.display()))?;
    ed25519_dalek::Signature::from_slice(&raw).map_err(|e| format!("{}: {e}", sig_path.display()))
}

/// Verifies a bundle: extracts it safely into a temporary directory, checks every entry
/// against `SHA256SUMS` (each path confined to the extracted bundle), says what its
/// signature proves (checked against `trust`, never against a key lying beside it
/// alone), then checks the case itself (journal chain, anchor, manifest, artifacts).
pub fn verify_bundle(bundle: &Path, trust: &Trust, checks: &Checks, limits: Limits) -> VerifyReport {
    let mut items = Vec::new();
    let mut push = |item: &str, ok: bool, detail: String| items.push(ItemResult { item: item.to_string(), ok, detail });
    let shown = bundle.display().to_string();
    let finish = |items: Vec<ItemResult>, inner: Option<VerifyReport>, signature: Option<Signature>| {
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
            signature,
        }
    };
    let scratch = match &checks.extract_to {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    };
    let dir = match scratch {
        Ok(d) => d,
        Err(e) => {
            push(&shown, false, format!("no temporary directory to extract into: {e}"));
            return finish(items, None, None);
        }
    };
    let names = match extract(bundle, dir.path(), limits) {
        Ok(n) => n,
        Err(e) => {
            push(&shown, false, format!("not extracted: {e}"));
            return finish(items, None, None);
        }
    };
    push(&shown, true, format!("{} entries extracted safely", names.len()));
    match canonical_layout(bundle, dir.path()) {
        Ok(detail) => push("zip layout", true, detail),
        Err(detail) => push("zip layout", false, detail),
    }
    let sums =
        match crate::confined(dir.path(), SUMS).and_then(|p| std::fs::read_to_string(p).map_err(|e| e.to_string())) {
            Ok(s) => s,
            Err(e) => {
                push(SUMS, false, format!("missing or unreadable: {e}"));
                return finish(items, None, None);
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
        match crate::confined(dir.path(), rel).and_then(|p| crate::hashing::sha256_file(&p).map_err(|e| e.to_string()))
        {
            Ok((actual, _)) if actual == sha => {}
            Ok((actual, _)) => {
                sums_ok = false;
                push(rel, false, format!("sha256 {actual}, SHA256SUMS says {sha}"));
            }
            Err(e) => {
                sums_ok = false;
                push(rel, false, format!("listed in SHA256SUMS but refused: {e}"));
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
    let signature = signature_of(bundle, trust, sums.as_bytes());
    // Only a signature that fails is a failed check; unsigned and untrusted are said
    // plainly, and `--require-signature` makes them fail the command.
    push("signature", !matches!(signature, Signature::Invalid { .. }), signature.describe());
    let inner = verify_with(dir.path(), checks);
    finish(items, Some(inner), Some(signature))
}
