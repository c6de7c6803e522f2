"""Each partnership's own rows unsuppressed (marts.md: a partnership's own viewers may see them;
nobody else may, and nothing unsuppressed goes into the shared snapshot).

The dbt schema `own` holds them for every partnership; publishing writes one extract per
partnership beside the snapshot, never inside it: `HOME/own-detail/<id>/<table>/
own_partnership_code=<code>/*.parquet` (Hive-partitioned Parquet, one DuckDB COPY per table, so a
national home writes ~500 partnerships in well under a second; modes as the snapshot's). The snapshot's ops.snapshot names
the extract it belongs to (`own_detail`), so the one atomic rename of published.duckdb switches
snapshot and extracts together; a reader never pairs a snapshot with another run's extract.
"""
from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

import duckdb

from deployment.home import ROOT_MODE, SNAPSHOT_MODE
from validations.feeds.codes import CODE

SCHEMA = "own"
FOLDER = "own-detail"
PARTITION = "own_partnership_code"
_ID = re.compile(r"[0-9a-f]{32}\Z")


def write(con: duckdb.DuckDBPyConnection, home: Path) -> str:
    """Write the extracts of the attached warehouse (`warehouse.own.*`) under a new id; return the id."""
    extract_id = uuid.uuid4().hex
    target = home / FOLDER / extract_id
    target.mkdir(parents=True, mode=ROOT_MODE)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'warehouse' "
            "and table_schema = ? order by table_name", [SCHEMA]).fetchall()]
        for table in tables:
            con.execute(f"copy (select * from warehouse.{SCHEMA}.{table}) to '{target / table}' "
                        f"(format parquet, partition_by ({PARTITION}), write_partition_columns false)")
        for path in [target, *target.rglob("*")]:
            os.chmod(path, ROOT_MODE if path.is_dir() else SNAPSHOT_MODE)   # the dashboard's group reads it
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return extract_id


def discard(home: Path, extract_id: str) -> None:
    """Remove an extract that never became part of a published snapshot."""
    if _ID.match(extract_id):
        shutil.rmtree(home / FOLDER / extract_id, ignore_errors=True)


def prune(home: Path, keep: set[str]) -> None:
    """Remove the extracts of older snapshots; `keep` holds the current and the previous one (a
    dashboard may still read the snapshot it opened a moment ago)."""
    folder = home / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.is_dir() and not path.is_symlink() and _ID.match(path.name) and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def partition(home: Path, extract_id: str, table: str, partnership_code: str) -> Path | None:
    """The folder of one partnership's rows of one table, or None when it has none (or the id or
    code is not one the platform writes: a viewer's scope never reaches outside the extract)."""
    if not (_ID.match(extract_id or "") and re.fullmatch(CODE, partnership_code or "")
            and re.fullmatch(r"[a-z_]+", table)):
        return None
    path = home / FOLDER / extract_id / table / f"{PARTITION}={partnership_code}"
    return path if path.is_dir() else None
