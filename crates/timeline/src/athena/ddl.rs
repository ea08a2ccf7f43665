//! `CREATE EXTERNAL TABLE` for a trail's archive, with partition projection over
//! account, Region and day (no `MSCK REPAIR`, no crawler): the table
//! `timeline build --engine athena` queries.
//!
//! Pure: the archive's place and its accounts and Regions in, HiveQL out.

use super::schema::{COLUMNS, hive_type};
use super::sql::{ACCOUNT, DAY, REGION, Table};

/// What the location template adds to the archive's location: the trail's layout below
/// it, with the partitions projected into it.
pub fn template_tail() -> String {
    format!("${{{ACCOUNT}}}/CloudTrail/${{{REGION}}}/${{{DAY}}}")
}

/// The SerDe that reads CloudTrail's files (this table's, and AWS's own CloudTrail table).
pub const CLOUDTRAIL_SERDE: &str = "com.amazon.emr.hive.serde.CloudTrailSerde";

/// Where the archive is and what it holds.
#[derive(Debug, Clone)]
pub struct Archive {
    pub bucket: String,
    /// The trail's prefix before `AWSLogs/`, ending with `/` or empty.
    pub prefix: String,
    /// `o-...` for an organization trail.
    pub org: Option<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
}

impl Archive {
    /// `s3://bucket/prefix/AWSLogs/[o-.../]`: the folder that holds the account folders.
    pub fn location(&self) -> String {
        let org = self.org.as_deref().map(|o| format!("{o}/")).unwrap_or_default();
        format!("s3://{}/{}AWSLogs/{org}", self.bucket, self.prefix)
    }
}

/// The organization id in an archive URI (`.../AWSLogs/o-abc123/...`), if any.
pub fn org_of(uri: &str) -> Option<String> {
    let rest = &uri[uri.find("AWSLogs/")? + "AWSLogs/".len()..];
    let seg = rest.split('/').next()?;
    (seg.starts_with("o-") && seg.len() > 2 && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| seg.to_string())
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "\\'"))
}

/// The statement creating `table` over `archive` (nothing is created if it exists).
pub fn create_table(table: &Table, archive: &Archive) -> Result<String, String> {
    if archive.accounts.is_empty() || archive.regions.is_empty() {
        return Err("a table needs at least one account and one Region to project".into());
    }
    let bad = |v: &String| !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if let Some(v) = archive.accounts.iter().chain(&archive.regions).find(|v| bad(v)) {
        return Err(format!("{v:?} is not an account id or a Region"));
    }
    let columns: Vec<String> = COLUMNS.iter().map(|(n, t)| format!("  {n} {}", hive_type(*t))).collect();
    let location = archive.location();
    let props = [
        ("projection.enabled", "true".to_string()),
        (&format!("projection.{ACCOUNT}.type"), "enum".into()),
        (&format!("projection.{ACCOUNT}.values"), archive.accounts.join(",")),
        (&format!("projection.{REGION}.type"), "enum".into()),
        (&format!("projection.{REGION}.values"), archive.regions.join(",")),
        (&format!("projection.{DAY}.type"), "date".into()),
        (&format!("projection.{DAY}.format"), "yyyy/MM/dd".into()),
        (&format!("projection.{DAY}.range"), "2013/11/01,NOW".into()),
        (&format!("projection.{DAY}.interval"), "1".into()),
        (&format!("projection.{DAY}.interval.unit"), "DAYS".into()),
        ("storage.location.template", format!("{location}{}", template_tail())),
    ]
    .map(|(k, v)| format!("  {}={}", quoted(k), quoted(&v)));
    Ok(format!(
        "CREATE EXTERNAL TABLE IF NOT EXISTS `{db}`.`{t}` (\n{cols}\n)\n\
         COMMENT 'CloudTrail logs (cordon athena ddl)'\n\
         PARTITIONED BY (`{ACCOUNT}` STRING, `{REGION}` STRING, `{DAY}` STRING)\n\
         ROW FORMAT SERDE '{CLOUDTRAIL_SERDE}'\n\
         STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n\
         OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n\
         LOCATION {loc}\n\
         TBLPROPERTIES (\n{props}\n)\n",
        db = table.database,
        t = table.name,
        cols = columns.join(",\n"),
        loc = quoted(&location),
        props = props.join(",\n"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(org: Option<&str>) -> Archive {
        Archive {
            bucket: "trail".into(),
            prefix: "logs/".into(),
            org: org.map(str::to_string),
            accounts: vec!["111122223333".into(), "444455556666".into()],
            regions: vec!["eu-west-1".into(), "us-east-1".into()],
        }
    }

    #[test]
    fn an_organization_trail_projects_its_layout() {
        let t = Table::parse("ir.cloudtrail").unwrap();
        let ddl = create_table(&t, &archive(Some("o-abc123"))).unwrap();
        assert!(ddl.starts_with("CREATE EXTERNAL TABLE IF NOT EXISTS `ir`.`cloudtrail` ("), "{ddl}");
        assert!(ddl.contains("LOCATION 's3://trail/logs/AWSLogs/o-abc123/'"), "{ddl}");
        assert!(
            ddl.contains(
                "'storage.location.template'='s3://trail/logs/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${day}'"
            ),
            "{ddl}"
        );
        assert!(ddl.contains("'projection.account.values'='111122223333,444455556666'"), "{ddl}");
        assert!(ddl.contains("  resources ARRAY<STRUCT<ARN: STRING, accountId: STRING, type: STRING>>"), "{ddl}");
    }

    #[test]
    fn a_single_account_trail_has_no_organization_folder() {
        let ddl = create_table(&Table::parse("ir.ct").unwrap(), &archive(None)).unwrap();
        assert!(ddl.contains("LOCATION 's3://trail/logs/AWSLogs/'"), "{ddl}");
    }

    #[test]
    fn projection_values_are_ids_not_text() {
        let mut a = archive(None);
        a.regions.push("x',evil='1".into());
        assert!(create_table(&Table::parse("ir.ct").unwrap(), &a).is_err());
        a.regions.clear();
        assert!(create_table(&Table::parse("ir.ct").unwrap(), &a).is_err());
    }

    #[test]
    fn the_org_id_is_read_from_the_uri() {
        assert_eq!(org_of("s3://b/AWSLogs/o-abc123/").as_deref(), Some("o-abc123"));
        assert_eq!(org_of("s3://b/p/AWSLogs/111122223333/"), None);
        assert_eq!(org_of("s3://b/"), None);
    }
}
