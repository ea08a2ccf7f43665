//! Runs killed at several points resume without repeating completed work, end in the
//! same AWS state as an uninterrupted run, keep a valid journal, and still undo exactly.

use aws_sdk_ec2::types::Filter;
use cordon_core::journal::{self, Event, StepStatus};

use crate::helpers::*;

fn journal_of(dir: &std::path::Path) -> Vec<journal::Entry> {
    let checked = journal::check(&std::fs::read_to_string(dir.join("journal.jsonl")).unwrap());
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    checked.entries
}

/// Succeeded step outcomes of run 1, in order.
fn completed(entries: &[journal::Entry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| match &e.event {
            Event::StepOutcome { run: 1, step_id, status: StepStatus::Succeeded, .. } => Some(step_id.clone()),
            _ => None,
        })
        .collect()
}

/// Whether the binary has the crash hook (the `testing` feature, which `cargo xtask
/// test` turns on); without it the crash tests are skipped with a line.
fn crash_hook() -> bool {
    if !cfg!(feature = "testing") {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "e2e: crash tests skipped, cordon built without the testing feature (`cargo xtask test` has it)"
        );
    }
    cfg!(feature = "testing")
}

fn seq_of(entries: &[journal::Entry], pred: impl Fn(&Event) -> bool) -> u64 {
    entries.iter().find(|e| pred(&e.event)).map(|e| e.seq).expect("event present")
}

#[tokio::test]
async fn a_run_killed_anywhere_resumes_to_the_same_end() {
    if !crash_hook() {
        return;
    }
    let Some(emu) = emulator() else { return };
    let run_cmd = |label: &str, instance: &str, dir: &std::path::Path, parallel: &str| {
        let mut c = cordon(&emu.endpoint, &access_key(label));
        c.args(["run", "--yes", "--max-parallel", parallel, &playbook("ec2-compromise.yaml"), "--case"])
            .arg(format!("IR-{label}"))
            .arg("--set")
            .arg(format!("instance_id={instance}"))
            .arg("--case-dir")
            .arg(dir);
        c
    };

    // An uninterrupted run: the reference.
    let base_label = unique("resume-base");
    let (_, base) = seed(&emu.endpoint, &base_label).await;
    let base_dir = tempfile::tempdir().unwrap();
    // One step at a time, so that the kill points below are the same events in every
    // run; the last point kills a concurrent run (snapshot and isolate in flight
    // together), wherever that lands. Resumed runs use the default concurrency.
    assert!(run(&mut run_cmd(&base_label, &base.instance_id, base_dir.path(), "1")).status.success());
    let reference = journal_of(base_dir.path());
    let mut steps = completed(&reference);
    steps.sort();
    assert_eq!(steps, ["asg", "capture", "findings", "isolate", "lb", "profile", "protect", "snapshot"]);

    let second_artifact =
        reference.iter().filter(|e| matches!(e.event, Event::ArtifactStored { .. })).nth(1).unwrap().seq;
    let points = [
        ("mid-capture", second_artifact),
        (
            "before the isolation checkpoint",
            seq_of(&reference, |e| matches!(e, Event::StepCheckpoint { step_id, .. } if step_id == "isolate")),
        ),
        (
            "isolated but unrecorded",
            seq_of(&reference, |e| matches!(e, Event::StepOutcome { step_id, .. } if step_id == "isolate")),
        ),
        (
            "snapshots started but unrecorded",
            seq_of(&reference, |e| matches!(e, Event::StepOutcome { step_id, .. } if step_id == "snapshot")),
        ),
        (
            "concurrent steps in flight",
            seq_of(&reference, |e| matches!(e, Event::StepIntent { step_id, .. } if step_id == "isolate")) + 2,
        ),
    ];
    for (what, at) in points {
        let parallel = if what.starts_with("concurrent") { "4" } else { "1" };
        let label = unique("resume");
        let (aws, seeded) = seed(&emu.endpoint, &label).await;
        let dir = tempfile::tempdir().unwrap();
        let killed = run(run_cmd(&label, &seeded.instance_id, dir.path(), parallel)
            .env("CORDON_FAULT_ABORT_BEFORE_ENTRY", at.to_string()));
        assert_eq!(killed.status.code(), None, "{what}: killed by a signal: {}", text(&killed));
        let before_resume = completed(&journal_of(dir.path()));
        assert!(before_resume.len() < steps.len(), "{what}: the run was cut short");

        let resumed = run(cordon(&emu.endpoint, &access_key(&label)).args(["resume", "--yes"]).arg(dir.path()));
        assert!(resumed.status.success(), "{what}: {}", text(&resumed));

        // The same end as the uninterrupted run: each step succeeded exactly once...
        let entries = journal_of(dir.path());
        let mut done = completed(&entries);
        done.sort();
        assert_eq!(done, steps, "{what}: steps completed once each");
        assert!(entries.iter().any(
            |e| matches!(&e.event, Event::RunResumed { completed_steps, .. } if *completed_steps == before_resume)
        ));
        assert!(verify(dir.path(), &emu.endpoint).status.success(), "{what}: evidence verifies");
        // ...every interface isolated, and exactly one snapshot per volume.
        for eni in &seeded.network_interface_ids {
            let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
            let groups: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_name()).collect();
            assert_eq!(groups, [format!("cordon-isolation-IR-{label}")], "{what}: {eni}");
        }
        let snaps = aws
            .ec2
            .describe_snapshots()
            .filters(Filter::builder().name("tag:cordon:case").values(format!("IR-{label}")).build())
            .send()
            .await
            .unwrap();
        assert_eq!(snaps.snapshots().len(), seeded.volume_ids.len(), "{what}: no duplicate snapshots");

        // The original groups survived the crash: undo puts them back.
        let undone = run(cordon(&emu.endpoint, &access_key(&label)).arg("undo").arg(dir.path()).arg("--yes"));
        assert!(undone.status.success(), "{what}: {}", text(&undone));
        for eni in &seeded.network_interface_ids {
            let d = aws.ec2.describe_network_interfaces().network_interface_ids(eni).send().await.unwrap();
            let groups: Vec<&str> = d.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).collect();
            assert_eq!(groups, [seeded.web_group_id.as_str()], "{what}: {eni} restored to its original group");
        }
    }
}

#[tokio::test]
async fn a_finished_run_has_nothing_to_resume_and_a_changed_playbook_is_refused() {
    if !crash_hook() {
        return;
    }
    let Some(emu) = emulator() else { return };
    let label = unique("resume-edge");
    let (_, seeded) = seed(&emu.endpoint, &label).await;
    let dir = tempfile::tempdir().unwrap();
    let pb_dir = tempfile::tempdir().unwrap();
    let pb = pb_dir.path().join("pb.yaml");
    std::fs::copy(playbook("ec2-compromise.yaml"), &pb).unwrap();
    let key = access_key(&label);
    let killed = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", pb.to_str().unwrap(), "--case", "IR-EDGE", "--set"])
        .arg(format!("instance_id={}", seeded.instance_id))
        .arg("--case-dir")
        .arg(dir.path())
        .env("CORDON_FAULT_ABORT_BEFORE_ENTRY", "8"));
    assert_eq!(killed.status.code(), None);
    std::fs::write(&pb, std::fs::read_to_string(&pb).unwrap().replace("Contain a compromised", "Contain an")).unwrap();
    let refused = run(cordon(&emu.endpoint, &key).args(["resume", "--yes"]).arg(dir.path()));
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused).contains("the playbook changed since run 1 started"), "{}", text(&refused));
    let resumed = run(cordon(&emu.endpoint, &key)
        .args(["resume", "--yes"])
        .arg(dir.path())
        .arg("--playbook")
        .arg(playbook("ec2-compromise.yaml")));
    assert!(resumed.status.success(), "{}", text(&resumed));
    let again = run(cordon(&emu.endpoint, &key).args(["resume", "--yes"]).arg(dir.path()));
    assert!(again.status.success() && text(&again).contains("nothing to resume"), "{}", text(&again));
}
