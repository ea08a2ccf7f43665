//! The file name an artifact is stored under, made from a name that may come from the
//! attacker (an S3 object key, say): the artifact is always stored, under a name that is
//! safe on every system a bundle is opened on, and the original is kept in its record's
//! `source`.
//!
//! Safe means: one path component, not hidden (no leading `.`), no control or
//! direction-changing characters (a right-to-left override shows `exe.txt` as
//! `txt.exe`), none of the characters Windows refuses, no trailing dot or space, and at
//! most [`MAX_BYTES`] bytes. A name that had to be shortened ends with a hash of the
//! original, so two long names never fold into one.

use sha2::{Digest, Sha256};

/// Longest stored file name, in bytes (file systems allow 255).
pub const MAX_BYTES: usize = 160;

/// Characters replaced by `_`.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        // Zero-width, direction marks and overrides, isolates, byte-order mark.
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The stored file name for `name` (the same name when it is already safe).
pub fn artifact_file_name(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if unsafe_char(c) { '_' } else { c }).collect();
    if out.starts_with('.') || reserved_on_windows(&out) {
        out.insert(0, '_');
    }
    while out.ends_with(['.', ' ']) {
        out.pop();
        out.push('_');
        if out.len() > MAX_BYTES {
            break;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    if out.len() <= MAX_BYTES {
        return out;
    }
    // Shortened: keep the start and a short extension, and add a hash of the original.
    let tag = hex::encode(&Sha256::digest(name.as_bytes())[..6]);
    let ext = match out.rsplit_once('.') {
        Some((_, e)) if !e.is_empty() && e.len() <= 16 => format!(".{e}"),
        _ => String::new(),
    };
    let room = MAX_BYTES - ext.len() - tag.len() - 1;
    let mut end = room.min(out.len());
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{tag}{ext}", &out[..end])
}

/// `CON`, `NUL`, `COM1`... (with any extension) name devices on Windows.
fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_are_kept() {
        for n in ["123456789012_CloudTrail_eu-west-1_20261129T0810Z_a1.json.gz", "metadata.json", "é-ü.txt"] {
            assert_eq!(artifact_file_name(n), n);
        }
    }

    #[test]
    fn odd_names_become_safe_ones() {
        assert_eq!(artifact_file_name(".hidden"), "_.hidden");
        assert_eq!(artifact_file_name(".."), "_._");
        assert_eq!(artifact_file_name(""), "_");
        assert_eq!(artifact_file_name("a\nb\u{1b}[31m"), "a_b_[31m");
        assert_eq!(artifact_file_name("invoice\u{202E}txt.exe"), "invoice_txt.exe");
        assert_eq!(artifact_file_name("a/../b"), "a_.._b");
        assert_eq!(artifact_file_name("c:\\x"), "c__x");
        assert_eq!(artifact_file_name("trailing. "), "trailing._");
        assert_eq!(artifact_file_name("CON.txt"), "_CON.txt");
        assert_eq!(artifact_file_name("lpt1"), "_lpt1");
    }

    #[test]
    fn long_names_are_shortened_apart() {
        let a = format!("{}a.json.gz", "x".repeat(400));
        let b = format!("{}b.json.gz", "x".repeat(400));
        let (sa, sb) = (artifact_file_name(&a), artifact_file_name(&b));
        assert!(sa.len() <= MAX_BYTES && sb.len() <= MAX_BYTES, "{} {}", sa.len(), sb.len());
        assert_ne!(sa, sb);
        assert!(sa.ends_with(".gz"));
        let wide = "é".repeat(300);
        assert!(artifact_file_name(&wide).len() <= MAX_BYTES);
    }
}
