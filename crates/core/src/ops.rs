//! Every AWS operation Cordon calls, named as IAM names its permission: one definition
//! each. Actions declare the operations they call from these constants, `cordon_aws::call`
//! takes one, and `cargo xtask tidy` checks that every call site names an operation its
//! action declares. Whether an action mutates is derived from them.

use crate::op::Op;

/// Declares each service's operations as constants in a module of their own, and [`ALL`]
/// with every one of them, from a single list (nothing to keep in step by hand).
macro_rules! operations {
    ($($(#[$doc:meta])* $module:ident { $($name:ident = $kind:ident($permission:literal) $(on $arn:literal)?,)* })*) => {
        $(
            $(#[$doc])*
            pub mod $module {
                use super::Op;
                $(pub const $name: Op = Op::$kind($permission)$(.on($arn))?;)*
            }
        )*
        /// Every operation above, for checks over all of them.
        pub const ALL: &[Op] = &[$($($module::$name,)*)*];
    };
}

operations! {
    /// `athena:*`: timelines queried in place (`timeline build --engine athena`).
    athena {
        GET_QUERY_EXECUTION = read("athena:GetQueryExecution"),
        GET_QUERY_RESULTS = read("athena:GetQueryResults"),
        START_QUERY_EXECUTION = write("athena:StartQueryExecution"),
        STOP_QUERY_EXECUTION = write("athena:StopQueryExecution"),
    }
    /// `autoscaling:*`.
    autoscaling {
        ATTACH_INSTANCES = write("autoscaling:AttachInstances"),
        CREATE_AUTO_SCALING_GROUP = write("autoscaling:CreateAutoScalingGroup"),
        DELETE_AUTO_SCALING_GROUP = write("autoscaling:DeleteAutoScalingGroup"),
        DESCRIBE_AUTO_SCALING_GROUPS = read("autoscaling:DescribeAutoScalingGroups"),
        DESCRIBE_AUTO_SCALING_INSTANCES = read("autoscaling:DescribeAutoScalingInstances"),
        DESCRIBE_TAGS = read("autoscaling:DescribeTags"),
        DETACH_INSTANCES = write("autoscaling:DetachInstances"),
        ENTER_STANDBY = write("autoscaling:EnterStandby"),
        EXIT_STANDBY = write("autoscaling:ExitStandby"),
        SET_DESIRED_CAPACITY = write("autoscaling:SetDesiredCapacity"),
        SET_INSTANCE_PROTECTION = write("autoscaling:SetInstanceProtection"),
    }
    /// `cloudtrail:*`.
    cloudtrail {
        CANCEL_QUERY = write("cloudtrail:CancelQuery"),
        CREATE_TRAIL = write("cloudtrail:CreateTrail"),
        DELETE_TRAIL = write("cloudtrail:DeleteTrail"),
        DESCRIBE_QUERY = read("cloudtrail:DescribeQuery"),
        GET_QUERY_RESULTS = read("cloudtrail:GetQueryResults"),
        GET_TRAIL_STATUS = read("cloudtrail:GetTrailStatus"),
        LIST_PUBLIC_KEYS = read("cloudtrail:ListPublicKeys"),
        LIST_TAGS = read("cloudtrail:ListTags"),
        LOOKUP_EVENTS = read("cloudtrail:LookupEvents"),
        START_LOGGING = write("cloudtrail:StartLogging"),
        START_QUERY = write("cloudtrail:StartQuery"),
        STOP_LOGGING = write("cloudtrail:StopLogging"),
    }
    /// `ebs:*`: the EBS direct APIs (a snapshot's blocks).
    ebs {
        GET_SNAPSHOT_BLOCK = read("ebs:GetSnapshotBlock"),
        LIST_CHANGED_BLOCKS = read("ebs:ListChangedBlocks"),
        LIST_SNAPSHOT_BLOCKS = read("ebs:ListSnapshotBlocks"),
    }
    /// `ec2:*`.
    ec2 {
        ASSOCIATE_ADDRESS = write("ec2:AssociateAddress"),
        ASSOCIATE_IAM_INSTANCE_PROFILE = write("ec2:AssociateIamInstanceProfile"),
        AUTHORIZE_SECURITY_GROUP_EGRESS = write("ec2:AuthorizeSecurityGroupEgress"),
        AUTHORIZE_SECURITY_GROUP_INGRESS = write("ec2:AuthorizeSecurityGroupIngress"),
        COPY_SNAPSHOT = write("ec2:CopySnapshot"),
        CREATE_NETWORK_ACL = write("ec2:CreateNetworkAcl"),
        CREATE_NETWORK_ACL_ENTRY = write("ec2:CreateNetworkAclEntry"),
        CREATE_SECURITY_GROUP = write("ec2:CreateSecurityGroup"),
        CREATE_SNAPSHOTS = write("ec2:CreateSnapshots"),
        CREATE_TAGS = write("ec2:CreateTags"),
        CREATE_LAUNCH_TEMPLATE = write("ec2:CreateLaunchTemplate"),
        CREATE_SUBNET = write("ec2:CreateSubnet"),
        CREATE_VPC = write("ec2:CreateVpc"),
        DELETE_LAUNCH_TEMPLATE = write("ec2:DeleteLaunchTemplate"),
        DELETE_NETWORK_INTERFACE = write("ec2:DeleteNetworkInterface"),
        DELETE_SECURITY_GROUP = write("ec2:DeleteSecurityGroup"),
        DELETE_SNAPSHOT = write("ec2:DeleteSnapshot"),
        DELETE_SUBNET = write("ec2:DeleteSubnet"),
        DELETE_VOLUME = write("ec2:DeleteVolume"),
        DELETE_VPC = write("ec2:DeleteVpc"),
        DESCRIBE_ADDRESSES = read("ec2:DescribeAddresses"),
        DESCRIBE_FLOW_LOGS = read("ec2:DescribeFlowLogs"),
        DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS = read("ec2:DescribeIamInstanceProfileAssociations"),
        DESCRIBE_IMAGES = read("ec2:DescribeImages"),
        DESCRIBE_INSTANCE_ATTRIBUTE = read("ec2:DescribeInstanceAttribute"),
        DESCRIBE_INSTANCE_TYPES = read("ec2:DescribeInstanceTypes"),
        DESCRIBE_INSTANCES = read("ec2:DescribeInstances"),
        DESCRIBE_LAUNCH_TEMPLATES = read("ec2:DescribeLaunchTemplates"),
        DESCRIBE_LAUNCH_TEMPLATE_VERSIONS = read("ec2:DescribeLaunchTemplateVersions"),
        DESCRIBE_NETWORK_ACLS = read("ec2:DescribeNetworkAcls"),
        DESCRIBE_NETWORK_INTERFACES = read("ec2:DescribeNetworkInterfaces"),
        DESCRIBE_REGIONS = read("ec2:DescribeRegions"),
        DESCRIBE_ROUTE_TABLES = read("ec2:DescribeRouteTables"),
        DESCRIBE_SECURITY_GROUPS = read("ec2:DescribeSecurityGroups"),
        DESCRIBE_SNAPSHOT_ATTRIBUTE = read("ec2:DescribeSnapshotAttribute"),
        DESCRIBE_SNAPSHOTS = read("ec2:DescribeSnapshots"),
        DESCRIBE_SUBNETS = read("ec2:DescribeSubnets"),
        DESCRIBE_VOLUMES = read("ec2:DescribeVolumes"),
        DESCRIBE_VPC_ENDPOINTS = read("ec2:DescribeVpcEndpoints"),
        DESCRIBE_VPCS = read("ec2:DescribeVpcs"),
        DISASSOCIATE_ADDRESS = write("ec2:DisassociateAddress"),
        DISASSOCIATE_IAM_INSTANCE_PROFILE = write("ec2:DisassociateIamInstanceProfile"),
        GET_CONSOLE_OUTPUT = read("ec2:GetConsoleOutput"),
        MODIFY_INSTANCE_ATTRIBUTE = write("ec2:ModifyInstanceAttribute"),
        MODIFY_NETWORK_INTERFACE_ATTRIBUTE = write("ec2:ModifyNetworkInterfaceAttribute"),
        MODIFY_SNAPSHOT_ATTRIBUTE = write("ec2:ModifySnapshotAttribute"),
        REPLACE_NETWORK_ACL_ASSOCIATION = write("ec2:ReplaceNetworkAclAssociation"),
        REVOKE_SECURITY_GROUP_EGRESS = write("ec2:RevokeSecurityGroupEgress"),
        REVOKE_SECURITY_GROUP_INGRESS = write("ec2:RevokeSecurityGroupIngress"),
        RUN_INSTANCES = write("ec2:RunInstances"),
        START_INSTANCES = write("ec2:StartInstances"),
        STOP_INSTANCES = write("ec2:StopInstances"),
        TERMINATE_INSTANCES = write("ec2:TerminateInstances"),
    }
    /// `elasticloadbalancing:*`.
    elb {
        DEREGISTER_INSTANCES_FROM_LOAD_BALANCER = write("elasticloadbalancing:DeregisterInstancesFromLoadBalancer"),
        DEREGISTER_TARGETS = write("elasticloadbalancing:DeregisterTargets"),
        CREATE_LOAD_BALANCER = write("elasticloadbalancing:CreateLoadBalancer"),
        CREATE_TARGET_GROUP = write("elasticloadbalancing:CreateTargetGroup"),
        DELETE_LOAD_BALANCER = write("elasticloadbalancing:DeleteLoadBalancer"),
        DELETE_TARGET_GROUP = write("elasticloadbalancing:DeleteTargetGroup"),
        DESCRIBE_LOAD_BALANCERS = read("elasticloadbalancing:DescribeLoadBalancers"),
        DESCRIBE_TAGS = read("elasticloadbalancing:DescribeTags"),
        DESCRIBE_TARGET_GROUPS = read("elasticloadbalancing:DescribeTargetGroups"),
        DESCRIBE_TARGET_HEALTH = read("elasticloadbalancing:DescribeTargetHealth"),
        REGISTER_INSTANCES_WITH_LOAD_BALANCER = write("elasticloadbalancing:RegisterInstancesWithLoadBalancer"),
        REGISTER_TARGETS = write("elasticloadbalancing:RegisterTargets"),
    }
    /// `glue:*`: the definition of the table an Athena query reads.
    glue {
        GET_TABLE = read("glue:GetTable"),
    }
    /// `iam:*`.
    iam {
        ATTACH_USER_POLICY = write("iam:AttachUserPolicy") on "arn:${Partition}:iam::${Account}:user/*",
        ADD_ROLE_TO_INSTANCE_PROFILE = write("iam:AddRoleToInstanceProfile") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        ATTACH_ROLE_POLICY = write("iam:AttachRolePolicy") on "arn:${Partition}:iam::${Account}:role/*",
        CREATE_INSTANCE_PROFILE = write("iam:CreateInstanceProfile") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        CREATE_ROLE = write("iam:CreateRole") on "arn:${Partition}:iam::${Account}:role/*",
        DELETE_INSTANCE_PROFILE = write("iam:DeleteInstanceProfile") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        DELETE_ROLE = write("iam:DeleteRole") on "arn:${Partition}:iam::${Account}:role/*",
        DETACH_ROLE_POLICY = write("iam:DetachRolePolicy") on "arn:${Partition}:iam::${Account}:role/*",
        LIST_INSTANCE_PROFILES = read("iam:ListInstanceProfiles") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        LIST_ROLES = read("iam:ListRoles") on "arn:${Partition}:iam::${Account}:role/*",
        REMOVE_ROLE_FROM_INSTANCE_PROFILE = write("iam:RemoveRoleFromInstanceProfile") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        CREATE_ACCESS_KEY = write("iam:CreateAccessKey") on "arn:${Partition}:iam::${Account}:user/*",
        CREATE_USER = write("iam:CreateUser") on "arn:${Partition}:iam::${Account}:user/*",
        DEACTIVATE_MFA_DEVICE = write("iam:DeactivateMFADevice") on "arn:${Partition}:iam::${Account}:user/*",
        DELETE_ACCESS_KEY = write("iam:DeleteAccessKey") on "arn:${Partition}:iam::${Account}:user/*",
        DELETE_USER = write("iam:DeleteUser") on "arn:${Partition}:iam::${Account}:user/*",
        DETACH_USER_POLICY = write("iam:DetachUserPolicy") on "arn:${Partition}:iam::${Account}:user/*",
        DELETE_LOGIN_PROFILE = write("iam:DeleteLoginProfile") on "arn:${Partition}:iam::${Account}:user/*",
        DELETE_ROLE_POLICY = write("iam:DeleteRolePolicy") on "arn:${Partition}:iam::${Account}:role/*",
        DELETE_USER_POLICY = write("iam:DeleteUserPolicy") on "arn:${Partition}:iam::${Account}:user/*",
        GET_ACCESS_KEY_LAST_USED = read("iam:GetAccessKeyLastUsed") on "arn:${Partition}:iam::${Account}:user/*",
        GET_INSTANCE_PROFILE = read("iam:GetInstanceProfile") on "arn:${Partition}:iam::${Account}:instance-profile/*",
        GET_LOGIN_PROFILE = read("iam:GetLoginProfile") on "arn:${Partition}:iam::${Account}:user/*",
        GET_POLICY = read("iam:GetPolicy") on "arn:${Partition}:iam::*:policy/*",
        GET_POLICY_VERSION = read("iam:GetPolicyVersion") on "arn:${Partition}:iam::*:policy/*",
        GET_ROLE = read("iam:GetRole") on "arn:${Partition}:iam::${Account}:role/*",
        GET_ROLE_POLICY = read("iam:GetRolePolicy") on "arn:${Partition}:iam::${Account}:role/*",
        GET_USER = read("iam:GetUser") on "arn:${Partition}:iam::${Account}:user/*",
        GET_USER_POLICY = read("iam:GetUserPolicy") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_ACCESS_KEYS = read("iam:ListAccessKeys") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_ATTACHED_ROLE_POLICIES = read("iam:ListAttachedRolePolicies") on "arn:${Partition}:iam::${Account}:role/*",
        LIST_ATTACHED_USER_POLICIES = read("iam:ListAttachedUserPolicies") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_GROUPS_FOR_USER = read("iam:ListGroupsForUser") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_INSTANCE_PROFILES_FOR_ROLE = read("iam:ListInstanceProfilesForRole") on "arn:${Partition}:iam::${Account}:role/*",
        LIST_MFA_DEVICES = read("iam:ListMFADevices") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_ROLE_POLICIES = read("iam:ListRolePolicies") on "arn:${Partition}:iam::${Account}:role/*",
        LIST_USER_POLICIES = read("iam:ListUserPolicies") on "arn:${Partition}:iam::${Account}:user/*",
        LIST_USERS = read("iam:ListUsers") on "arn:${Partition}:iam::${Account}:user/*",
        PASS_ROLE = write("iam:PassRole") on "arn:${Partition}:iam::${Account}:role/*",
        PUT_ROLE_POLICY = write("iam:PutRolePolicy") on "arn:${Partition}:iam::${Account}:role/*",
        PUT_USER_POLICY = write("iam:PutUserPolicy") on "arn:${Partition}:iam::${Account}:user/*",
        TAG_USER = write("iam:TagUser") on "arn:${Partition}:iam::${Account}:user/*",
        UPDATE_ACCESS_KEY = write("iam:UpdateAccessKey") on "arn:${Partition}:iam::${Account}:user/*",
    }
    /// `kms:*`.
    kms {
        CREATE_GRANT = write("kms:CreateGrant"),
        DECRYPT = write("kms:Decrypt"),
        GENERATE_DATA_KEY_WITHOUT_PLAINTEXT = write("kms:GenerateDataKeyWithoutPlaintext"),
        RE_ENCRYPT_FROM = write("kms:ReEncryptFrom"),
        RE_ENCRYPT_TO = write("kms:ReEncryptTo"),
        DESCRIBE_KEY = read("kms:DescribeKey"),
        REVOKE_GRANT = write("kms:RevokeGrant"),
    }
    /// `guardduty:*`.
    guardduty {
        CREATE_DETECTOR = write("guardduty:CreateDetector"),
        DELETE_DETECTOR = write("guardduty:DeleteDetector"),
        GET_DETECTOR = read("guardduty:GetDetector"),
        GET_FINDINGS = read("guardduty:GetFindings"),
        LIST_DETECTORS = read("guardduty:ListDetectors"),
        LIST_FINDINGS = read("guardduty:ListFindings"),
    }
    /// `logs:*`: CloudWatch Logs.
    logs {
        FILTER_LOG_EVENTS = read("logs:FilterLogEvents"),
    }
    /// `s3:*`.
    s3 {
        CREATE_BUCKET = write("s3:CreateBucket") on "arn:${Partition}:s3:::*",
        DELETE_BUCKET = write("s3:DeleteBucket") on "arn:${Partition}:s3:::*",
        DELETE_BUCKET_POLICY = write("s3:DeleteBucketPolicy") on "arn:${Partition}:s3:::*",
        DELETE_OBJECT = write("s3:DeleteObject") on "arn:${Partition}:s3:::*/*",
        DELETE_OBJECT_VERSION = write("s3:DeleteObjectVersion") on "arn:${Partition}:s3:::*/*",
        GET_BUCKET_ACL = read("s3:GetBucketAcl") on "arn:${Partition}:s3:::*",
        GET_BUCKET_OBJECT_LOCK_CONFIGURATION = read("s3:GetBucketObjectLockConfiguration") on "arn:${Partition}:s3:::*",
        GET_BUCKET_OWNERSHIP_CONTROLS = read("s3:GetBucketOwnershipControls") on "arn:${Partition}:s3:::*",
        GET_BUCKET_POLICY = read("s3:GetBucketPolicy") on "arn:${Partition}:s3:::*",
        GET_BUCKET_TAGGING = read("s3:GetBucketTagging") on "arn:${Partition}:s3:::*",
        GET_BUCKET_PUBLIC_ACCESS_BLOCK = read("s3:GetBucketPublicAccessBlock") on "arn:${Partition}:s3:::*",
        GET_BUCKET_VERSIONING = read("s3:GetBucketVersioning") on "arn:${Partition}:s3:::*",
        GET_OBJECT = read("s3:GetObject") on "arn:${Partition}:s3:::*/*",
        GET_OBJECT_VERSION = read("s3:GetObjectVersion") on "arn:${Partition}:s3:::*/*",
        LIST_ALL_MY_BUCKETS = read("s3:ListAllMyBuckets"),
        LIST_BUCKET = read("s3:ListBucket") on "arn:${Partition}:s3:::*",
        LIST_BUCKET_VERSIONS = read("s3:ListBucketVersions") on "arn:${Partition}:s3:::*",
        PUT_BUCKET_POLICY = write("s3:PutBucketPolicy") on "arn:${Partition}:s3:::*",
        PUT_BUCKET_PUBLIC_ACCESS_BLOCK = write("s3:PutBucketPublicAccessBlock") on "arn:${Partition}:s3:::*",
        PUT_BUCKET_TAGGING = write("s3:PutBucketTagging") on "arn:${Partition}:s3:::*",
        PUT_BUCKET_VERSIONING = write("s3:PutBucketVersioning") on "arn:${Partition}:s3:::*",
        PUT_LIFECYCLE_CONFIGURATION = write("s3:PutLifecycleConfiguration") on "arn:${Partition}:s3:::*",
        PUT_OBJECT = write("s3:PutObject") on "arn:${Partition}:s3:::*/*",
        PUT_OBJECT_LEGAL_HOLD = write("s3:PutObjectLegalHold") on "arn:${Partition}:s3:::*/*",
        PUT_OBJECT_RETENTION = write("s3:PutObjectRetention") on "arn:${Partition}:s3:::*/*",
    }
    /// `securityhub:*`.
    securityhub {
        GET_FINDINGS = read("securityhub:GetFindings"),
    }
    /// `ssm:*`: Systems Manager (managed instances, Run Command).
    ssm {
        CANCEL_COMMAND = write("ssm:CancelCommand"),
        DESCRIBE_INSTANCE_INFORMATION = read("ssm:DescribeInstanceInformation"),
        GET_PARAMETER = read("ssm:GetParameter"),
        GET_COMMAND_INVOCATION = read("ssm:GetCommandInvocation"),
        SEND_COMMAND = write("ssm:SendCommand"),
    }
    /// `organizations:*`: the accounts of an organization (`--org`).
    organizations {
        LIST_ACCOUNTS = read("organizations:ListAccounts"),
        LIST_ACCOUNTS_FOR_PARENT = read("organizations:ListAccountsForParent"),
        LIST_ORGANIZATIONAL_UNITS_FOR_PARENT = read("organizations:ListOrganizationalUnitsForParent"),
    }
    /// `sts:*`.
    sts {
        GET_CALLER_IDENTITY = read("sts:GetCallerIdentity"),
        ASSUME_ROLE = write("sts:AssumeRole"),
    }
}
