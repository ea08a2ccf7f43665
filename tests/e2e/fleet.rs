//! The fleet-isolation playbook against the emulator: every instance of a tag taken out
//! of its Auto Scaling group and load balancers, protected and isolated, each as its
//! own journaled step instance — and undo putting group membership, target groups,
//! the classic load balancer, interfaces and flags back exactly.

use aws_sdk_ec2::types::InstanceAttributeName;
use cordon_testenv::seed::Fleet;

use crate::helpers::*;

/// Everything the playbook may change, read back through the SDK.
#[derive(Debug, PartialEq)]
pub(crate) struct State {
    pub(crate) asg_members: Vec<String>,
    pub(crate) desired_capacity: Option<i32>,
    pub(crate) targets: Vec<(String, Option<i32>)>,
    pub(crate) classic: Vec<String>,
    /// Per instance: groups of every interface, and termination protection.
    pub(crate) instances: Vec<(String, Vec<Vec<String>>, Option<bool>)>,
}

pub(crate) async fn state(aws: &cordon_aws::Aws, f: &Fleet) -> State {
    let g = aws.autoscaling.describe_auto_scaling_groups().auto_scaling_group_names(&f.asg_name).send().await.unwrap();
    let group = &g.auto_scaling_groups()[0];
    let mut asg_members: Vec<String> =
        group.instances().iter().filter_map(|i| i.instance_id()).map(str::to_string).collect();
    asg_members.sort();
    let h = aws.elbv2.describe_target_health().target_group_arn(&f.target_group_arn).send().await.unwrap();
    let mut targets: Vec<(String, Option<i32>)> = h
        .target_health_descriptions()
        .iter()
        .filter_map(|d| d.target())
        .map(|t| (t.id().unwrap_or_default().to_string(), t.port()))
        .collect();
    targets.sort();
    let lbs = aws.elb.describe_load_balancers().load_balancer_names(&f.classic_lb).send().await.unwrap();
    let mut classic: Vec<String> = lbs.load_balancer_descriptions()[0]
        .instances()
        .iter()
        .filter_map(|i| i.instance_id())
        .map(str::to_string)
        .collect();
    classic.sort();
    let mut instances = Vec::new();
    for id in &f.instance_ids {
        let d = aws.ec2.describe_instances().instance_ids(id).send().await.unwrap();
        let inst = &d.reservations()[0].instances()[0];
        let groups = inst
            .network_interfaces()
            .iter()
            .map(|n| n.groups().iter().filter_map(|g| g.group_id()).map(str::to_string).collect())
            .collect();
        let attr = aws
            .ec2
            .describe_instance_attribute()
            .instance_id(id)
            .attribute(InstanceAttributeName::DisableApiTermination)
            .send()
            .await
            .unwrap();
        instances.push((id.clone(), groups, attr.disable_api_termination().and_then(|v| v.value())));
    }
    State { asg_members, desired_capacity: group.desired_capacity(), targets, classic, instances }
}

#[tokio::test]
async fn fleet_isolation_contains_every_tagged_instance_and_undo_restores_the_fleet() {
    let Some(emu) = emulator() else { return };
    let label = unique("fleet");
    let (aws, web) = seed(&emu.endpoint, &label).await;
    let fleet = cordon_testenv::seed::fleet(&aws, &label, &web).await.unwrap();
    let before = state(&aws, &fleet).await;
    assert_eq!(before.asg_members, fleet.instance_ids);
    assert_eq!(before.targets.len(), 2);
    assert_eq!(before.classic, fleet.instance_ids);

    let case = format!("IR-{label}");
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("fleet-isolation.yaml"), "--case", &case])
        .args(["--set", &format!("tag={}", fleet.tag), "--case-dir"])
        .arg(tmp.path()));
    assert!(out.status.success(), "{}", text(&out));

    let after = state(&aws, &fleet).await;
    assert!(after.asg_members.is_empty(), "out of the Auto Scaling group: {after:?}");
    assert_eq!(after.desired_capacity, Some(0), "nothing launched in their place");
    assert!(after.targets.is_empty() && after.classic.is_empty(), "out of every load balancer: {after:?}");
    let containment = aws
        .ec2
        .describe_security_groups()
        .filters(
            aws_sdk_ec2::types::Filter::builder().name("group-name").values(format!("cordon-isolation-{case}")).build(),
        )
        .send()
        .await
        .unwrap();
    let containment_id = containment.security_groups()[0].group_id().unwrap().to_string();
    for (id, groups, protected) in &after.instances {
        assert!(groups.iter().all(|g| *g == [containment_id.clone()]), "{id} isolated: {groups:?}");
        assert_eq!(*protected, Some(true), "{id} protected");
    }
    // The web host carries no fleet tag: untouched.
    let web_groups = aws.ec2.describe_network_interfaces().network_interface_ids(&web.network_interface_ids[0]).send();
    let web_groups = web_groups.await.unwrap();
    assert_eq!(web_groups.network_interfaces()[0].groups()[0].group_id(), Some(web.web_group_id.as_str()));

    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    for step in ["asg", "lb", "protect", "isolate", "snapshot"] {
        for n in 0..2 {
            assert!(journal.contains(&format!("\"step_id\":\"{step}[{n}]\"")), "{step}[{n}] journaled on its own");
        }
    }
    assert!(verify(tmp.path(), &emu.endpoint).status.success());

    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!(state(&aws, &fleet).await, before, "membership, target groups, load balancer, interfaces, flags");
}

#[tokio::test]
async fn a_selection_that_finds_nothing_stops_the_run_before_any_change() {
    let Some(emu) = emulator() else { return };
    let label = unique("fleet-none");
    let key = access_key(&label);
    let tmp = tempfile::tempdir().unwrap();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--yes", &playbook("fleet-isolation.yaml"), "--case", &format!("IR-{label}")])
        .args(["--set", "tag=fleet=nobody-has-this", "--case-dir"])
        .arg(tmp.path()));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no instance matches tag fleet=nobody-has-this"), "{}", text(&out));
    let journal = std::fs::read_to_string(tmp.path().join("journal.jsonl")).unwrap();
    assert!(!journal.contains("\"mutates\":true"), "no mutating step started");
}

#[tokio::test]
async fn standby_keeps_the_instance_a_protected_member_and_undo_puts_it_back_in_service() {
    let Some(emu) = emulator() else { return };
    let label = unique("standby");
    let (aws, web) = seed(&emu.endpoint, &label).await;
    let fleet = cordon_testenv::seed::fleet(&aws, &label, &web).await.unwrap();
    let id = &fleet.instance_ids[0];
    let member = |aws: cordon_aws::Aws, id: String| async move {
        let out = aws.autoscaling.describe_auto_scaling_instances().instance_ids(&id).send().await.unwrap();
        let i = &out.auto_scaling_instances()[0];
        (i.lifecycle_state().unwrap().to_string(), i.protected_from_scale_in())
    };
    let before = member(aws.clone(), id.clone()).await;
    assert_eq!(before, ("InService".to_string(), Some(false)));
    let tmp = tempfile::tempdir().unwrap();
    let key = access_key(&label);
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--case", &format!("IR-{label}"), "--set", &format!("instance_id={id}"), "--case-dir"])
        .arg(tmp.path())
        .arg(workspace().join("tests/fixtures/playbooks/standby.yaml")));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(member(aws.clone(), id.clone()).await, ("Standby".to_string(), Some(true)));
    let undone = run(cordon(&emu.endpoint, &key).arg("undo").arg(tmp.path()).arg("--yes"));
    assert!(undone.status.success(), "{}", text(&undone));
    assert_eq!(member(aws.clone(), id.clone()).await, before);
}
