"""The inbox sensor: starts the pipeline when files are new or changed and have stopped growing.
It compares the inbox's file sizes and modification times with those it already started a run for,
kept in its cursor; only when some are ready and no run is in progress does it ask, as the command
does, whether anything is new to the warehouse (orchestration/triggers.py), and it skips if not."""
import hashlib
import json
import os
import time
from pathlib import Path

import dagster as dg

from orchestration.jobs import pipeline_job
from orchestration.resources import HomeResource
from deployment.settings import load_settings
from orchestration.changes import WarehouseBusy
from orchestration.triggers import BUSY, launch_or_skip

ACTIVE = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
          dg.DagsterRunStatus.STARTED]


def inbox_state(inbox: Path) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns] of every file under the inbox (links not followed)."""
    state = {}
    for folder, dirs, files in os.walk(inbox, followlinks=False):
        for name in files:
            st = (Path(folder) / name).lstat()
            state[str((Path(folder) / name).relative_to(inbox))] = [st.st_size, st.st_mtime_ns]
    return state


def evaluate(inbox: Path, cursor: str | None, stable_seconds: float, now_ns: int | None = None):
    """(files ready to ingest, new cursor). A file is ready when it differs from what the last run
    was started for, and it has not changed since the previous tick nor for `stable_seconds`."""
    now_ns = now_ns or time.time_ns()
    previous = json.loads(cursor) if cursor else {"started": {}, "seen": {}}
    current = inbox_state(inbox) if inbox.exists() else {}
    changed = {p: v for p, v in current.items() if previous["started"].get(p) != v}
    ready = sorted(p for p, v in changed.items()
                   if previous["seen"].get(p) == v and now_ns - v[1] >= stable_seconds * 1e9)
    growing = sorted(set(changed) - set(ready))
    started = dict(previous["started"])
    if ready and not growing:
        started.update({p: current[p] for p in ready})
    return (ready if not growing else []), json.dumps({"started": started, "seen": current}), growing


@dg.sensor(job=pipeline_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Starts the pipeline when inbox files are new or changed and have stopped growing.")
def inbox_sensor(context: dg.SensorEvaluationContext, home: HomeResource):
    h = home.home
    ready, cursor, growing = evaluate(h.inbox, context.cursor, load_settings(h).sensor.stable_seconds)
    if growing:
        context.update_cursor(cursor)
        return dg.SkipReason(f"waiting for {len(growing)} file(s) to stop changing, e.g. {growing[0]}")
    if not ready:
        context.update_cursor(cursor)
        return dg.SkipReason("no new or changed files in the inbox")
    if context.instance.get_runs(filters=dg.RunsFilter(job_name=pipeline_job.name, statuses=ACTIVE), limit=1):
        return dg.SkipReason("a pipeline run is in progress; the new files wait for the next tick")
    try:
        decision = launch_or_skip(h, tags={"trigger": "inbox_sensor", "files": str(len(ready))},
                                  run_key="inbox-" + hashlib.sha256(cursor.encode()).hexdigest()[:16])
    except WarehouseBusy:
        return BUSY                                    # the cursor stays: the files are still ready next tick
    context.update_cursor(cursor)
    return decision
