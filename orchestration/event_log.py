"""Dagster's SQLite event log with one connection per database instead of one per event.

Dagster's default SQLite event log builds a new SQLAlchemy engine, opens the file, commits and
disposes it for every event it stores, and for an asset or check event does so twice (the run's
database and the index). A corrected delivery stores ~500 events, a full rebuild ~800; measured on
a national home that was 3 s of the main process's CPU (BENCHMARKS.md, "Stop 21"). This storage
keeps one engine per database for the life of the instance. Everything else, the files, their
schema and migrations, what is written and in which transaction, stays Dagster's: a database is
still created through Dagster's own `run_connection` the first time it is used, so `dagster dev`
reads the same files with the default storage.

It overrides what the SQL event log declares for its subclasses (`run_connection`,
`index_connection`, `from_config_value`) and closes its engines in `dispose` and before `wipe`.
`orchestration.pipeline.instance_of` falls back to Dagster's plain instance when the configuration
is not the default SQLite one (production's Postgres) or Dagster's internals moved;
tests/test_event_log.py fails when a default home does not get this storage, so an upgrade that
breaks it is noticed, not silently slow."""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)

# Runs whose databases stay open. A command runs one; the bound keeps a long-lived process that
# reads many runs (a test session, a notebook) from holding a file per run it ever touched.
OPEN_RUNS = 4
STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage that reuses one engine (and its pooled connection) per database."""

    def __init__(self, base_dir: str, inst_data=None):
        # before Dagster's __init__, which already connects when it creates a new index database
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        # held for the whole transaction, as Dagster's own storage holds its lock: threads (the
        # event log watcher, dagster-dbt's streaming) take turns on a database
        self._engines_lock = threading.RLock()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> "PooledSqliteEventLogStorage":
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        with super().run_connection(shard):    # Dagster creates and migrates the database
            pass
        engine = create_engine(self.conn_string_for_shard(shard),
                               connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        self._engines[shard] = engine
        runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
        for name in runs[:-OPEN_RUNS]:
            self._engines.pop(name).dispose()
        return engine

    @contextmanager
    def _transaction(self, shard: str) -> Iterator[Connection]:
        with self._engines_lock:
            with self._engine(shard).connect() as conn:
                before = _changes(conn)
                with conn.begin():
                    yield conn
                if shard != INDEX_SHARD_NAME and _changes(conn) != before:
                    # `dagster dev` streams a run's log by watching its database file change; with the
                    # connection kept open a write stays in the WAL file until a checkpoint
                    os.utime(self.path_for_shard(shard))

    def run_connection(self, run_id: str | None = None):
        return self._transaction(run_id)

    def index_connection(self):
        return self._transaction(INDEX_SHARD_NAME)

    def _close(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        with self._engines_lock:         # no thread reopens a database while Dagster deletes its file
            self._close()
            super().wipe()

    def dispose(self) -> None:
        super().dispose()                # Dagster's watcher first: its callbacks may still connect
        self._close()


def _changes(conn: Connection) -> int:
    """Rows the SQLite connection has written since it opened."""
    return conn.connection.dbapi_connection.total_changes


def pooled_ref(dagster_home: Path):
    """The instance reference of the home's configuration with the pooled event log in place of the
    default one, or None when the configuration names its own storage (Postgres in production)."""
    config = yaml.safe_load((dagster_home / "dagster.yaml").read_text()) or {}
    if any(key in config for key in STORAGE_KEYS):
        return None
    from dagster._core.instance.ref import InstanceRef
    # where Dagster's default puts a home's event logs: HOME/dagster/history/runs
    event_log = {"module": __name__, "class": PooledSqliteEventLogStorage.__name__,
                 "config": {"base_dir": str(dagster_home / "history" / "runs")}}
    return InstanceRef.from_dir(str(dagster_home), overrides={"event_log_storage": event_log})
