//! The accounts of an organization and the Regions of an account: the targets of a
//! fan-out (`--org`, `--ou`, `--regions all`).

use cordon_core::ActionError;
use cordon_core::action::NoCallLog;
use cordon_core::ops;

use crate::{Aws, call};

/// A member account as Organizations lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgAccount {
    pub id: String,
    pub name: String,
}

/// The active accounts of the organization (from the management account or a delegated
/// administrator), or of one organizational unit and the units beneath it. Suspended and
/// closed accounts are left out: nothing can be done in them.
pub async fn org_accounts(aws: &Aws, ou: Option<&str>) -> Result<Vec<OrgAccount>, ActionError> {
    let mut found = Vec::new();
    match ou {
        None => {
            let mut pages = aws.organizations.list_accounts().into_paginator().send();
            while let Some(page) = pages.next().await {
                let page = call(&NoCallLog, ops::organizations::LIST_ACCOUNTS, "organization", async { page }).await?;
                found.extend(page.accounts().iter().filter_map(active));
            }
        }
        Some(root) => {
            let mut units = vec![root.to_string()];
            while let Some(unit) = units.pop() {
                let mut pages = aws.organizations.list_accounts_for_parent().parent_id(&unit).into_paginator().send();
                while let Some(page) = pages.next().await {
                    let page =
                        call(&NoCallLog, ops::organizations::LIST_ACCOUNTS_FOR_PARENT, &unit, async { page }).await?;
                    found.extend(page.accounts().iter().filter_map(active));
                }
                let mut pages =
                    aws.organizations.list_organizational_units_for_parent().parent_id(&unit).into_paginator().send();
                while let Some(page) = pages.next().await {
                    let page =
                        call(&NoCallLog, ops::organizations::LIST_ORGANIZATIONAL_UNITS_FOR_PARENT, &unit, async {
                            page
                        })
                        .await?;
                    units.extend(page.organizational_units().iter().filter_map(|u| u.id()).map(str::to_string));
                }
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

fn active(a: &aws_sdk_organizations::types::Account) -> Option<OrgAccount> {
    use aws_sdk_organizations::types::AccountStatus;
    // `State` replaces `Status`; an account either field calls suspended is left out.
    let suspended = matches!(a.status(), Some(s) if *s != AccountStatus::Active)
        || a.state().is_some_and(|s| s.as_str() != "ACTIVE");
    (!suspended)
        .then(|| OrgAccount {
            id: a.id().unwrap_or_default().to_string(),
            name: a.name().unwrap_or_default().to_string(),
        })
        .filter(|a| !a.id.is_empty())
}

/// The Regions enabled for the account (`--regions all`).
pub async fn enabled_regions(aws: &Aws) -> Result<Vec<String>, ActionError> {
    let out =
        call(&NoCallLog, ops::ec2::DESCRIBE_REGIONS, "regions", aws.ec2.describe_regions().all_regions(false).send())
            .await?;
    let mut regions: Vec<String> = out.regions().iter().filter_map(|r| r.region_name()).map(str::to_string).collect();
    regions.sort();
    Ok(regions)
}
