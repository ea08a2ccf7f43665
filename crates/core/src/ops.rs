//! Every AWS operation Cordon calls, named as IAM names its permission: one definition
//! each. Actions declare the operations they call from these constants, `cordon_aws::call`
//! takes one, and `cargo xtask tidy` checks that every call site names an operation its
//! action declares. Whether an action mutates is derived from them.

use crate::op::Op;

/// `autoscaling:*`.
pub mod autoscaling {
    use super::Op;
    pub const ATTACH_INSTANCES: Op = Op::write("autoscaling:AttachInstances");
    pub const DESCRIBE_AUTO_SCALING_GROUPS: Op = Op::read("autoscaling:DescribeAutoScalingGroups");
    pub const DESCRIBE_AUTO_SCALING_INSTANCES: Op = Op::read("autoscaling:DescribeAutoScalingInstances");
    pub const DETACH_INSTANCES: Op = Op::write("autoscaling:DetachInstances");
    pub const ENTER_STANDBY: Op = Op::write("autoscaling:EnterStandby");
    pub const EXIT_STANDBY: Op = Op::write("autoscaling:ExitStandby");
    pub const SET_DESIRED_CAPACITY: Op = Op::write("autoscaling:SetDesiredCapacity");
    pub const SET_INSTANCE_PROTECTION: Op = Op::write("autoscaling:SetInstanceProtection");
}

/// `cloudtrail:*`.
pub mod cloudtrail {
    use super::Op;
    pub const LIST_PUBLIC_KEYS: Op = Op::read("cloudtrail:ListPublicKeys");
    pub const LOOKUP_EVENTS: Op = Op::read("cloudtrail:LookupEvents");
}

/// `ec2:*`.
pub mod ec2 {
    use super::Op;
    pub const ASSOCIATE_ADDRESS: Op = Op::write("ec2:AssociateAddress");
    pub const ASSOCIATE_IAM_INSTANCE_PROFILE: Op = Op::write("ec2:AssociateIamInstanceProfile");
    pub const AUTHORIZE_SECURITY_GROUP_EGRESS: Op = Op::write("ec2:AuthorizeSecurityGroupEgress");
    pub const AUTHORIZE_SECURITY_GROUP_INGRESS: Op = Op::write("ec2:AuthorizeSecurityGroupIngress");
    pub const COPY_SNAPSHOT: Op = Op::write("ec2:CopySnapshot");
    pub const CREATE_NETWORK_ACL: Op = Op::write("ec2:CreateNetworkAcl");
    pub const CREATE_NETWORK_ACL_ENTRY: Op = Op::write("ec2:CreateNetworkAclEntry");
    pub const CREATE_SECURITY_GROUP: Op = Op::write("ec2:CreateSecurityGroup");
    pub const CREATE_SNAPSHOTS: Op = Op::write("ec2:CreateSnapshots");
    pub const CREATE_TAGS: Op = Op::write("ec2:CreateTags");
    pub const DESCRIBE_ADDRESSES: Op = Op::read("ec2:DescribeAddresses");
    pub const DESCRIBE_FLOW_LOGS: Op = Op::read("ec2:DescribeFlowLogs");
    pub const DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS: Op = Op::read("ec2:DescribeIamInstanceProfileAssociations");
    pub const DESCRIBE_IMAGES: Op = Op::read("ec2:DescribeImages");
    pub const DESCRIBE_INSTANCE_ATTRIBUTE: Op = Op::read("ec2:DescribeInstanceAttribute");
    pub const DESCRIBE_INSTANCE_TYPES: Op = Op::read("ec2:DescribeInstanceTypes");
    pub const DESCRIBE_INSTANCES: Op = Op::read("ec2:DescribeInstances");
    pub const DESCRIBE_LAUNCH_TEMPLATE_VERSIONS: Op = Op::read("ec2:DescribeLaunchTemplateVersions");
    pub const DESCRIBE_NETWORK_ACLS: Op = Op::read("ec2:DescribeNetworkAcls");
    pub const DESCRIBE_NETWORK_INTERFACES: Op = Op::read("ec2:DescribeNetworkInterfaces");
    pub const DESCRIBE_ROUTE_TABLES: Op = Op::read("ec2:DescribeRouteTables");
    pub const DESCRIBE_SECURITY_GROUPS: Op = Op::read("ec2:DescribeSecurityGroups");
    pub const DESCRIBE_SNAPSHOTS: Op = Op::read("ec2:DescribeSnapshots");
    pub const DESCRIBE_VOLUMES: Op = Op::read("ec2:DescribeVolumes");
    pub const DESCRIBE_VPC_ENDPOINTS: Op = Op::read("ec2:DescribeVpcEndpoints");
    pub const DISASSOCIATE_ADDRESS: Op = Op::write("ec2:DisassociateAddress");
    pub const DISASSOCIATE_IAM_INSTANCE_PROFILE: Op = Op::write("ec2:DisassociateIamInstanceProfile");
    pub const GET_CONSOLE_OUTPUT: Op = Op::read("ec2:GetConsoleOutput");
    pub const MODIFY_INSTANCE_ATTRIBUTE: Op = Op::write("ec2:ModifyInstanceAttribute");
    pub const MODIFY_NETWORK_INTERFACE_ATTRIBUTE: Op = Op::write("ec2:ModifyNetworkInterfaceAttribute");
    pub const MODIFY_SNAPSHOT_ATTRIBUTE: Op = Op::write("ec2:ModifySnapshotAttribute");
    pub const REPLACE_NETWORK_ACL_ASSOCIATION: Op = Op::write("ec2:ReplaceNetworkAclAssociation");
    pub const REVOKE_SECURITY_GROUP_EGRESS: Op = Op::write("ec2:RevokeSecurityGroupEgress");
    pub const START_INSTANCES: Op = Op::write("ec2:StartInstances");
    pub const STOP_INSTANCES: Op = Op::write("ec2:StopInstances");
}

/// `elasticloadbalancing:*`.
pub mod elb {
    use super::Op;
    pub const DEREGISTER_INSTANCES_FROM_LOAD_BALANCER: Op =
        Op::write("elasticloadbalancing:DeregisterInstancesFromLoadBalancer");
    pub const DEREGISTER_TARGETS: Op = Op::write("elasticloadbalancing:DeregisterTargets");
    pub const DESCRIBE_LOAD_BALANCERS: Op = Op::read("elasticloadbalancing:DescribeLoadBalancers");
    pub const DESCRIBE_TARGET_GROUPS: Op = Op::read("elasticloadbalancing:DescribeTargetGroups");
    pub const DESCRIBE_TARGET_HEALTH: Op = Op::read("elasticloadbalancing:DescribeTargetHealth");
    pub const REGISTER_INSTANCES_WITH_LOAD_BALANCER: Op =
        Op::write("elasticloadbalancing:RegisterInstancesWithLoadBalancer");
    pub const REGISTER_TARGETS: Op = Op::write("elasticloadbalancing:RegisterTargets");
}

/// `iam:*`.
pub mod iam {
    use super::Op;
    pub const DEACTIVATE_MFA_DEVICE: Op =
        Op::write("iam:DeactivateMFADevice").on("arn:${Partition}:iam::${Account}:user/*");
    pub const DELETE_LOGIN_PROFILE: Op =
        Op::write("iam:DeleteLoginProfile").on("arn:${Partition}:iam::${Account}:user/*");
    pub const DELETE_ROLE_POLICY: Op = Op::write("iam:DeleteRolePolicy").on("arn:${Partition}:iam::${Account}:role/*");
    pub const DELETE_USER_POLICY: Op = Op::write("iam:DeleteUserPolicy").on("arn:${Partition}:iam::${Account}:user/*");
    pub const GET_ACCESS_KEY_LAST_USED: Op =
        Op::read("iam:GetAccessKeyLastUsed").on("arn:${Partition}:iam::${Account}:user/*");
    pub const GET_INSTANCE_PROFILE: Op =
        Op::read("iam:GetInstanceProfile").on("arn:${Partition}:iam::${Account}:instance-profile/*");
    pub const GET_LOGIN_PROFILE: Op = Op::read("iam:GetLoginProfile").on("arn:${Partition}:iam::${Account}:user/*");
    pub const GET_POLICY: Op = Op::read("iam:GetPolicy").on("arn:${Partition}:iam::*:policy/*");
    pub const GET_POLICY_VERSION: Op = Op::read("iam:GetPolicyVersion").on("arn:${Partition}:iam::*:policy/*");
    pub const GET_ROLE: Op = Op::read("iam:GetRole").on("arn:${Partition}:iam::${Account}:role/*");
    pub const GET_ROLE_POLICY: Op = Op::read("iam:GetRolePolicy").on("arn:${Partition}:iam::${Account}:role/*");
    pub const GET_USER: Op = Op::read("iam:GetUser").on("arn:${Partition}:iam::${Account}:user/*");
    pub const GET_USER_POLICY: Op = Op::read("iam:GetUserPolicy").on("arn:${Partition}:iam::${Account}:user/*");
    pub const LIST_ACCESS_KEYS: Op = Op::read("iam:ListAccessKeys").on("arn:${Partition}:iam::${Account}:user/*");
    pub const LIST_ATTACHED_ROLE_POLICIES: Op =
        Op::read("iam:ListAttachedRolePolicies").on("arn:${Partition}:iam::${Account}:role/*");
    pub const LIST_ATTACHED_USER_POLICIES: Op =
        Op::read("iam:ListAttachedUserPolicies").on("arn:${Partition}:iam::${Account}:user/*");
    pub const LIST_GROUPS_FOR_USER: Op =
        Op::read("iam:ListGroupsForUser").on("arn:${Partition}:iam::${Account}:user/*");
    pub const LIST_INSTANCE_PROFILES_FOR_ROLE: Op =
        Op::read("iam:ListInstanceProfilesForRole").on("arn:${Partition}:iam::${Account}:role/*");
    pub const LIST_MFA_DEVICES: Op = Op::read("iam:ListMFADevices").on("arn:${Partition}:iam::${Account}:user/*");
    pub const LIST_ROLE_POLICIES: Op = Op::read("iam:ListRolePolicies").on("arn:${Partition}:iam::${Account}:role/*");
    pub const LIST_USER_POLICIES: Op = Op::read("iam:ListUserPolicies").on("arn:${Partition}:iam::${Account}:user/*");
    pub const PASS_ROLE: Op = Op::write("iam:PassRole").on("arn:${Partition}:iam::${Account}:role/*");
    pub const PUT_ROLE_POLICY: Op = Op::write("iam:PutRolePolicy").on("arn:${Partition}:iam::${Account}:role/*");
    pub const PUT_USER_POLICY: Op = Op::write("iam:PutUserPolicy").on("arn:${Partition}:iam::${Account}:user/*");
    pub const UPDATE_ACCESS_KEY: Op = Op::write("iam:UpdateAccessKey").on("arn:${Partition}:iam::${Account}:user/*");
}

/// `kms:*`.
pub mod kms {
    use super::Op;
    pub const CREATE_GRANT: Op = Op::write("kms:CreateGrant");
    pub const DECRYPT: Op = Op::write("kms:Decrypt");
    pub const GENERATE_DATA_KEY_WITHOUT_PLAINTEXT: Op = Op::write("kms:GenerateDataKeyWithoutPlaintext");
    pub const RE_ENCRYPT_FROM: Op = Op::write("kms:ReEncryptFrom");
    pub const RE_ENCRYPT_TO: Op = Op::write("kms:ReEncryptTo");
    pub const DESCRIBE_KEY: Op = Op::read("kms:DescribeKey");
    pub const REVOKE_GRANT: Op = Op::write("kms:RevokeGrant");
}

/// `s3:*`.
pub mod s3 {
    use super::Op;
    pub const DELETE_BUCKET: Op = Op::write("s3:DeleteBucket").on("arn:${Partition}:s3:::*");
    pub const DELETE_BUCKET_POLICY: Op = Op::write("s3:DeleteBucketPolicy").on("arn:${Partition}:s3:::*");
    pub const DELETE_OBJECT: Op = Op::write("s3:DeleteObject").on("arn:${Partition}:s3:::*/*");
    pub const DELETE_OBJECT_VERSION: Op = Op::write("s3:DeleteObjectVersion").on("arn:${Partition}:s3:::*/*");
    pub const GET_BUCKET_ACL: Op = Op::read("s3:GetBucketAcl").on("arn:${Partition}:s3:::*");
    pub const GET_BUCKET_OBJECT_LOCK_CONFIGURATION: Op =
        Op::read("s3:GetBucketObjectLockConfiguration").on("arn:${Partition}:s3:::*");
    pub const GET_BUCKET_OWNERSHIP_CONTROLS: Op =
        Op::read("s3:GetBucketOwnershipControls").on("arn:${Partition}:s3:::*");
    pub const GET_BUCKET_POLICY: Op = Op::read("s3:GetBucketPolicy").on("arn:${Partition}:s3:::*");
    pub const GET_BUCKET_PUBLIC_ACCESS_BLOCK: Op =
        Op::read("s3:GetBucketPublicAccessBlock").on("arn:${Partition}:s3:::*");
    pub const GET_BUCKET_VERSIONING: Op = Op::read("s3:GetBucketVersioning").on("arn:${Partition}:s3:::*");
    pub const GET_OBJECT: Op = Op::read("s3:GetObject").on("arn:${Partition}:s3:::*/*");
    pub const LIST_BUCKET: Op = Op::read("s3:ListBucket").on("arn:${Partition}:s3:::*");
    pub const PUT_BUCKET_POLICY: Op = Op::write("s3:PutBucketPolicy").on("arn:${Partition}:s3:::*");
    pub const PUT_BUCKET_PUBLIC_ACCESS_BLOCK: Op =
        Op::write("s3:PutBucketPublicAccessBlock").on("arn:${Partition}:s3:::*");
    pub const PUT_BUCKET_VERSIONING: Op = Op::write("s3:PutBucketVersioning").on("arn:${Partition}:s3:::*");
    pub const PUT_LIFECYCLE_CONFIGURATION: Op = Op::write("s3:PutLifecycleConfiguration").on("arn:${Partition}:s3:::*");
    pub const PUT_OBJECT: Op = Op::write("s3:PutObject").on("arn:${Partition}:s3:::*/*");
    pub const PUT_OBJECT_LEGAL_HOLD: Op = Op::write("s3:PutObjectLegalHold").on("arn:${Partition}:s3:::*/*");
    pub const PUT_OBJECT_RETENTION: Op = Op::write("s3:PutObjectRetention").on("arn:${Partition}:s3:::*/*");
}

/// `sts:*`.
pub mod sts {
    use super::Op;
    pub const GET_CALLER_IDENTITY: Op = Op::read("sts:GetCallerIdentity");
}

/// Every operation above, for checks over all of them.
pub const ALL: &[Op] = &[
    autoscaling::ATTACH_INSTANCES,
    autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
    autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
    autoscaling::DETACH_INSTANCES,
    autoscaling::ENTER_STANDBY,
    autoscaling::EXIT_STANDBY,
    autoscaling::SET_DESIRED_CAPACITY,
    autoscaling::SET_INSTANCE_PROTECTION,
    cloudtrail::LIST_PUBLIC_KEYS,
    cloudtrail::LOOKUP_EVENTS,
    ec2::ASSOCIATE_ADDRESS,
    ec2::ASSOCIATE_IAM_INSTANCE_PROFILE,
    ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
    ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
    ec2::COPY_SNAPSHOT,
    ec2::CREATE_NETWORK_ACL,
    ec2::CREATE_NETWORK_ACL_ENTRY,
    ec2::CREATE_SECURITY_GROUP,
    ec2::CREATE_SNAPSHOTS,
    ec2::CREATE_TAGS,
    ec2::DESCRIBE_ADDRESSES,
    ec2::DESCRIBE_FLOW_LOGS,
    ec2::DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS,
    ec2::DESCRIBE_IMAGES,
    ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
    ec2::DESCRIBE_INSTANCE_TYPES,
    ec2::DESCRIBE_INSTANCES,
    ec2::DESCRIBE_LAUNCH_TEMPLATE_VERSIONS,
    ec2::DESCRIBE_NETWORK_ACLS,
    ec2::DESCRIBE_NETWORK_INTERFACES,
    ec2::DESCRIBE_ROUTE_TABLES,
    ec2::DESCRIBE_SECURITY_GROUPS,
    ec2::DESCRIBE_SNAPSHOTS,
    ec2::DESCRIBE_VOLUMES,
    ec2::DESCRIBE_VPC_ENDPOINTS,
    ec2::DISASSOCIATE_ADDRESS,
    ec2::DISASSOCIATE_IAM_INSTANCE_PROFILE,
    ec2::GET_CONSOLE_OUTPUT,
    ec2::MODIFY_INSTANCE_ATTRIBUTE,
    ec2::MODIFY_NETWORK_INTERFACE_ATTRIBUTE,
    ec2::MODIFY_SNAPSHOT_ATTRIBUTE,
    ec2::REPLACE_NETWORK_ACL_ASSOCIATION,
    ec2::REVOKE_SECURITY_GROUP_EGRESS,
    ec2::START_INSTANCES,
    ec2::STOP_INSTANCES,
    elb::DEREGISTER_INSTANCES_FROM_LOAD_BALANCER,
    elb::DEREGISTER_TARGETS,
    elb::DESCRIBE_LOAD_BALANCERS,
    elb::DESCRIBE_TARGET_GROUPS,
    elb::DESCRIBE_TARGET_HEALTH,
    elb::REGISTER_INSTANCES_WITH_LOAD_BALANCER,
    elb::REGISTER_TARGETS,
    iam::DEACTIVATE_MFA_DEVICE,
    iam::DELETE_LOGIN_PROFILE,
    iam::DELETE_ROLE_POLICY,
    iam::DELETE_USER_POLICY,
    iam::GET_ACCESS_KEY_LAST_USED,
    iam::GET_INSTANCE_PROFILE,
    iam::GET_LOGIN_PROFILE,
    iam::GET_POLICY,
    iam::GET_POLICY_VERSION,
    iam::GET_ROLE,
    iam::GET_ROLE_POLICY,
    iam::GET_USER,
    iam::GET_USER_POLICY,
    iam::LIST_ACCESS_KEYS,
    iam::LIST_ATTACHED_ROLE_POLICIES,
    iam::LIST_ATTACHED_USER_POLICIES,
    iam::LIST_GROUPS_FOR_USER,
    iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
    iam::LIST_MFA_DEVICES,
    iam::LIST_ROLE_POLICIES,
    iam::LIST_USER_POLICIES,
    iam::PASS_ROLE,
    iam::PUT_ROLE_POLICY,
    iam::PUT_USER_POLICY,
    iam::UPDATE_ACCESS_KEY,
    kms::CREATE_GRANT,
    kms::DECRYPT,
    kms::GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
    kms::RE_ENCRYPT_FROM,
    kms::RE_ENCRYPT_TO,
    kms::DESCRIBE_KEY,
    kms::REVOKE_GRANT,
    s3::DELETE_BUCKET,
    s3::DELETE_BUCKET_POLICY,
    s3::DELETE_OBJECT,
    s3::DELETE_OBJECT_VERSION,
    s3::GET_BUCKET_ACL,
    s3::GET_BUCKET_OBJECT_LOCK_CONFIGURATION,
    s3::GET_BUCKET_OWNERSHIP_CONTROLS,
    s3::GET_BUCKET_POLICY,
    s3::GET_BUCKET_PUBLIC_ACCESS_BLOCK,
    s3::GET_BUCKET_VERSIONING,
    s3::GET_OBJECT,
    s3::LIST_BUCKET,
    s3::PUT_BUCKET_POLICY,
    s3::PUT_BUCKET_PUBLIC_ACCESS_BLOCK,
    s3::PUT_BUCKET_VERSIONING,
    s3::PUT_LIFECYCLE_CONFIGURATION,
    s3::PUT_OBJECT,
    s3::PUT_OBJECT_LEGAL_HOLD,
    s3::PUT_OBJECT_RETENTION,
    sts::GET_CALLER_IDENTITY,
];
