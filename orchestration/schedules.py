"""The nightly schedule: the same job as `regiomonitor run`, so late corrections and reference
changes are published even when no sensor tick caught them; with nothing new it skips, as the
command does (orchestration/triggers.py). Its cron comes from the home's settings, which
orchestration.definitions reads when Dagster loads the code location (not at import)."""
import dagster as dg

from deployment.settings import ScheduleSettings
from orchestration.jobs import pipeline_job
from orchestration.resources import HomeResource
from orchestration.changes import WarehouseBusy
from orchestration.triggers import BUSY, launch_or_skip


def nightly_schedule(settings: ScheduleSettings) -> dg.ScheduleDefinition:
    @dg.schedule(name="nightly", job=pipeline_job, cron_schedule=settings.cron, execution_timezone=settings.timezone,
                 default_status=dg.DefaultScheduleStatus.RUNNING, description="Ingest, build and publish every night.")
    def nightly(context: dg.ScheduleEvaluationContext, home: HomeResource):
        try:
            return launch_or_skip(home.home, tags={"trigger": "nightly"})
        except WarehouseBusy:
            return BUSY
    return nightly
