//! The step graph: what each step waits for. A step waits for the steps in its
//! `needs:` (or, without `needs:`, for the step before it) and for every step whose
//! outputs its templates use; a step that fails skips the steps that need it or use its
//! outputs. `after:` orders without that: the step waits, then runs whatever the outcome. Unknown ids and cycles are validation errors, so the
//! engine can run every step whose predecessors have finished, concurrently.

use cordon_core::diagnostic::{Code, Span, did_you_mean};

use crate::model::Step;
use crate::validate::Cx;

/// Fills each step's `after` and `gated_by` from `needs:`, the order of the steps and
/// `uses` (per step, the steps whose outputs it uses); reports unknown ids and cycles.
pub(crate) fn link(cx: &mut Cx, steps: &mut [Step], uses: Vec<Vec<(String, Option<Span>)>>) {
    let ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
    for (i, used) in uses.into_iter().enumerate() {
        let step = &steps[i];
        let mut gated_by = Vec::new();
        let mut order_only = Vec::new();
        let named =
            step.needs.iter().flatten().map(|n| ("needs", n)).chain(step.waits_for.iter().map(|n| ("after", n)));
        for (key, need) in named {
            let span = step.param_span(&format!("{key}:{need}"));
            let verb = if key == "needs" { "needs" } else { "waits for" };
            if *need == step.id {
                cx.err(
                    Code::BadNeeds,
                    span,
                    format!("step `{need}` {verb} itself"),
                    Some(format!("remove it from `{key}`")),
                );
            } else if !ids.contains(need) {
                let hint = did_you_mean(need, ids.iter().map(String::as_str))
                    .map(|m| format!("did you mean `{m}`?"))
                    .unwrap_or_else(|| format!("the steps are: {}", ids.join(", ")));
                cx.err(
                    Code::UnknownStep,
                    span,
                    format!("step `{}` {verb} `{need}`, which is not a step", step.id),
                    Some(hint),
                );
            } else if key == "after" {
                order_only.push(need.clone());
            } else if !gated_by.contains(need) {
                gated_by.push(need.clone());
            }
        }
        let mut spans = Vec::new();
        for (u, span) in used {
            spans.push((format!("uses:{u}"), span));
            if ids.contains(&u) && u != step.id && !gated_by.contains(&u) {
                gated_by.push(u);
            }
        }
        steps[i].param_spans.extend(spans);
        let step = &steps[i];
        let mut after = gated_by.clone();
        after.extend(order_only.into_iter().filter(|o| !gated_by.contains(o)));
        after.dedup();
        if step.needs.is_none()
            && let Some(prev) = i.checked_sub(1).map(|p| ids[p].clone())
            && !after.contains(&prev)
        {
            after.insert(0, prev);
        }
        steps[i].after = after;
        steps[i].gated_by = gated_by;
    }
    if let Some(cycle) = find_cycle(steps) {
        let names: Vec<&str> = cycle.iter().map(|&i| steps[i].id.as_str()).collect();
        // Point at why the first step waits for the second; explain waits that are
        // only implied by the order of the steps.
        let (first, second) = (&steps[cycle[0]], names[1]);
        let span = first
            .own_span(&format!("needs:{second}"))
            .or_else(|| first.own_span(&format!("uses:{second}")))
            .or(first.span);
        let implied: Vec<String> = cycle
            .windows(2)
            .filter(|w| steps[w[0]].needs.is_none() && w[0].checked_sub(1) == Some(w[1]))
            .map(|w| {
                format!(
                    "`{}` has no `needs:`, so it waits for `{}`, the step before it",
                    steps[w[0]].id, steps[w[1]].id
                )
            })
            .collect();
        let hint = if implied.is_empty() {
            "a step waits for the steps in its `needs:` and for the steps whose outputs it uses".to_string()
        } else {
            let whom = if implied.len() == 1 { "it" } else { "one of them" };
            format!("{}; give {whom} a `needs:` list, or reorder the steps", implied.join("; "))
        };
        cx.err(
            Code::Cycle,
            span,
            format!("the steps wait for each other in a cycle: {} (→: waits for)", names.join(" → ")),
            Some(hint),
        );
    }
}

/// A cycle in the `after` relation, as step indices from a step back to itself.
fn find_cycle(steps: &[Step]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let index = |id: &str| steps.iter().position(|s| s.id == id);
    let mut marks = vec![Mark::New; steps.len()];
    for root in 0..steps.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (step, next edge to follow).
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Open;
        while let Some(&(node, edge)) = path.last() {
            let Some(id) = steps[node].after.get(edge) else {
                marks[node] = Mark::Done;
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match index(id) {
                Some(n) if marks[n] == Mark::Open => {
                    let from = path.iter().position(|&(p, _)| p == n).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[from..].iter().map(|&(p, _)| p).collect();
                    cycle.push(n);
                    return Some(cycle);
                }
                Some(n) if marks[n] == Mark::New => {
                    marks[n] = Mark::Open;
                    path.push((n, 0));
                }
                _ => {}
            }
        }
    }
    None
}
