//! Read-only checks against AWS, refining a pure plan.

use cordon_core::action::DynAction;
use cordon_core::ids::CaseId;
use cordon_playbook::plan::Plan;
use futures::future::join_all;

/// Runs every step's read-only `check` (concurrently) and records the refined plan
/// or the problem found. Steps whose parameters depend on earlier outputs cannot be
/// checked before those steps run, and keep their pure plan.
pub async fn check_plan<E: ?Sized + Sync>(registry: &[&dyn DynAction<E>], env: &E, case_id: &CaseId, plan: &mut Plan) {
    let checks = plan.steps.iter().map(|step| async move {
        if !step.deferred.is_empty() || step.skipped.is_some() {
            return None;
        }
        let action = crate::find(registry, &step.action)?;
        Some(action.check_value(env, case_id, &step.params).await)
    });
    let results = join_all(checks).await;
    for (step, result) in plan.steps.iter_mut().zip(results) {
        match result {
            Some(Ok(checked)) => step.plan = checked,
            Some(Err(e)) => step.check_error = Some(e.to_string()),
            None => {}
        }
    }
}
