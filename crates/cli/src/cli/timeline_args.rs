//! The arguments of `timeline build`, `hunt` (which shares them) and `athena`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// JSON Lines that Timesketch imports directly.
    Jsonl,
    /// CSV (cells a spreadsheet would run as formulas are neutralized).
    Csv,
    /// A Markdown table.
    Md,
}

/// Where CloudTrail comes from and which events to keep.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Local CloudTrail files or directories (`.json`, `.json.gz`, JSON Lines; the
    /// `{"Records":[...]}`, bare-array and `aws cloudtrail lookup-events` shapes).
    pub paths: Vec<PathBuf>,
    /// The trail's S3 archive, `s3://bucket/prefix`. The global `--account` and
    /// `--region` choose which account and Region folders are read (default: all).
    #[arg(long, value_name = "S3_URI")]
    pub from: Option<String>,
    /// The archive bucket's Region, if not the one in use.
    #[arg(long, value_name = "REGION")]
    pub bucket_region: Option<String>,
    /// Also read CloudTrail's LookupEvents API (management events, last 90 days).
    #[arg(long)]
    pub lookup: bool,
    /// A case directory: its responders' actions are merged in, and the timeline is
    /// written to CASE_DIR/timeline.jsonl unless --out says otherwise.
    #[arg(long, value_name = "CASE_DIR")]
    pub case: Option<PathBuf>,
    /// Window start (RFC 3339, e.g. 2026-11-29T10:00:00Z), inclusive.
    #[arg(long)]
    pub start: Option<String>,
    /// Window end (RFC 3339), inclusive.
    #[arg(long)]
    pub end: Option<String>,
    /// Keep events by this actor (substring of the actor, ARN or session name; repeatable).
    #[arg(long)]
    pub actor: Vec<String>,
    /// Keep events made with this access key id (repeatable).
    #[arg(long)]
    pub access_key: Vec<String>,
    /// Keep events with this name (repeatable).
    #[arg(long)]
    pub event_name: Vec<String>,
    /// Keep events touching a resource containing this (repeatable).
    #[arg(long)]
    pub resource: Vec<String>,
    /// Keep events from this source IP (repeatable).
    #[arg(long)]
    pub source_ip: Vec<String>,
    /// Keep only events that failed (with an error code).
    #[arg(long)]
    pub errors_only: bool,
    /// Keep only events that are not read-only.
    #[arg(long)]
    pub writes_only: bool,
    /// The largest file read, and the most a compressed file may inflate to.
    #[arg(long, default_value_t = 1 << 30)]
    pub max_file_size: u64,
    /// The most file bytes and inflated text that the parallel readers hold at once
    /// (a file needs its size plus its inflated size within it).
    #[arg(long, default_value_t = 2 << 30)]
    pub max_memory: u64,
    /// Sigma rules: files or directories of `.yml` (product aws, service cloudtrail).
    /// Each matching event carries the rules it matched (id, title, level, tags); rules
    /// that cannot be used are reported with file and line, and the rest still run.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub rules: Vec<PathBuf>,
    /// Where the trail is read: here (`local`: files, `--from` the archive, `--lookup`),
    /// in Athena (`athena`: the window and filters become one query over `--table`,
    /// only the answer comes back; `--from` then names the table's location, listed,
    /// never read, to estimate the scan; see `cordon athena ddl`), or in CloudTrail Lake
    /// (`lake`: one query over `--event-data-store`). See docs/athena.md.
    #[arg(long, value_enum, default_value = "local")]
    pub engine: Engine,
    /// The CloudTrail Lake event data store `--engine lake` queries (its ARN or id).
    #[arg(long, value_name = "ARN")]
    pub event_data_store: Option<String>,
    /// The CloudTrail table `--engine athena` queries, DATABASE.TABLE.
    #[arg(long, value_name = "DATABASE.TABLE")]
    pub table: Option<String>,
    /// The Athena workgroup (its result location and limits apply).
    #[arg(long, value_name = "NAME")]
    pub workgroup: Option<String>,
    /// Where Athena writes the results, `s3://...`, unless the workgroup sets it.
    #[arg(long, value_name = "S3_URI")]
    pub output_location: Option<String>,
    /// With --engine athena or lake: print the query and what it pushes down, and stop.
    /// Nothing is listed, started or read (no AWS call): the SQL to review, or to paste
    /// into the console.
    #[arg(long)]
    pub show_query: bool,
    /// Refuse an Athena query whose partitions hold more than this many GB (10^9 bytes):
    /// estimated before it starts by listing them under `--from`.
    #[arg(long, value_name = "GB")]
    pub max_scan_gb: Option<f64>,
    /// Read every local file. By default, with --start or --end, a file named as
    /// CloudTrail names its log files (ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz)
    /// is skipped when its delivery stamp shows it cannot hold events in the window.
    #[arg(long)]
    pub all_files: bool,
}

/// Where `timeline build` reads the trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    Local,
    Athena,
    Lake,
}

#[derive(Debug, Subcommand)]
pub enum AthenaCommand {
    /// Print the CloudTrail table `timeline build --engine athena` queries, over a trail's
    /// archive, with partition projection over account, Region and day (organization and
    /// single-account trails); `--apply` creates it. Its accounts and Regions: the global
    /// --accounts and --regions, else the archive's folders (listed).
    Ddl {
        /// The trail's archive: `s3://bucket/[prefix/]AWSLogs/[o-ORGID/]`.
        #[arg(long, value_name = "S3_URI")]
        from: String,
        /// DATABASE.TABLE to create.
        #[arg(long, value_name = "DATABASE.TABLE", default_value = "default.cloudtrail")]
        table: String,
        /// The database to create it in, as the table `cloudtrail` (short for `--table
        /// DATABASE.cloudtrail`).
        #[arg(long, value_name = "DATABASE", conflicts_with = "table")]
        database: Option<String>,
        /// The archive bucket's Region, if not the one in use.
        #[arg(long, value_name = "REGION")]
        bucket_region: Option<String>,
        /// Create the table in Athena (the statement runs in `--workgroup`).
        #[arg(long)]
        apply: bool,
        /// The Athena workgroup, with --apply.
        #[arg(long, value_name = "NAME")]
        workgroup: Option<String>,
        /// Where Athena writes the statement's results, with --apply, unless the
        /// workgroup sets it.
        #[arg(long, value_name = "S3_URI")]
        output_location: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Merge sources into one timeline: sorted, duplicates dropped, filtered.
    Build {
        #[command(flatten)]
        args: Box<TimelineArgs>,
        /// Where to write (default: CASE_DIR/timeline.jsonl with --case, else stdout).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: TimelineFormat,
        /// Embed each event's whole CloudTrail record (`raw`) in JSON Lines output. Off by
        /// default: it doubles the output, and its free-form request and response fields
        /// become thousands of index fields in Timesketch/OpenSearch; `origin` and
        /// `event_id` locate the record in its file.
        #[arg(long, conflicts_with = "no_raw")]
        raw: bool,
        /// The default (no raw record); accepted for scripts written for earlier versions.
        #[arg(long, hide = true)]
        no_raw: bool,
    },
    /// Validate the trail's digest files for the window: signatures (RSA SHA-256 with
    /// CloudTrail's public keys), the chain between digests, and every log file's hash;
    /// reports missing, changed and unsigned files.
    VerifyDigests {
        /// The trail's S3 archive, `s3://bucket/prefix`.
        #[arg(long, value_name = "S3_URI")]
        from: String,
        /// The archive bucket's Region, if not the one in use.
        #[arg(long, value_name = "REGION")]
        bucket_region: Option<String>,
        /// Window start (RFC 3339).
        #[arg(long)]
        start: String,
        /// Window end (RFC 3339).
        #[arg(long)]
        end: String,
    },
}
