"""The nightly schedule: the same job as `regiomonitor run`, so late corrections and reference
changes are published even when no sensor tick caught them; with nothing new it skips, as the
command does (orchestration/triggers.py)."""
import dagster as dg

from orchestration.home import Home
from orchestration.jobs import pipeline_job
from orchestration.resources import HomeResource
from orchestration.settings import load_settings
from orchestration.triggers import BUSY, WarehouseBusy, launch_or_skip

_schedule = load_settings(Home.resolve()).schedule


@dg.schedule(name="nightly", job=pipeline_job, cron_schedule=_schedule.cron, execution_timezone=_schedule.timezone,
             default_status=dg.DefaultScheduleStatus.RUNNING, description="Ingest, build and publish every night.")
def nightly_schedule(context: dg.ScheduleEvaluationContext, home: HomeResource):
    try:
        return launch_or_skip(home.home, tags={"trigger": "nightly"})
    except WarehouseBusy:
        return BUSY
