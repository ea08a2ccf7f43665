//! Idempotency and crash recall, per action, on mocked AWS clients (aws-smithy-mocks):
//! the mock keeps the resource's state, so each test can check that
//! - a second `execute` after a completed one changes nothing;
//! - an `execute` after a crash between the change and its outcome (the first attempt's
//!   checkpoints, the change already made) converges: same end state, and a receipt from
//!   which undo restores the state before the first attempt.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use aws_smithy_mocks::{RuleMode, mock, mock_client};
use cordon_aws::Aws;
use cordon_core::ActionError;
use cordon_core::action::{Action, StepContext, Undo};
use cordon_core::artifact::{ArtifactMeta, ArtifactRecord, ArtifactSink};
use cordon_core::clock::FixedClock;
use cordon_core::ids::CaseId;
use cordon_core::journal::{Entry, Event, JournalError, JournalSink};
use serde_json::Value;

/// Keeps the checkpoints a step writes, as the journal would.
#[derive(Default)]
struct Checkpoints(Mutex<Vec<Value>>);

impl JournalSink for Checkpoints {
    fn append(&self, event: Event) -> Result<Entry, JournalError> {
        if let Event::StepCheckpoint { data, .. } = &event {
            self.0.lock().unwrap().push(data.clone());
        }
        Ok(Entry { seq: 0, time: String::new(), prev: String::new(), event })
    }
}

struct NoArtifacts;

impl ArtifactSink for NoArtifacts {
    fn store(&self, _: &str, _: &str, _: ArtifactMeta, _: &[u8]) -> Result<ArtifactRecord, ActionError> {
        Err(ActionError::invalid("no artifacts in these tests"))
    }
}

/// Runs `action` once with the checkpoints of an interrupted earlier attempt (`prior`),
/// returning its receipt and the checkpoints it wrote.
async fn execute<A: Action<Env = Aws>>(
    action: &A,
    aws: &Aws,
    params: &A::Params,
    prior: Vec<Value>,
) -> (A::Receipt, Vec<Value>) {
    let case = CaseId::new("IR-1").unwrap();
    let clock = FixedClock::new("2026-11-30T10:00:00Z".parse().unwrap(), 1);
    let journal = Checkpoints::default();
    let ctx = StepContext::new(&case, "step", A::DOC.name, &clock, &NoArtifacts).with_journal(&journal, 1, prior);
    let receipt = action.execute(aws, &ctx, params).await.unwrap_or_else(|e| panic!("{}: {e}", A::DOC.name));
    let taken = journal.0.lock().unwrap().clone();
    (receipt, taken)
}

/// An `Aws` whose clients make no request unless a test replaces them with mocks.
fn aws() -> Aws {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    Aws::from_config(&config)
}

mod ec2_stop {
    use super::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::stop_instances::StopInstancesOutput;
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, InstanceType, InstanceTypeInfo, Reservation};
    use cordon_actions::StopInstance;

    /// An instance whose state the mock keeps, and the StopInstances rule (its call count).
    fn world(state: &Arc<Mutex<&'static str>>) -> (Aws, aws_smithy_mocks::Rule) {
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let name = InstanceStateName::from(*s.lock().unwrap());
            let inst = Instance::builder()
                .instance_id("i-0123456789abcdef0")
                .instance_type(InstanceType::T3Micro)
                .root_device_type(aws_sdk_ec2::types::DeviceType::Ebs)
                .state(InstanceState::builder().name(name).build())
                .build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let types = mock!(Client::describe_instance_types).then_output(|| {
            DescribeInstanceTypesOutput::builder()
                .instance_types(InstanceTypeInfo::builder().instance_storage_supported(false).build())
                .build()
        });
        let s = state.clone();
        let stop = mock!(Client::stop_instances).then_compute_output(move |_| {
            *s.lock().unwrap() = "stopped";
            StopInstancesOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &types, &stop]);
        (aws, stop)
    }

    #[tokio::test(start_paused = true)]
    async fn a_second_stop_changes_nothing_and_a_crash_is_recalled() {
        let params = cordon_actions::ec2::stop_instance::Params::of("i-0123456789abcdef0".parse().unwrap());
        let state = Arc::new(Mutex::new("running"));
        let (aws, stop) = world(&state);
        let (first, checkpoints) = execute(&StopInstance, &aws, &params, Vec::new()).await;
        assert!(first.stopped && first.state_before == "running");
        assert_eq!(stop.num_calls(), 1);
        assert!(!checkpoints.is_empty(), "the state before is on disk before the stop");
        // Again, after it completed: nothing more is changed, and nothing to undo.
        let (again, _) = execute(&StopInstance, &aws, &params, Vec::new()).await;
        assert_eq!(stop.num_calls(), 1, "no second StopInstances");
        assert!(matches!(StopInstance.undo(&params, &again), Undo::NothingToUndo));
        // A crash after the stop, before its outcome: the re-run recalls "running".
        let (recalled, _) = execute(&StopInstance, &aws, &params, checkpoints).await;
        assert_eq!(stop.num_calls(), 1);
        assert_eq!(recalled.state_before, "running");
        assert!(matches!(StopInstance.undo(&params, &recalled), Undo::Steps { .. }), "undo starts it again");
    }
}

mod iam_keys {
    use super::*;
    use aws_sdk_iam::Client;
    use aws_sdk_iam::operation::list_access_keys::ListAccessKeysOutput;
    use aws_sdk_iam::operation::update_access_key::UpdateAccessKeyOutput;
    use aws_sdk_iam::types::{AccessKeyMetadata, StatusType};
    use cordon_actions::DeactivateAccessKeys;
    use cordon_actions::iam::deactivate_access_keys::Params;

    type Keys = Arc<Mutex<Vec<(String, String)>>>;

    fn world(keys: &Keys) -> (Aws, aws_smithy_mocks::Rule) {
        let k = keys.clone();
        let list = mock!(Client::list_access_keys).then_compute_output(move |_| {
            let meta: Vec<AccessKeyMetadata> = k
                .lock()
                .unwrap()
                .iter()
                .map(|(id, status)| {
                    AccessKeyMetadata::builder().access_key_id(id).status(StatusType::from(status.as_str())).build()
                })
                .collect();
            ListAccessKeysOutput::builder().set_access_key_metadata(Some(meta)).build().unwrap()
        });
        let k = keys.clone();
        let update = mock!(Client::update_access_key).then_compute_output(move |req| {
            for (id, status) in k.lock().unwrap().iter_mut() {
                if Some(id.as_str()) == req.access_key_id() {
                    *status = req.status().map(|s| s.as_str().to_string()).unwrap_or_default();
                }
            }
            UpdateAccessKeyOutput::builder().build()
        });
        let mut aws = aws();
        aws.iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&list, &update]);
        (aws, update)
    }

    #[tokio::test]
    async fn a_crash_after_deactivating_still_leaves_undo_the_keys_to_reactivate() {
        let params = Params { access_key_id: None, user_name: Some("deploy-bot".parse().unwrap()) };
        let keys: Keys = Arc::new(Mutex::new(vec![
            ("AKIAIOSFODNN7EXAMPLE".into(), "Active".into()),
            ("AKIAI44QH8DHBEXAMPLE".into(), "Inactive".into()),
        ]));
        let (aws, update) = world(&keys);
        let (first, checkpoints) = execute(&DeactivateAccessKeys, &aws, &params, Vec::new()).await;
        assert_eq!(first.deactivated, ["AKIAIOSFODNN7EXAMPLE"], "only the active key");
        assert_eq!(update.num_calls(), 1);
        assert!(!checkpoints.is_empty(), "the keys are on disk before they are deactivated");
        let (again, _) = execute(&DeactivateAccessKeys, &aws, &params, Vec::new()).await;
        assert_eq!(update.num_calls(), 1, "nothing more to deactivate");
        assert!(matches!(DeactivateAccessKeys.undo(&params, &again), Undo::NothingToUndo));
        // Crash between UpdateAccessKey and the outcome: the key is Inactive already, and
        // the re-run must still record it, or undo would leave it inactive for ever.
        let (recalled, _) = execute(&DeactivateAccessKeys, &aws, &params, checkpoints).await;
        assert_eq!(update.num_calls(), 1);
        assert_eq!(recalled.deactivated, ["AKIAIOSFODNN7EXAMPLE"]);
        let Undo::Steps { steps } = DeactivateAccessKeys.undo(&params, &recalled) else { panic!("undo reactivates") };
        assert_eq!(steps[0].params["keys"][0]["access_key_id"], "AKIAIOSFODNN7EXAMPLE");
        assert_eq!(steps[0].params["keys"][0]["status"], "Active");
    }

    /// The inverse, `iam.set_access_key_status`: after a crash, the statuses before are
    /// the recalled ones, not the ones the first attempt set.
    #[tokio::test]
    async fn setting_a_status_again_changes_nothing_and_a_crash_keeps_the_status_before() {
        use cordon_actions::SetAccessKeyStatus;
        use cordon_actions::iam::deactivate_access_keys::KeyStatus;
        use cordon_actions::iam::set_access_key_status::Params;
        let keys: Keys = Arc::new(Mutex::new(vec![("AKIAIOSFODNN7EXAMPLE".into(), "Inactive".into())]));
        let (aws, _) = world(&keys);
        let params = Params {
            user_name: "deploy-bot".parse().unwrap(),
            keys: vec![KeyStatus { access_key_id: "AKIAIOSFODNN7EXAMPLE".into(), status: "Active".into() }],
        };
        let (first, checkpoints) = execute(&SetAccessKeyStatus, &aws, &params, Vec::new()).await;
        assert_eq!(first.before[0].status, "Inactive");
        assert_eq!(keys.lock().unwrap()[0].1, "Active");
        let (recalled, _) = execute(&SetAccessKeyStatus, &aws, &params, checkpoints).await;
        assert_eq!(recalled.before[0].status, "Inactive", "the crash is recalled");
        assert_eq!(keys.lock().unwrap()[0].1, "Active");
    }
}

mod ec2_protect {
    use super::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instance_attribute::DescribeInstanceAttributeOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::modify_instance_attribute::ModifyInstanceAttributeOutput;
    use aws_sdk_ec2::types::{
        AttributeBooleanValue, AttributeValue, EbsInstanceBlockDevice, Instance, InstanceAttributeName,
        InstanceBlockDeviceMapping, Reservation,
    };
    use cordon_actions::ProtectInstance;
    use cordon_actions::ec2::protect_instance::Params;

    /// (termination protection, shutdown behaviour, DeleteOnTermination of the root volume)
    type State = Arc<Mutex<(bool, String, bool)>>;

    fn world(state: &State) -> (Aws, aws_smithy_mocks::Rule) {
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let dot = s.lock().unwrap().2;
            let root = InstanceBlockDeviceMapping::builder()
                .device_name("/dev/xvda")
                .ebs(
                    EbsInstanceBlockDevice::builder()
                        .volume_id("vol-0123456789abcdef0")
                        .delete_on_termination(dot)
                        .build(),
                )
                .build();
            let inst = Instance::builder().instance_id("i-0123456789abcdef0").block_device_mappings(root).build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let s = state.clone();
        let attr = mock!(Client::describe_instance_attribute).then_compute_output(move |req| {
            let (term, shutdown, _) = s.lock().unwrap().clone();
            match req.attribute() {
                Some(InstanceAttributeName::DisableApiTermination) => DescribeInstanceAttributeOutput::builder()
                    .disable_api_termination(AttributeBooleanValue::builder().value(term).build())
                    .build(),
                _ => DescribeInstanceAttributeOutput::builder()
                    .instance_initiated_shutdown_behavior(AttributeValue::builder().value(shutdown).build())
                    .build(),
            }
        });
        let s = state.clone();
        let modify = mock!(Client::modify_instance_attribute).then_compute_output(move |req| {
            let mut st = s.lock().unwrap();
            if let Some(v) = req.disable_api_termination().and_then(|v| v.value()) {
                st.0 = v;
            }
            if let Some(v) = req.instance_initiated_shutdown_behavior().and_then(|v| v.value()) {
                st.1 = v.to_string();
            }
            if let Some(m) = req.block_device_mappings().first().and_then(|m| m.ebs()) {
                st.2 = m.delete_on_termination().unwrap_or(st.2);
            }
            ModifyInstanceAttributeOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &attr, &modify]);
        (aws, modify)
    }

    #[tokio::test]
    async fn a_crash_after_protecting_still_leaves_undo_the_state_before() {
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let state: State = Arc::new(Mutex::new((false, "terminate".into(), true)));
        let (aws, modify) = world(&state);
        let (first, checkpoints) = execute(&ProtectInstance, &aws, &params, Vec::new()).await;
        assert_eq!(first.changed.len(), 3, "{:?}", first.changed);
        assert_eq!(*state.lock().unwrap(), (true, "stop".into(), false));
        let calls = modify.num_calls();
        assert!(!checkpoints.is_empty(), "the state before is on disk before the change");
        let (again, _) = execute(&ProtectInstance, &aws, &params, Vec::new()).await;
        assert_eq!(modify.num_calls(), calls, "a second run changes nothing");
        assert!(matches!(ProtectInstance.undo(&params, &again), Undo::NothingToUndo));
        // Crash after the change, before its outcome: undo must still restore all three.
        let (recalled, _) = execute(&ProtectInstance, &aws, &params, checkpoints).await;
        assert_eq!(modify.num_calls(), calls);
        assert_eq!(recalled.changed, first.changed);
        assert!(!recalled.before.termination_protection && recalled.before.shutdown_behavior == "terminate");
    }
}

mod iam_deny_all {
    use super::*;
    use aws_sdk_iam::Client;
    use aws_sdk_iam::operation::get_user::GetUserOutput;
    use aws_sdk_iam::operation::get_user_policy::{GetUserPolicyError, GetUserPolicyOutput};
    use aws_sdk_iam::operation::put_user_policy::PutUserPolicyOutput;
    use aws_sdk_iam::types::User;
    use aws_sdk_iam::types::error::NoSuchEntityException;
    use cordon_actions::DenyAll;
    use cordon_actions::iam::deny_all::Params;

    /// The user's inline policy document (None: it has none).
    type Policy = Arc<Mutex<Option<String>>>;

    fn world(policy: &Policy) -> (Aws, aws_smithy_mocks::Rule) {
        let user = mock!(Client::get_user).then_output(|| {
            let user = User::builder()
                .user_name("deploy-bot")
                .user_id("AIDAEXAMPLE")
                .arn("arn:aws:iam::123456789012:user/deploy-bot")
                .path("/")
                .create_date(aws_smithy_types::DateTime::from_secs(0))
                .build()
                .unwrap();
            GetUserOutput::builder().user(user).build()
        });
        let p = policy.clone();
        let none =
            mock!(Client::get_user_policy).match_requests(move |_| p.lock().unwrap().is_none()).then_error(|| {
                let meta = aws_sdk_iam::error::ErrorMetadata::builder().code("NoSuchEntity").message("none").build();
                GetUserPolicyError::NoSuchEntityException(
                    NoSuchEntityException::builder().message("none").meta(meta).build(),
                )
            });
        let p = policy.clone();
        let get = mock!(Client::get_user_policy).then_compute_output(move |req| {
            GetUserPolicyOutput::builder()
                .user_name("deploy-bot")
                .policy_name(req.policy_name().unwrap_or_default())
                .policy_document(p.lock().unwrap().clone().unwrap_or_default())
                .build()
                .unwrap()
        });
        let p = policy.clone();
        let put = mock!(Client::put_user_policy).then_compute_output(move |req| {
            *p.lock().unwrap() = req.policy_document().map(str::to_string);
            PutUserPolicyOutput::builder().build()
        });
        let p = policy.clone();
        let delete = mock!(Client::delete_user_policy).then_compute_output(move |_| {
            *p.lock().unwrap() = None;
            aws_sdk_iam::operation::delete_user_policy::DeleteUserPolicyOutput::builder().build()
        });
        let mut aws = aws();
        aws.iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&user, &none, &get, &put, &delete]);
        (aws, put)
    }

    /// The inverse, `iam.remove_inline_policy`: after a crash, the document before is the
    /// recalled one (the deny), not the nothing the first attempt left.
    #[tokio::test]
    async fn removing_again_changes_nothing_and_a_crash_keeps_the_document_before() {
        use cordon_actions::RemoveInlinePolicy;
        use cordon_actions::iam::remove_inline_policy::Params;
        let policy: Policy = Arc::new(Mutex::new(Some("{\"Statement\":[]}".into())));
        let (aws, _) = world(&policy);
        let params = Params {
            principal: cordon_actions::Principal::User("deploy-bot".parse().unwrap()),
            policy_name: "cordon-deny-all-IR-1".into(),
            restore_document: None,
        };
        let (first, checkpoints) = execute(&RemoveInlinePolicy, &aws, &params, Vec::new()).await;
        assert!(first.before.is_some());
        assert!(policy.lock().unwrap().is_none());
        let (recalled, _) = execute(&RemoveInlinePolicy, &aws, &params, checkpoints).await;
        assert_eq!(recalled.before, first.before, "the crash is recalled");
        assert!(policy.lock().unwrap().is_none());
    }

    #[tokio::test]
    async fn a_crash_after_the_deny_is_put_still_leaves_undo_to_remove_it() {
        let params = Params { user_name: Some("deploy-bot".parse().unwrap()), role_name: None };
        let policy: Policy = Arc::default();
        let (aws, put) = world(&policy);
        let (first, checkpoints) = execute(&DenyAll, &aws, &params, Vec::new()).await;
        assert!(first.changed && first.previous_document.is_none());
        let deny = policy.lock().unwrap().clone();
        assert!(deny.as_deref().is_some_and(|d| d.contains("\"Deny\"")), "{deny:?}");
        assert!(!checkpoints.is_empty(), "the document it replaces is on disk first");
        let (again, _) = execute(&DenyAll, &aws, &params, Vec::new()).await;
        assert!(!again.changed, "a second run changes nothing");
        assert_eq!(*policy.lock().unwrap(), deny);
        assert!(matches!(DenyAll.undo(&params, &again), Undo::NothingToUndo));
        // Crash after PutUserPolicy, before the outcome: the re-run recalls that there was
        // no policy before, so undo deletes the deny instead of keeping it.
        let (recalled, _) = execute(&DenyAll, &aws, &params, checkpoints).await;
        assert!(recalled.changed && recalled.previous_document.is_none());
        let Undo::Steps { steps } = DenyAll.undo(&params, &recalled) else { panic!("undo removes the deny") };
        assert_eq!(steps[0].action, "iam.remove_inline_policy");
        assert_eq!(steps[0].params["restore_document"], Value::Null);
        assert!(put.num_calls() >= 2);
    }
}

mod ec2_start {
    use super::*;
    use aws_sdk_ec2::Client;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::operation::start_instances::StartInstancesOutput;
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, Reservation};
    use cordon_actions::StartInstance;
    use cordon_actions::ec2::start_instance::Params;

    #[tokio::test(start_paused = true)]
    async fn a_start_of_a_running_instance_has_nothing_to_undo_and_a_crash_is_recalled() {
        let state = Arc::new(Mutex::new("stopped"));
        let s = state.clone();
        let describe = mock!(Client::describe_instances).then_compute_output(move |_| {
            let name = InstanceStateName::from(*s.lock().unwrap());
            let inst = Instance::builder()
                .instance_id("i-0123456789abcdef0")
                .state(InstanceState::builder().name(name).build())
                .build();
            DescribeInstancesOutput::builder().reservations(Reservation::builder().instances(inst).build()).build()
        });
        let s = state.clone();
        let start = mock!(Client::start_instances).then_compute_output(move |_| {
            *s.lock().unwrap() = "running";
            StartInstancesOutput::builder().build()
        });
        let mut aws = aws();
        aws.ec2 = mock_client!(aws_sdk_ec2, RuleMode::MatchAny, [&describe, &start]);
        let params = Params { instance_id: "i-0123456789abcdef0".parse().unwrap() };
        let (first, checkpoints) = execute(&StartInstance, &aws, &params, Vec::new()).await;
        assert_eq!(first.state_before, "stopped");
        assert!(matches!(StartInstance.undo(&params, &first), Undo::Steps { .. }), "undo stops it again");
        let (again, _) = execute(&StartInstance, &aws, &params, Vec::new()).await;
        assert_eq!(start.num_calls(), 1, "no second StartInstances");
        assert!(
            matches!(StartInstance.undo(&params, &again), Undo::NothingToUndo),
            "it was running: undo must not stop it"
        );
        let (recalled, _) = execute(&StartInstance, &aws, &params, checkpoints).await;
        assert_eq!(start.num_calls(), 1);
        assert_eq!(recalled.state_before, "stopped", "the crash is recalled");
    }
}

mod iam_console {
    use super::*;
    use aws_sdk_iam::Client;
    use aws_sdk_iam::operation::delete_login_profile::DeleteLoginProfileOutput;
    use aws_sdk_iam::operation::get_login_profile::{GetLoginProfileError, GetLoginProfileOutput};
    use aws_sdk_iam::types::LoginProfile;
    use aws_sdk_iam::types::error::NoSuchEntityException;
    use cordon_actions::DisableConsoleAccess;
    use cordon_actions::iam::disable_console_access::Params;

    #[tokio::test]
    async fn a_second_run_deletes_nothing_and_a_crash_still_records_the_deletion() {
        let has_profile = Arc::new(Mutex::new(true));
        let h = has_profile.clone();
        let missing = mock!(Client::get_login_profile).match_requests(move |_| !*h.lock().unwrap()).then_error(|| {
            let meta = aws_sdk_iam::error::ErrorMetadata::builder()
                .code("NoSuchEntity")
                .message("Login Profile for User deploy-bot cannot be found.")
                .build();
            GetLoginProfileError::NoSuchEntityException(
                NoSuchEntityException::builder()
                    .message("Login Profile for User deploy-bot cannot be found.")
                    .meta(meta)
                    .build(),
            )
        });
        let get = mock!(Client::get_login_profile).then_output(|| {
            let profile = LoginProfile::builder()
                .user_name("deploy-bot")
                .create_date(aws_smithy_types::DateTime::from_secs(0))
                .build()
                .unwrap();
            GetLoginProfileOutput::builder().login_profile(profile).build()
        });
        let h = has_profile.clone();
        let delete = mock!(Client::delete_login_profile).then_compute_output(move |_| {
            *h.lock().unwrap() = false;
            DeleteLoginProfileOutput::builder().build()
        });
        let mut aws = aws();
        aws.iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&missing, &get, &delete]);
        let params = Params { user_name: "deploy-bot".parse().unwrap() };
        let (first, checkpoints) = execute(&DisableConsoleAccess, &aws, &params, Vec::new()).await;
        assert!(first.deleted && first.login_profile.is_some());
        assert!(!checkpoints.is_empty(), "the profile is on disk before it is deleted");
        let (again, _) = execute(&DisableConsoleAccess, &aws, &params, Vec::new()).await;
        assert_eq!(delete.num_calls(), 1);
        assert!(!again.deleted, "nothing more to delete");
        let (recalled, _) = execute(&DisableConsoleAccess, &aws, &params, checkpoints).await;
        assert_eq!(delete.num_calls(), 1);
        assert!(recalled.deleted && recalled.login_profile.is_some(), "the crash is recalled");
    }
}

mod s3_bucket {
    use super::*;
    use aws_sdk_s3::Client;
    use aws_sdk_s3::error::ErrorMetadata;
    use aws_sdk_s3::operation::delete_bucket_policy::DeleteBucketPolicyOutput;
    use aws_sdk_s3::operation::delete_public_access_block::DeletePublicAccessBlockOutput;
    use aws_sdk_s3::operation::get_bucket_policy::{GetBucketPolicyError, GetBucketPolicyOutput};
    use aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput;
    use aws_sdk_s3::operation::get_public_access_block::{GetPublicAccessBlockError, GetPublicAccessBlockOutput};
    use aws_sdk_s3::operation::put_bucket_policy::PutBucketPolicyOutput;
    use aws_sdk_s3::operation::put_bucket_versioning::PutBucketVersioningOutput;
    use aws_sdk_s3::operation::put_public_access_block::PutPublicAccessBlockOutput;
    use aws_sdk_s3::types::{BucketVersioningStatus, PublicAccessBlockConfiguration};
    use cordon_actions::s3::restore_versioning::Status;
    use cordon_actions::{
        BlockPublicAccess, DenyPrincipal, RestoreBucketPolicy, RestorePublicAccessBlock, RestoreVersioning,
    };

    /// A bucket's policy, public access block (all four flags alike here) and versioning.
    #[derive(Debug, Clone, Default, PartialEq)]
    struct Bucket {
        policy: Option<String>,
        block: Option<bool>,
        versioning: Option<String>,
    }

    type State = Arc<Mutex<Bucket>>;

    fn world(state: &State) -> Aws {
        let s = state.clone();
        let no_policy = mock!(Client::get_bucket_policy)
            .match_requests(move |_| s.lock().unwrap().policy.is_none())
            .then_error(|| GetBucketPolicyError::generic(ErrorMetadata::builder().code("NoSuchBucketPolicy").build()));
        let s = state.clone();
        let get_policy = mock!(Client::get_bucket_policy).then_compute_output(move |_| {
            GetBucketPolicyOutput::builder().set_policy(s.lock().unwrap().policy.clone()).build()
        });
        let s = state.clone();
        let put_policy = mock!(Client::put_bucket_policy).then_compute_output(move |req| {
            s.lock().unwrap().policy = req.policy().map(str::to_string);
            PutBucketPolicyOutput::builder().build()
        });
        let s = state.clone();
        let delete_policy = mock!(Client::delete_bucket_policy).then_compute_output(move |_| {
            s.lock().unwrap().policy = None;
            DeleteBucketPolicyOutput::builder().build()
        });
        let s = state.clone();
        let no_block = mock!(Client::get_public_access_block)
            .match_requests(move |_| s.lock().unwrap().block.is_none())
            .then_error(|| {
                GetPublicAccessBlockError::generic(
                    ErrorMetadata::builder().code("NoSuchPublicAccessBlockConfiguration").build(),
                )
            });
        let s = state.clone();
        let get_block = mock!(Client::get_public_access_block).then_compute_output(move |_| {
            let on = s.lock().unwrap().block.unwrap_or(false);
            let conf = PublicAccessBlockConfiguration::builder()
                .block_public_acls(on)
                .ignore_public_acls(on)
                .block_public_policy(on)
                .restrict_public_buckets(on)
                .build();
            GetPublicAccessBlockOutput::builder().public_access_block_configuration(conf).build()
        });
        let s = state.clone();
        let put_block = mock!(Client::put_public_access_block).then_compute_output(move |req| {
            s.lock().unwrap().block =
                req.public_access_block_configuration().map(|c| c.block_public_acls().unwrap_or(false));
            PutPublicAccessBlockOutput::builder().build()
        });
        let s = state.clone();
        let delete_block = mock!(Client::delete_public_access_block).then_compute_output(move |_| {
            s.lock().unwrap().block = None;
            DeletePublicAccessBlockOutput::builder().build()
        });
        let s = state.clone();
        let get_versioning = mock!(Client::get_bucket_versioning).then_compute_output(move |_| {
            let status = s.lock().unwrap().versioning.clone();
            GetBucketVersioningOutput::builder()
                .set_status(status.map(|v| BucketVersioningStatus::from(v.as_str())))
                .build()
        });
        let s = state.clone();
        let put_versioning = mock!(Client::put_bucket_versioning).then_compute_output(move |req| {
            s.lock().unwrap().versioning =
                req.versioning_configuration().and_then(|c| c.status()).map(|v| v.as_str().to_string());
            PutBucketVersioningOutput::builder().build()
        });
        let mut aws = aws();
        aws.s3 = mock_client!(
            aws_sdk_s3,
            RuleMode::MatchAny,
            [
                &no_policy,
                &get_policy,
                &put_policy,
                &delete_policy,
                &no_block,
                &get_block,
                &put_block,
                &delete_block,
                &get_versioning,
                &put_versioning
            ]
        );
        aws
    }

    /// Runs `action` on a bucket in `start`: then again (the bucket must not change), then
    /// after a simulated crash (the first attempt's checkpoints, its change made): the
    /// receipt must be the first one, so undo restores `start`.
    async fn converges<A: Action<Env = Aws>>(action: &A, params: &A::Params, start: Bucket) {
        let state: State = Arc::new(Mutex::new(start));
        let aws = world(&state);
        let (first, checkpoints) = execute(action, &aws, params, Vec::new()).await;
        let after = state.lock().unwrap().clone();
        let _ = execute(action, &aws, params, Vec::new()).await;
        assert_eq!(*state.lock().unwrap(), after, "{}: a second run changes nothing", A::DOC.name);
        assert!(!checkpoints.is_empty(), "{}: what undo needs is on disk before the change", A::DOC.name);
        let (recalled, _) = execute(action, &aws, params, checkpoints).await;
        assert_eq!(*state.lock().unwrap(), after, "{}", A::DOC.name);
        assert_eq!(
            serde_json::to_value(&recalled).unwrap(),
            serde_json::to_value(&first).unwrap(),
            "{}: the re-run after a crash records what the first attempt found",
            A::DOC.name
        );
    }

    fn bucket() -> cordon_core::ids::BucketName {
        "example-bucket".parse().unwrap()
    }

    fn open() -> Bucket {
        Bucket {
            policy: Some("{\"Statement\":[{\"Sid\":\"Public\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::example-bucket/*\"}]}".into()),
            block: None,
            versioning: None,
        }
    }

    #[tokio::test]
    async fn every_bucket_action_converges() {
        converges(&BlockPublicAccess, &cordon_actions::s3::block_public_access::Params { bucket: bucket() }, open())
            .await;
        converges(
            &DenyPrincipal,
            &cordon_actions::s3::deny_principal::Params {
                bucket: bucket(),
                principal: "arn:aws:iam::123456789012:user/attacker".into(),
            },
            open(),
        )
        .await;
        converges(
            &RestoreBucketPolicy,
            &cordon_actions::s3::restore_bucket_policy::Params { bucket: bucket(), document: None },
            open(),
        )
        .await;
        converges(
            &RestorePublicAccessBlock,
            &cordon_actions::s3::restore_public_access_block::Params { bucket: bucket(), config: None },
            Bucket { block: Some(true), ..open() },
        )
        .await;
        converges(
            &RestoreVersioning,
            &cordon_actions::s3::restore_versioning::Params { bucket: bucket(), status: Status::Suspended },
            Bucket { versioning: Some("Enabled".into()), ..open() },
        )
        .await;
    }
}
