//! `timeline build --engine athena` against the emulator's Athena, which runs no SQL but
//! answers the results a test queues. So the test runs the query Cordon will send on
//! DuckDB over the same records it put in the trail bucket, queues those rows (as Athena
//! pages them: a header row, at most 1,000 rows a page), and compares Cordon's timeline
//! with the local build's over the bucket. The emulator is made to take several polls per
//! state (as a real query does), and the query Cordon sent is read back from Athena.

use std::io::Write;

use cordon_timeline::Filter;
use cordon_timeline::athena::client::{Run, start_and_wait};
use cordon_timeline::athena::ddl::CLOUDTRAIL_SERDE;
use cordon_timeline::athena::schema::COLUMNS;
use cordon_timeline::athena::sql::{Table, query};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::timeline::gzip;

const ORG: &str = "o-athena0test";
const ACCOUNTS: [&str; 2] = ["111122223333", "444455556666"];

/// Every Athena query takes `polls` GetQueryExecution calls per state (QUEUED, RUNNING):
/// the emulator's state manager, for all queries (idempotent; every test here sets 2).
fn slow_queries(endpoint: &str, polls: u32) {
    let body = json!({"model_name": "athena::execution", "transition": {"progression": "manual", "times": polls}});
    post(endpoint, "/moto-api/state-manager/set-transition", &body);
}

fn post(endpoint: &str, path: &str, body: &Value) {
    use std::io::Read;
    let addr = endpoint.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let body = body.to_string();
    write!(
        s,
        "POST {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 20") || answer.starts_with("HTTP/1.1 20"), "{path}: {answer}");
}

/// One record of the org trail, varied by `i`.
fn record(i: usize, time: &str, account: &str) -> Value {
    let user = ["mallory", "alice", "deploy"][i % 3];
    let name = ["CreateUser", "ListUsers", "CreateAccessKey", "GetUser"][i % 4];
    json!({
        "eventVersion": "1.09", "eventTime": time, "eventSource": "iam.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.50", "userAgent": "aws-cli/2",
        "eventID": format!("e-{i:06}"), "readOnly": i % 4 == 1 || i % 4 == 3, "recipientAccountId": account,
        "userIdentity": {"type": "IAMUser", "userName": user, "accountId": account, "accessKeyId": format!("AKIA{user:0>16}"),
                         "arn": format!("arn:aws:iam::{account}:user/{user}")},
        "requestParameters": {"userName": format!("u{}", i % 50)}
    })
}

/// Puts `n` records over 2026-11-29 and -30 into the org trail layout, 100 to a file,
/// and answers them with their partitions (for DuckDB).
async fn seed_trail(s3: &aws_sdk_s3::Client, bucket: &str, n: usize) -> Vec<Value> {
    let start = "2026-11-29T00:00:00Z".parse::<jiff::Timestamp>().unwrap().as_millisecond();
    let mut all = Vec::new();
    let mut files: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
    for i in 0..n {
        let t = start + (i as i64) * (48 * 3600 * 1000 / n as i64);
        let ts = jiff::Timestamp::from_millisecond(t).unwrap();
        let account = ACCOUNTS[i % 2];
        let rec = record(i, &ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), account);
        let stamp = jiff::Timestamp::from_millisecond(t + 5 * 60 * 1000).unwrap();
        let day = stamp.strftime("%Y/%m/%d").to_string();
        let key = format!(
            "AWSLogs/{ORG}/{account}/CloudTrail/us-east-1/{day}/{account}_CloudTrail_us-east-1_{}_{:04}.json.gz",
            stamp.strftime("%Y%m%dT%H%MZ"),
            i / 100
        );
        files.entry(key).or_default().push(rec.clone());
        all.push(json!({"account": account, "region": "us-east-1", "day": day, "record": rec}));
    }
    for (key, recs) in files {
        let body = gzip(json!({ "Records": recs }).to_string().as_bytes());
        s3.put_object().bucket(bucket).key(&key).body(body.into()).send().await.unwrap();
    }
    all
}

/// The query's rows on DuckDB over the records: its columns and rows.
fn duckdb(records: &[Value], sql: &str) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    let columns = serde_json::to_value(COLUMNS).unwrap();
    cordon_testenv::duckdb::cloudtrail_queries(columns, records, "ir", &[sql.to_string()]).unwrap().remove(0)
}

/// Queues `rows` as the next query's results in `region`, the way Athena answers a
/// SELECT: the column names as the first row.
fn queue_results(endpoint: &str, region: &str, columns: &[String], rows: &[Vec<Option<String>>]) {
    let datum = |v: &Option<String>| v.as_deref().map_or(json!({}), |s| json!({"VarCharValue": s}));
    let mut out = vec![json!({"Data": columns.iter().map(|c| json!({"VarCharValue": c})).collect::<Vec<_>>()})];
    out.extend(rows.iter().map(|r| json!({"Data": r.iter().map(datum).collect::<Vec<_>>()})));
    let info: Vec<Value> = columns.iter().map(|c| json!({"Name": c, "Label": c, "Type": "varchar"})).collect();
    let body = json!({"region": region, "results": [{"rows": out, "column_info": info}]});
    post(endpoint, "/moto-api/static/athena/query-results", &body);
}

fn jsonl_without_origin(path: &std::path::Path) -> Vec<Value> {
    let mut v: Vec<Value> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut e: Value = serde_json::from_str(l).unwrap();
            e.as_object_mut().unwrap().remove("origin");
            e
        })
        .collect();
    v.sort_by_key(|e| e["event_id"].as_str().unwrap_or("").to_string());
    v
}

fn athena_client(endpoint: &str, region: &str, key: &str) -> aws_sdk_athena::Client {
    let creds = aws_sdk_athena::config::Credentials::new(key, "emulator-secret", None, None, "test");
    let conf = aws_sdk_athena::Config::builder()
        .behavior_version(aws_sdk_athena::config::BehaviorVersion::latest())
        .region(aws_sdk_athena::config::Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_athena::Client::from_conf(conf)
}

#[tokio::test]
async fn an_athena_timeline_equals_the_local_build_over_the_same_trail() {
    let Some(emu) = emulator() else { return };
    slow_queries(&emu.endpoint, 2);
    let region = "eu-north-1";
    let label = unique("athena");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("org-trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let records = seed_trail(&aws.s3, &bucket, 4800).await;
    let from = format!("s3://{bucket}/AWSLogs/{ORG}/");
    let (start, end) = ("2026-11-29T06:00:00Z", "2026-11-30T05:59:59Z");
    let filter = Filter {
        start_ms: Some(start.parse::<jiff::Timestamp>().unwrap().as_millisecond()),
        end_ms: Some(end.parse::<jiff::Timestamp>().unwrap().as_millisecond()),
        writes_only: true,
        ..Filter::default()
    };
    let sql = query(&Table::parse("ir.cloudtrail").unwrap(), &filter, &[], &[]).sql;
    create_glue_table(&emu.endpoint, region, &key, glue_table("cloudtrail", &template(&from), &ACCOUNTS)).await;
    let (columns, rows) = duckdb(&records, &sql);
    assert!(rows.len() > 1000, "more than one page: {}", rows.len());
    queue_results(&emu.endpoint, region, &columns, &rows);

    // A case to record the query in (a playbook run that collects from the same bucket).
    let tmp = tempfile::tempdir().unwrap();
    let case_dir = tmp.path().join("case");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["run", "--case", &format!("IR-{label}"), "--set", &format!("bucket={bucket}")])
        .args(["--set", "start=2026-11-29T10:00:00Z", "--set", "end=2026-11-29T10:05:00Z", "--case-dir"])
        .arg(&case_dir)
        .arg(workspace().join("tests/fixtures/playbooks/collect-trail.yaml")));
    assert!(out.status.success(), "{}", text(&out));

    let window = ["--start", start, "--end", end, "--writes-only"];
    let local = tmp.path().join("local.jsonl");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["timeline", "build", "--from", &from])
        .args(window)
        .arg("--out")
        .arg(&local));
    assert!(out.status.success(), "{}", text(&out));
    let athena = tmp.path().join("athena.jsonl");
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--region", region, "timeline", "build", "--engine", "athena", "--table", "ir.cloudtrail"])
        .args(["--workgroup", "primary", "--output-location", &format!("s3://{bucket}/athena-results/")])
        .args(["--from", &from, "--bucket-region", "us-east-1", "--max-scan-gb", "1"])
        .args(window)
        .arg("--case")
        .arg(&case_dir)
        .arg("--out")
        .arg(&athena));
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    let want = jsonl_without_origin(&local);
    assert!(want.len() > 1000, "{}", want.len());
    let got = jsonl_without_origin(&athena);
    assert_eq!(got.len(), want.len(), "{said}");
    assert_eq!(got, want);
    assert!(said.contains("pushed down: window, writes only"), "{said}");

    // The case records the query; Athena holds the same SQL under the same id.
    let recorded: Vec<Value> = std::fs::read_to_string(case_dir.join("athena-queries.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recorded.len(), 1);
    let q = &recorded[0];
    assert_eq!(q["sql"], sql.as_str());
    assert_eq!(q["rows"], rows.len());
    assert_eq!(q["pages"], rows.len().div_ceil(1000), "one page per 1,000 rows (the header on the first)");
    assert_eq!(q["partitions_days"], json!(["2026/11/29", "2026/11/30"]));
    assert!(q["estimate"]["bytes"].as_u64().unwrap() > 0, "{q}");
    assert_eq!(q["estimate"]["accounts"], json!(ACCOUNTS), "the accounts with logs in the window: {q}");
    assert_eq!(q["table_definition"]["parameters"]["storage.location.template"], template(&from).as_str(), "{q}");
    assert!(said.contains(&format!("athena: ir.cloudtrail reads {}", template(&from))), "{said}");
    let id = q["query_execution_id"].as_str().unwrap();
    let athena_api = athena_client(&emu.endpoint, region, &key);
    let sent = athena_api.get_query_execution().query_execution_id(id).send().await.unwrap();
    let sent = sent.query_execution().unwrap();
    assert_eq!(sent.query(), Some(sql.as_str()));
    assert_eq!(sent.query_execution_context().and_then(|c| c.database()), Some("ir"));
    assert!(verify(&case_dir, &emu.endpoint).status.success(), "the case still verifies");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(case_dir.join("athena-queries.jsonl")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the query record is evidence like the rest of the case");
    }
    // The report shows the query.
    let out = run(cordon(&emu.endpoint, &key).args(["report", "--format", "md"]).arg(&case_dir));
    assert!(out.status.success(), "{}", text(&out));
    let md = std::fs::read_to_string(case_dir.join("report.md")).unwrap();
    let row = md.lines().find(|l| l.contains(id)).unwrap_or_else(|| panic!("the query's row in\n{md}"));
    assert!(row.contains("| athena |") && row.contains(&format!("| {} |", rows.len())), "{row}");
}

#[tokio::test]
async fn a_query_over_the_scan_limit_is_refused_before_it_starts() {
    let Some(emu) = emulator() else { return };
    let region = "ap-south-2";
    let label = unique("athenamax");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("org-trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    seed_trail(&aws.s3, &bucket, 400).await;
    let athena_api = athena_client(&emu.endpoint, region, &key);
    let before = athena_api.list_query_executions().send().await.unwrap().query_execution_ids().len();
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--region", region, "timeline", "build", "--engine", "athena", "--table", "ir.cloudtrail"])
        .args(["--from", &format!("s3://{bucket}/AWSLogs/{ORG}/"), "--bucket-region", "us-east-1"])
        .args(["--start", "2026-11-29T00:00:00Z", "--end", "2026-11-30T23:00:00Z", "--max-scan-gb", "0.000001"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("more than --max-scan-gb"), "{}", text(&out));
    let after = athena_api.list_query_executions().send().await.unwrap().query_execution_ids().len();
    assert_eq!(after, before, "no query was started");
    // Without --from there is nothing to estimate from: refused, not run unchecked.
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--region", region, "timeline", "build", "--engine", "athena", "--table", "ir.cloudtrail"])
        .args(["--max-scan-gb", "5"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // A table name that is not one is refused as input.
    let out =
        run(cordon(&emu.endpoint, &key).args(["timeline", "build", "--engine", "athena", "--table", "ir.x;drop"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // Each engine's flags with that engine only, and Lake reads no archive.
    for args in [
        &["--engine", "lake"][..],
        &["--engine", "lake", "--event-data-store", "eds; DROP"],
        &["--engine", "lake", "--event-data-store", "eds1", "--from", "s3://b/AWSLogs/"],
        &["--engine", "lake", "--event-data-store", "eds1", "--table", "ir.t"],
        &["--event-data-store", "eds1", "--from", "s3://b/AWSLogs/"],
        &["--table", "ir.t", "--from", "s3://b/AWSLogs/"],
    ] {
        let out = run(cordon(&emu.endpoint, &key).args(["timeline", "build"]).args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
    }
}

#[tokio::test]
async fn a_cancelled_query_is_stopped_in_athena() {
    let Some(emu) = emulator() else { return };
    slow_queries(&emu.endpoint, 2);
    let region = "sa-east-1";
    let key = access_key(&unique("athenacancel"));
    let client = athena_client(&emu.endpoint, region, &key);
    let run = Run {
        sql: "SELECT 1",
        database: "ir",
        workgroup: None,
        output_location: None,
        first_poll: std::time::Duration::from_millis(300),
    };
    // The responder presses Ctrl-C while the query is still queued.
    let err =
        start_and_wait(&client, &run, tokio::time::sleep(std::time::Duration::from_millis(50))).await.unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    let ids = client.list_query_executions().send().await.unwrap();
    let id = ids.query_execution_ids().last().unwrap().clone();
    let state = client.get_query_execution().query_execution_id(&id).send().await.unwrap();
    let state = state.query_execution().and_then(|q| q.status()).and_then(|s| s.state()).cloned();
    assert_eq!(state, Some(aws_sdk_athena::types::QueryExecutionState::Cancelled));
}

#[tokio::test]
async fn the_table_is_made_for_the_archives_accounts_and_regions() {
    let Some(emu) = emulator() else { return };
    slow_queries(&emu.endpoint, 2);
    let region = "ca-central-1";
    let label = unique("athenaddl");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("org-trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    seed_trail(&aws.s3, &bucket, 200).await;
    let from = format!("s3://{bucket}/AWSLogs/{ORG}/");
    // Printing with the partitions named lists nothing and needs no credentials.
    let out = run(cordon(&emu.endpoint, "AKIANOSUCHKEY0000000")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["athena", "ddl", "--from", &from, "--table", "ir.cloudtrail"])
        .args(["--accounts", "111122223333", "--regions", "us-east-1"]));
    assert!(out.status.success(), "{}", text(&out));
    // `--database ir` is `--table ir.cloudtrail`; with both, which is meant is unclear.
    let short = run(cordon(&emu.endpoint, "AKIANOSUCHKEY0000000")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["athena", "ddl", "--from", &from, "--database", "ir"])
        .args(["--accounts", "111122223333", "--regions", "us-east-1"]));
    assert!(short.status.success(), "{}", text(&short));
    assert_eq!(short.stdout, out.stdout);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("CREATE EXTERNAL TABLE IF NOT EXISTS `ir`.`cloudtrail`"),
        "{}",
        text(&out)
    );
    let both = run(cordon(&emu.endpoint, "AKIANOSUCHKEY0000000").args([
        "athena",
        "ddl",
        "--from",
        &from,
        "--database",
        "ir",
        "--table",
        "ir.trail",
    ]));
    assert_eq!(both.status.code(), Some(2), "{}", text(&both));
    // Listed from the archive, and created in Athena. The emulator's Athena runs no DDL:
    // the test makes the catalog's table as Athena would, for the read-back.
    create_glue_table(&emu.endpoint, region, &key, glue_table("cloudtrail", &template(&from), &ACCOUNTS)).await;
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--region", region, "athena", "ddl", "--from", &from, "--table", "ir.cloudtrail"])
        .args(["--bucket-region", "us-east-1", "--apply", "--workgroup", "primary"]));
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    let ddl = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(ddl.contains(&format!("'projection.account.values'='{}'", ACCOUNTS.join(","))), "{ddl}");
    assert!(ddl.contains("'projection.region.values'='us-east-1'"), "{ddl}");
    assert!(
        ddl.contains(&format!("'storage.location.template'='{from}${{account}}/CloudTrail/${{region}}/${{day}}'")),
        "{ddl}"
    );
    let client = athena_client(&emu.endpoint, region, &key);
    let ids = client.list_query_executions().send().await.unwrap();
    let id = ids.query_execution_ids().last().unwrap().clone();
    let got = client.get_query_execution().query_execution_id(&id).send().await.unwrap();
    let q = got.query_execution().unwrap();
    assert_eq!(q.query(), Some(ddl.as_str()));
    assert_eq!(q.statement_type(), Some(&aws_sdk_athena::types::StatementType::Ddl));
    assert!(said.contains("read back"), "{said}");
    // A table already there under the name (`IF NOT EXISTS` keeps it) that reads forged
    // logs: refused, not reported as made.
    let forged = template(&format!("s3://forged-{}/AWSLogs/{ORG}/", label.to_lowercase()));
    create_glue_table(&emu.endpoint, region, &key, glue_table("planted", &forged, &ACCOUNTS)).await;
    let out = run(cordon(&emu.endpoint, &key)
        .args(["--region", region, "athena", "ddl", "--from", &from, "--table", "ir.planted"])
        .args(["--bucket-region", "us-east-1", "--apply", "--workgroup", "primary"]));
    let said = text(&out);
    assert_eq!(out.status.code(), Some(5), "{said}");
    assert!(said.contains("already existed") && said.contains(&forged), "{said}");
}

#[test]
fn show_query_prints_the_sql_and_calls_nothing() {
    // No emulator: an endpoint where nothing answers, so any call would fail.
    let nowhere = "http://127.0.0.1:9";
    let (start, end) = ("2026-11-29T06:00:00Z", "2026-11-30T05:59:59Z");
    let out = run(cordon(nowhere, "AKIANOSUCHKEY0000000")
        .args(["timeline", "build", "--engine", "athena", "--table", "ir.cloudtrail", "--show-query"])
        .args(["--start", start, "--end", end, "--writes-only", "--accounts", ACCOUNTS[0]]));
    assert!(out.status.success(), "{}", text(&out));
    let filter = Filter {
        start_ms: Some(start.parse::<jiff::Timestamp>().unwrap().as_millisecond()),
        end_ms: Some(end.parse::<jiff::Timestamp>().unwrap().as_millisecond()),
        writes_only: true,
        ..Filter::default()
    };
    let want = query(&Table::parse("ir.cloudtrail").unwrap(), &filter, &[ACCOUNTS[0].to_string()], &[]).sql;
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), want);
    // A hunt says which rules it pushed down.
    let rules = tempfile::tempdir().unwrap();
    let rule = "title: Access key created\nlogsource: {product: aws, service: cloudtrail}\n\
detection:\n  sel:\n    eventSource: iam.amazonaws.com\n    eventName: CreateAccessKey\n  condition: sel\n";
    std::fs::write(rules.path().join("key.yml"), rule).unwrap();
    let out = run(cordon(nowhere, "AKIANOSUCHKEY0000000")
        .args(["--output", "json", "hunt", "--engine", "lake", "--event-data-store", "edsexample0001", "--show-query"])
        .arg("--rules")
        .arg(rules.path()));
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["engine"], "lake");
    assert_eq!(v["rules_pushed_down"], json!(["Access key created"]));
    assert!(
        v["sql"]
            .as_str()
            .unwrap()
            .contains("(lower(eventsource) = 'iam.amazonaws.com' AND (lower(eventname) IN ('createaccesskey')))"),
        "{v}"
    );
    // The local engine runs no query.
    let out = run(cordon(nowhere, "AKIANOSUCHKEY0000000").args(["timeline", "build", "--show-query", "x.json"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

fn glue_client(endpoint: &str, region: &str, key: &str) -> aws_sdk_glue::Client {
    let creds = aws_sdk_glue::config::Credentials::new(key, "emulator-secret", None, None, "test");
    let conf = aws_sdk_glue::Config::builder()
        .behavior_version(aws_sdk_glue::config::BehaviorVersion::latest())
        .region(aws_sdk_glue::config::Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_glue::Client::from_conf(conf)
}

/// The table `cordon athena ddl --apply` makes, as the Glue Data Catalog holds it (the
/// emulator's Athena runs no DDL): `ir.<name>` over `template`'s location, projecting
/// `accounts` and us-east-1.
fn glue_table(name: &str, template: &str, accounts: &[&str]) -> aws_sdk_glue::types::TableInput {
    use aws_sdk_glue::types::{Column, SerDeInfo, StorageDescriptor, TableInput};
    let col = |n: &str| Column::builder().name(n).r#type("string").build().unwrap();
    let params = [
        ("projection.enabled", "true".to_string()),
        ("projection.account.type", "enum".into()),
        ("projection.account.values", accounts.join(",")),
        ("projection.region.type", "enum".into()),
        ("projection.region.values", "us-east-1".into()),
        ("projection.day.type", "date".into()),
        ("projection.day.format", "yyyy/MM/dd".into()),
        ("projection.day.range", "2013/11/01,NOW".into()),
        ("storage.location.template", template.into()),
    ];
    let sd = StorageDescriptor::builder()
        .location(template.split("${account}").next().unwrap_or_default())
        .columns(col("eventversion"))
        .serde_info(SerDeInfo::builder().serialization_library(CLOUDTRAIL_SERDE).build())
        .build();
    let mut t = TableInput::builder()
        .name(name)
        .table_type("EXTERNAL_TABLE")
        .storage_descriptor(sd)
        .set_partition_keys(Some(["account", "region", "day"].map(col).to_vec()));
    for (k, v) in params {
        t = t.parameters(k, v);
    }
    t.build().unwrap()
}

/// Creates `ir.<name>` in the catalog `cordon` reads in `region` with `key`, or replaces
/// its definition (a test run again on the same emulator).
async fn create_glue_table(endpoint: &str, region: &str, key: &str, table: aws_sdk_glue::types::TableInput) {
    let glue = glue_client(endpoint, region, key);
    let db = aws_sdk_glue::types::DatabaseInput::builder().name("ir").build().unwrap();
    let _ = glue.create_database().database_input(db).send().await;
    let created = glue.create_table().database_name("ir").table_input(table.clone()).send().await;
    if created.is_err() {
        glue.update_table().database_name("ir").table_input(table).send().await.unwrap();
    }
}

fn template(from: &str) -> String {
    format!("{from}${{account}}/CloudTrail/${{region}}/${{day}}")
}

/// An attacker who holds the account repoints the responder's table at forged logs, or
/// narrows it so an account's events are missing: the query is refused (exit 5) before
/// it starts, saying why; a table that is not there is an environment error naming it.
#[tokio::test]
async fn a_table_that_does_not_read_the_archive_is_refused() {
    let Some(emu) = emulator() else { return };
    let region = "eu-south-2";
    let label = unique("athenatrust");
    let key = access_key(&label);
    let aws = cordon_testenv::emulator_aws(&emu.endpoint, &access_key(&format!("seed-{label}"))).await;
    let bucket = format!("org-trail-{}", label.to_lowercase());
    aws.s3.create_bucket().bucket(&bucket).send().await.unwrap();
    seed_trail(&aws.s3, &bucket, 400).await;
    let from = format!("s3://{bucket}/AWSLogs/{ORG}/");
    let forged = template(&format!("s3://forged-{}/AWSLogs/{ORG}/", label.to_lowercase()));
    create_glue_table(&emu.endpoint, region, &key, glue_table("repointed", &forged, &ACCOUNTS)).await;
    create_glue_table(&emu.endpoint, region, &key, glue_table("narrowed", &template(&from), &ACCOUNTS[..1])).await;
    let athena_api = athena_client(&emu.endpoint, region, &key);
    let before = athena_api.list_query_executions().send().await.unwrap().query_execution_ids().len();
    let build = |table: &str| {
        run(cordon(&emu.endpoint, &key)
            .args(["--region", region, "timeline", "build", "--engine", "athena", "--table", table])
            .args(["--from", &from, "--bucket-region", "us-east-1"])
            .args(["--start", "2026-11-29T00:00:00Z", "--end", "2026-11-30T23:00:00Z"]))
    };
    let out = build("ir.repointed");
    let said = text(&out);
    assert_eq!(out.status.code(), Some(5), "{said}");
    assert!(said.contains(&forged) && said.contains("--from"), "{said}");
    assert!(said.contains("cordon athena ddl --from"), "the way out: {said}");
    let out = build("ir.narrowed");
    let said = text(&out);
    assert_eq!(out.status.code(), Some(5), "{said}");
    assert!(said.contains(&format!("does not project account {}", ACCOUNTS[1])), "{said}");
    let after = athena_api.list_query_executions().send().await.unwrap().query_execution_ids().len();
    assert_eq!(after, before, "no query was started");
    let out = build("ir.nosuch");
    let said = text(&out);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(said.contains("ir.nosuch") && said.contains("glue:GetTable"), "{said}");
}
