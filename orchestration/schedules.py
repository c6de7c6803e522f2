"""The nightly schedule: the same job as `regiomonitor run`, so late corrections and reference
changes are published even when no sensor tick caught them. Its cron comes from the home's settings,
which orchestration.definitions reads when Dagster loads the code location (not at import)."""
import dagster as dg

from deployment.settings import ScheduleSettings
from orchestration.jobs import pipeline_job


def nightly_schedule(settings: ScheduleSettings) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly", job=pipeline_job, cron_schedule=settings.cron, execution_timezone=settings.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING, description="Ingest, build and publish every night.")
