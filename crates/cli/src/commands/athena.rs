//! `cordon athena ddl`, and the Athena path of `timeline build --engine athena`: the
//! filters as one query, its scan estimated (and refused over `--max-scan-gb`) before it
//! starts, Ctrl-C stopping it, its rows read into the timeline, and its cost printed and
//! recorded in the case (`athena-queries.jsonl`).

use std::io::Write;
use std::time::Duration;

use cordon_timeline::athena::CASE_QUERIES;
use cordon_timeline::athena::client::{self, Estimate, Run, Stats};
use cordon_timeline::athena::ddl::{Archive, create_table, org_of};
use cordon_timeline::athena::sql::{EventDataStore, Query, Table, lake_query, query};
use cordon_timeline::athena::table_check::{Asked, TableDef, check};
use cordon_timeline::detect::Pushdown;
use cordon_timeline::s3_archive::{folders, parse_s3_uri};
use cordon_timeline::{Collected, Filter};
use serde::Serialize;

use crate::cli::{Engine, Global, Output, TimelineArgs};
use crate::{CmdResult, Failure};

/// `--apply` and where it runs.
pub struct Apply<'a> {
    pub apply: bool,
    pub workgroup: Option<&'a str>,
    pub output_location: Option<&'a str>,
}

fn table(s: &str) -> Result<Table, Failure> {
    Table::parse(s).map_err(|e| {
        eprintln!("error: --table {e}");
        Failure::Invalid
    })
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.2} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{b} bytes"),
    }
}

/// Prints (or, with `--apply`, creates) the table over the archive at `from`.
pub async fn ddl(g: &Global, from: &str, table_name: &str, bucket_region: Option<&str>, how: &Apply<'_>) -> CmdResult {
    let table = table(table_name)?;
    let Some((bucket, prefix)) = parse_s3_uri(from) else {
        eprintln!("error: --from {from:?}: expected s3://bucket/[prefix/]AWSLogs/[o-ORGID/]");
        return Err(Failure::Invalid);
    };
    let mut src = super::timeline::archive(g, from, false)?;
    let org = org_of(from);
    // Listing is needed only for what the flags do not name.
    let (accounts, regions) = if src.accounts.is_empty() || src.regions.is_empty() || how.apply {
        let (_, reader) = super::timeline::clients(g, bucket_region).await?;
        if src.accounts.is_empty() || src.regions.is_empty() {
            src.concurrency = 8;
            folders(&reader.s3, &src).await.map_err(|e| Failure::Environment(format!("listing {from}: {e}")))?
        } else {
            (src.accounts.clone(), src.regions.clone())
        }
    } else {
        (src.accounts.clone(), src.regions.clone())
    };
    let archive = Archive { bucket, prefix, org, accounts, regions };
    let sql = create_table(&table, &archive).map_err(|e| {
        eprintln!("error: {e} (found under {from}; name them with --accounts and --regions)");
        Failure::Invalid
    })?;
    print!("{sql}");
    if !how.apply {
        return Ok(());
    }
    let aws = super::session::outside_case(g, "athena").await?;
    let run = Run {
        sql: &sql,
        database: &table.database,
        workgroup: how.workgroup,
        output_location: how.output_location,
        first_poll: Duration::from_millis(250),
    };
    let stats = client::start_and_wait(&aws.athena, &run, ctrl_c())
        .await
        .map_err(|e| Failure::Environment(format!("Athena: {e}")))?;
    // Read back: `IF NOT EXISTS` keeps a table already there under that name, which may
    // read something else (an attacker's, or an older one missing accounts).
    let name = table.to_string();
    let def = client::table_definition(&aws.glue, &table)
        .await
        .map_err(|e| Failure::Environment(format!("reading back {name} from the Glue Data Catalog: {e}")))?;
    let asked = Asked {
        from: Some(from),
        accounts: archive.accounts.clone(),
        regions: archive.regions.clone(),
        days: None,
        today: String::new(),
    };
    let why = check(&name, &def, &asked);
    if !why.is_empty() {
        for w in &why {
            eprintln!("error: {w}");
        }
        eprintln!(
            "error: {name} already existed and was kept (query {}): name a new table with --table",
            stats.query_execution_id
        );
        return Err(Failure::Untrusted);
    }
    eprintln!("created {name} (query {}), read back: it reads {from}", stats.query_execution_id);
    Ok(())
}

async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// One query as the case records it.
#[derive(Debug, Serialize)]
struct Recorded<'a> {
    time: String,
    engine: &'static str,
    /// The Athena table, or the Lake event data store.
    table: String,
    workgroup: Option<&'a str>,
    sql: &'a str,
    pushed_down: &'a [&'static str],
    applied_to_rows_only: &'a [&'static str],
    partitions_days: Option<&'a (String, String)>,
    rules_pushed_down: Vec<&'a str>,
    rules_local_only: Vec<&'a str>,
    estimate: Option<&'a Estimate>,
    /// What the Athena table read, as checked before the query.
    table_definition: Option<&'a TableDef>,
    #[serde(flatten)]
    stats: &'a Stats,
}

impl<'a> Recorded<'a> {
    /// The record of query `q` on `table`, now; the workgroup and estimate are the
    /// engine's to add.
    fn new(engine: &'static str, table: String, q: &'a Query, stats: &'a Stats) -> Self {
        let rules = |f: fn(&'a Pushdown) -> &'a Vec<String>| -> Vec<&'a str> {
            q.rules.iter().flat_map(|r| f(r).iter().map(String::as_str)).collect()
        };
        Recorded {
            time: cordon_core::clock::rfc3339_millis(jiff::Timestamp::now()),
            engine,
            table,
            workgroup: None,
            sql: &q.sql,
            pushed_down: &q.pushed,
            applied_to_rows_only: &q.local,
            partitions_days: q.days.as_ref(),
            rules_pushed_down: rules(|r| &r.pushed),
            rules_local_only: rules(|r| &r.local_only),
            estimate: None,
            table_definition: None,
            stats,
        }
    }
}

/// `--table`, which `--engine athena` needs.
fn athena_table(a: &TimelineArgs) -> Result<Table, Failure> {
    let Some(name) = a.table.as_deref() else {
        eprintln!("error: --engine athena needs --table DATABASE.TABLE (`cordon athena ddl` creates one)");
        return Err(Failure::Invalid);
    };
    table(name)
}

/// `--show-query`: the query `--engine athena` or `lake` would run, on stdout (JSON with
/// what it pushes down under `--output json`), and nothing else done.
pub fn show_query(g: &Global, a: &TimelineArgs, filter: &Filter) -> CmdResult {
    let (accounts, regions) = super::timeline::folder_filters(g, false);
    let (q, engine) = match a.engine {
        Engine::Athena => (query(&athena_table(a)?, filter, &accounts, &regions), "athena"),
        Engine::Lake => (lake_query(&store(a)?, filter, &accounts, &regions), "lake"),
        Engine::Local => {
            eprintln!("error: --show-query is for --engine athena or lake (the local build runs no query)");
            return Err(Failure::Invalid);
        }
    };
    if g.output == Output::Json {
        let rules = q.rules.as_ref();
        let v = serde_json::json!({
            "engine": engine,
            "sql": q.sql,
            "pushed_down": q.pushed,
            "applied_to_rows_only": q.local,
            "partitions_days": q.days,
            "rules_pushed_down": rules.map(|r| &r.pushed),
            "rules_local_only": rules.map(|r| &r.local_only),
        });
        println!("{v}");
    } else {
        say_pushed(&q);
        println!("{}", q.sql);
    }
    Ok(())
}

fn store(a: &TimelineArgs) -> Result<EventDataStore, Failure> {
    let Some(arn) = a.event_data_store.as_deref() else {
        eprintln!("error: --engine lake needs --event-data-store ARN");
        return Err(Failure::Invalid);
    };
    EventDataStore::parse(arn).map_err(|e| {
        eprintln!("error: --event-data-store {e}");
        Failure::Invalid
    })
}

/// Runs `timeline build`'s filters as one Athena query and reads its rows into `c`.
pub async fn timeline(g: &Global, a: &TimelineArgs, filter: &Filter, keep_raw: bool, c: &mut Collected) -> CmdResult {
    let table = athena_table(a)?;
    if a.max_scan_gb.is_some() && a.from.is_none() {
        eprintln!("error: --max-scan-gb needs --from, the table's location, to estimate the scan before it starts");
        return Err(Failure::Invalid);
    }
    let src = a.from.as_deref().map(|u| super::timeline::archive(g, u, false)).transpose()?;
    let (accounts, regions) = super::timeline::folder_filters(g, false);
    let q: Query = query(&table, filter, &accounts, &regions);
    let (main, bucket) = super::timeline::clients(g, a.bucket_region.as_deref()).await?;
    // The scan estimate (listing the window's partitions) and the table's definition, at once.
    let estimating = async {
        match &src {
            Some(src) => client::estimate(&bucket.s3, src, filter).await.map(Some),
            None => Ok(None),
        }
    };
    let (estimate, def) = tokio::join!(estimating, client::table_definition(&main.glue, &table));
    let estimate = estimate.map_err(|e| {
        Failure::Environment(format!("estimating the scan under {}: {e}", a.from.as_deref().unwrap_or("")))
    })?;
    let json = g.output == Output::Json;
    if let Some(e) = &estimate {
        if !json {
            eprintln!("athena: the query's partitions hold {} in {} objects", size(e.bytes), e.objects);
        }
        if let Some(max) = a.max_scan_gb
            && e.bytes as f64 > max * 1e9
        {
            eprintln!(
                "error: the query would scan about {} ({} objects), more than --max-scan-gb {max}: narrow the window \
(--start, --end), the accounts or the Regions, or raise the limit",
                size(e.bytes),
                e.objects
            );
            return Err(Failure::Invalid);
        }
    }
    let def = def.map_err(|e| {
        let hint = if e.kind == cordon_core::ErrorKind::NotFound {
            " (in the Region Athena runs in, --region; `cordon athena ddl --apply` makes it)"
        } else {
            ""
        };
        Failure::Environment(format!("reading the table's definition from the Glue Data Catalog: {e}{hint}"))
    })?;
    trust_table(a, &table, &def, &q, estimate.as_ref(), (&accounts, &regions), json)?;
    if !json {
        say_pushed(&q);
    }
    let run = Run {
        sql: &q.sql,
        database: &table.database,
        workgroup: a.workgroup.as_deref(),
        output_location: a.output_location.as_deref(),
        first_poll: Duration::from_millis(250),
    };
    let mut stats = client::start_and_wait(&main.athena, &run, ctrl_c())
        .await
        .map_err(|e| Failure::Environment(format!("Athena: {e}")))?;
    client::read_results(&main.athena, &mut stats, filter, keep_raw, c)
        .await
        .map_err(|e| Failure::Environment(format!("Athena: {e}")))?;
    let rec = Recorded {
        workgroup: a.workgroup.as_deref(),
        estimate: estimate.as_ref(),
        table_definition: Some(&def),
        ..Recorded::new("athena", table.to_string(), &q, &stats)
    };
    report(g, a, &rec)
}

/// Refuses (exit 5) a table that does not read the archive named, in Cordon's layout, or
/// does not project every account, Region and day the window asks or holds: an attacker
/// who holds the account can repoint or narrow it, and its answer would look complete.
fn trust_table(
    a: &TimelineArgs,
    table: &Table,
    def: &TableDef,
    q: &Query,
    estimate: Option<&Estimate>,
    (accounts, regions): (&[String], &[String]),
    json: bool,
) -> CmdResult {
    let name = table.to_string();
    let union = |asked: &[String], seen: Option<&Vec<String>>| -> Vec<String> {
        let mut v: Vec<String> = asked.iter().chain(seen.into_iter().flatten()).cloned().collect();
        v.sort();
        v.dedup();
        v
    };
    let asked = Asked {
        from: a.from.as_deref(),
        accounts: union(accounts, estimate.map(|e| &e.accounts)),
        regions: union(regions, estimate.map(|e| &e.regions)),
        days: q.days.clone(),
        today: jiff::Timestamp::now().strftime("%Y/%m/%d").to_string(),
    };
    if !json {
        eprintln!(
            "athena: {name} reads {} (definition version {}, last changed {})",
            def.template().or(def.location.as_deref()).unwrap_or("an unknown location"),
            def.version_id.as_deref().unwrap_or("unknown"),
            def.updated.as_deref().unwrap_or("unknown")
        );
    }
    let why = check(&name, def, &asked);
    if why.is_empty() {
        return Ok(());
    }
    for w in &why {
        eprintln!("error: {w}");
    }
    eprintln!(
        "hint: nothing was queried. Make a table that reads the archive with `cordon athena ddl --from {} --table \
{}.NEW_NAME --apply` (it lists the archive's accounts and Regions), or name another with --table",
        a.from.as_deref().unwrap_or("s3://BUCKET/AWSLogs/[o-ORGID/]"),
        table.database
    );
    Err(Failure::Untrusted)
}

/// Prints what was pushed down (before the query starts).
fn say_pushed(q: &Query) {
    eprintln!("query: pushed down: {}", if q.pushed.is_empty() { "nothing".into() } else { q.pushed.join(", ") });
    if !q.local.is_empty() {
        eprintln!("query: applied to the returned rows only: {}", q.local.join(", "));
    }
    if let Some(r) = &q.rules {
        if r.predicate.is_some() {
            eprintln!("query: {} Sigma rules pushed down (by the services and calls they name)", r.pushed.len());
        } else {
            eprintln!(
                "query: no Sigma rule pushed down: these name no service or call, so every record in the window \
comes back for them: {}",
                r.local_only.join("; ")
            );
        }
    }
}

/// Prints what the query did and cost, and records it in the case.
fn report(g: &Global, a: &TimelineArgs, rec: &Recorded<'_>) -> CmdResult {
    let stats = rec.stats;
    if g.output == Output::Json {
        eprintln!("{}", serde_json::json!({ rec.engine: rec }));
    } else {
        eprintln!(
            "{}: query {} scanned {} (about ${:.4} at ${}/TB), engine {} ms, {} rows in {} pages",
            rec.engine,
            stats.query_execution_id,
            size(stats.data_scanned_bytes),
            stats.cost_usd,
            client::USD_PER_TB,
            stats.engine_execution_ms,
            stats.rows,
            stats.pages
        );
    }
    if let Some(case) = &a.case {
        let path = case.join(CASE_QUERIES);
        let line = serde_json::to_string(rec).map_err(|e| Failure::Environment(e.to_string()))?;
        // Evidence like the rest of the case: 0600.
        cordon_case::private::file_options()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| writeln!(f, "{line}"))
            .map_err(|e| Failure::Environment(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Runs `timeline build`'s filters as one CloudTrail Lake query and reads its rows into
/// `c`.
pub async fn lake_timeline(
    g: &Global,
    a: &TimelineArgs,
    filter: &Filter,
    keep_raw: bool,
    c: &mut Collected,
) -> CmdResult {
    let store = store(a)?;
    let (accounts, regions) = super::timeline::folder_filters(g, false);
    let q = lake_query(&store, filter, &accounts, &regions);
    if g.output != Output::Json {
        say_pushed(&q);
    }
    let aws = super::session::outside_case(g, "timeline").await?;
    let mut stats =
        cordon_timeline::athena::lake::start_and_wait(&aws.cloudtrail, &q.sql, Duration::from_millis(250), ctrl_c())
            .await
            .map_err(|e| Failure::Environment(format!("CloudTrail Lake: {e}")))?;
    cordon_timeline::athena::lake::read_results(&aws.cloudtrail, &mut stats, filter, keep_raw, c)
        .await
        .map_err(|e| Failure::Environment(format!("CloudTrail Lake: {e}")))?;
    let rec = Recorded::new("lake", store.0.clone(), &q, &stats);
    report(g, a, &rec)
}
