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

fn mocked(w: &World) -> (Aws, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
    let s = w.clone();
    let create = mock!(Client::create_snapshots).then_compute_output(move |req| {
        let mut st = s.lock().unwrap();
        let tags: BTreeMap<String, String> = req
            .tag_specifications()
            .iter()
            .flat_map(|t| t.tags())
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect();
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
        let wanted: Vec<(String, String)> = req
            .filters()
            .iter()
            .filter_map(|f| Some((f.name()?.strip_prefix("tag:")?.to_string(), f.values().first()?.clone())))
            .collect();
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
        let tags = req
            .tag_specifications()
            .iter()
            .flat_map(|t| t.tags())
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect();
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
