//! Bundles: deterministic, verifiable (hashes, journal chain, signature), and every
//! tampered byte named; malicious zips rejected without writing outside the target.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use cordon_case::CaseDir;
use cordon_case::Checks;
use cordon_case::bundle::{Signature, Trust, fingerprint, signature_paths, verify_bundle, write_bundle};
use cordon_case::extract::{Limits, extract};
use cordon_core::artifact::{ArtifactMeta, ArtifactSink};
use cordon_core::clock::FixedClock;
use cordon_core::journal::{CallerIdentity, Event, JournalSink, StepStatus};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;

fn case() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new("2026-11-22T08:00:00Z".parse().unwrap(), 10));
    let caller = CallerIdentity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/r".into(),
        user_id: "A".into(),
    };
    let case = {
        let who = cordon_case::Opener {
            operator: Some("alice"),
            region: Some("us-east-1"),
            ..cordon_case::Opener::new(&caller)
        };
        CaseDir::open(tmp.path(), "IR-7", &who, clock).unwrap().dir
    };
    let meta =
        |name: &str| ArtifactMeta { name: name.into(), source: "i-1234abcd".into(), media_type: "application/json" };
    case.store("capture", "ec2.capture_metadata", meta("instance.json"), &b"{\"id\":1}\n".repeat(200)).unwrap();
    case.store("capture", "ec2.capture_metadata", meta("console.txt"), b"boot log\n").unwrap();
    case.append(Event::RunFinished { run: 1, status: StepStatus::Succeeded, failed_steps: vec![] }).unwrap();
    tmp
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn failures(report: &cordon_case::VerifyReport) -> Vec<String> {
    report.failures().map(|f| format!("{}: {}", f.item, f.detail)).collect()
}

#[test]
fn a_bundle_is_deterministic_and_verifies_with_its_signature() {
    let c = case();
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a.zip"), out.path().join("b.zip"));
    let first = write_bundle(c.path(), &a, Some(&key())).unwrap();
    let second = write_bundle(c.path(), &b, None).unwrap();
    assert_eq!(first.sha256, second.sha256, "the same case gives the same bytes");
    assert_eq!(first.entries, 5, "journal, manifest, two artifacts, SHA256SUMS");

    let no_trust = Trust::default();
    let report = verify_bundle(&a, &no_trust, &Checks::default(), Limits::default());
    assert!(report.ok, "{:?}", failures(&report));
    let fp = fingerprint(&key().verifying_key());
    // Intact, but the key lying beside it proves nothing: untrusted, and said so.
    assert_eq!(report.signature, Some(Signature::Untrusted { fingerprint: fp.clone() }));
    let signature = report.items.iter().find(|i| i.item == "signature").unwrap();
    assert!(signature.detail.contains("UNTRUSTED") && signature.detail.contains(&fp), "{}", signature.detail);
    assert!(report.items.iter().any(|i| i.item == "artifacts/capture/console.txt" && i.ok));

    // Trust comes from the verifier's own copy of the key.
    use ed25519_dalek::pkcs8::EncodePublicKey;
    let mine = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(mine.path(), key().verifying_key().to_public_key_pem(Default::default()).unwrap()).unwrap();
    let trust = Trust::load(&[mine.path().to_path_buf()]).unwrap();
    let trusted = verify_bundle(&a, &trust, &Checks::default(), Limits::default());
    assert!(trusted.ok && trusted.signature.as_ref().is_some_and(Signature::is_trusted), "{:?}", trusted.signature);

    // Trusting another key: the signature beside the bundle, valid under the key beside
    // it, is reported invalid (a swapped signature and key).
    let other = tempfile::NamedTempFile::new().unwrap();
    let other_key = SigningKey::from_bytes(&[9u8; 32]).verifying_key();
    std::fs::write(other.path(), other_key.to_public_key_pem(Default::default()).unwrap()).unwrap();
    let pinned =
        verify_bundle(&a, &Trust::load(&[other.path().to_path_buf()]).unwrap(), &Checks::default(), Limits::default());
    assert_eq!(failures(&pinned).len(), 1, "{:?}", failures(&pinned));
    assert!(failures(&pinned)[0].starts_with("signature:"));
    // An unsigned bundle (or one whose signature was removed) is reported unsigned.
    let unsigned = verify_bundle(&b, &trust, &Checks::default(), Limits::default());
    assert_eq!(unsigned.signature, Some(Signature::Unsigned));
    let (sig, pubkey) = signature_paths(&a);
    std::fs::remove_file(&sig).unwrap();
    let stripped = verify_bundle(&a, &trust, &Checks::default(), Limits::default());
    assert_eq!(stripped.signature, Some(Signature::Unsigned));

    // Re-signed with a new key placed beside it: intact, but untrusted (the verifier who
    // trusts the original key sees it is not theirs).
    let forged = write_bundle(c.path(), &a, Some(&SigningKey::from_bytes(&[11u8; 32]))).unwrap();
    assert!(forged.signature.is_some() && pubkey.exists());
    let resigned = verify_bundle(&a, &trust, &Checks::default(), Limits::default());
    assert!(matches!(resigned.signature, Some(Signature::Invalid { .. })), "{:?}", resigned.signature);
    let resigned = verify_bundle(&a, &no_trust, &Checks::default(), Limits::default());
    assert!(matches!(resigned.signature, Some(Signature::Untrusted { .. })), "{:?}", resigned.signature);
}

/// Flips one byte inside the stored data of `entry`.
fn flip_in_entry(zip_path: &Path, entry: &str) {
    let file = std::fs::File::open(zip_path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let start = zip.by_name(entry).unwrap().data_start().unwrap();
    drop(zip);
    let mut bytes = std::fs::read(zip_path).unwrap();
    bytes[start as usize + 2] ^= 0x01;
    std::fs::write(zip_path, bytes).unwrap();
}

#[test]
fn one_flipped_byte_anywhere_fails_naming_the_item() {
    let c = case();
    for entry in ["artifacts/capture/instance.json", "manifest.json", "journal.jsonl", "SHA256SUMS"] {
        let out = tempfile::tempdir().unwrap();
        let zip = out.path().join("case.zip");
        write_bundle(c.path(), &zip, Some(&key())).unwrap();
        flip_in_entry(&zip, entry);
        let report = verify_bundle(&zip, &Trust::default(), &Checks::default(), Limits::default());
        assert!(!report.ok, "{entry}: a flipped byte must fail");
        assert!(failures(&report).iter().any(|f| f.contains(entry)), "{entry}: {:?}", failures(&report));
    }
    // And in the signature beside the bundle.
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("case.zip");
    write_bundle(c.path(), &zip, Some(&key())).unwrap();
    let (sig, _) = signature_paths(&zip);
    let mut text = std::fs::read_to_string(&sig).unwrap().into_bytes();
    text[3] = if text[3] == b'A' { b'B' } else { b'A' };
    std::fs::write(&sig, text).unwrap();
    let report = verify_bundle(&zip, &Trust::default(), &Checks::default(), Limits::default());
    assert_eq!(report.failures().map(|f| f.item.as_str()).collect::<Vec<_>>(), ["signature"]);
}

#[test]
fn a_case_that_does_not_verify_is_not_bundled() {
    let c = case();
    std::fs::write(c.path().join("artifacts/capture/console.txt"), b"boot lag\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = write_bundle(c.path(), &out.path().join("x.zip"), None).unwrap_err();
    assert!(err.to_string().contains("console.txt"), "{err}");
    assert!(!out.path().join("x.zip").exists());
}

/// A zip with the given (name, data) entries, written without any checks.
fn raw_zip(path: &Path, entries: &[(&str, &[u8])], symlink: Option<(&str, &str)>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    if let Some((name, target)) = symlink {
        zip.add_symlink(name, target, options).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn malicious_bundles_are_rejected_without_writing_outside_the_target() {
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("target");
    let outside = work.path().join("evil.txt");
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        ("traversal", Box::new(|p: &Path| raw_zip(p, &[("ok.txt", b"x"), ("../evil.txt", b"pwned")], None)), "`..`"),
        ("absolute", Box::new(|p: &Path| raw_zip(p, &[("/tmp/cordon-evil-abs.txt", b"pwned")], None)), "absolute"),
        ("symlink", Box::new(|p: &Path| raw_zip(p, &[], Some(("link", "../evil.txt")))), "symbolic link"),
        (
            "duplicate",
            Box::new(|p: &Path| {
                raw_zip(p, &[("aa.txt", b"one"), ("ab.txt", b"two")], None);
                // The writer refuses duplicates: rename the second entry in place.
                let bytes = std::fs::read(p).unwrap();
                let mut out = bytes.clone();
                for (i, w) in bytes.windows(6).enumerate() {
                    if w == b"ab.txt" {
                        out[i + 1] = b'a';
                    }
                }
                std::fs::write(p, out).unwrap();
            }),
            "duplicate",
        ),
        ("bomb", Box::new(|p: &Path| raw_zip(p, &[("zeros.bin", &vec![0u8; 50 << 20])], None)), "zip bomb"),
    ];
    for (what, make, expected) in cases {
        let zip = work.path().join(format!("{what}.zip"));
        make(&zip);
        std::fs::create_dir_all(&target).unwrap();
        let err = extract(&zip, &target, Limits::default()).unwrap_err().to_string();
        assert!(err.contains(expected), "{what}: {err}");
        assert!(!outside.exists(), "{what}: wrote outside the target");
        assert!(!Path::new("/tmp/cordon-evil-abs.txt").exists(), "{what}: wrote an absolute path");
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0, "{what}: nothing extracted at all");
        let report = verify_bundle(&zip, &Trust::default(), &Checks::default(), Limits::default());
        assert!(!report.ok && report.items[0].detail.contains(expected), "{what}: {:?}", report.items);
        std::fs::remove_dir_all(&target).unwrap();
    }
    // A total above the limit is refused before anything is written.
    let big = work.path().join("big.zip");
    raw_zip(&big, &[("a.bin", &vec![1u8; 4096]), ("b.bin", &vec![2u8; 4096])], None);
    std::fs::create_dir_all(&target).unwrap();
    let err = extract(&big, &target, Limits { max_total: 6000, ..Limits::default() }).unwrap_err().to_string();
    assert!(err.contains("limit"), "{err}");
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
}

#[test]
fn the_signing_key_is_read_from_pkcs8_pem() {
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("key.pem");
    cordon_case::private::write(&pem, key().to_pkcs8_pem(Default::default()).unwrap().as_bytes()).unwrap();
    let loaded = cordon_case::bundle::load_signing_key(&pem).unwrap();
    assert_eq!(loaded.verifying_key(), key().verifying_key());
    std::fs::write(&pem, "not a key").unwrap();
    let err = cordon_case::bundle::load_signing_key(&pem).unwrap_err().to_string();
    assert!(err.contains("key.pem") && err.contains("PKCS#8"), "{err}");
}

/// Flips every byte of `file` in turn (restoring it after), and counts the flips `check`
/// says it detected.
fn flip_every_byte(file: &Path, check: &dyn Fn() -> bool) -> (usize, Vec<usize>) {
    let original = std::fs::read(file).unwrap();
    let mut missed = Vec::new();
    for i in 0..original.len() {
        let mut bytes = original.clone();
        bytes[i] ^= 0x01;
        std::fs::write(file, &bytes).unwrap();
        if !check() {
            missed.push(i);
        }
    }
    std::fs::write(file, &original).unwrap();
    (original.len(), missed)
}

/// Every byte of a small case directory, flipped one at a time, is detected: artifacts by
/// their hashes, the manifest byte for byte, the journal by its chain, and its last line
/// by the anchor kept outside the machine.
#[test]
fn every_flipped_byte_of_a_case_directory_is_detected() {
    let c = case();
    let head = cordon_case::verify(c.path()).journal_head;
    let checks = Checks { anchor: Some(head), ..Checks::default() };
    assert!(cordon_case::verify_with(c.path(), &checks).ok, "the untouched case verifies");
    let mut total = 0;
    for rel in ["journal.jsonl", "manifest.json", "artifacts/capture/instance.json", "artifacts/capture/console.txt"] {
        let (n, missed) = flip_every_byte(&c.path().join(rel), &|| !cordon_case::verify_with(c.path(), &checks).ok);
        assert!(missed.is_empty(), "{rel}: flips at {missed:?} went undetected");
        total += n;
    }
    // Without the anchor, only the journal's last line can change unseen.
    let (_, missed) = flip_every_byte(&c.path().join("journal.jsonl"), &|| !cordon_case::verify(c.path()).ok);
    let text = std::fs::read_to_string(c.path().join("journal.jsonl")).unwrap();
    let last_line_starts = text.trim_end().rfind('\n').unwrap() + 1;
    assert!(missed.iter().all(|&i| i >= last_line_starts), "only the last line is the anchor's to guard");
    eprintln!("case directory: {total} of {total} single-byte flips detected (with the anchor)");
}

/// Every byte of a small bundle, flipped one at a time, is detected.
#[test]
fn every_flipped_byte_of_a_bundle_is_detected() {
    let c = case();
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("case.zip");
    write_bundle(c.path(), &zip, Some(&key())).unwrap();
    let checks = Checks { anchor: Some(cordon_case::verify(c.path()).journal_head), ..Checks::default() };
    let check = || !verify_bundle(&zip, &Trust::default(), &checks, Limits::default()).ok;
    assert!(!check(), "the untouched bundle verifies");
    let (n, missed) = flip_every_byte(&zip, &check);
    assert!(missed.is_empty(), "flips at {missed:?} of {n} went undetected");
    eprintln!("bundle: {n} of {n} single-byte flips detected");
}

/// Evidence is for the responder's account alone: the case directory 0700, its files
/// 0600, whatever the umask (the test process's is the usual 022); a signing key others
/// can read is refused, as ssh refuses such keys.
#[cfg(unix)]
#[test]
fn case_files_are_private_and_a_readable_signing_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let c = case();
    let mode = |rel: &str| std::fs::metadata(c.path().join(rel)).unwrap().permissions().mode() & 0o777;
    for dir in ["", "artifacts", "artifacts/capture"] {
        assert_eq!(mode(dir), 0o700, "{dir:?}");
    }
    for file in ["journal.jsonl", "manifest.json", "artifacts/capture/instance.json", "artifacts/capture/console.txt"] {
        assert_eq!(mode(file), 0o600, "{file}");
    }
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("case.zip");
    write_bundle(c.path(), &zip, None).unwrap();
    assert_eq!(std::fs::metadata(&zip).unwrap().permissions().mode() & 0o777, 0o600, "the bundle");

    let pem = out.path().join("key.pem");
    std::fs::write(&pem, key().to_pkcs8_pem(Default::default()).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = cordon_case::bundle::load_signing_key(&pem).unwrap_err().to_string();
    assert!(e.contains("0644") && e.contains("chmod 600"), "{e}");
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(cordon_case::bundle::load_signing_key(&pem).is_ok());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The last entry cut at every byte offset (a power loss or full disk mid-write): verify
/// names it, a run refuses the case, and only `repair` mends it, keeping the torn bytes
/// as a hashed artifact and journaling itself; after it the case verifies again.
#[test]
fn a_torn_last_line_is_found_at_every_offset_and_only_repair_mends_it() {
    let c = case();
    let full = std::fs::read(c.path().join("journal.jsonl")).unwrap();
    let start = full[..full.len() - 1].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let caller = CallerIdentity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/r".into(),
        user_id: "A".into(),
    };
    let clock = FixedClock::new("2026-11-22T09:00:00Z".parse().unwrap(), 10);
    for cut in start..full.len() {
        let work = tempfile::tempdir().unwrap();
        copy_dir(c.path(), work.path());
        let journal = work.path().join("journal.jsonl");
        std::fs::write(&journal, &full[..cut]).unwrap();
        let repaired = cordon_case::repair_torn_tail(work.path(), Some("alice"), "alice@host", &clock).unwrap();
        if cut == start {
            assert!(repaired.is_none(), "a clean cut is not torn");
            continue;
        }
        // Before the repair (on a second copy): found, and a run refuses the case.
        let before = tempfile::tempdir().unwrap();
        copy_dir(c.path(), before.path());
        std::fs::write(before.path().join("journal.jsonl"), &full[..cut]).unwrap();
        let report = cordon_case::verify(before.path());
        assert!(
            !report.ok && failures(&report).iter().any(|f| f.contains("not terminated")),
            "{cut}: {:?}",
            failures(&report)
        );
        let opened = CaseDir::open(
            before.path(),
            "IR-7",
            &cordon_case::Opener::new(&caller),
            Arc::new(FixedClock::new("2026-11-22T09:00:00Z".parse().unwrap(), 10)),
        );
        assert!(matches!(opened, Err(cordon_case::CaseError::Damaged { .. })), "{cut}: a run refuses a torn journal");

        let r = repaired.unwrap_or_else(|| panic!("{cut}: repaired"));
        assert_eq!(
            std::fs::read(work.path().join(&r.artifact.path)).unwrap(),
            &full[start..cut],
            "{cut}: the torn bytes kept"
        );
        let after = cordon_case::verify(work.path());
        assert!(after.ok, "{cut}: {:?}", failures(&after));
        assert_eq!(after.journal_head, r.head);
        let text = std::fs::read_to_string(&journal).unwrap();
        assert!(text.lines().last().unwrap().contains("\"what\":\"repaired\""), "{cut}: the repair is journaled");
        assert!(cordon_case::repair_torn_tail(work.path(), None, "x", &clock).unwrap().is_none(), "{cut}: once");
    }
    // Damage other than a torn tail is refused, and nothing changes.
    let work = tempfile::tempdir().unwrap();
    copy_dir(c.path(), work.path());
    let mut damaged = full.clone();
    damaged[10] ^= 0x01;
    damaged.extend_from_slice(b"{\"torn");
    std::fs::write(work.path().join("journal.jsonl"), &damaged).unwrap();
    assert!(cordon_case::repair_torn_tail(work.path(), None, "x", &clock).is_err());
    assert_eq!(std::fs::read(work.path().join("journal.jsonl")).unwrap(), damaged);
    eprintln!("torn journal: {} cut points checked", full.len() - start);
}

/// Extraction limits: the entry count, and the room where the bundle is extracted (a
/// directory the verifier chooses, not silently a small tmpfs), checked before anything
/// is written.
#[test]
fn extraction_checks_entries_and_room_and_goes_where_asked() {
    use cordon_case::extract::{free_space, room_for};
    let c = case();
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("case.zip");
    write_bundle(c.path(), &zip, None).unwrap();
    let few = Limits { max_entries: 3, ..Limits::default() };
    let report = verify_bundle(&zip, &Trust::default(), &Checks::default(), few);
    assert!(
        !report.ok && failures(&report).iter().any(|f| f.contains("more than the limit of 3")),
        "{:?}",
        failures(&report)
    );

    let dir = out.path();
    assert!(free_space(dir).is_some_and(|n| n > 0), "the free space is known on this system");
    let e = room_for(100 << 20, Some(50 << 20), dir).unwrap_err();
    assert!(e.contains("--extract-to") && e.contains(&dir.display().to_string()), "{e}");
    assert!(room_for(100, Some(1 << 30), dir).is_ok());
    assert!(room_for(100, None, dir).is_ok(), "unknown free space is not a refusal");

    // --extract-to is where the bundle goes: a directory that does not exist is named.
    let nowhere = out.path().join("no-such-dir");
    let checks = Checks { extract_to: Some(nowhere.clone()), ..Checks::default() };
    let report = verify_bundle(&zip, &Trust::default(), &checks, Limits::default());
    assert!(
        !report.ok && failures(&report).iter().any(|f| f.contains("no temporary directory")),
        "{:?}",
        failures(&report)
    );
    let here = out.path().join("scratch");
    std::fs::create_dir(&here).unwrap();
    let checks = Checks { extract_to: Some(here.clone()), ..Checks::default() };
    assert!(verify_bundle(&zip, &Trust::default(), &checks, Limits::default()).ok);
    assert_eq!(std::fs::read_dir(&here).unwrap().count(), 0, "the extraction is removed after the check");
}
