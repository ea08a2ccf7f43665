//! `cargo xtask tidy`: checks over the source tree that no compiler or test makes, run by
//! `cargo xtask test` (as rust-analyzer's tidy tests do):
//!
//! - a file over [`MAX_LINES`] lines needs an entry in [`LONG_FILES`] with a reason;
//! - every crate and every xtask command is named in docs/ARCHITECTURE.md;
//! - every crate takes its dependencies from the workspace (`x.workspace = true`), and
//!   uses each one somewhere in its sources;
//! - every AWS operation an action's file calls (directly, or through a helper function
//!   anywhere in the action crates or `cordon-aws`) is one the action declares in its
//!   `ActionDoc::operations`, and every declared operation is called.
//!
//! The checks read text, not syntax trees: they are tuned to this workspace's style
//! (one action per file, `ops::svc::NAME` constants) and have unit tests below.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

/// Files longer than this need a reason to be.
pub const MAX_LINES: usize = 600;

/// Files allowed to be longer than [`MAX_LINES`], and why.
pub const LONG_FILES: &[(&str, &str)] = &[];

/// The xtask commands ARCHITECTURE.md must describe.
pub const COMMANDS: &[&str] = &["emulator", "test", "demo", "docgen", "bench", "tidy"];

/// Runs every check; returns the problems found (empty: tidy).
pub fn check(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let sources = rust_files(root)?;
    long_files(root, &sources, &mut problems)?;
    architecture_names(root, &mut problems)?;
    dependencies(root, &mut problems)?;
    operations(root, &mut problems)?;
    Ok(problems)
}

fn rust_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in ["crates", "xtask", "tests", "fuzz"] {
        walk(&root.join(dir), &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for e in entries {
        let path = e?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "target" | "corpus" | "artifacts" | "snapshots") {
                walk(&path, out)?;
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

fn long_files(root: &Path, files: &[PathBuf], problems: &mut Vec<String>) -> Result<()> {
    for f in files {
        let name = rel(root, f);
        let lines = std::fs::read_to_string(f)?.lines().count();
        let allowed = LONG_FILES.iter().any(|(p, _)| *p == name);
        if lines > MAX_LINES && !allowed {
            problems.push(format!(
                "{name}: {lines} lines (over {MAX_LINES}): split it, or add it to LONG_FILES in xtask/src/tidy.rs with a reason"
            ));
        }
        if allowed && lines <= MAX_LINES {
            problems.push(format!("{name}: in LONG_FILES but only {lines} lines: remove the entry"));
        }
    }
    Ok(())
}

/// The crates of the workspace: (directory, package name).
fn crates(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root.join("crates"))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.push(root.join("xtask"));
    dirs.sort();
    for dir in dirs {
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        if let Some(name) = manifest.lines().find_map(|l| l.strip_prefix("name = ")) {
            out.push((dir, name.trim_matches('"').to_string()));
        }
    }
    Ok(out)
}

fn architecture_names(root: &Path, problems: &mut Vec<String>) -> Result<()> {
    let doc = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md"))?;
    for (_, name) in crates(root)? {
        if !doc.contains(&format!("`{name}`")) && !doc.contains(&format!("({name})")) {
            problems.push(format!("docs/ARCHITECTURE.md does not name the crate {name}"));
        }
    }
    for c in COMMANDS {
        if !doc.contains(&format!("cargo xtask {c}")) {
            problems.push(format!("docs/ARCHITECTURE.md does not describe `cargo xtask {c}`"));
        }
    }
    Ok(())
}

/// The dependency names of one `[*dependencies]` table kind in a manifest, with whether
/// each comes from the workspace.
fn manifest_dependencies(manifest: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if !in_deps || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((name, value)) = line.split_once('=') {
            let name = name.trim().trim_end_matches(".workspace").to_string();
            let workspace = line.contains("workspace = true")
                || line.split_once('=').is_some_and(|(k, _)| k.trim().ends_with(".workspace"));
            let _ = value;
            out.push((name, workspace));
        }
    }
    out
}

fn dependencies(root: &Path, problems: &mut Vec<String>) -> Result<()> {
    for (dir, name) in crates(root)? {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
        let mut files = Vec::new();
        for sub in ["src", "tests", "examples", "benches"] {
            walk(&dir.join(sub), &mut files)?;
        }
        if name == "cordon" {
            walk(&root.join("tests"), &mut files)?;
        }
        let text: String = files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect();
        for (dep, workspace) in manifest_dependencies(&manifest) {
            if !workspace {
                problems.push(format!("{name}: dependency {dep} is not taken from [workspace.dependencies]"));
            }
            let ident = dep.replace('-', "_");
            if !text.contains(&format!("{ident}::"))
                && !text.contains(&format!("use {ident}"))
                && !text.contains(&format!("{ident}!"))
                && !text.contains(&format!("extern crate {ident}"))
            {
                problems.push(format!("{name}: dependency {dep} is not used"));
            }
        }
    }
    Ok(())
}

/// `ops::svc::NAME` tokens in `text`.
fn op_tokens(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("ops::") {
        let tail = &rest[i + 5..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
        let token = tail[..end].trim_end_matches(':');
        if let Some((svc, name)) = token.split_once("::")
            && !svc.is_empty()
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            out.insert(token.to_string());
        }
        rest = &tail[end..];
    }
    out
}

/// A function found in a file.
struct Function {
    name: String,
    /// `pub` or `pub(crate)`: callable from other files.
    public: bool,
    /// Takes `self`: called as `.name(`.
    method: bool,
    /// From the opening brace to the matching one.
    body: String,
}

/// The functions of a file (string literals and comments are skipped when counting braces).
fn functions(text: &str) -> Vec<Function> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(i) = text[search..].find("fn ") {
        let start = search + i;
        search = start + 3;
        if start > 0 && text[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let after = &text[start + 3..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let public = text[line_start..start].trim_start().starts_with("pub");
        let Some(open) = body_start(&text[start..]) else { continue };
        let method = text[start..start + open].split(',').next().is_some_and(|first| first.contains("self"));
        let body_from = start + open;
        let Some(len) = matching_brace(&text[body_from..]) else { continue };
        out.push(Function { name, public, method, body: text[body_from..body_from + len].to_string() });
    }
    out
}

/// Where the body of the function starting at `text` opens (`{`), if it has one.
fn body_start(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '>' if !text[..i].ends_with('-') => depth -= 1,
            ';' if depth <= 0 => return None,
            '{' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The length of the block opening at `text[0]`, through its closing brace.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A char literal ('{', '\''), or a lifetime: skip a literal only.
                let rest = &text[i + 1..];
                if rest.starts_with('\\') {
                    let close = rest[2..].find('\'').map(|n| n + 3);
                    for _ in 0..close.unwrap_or(0) {
                        chars.next();
                    }
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            '/' if text[i + 1..].starts_with('/') => {
                while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                    chars.next();
                }
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `text` calls `f`: a free function as `name(` or `path::name(` (`.name(` is an
/// SDK builder's method, not a helper), a method as `.name(`. Names imported `as` an
/// alias count under the alias too.
fn calls(text: &str, f: &Function) -> bool {
    let mut names = vec![f.name.clone()];
    names.extend(aliases(text, &f.name));
    names.iter().any(|name| {
        let pat = format!("{name}(");
        text.match_indices(&pat).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let free = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            let method = before == Some('.');
            (if f.method { method } else { free }) && !text[..i].trim_end().ends_with("fn")
        })
    })
}

/// The aliases `name` is imported under in `text` (`use path::{name as alias}`).
fn aliases(text: &str, name: &str) -> Vec<String> {
    let pat = format!("{name} as ");
    text.match_indices(&pat)
        .filter(|(i, _)| !text[..*i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(|(i, _)| text[i + pat.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect())
        .filter(|a: &String| !a.is_empty())
        .collect()
}

/// The `ActionDoc` block of an action file and its declared operations.
fn declaration(text: &str) -> Option<(std::ops::Range<usize>, BTreeSet<String>, BTreeSet<String>)> {
    let start = text.find("static DOC: ActionDoc = ActionDoc {")?;
    let len = matching_brace(&text[start + text[start..].find('{')?..])?;
    let end = start + text[start..].find('{')? + len;
    let block = &text[start..end];
    let list = |field: &str| -> BTreeSet<String> {
        block
            .find(&format!("{field}: &["))
            .and_then(|i| block[i..].find(']').map(|j| op_tokens(&block[i..i + j])))
            .unwrap_or_default()
    };
    Some((start..end, list("operations"), list("implied")))
}

fn operations(root: &Path, problems: &mut Vec<String>) -> Result<()> {
    let mut files = Vec::new();
    for dir in ["crates/aws/src", "crates/actions/src", "crates/timeline/src"] {
        walk(&root.join(dir), &mut files)?;
    }
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| std::fs::read_to_string(&f).map(|t| (f, strip_tests(&t))))
        .collect::<Result<_, _>>()?;
    // Helper functions and the operations they reach, directly or through other helpers:
    // (file index, name, public) -> operations. A private helper is only seen from its file.
    let mut bodies: Vec<(usize, Function)> = Vec::new();
    for (n, (_, t)) in texts.iter().enumerate() {
        for f in functions(t) {
            if !matches!(f.name.as_str(), "check" | "execute" | "plan" | "undo" | "changes" | "doc" | "call") {
                bodies.push((n, f));
            }
        }
    }
    let mut reach: Vec<BTreeSet<String>> = bodies.iter().map(|(_, f)| op_tokens(&f.body)).collect();
    let visible = |from: usize, (file, f): &(usize, Function)| f.public || *file == from;
    loop {
        let mut grew = false;
        for (i, (file, f)) in bodies.iter().enumerate() {
            let reached: BTreeSet<String> = bodies
                .iter()
                .enumerate()
                .filter(|(j, h)| *j != i && !reach[*j].is_empty() && visible(*file, h) && calls(&f.body, &h.1))
                .flat_map(|(j, _)| reach[j].iter().cloned())
                .collect();
            let before = reach[i].len();
            reach[i].extend(reached);
            grew |= reach[i].len() > before;
        }
        if !grew {
            break;
        }
    }
    for (n, (path, text)) in texts.iter().enumerate() {
        let Some((range, declared, implied)) = declaration(text) else { continue };
        let outside = format!("{}{}", &text[..range.start], &text[range.end..]);
        let mut used = op_tokens(&outside);
        for (j, h) in bodies.iter().enumerate() {
            if h.0 != n && !reach[j].is_empty() && visible(n, h) && calls(&outside, &h.1) {
                used.extend(reach[j].iter().cloned());
            }
        }
        let name = rel(root, path);
        // `// tidy: unreached ops::svc::NAME: why`: a helper's path the action never takes.
        for line in text.lines().filter_map(|l| l.trim().strip_prefix("// tidy: unreached ")) {
            let token = op_tokens(line).into_iter().next().unwrap_or_default();
            let why = line.split_once(&token).map_or("", |(_, rest)| rest.trim_start_matches(':'));
            let op = token;
            if why.trim().is_empty() || op.is_empty() {
                problems.push(format!("{name}: `tidy: unreached {line}` needs an operation and a reason after it"));
            } else if !used.remove(&op) {
                problems.push(format!(
                    "{name}: `tidy: unreached ops::{op}` but no helper it calls reaches it: remove the line"
                ));
            }
        }
        for op in used.difference(&declared) {
            if !implied.contains(op) {
                problems.push(format!("{name}: calls ops::{op}, which its ActionDoc does not declare in `operations`"));
            }
        }
        for op in declared.difference(&used) {
            problems.push(format!("{name}: declares ops::{op} in `operations` but never calls it"));
        }
    }
    Ok(())
}
/// The text before a `#[cfg(test)]` module (tests may name any operation).
fn strip_tests(text: &str) -> String {
    text.find("#[cfg(test)]\nmod tests").map_or_else(|| text.to_string(), |i| text[..i].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_operation_tokens_functions_and_calls() {
        let text = r#"
fn helper(log: &dyn CallLog) -> Result<(), E> {
    let s = "}{";
    let c = '{';
    call(log, ops::ec2::DESCRIBE_INSTANCES, "x", f()).await?; // a } in a comment
    Ok(())
}
pub async fn other() { helper(log).await; ops::s3::get_object(); }
"#;
        let f = functions(text);
        assert_eq!(
            f.iter().map(|f| (f.name.as_str(), f.public)).collect::<Vec<_>>(),
            [("helper", false), ("other", true)]
        );
        assert_eq!(op_tokens(&f[0].body).into_iter().collect::<Vec<_>>(), ["ec2::DESCRIBE_INSTANCES"]);
        assert!(op_tokens(&f[1].body).is_empty(), "lower-case paths are not operations");
        assert!(calls(&f[1].body, &f[0]));
        let named =
            |name: &str, method: bool| Function { name: name.into(), public: true, method, body: String::new() };
        assert!(!calls("x.policy(doc)", &named("policy", false)), "a builder method is not a helper");
        assert!(calls("aws.identity().await", &named("identity", true)));
        assert!(!calls("identity()", &named("identity", true)));
        assert!(!calls(text, &named("elper", false)));
        assert!(!calls("pub fn helper(x: u8) {}", &named("helper", false)), "a definition is not a call");
        assert!(calls("use m::{helper as h};\nh(1)", &named("helper", false)), "an alias is a call");
    }

    #[test]
    fn reads_the_declaration() {
        let text = "static DOC: ActionDoc = ActionDoc {\n    operations: &[ops::ec2::A, ops::ec2::B],\n    implied: &[ops::iam::PASS_ROLE],\n    inverse: &[],\n};\nfn f() { call(x, ops::ec2::C) }";
        let (range, declared, implied) = declaration(text).unwrap();
        assert!(text[range.end..].contains("ops::ec2::C"));
        assert_eq!(declared.len(), 2);
        assert!(implied.contains("iam::PASS_ROLE"));
    }

    #[test]
    fn reads_dependencies() {
        let m = "[package]\nname = \"x\"\n[dependencies]\na.workspace = true\nb = { workspace = true }\nc = \"1\"\n[dev-dependencies]\nd.workspace = true\n";
        assert_eq!(
            manifest_dependencies(m),
            [("a".into(), true), ("b".into(), true), ("c".into(), false), ("d".into(), true)]
        );
    }
}
