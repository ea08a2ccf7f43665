//! S3 bucket actions on a mocked S3 client.

mod s3_bucket {
    use crate::*;
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
        BlockPublicAccess, DenyPrincipal, ProtectFromDeletion, RestoreBucketPolicy, RestorePublicAccessBlock,
        RestoreVersioning,
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

    fn protect() -> cordon_actions::s3::protect_from_deletion::Params {
        cordon_actions::s3::protect_from_deletion::Params {
            bucket: bucket(),
            responder_arn: Some("arn:aws:iam::123456789012:role/Responder".into()),
        }
    }

    /// Killed after protecting, never resumed: undo from the checkpoint removes Cordon's
    /// statement (and only it: a statement added since stays) and puts versioning back;
    /// the deny statement is there once, however often the step ran.
    #[tokio::test]
    async fn protection_is_undone_from_its_checkpoint() {
        use cordon_core::action::Recorded;
        let state: State = Arc::new(Mutex::new(open()));
        let aws = world(&state);
        let (_, checkpoints) = execute(&ProtectFromDeletion, &aws, &protect(), Vec::new()).await;
        execute(&ProtectFromDeletion, &aws, &protect(), Vec::new()).await;
        let policy = state.lock().unwrap().policy.clone().unwrap();
        assert_eq!(policy.matches("CordonProtectFromDeletion").count(), 1, "{policy}");
        let Undo::Steps { steps } = ProtectFromDeletion.undo_recorded(&protect(), &Recorded(&checkpoints)) else {
            panic!("undo from the checkpoint")
        };
        let policy: cordon_actions::s3::restore_bucket_policy::Params =
            serde_json::from_value(steps[0].params.clone()).unwrap();
        let versioning: cordon_actions::s3::restore_versioning::Params =
            serde_json::from_value(steps[1].params.clone()).unwrap();
        // Meanwhile the security team adds a statement of its own: undo must keep it.
        {
            let mut st = state.lock().unwrap();
            let mut doc: Value = serde_json::from_str(st.policy.as_deref().unwrap()).unwrap();
            doc["Statement"].as_array_mut().unwrap().push(serde_json::json!({"Sid": "SecurityTeam", "Effect": "Deny"}));
            st.policy = Some(doc.to_string());
        }
        execute(&RestoreBucketPolicy, &aws, &policy, Vec::new()).await;
        execute(&RestoreBucketPolicy, &aws, &policy, Vec::new()).await;
        execute(&RestoreVersioning, &aws, &versioning, Vec::new()).await;
        let after = state.lock().unwrap().clone();
        let doc: Value = serde_json::from_str(after.policy.as_deref().unwrap()).unwrap();
        let sids: Vec<&str> = doc["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
        assert_eq!(sids, ["Public", "SecurityTeam"], "only Cordon's statement is gone");
        assert_eq!(after.versioning.as_deref(), Some("Suspended"), "S3 has no way back to never enabled");
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
        converges(&ProtectFromDeletion, &protect(), open()).await;
        converges(
            &RestoreBucketPolicy,
            &cordon_actions::s3::restore_bucket_policy::Params {
                bucket: bucket(),
                document: None,
                remove_sids: Vec::new(),
            },
            open(),
        )
        .await;
        converges(
            &RestorePublicAccessBlock,
            &cordon_actions::s3::restore_public_access_block::Params {
                bucket: bucket(),
                config: None,
                left_by_cordon: None,
                force: false,
            },
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
