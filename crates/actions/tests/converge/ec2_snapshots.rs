//! Snapshots on a mocked EC2 and KMS that keep them: taken once however often the step
//! runs, copies and grants reused on a re-run, and sharing undone even when the step
//! failed half-way.

use std::collections::{BTreeMap, BTreeSet};

use crate::*;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::operation::copy_snapshot::CopySnapshotOutput;
use aws_sdk_ec2::operation::create_snapshots::CreateSnapshotsOutput;
use aws_sdk_ec2::operation::create_tags::CreateTagsOutput;
use aws_sdk_ec2::operation::describe_snapshots::DescribeSnapshotsOutput;
use aws_sdk_ec2::operation::modify_snapshot_attribute::{ModifySnapshotAttributeError, ModifySnapshotAttributeOutput};
use aws_sdk_ec2::types::{OperationType, Snapshot, SnapshotInfo, SnapshotState, Tag};
use aws_sdk_kms::operation::create_grant::CreateGrantOutput;
use aws_sdk_kms::operation::revoke_grant::{RevokeGrantError, RevokeGrantOutput};
use cordon_actions::ec2::share_snapshots::Params as Share;
use cordon_actions::ec2::snapshot_volumes::Params as Snap;
use cordon_actions::ec2::unshare_snapshots::Params as Unshare;
use cordon_actions::{ShareSnapshots, SnapshotVolumes, UnshareSnapshots};
use cordon_core::action::Recorded;

#[derive(Default)]
struct State {
    /// id -> (volume, tags, encrypted)
    snapshots: BTreeMap<String, (String, BTreeMap<String, String>, bool)>,
    /// (snapshot, account) create-volume permissions
    shared: BTreeSet<(String, String)>,
    /// grant name -> grant id, of live grants
    grants: BTreeMap<String, String>,
    /// Snapshots whose permission change is refused.
    refuse: BTreeSet<String>,
}

type World = Arc<Mutex<State>>;

fn sdk(id: &str, (volume, tags, encrypted): &(String, BTreeMap<String, String>, bool)) -> Snapshot {
    let tags = tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build());
    Snapshot::builder()
        .snapshot_id(id)
        .volume_id(volume)
        .encrypted(*encrypted)
        .state(SnapshotState::Completed)
        .set_tags(Some(tags.collect()))
        .build()
}

/// The tags a request asks its new resources to carry.
fn tags_of(specs: &[aws_sdk_ec2::types::TagSpecification]) -> BTreeMap<String, String> {
    let tags = specs.iter().flat_map(|t| t.tags());
    tags.filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string()))).collect()
}

/// The `tag:KEY=VALUE` filters of a Describe request.
fn tag_filters(filters: &[aws_sdk_ec2::types::Filter]) -> Vec<(String, String)> {
    filters
        .iter()
        .filter_map(|f| Some((f.name()?.strip_prefix("tag:")?.to_string(), f.values().first()?.clone())))
        .collect()
}

fn mocked(w: &World) -> (Aws, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
    let s = w.clone();
    let create = mock!(Client::create_snapshots).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let tags = tags_of(req.tag_specifications());
        let mut infos = Vec::new();
        for vol in ["vol-0000000000000000a", "vol-0000000000000000b"] {
            let id = format!("snap-{:017x}", st.snapshots.len() + 1);
            st.snapshots.insert(id.clone(), (vol.to_string(), tags.clone(), true));
            infos.push(SnapshotInfo::builder().snapshot_id(id).volume_id(vol).build());
        }
        CreateSnapshotsOutput::builder().set_snapshots(Some(infos)).build()
    });
    let s = w.clone();
    let tag = mock!(Client::create_tags).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        for r in req.resources() {
            if let Some(snap) = st.snapshots.get_mut(r) {
                for t in req.tags() {
                    snap.1.insert(t.key().unwrap_or_default().into(), t.value().unwrap_or_default().into());
                }
            }
        }
        CreateTagsOutput::builder().build()
    });
    let s = w.clone();
    let describe = mock!(Client::describe_snapshots).then_compute_output(move |req| {
        let st = s.lock().unwrap();
        let wanted = tag_filters(req.filters());
        let found = st.snapshots.iter().filter(|(id, snap)| {
            (req.snapshot_ids().is_empty() || req.snapshot_ids().contains(id))
                && wanted.iter().all(|(k, v)| snap.1.get(k) == Some(v))
        });
        DescribeSnapshotsOutput::builder().set_snapshots(Some(found.map(|(id, s)| sdk(id, s)).collect())).build()
    });
    let s = w.clone();
    let copy = mock!(Client::copy_snapshot).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let id = format!("snap-{:017x}", st.snapshots.len() + 1);
        let tags = tags_of(req.tag_specifications());
        st.snapshots.insert(id.clone(), ("vol-ffffffff".into(), tags, true));
        CopySnapshotOutput::builder().snapshot_id(id).build()
    });
    let s = w.clone();
    let refused = mock!(Client::modify_snapshot_attribute)
        .match_requests(move |r| s.lock().unwrap().refuse.contains(r.snapshot_id().unwrap_or_default()))
        .then_error(|| {
            ModifySnapshotAttributeError::generic(
                aws_sdk_ec2::error::ErrorMetadata::builder().code("Throttling").build(),
            )
        });
    let s = w.clone();
    let permission = mock!(Client::modify_snapshot_attribute).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let snap = req.snapshot_id().unwrap_or_default().to_string();
        for account in req.user_ids() {
            let entry = (snap.clone(), account.clone());
            if req.operation_type() == Some(&OperationType::Add) {
                st.shared.insert(entry);
            } else {
                st.shared.remove(&entry);
            }
        }
        ModifySnapshotAttributeOutput::builder().build()
    });
    let s = w.clone();
    let grant = mock!(aws_sdk_kms::Client::create_grant).then_compute_output(move |req| {
        // Named grants are idempotent: the same name gives the same grant back.
        let mut st = s.lock().unwrap();
        let name = req.name().unwrap_or_default().to_string();
        let n = st.grants.len();
        let id = st.grants.entry(name).or_insert_with(|| format!("grant-{n}")).clone();
        CreateGrantOutput::builder().grant_id(id).build()
    });
    let (s1, s2) = (w.clone(), w.clone());
    let gone = mock!(aws_sdk_kms::Client::revoke_grant)
        .match_requests(move |r| !s1.lock().unwrap().grants.values().any(|g| Some(g.as_str()) == r.grant_id()))
        .then_error(|| {
            RevokeGrantError::generic(aws_sdk_kms::error::ErrorMetadata::builder().code("NotFoundException").build())
        });
    let revoke = mock!(aws_sdk_kms::Client::revoke_grant).then_compute_output(move |req| {
        s2.lock().unwrap().grants.retain(|_, g| Some(g.as_str()) != req.grant_id());
        RevokeGrantOutput::builder().build()
    });
    let mut aws = aws();
    aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&create, &tag, &describe, &copy, &refused, &permission]);
    aws.kms = mock_client!(aws_sdk_kms, RuleMode::MatchAny, [&grant, &gone, &revoke]);
    (aws, create, copy, grant)
}

#[tokio::test(start_paused = true)]
async fn snapshots_are_taken_once_whatever_reruns_and_crashes() {
    let w: World = Arc::default();
    let (aws, create, _, _) = mocked(&w);
    let params: Snap = serde_json::from_value(serde_json::json!({"instance_id": "i-0123456789abcdef0"})).unwrap();
    let (first, checkpoints) = execute(&SnapshotVolumes, &aws, &params, Vec::new()).await;
    assert_eq!(first.snapshot_ids.len(), 2);
    assert!(!first.reused);
    let tags = w.lock().unwrap().snapshots[&first.snapshot_ids[0]].1.clone();
    assert_eq!(tags.get("cordon:case").map(String::as_str), Some("IR-1"));
    assert!(tags.contains_key("cordon:source-volume"), "each snapshot names its volume");
    let (again, _) = execute(&SnapshotVolumes, &aws, &params, checkpoints).await;
    assert_eq!(create.num_calls(), 1, "no second set of snapshots");
    assert!(again.reused && again.snapshot_ids == first.snapshot_ids);
    assert!(matches!(SnapshotVolumes.undo(&params, &again), Undo::Irreversible { .. }), "evidence is kept");
}

fn share(ids: &[String]) -> Share {
    serde_json::from_value(serde_json::json!({
        "snapshot_ids": ids,
        "share_with_account": "111122223333",
        "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    }))
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn sharing_reuses_copies_and_grants_and_undo_unshares_all_of_it_twice_over() {
    let w: World = Arc::default();
    let (aws, _, copy, grant) = mocked(&w);
    let params: Snap = serde_json::from_value(serde_json::json!({"instance_id": "i-0123456789abcdef0"})).unwrap();
    let (snaps, _) = execute(&SnapshotVolumes, &aws, &params, Vec::new()).await;
    let p = share(&snaps.snapshot_ids);
    let (first, _) = execute(&ShareSnapshots, &aws, &p, Vec::new()).await;
    assert_eq!(copy.num_calls(), 2, "encrypted: shared as re-encrypted copies");
    assert_eq!(w.lock().unwrap().shared.len(), 2);
    let (again, _) = execute(&ShareSnapshots, &aws, &p, Vec::new()).await;
    assert_eq!(copy.num_calls(), 2, "the copies are reused");
    assert_eq!(again.grant_id, first.grant_id, "the same grant");
    assert_eq!(w.lock().unwrap().grants.len(), 1);
    assert_eq!(grant.num_calls(), 2);
    // Undo, and undo again after a crash: nothing shared, the grant gone, no error.
    let Undo::Steps { steps } = ShareSnapshots.undo(&p, &again) else { panic!("undo unshares") };
    let unshare: Unshare = serde_json::from_value(steps[0].params.clone()).unwrap();
    execute(&UnshareSnapshots, &aws, &unshare, Vec::new()).await;
    execute(&UnshareSnapshots, &aws, &unshare, Vec::new()).await;
    let st = w.lock().unwrap();
    assert!(st.shared.is_empty() && st.grants.is_empty(), "{:?} {:?}", st.shared, st.grants);
}

#[tokio::test(start_paused = true)]
async fn a_share_that_fails_half_way_is_unshared_from_its_checkpoint() {
    let w: World = Arc::default();
    let (aws, _, _, _) = mocked(&w);
    let params: Snap = serde_json::from_value(serde_json::json!({"instance_id": "i-0123456789abcdef0"})).unwrap();
    let (snaps, _) = execute(&SnapshotVolumes, &aws, &params, Vec::new()).await;
    let p = share(&snaps.snapshot_ids);
    // The second copy's permission change is refused: the first copy is already shared.
    w.lock().unwrap().refuse.insert("snap-00000000000000004".into());
    let (result, checkpoints) = try_execute(&ShareSnapshots, &aws, &p, Vec::new(), Vec::new()).await;
    assert!(result.is_err());
    assert_eq!(w.lock().unwrap().shared.len(), 1, "half shared");
    let Undo::Steps { steps } = ShareSnapshots.undo_recorded(&p, &Recorded(&checkpoints)) else {
        panic!("undo from the checkpoint")
    };
    let unshare: Unshare = serde_json::from_value(steps[0].params.clone()).unwrap();
    assert!(unshare.grant_id.is_some(), "the grant is recorded too");
    w.lock().unwrap().refuse.clear();
    execute(&UnshareSnapshots, &aws, &unshare, Vec::new()).await;
    let st = w.lock().unwrap();
    assert!(st.shared.is_empty() && st.grants.is_empty());
}

/// The forensic account, on its own mocked EC2: its copies (id -> (source, tags, key)),
/// and the sources whose copy fails (a crash between two copies).
#[derive(Default)]
struct Lab {
    copies: BTreeMap<String, (String, BTreeMap<String, String>, String)>,
    fail: BTreeSet<String>,
}

const FORENSIC_ROLE: &str = "arn:aws:iam::999999999999:role/ForensicCopier";
const FORENSIC_KEY: &str = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// The affected account's EC2 (the case's snapshots, shared as `shared` says) and the
/// forensic account's, reached only through the role session the action asks for.
fn two_accounts(snaps: &[(&str, &str)], shared: &[&str], lab: &Arc<Mutex<Lab>>) -> (Aws, aws_smithy_mocks::Rule) {
    use aws_sdk_ec2::operation::describe_snapshot_attribute::DescribeSnapshotAttributeOutput;
    use aws_sdk_ec2::types::CreateVolumePermission;
    let snaps: Vec<Snapshot> = snaps
        .iter()
        .map(|(id, case)| {
            Snapshot::builder()
                .snapshot_id(*id)
                .owner_id("123456789012")
                .state(SnapshotState::Completed)
                .tags(Tag::builder().key("cordon:case").value(*case).build())
                .build()
        })
        .collect();
    let describe = mock!(Client::describe_snapshots).then_compute_output(move |req| {
        let found = snaps.iter().filter(|s| req.snapshot_ids().iter().any(|i| Some(i.as_str()) == s.snapshot_id()));
        DescribeSnapshotsOutput::builder().set_snapshots(Some(found.cloned().collect())).build()
    });
    let shared: BTreeSet<String> = shared.iter().map(|s| s.to_string()).collect();
    let attribute = mock!(Client::describe_snapshot_attribute).then_compute_output(move |req| {
        let id = req.snapshot_id().unwrap_or_default();
        let users = shared.contains(id).then(|| CreateVolumePermission::builder().user_id("999999999999").build());
        DescribeSnapshotAttributeOutput::builder()
            .set_create_volume_permissions(Some(users.into_iter().collect()))
            .build()
    });
    let l = lab.clone();
    let lab_describe = mock!(Client::describe_snapshots).then_compute_output(move |req| {
        let st = l.lock().unwrap();
        let wanted = tag_filters(req.filters());
        let found = st.copies.iter().filter(|(id, (_, tags, _))| {
            (req.snapshot_ids().is_empty() || req.snapshot_ids().contains(id))
                && wanted.iter().all(|(k, v)| tags.get(k) == Some(v))
        });
        let found = found.map(|(id, (_, tags, key))| {
            let tags = tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build());
            Snapshot::builder()
                .snapshot_id(id)
                .owner_id("999999999999")
                .encrypted(true)
                .kms_key_id(key)
                .state(SnapshotState::Completed)
                .set_tags(Some(tags.collect()))
                .build()
        });
        DescribeSnapshotsOutput::builder().set_snapshots(Some(found.collect())).build()
    });
    let l = lab.clone();
    let failing = mock!(Client::copy_snapshot)
        .match_requests(move |r| l.lock().unwrap().fail.contains(r.source_snapshot_id().unwrap_or_default()))
        .then_error(|| {
            aws_sdk_ec2::operation::copy_snapshot::CopySnapshotError::generic(
                aws_sdk_ec2::error::ErrorMetadata::builder().code("InternalError").build(),
            )
        });
    let l = lab.clone();
    let copy = mock!(Client::copy_snapshot).then_compute_output(move |req| {
        let mut st = l.lock().unwrap();
        let id = format!("snap-f{:016x}", st.copies.len() + 1);
        let tags = tags_of(req.tag_specifications());
        let source = req.source_snapshot_id().unwrap_or_default().to_string();
        st.copies.insert(id.clone(), (source, tags, req.kms_key_id().unwrap_or_default().to_string()));
        CopySnapshotOutput::builder().snapshot_id(id).build()
    });
    let mut forensic = aws();
    forensic.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&lab_describe, &failing, &copy]);
    let mut affected = aws();
    affected.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &attribute]);
    let sessions = cordon_aws::RoleSessions(Arc::new(move |req, _region| {
        assert_eq!(req.role_arn, FORENSIC_ROLE, "only the forensic role is assumed");
        assert_eq!(req.session_name, "cordon-IR-1-forensic");
        let role = cordon_core::journal::AssumedRole {
            role_arn: req.role_arn.clone(),
            session_name: req.session_name.clone(),
            external_id: req.external_id.is_some(),
            access_key_id: Some("ASIAFORENSIC0000001".into()),
        };
        Ok((forensic.clone(), role))
    }));
    (affected.with_role_sessions(sessions), copy)
}

fn forensic_copy(ids: &[&str]) -> cordon_actions::ec2::copy_snapshots_to_account::Params {
    serde_json::from_value(serde_json::json!({
        "snapshot_ids": ids, "role_arn": FORENSIC_ROLE, "kms_key_id": FORENSIC_KEY,
    }))
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn forensic_copies_are_made_once_by_the_forensic_account_whatever_reruns_and_crashes() {
    use cordon_actions::CopySnapshotsToAccount;
    let lab: Arc<Mutex<Lab>> = Arc::default();
    let ids = ["snap-0000000000000000a", "snap-0000000000000000b"];
    let (aws, copy) = two_accounts(&[(ids[0], "IR-1"), (ids[1], "IR-1")], &ids, &lab);
    let p = forensic_copy(&ids);
    // A crash between the two copies: the first is made, the second fails.
    lab.lock().unwrap().fail.insert(ids[1].into());
    let (failed, prior) = try_execute(&CopySnapshotsToAccount, &aws, &p, Vec::new(), Vec::new()).await;
    assert!(failed.is_err(), "the second copy failed");
    assert_eq!(lab.lock().unwrap().copies.len(), 1);
    assert_eq!(prior.len(), 1, "the first copy checkpointed");
    // The re-run reuses the first copy and makes only the second.
    lab.lock().unwrap().fail.clear();
    let (first, _) = execute(&CopySnapshotsToAccount, &aws, &p, prior).await;
    assert_eq!(copy.num_calls(), 2, "one copy per snapshot, none twice");
    // And a re-run of the whole step (no checkpoints: a new run) finds them by tag.
    let (again, _) = execute(&CopySnapshotsToAccount, &aws, &p, Vec::new()).await;
    assert_eq!(copy.num_calls(), 2, "the copies are found by their tags");
    assert_eq!(again.snapshot_ids, first.snapshot_ids);
    let st = lab.lock().unwrap();
    assert_eq!(st.copies.len(), 2);
    for c in &first.copies {
        let (source, tags, key) = &st.copies[&c.snapshot_id];
        assert_eq!((source, key.as_str()), (&c.source_snapshot_id, FORENSIC_KEY), "under the forensic key");
        assert_eq!(tags.get("cordon:case").map(String::as_str), Some("IR-1"));
        assert_eq!(tags.get("cordon:source-account").map(String::as_str), Some("123456789012"));
        assert_eq!((c.source_account.as_str(), c.forensic_account.as_str()), ("123456789012", "999999999999"));
    }
    assert_eq!(first.access_key_id.as_deref(), Some("ASIAFORENSIC0000001"), "the session is recorded");
    assert!(matches!(CopySnapshotsToAccount.undo(&p, &first), Undo::Irreversible { .. }), "the copies are kept");
}

#[tokio::test(start_paused = true)]
async fn forensic_copy_refuses_snapshots_not_the_cases_or_not_shared() {
    use cordon_actions::CopySnapshotsToAccount;
    let lab: Arc<Mutex<Lab>> = Arc::default();
    let (ours, planted, unshared) = ("snap-0000000000000000a", "snap-0000000000000000c", "snap-0000000000000000d");
    let (aws, copy) = two_accounts(&[(ours, "IR-1"), (planted, "IR-9"), (unshared, "IR-1")], &[ours, planted], &lab);
    for (bad, why) in [(planted, "no cordon:case"), (unshared, "not shared")] {
        let (out, _) =
            try_execute(&CopySnapshotsToAccount, &aws, &forensic_copy(&[ours, bad]), Vec::new(), Vec::new()).await;
        let err = out.err().unwrap_or_else(|| panic!("{bad} accepted"));
        assert!(err.to_string().contains(bad), "{why}: the error names the snapshot: {err}");
    }
    assert_eq!(copy.num_calls(), 0, "nothing is copied when any source is refused");
    assert!(lab.lock().unwrap().copies.is_empty());
}
