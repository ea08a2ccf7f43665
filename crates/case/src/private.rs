//! Case directories are 0700 and the files in them 0600, whatever the umask: evidence
//! (memory, disk metadata, credentials reports) is for the responder's account alone.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` (and its missing parents) and makes `dir` itself 0700.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    restrict(dir, 0o700)
}

/// Options that create a file 0600 (then [`restrict`]ed, as the umask may narrow but
/// never widen the mode given here).
pub fn file_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

/// Writes `bytes` to a new or truncated file, 0600.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f: File = file_options().write(true).create(true).truncate(true).open(path)?;
    std::io::Write::write_all(&mut f, bytes)?;
    restrict(path, 0o600)
}

/// Sets `path`'s permission bits to `mode` (a no-op off Unix).
pub fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Why a private key file must not be used: readable or writable by group or others.
pub fn loose_key(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Some(format!(
                "its permissions {mode:04o} let other users read it: `chmod 600 {}` (as ssh requires of its keys)",
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}
