"""Publishing: the marts and ops tables are copied from the private warehouse into a new DuckDB
file beside the published snapshot, which then replaces it with one atomic rename. A reader holds
either the old file or the new one, never a half-built snapshot, and never waits for the pipeline."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "ops")


def publish(warehouse: Path, published: Path, run_id: str = "") -> dict:
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    tables = {}
    try:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema {schema}")
            names = [r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'warehouse' "
                "and table_schema = ? order by table_name", [schema]).fetchall()]
            for name in names:
                con.execute(f"create table {schema}.{name} as select * from warehouse.{schema}.{name}")
                tables[f"{schema}.{name}"] = con.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
        published_at = dt.datetime.now().replace(microsecond=0)
        con.execute("create table ops.snapshot as select ?::timestamp as published_at, ? as run_id, "
                    "? as tables", [published_at, run_id, len(tables)])
        con.execute("detach warehouse")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, published)
    return {"published_at": published_at.isoformat(), "tables": tables}
