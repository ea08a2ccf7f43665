//! Organization-scale timelines in Athena (and CloudTrail Lake): the same filter as the local build, as one
//! query over a CloudTrail table with partition projection, the rows read back into
//! records and normalized by the local reader.
//!
//! - [`schema`]: the table's columns (the DDL, the select list and the rows' names).
//! - [`ddl`]: `CREATE EXTERNAL TABLE` for an archive (`cordon athena ddl`).
//! - [`sql`]: the filter as SQL, partition predicates first (pure).
//! - [`rows`]: a result row back into its CloudTrail record (pure).
//! - [`table_check`]: whether the table reads the archive named, in Cordon's layout,
//!   and projects every account, Region and day asked (pure).
//! - `client`: start, wait, cancel, read pages, statistics; the scan estimate.
//! - `lake`: the same for a CloudTrail Lake event data store (`--engine lake`).
//!
//! Invariant: a query keeps at least what the local filter keeps, and every row is
//! filtered again locally, so the events equal `timeline build`'s over the same records.

/// The case file each Athena or CloudTrail Lake query of a timeline is recorded in, one
/// JSON line each (its SQL, what was pushed down, data scanned and cost); the report
/// shows it.
pub const CASE_QUERIES: &str = "athena-queries.jsonl";

#[cfg(feature = "aws")]
pub mod client;
pub mod ddl;
#[cfg(feature = "aws")]
pub mod lake;
pub mod rows;
pub mod schema;
pub mod sql;
pub mod table_check;
