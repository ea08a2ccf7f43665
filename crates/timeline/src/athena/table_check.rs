//! What an Athena table reads, checked before a query trusts it. An attacker who holds
//! the account can change the table a responder names (repoint it at a bucket of forged
//! logs, drop an account or a Region from its projection, narrow its days, register
//! partitions that point anywhere) and a query would return a tidy, wrong answer. So
//! before the query starts, the table's definition (from the Glue Data Catalog) must read
//! exactly the archive the responder named, in the layout `cordon athena ddl` makes, and
//! project every account, Region and day the window holds.
//!
//! Pure: the definition and what was asked come in; the reasons not to trust it go out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ddl::{CLOUDTRAIL_SERDE, template_tail};
use super::sql::{ACCOUNT, DAY, REGION};

/// A table's definition, as the Glue Data Catalog holds it (the parts checked).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableDef {
    /// The table's `LOCATION`.
    pub location: Option<String>,
    pub serde: Option<String>,
    pub partition_keys: Vec<String>,
    /// `TBLPROPERTIES`: partition projection and its location template.
    pub parameters: BTreeMap<String, String>,
    /// The catalog's version of the definition, and when it was last changed.
    pub version_id: Option<String>,
    pub updated: Option<String>,
}

impl TableDef {
    /// Where its partitions are read: the projection's location template.
    pub fn template(&self) -> Option<&str> {
        self.parameters.get("storage.location.template").map(String::as_str)
    }

    fn projected(&self, key: &str) -> Vec<&str> {
        self.parameters
            .get(&format!("projection.{key}.values"))
            .map(|v| v.split(',').map(str::trim).collect())
            .unwrap_or_default()
    }
}

/// What the responder asked the query to cover.
#[derive(Debug, Default)]
pub struct Asked<'a> {
    /// The archive, `s3://bucket/[prefix/]AWSLogs/[o-ORGID/]` (`--from`), if named.
    pub from: Option<&'a str>,
    /// The accounts and Regions named (`--accounts`, `--regions`) and those whose logs the
    /// window holds (listed under `--from`).
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// The window's first and last day partitions, `yyyy/MM/dd`.
    pub days: Option<(String, String)>,
    /// Today's day partition (what a range's `NOW` means).
    pub today: String,
}

/// The account and Region of a trail object's key
/// (`.../AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/file`).
pub fn key_partition(key: &str) -> Option<(&str, &str)> {
    let (before, after) = key.split_once("/CloudTrail/")?;
    let account = before.rsplit('/').next()?;
    let region = after.split('/').next()?;
    Some((account, region)).filter(|(a, r)| !a.is_empty() && !r.is_empty())
}

/// Why the table cannot be trusted to answer what was asked (empty: it can).
pub fn check(table: &str, def: &TableDef, asked: &Asked<'_>) -> Vec<String> {
    let mut why = Vec::new();
    let keys: Vec<String> = def.partition_keys.iter().map(|k| k.to_ascii_lowercase()).collect();
    if keys != [ACCOUNT, REGION, DAY] {
        why.push(format!("{table} is partitioned by ({}), not (account, region, day)", keys.join(", ")));
    }
    if def.serde.as_deref() != Some(CLOUDTRAIL_SERDE) {
        why.push(format!(
            "{table} reads its files with {}, not the CloudTrail SerDe",
            def.serde.as_deref().unwrap_or("no SerDe")
        ));
    }
    if def.parameters.get("projection.enabled").map(String::as_str) != Some("true") {
        why.push(format!("{table} does not use partition projection: each registered partition can point anywhere"));
        return why;
    }
    match (def.template(), asked.from) {
        (None, _) => why.push(format!("{table} has no storage.location.template: where it reads is not known")),
        (Some(t), Some(from)) if !reads_under(t, from) => {
            why.push(format!("{table} reads {t}, not the archive --from names ({})", with_slash(from)))
        }
        _ => {}
    }
    for (key, asked) in [(ACCOUNT, &asked.accounts), (REGION, &asked.regions)] {
        if def.parameters.get(&format!("projection.{key}.type")).map(String::as_str) != Some("enum") {
            why.push(format!("{table} does not project {key} as an enum of values"));
            continue;
        }
        let projected = def.projected(key);
        let missing: Vec<&str> = asked.iter().map(String::as_str).filter(|a| !projected.contains(a)).collect();
        if !missing.is_empty() {
            why.push(format!(
                "{table} does not project {key} {}: its events in the window would be missing",
                missing.join(", ")
            ));
        }
    }
    why.extend(day_range(table, def, asked));
    why
}

fn with_slash(s: &str) -> String {
    format!("{}/", s.trim_end_matches('/'))
}

/// Whether location template `t` reads the archive at `from` in the trail's layout: `from`,
/// at most an organization id's folder, then `${account}/CloudTrail/${region}/${day}`.
fn reads_under(t: &str, from: &str) -> bool {
    let tail = template_tail();
    let Some(middle) = t.trim_end_matches('/').strip_prefix(&with_slash(from)).and_then(|r| r.strip_suffix(&tail))
    else {
        return false;
    };
    middle.is_empty()
        || middle
            .strip_prefix("o-")
            .and_then(|o| o.strip_suffix('/'))
            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The day projection must be `yyyy/MM/dd` and cover the window's days.
fn day_range(table: &str, def: &TableDef, asked: &Asked<'_>) -> Option<String> {
    let get = |k: &str| def.parameters.get(&format!("projection.{DAY}.{k}")).map(String::as_str);
    if get("type") != Some("date") || get("format") != Some("yyyy/MM/dd") {
        return Some(format!("{table} does not project day as a date yyyy/MM/dd"));
    }
    let (first, last) = asked.days.as_ref()?;
    let range = get("range").unwrap_or_default();
    let bound = |b: &str| if b.trim() == "NOW" { asked.today.clone() } else { b.trim().to_string() };
    let (from, to) = range.split_once(',').map(|(a, b)| (bound(a), bound(b)))?;
    // yyyy/MM/dd sorts as dates; a bound in another form (NOW-1DAYS) is not compared.
    let plain = |d: &str| d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit() || b == b'/');
    let before = plain(&from) && first.as_str() < from.as_str();
    let after = plain(&to) && last.as_str() > to.as_str() && to != asked.today;
    (before || after).then(|| format!("{table} projects days {range}, not the window's {first} to {last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "s3://trail/AWSLogs/o-abc123/";

    fn made_by_ddl() -> TableDef {
        let p = [
            ("projection.enabled", "true"),
            ("projection.account.type", "enum"),
            ("projection.account.values", "111122223333,444455556666"),
            ("projection.region.type", "enum"),
            ("projection.region.values", "eu-west-1,us-east-1"),
            ("projection.day.type", "date"),
            ("projection.day.format", "yyyy/MM/dd"),
            ("projection.day.range", "2013/11/01,NOW"),
            ("storage.location.template", "s3://trail/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${day}"),
        ];
        TableDef {
            location: Some(FROM.into()),
            serde: Some(CLOUDTRAIL_SERDE.into()),
            partition_keys: vec!["account".into(), "region".into(), "day".into()],
            parameters: p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            ..TableDef::default()
        }
    }

    fn asked() -> Asked<'static> {
        Asked {
            from: Some(FROM),
            accounts: vec!["111122223333".into()],
            regions: vec!["us-east-1".into()],
            days: Some(("2026/11/29".into(), "2026/11/30".into())),
            today: "2026/12/02".into(),
        }
    }

    #[test]
    fn the_table_ddl_makes_is_trusted() {
        assert_eq!(check("ir.t", &made_by_ddl(), &asked()), Vec::<String>::new());
        assert!(check("ir.t", &made_by_ddl(), &Asked { from: None, ..asked() }).is_empty());
    }

    #[test]
    fn a_table_repointed_elsewhere_is_refused() {
        let mut def = made_by_ddl();
        def.parameters.insert(
            "storage.location.template".into(),
            "s3://forged/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${day}".into(),
        );
        let why = check("ir.t", &def, &asked());
        assert!(why.len() == 1 && why[0].contains("s3://forged/") && why[0].contains("--from"), "{why:?}");
        // A folder of the archive that is not the trail's layout is not the archive either.
        for t in [
            "s3://trail/AWSLogs/o-abc123/forged/${account}/CloudTrail/${region}/${day}",
            "s3://trail/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${day}/x",
            "s3://trail/AWSLogs/o-abc123${account}/CloudTrail/${region}/${day}",
        ] {
            def.parameters.insert("storage.location.template".into(), t.into());
            assert_eq!(check("ir.t", &def, &asked()).len(), 1, "{t}");
        }
        // --from above the organization's folder names the same archive.
        let def = made_by_ddl();
        assert!(check("ir.t", &def, &Asked { from: Some("s3://trail/AWSLogs"), ..asked() }).is_empty());
    }

    #[test]
    fn an_account_region_or_day_outside_the_projection_is_refused() {
        let a = Asked { accounts: vec!["111122223333".into(), "999988887777".into()], ..asked() };
        let why = check("ir.t", &made_by_ddl(), &a);
        assert!(why.len() == 1 && why[0].contains("account 999988887777"), "{why:?}");
        let a = Asked { regions: vec!["ap-south-1".into()], ..asked() };
        assert!(check("ir.t", &made_by_ddl(), &a)[0].contains("region ap-south-1"));
        let mut def = made_by_ddl();
        def.parameters.insert("projection.day.range".into(), "2026/11/30,NOW".into());
        let why = check("ir.t", &def, &asked());
        assert!(why.len() == 1 && why[0].contains("2026/11/30,NOW"), "{why:?}");
        def.parameters.insert("projection.day.range".into(), "2026/01/01,2026/11/29".into());
        assert_eq!(check("ir.t", &def, &asked()).len(), 1);
        // A window past today is covered by NOW.
        let a = Asked { days: Some(("2026/12/01".into(), "2026/12/05".into())), ..asked() };
        assert!(check("ir.t", &made_by_ddl(), &a).is_empty());
    }

    #[test]
    fn a_table_not_in_cordons_layout_is_refused() {
        let mut def = made_by_ddl();
        def.parameters.remove("projection.enabled");
        assert!(check("ir.t", &def, &asked())[0].contains("partition projection"));
        let mut def = made_by_ddl();
        def.serde = Some("org.openx.data.jsonserde.JsonSerDe".into());
        def.partition_keys = vec!["region".into(), "year".into()];
        assert_eq!(check("ir.t", &def, &asked()).len(), 2);
        let mut def = made_by_ddl();
        def.parameters.insert("projection.account.type".into(), "injected".into());
        assert!(check("ir.t", &def, &asked())[0].contains("enum"));
    }

    #[test]
    fn a_keys_account_and_region_are_read() {
        let k = "AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/11/29/f.json.gz";
        assert_eq!(key_partition(k), Some(("111122223333", "us-east-1")));
        assert_eq!(
            key_partition("p/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/f"),
            Some(("111122223333", "eu-west-1"))
        );
        assert_eq!(key_partition("AWSLogs/x/CloudTrail-Digest/y"), None);
    }
}
