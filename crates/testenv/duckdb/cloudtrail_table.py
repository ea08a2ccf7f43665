"""Cordon's Athena tests: a CloudTrail table in DuckDB, and the queries run on it.

stdin: one JSON object: `schema` (the table's columns, from cordon-timeline's
`athena::schema::COLUMNS`), `records` (each with `account`, `region`, `day` — its file's
partition — and `record`, the CloudTrail record), `queries` (SQL texts, Athena's) and
optionally `database` (default `db`): the table is `<database>.cloudtrail`; or, with
`"dialect": "lake"`, a CloudTrail Lake event data store named `store`: `eventTime` a
timestamp, `readOnly` a boolean, the request and response maps of strings (a nested
object as its JSON text), as Lake keeps them.
stdout: per query one JSON line, `{"columns": [...], "rows": [[str|null, ...], ...]}`,
values as Athena's GetQueryResults gives them (text or null); or `{"error": "..."}`.

For the benchmark, `archive` (a trail archive's folder) replaces `records`: every
`.json.gz` under its `AWSLogs/` is loaded with its folder's partition; and with `runs`,
each query runs that many times and its line is `{"seconds": best, "rows": n,
"load_seconds": s}` instead of the rows.

Loading does what the CloudTrail SerDe does: field names matched in any case, a JSON
object or array in a string column kept as its JSON text, booleans as `true`/`false`.
Trino's `json_format(CAST(x AS JSON))` reads a struct or array as JSON text; DuckDB's
`CAST(x AS JSON)` gives that text already, so `json_format` is defined as its text.
"""

import glob
import gzip
import json
import os
import re
import sys
import tempfile
import time

import duckdb


def text(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def project(v, ty):
    if v is None:
        return None
    if ty in ("Str", "Json"):
        return text(v)
    if ty == "Map":
        return {str(k): text(x) for k, x in v.items()} if isinstance(v, dict) else None
    if "Struct" in ty:
        if not isinstance(v, dict):
            return None
        lower = {k.lower(): x for k, x in v.items()}
        return {name.lower(): project(lower.get(name.lower()), t) for name, t in ty["Struct"]}
    if "Array" in ty:
        return [project(x, ty["Array"]) for x in v] if isinstance(v, list) else None
    raise ValueError(f"type {ty!r}")


def lake_value(name, v, ty):
    """A value as CloudTrail Lake keeps it (the columns whose type differs in Lake)."""
    if v is None:
        return None
    if name == "eventTime":
        return v.replace("T", " ").rstrip("Z") if isinstance(v, str) else None
    if name == "readOnly":
        return v if isinstance(v, bool) else {"true": True, "false": False}.get(str(v).lower())
    if ty == "Json":
        return {str(k): text(x) for k, x in v.items()} if isinstance(v, dict) else None
    return project(v, ty)


def lake_type(name, ty):
    if name == "eventTime":
        return "TIMESTAMP"
    if name == "readOnly":
        return "BOOLEAN"
    if ty == "Json":
        return "MAP(VARCHAR, VARCHAR)"
    return duck_type(ty)


def duck_type(ty):
    if ty in ("Str", "Json"):
        return "VARCHAR"
    if ty == "Map":
        return "MAP(VARCHAR, VARCHAR)"
    if "Struct" in ty:
        return "STRUCT(" + ", ".join(f'"{n.lower()}" {duck_type(t)}' for n, t in ty["Struct"]) + ")"
    return duck_type(ty["Array"]) + "[]"


LAYOUT = re.compile(r"AWSLogs/(?:o-[^/]+/)?(\d{12})/CloudTrail/([^/]+)/(\d{4})/(\d{2})/(\d{2})/")


def archive_records(root):
    """Each record of a trail archive, with its file's partition."""
    for path in sorted(glob.glob(os.path.join(root, "AWSLogs", "**", "*.json.gz"), recursive=True)):
        m = LAYOUT.search(path.replace(os.sep, "/"))
        if not m:
            continue
        account, region, y, mo, d = m.groups()
        with gzip.open(path, "rt") as f:
            for rec in json.load(f).get("Records", []):
                yield {"account": account, "region": region, "day": f"{y}/{mo}/{d}", "record": rec}


def main():
    spec = json.load(sys.stdin)
    schema = spec["schema"]
    lake = spec.get("dialect") == "lake"
    columns = {n.lower(): (lake_type(n, t) if lake else duck_type(t)) for n, t in schema}
    for p in ("account", "region", "day"):
        columns[p] = "VARCHAR"
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "rows.jsonl")
        with open(path, "w") as f:
            started = time.perf_counter()
            records = archive_records(spec["archive"]) if "archive" in spec else spec["records"]
            for r in records:
                lower = {k.lower(): x for k, x in r["record"].items()}
                if lake:
                    row = {n.lower(): lake_value(n, lower.get(n.lower()), t) for n, t in schema}
                else:
                    row = {n.lower(): project(lower.get(n.lower()), t) for n, t in schema}
                row.update(account=r["account"], region=r["region"], day=r["day"])
                f.write(json.dumps(row) + "\n")
        con = duckdb.connect()
        # Its progress bar (for a long load) writes to stdout, which carries the answers.
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)")
        if lake:
            table = spec["store"]
        else:
            database = spec.get("database", "db")
            con.execute(f"CREATE SCHEMA {database}")
            table = f"{database}.cloudtrail"
        cols = ", ".join(f"'{n}': '{t}'" for n, t in columns.items())
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_json('{path}', format='newline_delimited', columns={{{cols}}})"
        )
        load_seconds = time.perf_counter() - started
        runs = spec.get("runs")
        for q in spec["queries"]:
            if runs:
                best, n = None, 0
                for _ in range(runs):
                    t = time.perf_counter()
                    n = len(con.execute(q).fetchall())
                    took = time.perf_counter() - t
                    best = took if best is None else min(best, took)
                print(json.dumps({"seconds": best, "rows": n, "load_seconds": load_seconds}))
                continue
            try:
                cur = con.execute(q)
                names = [c[0] for c in cur.description]
                rows = [[None if v is None else str(v) for v in row] for row in cur.fetchall()]
                print(json.dumps({"columns": names, "rows": rows}))
            except Exception as e:  # reported to the test, which fails naming the query
                print(json.dumps({"error": str(e)}))


main()
