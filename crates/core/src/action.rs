//! The one trait every action implements, and its type-erased form for the registry.
//!
//! An action has a stable dotted name, typed params and a typed receipt (both with a
//! JSON Schema), a doc with an example, the IAM permissions it needs, and four
//! behaviours: `plan` (pure), `check` (read-only AWS calls), `execute` (the only
//! method that may mutate; idempotent) and `undo` (pure: the inverse built from the
//! receipt). The environment `Env` (AWS clients) is opaque to this crate.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ActionError;
use crate::ids::CaseId;
use crate::op::Op;
pub use crate::step::{CallLog, Checkpoint, NoCallLog, Recorded, StepContext};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The human and machine documentation of an action. Docs, `cordon actions list`
/// and IAM policies are generated from these.
#[derive(Debug, Serialize)]
pub struct ActionDoc {
    /// Stable dotted name, e.g. `ec2.isolate_instance`.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// A paragraph: what it does, in which order, what to know.
    pub description: &'static str,
    /// Every AWS operation `check` and `execute` call (constants from [`crate::ops`]),
    /// read-only ones included. Whether the action mutates is derived from these, and
    /// `cargo xtask tidy` checks that every call site in the action's file names one.
    pub operations: &'static [Op],
    /// Permissions AWS checks without a call of their own: `iam:PassRole` when a role is
    /// handed to EC2, `s3:PutObjectRetention` for a `PutObject` with Object Lock headers.
    pub implied: &'static [Op],
    /// The actions an undo of this step may run (their docs: `OtherAction::DOC`). Undo
    /// steps are built with [`UndoStep::to`], and an undo naming anything else is refused.
    #[serde(serialize_with = "doc_names")]
    pub inverse: &'static [&'static ActionDoc],
    /// How the step is undone (or why it cannot be).
    pub undo: &'static str,
    /// An example `with:` block (YAML), checked to validate by the test suite.
    pub example: &'static str,
}

fn doc_names<S: serde::Serializer>(docs: &&'static [&'static ActionDoc], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(docs.iter().map(|d| d.name))
}

impl ActionDoc {
    /// Whether `execute` changes anything in AWS: derived from the declared operations.
    pub fn mutates(&self) -> bool {
        self.operations.iter().any(|o| o.mutates)
    }

    /// Every IAM permission the step needs: its operations and the implied ones.
    pub fn permissions(&self) -> impl Iterator<Item = Op> + '_ {
        self.operations.iter().chain(self.implied).copied()
    }
}

/// One documented output (a top-level field of the receipt).
#[derive(Debug, Clone, Serialize)]
pub struct OutputDoc {
    pub name: String,
    pub description: String,
}

/// One thing a step will change (or would change, in a plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The resource, e.g. `eni-0abc…`.
    pub resource: String,
    /// What happens to it, e.g. `security groups [sg-1, sg-2] -> [cordon-isolation-IR-1]`.
    pub description: String,
}

/// What a step would do: from `plan` (pure) and refined by `check` (read-only AWS).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepPlan {
    pub mutates: bool,
    pub changes: Vec<Change>,
    /// Observations from read-only checks, e.g. `instance i-… is running in vpc-…`.
    pub observations: Vec<String>,
    pub warnings: Vec<String>,
}

impl StepPlan {
    pub fn change(mut self, resource: impl Into<String>, description: impl Into<String>) -> Self {
        self.changes.push(Change { resource: resource.into(), description: description.into() });
        self
    }

    pub fn observe(mut self, observation: impl Into<String>) -> Self {
        self.observations.push(observation.into());
        self
    }

    pub fn warn(mut self, warning: impl Into<String>) -> Self {
        self.warnings.push(warning.into());
        self
    }
}

/// How a completed step is reversed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Undo {
    /// The step changed nothing (read-only, or everything was already in the desired state).
    NothingToUndo,
    /// Run these steps, in order.
    Steps { steps: Vec<UndoStep> },
    /// Cannot or must not be reversed (evidence is never deleted by undo).
    Irreversible { reason: String },
}

impl Undo {
    /// The undo of a step from typed undo steps built out of its receipt: nothing to undo
    /// when there are none; irreversible, with the reason, when a recorded value does not
    /// parse (a receipt edited by hand) rather than a guess.
    pub fn from_steps(steps: Result<Vec<UndoStep>, crate::ids::IdError>) -> Self {
        match steps {
            Ok(steps) if steps.is_empty() => Undo::NothingToUndo,
            Ok(steps) => Undo::Steps { steps },
            Err(e) => Undo::Irreversible { reason: format!("the step's receipt does not parse: {e}") },
        }
    }
}

/// One step of an undo: an action and its parameters. Built from the typed parameters of
/// the inverse action ([`UndoStep::to`]), journaled as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoStep {
    pub action: String,
    pub params: Value,
}

impl UndoStep {
    /// A step of action `A` with its typed parameters.
    pub fn to<A: Action>(params: &A::Params) -> Self {
        Self { action: A::DOC.name.to_string(), params: serde_json::to_value(params).unwrap_or_default() }
    }
}

/// One AWS request made by a step, for the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsCall {
    /// `service:Operation`.
    pub operation: String,
    pub resource: Option<String>,
    pub request_id: Option<String>,
}

/// The typed action trait. Implement this; the registry holds its erased form.
pub trait Action: Send + Sync + 'static {
    /// What `check` and `execute` run against (AWS clients), opaque to core.
    type Env: ?Sized + Sync;
    type Params: DeserializeOwned + Serialize + schemars::JsonSchema + Send + Sync;
    /// Every field of the receipt is a step output (`steps.ID.outputs.FIELD`).
    type Receipt: DeserializeOwned + Serialize + schemars::JsonSchema + Send;

    /// The action's documentation, name and declared relations.
    const DOC: &'static ActionDoc;

    fn doc(&self) -> &'static ActionDoc {
        Self::DOC
    }

    /// Pure: what would change, from the params alone.
    fn plan(&self, params: &Self::Params) -> StepPlan;

    /// Read-only AWS calls (Describe/Get/List): the plan refined by the current state.
    fn check<'a>(
        &'a self,
        env: &'a Self::Env,
        case_id: &'a CaseId,
        params: &'a Self::Params,
    ) -> impl Future<Output = Result<StepPlan, ActionError>> + Send + 'a;

    /// The only method that may mutate. Idempotent: safe to re-run after a crash.
    fn execute<'a>(
        &'a self,
        env: &'a Self::Env,
        ctx: &'a StepContext<'a>,
        params: &'a Self::Params,
    ) -> impl Future<Output = Result<Self::Receipt, ActionError>> + Send + 'a;

    /// Pure: the inverse of a completed step.
    fn undo(&self, params: &Self::Params, receipt: &Self::Receipt) -> Undo;

    /// Pure: the inverse of what an attempt that failed or was interrupted changed, from
    /// the checkpoints it wrote (only called when there are some: every mutating action
    /// checkpoints before its first change, so an attempt without one changed nothing).
    /// By default such a change is reported as not undone, with the reason; an action whose
    /// checkpoints tell the state before (not only its receipt) restores from them.
    fn undo_recorded(&self, _params: &Self::Params, _recorded: &Recorded<'_>) -> Undo {
        Undo::Irreversible {
            reason: format!(
                "the step did not complete and {} cannot tell from its checkpoints what it had changed: \
                 check the resources in its intent",
                Self::DOC.name
            ),
        }
    }

    /// Pure: what a completed step actually changed, before -> after, from its receipt
    /// (journaled with the outcome and shown in the report). Read-only actions change nothing.
    fn changes(&self, _receipt: &Self::Receipt) -> Vec<Change> {
        Vec::new()
    }
}

/// The part of an action that needs no environment: used by validation, docs and schema.
pub trait ActionSpec: Send + Sync {
    fn doc(&self) -> &'static ActionDoc;
    /// JSON Schema of the `with:` parameters.
    fn params_schema(&self) -> Value;
    /// JSON Schema of the receipt (the step's outputs).
    fn receipt_schema(&self) -> Value;
    /// Checks rendered parameters against the typed params.
    fn check_params(&self, params: &Value) -> Result<(), String>;
    /// Pure plan from rendered parameters.
    fn plan_value(&self, params: &Value) -> Result<StepPlan, String>;
    /// Pure undo from rendered parameters and the receipt recorded in the journal.
    fn undo_value(&self, params: &Value, receipt: &Value) -> Result<Undo, String>;
    /// The undo of an attempt that did not complete, from its checkpoints.
    fn undo_recorded_value(&self, params: &Value, checkpoints: &[Value]) -> Result<Undo, String>;
    /// What a completed step changed, from the receipt recorded in the journal.
    fn changes_value(&self, receipt: &Value) -> Result<Vec<Change>, String>;

    /// Parameter names with whether they are required and their description.
    fn params(&self) -> Vec<ParamDoc> {
        schema_fields(&self.params_schema())
    }

    /// Output names with their description.
    fn outputs(&self) -> Vec<OutputDoc> {
        schema_fields(&self.receipt_schema())
            .into_iter()
            .map(|p| OutputDoc { name: p.name, description: p.description })
            .collect()
    }
}

/// The erased action the registry holds: params and receipts travel as JSON.
pub trait DynAction<E: ?Sized>: ActionSpec {
    fn check_value<'a>(
        &'a self,
        env: &'a E,
        case_id: &'a CaseId,
        params: &'a Value,
    ) -> BoxFuture<'a, Result<StepPlan, ActionError>>;
    fn execute_value<'a>(
        &'a self,
        env: &'a E,
        ctx: &'a StepContext<'a>,
        params: &'a Value,
    ) -> BoxFuture<'a, Result<Value, ActionError>>;
}

/// A parameter of an action, read from its params schema.
#[derive(Debug, Clone, Serialize)]
pub struct ParamDoc {
    pub name: String,
    pub required: bool,
    pub description: String,
}

fn schema_fields(schema: &Value) -> Vec<ParamDoc> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, p)| ParamDoc {
                    name: name.clone(),
                    required: required.contains(&name.as_str()),
                    description: p.get("description").and_then(Value::as_str).unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `undo`, refused when it names an action `doc` does not declare as an inverse.
fn declared_inverses(doc: &ActionDoc, undo: Undo) -> Result<Undo, String> {
    if let Undo::Steps { steps } = &undo
        && let Some(s) = steps.iter().find(|s| !doc.inverse.iter().any(|d| d.name == s.action))
    {
        return Err(format!("its undo names {}, which {} does not declare as an inverse", s.action, doc.name));
    }
    Ok(undo)
}

fn parse<P: DeserializeOwned>(params: &Value) -> Result<P, String> {
    serde_json::from_value(params.clone()).map_err(|e| e.to_string())
}

fn invalid_params(e: String) -> ActionError {
    ActionError::invalid(format!("invalid parameters: {e}"))
}

impl<A: Action> ActionSpec for A {
    fn doc(&self) -> &'static ActionDoc {
        Action::doc(self)
    }
    fn params_schema(&self) -> Value {
        schemars::schema_for!(A::Params).to_value()
    }
    fn receipt_schema(&self) -> Value {
        schemars::schema_for!(A::Receipt).to_value()
    }
    fn check_params(&self, params: &Value) -> Result<(), String> {
        parse::<A::Params>(params).map(|_| ())
    }
    fn plan_value(&self, params: &Value) -> Result<StepPlan, String> {
        Ok(self.plan(&parse::<A::Params>(params)?))
    }
    fn undo_value(&self, params: &Value, receipt: &Value) -> Result<Undo, String> {
        let p = parse::<A::Params>(params)?;
        let r = parse::<A::Receipt>(receipt).map_err(|e| format!("receipt: {e}"))?;
        declared_inverses(Action::doc(self), self.undo(&p, &r))
    }
    fn undo_recorded_value(&self, params: &Value, checkpoints: &[Value]) -> Result<Undo, String> {
        let p = parse::<A::Params>(params)?;
        declared_inverses(Action::doc(self), self.undo_recorded(&p, &Recorded(checkpoints)))
    }
    fn changes_value(&self, receipt: &Value) -> Result<Vec<Change>, String> {
        Ok(self.changes(&parse::<A::Receipt>(receipt).map_err(|e| format!("receipt: {e}"))?))
    }
}

impl<A: Action> DynAction<A::Env> for A {
    fn check_value<'a>(
        &'a self,
        env: &'a A::Env,
        case_id: &'a CaseId,
        params: &'a Value,
    ) -> BoxFuture<'a, Result<StepPlan, ActionError>> {
        Box::pin(async move {
            let p = parse::<A::Params>(params).map_err(invalid_params)?;
            self.check(env, case_id, &p).await
        })
    }

    fn execute_value<'a>(
        &'a self,
        env: &'a A::Env,
        ctx: &'a StepContext<'a>,
        params: &'a Value,
    ) -> BoxFuture<'a, Result<Value, ActionError>> {
        Box::pin(async move {
            let p = parse::<A::Params>(params).map_err(invalid_params)?;
            let receipt = self.execute(env, ctx, &p).await?;
            serde_json::to_value(receipt)
                .map_err(|e| ActionError::new(crate::ErrorKind::Other, format!("receipt not serializable: {e}")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::{ArtifactMeta, ArtifactRecord, ArtifactSink};
    use crate::clock::FixedClock;
    use crate::journal::{Entry, Event, JournalError, JournalSink};
    use serde_json::json;

    struct Nowhere;

    impl ArtifactSink for Nowhere {
        fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
            Err(ActionError::invalid("no store"))
        }
    }

    impl JournalSink for Nowhere {
        fn append(&self, event: Event) -> Result<Entry, JournalError> {
            Ok(Entry { seq: 0, time: String::new(), prev: String::new(), event })
        }
    }

    #[test]
    fn recalls_the_newest_checkpoint_of_a_key_and_tells_null_from_absent() {
        let case = CaseId::new("IR-1").unwrap_or_else(|e| panic!("{e}"));
        let clock = FixedClock::new("2026-01-01T00:00:00Z".parse().unwrap_or_else(|e| panic!("{e}")), 1);
        const BEFORE: Checkpoint<Option<String>> = Checkpoint::new("before");
        const BEFORE_VALUE: Checkpoint<String> = Checkpoint::new("before");
        const OTHER: Checkpoint<u32> = Checkpoint::new("other");
        const MISSING: Checkpoint<u32> = Checkpoint::new("missing");
        let prior = vec![json!({"before": null}), json!({"other": 1}), json!({"before": "sg-1"})];
        let ctx = StepContext::new(&case, "s", "a", &clock, &Nowhere).with_journal(&Nowhere, 1, prior);
        assert_eq!(ctx.recall(&BEFORE), Some(Some("sg-1".to_string())), "the newest wins");
        assert_eq!(ctx.recall_all(&BEFORE), [None, Some("sg-1".to_string())], "oldest first");
        assert_eq!(ctx.recall(&OTHER), Some(1));
        assert_eq!(ctx.recall(&MISSING), None);
        let first_only = StepContext::new(&case, "s", "a", &clock, &Nowhere).with_journal(
            &Nowhere,
            1,
            vec![json!({"before": null})],
        );
        assert_eq!(first_only.recall(&BEFORE), Some(None), "recorded as nothing");
        assert_eq!(first_only.remember_now(&BEFORE, Some("sg-2".into())).ok(), Some(None), "the recalled value wins");
        assert_eq!(ctx.remember_now(&MISSING, 7).ok(), Some(7), "else the value in hand, saved");
        assert_eq!(first_only.recall(&BEFORE_VALUE), None, "a null is not a value");
    }
}
