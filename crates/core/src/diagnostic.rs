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

/// Every diagnostic code: stable (scripts match on them), each with its meaning. The
/// table in docs/playbooks.md is generated from this (`cargo xtask docgen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// the file is not valid YAML (duplicate keys included)
    YamlSyntax,
    /// the playbook file is not UTF-8 text
    NotUtf8,
    /// the playbook or inputs file cannot be read
    Unreadable,
    /// a field Cordon does not know (with "did you mean")
    UnknownField,
    /// `name`, `steps`, a step's `id` or `action` is missing
    MissingField,
    /// a field has the wrong YAML type
    WrongType,
    /// a field's value is not one it can take (e.g. `severity`, `on_error`)
    BadValue,
    /// an input name or step id is not an identifier
    BadName,
    /// two steps share an id
    DuplicateStep,
    /// `steps` is empty
    EmptySteps,
    /// a step `needs` itself
    BadNeeds,
    /// `needs` names a step the playbook does not have (with "did you mean")
    UnknownStep,
    /// the steps' order (`needs`, outputs used) has a cycle
    Cycle,
    /// an input's `type` is not one of string, integer, boolean, list
    BadType,
    /// an input's `pattern` is not a valid regular expression
    BadPattern,
    /// an input value (default or `--set`) has the wrong type or does not match the pattern
    BadInput,
    /// `--set` names an input the playbook does not declare
    UnknownInput,
    /// a required input was not given
    MissingInput,
    /// a `--set` argument is not `name=value`
    BadSet,
    /// the `--from-finding` file cannot be read as a finding, or lacks what an input needs
    BadFinding,
    /// `--case` is not a valid case id
    BadCaseId,
    /// the action is not in the registry (with "did you mean")
    UnknownAction,
    /// the action has no such parameter (with "did you mean")
    UnknownParam,
    /// a required parameter is missing
    MissingParam,
    /// a literal parameter value has the wrong type, or a value the action refuses
    BadParam,
    /// a template does not parse
    TemplateSyntax,
    /// a template uses an undeclared input, an unknown `case` field, a step that is not earlier, or an output the step's action does not have
    UndefinedVariable,
    /// rendering failed at plan or run time
    Render,
    /// a `for_each` did not render to a list
    BadForEach,
    /// `resume`: the playbook changed since the interrupted run started
    PlaybookChanged,
    /// `run --plan`: the playbook, inputs, case or account differ from when the plan was made
    PlanMismatch,
    /// a drill scenario names a user or bucket it neither sets up nor creates
    UnknownResource,
}

impl Code {
    /// Every code, in the order the documentation lists them.
    pub const ALL: &[Code] = &[
        Code::YamlSyntax,
        Code::NotUtf8,
        Code::Unreadable,
        Code::UnknownField,
        Code::MissingField,
        Code::WrongType,
        Code::BadValue,
        Code::BadName,
        Code::DuplicateStep,
        Code::EmptySteps,
        Code::BadNeeds,
        Code::UnknownStep,
        Code::Cycle,
        Code::BadType,
        Code::BadPattern,
        Code::BadInput,
        Code::UnknownInput,
        Code::MissingInput,
        Code::BadSet,
        Code::BadFinding,
        Code::BadCaseId,
        Code::UnknownAction,
        Code::UnknownParam,
        Code::MissingParam,
        Code::BadParam,
        Code::TemplateSyntax,
        Code::UndefinedVariable,
        Code::Render,
        Code::BadForEach,
        Code::PlaybookChanged,
        Code::PlanMismatch,
        Code::UnknownResource,
    ];

    /// The code as printed, e.g. `unknown-action`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::NotUtf8 => "not-utf8",
            Code::Unreadable => "unreadable",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::WrongType => "wrong-type",
            Code::BadValue => "bad-value",
            Code::BadName => "bad-name",
            Code::DuplicateStep => "duplicate-step",
            Code::EmptySteps => "empty-steps",
            Code::BadNeeds => "bad-needs",
            Code::UnknownStep => "unknown-step",
            Code::Cycle => "cycle",
            Code::BadType => "bad-type",
            Code::BadPattern => "bad-pattern",
            Code::BadInput => "bad-input",
            Code::UnknownInput => "unknown-input",
            Code::MissingInput => "missing-input",
            Code::BadSet => "bad-set",
            Code::BadFinding => "bad-finding",
            Code::BadCaseId => "bad-case-id",
            Code::UnknownAction => "unknown-action",
            Code::UnknownParam => "unknown-param",
            Code::MissingParam => "missing-param",
            Code::BadParam => "bad-param",
            Code::TemplateSyntax => "template-syntax",
            Code::UndefinedVariable => "undefined-variable",
            Code::Render => "render",
            Code::BadForEach => "bad-for-each",
            Code::PlaybookChanged => "playbook-changed",
            Code::PlanMismatch => "plan-mismatch",
            Code::UnknownResource => "unknown-resource",
        }
    }

    /// What the code means (one line, Markdown).
    pub fn description(self) -> &'static str {
        match self {
            Code::YamlSyntax => "the file is not valid YAML (duplicate keys included)",
            Code::NotUtf8 => "the playbook file is not UTF-8 text",
            Code::Unreadable => "the playbook or inputs file cannot be read",
            Code::UnknownField => "a field Cordon does not know (with \"did you mean\")",
            Code::MissingField => "`name`, `steps`, a step's `id` or `action` is missing",
            Code::WrongType => "a field has the wrong YAML type",
            Code::BadValue => "a field's value is not one it can take (e.g. `severity`, `on_error`)",
            Code::BadName => "an input name or step id is not an identifier",
            Code::DuplicateStep => "two steps share an id",
            Code::EmptySteps => "`steps` is empty",
            Code::BadNeeds => "a step `needs` itself",
            Code::UnknownStep => "`needs` names a step the playbook does not have (with \"did you mean\")",
            Code::Cycle => "the steps' order (`needs`, outputs used) has a cycle",
            Code::BadType => "an input's `type` is not one of string, integer, boolean, list",
            Code::BadPattern => "an input's `pattern` is not a valid regular expression",
            Code::BadInput => "an input value (default or `--set`) has the wrong type or does not match the pattern",
            Code::UnknownInput => "`--set` names an input the playbook does not declare",
            Code::MissingInput => "a required input was not given",
            Code::BadSet => "a `--set` argument is not `name=value`",
            Code::BadFinding => "the `--from-finding` file cannot be read as a finding, or lacks what an input needs",
            Code::BadCaseId => "`--case` is not a valid case id",
            Code::UnknownAction => "the action is not in the registry (with \"did you mean\")",
            Code::UnknownParam => "the action has no such parameter (with \"did you mean\")",
            Code::MissingParam => "a required parameter is missing",
            Code::BadParam => "a literal parameter value has the wrong type, or a value the action refuses",
            Code::TemplateSyntax => "a template does not parse",
            Code::UndefinedVariable => {
                "a template uses an undeclared input, an unknown `case` field, a step that is not earlier, or an output the step's action does not have"
            }
            Code::Render => "rendering failed at plan or run time",
            Code::BadForEach => "a `for_each` did not render to a list",
            Code::PlaybookChanged => "`resume`: the playbook changed since the interrupted run started",
            Code::PlanMismatch => {
                "`run --plan`: the playbook, inputs, case or account differ from when the plan was made"
            }
            Code::UnknownResource => "a drill scenario names a user or bucket it neither sets up nor creates",
        }
    }

    /// The Markdown table of every code (docs/playbooks.md).
    pub fn table() -> String {
        let mut out = String::from("| code | meaning |\n|---|---|\n");
        for c in Self::ALL {
            let _ = writeln!(out, "| `{}` | {} |", c.as_str(), c.description());
        }
        out
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One problem found in a playbook or its inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, documented code such as `unknown-action` (see docs/playbooks.md).
    pub code: Code,
    pub message: String,
    pub file: Option<String>,
    pub span: Option<Span>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
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
        let d = Diagnostic::error(Code::UnknownAction, "unknown action `ec2.isolat`")
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

    #[test]
    fn codes_are_unique_and_documented() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(n, names.len(), "each code once");
        assert!(Code::ALL.iter().all(|c| !c.description().is_empty()));
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/playbooks.md"))
            .unwrap_or_default();
        assert!(
            docs.contains(&Code::table()),
            "docs/playbooks.md's code table is out of date: run `cargo xtask docgen`"
        );
    }
}
