"""Publishing: the marts and ops tables are copied from the private warehouse into a new DuckDB
file beside the published snapshot, which then replaces it with one atomic rename. A reader holds
either the old file or the new one, never a half-built snapshot, and never waits for the pipeline.
Each partnership's own unsuppressed rows go to extracts beside it (deployment/own_detail.py),
named by the snapshot, so the same rename switches them too."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import duckdb

from deployment import own_detail
from deployment.home import SNAPSHOT_MODE
from orchestration.changes import built_from
from validations.feeds.names import FEED_NAMES

PUBLISHED_SCHEMAS = ("marts", "ops")
EXTRA_TABLES = {"gates.results": "ops.gate_results"}      # warehouse table -> published name


def publish(warehouse: Path, published: Path, run_id: str = "", fingerprint: str = "",
            rebuilt: frozenset[str] | None = None) -> dict:
    """Write the snapshot; ops.snapshot records what it was built from (the last delivery and the
    dbt project's fingerprint), so a run with nothing new can tell the snapshot is current.
    `rebuilt`: the feeds whose downstream the run rebuilt (None: all)."""
    for stale in published.parent.glob(f".{published.name}.*.tmp"):    # left by a killed publish
        stale.unlink(missing_ok=True)
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    built = built_from(published)
    con = duckdb.connect(str(tmp))
    tables = {}
    extract_id = ""
    try:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        extract_id = own_detail.write(con, published.parent)
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema {schema}")
            names = [r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'warehouse' "
                "and table_schema = ? order by table_name", [schema]).fetchall()]
            for name in names:
                con.execute(f"create table {schema}.{name} as select * from warehouse.{schema}.{name}")
                tables[f"{schema}.{name}"] = con.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
        existing = {f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = 'warehouse'"
        ).fetchall()}
        for source, target in EXTRA_TABLES.items():
            if source in existing:
                con.execute(f"create table {target} as select * from warehouse.{source}")
                tables[target] = con.execute(f"select count(*) from {target}").fetchone()[0]
        if published.exists():
            _keep_previous_scorecard(con, published)
        published_at = dt.datetime.now().replace(microsecond=0)
        watermark = _watermark(con, built[0] if built else None, rebuilt)
        threshold = con.execute("select small_cell_threshold from warehouse.intermediate.int_norms_by_year "
                                "where academic_year = year(current_date)").fetchone()[0]
        con.execute("create table ops.snapshot as select ?::timestamp as published_at, ? as run_id, "
                    "? as tables, ?::bigint as ingest_watermark, ? as project_fingerprint, "
                    "?::double as small_cell_threshold, ? as own_detail",
                    [published_at, run_id, len(tables), watermark, fingerprint, threshold, extract_id])
        con.execute("detach warehouse")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        own_detail.discard(published.parent, extract_id)
        raise
    con.close()
    previous = _own_detail_of(published)
    os.chmod(tmp, SNAPSHOT_MODE)                      # readable by the group, whatever the umask
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, published)
    own_detail.prune(published.parent, keep={extract_id, previous})
    return {"published_at": published_at.isoformat(), "tables": tables}


def _own_detail_of(published: Path) -> str:
    """The id of the own-detail extract a snapshot belongs to ('' when none)."""
    if not published.exists():
        return ""
    try:
        con = duckdb.connect(str(published), read_only=True)
        try:
            return con.execute("select own_detail from ops.snapshot").fetchone()[0] or ""
        finally:
            con.close()
    except duckdb.Error:
        return ""


def _watermark(con: duckdb.DuckDBPyConnection, previous: int | None, rebuilt: frozenset[str] | None) -> int | None:
    """The last delivery the snapshot stands for. The ingest step reads the whole inbox, so a run
    decided for some feeds may also load a delivery of another feed that arrived after the decision;
    its downstream was not rebuilt, so the watermark stays below it and the next run rebuilds it."""
    newest = con.execute("select max(delivery_id) from warehouse.ingest.deliveries").fetchone()[0]
    if rebuilt is None:
        return newest
    others = sorted(set(FEED_NAMES) - rebuilt)
    late = con.execute("select min(delivery_id) from warehouse.ingest.deliveries where delivery_id > ? "
                       "and list_contains(?, feed)", [-1 if previous is None else previous, others]).fetchone()[0]
    return newest if late is None else late - 1


def _keep_previous_scorecard(con, published: Path) -> None:
    """The previous snapshot's KPI scorecard travels along, so readers see what changed."""
    try:
        con.execute(f"attach '{published}' as previous (read_only)")
        con.execute("create table ops.kpi_scorecard_previous as select k.*, s.published_at "
                    "from previous.marts.kpi_scorecard as k cross join (select max(published_at) as published_at "
                    "from previous.ops.snapshot) as s")
    except duckdb.Error:
        pass                                           # a previous snapshot without a scorecard: nothing to keep
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute("detach previous")

