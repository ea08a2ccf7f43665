//! `ec2.share_snapshots`: copy Cordon's evidence snapshots to another Region and/or share
//! them with a forensic account. Only snapshots this case created (tagged with its id)
//! are accepted. An encrypted snapshot is shared only as a copy re-encrypted with the
//! customer-managed KMS key the playbook names, whose use is granted to the account.

use cordon_core::ops;
use std::time::Duration;

use aws_sdk_ec2::types::{
    Filter, OperationType, ResourceType, Snapshot, SnapshotAttributeName, SnapshotState, Tag, TagSpecification,
};
use aws_sdk_kms::types::GrantOperation;
use cordon_aws::ec2::CASE_TAG;
use cordon_aws::{Aws, call, poll_until};
use cordon_core::action::{Action, ActionDoc, Change, Checkpoint, Recorded, StepContext, StepPlan, Undo, UndoStep};
use cordon_core::ids::{AccountId, CaseId};
use cordon_core::{ActionError, ErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ec2::snapshot_volumes::{STEP_TAG, step_tag_value};

pub struct ShareSnapshots;

/// On a copy: the snapshot it was copied from.
pub const SOURCE_SNAPSHOT_TAG: &str = "cordon:source-snapshot";

pub(crate) static DOC: ActionDoc = ActionDoc {
    name: "ec2.share_snapshots",
    summary: "Copy the case's snapshots to another Region and/or share them with a forensic account",
    description: "Accepts only snapshots this case created (tagged `cordon:case` with the case id): Cordon \
never shares anything else. With `copy_to_region`, each snapshot is copied there (CopySnapshot), tagged with \
the case and its source, and waited on. With `share_with_account`, the snapshots (or their copies) get a \
create-volume permission for that account; an encrypted snapshot is first copied re-encrypted with the \
customer-managed key `kms_key_id` (an AWS-managed key cannot be shared), and a KMS grant lets the account use \
that key. Re-running reuses copies an interrupted attempt started.",
    operations: &[
        ops::ec2::DESCRIBE_SNAPSHOTS,
        ops::ec2::COPY_SNAPSHOT,
        ops::ec2::MODIFY_SNAPSHOT_ATTRIBUTE,
        ops::kms::CREATE_GRANT,
    ],
    // Copies are tagged as they are made; EC2 uses the keys on the caller's behalf to copy
    // an encrypted snapshot and re-encrypt it with `kms_key_id`.
    implied: &[
        ops::ec2::CREATE_TAGS,
        ops::kms::DESCRIBE_KEY,
        ops::kms::DECRYPT,
        ops::kms::GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
        ops::kms::RE_ENCRYPT_FROM,
        ops::kms::RE_ENCRYPT_TO,
    ],
    inverse: &[&crate::ec2::unshare_snapshots::DOC],
    undo: "ec2.unshare_snapshots: the account's create-volume permission is removed and the KMS grant revoked. \
Copies are evidence and are kept.",
    example: "snapshot_ids: [snap-0123456789abcdef0, snap-0fedcba9876543210]\ncopy_to_region: eu-central-1\nshare_with_account: \"111122223333\"\nkms_key_id: arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
};

fn default_timeout() -> u64 {
    3600
}

/// Parameters of `ec2.share_snapshots`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The case's snapshots (e.g. `{{ steps.snapshot.outputs.snapshot_ids }}`).
    pub snapshot_ids: Vec<String>,
    /// Copy the snapshots to this Region; the copies are what is shared.
    #[serde(default)]
    pub copy_to_region: Option<String>,
    /// The forensic account that may create volumes from them.
    #[serde(default)]
    pub share_with_account: Option<AccountId>,
    /// Customer-managed KMS key (id or ARN, in the destination Region) that encrypted
    /// snapshots are re-encrypted with before sharing. Required to share encrypted ones.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// How long to wait for copies to complete (default 3600).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

/// One snapshot as shared or copied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SharedSnapshot {
    /// The case's original snapshot.
    pub source_snapshot_id: String,
    /// The snapshot that was shared or is the copy (the source itself when not copied).
    pub snapshot_id: String,
    /// The Region `snapshot_id` is in.
    pub region: String,
    pub encrypted: bool,
    /// The key a copy was encrypted with.
    pub kms_key_id: Option<String>,
}

/// Receipt of `ec2.share_snapshots`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// Each snapshot with what was done with it.
    pub snapshots: Vec<SharedSnapshot>,
    /// The snapshot ids in the destination (copies, or the sources).
    pub snapshot_ids: Vec<String>,
    /// The account they were shared with, if any.
    pub shared_with: Option<String>,
    /// The KMS grant giving that account use of the key, if one was needed.
    pub grant_id: Option<String>,
    /// The destination Region.
    pub region: String,
}

/// What is about to be shared, saved before the first grant or permission: a failed or
/// interrupted attempt is undone from it (unshared), so nothing stays shared unrecorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sharing {
    snapshot_ids: Vec<String>,
    region: String,
    account: String,
}

const SHARING: Checkpoint<Sharing> = Checkpoint::new("sharing");

/// The KMS grant, saved as soon as it exists (the grant is named, so a re-run gets the
/// same one back).
const GRANT: Checkpoint<String> = Checkpoint::new("grant_id");

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build()
}

fn has_tag(s: &Snapshot, k: &str, v: &str) -> bool {
    s.tags().iter().any(|t| t.key() == Some(k) && t.value() == Some(v))
}

async fn sources(
    aws: &Aws,
    log: &dyn cordon_core::action::CallLog,
    case: &CaseId,
    p: &Params,
) -> Result<Vec<Snapshot>, ActionError> {
    if p.copy_to_region.is_none() && p.share_with_account.is_none() {
        return Err(ActionError::invalid("nothing to do: give copy_to_region, share_with_account or both"));
    }
    let out = call(
        log,
        ops::ec2::DESCRIBE_SNAPSHOTS,
        &p.snapshot_ids.join(","),
        aws.ec2.describe_snapshots().set_snapshot_ids(Some(p.snapshot_ids.clone())).send(),
    )
    .await?;
    let snaps = out.snapshots().to_vec();
    for s in &snaps {
        if !has_tag(s, CASE_TAG, case.as_str()) {
            return Err(ActionError::new(
                ErrorKind::Conflict,
                format!(
                    "not created by Cordon for case {case} (no {CASE_TAG} tag): Cordon shares only its own snapshots"
                ),
            )
            .on(s.snapshot_id().unwrap_or_default()));
        }
        if p.share_with_account.is_some() && s.encrypted() == Some(true) && p.kms_key_id.is_none() {
            return Err(ActionError::invalid(
                "encrypted: it can only be shared as a copy re-encrypted with a customer-managed key; set kms_key_id",
            )
            .on(s.snapshot_id().unwrap_or_default()));
        }
    }
    Ok(snaps)
}

/// Waits until every snapshot of `ids` (copies being made) is completed, polling every 5 s
/// for at most `timeout_seconds`.
pub(crate) async fn copies_completed(
    ctx: &StepContext<'_>,
    ec2: &aws_sdk_ec2::Client,
    ids: &[String],
    what: &str,
    timeout_seconds: u64,
) -> Result<(), ActionError> {
    poll_until(what, Duration::from_secs(timeout_seconds), Duration::from_secs(5), || {
        let (ec2, ids) = (ec2.clone(), ids.to_vec());
        async move {
            let out = call(
                ctx,
                ops::ec2::DESCRIBE_SNAPSHOTS,
                &ids.join(","),
                ec2.describe_snapshots().set_snapshot_ids(Some(ids.clone())).send(),
            )
            .await?;
            Ok(out.snapshots().iter().all(|s| s.state() == Some(&SnapshotState::Completed)).then_some(()))
        }
    })
    .await
}

impl Action for ShareSnapshots {
    type Env = Aws;
    type Params = Params;
    type Receipt = Receipt;

    const DOC: &'static ActionDoc = &DOC;

    fn plan(&self, p: &Params) -> StepPlan {
        let mut plan = StepPlan { mutates: true, ..Default::default() };
        for id in &p.snapshot_ids {
            if let Some(r) = &p.copy_to_region {
                plan = plan.change(id, format!("copy to {r}"));
            }
            if let Some(a) = &p.share_with_account {
                plan = plan.change(id, format!("share with account {a}"));
            }
        }
        plan
    }

    async fn check(&self, aws: &Aws, case: &CaseId, p: &Params) -> Result<StepPlan, ActionError> {
        let snaps = sources(aws, &cordon_core::action::NoCallLog, case, p).await?;
        let mut plan = self.plan(p);
        let encrypted = snaps.iter().filter(|s| s.encrypted() == Some(true)).count();
        if encrypted > 0 && p.share_with_account.is_some() {
            plan = plan.observe(format!(
                "{encrypted} encrypted: shared as copies re-encrypted with {}",
                p.kms_key_id.as_deref().unwrap_or("?")
            ));
        }
        Ok(plan)
    }

    async fn execute(&self, aws: &Aws, ctx: &StepContext<'_>, p: &Params) -> Result<Receipt, ActionError> {
        let snaps = sources(aws, ctx, ctx.case_id, p).await?;
        let home = aws.region().unwrap_or("us-east-1").to_string();
        let region = p.copy_to_region.clone().unwrap_or_else(|| home.clone());
        let dest = if region == home { aws.ec2.clone() } else { aws.ec2_in(&region) };
        let mut shared = Vec::new();
        let mut copies = Vec::new();
        for s in &snaps {
            let id = s.snapshot_id().unwrap_or_default().to_string();
            let encrypted = s.encrypted() == Some(true);
            let reencrypt = encrypted && p.share_with_account.is_some();
            if p.copy_to_region.is_none() && !reencrypt {
                shared.push(SharedSnapshot {
                    source_snapshot_id: id.clone(),
                    snapshot_id: id,
                    region: region.clone(),
                    encrypted,
                    kms_key_id: None,
                });
                continue;
            }
            // A copy an interrupted attempt already started is reused.
            let existing = call(
                ctx,
                ops::ec2::DESCRIBE_SNAPSHOTS,
                &id,
                dest.describe_snapshots()
                    .owner_ids("self")
                    .filters(Filter::builder().name(format!("tag:{SOURCE_SNAPSHOT_TAG}")).values(&id).build())
                    .filters(
                        Filter::builder().name(format!("tag:{STEP_TAG}")).values(step_tag_value(ctx.step_id)).build(),
                    )
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
                        .tags(tag(STEP_TAG, &step_tag_value(ctx.step_id)))
                        .build();
                    let mut req = dest
                        .copy_snapshot()
                        .source_region(&home)
                        .source_snapshot_id(&id)
                        .description(format!("Cordon case {}: copy of {id}", ctx.case_id))
                        .tag_specifications(tags);
                    if encrypted || p.kms_key_id.is_some() && p.share_with_account.is_some() {
                        req = req.encrypted(true).set_kms_key_id(p.kms_key_id.clone());
                    }
                    let out = call(ctx, ops::ec2::COPY_SNAPSHOT, &id, req.send()).await?;
                    out.snapshot_id().unwrap_or_default().to_string()
                }
            };
            copies.push(copy_id.clone());
            shared.push(SharedSnapshot {
                source_snapshot_id: id,
                snapshot_id: copy_id,
                region: region.clone(),
                encrypted: encrypted || p.kms_key_id.is_some() && p.share_with_account.is_some(),
                kms_key_id: if encrypted || p.share_with_account.is_some() { p.kms_key_id.clone() } else { None },
            });
        }
        if !copies.is_empty() {
            let what = format!("copies {} in {region}", copies.join(", "));
            copies_completed(ctx, &dest, &copies, &what, p.timeout_seconds).await?;
        }
        let mut grant_id = None;
        if let Some(account) = &p.share_with_account {
            let sharing = Sharing {
                snapshot_ids: shared.iter().map(|s| s.snapshot_id.clone()).collect(),
                region: region.clone(),
                account: account.as_str().to_string(),
            };
            ctx.save(&SHARING, &sharing)?;
            if let (Some(key), true) = (&p.kms_key_id, shared.iter().any(|s| s.encrypted)) {
                let kms = if region == home { aws.kms.clone() } else { aws.kms_in(&region) };
                let out = call(
                    ctx,
                    ops::kms::CREATE_GRANT,
                    key,
                    kms.create_grant()
                        .key_id(key)
                        .grantee_principal(format!(
                            "arn:{}:iam::{account}:root",
                            cordon_aws::partition_of_region(&region)
                        ))
                        .operations(GrantOperation::Decrypt)
                        .operations(GrantOperation::DescribeKey)
                        .operations(GrantOperation::CreateGrant)
                        .operations(GrantOperation::ReEncryptFrom)
                        .operations(GrantOperation::GenerateDataKeyWithoutPlaintext)
                        .name(format!("cordon-{}-{}", ctx.case_id, ctx.step_id.replace(['[', ']'], "-")))
                        .send(),
                )
                .await?;
                grant_id = out.grant_id().map(str::to_string);
                if let Some(g) = &grant_id {
                    ctx.save(&GRANT, g)?;
                }
            }
            for s in &shared {
                // The OperationType/UserId form (AWS accepts it and the structured one alike;
                // the emulator serves only this one).
                call(
                    ctx,
                    ops::ec2::MODIFY_SNAPSHOT_ATTRIBUTE,
                    &s.snapshot_id,
                    dest.modify_snapshot_attribute()
                        .snapshot_id(&s.snapshot_id)
                        .attribute(SnapshotAttributeName::CreateVolumePermission)
                        .operation_type(OperationType::Add)
                        .user_ids(account.as_str())
                        .send(),
                )
                .await?;
            }
        }
        Ok(Receipt {
            snapshot_ids: shared.iter().map(|s| s.snapshot_id.clone()).collect(),
            snapshots: shared,
            shared_with: p.share_with_account.as_ref().map(|a| a.as_str().to_string()),
            grant_id,
            region,
        })
    }

    fn changes(&self, r: &Receipt) -> Vec<Change> {
        r.snapshots
            .iter()
            .map(|s| {
                let mut d = if s.snapshot_id != s.source_snapshot_id {
                    format!("copied to {} in {}", s.snapshot_id, s.region)
                } else {
                    String::from("kept in place")
                };
                if let Some(a) = &r.shared_with {
                    d.push_str(&format!(", shared with account {a}"));
                }
                Change { resource: s.source_snapshot_id.clone(), description: d }
            })
            .collect()
    }

    /// A failed or interrupted attempt: unshared from what it recorded before sharing (and
    /// the grant, if it got that far). Copies it made stay: they are evidence.
    fn undo_recorded(&self, p: &Params, recorded: &Recorded<'_>) -> Undo {
        let Some(sharing) = recorded.all(&SHARING).pop() else {
            return Undo::Irreversible { reason: "copies are evidence; undo never deletes evidence".into() };
        };
        let receipt = Receipt {
            snapshots: Vec::new(),
            snapshot_ids: sharing.snapshot_ids,
            shared_with: Some(sharing.account),
            grant_id: recorded.all(&GRANT).pop(),
            region: sharing.region,
        };
        self.undo(p, &receipt)
    }

    fn undo(&self, p: &Params, r: &Receipt) -> Undo {
        match &r.shared_with {
            None => Undo::Irreversible { reason: "copies are evidence; undo never deletes evidence".into() },
            Some(account) => Undo::from_steps(AccountId::new(account.as_str()).map(|account| {
                vec![UndoStep::to::<crate::UnshareSnapshots>(&crate::ec2::unshare_snapshots::Params {
                    snapshot_ids: r.snapshot_ids.clone(),
                    region: r.region.clone(),
                    account,
                    kms_key_id: p.kms_key_id.clone(),
                    grant_id: r.grant_id.clone(),
                })]
            })),
        }
    }
}
