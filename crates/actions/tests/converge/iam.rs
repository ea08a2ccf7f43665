//! IAM actions on a mocked IAM client.

mod iam_keys {
    use crate::*;
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

mod iam_deny_all {
    use crate::*;
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

    /// `iam.revoke_sessions` puts its own inline policy the same way: a second run leaves
    /// it as it is, and after a crash undo still knows there was no policy before.
    #[tokio::test]
    async fn revoking_again_changes_nothing_and_a_crash_is_recalled() {
        use cordon_actions::RevokeSessions;
        use cordon_actions::iam::revoke_sessions::Params;
        let policy: Policy = Arc::default();
        let (aws, _) = world(&policy);
        let params = Params { user_name: Some("deploy-bot".parse().unwrap()), role_name: None };
        let (first, checkpoints) = execute(&RevokeSessions, &aws, &params, Vec::new()).await;
        assert!(first.previous_document.is_none());
        let revocation = policy.lock().unwrap().clone();
        assert!(revocation.as_deref().is_some_and(|d| d.contains("aws:TokenIssueTime")), "{revocation:?}");
        let _ = execute(&RevokeSessions, &aws, &params, Vec::new()).await;
        assert_eq!(*policy.lock().unwrap(), revocation, "a second run changes nothing");
        let (recalled, _) = execute(&RevokeSessions, &aws, &params, checkpoints).await;
        assert_eq!(serde_json::to_value(&recalled).unwrap(), serde_json::to_value(&first).unwrap());
        let Undo::Steps { steps } = RevokeSessions.undo(&params, &recalled) else { panic!("undo removes it") };
        assert_eq!(steps[0].params["restore_document"], Value::Null);
    }

    /// A local clock five minutes behind AWS: the cutoff is AWS's time (the `Date` of an STS
    /// response), so sessions issued in those five minutes are revoked too.
    #[tokio::test]
    async fn the_cutoff_follows_aws_clock_when_the_local_one_is_behind() {
        use aws_smithy_runtime_api::http::{Response, StatusCode};
        use aws_smithy_types::body::SdkBody;
        use cordon_actions::RevokeSessions;
        use cordon_actions::iam::revoke_sessions::Params;
        let policy: Policy = Arc::default();
        let (mut aws, _) = world(&policy);
        let identity = mock!(aws_sdk_sts::Client::get_caller_identity).then_http_response(|| {
            let body = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/responder</Arn><UserId>AIDA1</UserId>\
                <Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
            let mut r = Response::new(StatusCode::try_from(200).unwrap(), SdkBody::from(body));
            r.headers_mut().insert("date", "Mon, 30 Nov 2026 10:05:00 GMT");
            r
        });
        aws.sts = mock_client!(aws_sdk_sts, RuleMode::MatchAny, [&identity]);
        let params = Params { user_name: Some("deploy-bot".parse().unwrap()), role_name: None };
        // The local clock (FixedClock) says 10:00:00.
        let (receipt, _) = execute(&RevokeSessions, &aws, &params, Vec::new()).await;
        assert_eq!(receipt.revoked_before, "2026-11-30T10:05:01Z", "{}", receipt.clock);
        assert!(receipt.clock.contains("AWS's clock"), "{}", receipt.clock);
        assert!(policy.lock().unwrap().as_deref().is_some_and(|d| d.contains("2026-11-30T10:05:01Z")));
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

mod iam_console {
    use crate::*;
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

mod iam_mfa {
    use crate::*;
    use aws_sdk_iam::Client;
    use aws_sdk_iam::operation::deactivate_mfa_device::DeactivateMfaDeviceOutput;
    use aws_sdk_iam::operation::list_mfa_devices::ListMfaDevicesOutput;
    use aws_sdk_iam::types::MfaDevice;
    use cordon_actions::DeactivateMfaDevices;
    use cordon_actions::iam::deactivate_mfa_devices::Params;

    #[tokio::test]
    async fn a_crash_after_deactivating_still_records_the_devices() {
        let serials = Arc::new(Mutex::new(vec!["arn:aws:iam::123456789012:mfa/attacker".to_string()]));
        let s = serials.clone();
        let list = mock!(Client::list_mfa_devices).then_compute_output(move |_| {
            let devices: Vec<MfaDevice> = s
                .lock()
                .unwrap()
                .iter()
                .map(|serial| {
                    MfaDevice::builder()
                        .user_name("deploy-bot")
                        .serial_number(serial)
                        .enable_date(aws_smithy_types::DateTime::from_secs(1_800_000_000))
                        .build()
                        .unwrap()
                })
                .collect();
            ListMfaDevicesOutput::builder().set_mfa_devices(Some(devices)).build().unwrap()
        });
        let s = serials.clone();
        let deactivate = mock!(Client::deactivate_mfa_device).then_compute_output(move |req| {
            s.lock().unwrap().retain(|d| Some(d.as_str()) != req.serial_number());
            DeactivateMfaDeviceOutput::builder().build()
        });
        let mut aws = aws();
        aws.iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&list, &deactivate]);
        let params = Params { user_name: "deploy-bot".parse().unwrap(), enabled_since: None };
        let (first, checkpoints) = execute(&DeactivateMfaDevices, &aws, &params, Vec::new()).await;
        assert_eq!(first.deactivated.len(), 1);
        assert!(serials.lock().unwrap().is_empty());
        let (again, _) = execute(&DeactivateMfaDevices, &aws, &params, Vec::new()).await;
        assert!(again.deactivated.is_empty() && deactivate.num_calls() == 1, "a second run changes nothing");
        let (recalled, _) = execute(&DeactivateMfaDevices, &aws, &params, checkpoints).await;
        assert_eq!(deactivate.num_calls(), 1);
        assert_eq!(
            serde_json::to_value(&recalled).unwrap(),
            serde_json::to_value(&first).unwrap(),
            "the crash is recalled: the deactivated device is still on record"
        );
    }
}
