//! `ec2.copy_snapshots_to_account`: the forensic account takes its own copies of the
//! case's snapshots, through its own role, re-encrypted with its own KMS key.
//!
//! Sharing (`ec2.share_snapshots`) only lends the snapshots: the affected account can
//! unshare or delete them at any time, and an attacker who controls it can too. A copy
//! owned by the forensic account is out of the affected account's reach. The copy is made
//! by the forensic account (its role assumed with the case's credentials), so the affected
//! account is never given any access to the forensic account.

use cordon_core::ops;

use aws_sdk_ec2::types::{Filter, ResourceType, Snapshot, SnapshotAttributeName, Tag, TagSpecification};
use cordon_aws::ec2::CASE_TAG;
use cordon_aws::{Aws, RoleRequest, call};
use cordon_core::action::{
    Action, ActionDoc, CallLog, Change, Checkpoint, NoCallLog, Recorded, StepContext, StepPlan, Undo,
};
use cordon_core::ids::CaseId;
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::share_snapshots::{SOURCE_SNAPSHOT_TAG, copies_completed};

pub struct CopySnapshotsToAccount;

/// On a forensic copy: the account its source snapshot belongs to.
pub const SOURCE_ACCOUNT_TAG: &str = "cordon:source-account";

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.copy_snapshots_to_account",
    summary: "The forensic account copies the case's shared snapshots into its own, re-encrypted with its key",
    description: "Accepts only snapshots this case created (tagged `cordon:case`) that are already shared with the \
forensic account (`ec2.share_snapshots` with `share_with_account`). Assumes `role_arn` in the forensic account \
(the session named `cordon-<case>-forensic`) and, as that account, copies each snapshot (CopySnapshot), encrypted \
with the forensic account's customer-managed key `kms_key_id`, tagged with the case, the source snapshot and the \
source account, then waits for the copies. The copies belong to the forensic account: the affected account \
cannot unshare or delete them, and is given no access to the forensic account. The receipt records both sides \
of every copy. Re-running reuses copies an interrupted attempt started. The forensic role needs \
ec2:DescribeSnapshots, ec2:CopySnapshot and ec2:CreateTags, and use of its key (kms:CreateGrant, \
kms:GenerateDataKeyWithoutPlaintext, kms:ReEncrypt*, kms:Decrypt, kms:DescribeKey) and of the source's key for \
encrypted sources (granted by ec2.share_snapshots).",
    operations: &[
        ops::ec2::DESCRIBE_SNAPSHOTS,
        ops::ec2::DESCRIBE_SNAPSHOT_ATTRIBUTE,
        ops::sts::ASSUME_ROLE,
        ops::ec2::COPY_SNAPSHOT,
    ],
    implied: &[ops::ec2::CREATE_TAGS],
    inverse: &[],
    undo: "Not undone: the forensic account's copies are evidence, kept. (Undo of ec2.share_snapshots removes \
the affected account's sharing.)",
    example: "snapshot_ids: [snap-0123456789abcdef0]\nrole_arn: arn:aws:iam::999999999999:role/ForensicCopier\nkms_key_id: arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
};

fn default_timeout() -> u64 {
    3600
}

/// Parameters of `ec2.copy_snapshots_to_account`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The case's snapshots, shared with the forensic account (e.g.
    /// `{{ steps.share.outputs.snapshot_ids }}`).
    pub snapshot_ids: Vec<String>,
    /// The role in the forensic account that makes the copies.
    pub role_arn: String,
    /// The external id that role's trust policy asks for, if any.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The forensic account's customer-managed KMS key the copies are encrypted with.
    pub kms_key_id: String,
    /// The Region the shared snapshots are in (default: the case's); the copies are made there.
    #[serde(default)]
    pub region: Option<String>,
    /// How long to wait for the copies to complete (default 3600).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

/// One snapshot as the forensic account copied it: both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ForensicCopy {
    /// The affected account the snapshot was shared from.
    pub source_account: String,
    /// The case's snapshot (in the affected account).
    pub source_snapshot_id: String,
    /// The forensic account that owns the copy.
    pub forensic_account: String,
    /// The copy, owned by the forensic account.
    pub snapshot_id: String,
    /// The forensic account's key the copy is encrypted with.
    pub kms_key_id: String,
}

/// Receipt of `ec2.copy_snapshots_to_account`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// Both sides of every copy.
    pub copies: Vec<ForensicCopy>,
    /// The copies' ids in the forensic account.
    pub snapshot_ids: Vec<String>,
    /// The Region of the sources and the copies.
    pub region: String,
    /// The forensic account's role that made the copies.
    pub role_arn: String,
    /// Its session's name (`cordon-<case>-forensic`), as the forensic account's CloudTrail shows it.
    pub session_name: String,
    /// That session's access key id, as the forensic account's CloudTrail records it.
    pub access_key_id: Option<String>,
}

/// Each copy as soon as it is started (its source, its id): a re-run finds it by tag too.
const STARTED: Checkpoint<ForensicCopy> = Checkpoint::new("copy_started");

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build()
}

/// The case's snapshots, checked: created for this case, and shared with `account`.
async fn sources(
    aws: &Aws,
    log: &dyn CallLog,
    case: &CaseId,
    p: &Params,
    account: &str,
) -> Result<Vec<Snapshot>, ActionError> {
    cordon_aws::check_role_arn(&p.role_arn).map_err(ActionError::invalid)?;
    let out = call(
        log,
        ops::ec2::DESCRIBE_SNAPSHOTS,
        &p.snapshot_ids.join(","),
        aws.ec2.describe_snapshots().set_snapshot_ids(Some(p.snapshot_ids.clone())).send(),
    )
    .await?;
    let snaps = out.snapshots().to_vec();
    for s in &snaps {
        let id = s.snapshot_id().unwrap_or_default();
        if !s.tags().iter().any(|t| t.key() == Some(CASE_TAG) && t.value() == Some(case.as_str())) {
            return Err(ActionError::new(
                ErrorKind::Conflict,
                format!(
                    "not created by Cordon for case {case} (no {CASE_TAG} tag): Cordon copies only its own snapshots"
                ),
            )
            .on(id));
        }
        let attr = call(
            log,
            ops::ec2::DESCRIBE_SNAPSHOT_ATTRIBUTE,
            id,
            aws.ec2
                .describe_snapshot_attribute()
                .snapshot_id(id)
                .attribute(SnapshotAttributeName::CreateVolumePermission)
                .send(),
        )
        .await?;
        let shared = attr.create_volume_permissions().iter().any(|c| c.user_id() == Some(account));
        if !shared {
            return Err(ActionError::new(
                ErrorKind::Conflict,
                format!("not shared with the forensic account {account}: share it first (ec2.share_snapshots with share_with_account)"),
            )
            .on(id));
        }
    }
    Ok(snaps)
}

fn forensic_account(p: &Params) -> Result<String, ActionError> {
    cordon_aws::role_account(&p.role_arn)
        .map(str::to_string)
        .ok_or_else(|| ActionError::invalid(format!("{:?} is not a role ARN", p.role_arn)))
}

impl Action for CopySnapshotsToAccount {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let account = cordon_aws::role_account(&p.role_arn).unwrap_or("?");
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for id in &p.snapshot_ids {
            plan =
                plan.change(id, format!("copied into account {account} by its role, encrypted with {}", p.kms_key_id));
        }
        plan
    }

    async fn check(&self, aws: &Aws, case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let account = forensic_account(p)?;
        let snaps = sources(aws, &NoCallLog, case, p, &account).await?;
        Ok(self.plan(p).observe(format!("{} snapshot(s) of the case, shared with {account}", snaps.len())))
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let forensic = forensic_account(p)?;
        let snaps = sources(aws, ctx, ctx.case_id, p, &forensic).await?;
        let region = p.region.clone().or_else(|| aws.region().map(str::to_string)).unwrap_or_default();
        let req = RoleRequest {
            role_arn: p.role_arn.clone(),
            session_name: cordon_aws::session_name(ctx.case_id.as_str(), Some("forensic")),
            external_id: p.external_id.clone(),
            duration: None,
        };
        let (lab, role) = aws.assume(&req, Some(&region)).await?;
        let mut copies = Vec::new();
        for s in &snaps {
            let id = s.snapshot_id().unwrap_or_default().to_string();
            // A copy an interrupted attempt already started is found by its tags.
            let existing = call(
                ctx,
                ops::ec2::DESCRIBE_SNAPSHOTS,
                &id,
                lab.ec2
                    .describe_snapshots()
                    .owner_ids("self")
                    .filters(Filter::builder().name(format!("tag:{SOURCE_SNAPSHOT_TAG}")).values(&id).build())
                    .filters(Filter::builder().name(format!("tag:{CASE_TAG}")).values(ctx.case_id.as_str()).build())
                    .send(),
            )
            .await?;
            let copy_id = match existing.snapshots().first().and_then(|c| c.snapshot_id()) {
                Some(c) => c.to_string(),
                None => {
                    let tags = TagSpecification::builder()
                        .resource_type(ResourceType::Snapshot)
                        .tags(tag(CASE_TAG, ctx.case_id.as_str()))
                        .tags(tag(SOURCE_SNAPSHOT_TAG, &id))
                        .tags(tag(SOURCE_ACCOUNT_TAG, s.owner_id().unwrap_or_default()))
                        .build();
                    let out = call(
                        ctx,
                        ops::ec2::COPY_SNAPSHOT,
                        &id,
                        lab.ec2
                            .copy_snapshot()
                            .source_region(&region)
                            .source_snapshot_id(&id)
                            .encrypted(true)
                            .kms_key_id(&p.kms_key_id)
                            .description(format!("Cordon case {}: forensic copy of {id}", ctx.case_id))
                            .tag_specifications(tags)
                            .send(),
                    )
                    .await?;
                    out.snapshot_id().unwrap_or_default().to_string()
                }
            };
            let copy = ForensicCopy {
                source_account: s.owner_id().unwrap_or_default().to_string(),
                source_snapshot_id: id,
                forensic_account: forensic.clone(),
                snapshot_id: copy_id,
                kms_key_id: p.kms_key_id.clone(),
            };
            ctx.save(&STARTED, &copy)?;
            copies.push(copy);
        }
        let ids: Vec<String> = copies.iter().map(|c| c.snapshot_id.clone()).collect();
        if !ids.is_empty() {
            let what = format!("forensic copies {} in account {forensic}", ids.join(", "));
            copies_completed(ctx, &lab.ec2, &ids, &what, p.timeout_seconds).await?;
        }
        Ok(Receipt {
            snapshot_ids: ids,
            copies,
            region,
            role_arn: role.role_arn,
            session_name: role.session_name,
            access_key_id: role.access_key_id,
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.copies
            .iter()
            .map(|c| Change {
                resource: c.source_snapshot_id.clone(),
                description: format!(
                    "copied into account {} as {} (encrypted with {})",
                    c.forensic_account, c.snapshot_id, c.kms_key_id
                ),
            })
            .collect()
    }

    fn undo_recorded(&self, _p: &Params, _recorded: &Recorded<'_>) -> Undo {
        Undo::Irreversible { reason: "the forensic account's copies are evidence, kept".into() }
    }

    fn undo(&self, _p: &Params, _r: &Receipt) -> Undo {
        Undo::Irreversible { reason: "the forensic account's copies are evidence, kept".into() }
    }
}
