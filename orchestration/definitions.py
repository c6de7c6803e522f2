"""Everything Dagster shows: `dagster dev -m orchestration.definitions` (or `regiomonitor` commands)."""
from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_models
from orchestration.assets.gates import mart_gates
from orchestration.assets.ingest import ingest
from orchestration.assets.outbox import outbox
from orchestration.assets.publish import published_snapshot
from orchestration.failure_sensor import run_failure_notice
from orchestration.jobs import pipeline_job
from orchestration.resources import resources
from orchestration.schedules import nightly_schedule
from orchestration.sensors import inbox_sensor

defs = dg.Definitions(
    assets=[ingest, warehouse_models, published_snapshot, outbox],
    asset_checks=[mart_gates],
    jobs=[pipeline_job],
    schedules=[nightly_schedule],
    sensors=[inbox_sensor, run_failure_notice],
    resources=resources(),
)
