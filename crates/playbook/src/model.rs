//! The checked playbook: what validation produces and everything later consumes.

use cordon_core::diagnostic::Span;
use serde::Serialize;
use serde_json::Value;

/// A validated playbook.
#[derive(Debug, Clone, Serialize)]
pub struct Playbook {
    /// The file it was read from, as given (for diagnostics).
    pub file: String,
    pub name: String,
    pub description: Option<String>,
    /// Metadata carried into the journal and the report.
    pub meta: Meta,
    pub inputs: Vec<InputDef>,
    pub steps: Vec<Step>,
}

/// A playbook's metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// `low`, `medium`, `high` or `critical`.
    pub severity: Option<String>,
    /// Who maintains the playbook.
    pub owner: Option<String>,
    pub tags: Vec<String>,
    /// Links or document names the playbook follows (e.g. a NIST or AWS playbook).
    pub references: Vec<String>,
}

pub const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputType {
    String,
    Integer,
    Boolean,
    List,
}

impl InputType {
    pub const NAMES: [&'static str; 4] = ["string", "integer", "boolean", "list"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "string" => Some(Self::String),
            "integer" => Some(Self::Integer),
            "boolean" => Some(Self::Boolean),
            "list" => Some(Self::List),
            _ => None,
        }
    }
}

/// A declared input.
#[derive(Debug, Clone, Serialize)]
pub struct InputDef {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: InputType,
    /// A regular expression every string value (or list item) must match in full.
    pub pattern: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    #[serde(skip)]
    pub span: Option<Span>,
}

impl InputDef {
    pub fn required(&self) -> bool {
        self.default.is_none()
    }
}

/// What a failing step does to the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Stop the run; later steps are skipped (the default).
    #[default]
    Stop,
    /// Record the failure and go on with the next step.
    Continue,
}

/// A validated step.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    /// A name present in the registry.
    pub action: String,
    pub description: Option<String>,
    /// A minijinja expression; the step runs only when it is true.
    pub when: Option<String>,
    pub on_error: OnError,
    /// A person must approve the step (or `--yes`) before it runs.
    pub approve: bool,
    /// `needs:` as written: the steps this one waits for. Absent: the step before it.
    pub needs: Option<Vec<String>>,
    /// `after:` as written: steps this one waits for without depending on their success
    /// (it runs when they have finished, whether they succeeded, failed or were skipped).
    pub waits_for: Vec<String>,
    /// Every step this one waits for: `needs:` (or the step before it) and every step
    /// whose outputs its templates use. Set by validation; the graph has no cycle.
    pub after: Vec<String>,
    /// The steps whose failure skips this one: those named in `needs:` and those whose
    /// outputs it uses (the step before it, when only implied, orders but does not gate).
    pub gated_by: Vec<String>,
    /// `for_each:`: a list, or a template giving one. The step runs once per item, as
    /// instances `ID[0]`, `ID[1]`…, with the item as `item` in its templates.
    pub for_each: Option<Value>,
    /// The `with:` parameters before rendering: strings may hold templates.
    pub with: serde_json::Map<String, Value>,
    #[serde(skip)]
    pub span: Option<Span>,
    #[serde(skip)]
    pub param_spans: Vec<(String, Option<Span>)>,
}

impl Step {
    /// The journal id of one item of a `for_each` step.
    pub fn instance_id(&self, index: usize) -> String {
        format!("{}[{index}]", self.id)
    }

    pub fn param_span(&self, name: &str) -> Option<Span> {
        self.own_span(name).or(self.span)
    }

    /// The position recorded under `name` (`when`, a parameter, `needs:ID`, `uses:ID`).
    pub fn own_span(&self, name: &str) -> Option<Span> {
        self.param_spans.iter().find(|(n, _)| n == name).and_then(|(_, s)| *s)
    }
}
