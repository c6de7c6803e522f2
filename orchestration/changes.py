"""What a run has to do, decided before it starts: nothing (no new or changed file and a snapshot
built from every delivery by the current dbt project and settings), a full rebuild (no warehouse or
snapshot yet, or the project or its dbt vars changed), or only the feeds whose data changed since
the published snapshot. The command, the inbox sensor and the nightly schedule all ask here, so
they agree; light imports only (no Dagster, no dbt), so that "nothing new" costs a scan of the inbox.

A feed has changed when the inbox holds a file of its folder the warehouse has not seen, or the
warehouse holds a delivery of it newer than the snapshot's watermark (ingested by a run that did not
publish, e.g. one stopped by a gate). Every new file also changes the ingest bookkeeping (the
deliveries and rejections that ops reports), so a run with a new file rebuilds those too."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.dbt_sources import project_fingerprint
from deployment.home import Home


class WarehouseBusy(RuntimeError):
    """The warehouse is open for writing by a run (DuckDB admits no reader beside a writer)."""


FEEDS_TAG = "regiomonitor/feeds"       # the feeds a run rebuilds what depends on; absent: all of them


@dataclass(frozen=True)
class Changes:
    full: str = ""                                   # why everything is rebuilt ("" when not)
    new_files: int = 0                               # inbox files the warehouse has not seen
    unpublished: int = 0                             # deliveries ingested since the snapshot
    feeds: frozenset[str] = field(default_factory=frozenset)   # feeds whose rows may have changed
    empty: frozenset[str] = field(default_factory=frozenset)   # feeds with no row in the warehouse

    @property
    def nothing_new(self) -> bool:
        return not (self.full or self.new_files or self.unpublished)

    def tags(self) -> dict[str, str]:
        """The run's tags: what it does, and for a run that rebuilds some feeds which ones (publish
        records a delivery of another feed as not yet in the snapshot, orchestration/publish.py)."""
        tags = {"changes": self.describe()[:200]}
        if not self.full:
            tags[FEEDS_TAG] = ",".join(sorted(self.feeds))
        return tags

    @staticmethod
    def rebuilt_feeds(tags: dict[str, str]) -> frozenset[str] | None:
        """The feeds a run with these tags rebuilds what depends on (tags() wrote them); None for
        every feed: a full rebuild, or a run launched by hand in `dagster dev`, as before."""
        feeds = tags.get(FEEDS_TAG)
        return None if feeds is None else frozenset(f for f in feeds.split(",") if f)

    def describe(self) -> str:
        if self.full:
            return f"full rebuild: {self.full}"
        if self.nothing_new:
            return "nothing new"
        return (f"{self.new_files} new or changed file(s), {self.unpublished} unpublished delivery(ies); "
                f"rebuilding what depends on: {', '.join(sorted(self.feeds)) or 'the ingest bookkeeping only'}")


def build_fingerprint(dbt_vars: dict) -> str:
    """The dbt project's sources and the vars the home gives it: the snapshot records it, and a
    snapshot built by other models or other vars is rebuilt in full."""
    if not dbt_vars:
        return project_fingerprint()           # the same value as before vars were part of it
    extra = json.dumps(dbt_vars, sort_keys=True).encode()
    return hashlib.sha256(project_fingerprint().encode() + b"\0" + extra).hexdigest()


def changes(home: Home, dbt_vars: dict | None = None) -> Changes:
    """What changed since the published snapshot. Raises WarehouseBusy while a run writes."""
    from orchestration.ingest.inbox import listing, scan, seen_files
    from validations.feeds.names import FEED_NAMES

    if not home.warehouse.exists():
        return Changes(full="no warehouse yet", new_files=len(listing(home.inbox)) if home.inbox.exists() else 0)
    built = built_from(home.published)
    try:
        con = duckdb.connect(str(home.warehouse), read_only=True)
    except duckdb.Error as e:
        raise WarehouseBusy(str(e)) from None
    try:
        seen = seen_files(con)
        watermark = built[0] if built else None
        unpublished = con.execute("select feed from ingest.deliveries where delivery_id > ?",
                                  [watermark if watermark is not None else -1]).fetchall()
        empty = _empty_feeds(con, FEED_NAMES)
    except duckdb.Error:
        return Changes(full="the warehouse has no ingest bookkeeping yet")
    finally:
        con.close()
    inbox = scan(home.inbox, quick_check=home.inbox_hashes) if home.inbox.exists() else []
    pending = [f for f in inbox if (str(f.relative), f.sha256) not in seen]
    if built is None:
        return Changes(full="no published snapshot yet", new_files=len(pending))
    if built[1] != build_fingerprint(dbt_vars or {}):
        return Changes(full="the dbt project or its settings changed since the snapshot", new_files=len(pending))
    folders = {f.relative.parts[0] for f in pending if len(f.relative.parts) > 1}
    feeds = {feed for feed in folders | {f for (f,) in unpublished} if feed in FEED_NAMES}
    return Changes(new_files=len(pending), unpublished=len(unpublished), feeds=frozenset(feeds),
                   empty=frozenset(empty - feeds))


def _empty_feeds(con: duckdb.DuckDBPyConnection, feeds) -> set[str]:
    """Feeds whose raw table holds no row at all (e.g. no DUO 1cHO file was ever delivered)."""
    present = {t for (t,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()}
    counted = [f for f in feeds if f in present]
    if not counted:
        return set(feeds)
    sql = " union all ".join(f"select '{f}', count(*) from raw.{f}" for f in counted)
    return (set(feeds) - present) | {f for f, n in con.execute(sql).fetchall() if n == 0}


def built_from(published: Path) -> tuple[int | None, str] | None:
    """(ingest watermark, fingerprint) the snapshot was built from; None without a snapshot."""
    if not published.exists():
        return None
    try:
        con = duckdb.connect(str(published), read_only=True)
        try:
            return con.execute("select ingest_watermark, project_fingerprint from ops.snapshot").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return None
