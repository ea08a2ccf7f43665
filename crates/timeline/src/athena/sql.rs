//! The local build's filter as one Athena (Trino) query over a CloudTrail table.
//!
//! Every predicate keeps at least the records the local filter keeps (it may keep a few
//! more, never fewer); the rows that come back are normalized by the local reader and
//! filtered again by the same [`Filter`], so the timeline equals the local build's. The
//! window also becomes a predicate on the `day` partition (the same day folders the S3
//! reader lists), and accounts and Regions on the `account` and `region` partitions, so
//! only those partitions are scanned.
//!
//! CloudTrail Lake ([`lake_query`]) takes the same filter in its dialect (Trino too):
//! an event data store has no partitions (its `eventTime` prunes what is scanned),
//! `eventTime` is a timestamp, `readOnly` a boolean and the request and response maps.
//!
//! Pure: a filter in, text out. Only standard SQL and functions Trino and DuckDB share
//! are used (`strpos`, `lower`, `coalesce`, `concat_ws`, `IN`, struct field access,
//! `timestamp '...'`), and one Trino function DuckDB lacks, `json_format(CAST(x AS
//! JSON))`, which reads a struct's, array's or map's value as JSON text.

use crate::event::Filter;
use crate::layout::day_folders;

use super::schema::{self, Ty};

/// A table named `database.table`, each part letters, digits and `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub database: String,
    pub name: String,
}

/// `database.table`, as a responder names it.
impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.database, self.name)
    }
}

impl Table {
    pub fn parse(s: &str) -> Result<Self, String> {
        let ok = |p: &str| !p.is_empty() && p.len() <= 255 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        match s.split_once('.') {
            Some((d, t)) if ok(d) && ok(t) => {
                Ok(Self { database: d.to_ascii_lowercase(), name: t.to_ascii_lowercase() })
            }
            _ => Err(format!("{s:?}: expected DATABASE.TABLE, each of letters, digits and _")),
        }
    }

    /// `"database"."table"`.
    pub fn quoted(&self) -> String {
        format!("\"{}\".\"{}\"", self.database, self.name)
    }
}

/// A CloudTrail Lake event data store, by the id its ARN ends with (what `FROM` names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDataStore(pub String);

impl EventDataStore {
    /// An event data store's ARN (`arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID`)
    /// or its id: letters, digits and `-`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let id = s.rsplit_once(":eventdatastore/").map_or(s, |(_, id)| id);
        let ok = !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok { Ok(Self(id.to_string())) } else { Err(format!("{s:?}: expected an event data store ARN or id")) }
    }
}

/// Which engine a query is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A table over the trail's archive, partitioned by account, Region and day.
    Athena,
    /// A CloudTrail Lake event data store.
    Lake,
}

/// The partition columns of a table `cordon athena ddl` creates.
pub const ACCOUNT: &str = "account";
pub const REGION: &str = "region";
pub const DAY: &str = "day";

/// One query and what it pushed down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub sql: String,
    /// The first and last `yyyy/MM/dd` partition scanned (`None`: the window is open).
    pub days: Option<(String, String)>,
    /// The criteria the query applies (the rest are applied to the rows only).
    pub pushed: Vec<&'static str>,
    /// The criteria applied to the returned rows only.
    pub local: Vec<&'static str>,
    /// A hunt's Sigma rules: which the query stands for, and which fix neither
    /// `eventSource` nor `eventName` (then none is pushed down).
    pub rules: Option<crate::detect::Pushdown>,
}

/// A SQL string literal.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn list(values: &[String], f: impl Fn(&str) -> String) -> String {
    values.iter().map(|v| f(v)).collect::<Vec<_>>().join(", ")
}

/// A value found in JSON text as it is: printable ASCII other than `"` and `\`, which
/// no JSON writer escapes.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// A struct or array column's value as JSON text.
fn json_text(column: &str) -> String {
    format!("json_format(CAST({column} AS JSON))")
}

/// The select list: each selected column, structs and arrays (and in Lake the request
/// and response maps) as JSON text.
pub fn select_list(dialect: Dialect) -> String {
    let cols: Vec<String> = schema::SELECTED
        .iter()
        .map(|name| {
            let lower = name.to_ascii_lowercase();
            match schema::column(name).map(|(_, t)| *t) {
                Some(Ty::Struct(_) | Ty::Array(_) | Ty::Map) => format!("{} AS {lower}", json_text(&lower)),
                Some(Ty::Json) if dialect == Dialect::Lake => format!("{} AS {lower}", json_text(&lower)),
                _ => lower,
            }
        })
        .collect();
    cols.join(", ")
}

/// `YYYY-MM-DDTHH:MM:SS` of a time in milliseconds (the second it falls in).
fn second(ms: i64) -> Option<String> {
    let t = jiff::Timestamp::from_second(ms.div_euclid(1000)).ok()?;
    Some(t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Every text the actor criterion looks in: the identity's JSON (names, ARNs, ids,
/// the service) and the short forms the reader builds from it (`user/NAME`,
/// `assumed-role/ROLE`, `account/ID`, `root`, `unknown`).
const ACTOR_TEXT: &str = "lower(concat_ws(' ', json_format(CAST(useridentity AS JSON)), \
'user/' || useridentity.username, 'assumed-role/' || useridentity.sessioncontext.sessionissuer.username, \
'account/' || useridentity.accountid, CASE WHEN useridentity.type = 'Root' THEN 'root' END, 'unknown'))";

/// `timestamp 'YYYY-MM-DD HH:MM:SS.mmm'` of a time in milliseconds.
fn timestamp(ms: i64) -> Option<String> {
    let t = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(format!("timestamp '{}'", t.strftime("%Y-%m-%d %H:%M:%S%.3f")))
}

/// The query for `filter` over `table`, read from the given accounts and Regions (empty:
/// all).
pub fn query(table: &Table, filter: &Filter, accounts: &[String], regions: &[String]) -> Query {
    build(Dialect::Athena, &table.quoted(), filter, accounts, regions)
}

/// The query for `filter` over a CloudTrail Lake event data store, for the given
/// accounts (`recipientAccountId`) and Regions (`awsRegion`).
pub fn lake_query(store: &EventDataStore, filter: &Filter, accounts: &[String], regions: &[String]) -> Query {
    build(Dialect::Lake, &store.0, filter, accounts, regions)
}

fn build(dialect: Dialect, from: &str, filter: &Filter, accounts: &[String], regions: &[String]) -> Query {
    let mut wh: Vec<String> = Vec::new();
    let (mut pushed, mut local) = (Vec::new(), Vec::new());
    let lake = dialect == Dialect::Lake;
    let days = match (filter.start_ms, filter.end_ms) {
        _ if lake => None,
        (Some(s), Some(e)) => {
            let folders = day_folders(s, e);
            match (folders.first(), folders.last()) {
                (Some(a), Some(b)) => Some((a.trim_end_matches('/').to_string(), b.trim_end_matches('/').to_string())),
                _ => None,
            }
        }
        _ => None,
    };
    if lake {
        // No partitions: the event data store prunes by eventTime.
    } else if let Some((first, last)) = &days {
        wh.push(format!("\"{DAY}\" BETWEEN {} AND {}", literal(first), literal(last)));
    } else if let Some(s) = filter.start_ms.and_then(|s| day_folders(s, s).into_iter().next()) {
        wh.push(format!("\"{DAY}\" >= {}", literal(s.trim_end_matches('/'))));
    } else if let Some(e) = filter.end_ms.and_then(|e| day_folders(e, e).into_iter().last()) {
        wh.push(format!("\"{DAY}\" <= {}", literal(e.trim_end_matches('/'))));
    }
    let (account_col, region_col) = if lake {
        ("recipientaccountid".to_string(), "awsregion".to_string())
    } else {
        (format!("\"{ACCOUNT}\""), format!("\"{REGION}\""))
    };
    if !accounts.is_empty() {
        wh.push(format!("{account_col} IN ({})", list(accounts, literal)));
        pushed.push("accounts");
    }
    if !regions.is_empty() {
        wh.push(format!("{region_col} IN ({})", list(regions, literal)));
        pushed.push("regions");
    }
    if lake {
        // A timestamp to the millisecond: the window exactly.
        if let Some(s) = filter.start_ms.and_then(timestamp) {
            wh.push(format!("eventtime >= {s}"));
        }
        if let Some(e) = filter.end_ms.and_then(timestamp) {
            wh.push(format!("eventtime <= {e}"));
        }
    } else {
        if let Some(s) = filter.start_ms.and_then(second) {
            wh.push(format!("eventtime >= {}", literal(&s)));
        }
        if let Some(e) = filter.end_ms.and_then(|e| second(e.div_euclid(1000).saturating_add(1).saturating_mul(1000))) {
            wh.push(format!("eventtime < {}", literal(&e)));
        }
    }
    if filter.start_ms.is_some() || filter.end_ms.is_some() {
        pushed.push("window");
    }
    if !filter.event_names.is_empty() {
        if filter.event_names.iter().all(|n| n.is_ascii()) {
            wh.push(format!(
                "lower(eventname) IN ({})",
                list(&filter.event_names, |n| literal(&n.to_ascii_lowercase()))
            ));
            pushed.push("event names");
        } else {
            local.push("event names");
        }
    }
    if !filter.access_keys.is_empty() {
        wh.push(format!("useridentity.accesskeyid IN ({})", list(&filter.access_keys, literal)));
        pushed.push("access keys");
    }
    if !filter.source_ips.is_empty() {
        wh.push(format!("sourceipaddress IN ({})", list(&filter.source_ips, literal)));
        pushed.push("source IPs");
    }
    if filter.errors_only {
        wh.push("coalesce(errorcode, '') <> ''".into());
        pushed.push("errors only");
    }
    if filter.writes_only {
        wh.push(
            if lake { "NOT coalesce(readonly, false)" } else { "NOT coalesce(lower(readonly) = 'true', false)" }.into(),
        );
        pushed.push("writes only");
    }
    if !filter.actors.is_empty() {
        if filter.actors.iter().all(|a| plain(a)) {
            let any: Vec<String> = filter
                .actors
                .iter()
                .map(|a| format!("strpos({ACTOR_TEXT}, {}) > 0", literal(&a.to_ascii_lowercase())))
                .collect();
            wh.push(format!("({})", any.join(" OR ")));
            pushed.push("actors");
        } else {
            local.push("actors");
        }
    }
    if !filter.resources.is_empty() {
        let params = if lake { json_text("requestparameters") } else { "requestparameters".to_string() };
        if filter.resources.iter().all(|r| plain(r)) {
            let any: Vec<String> = filter
                .resources
                .iter()
                .map(|r| {
                    let r = literal(r);
                    format!(
                        "strpos(coalesce({params}, ''), {r}) > 0 OR strpos(coalesce({}, ''), {r}) > 0",
                        json_text("resources")
                    )
                })
                .collect();
            wh.push(format!("({})", any.join(" OR ")));
            pushed.push("resources");
        } else {
            local.push("resources");
        }
    }
    // A hunt keeps only what a rule matches: the rules' own requirements on the service
    // and call narrow the rows (a timeline that only tags matches keeps everything).
    let rules = filter.detect.as_ref().filter(|_| filter.detected_only).map(|d| d.pushdown());
    if let Some(p) = &rules {
        match &p.predicate {
            Some(pred) => {
                wh.push(pred.clone());
                pushed.push("rules");
            }
            None => local.push("rules"),
        }
    }
    let mut sql = format!("SELECT {} FROM {from}", select_list(dialect));
    if !wh.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wh.join(" AND "));
    }
    Query { sql, days, pushed, local, rules }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn tables_are_names_not_text() {
        assert!(Table::parse("db.trail").is_ok());
        for bad in ["db", "db.", ".t", "db.t; DROP TABLE x", "db.t\"", "a.b.c"] {
            assert!(Table::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn literals_cannot_close_the_string() {
        assert_eq!(literal("o'brien"), "'o''brien'");
        let f = Filter { actors: vec!["x') OR 1=1 --".into()], ..Filter::default() };
        let q = query(&Table::parse("d.t").unwrap(), &f, &[], &[]);
        assert!(q.sql.contains("'x'') or 1=1 --'"), "{}", q.sql);
    }

    #[test]
    fn a_one_day_window_touches_only_its_day_partitions() {
        let f = Filter {
            start_ms: Some(ms("2026-03-10T09:00:00Z")),
            end_ms: Some(ms("2026-03-10T17:00:00.250Z")),
            ..Filter::default()
        };
        let q = query(&Table::parse("d.t").unwrap(), &f, &[], &[]);
        assert_eq!(q.days, Some(("2026/03/10".into(), "2026/03/10".into())));
        assert!(q.sql.contains("\"day\" BETWEEN '2026/03/10' AND '2026/03/10'"), "{}", q.sql);
        assert!(q.sql.contains("eventtime >= '2026-03-10T09:00:00'"), "{}", q.sql);
        assert!(q.sql.contains("eventtime < '2026-03-10T17:00:01'"), "{}", q.sql);
    }

    #[test]
    fn lake_names_the_store_and_windows_by_timestamp() {
        let store = EventDataStore::parse("arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-ee54-4813")
            .unwrap();
        assert_eq!(store.0, "EXAMPLE-ee54-4813");
        assert!(EventDataStore::parse("x; DROP").is_err());
        let f = Filter {
            start_ms: Some(ms("2026-03-10T09:00:00Z")),
            end_ms: Some(ms("2026-03-10T17:00:00.250Z")),
            writes_only: true,
            ..Filter::default()
        };
        let q = lake_query(&store, &f, &["111122223333".into()], &[]);
        assert!(q.sql.contains(" FROM EXAMPLE-ee54-4813 WHERE "), "{}", q.sql);
        assert!(q.sql.contains("eventtime >= timestamp '2026-03-10 09:00:00.000'"), "{}", q.sql);
        assert!(q.sql.contains("eventtime <= timestamp '2026-03-10 17:00:00.250'"), "{}", q.sql);
        assert!(q.sql.contains("recipientaccountid IN ('111122223333')"), "{}", q.sql);
        assert!(q.sql.contains("NOT coalesce(readonly, false)"), "{}", q.sql);
        assert!(!q.sql.contains("\"day\""), "{}", q.sql);
        assert_eq!(q.days, None);
    }

    #[test]
    fn values_json_would_escape_are_left_to_the_rows() {
        let f = Filter { actors: vec!["al\"ice".into()], resources: vec!["é".into()], ..Filter::default() };
        let q = query(&Table::parse("d.t").unwrap(), &f, &[], &[]);
        assert_eq!(q.local, vec!["actors", "resources"]);
        assert!(!q.sql.contains("WHERE"), "{}", q.sql);
    }
}
