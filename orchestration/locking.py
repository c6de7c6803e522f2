"""One pipeline at a time per home: DuckDB admits one writer per file. The `regiomonitor`
command holds the home's lock for its whole run; steps of runs that Dagster launches (sensor,
schedule, UI) take it themselves, so they fail fast and clearly beside a command-line run."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from filelock import FileLock, Timeout

from deployment.home import Home, private_files

_held: dict[Path, int] = {}     # home root -> pid of this process while it holds the lock


class RunInProgress(RuntimeError):
    pass


def lock_file(home: Home) -> FileLock:
    return FileLock(str(home.root / ".pipeline.lock"), mode=0o600)


@contextlib.contextmanager
def run_lock(home: Home):
    """Hold the home's lock, or raise RunInProgress. Nested use in the owning process is free.
    While it is held, files the run creates are private (home.private_files)."""
    if _held.get(home.root) == os.getpid():          # a forked child does not inherit the ownership
        yield
        return
    home.create_root()
    lock = lock_file(home)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunInProgress(f"another run is using {home.root}; try again when it has finished") from None
    _held[home.root] = os.getpid()
    try:
        with private_files():
            home.restrict()
            yield
    finally:
        del _held[home.root]
        lock.release()
