//! Loading rules: files and directories of Sigma YAML into one [`Detector`], with
//! every rule that cannot be used reported by file, line and reason, never an error
//! that stops the others.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rsigma_eval::Engine;
use rsigma_parser::{SigmaCollection, SigmaRule, parse_sigma_yaml};
use serde::{Deserialize, Serialize};

use super::{Detection, Detector, RULE_INDEX};

/// A rule file (or one rule in it) that was not loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub file: String,
    /// 1-based; the line the reason points at, or the document's first line.
    pub line: usize,
    pub reason: String,
}

/// What loading found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Loaded {
    /// Rule files read.
    pub files: usize,
    /// Detection rules loaded.
    pub rules: usize,
    /// Rules and documents not loaded, each with where and why.
    pub skipped: Vec<Skipped>,
    /// Rules for another log source than CloudTrail (e.g. Windows rules in a whole
    /// SigmaHQ checkout): counted, not listed.
    pub other_logsource: usize,
}

/// The largest rule file read (SigmaHQ's largest is a few KiB).
const MAX_RULE_FILE: u64 = 1 << 20;

/// Reads every `.yml`/`.yaml` file under `paths` (files, or directories walked
/// recursively, symbolic links to directories not followed) in a stable order.
/// No detector when not one rule could be loaded from what was given.
pub fn load(paths: &[PathBuf]) -> (Option<Detector>, Loaded) {
    let mut loaded = Loaded::default();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut loaded);
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    let mut rules: Vec<(SigmaRule, String)> = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        loaded.files += 1;
        match read(f) {
            Ok(text) => collect(&name, &text, &mut rules, &mut loaded),
            Err(reason) => loaded.skipped.push(Skipped { file: name, line: 1, reason }),
        }
    }
    let mut engine = Engine::new();
    let mut infos = Vec::with_capacity(rules.len());
    let mut tagged = Vec::with_capacity(rules.len());
    for (i, (mut rule, file)) in rules.into_iter().enumerate() {
        if let Ok(v) = serde_json::from_value(serde_json::json!(i)) {
            rule.custom_attributes.insert(RULE_INDEX.to_string(), v);
        }
        infos.push(Arc::new(Detection {
            id: rule.id.clone().unwrap_or_else(|| rule.title.clone()),
            title: rule.title.clone(),
            level: rule.level.map_or("medium", |l| l.as_str()).to_string(),
            tags: rule.tags.clone(),
            file,
        }));
        tagged.push(rule);
    }
    let failed = engine.add_rules(tagged.iter());
    let mut bad = vec![false; infos.len()];
    for (i, e) in failed {
        if let Some(info) = infos.get(i) {
            bad[i] = true;
            loaded.skipped.push(Skipped {
                file: info.file.clone(),
                line: 1,
                reason: format!("rule {:?} does not compile: {e}", info.title),
            });
        }
    }
    loaded.rules = bad.iter().filter(|b| !**b).count();
    loaded.skipped.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let mut fields = super::rule_fields(&engine);
    fields.extend(["requestParameters.userName".to_string(), "requestParameters.bucketName".to_string()]);
    let wanted = super::fields::Wanted::new(fields.iter().map(String::as_str));
    let gate = super::gate::Gate::new(engine.rules());
    let open: Vec<usize> = super::gate::open_rules(engine.rules())
        .into_iter()
        .filter_map(|i| engine.rules().get(i)?.custom_attributes.get(RULE_INDEX)?.as_u64())
        .filter_map(|i| usize::try_from(i).ok())
        .collect();
    let detector = (loaded.rules > 0).then_some(Detector { engine, rules: infos, wanted, gate, open });
    (detector, loaded)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, loaded: &mut Loaded) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let file = dir.display().to_string();
            loaded.skipped.push(Skipped { file, line: 1, reason: format!("cannot read directory: {e}") });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let yaml = path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yml" | "yaml"));
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out, loaded),
            Ok(_) if yaml && path.is_file() => out.push(path),
            _ => {}
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut text = String::new();
    file.take(MAX_RULE_FILE + 1).read_to_string(&mut text).map_err(|e| format!("cannot read: {e}"))?;
    if text.len() as u64 > MAX_RULE_FILE {
        return Err(format!("larger than {MAX_RULE_FILE} bytes; not a Sigma rule file"));
    }
    Ok(text)
}

/// Whether a rule is for CloudTrail: product `aws` and service `cloudtrail`, either
/// left unset (a rule written for any source), compared without case.
fn for_cloudtrail(rule: &SigmaRule) -> bool {
    let is = |v: &Option<String>, want: &str| v.as_deref().is_none_or(|s| s.eq_ignore_ascii_case(want));
    is(&rule.logsource.product, "aws") && is(&rule.logsource.service, "cloudtrail")
}

/// One file's documents into `rules`, and what was wrong with the rest into `loaded`.
fn collect(file: &str, text: &str, rules: &mut Vec<(SigmaRule, String)>, loaded: &mut Loaded) {
    let collection: SigmaCollection = match parse_sigma_yaml(text) {
        Ok(c) => c,
        Err(e) => {
            let reason = e.to_string();
            let line = line_of(text, &reason);
            loaded.skipped.push(Skipped { file: file.to_string(), line, reason });
            return;
        }
    };
    for reason in &collection.errors {
        let line = line_of(text, reason);
        let aggregation = reason.contains("Condition parse error")
            && text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('|'));
        let reason = if aggregation {
            "an aggregation in the condition (`| count() ...`) is not supported: Cordon evaluates each event on its own"
                .to_string()
        } else {
            reason.clone()
        };
        loaded.skipped.push(Skipped { file: file.to_string(), line, reason });
    }
    for c in &collection.correlations {
        loaded.skipped.push(Skipped {
            file: file.to_string(),
            line: find_line(text, "correlation:").unwrap_or(1),
            reason: format!(
                "correlation rule {:?}: not supported (Cordon evaluates detection rules over each event)",
                c.title
            ),
        });
    }
    for f in &collection.filters {
        loaded.skipped.push(Skipped {
            file: file.to_string(),
            line: find_line(text, "filter:").unwrap_or(1),
            reason: format!("filter rule {:?}: not supported (write the exclusion into the rule's condition)", f.title),
        });
    }
    for rule in collection.rules {
        if for_cloudtrail(&rule) {
            rules.push((rule, file.to_string()));
        } else {
            loaded.other_logsource += 1;
        }
    }
}

/// The first line holding `needle` (1-based).
fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Where an error points: the YAML parser's `line N`, the modifier or aggregation it
/// names, the condition for a condition error; otherwise the first line.
fn line_of(text: &str, reason: &str) -> usize {
    if let Some(at) = reason.find("at line ") {
        let digits: String = reason[at + 8..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            return n;
        }
    }
    if let Some(name) = reason.split('\'').nth(1).filter(|_| reason.contains("modifier"))
        && let Some(n) = find_line(text, &format!("|{name}"))
    {
        return n;
    }
    let lower = reason.to_ascii_lowercase();
    if lower.contains("condition")
        && let Some(n) = find_line(text, "condition:")
    {
        return n;
    }
    for (key, needle) in [("timeframe", "timeframe:"), ("detection", "detection:"), ("logsource", "logsource:")] {
        if lower.contains(key)
            && let Some(n) = find_line(text, needle)
        {
            return n;
        }
    }
    1
}
