//! Every path read while verifying stays inside its root: a case directory or an
//! extracted bundle. The paths come from files an attacker may have edited (SHA256SUMS
//! lines, manifest entries, journal records), so each is checked component by component
//! on disk, not by comparing strings.

use std::path::{Component, Path, PathBuf};

/// A name that stays inside its root: relative, normal components only, no backslash or
/// NUL (a zip entry, a manifest path, a SHA256SUMS line).
pub(crate) fn safe_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("an empty name".into());
    }
    if name.contains('\\') || name.contains('\0') {
        return Err("a backslash or NUL in the name".into());
    }
    // Normalized as written: `Path::components` would quietly drop a `.` or an empty
    // part in the middle, and a name that differs from its normal form is not one Cordon wrote.
    if name.starts_with('/') {
        return Err("an absolute path".into());
    }
    if name.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Err("a `.`, `..` or empty component (not a normalized relative path)".into());
    }
    for c in Path::new(name).components() {
        match c {
            Component::Normal(_) => {}
            Component::ParentDir => return Err("a `..` component would leave the root".into()),
            Component::RootDir | Component::Prefix(_) => return Err("an absolute path".into()),
            Component::CurDir => return Err("a `.` component".into()),
        }
    }
    Ok(())
}

/// The file `rel` names under `root`, if it is a regular file reached without leaving
/// `root`: every component must exist as itself (no symbolic link anywhere on the way),
/// every directory be a directory, and the last be a regular file (not a FIFO, device,
/// socket or directory, which would block or never end when read).
pub fn confined(root: &Path, rel: &str) -> Result<PathBuf, String> {
    safe_name(rel)?;
    let mut path = root.to_path_buf();
    let parts: Vec<Component<'_>> = Path::new(rel).components().collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(format!("{} is a symbolic link: not followed out of the root", path.display()));
        }
        let last = i + 1 == parts.len();
        if !last && !kind.is_dir() {
            return Err(format!("{} is not a directory", path.display()));
        }
        if last && !kind.is_file() {
            return Err(format!("{} is not a regular file (a directory, FIFO, device or socket)", path.display()));
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_root_are_refused() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "./a", "a\\..\\b", "", "a/./b", "a//b", "a/"] {
            assert!(safe_name(bad).is_err(), "{bad}");
        }
        for good in ["journal.jsonl", "artifacts/capture/instance.json"] {
            assert!(safe_name(good).is_ok(), "{good}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_and_special_files_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"x").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("artifacts")).unwrap();
        std::fs::write(root.path().join("artifacts/ok.json"), b"{}").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("artifacts/link")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("dirlink")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.path().join("zero")).unwrap();
        let fifo = root.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(confined(root.path(), "artifacts/ok.json").is_ok());
        for (bad, why) in [
            ("artifacts/link", "symbolic link"),
            ("dirlink/secret", "symbolic link"),
            ("zero", "symbolic link"),
            ("fifo", "not a regular file"),
            ("artifacts", "not a regular file"),
            ("artifacts/missing", "cannot read"),
            ("../secret", "`..`"),
            ("/etc/passwd", "absolute"),
            ("artifacts//ok.json", "not a normalized"),
        ] {
            let e = confined(root.path(), bad).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
