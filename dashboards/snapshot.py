"""Reading the published snapshot: read-only, short-lived, cached on the file's identity.

The pipeline publishes by writing a new file and renaming it over `published.duckdb` in one step.
A page therefore

- takes the snapshot's identity (inode, mtime_ns, size) once per script run and keys every cached
  query on it, so a new snapshot shows on the next run without a restart;
- opens a connection only when a query is not cached yet, through an in-memory DuckDB that
  ATTACHes the file read-only (a plain `duckdb.connect(path)` would hand back an instance another
  thread still holds on the *replaced* file), and checks that the file it attached is the one whose
  identity the run took; when the file was replaced in between it raises SnapshotChanged and the
  app reruns on the new one, so a page never mixes two snapshots;
- keeps that connection (and with it the opened file) for the rest of the run and closes it at the
  end: the pipeline never waits for a reader, and a reader never sees a half-written file.

Every query takes its filter values as parameters; SQL text is only ever a constant of the page.
Every query's parameters and rows pass through the viewer's scope (dashboards.access): the one place
that decides what a viewer may see. A snapshot without a scope sees nothing.

A partnership viewer (scope.own) reads its own rows unsuppressed: its connection lays views over the
snapshot in which the partnership's rows of the people marts come from its own-detail extract
(deployment/own_detail.py), marked `shielded_in_snapshot` where everyone else sees them
suppressed, so every page shows them without a query of its own. Cached results are keyed on the
viewer's own partnerships too; nobody else's connection ever reads an extract.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboards import access
from deployment import own_detail
from deployment.home import Home

Identity = tuple[int, int, int]
DEFAULT_THRESHOLD = 10  # marts.md: small_cell_threshold, default 10
# A partnership viewer's overlay: the people marts with its own rows (registered as own_<table>) in
# place of the snapshot's rows of the same grain (marts.md), marked; every other table from the snapshot.
OWN_DETAIL_COLUMN = ("select count(*) > 0 from information_schema.columns where table_catalog = 'snapshot' "
                     "and table_schema = 'ops' and table_name = 'snapshot' and column_name = 'own_detail'")
OWN_DETAIL_ID = "select max(own_detail) from snapshot.ops.snapshot"
OVERLAY_SCHEMA = "create schema memory.marts"
OVERLAY_SEARCH_PATH = "use memory; set search_path = 'memory.marts,snapshot.marts,snapshot.ops,snapshot.main'"
_SHARED = "select s.*, false as shielded_in_snapshot, null::varchar[] as shielded_columns from snapshot.marts."
OWN_VIEWS = {
    "dropout_cohort": "create view memory.marts.dropout_cohort as " + _SHARED + "dropout_cohort as s "
        "anti join own_dropout_cohort as o using (region_code, partnership_code, programme_type, study_mode, "
        "cohort_year, horizon_years) union all by name select * from own_dropout_cohort",
    "cost_per_supervised_student": "create view memory.marts.cost_per_supervised_student as " + _SHARED +
        "cost_per_supervised_student as s anti join own_cost_per_supervised_student as o "
        "using (region_code, partnership_code, academic_year) "
        "union all by name select * from own_cost_per_supervised_student",
    "feeder_schools": "create view memory.marts.feeder_schools as " + _SHARED + "feeder_schools as s "
        "anti join own_feeder_schools as o using (school_code, exam_year, track) "
        "union all by name select * from own_feeder_schools",
    "kpi_scorecard": "create view memory.marts.kpi_scorecard as " + _SHARED + "kpi_scorecard as s "
        "anti join own_kpi_scorecard as o using (scope_code, kpi, academic_year) "
        "union all by name select * from own_kpi_scorecard",
}


class SnapshotChanged(RuntimeError):
    """The published file was replaced while this run was reading it; rerun on the new one."""


def home() -> Home:
    return Home.resolve()


def identity(path: Path) -> Identity | None:
    try:
        s = os.stat(path)
    except FileNotFoundError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


@dataclass
class Snapshot:
    """One published snapshot as seen by one script run."""

    path: Path
    identity: Identity
    scope: access.Scope = access.NOTHING
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    # the structure, the reference and the names, read once per object: a Snapshot is one file's
    # identity, and every cache hit of st.cache_data copies its frame (the report asks hundreds of times)
    _memo: dict = field(default_factory=dict, repr=False)

    def __setattr__(self, name, value) -> None:
        """A scope with other own partnerships than the open connection was laid out for closes it,
        so the next query opens one with that viewer's overlay (frame.page sets the scope after the
        sidebar has read the snapshot; without this the first run of a partnership viewer read, and
        cached under its own key, the shared rows instead of its own)."""
        if name == "scope" and getattr(self, "_con", None) is not None and value.own != self.scope.own:
            self.close()
        super().__setattr__(name, value)

    @classmethod
    def current(cls, path: Path | None = None, scope: access.Scope = access.NOTHING) -> "Snapshot | None":
        path = Path(path or home().published)
        ident = identity(path)
        return None if ident is None else cls(path, ident, scope)

    # -- connection ---------------------------------------------------------------------------
    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con = duckdb.connect(":memory:")
            try:
                con.execute("attach ? as snapshot (read_only)", [str(self.path)])
                con.execute("use snapshot")
            except duckdb.Error:
                con.close()
                if identity(self.path) != self.identity:
                    raise SnapshotChanged(str(self.path)) from None
                raise
            if identity(self.path) != self.identity:
                con.close()
                raise SnapshotChanged(str(self.path))
            if self.scope.own:
                self._overlay_own_detail(con)
            self._con = con
        return self._con

    def _overlay_own_detail(self, con: duckdb.DuckDBPyConnection) -> None:
        """Views in the connection's own catalog, found before the snapshot's tables on the search
        path: the people marts with the viewer's own rows from its extract in place of the snapshot's
        (suppressed) ones. The extract is read by pyarrow and registered, so every SQL text stays a
        constant."""
        import pyarrow.dataset as ds

        has_id = con.execute(OWN_DETAIL_COLUMN).fetchone()[0]
        extract = con.execute(OWN_DETAIL_ID).fetchone()[0] if has_id else None
        con.execute(OVERLAY_SCHEMA)
        for table in OWN_VIEWS:
            folders = [own_detail.partition(self.path.parent, extract, table, code) for code in sorted(self.scope.own)]
            files = sorted(str(f) for folder in folders if folder is not None for f in folder.glob("*.parquet"))
            if files:
                con.register(f"own_{table}", ds.dataset(files, format="parquet").to_table())
                con.execute(OWN_VIEWS[table])
        con.execute(OVERLAY_SEARCH_PATH)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries ------------------------------------------------------------------------------
    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """The rows of a constant SQL text with its parameters that this viewer may see: the raw rows
        cached on this snapshot's identity (st.cache_data, shared by every viewer), the scoped rows
        kept by this object for its scope (a copy each time, so a page may change what it gets)."""
        key = ("query", sql, tuple(_plain(p) for p in params), id(self.scope))
        if key not in self._memo:      # the pages' plain functions ask the same query several times
            self._memo[key] = (self.scope, self.scope.rows(self._all(sql, self.scope.params(params))))
        return self._memo[key][1].copy()

    def _all(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Every row, whoever looks: only for the snapshot's structure and the access reference."""
        return _cached_query(str(self.path), self.identity, tuple(sorted(self.scope.own)), sql,
                             tuple(_plain(p) for p in params), self)

    def tables(self) -> frozenset[str]:
        if "tables" not in self._memo:
            df = self._all("select table_schema || '.' || table_name as name from information_schema.tables "
                           "where table_catalog = 'snapshot'")
            self._memo["tables"] = frozenset(df["name"])
        return self._memo["tables"]

    def has(self, table: str) -> bool:
        return table in self.tables()

    def columns(self, table: str) -> list[str]:
        """The table's columns in the snapshot file, read once per object as the tables are: they do
        not depend on the scope (a partnership's connection, whose overlay makes information_schema
        slow, asked them per report)."""
        if ("columns", table) not in self._memo:
            schema, name = table.split(".", 1)
            df = self._all("select column_name from information_schema.columns where table_catalog = 'snapshot' "
                           "and table_schema = ? and table_name = ? order by ordinal_position", [schema, name])
            self._memo[("columns", table)] = list(df["column_name"])
        return list(self._memo[("columns", table)])

    def published_at(self) -> dt.datetime | None:
        if not self.has("ops.snapshot"):
            return None
        df = self._all("select max(published_at) as published_at from ops.snapshot")
        value = df["published_at"].iloc[0] if len(df) else None
        return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()

    def threshold(self) -> int:
        """The small-cell threshold. The snapshot does not publish the norms yet; when it does (a
        `small_cell_threshold` column in ops.snapshot, or marts.norms), that value is used."""
        for table in ("ops.snapshot", "marts.norms"):
            if self.has(table) and "small_cell_threshold" in self.columns(table):
                sql = {"ops.snapshot": "select max(small_cell_threshold) as t from ops.snapshot",
                       "marts.norms": "select max(small_cell_threshold) as t from marts.norms"}[table]
                value = self._all(sql)["t"].iloc[0]
                if not pd.isna(value):
                    return int(value)
        return DEFAULT_THRESHOLD

    def names(self) -> dict[str, str]:
        """Display names of the region and partnership codes this viewer may see by name; empty for
        a snapshot without marts.regions and marts.partnerships, and the pages show codes."""
        key = ("names", id(self.scope))
        if key not in self._memo:
            ref = self.reference()
            names = dict(ref.regions) | {c: n for c, (n, _) in ref.partnerships.items()}
            self._memo[key] = (self.scope, self.scope.names({c: n for c, n in names.items()
                                                             if n is not None and not pd.isna(n)}))
        return dict(self._memo[key][1])

    def school_names(self) -> dict[str, str]:
        """Names of the schools this viewer may see (marts.schools), for tables and charts."""
        if not self.has("marts.schools") or "school_name" not in self.columns("marts.schools"):
            return {}
        df = self.query("select school_code, school_name from marts.schools where school_name is not null")
        return {str(c): str(n) for c, n in zip(df["school_code"], df["school_name"])}

    def reference(self) -> access.Reference:
        """Every region, partnership and school of the snapshot (marts.regions, marts.partnerships,
        marts.schools; empty for an older snapshot without them), for the access scope."""
        if "reference" not in self._memo:
            self._memo["reference"] = self._reference()
        return self._memo["reference"]

    def _reference(self) -> access.Reference:
        def rows(table: str, sql: str, needed: set[str]) -> list[tuple]:
            if self.has(table) and needed <= set(self.columns(table)):
                return [tuple(r) for r in self._all(sql).itertuples(index=False) if r[0] is not None]
            return []
        regions = rows("marts.regions", "select region_code, region_name from marts.regions",
                       {"region_code", "region_name"})
        partnerships = rows("marts.partnerships", "select partnership_code, partnership_name, region_code "
                                                  "from marts.partnerships",
                            {"partnership_code", "partnership_name", "region_code"})
        schools = rows("marts.schools", "select school_code, region_code from marts.schools",
                       {"school_code", "region_code"})
        return access.Reference(regions={str(c): n for c, n in regions},
                                partnerships={str(c): (n, r) for c, n, r in partnerships},
                                schools={str(c): r for c, r in schools})


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached_query(path: str, ident: Identity, own: tuple, sql: str, params: tuple, _snapshot: Snapshot) -> pd.DataFrame:
    return _snapshot.connection().execute(sql, list(params)).df()


def _plain(value):
    """numpy scalars as Python values, so they hash and bind the same way."""
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value
