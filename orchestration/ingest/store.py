"""The ingest tables of the private warehouse: `ingest.deliveries` (every file the inbox has shown),
`ingest.rejections` (every refused row) and `raw.<feed>` (loaded rows with their lineage)."""
from __future__ import annotations

import duckdb
import polars as pl

from validations.feeds import FEEDS, Feed

LINEAGE = {"_delivery_id": "BIGINT", "_file_name": "VARCHAR", "_row_number": "BIGINT",
           "_file_sha256": "VARCHAR", "_loaded_at": "TIMESTAMP"}

DELIVERIES = """
create table if not exists ingest.deliveries (
    delivery_id bigint primary key, feed varchar, sender varchar, academic_year integer, delivery_key varchar,
    file_name varchar, path varchar, sha256 varchar, size_bytes bigint, status varchar,
    rows_received bigint, rows_loaded bigint, rows_rejected bigint, received_at timestamp,
    file_modified_at timestamp, file_format varchar, ignored_columns varchar, message varchar,
    replaced_by bigint)"""
REJECTIONS = """
create table if not exists ingest.rejections (
    delivery_id bigint, feed varchar, file_name varchar, row_number bigint, reason varchar)"""
DELIVERY_SCHEMA = {
    "delivery_id": pl.Int64, "feed": pl.Utf8, "sender": pl.Utf8, "academic_year": pl.Int32,
    "delivery_key": pl.Utf8, "file_name": pl.Utf8,
    "path": pl.Utf8, "sha256": pl.Utf8, "size_bytes": pl.Int64, "status": pl.Utf8, "rows_received": pl.Int64,
    "rows_loaded": pl.Int64, "rows_rejected": pl.Int64, "received_at": pl.Datetime("us"),
    "file_modified_at": pl.Datetime("us"), "file_format": pl.Utf8, "ignored_columns": pl.Utf8, "message": pl.Utf8,
    "replaced_by": pl.Int64}
REJECTION_SCHEMA = {"delivery_id": pl.Int64, "feed": pl.Utf8, "file_name": pl.Utf8, "row_number": pl.Int64,
                    "reason": pl.Utf8}


def raw_table(feed: Feed) -> str:
    return f"raw.{feed.name}"


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists ingest; create schema if not exists raw")
    con.execute(DELIVERIES)
    con.execute(REJECTIONS)
    for feed in FEEDS.values():
        cols = [f'"{c.name}" {c.sql_type}' for c in feed.columns] + [f"{k} {v}" for k, v in LINEAGE.items()]
        con.execute(f"create table if not exists {raw_table(feed)} ({', '.join(cols)})")


def active_deliveries(con) -> dict[str, tuple[int, str, str]]:
    """Delivery key -> (delivery_id, sha256, file_name) of the delivery currently in force."""
    rows = con.execute("select delivery_key, delivery_id, sha256, file_name "
                       "from ingest.deliveries where status = 'loaded'").fetchall()
    return {k: (i, h, n) for k, i, h, n in rows}


def next_delivery_id(con) -> int:
    return con.execute("select coalesce(max(delivery_id), 0) + 1 from ingest.deliveries").fetchone()[0]


def delivery_counts(con) -> dict[int, tuple[int, int, int]]:
    rows = con.execute("select delivery_id, rows_received, rows_loaded, rows_rejected from ingest.deliveries").fetchall()
    return {r[0]: r[1:] for r in rows}
