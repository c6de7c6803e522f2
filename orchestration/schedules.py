"""The nightly schedule: the same job as `regiomonitor run`, so late corrections and reference
changes are published even when no sensor tick caught them."""
import dagster as dg

from deployment.home import Home
from orchestration.jobs import pipeline_job
from deployment.settings import load_settings

_schedule = load_settings(Home.resolve()).schedule

nightly_schedule = dg.ScheduleDefinition(
    name="nightly", job=pipeline_job, cron_schedule=_schedule.cron, execution_timezone=_schedule.timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING, description="Ingest, build and publish every night.")
