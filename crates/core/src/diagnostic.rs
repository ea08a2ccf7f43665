//! Diagnostics for playbooks and inputs: every problem carries where it is
//! (file, line, column), a stable code, what is wrong and a hint.

use std::fmt::Write as _;

use serde::Serialize;

/// A 1-based position in a source file, with the length of the marked text in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Span {
    pub fn new(line: u32, column: u32, len: u32) -> Self {
        Self { line, column, len: len.max(1) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a playbook or its inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, documented code such as `unknown-action` (see docs/playbooks.md).
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub span: Option<Span>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, code, message: message.into(), file: None, span: None, hint: None }
    }

    pub fn at(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or as much of it as is known).
    pub fn location(&self) -> String {
        let file = self.file.as_deref().unwrap_or("<input>");
        match self.span {
            Some(s) => format!("{file}:{}:{}", s.line, s.column),
            None => file.to_string(),
        }
    }

    /// Renders like a compiler message, with the source line and a caret under the span
    /// when `source` is given. Plain text, no colour: stable for snapshots and logs.
    pub fn render(&self, source: Option<&str>) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{sev}[{}]: {}\n", self.code, self.message);
        if self.file.is_some() || self.span.is_some() {
            let _ = writeln!(out, "  --> {}", self.location());
        }
        if let (Some(span), Some(src)) = (self.span, source)
            && let Some(text) = src.lines().nth(span.line.saturating_sub(1) as usize)
        {
            let num = span.line.to_string();
            let pad = " ".repeat(num.len());
            let col = span.column.saturating_sub(1) as usize;
            let avail = text.chars().count().saturating_sub(col).max(1);
            let marks = (span.len as usize).min(avail);
            let _ = writeln!(out, "{pad} |\n{num} | {text}\n{pad} | {}{}", " ".repeat(col), "^".repeat(marks));
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = hint: {h}");
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} [{}]", self.location(), self.message, self.code)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// The closest candidate to `input` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, c)| *d <= (c.len().max(input.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_caret() {
        let src = "steps:\n  - id: a\n    action: ec2.isolat\n";
        let d = Diagnostic::error("unknown-action", "unknown action `ec2.isolat`")
            .in_file("pb.yaml")
            .at(Some(Span::new(3, 13, 10)))
            .hint("did you mean `ec2.isolate_instance`?");
        assert_eq!(
            d.render(Some(src)),
            "error[unknown-action]: unknown action `ec2.isolat`\n  --> pb.yaml:3:13\n  |\n3 |     action: ec2.isolat\n  |             ^^^^^^^^^^\n  = hint: did you mean `ec2.isolate_instance`?\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["ec2.isolate_instance", "ec2.protect_instance"];
        assert_eq!(did_you_mean("ec2.isolate_instanse", names), Some("ec2.isolate_instance"));
        assert_eq!(did_you_mean("s3.block", names), None);
    }
}
