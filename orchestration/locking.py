"""One pipeline at a time per home: DuckDB admits one writer per file. The `regiomonitor`
command holds the home's lock for its whole run; steps of runs that Dagster launches (sensor,
schedule, UI) take it themselves, so they fail fast and clearly beside a command-line run."""
from __future__ import annotations

import contextlib
import os

from filelock import FileLock, Timeout

from deployment.home import Home, private_files

OWNER_ENV = "REGIOMONITOR_LOCK_OWNER"


class RunInProgress(RuntimeError):
    pass


def lock_file(home: Home) -> FileLock:
    return FileLock(str(home.root / ".pipeline.lock"), mode=0o600)


@contextlib.contextmanager
def run_lock(home: Home):
    """Hold the home's lock, or raise RunInProgress. Nested use in the owning process is free.
    While it is held, files the run creates are private (home.private_files)."""
    if os.environ.get(OWNER_ENV) == f"{os.getpid()}:{home.root}":
        yield
        return
    home.create_root()
    lock = lock_file(home)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunInProgress(f"another run is using {home.root}; try again when it has finished") from None
    previous = os.environ.get(OWNER_ENV)
    os.environ[OWNER_ENV] = f"{os.getpid()}:{home.root}"
    try:
        with private_files():
            home.restrict()
            yield
    finally:
        if previous is None:
            os.environ.pop(OWNER_ENV, None)
        else:
            os.environ[OWNER_ENV] = previous
        lock.release()
