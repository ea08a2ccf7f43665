//! `cordon-aws`: the only crate that builds AWS configuration.
//!
//! Role: load the SDK configuration once (profile, region, endpoint — the standard
//! credential chain and `AWS_ENDPOINT_URL` are honoured), hand out one client per
//! service, ask STS who we are, and turn SDK errors into [`ActionError`]s that name
//! the resource, the operation, AWS's error code and the request id.
//!
//! Invariants:
//! - the behaviour version is pinned, so retry and timeout defaults do not change
//!   under a forensic tool on upgrade;
//! - every AWS call made through [`call`] is recorded (operation, resource, request
//!   id) in the caller's call log;
//! - secrets (secret keys, session tokens) are never exposed by this crate's types.

mod aws_time;
pub mod body;
pub mod ec2;
mod errors;
mod form_encoding;
mod org;
pub mod raw;
mod role;
pub mod s3;
mod wait;

use cordon_core::ops;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, retry::RetryConfig, timeout::TimeoutConfig};
use cordon_core::ActionError;
use cordon_core::journal::CallerIdentity;

pub use aws_time::parse_http_date;
pub use errors::{call, map_sdk_error};
pub use org::{OrgAccount, enabled_regions, org_accounts};
pub use role::{RoleRequest, RoleSessions, check_role_arn, role_account, session_name};
pub use wait::{CONSISTENCY_ATTEMPTS, consistency_pause, not_visible_yet, poll_until, retry_consistency};

/// Where and as whom to talk to AWS. Everything unset falls back to the standard chain.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides `AWS_ENDPOINT_URL` (an emulator, a VPC endpoint).
    pub endpoint_url: Option<String>,
}

/// The AWS environment actions run against: one client per service.
#[derive(Debug, Clone)]
pub struct Aws {
    pub ec2: aws_sdk_ec2::Client,
    pub iam: aws_sdk_iam::Client,
    pub s3: aws_sdk_s3::Client,
    pub sts: aws_sdk_sts::Client,
    pub autoscaling: aws_sdk_autoscaling::Client,
    /// Classic load balancers.
    pub elb: aws_sdk_elasticloadbalancing::Client,
    /// Application, network and gateway load balancers (target groups).
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    /// LookupEvents and the trail's digest public keys (ListPublicKeys).
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// Grants on customer-managed keys (sharing encrypted evidence).
    pub kms: aws_sdk_kms::Client,
    /// The EBS direct APIs: a snapshot's blocks read without a volume.
    pub ebs: aws_sdk_ebs::Client,
    /// CloudWatch Logs: VPC Flow Logs delivered to a log group.
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// Systems Manager: managed-instance state and Run Command (memory, live response).
    pub ssm: aws_sdk_ssm::Client,
    /// GuardDuty findings about the case's resources.
    pub guardduty: aws_sdk_guardduty::Client,
    /// Security Hub findings (ASFF) about the case's resources.
    pub securityhub: aws_sdk_securityhub::Client,
    /// The accounts of an organization (`--org`).
    pub organizations: aws_sdk_organizations::Client,
    /// Athena: organization-scale timelines queried where the trail is.
    pub athena: aws_sdk_athena::Client,
    /// The Glue Data Catalog: the definition of the table an Athena query reads.
    pub glue: aws_sdk_glue::Client,
    config: aws_config::SdkConfig,
    /// Replaces STS for tests on mocked clients ([`Aws::with_role_sessions`]).
    role_sessions: Option<role::RoleSessions>,
    region: Option<String>,
    endpoint: Option<String>,
}

impl Aws {
    /// Loads configuration the way the AWS CLI does, with Cordon's pinned behaviour.
    pub async fn load(opts: &AwsOptions) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::v2026_01_12())
            // Adaptive: under throttling (a fleet contained at once) the client also slows
            // its own request rate instead of only backing off per request.
            .retry_config(RetryConfig::adaptive().with_max_attempts(5))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(60))
                    .build(),
            );
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &opts.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(e) = &opts.endpoint_url {
            loader = loader.endpoint_url(e);
        }
        let config = loader.load().await;
        Self::from_config(&config)
    }

    pub fn from_config(config: &aws_config::SdkConfig) -> Self {
        let endpoint = config.endpoint_url().map(str::to_string);
        // Emulators and most private endpoints only serve path-style S3 addressing.
        let s3_conf = aws_sdk_s3::config::Builder::from(config).force_path_style(endpoint.is_some()).build();
        let form = form_encoding::FormSpacesAsPlus::default;
        Self {
            ec2: aws_sdk_ec2::Client::from_conf(aws_sdk_ec2::config::Builder::from(config).interceptor(form()).build()),
            iam: aws_sdk_iam::Client::from_conf(aws_sdk_iam::config::Builder::from(config).interceptor(form()).build()),
            s3: aws_sdk_s3::Client::from_conf(s3_conf),
            sts: aws_sdk_sts::Client::from_conf(aws_sdk_sts::config::Builder::from(config).interceptor(form()).build()),
            autoscaling: aws_sdk_autoscaling::Client::from_conf(
                aws_sdk_autoscaling::config::Builder::from(config).interceptor(form()).build(),
            ),
            elb: aws_sdk_elasticloadbalancing::Client::from_conf(
                aws_sdk_elasticloadbalancing::config::Builder::from(config).interceptor(form()).build(),
            ),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::from_conf(
                aws_sdk_elasticloadbalancingv2::config::Builder::from(config).interceptor(form()).build(),
            ),
            cloudtrail: aws_sdk_cloudtrail::Client::new(config),
            kms: aws_sdk_kms::Client::new(config),
            ebs: aws_sdk_ebs::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
            ssm: aws_sdk_ssm::Client::new(config),
            guardduty: aws_sdk_guardduty::Client::new(config),
            securityhub: aws_sdk_securityhub::Client::new(config),
            organizations: aws_sdk_organizations::Client::new(config),
            athena: aws_sdk_athena::Client::new(config),
            glue: aws_sdk_glue::Client::new(config),
            config: config.clone(),
            role_sessions: None,
            region: config.region().map(|r| r.to_string()),
            endpoint,
        }
    }

    /// The same endpoint, Region and settings with other (static) credentials: a drill's
    /// attacker, who holds a leaked key (or a role session's, with its token).
    pub fn with_credentials(&self, access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Self {
        use aws_sdk_sts::config::{Credentials, SharedCredentialsProvider};
        let creds =
            Credentials::new(access_key_id, secret_access_key, session_token.map(str::to_string), None, "cordon-drill");
        let config = self.config.to_builder().credentials_provider(SharedCredentialsProvider::new(creds)).build();
        Self::from_config(&config)
    }

    /// An EC2 client for another Region (same credentials and endpoint).
    pub fn ec2_in(&self, region: &str) -> aws_sdk_ec2::Client {
        let conf = aws_sdk_ec2::config::Builder::from(&self.config)
            .region(aws_config::Region::new(region.to_string()))
            .interceptor(form_encoding::FormSpacesAsPlus)
            .build();
        aws_sdk_ec2::Client::from_conf(conf)
    }

    /// A KMS client for another Region (same credentials and endpoint).
    pub fn kms_in(&self, region: &str) -> aws_sdk_kms::Client {
        aws_sdk_kms::Client::from_conf(
            aws_sdk_kms::config::Builder::from(&self.config)
                .region(aws_config::Region::new(region.to_string()))
                .build(),
        )
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The AWS partition of the region (`aws`, `aws-cn`, `aws-us-gov`, …): the second field
    /// of every ARN Cordon writes. Known from the region alone, so it costs no request.
    pub fn partition(&self) -> &'static str {
        partition_of_region(self.region().unwrap_or_default())
    }

    /// The custom endpoint in use, if any (recorded in the case).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Refuses a custom endpoint that would carry signed requests in clear text: plain
    /// `http://` is accepted only on a loopback address (a local emulator) or when
    /// `allow_plain_http` says so; anything else must be `https://`.
    pub fn check_endpoint(&self, allow_plain_http: bool) -> Result<(), String> {
        match &self.endpoint {
            Some(e) => endpoint_is_safe(e, allow_plain_http),
            None => Ok(()),
        }
    }

    /// STS GetCallerIdentity: who the credentials belong to.
    pub async fn caller_identity(&self) -> Result<CallerIdentity, ActionError> {
        let out = call(
            &cordon_core::action::NoCallLog,
            ops::sts::GET_CALLER_IDENTITY,
            "caller",
            self.sts.get_caller_identity().send(),
        )
        .await?;
        Ok(CallerIdentity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            user_id: out.user_id().unwrap_or_default().to_string(),
        })
    }
}

/// Whether `endpoint` is plain `http://` to this machine (`localhost` or a loopback
/// address): a local emulator.
pub fn is_loopback_http(endpoint: &str) -> bool {
    let lower = endpoint.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { authority }),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The partition a region belongs to (AWS's published region prefixes).
pub fn partition_of_region(region: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 6] = [
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-isof-", "aws-iso-f"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
    ];
    PREFIXES.iter().find(|(prefix, _)| region.starts_with(prefix)).map_or("aws", |(_, partition)| partition)
}

/// Whether `endpoint` keeps credentials and evidence off the wire in clear text.
pub fn endpoint_is_safe(endpoint: &str, allow_plain_http: bool) -> Result<(), String> {
    let lower = endpoint.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Ok(());
    }
    if !lower.starts_with("http://") {
        return Err(format!("endpoint {endpoint}: only https:// (or http:// on this machine) is accepted"));
    }
    if is_loopback_http(endpoint) || allow_plain_http {
        return Ok(());
    }
    Err(format!(
        "endpoint {endpoint} is plain http:// to another machine: requests (signed with your credentials) and \
evidence would cross the network in clear text; use https://, or pass --allow-insecure-endpoint if this is intended"
    ))
}

#[cfg(test)]
mod tests {
    use super::{endpoint_is_safe, partition_of_region};

    #[test]
    fn the_partition_follows_the_region() {
        for (region, partition) in [
            ("eu-west-1", "aws"),
            ("cn-north-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("", "aws"),
        ] {
            assert_eq!(partition_of_region(region), partition, "{region}");
        }
    }

    #[test]
    fn plain_http_only_on_loopback_unless_allowed() {
        for ok in [
            "https://ec2.eu-west-1.amazonaws.com",
            "http://127.0.0.1:5000",
            "http://localhost:4566/",
            "http://[::1]:80",
            "HTTP://127.9.9.9",
        ] {
            assert!(endpoint_is_safe(ok, false).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.5:4566",
            "http://moto.internal",
            "http://127.0.0.1.evil.example",
            "http://user@203.0.113.5",
            "ftp://x",
            "http://localhost.evil.example:80",
        ] {
            assert!(endpoint_is_safe(bad, false).is_err(), "{bad}");
        }
        assert!(endpoint_is_safe("http://10.0.0.5:4566", true).is_ok(), "explicitly allowed");
    }
}
