"""Everything Dagster shows, as code location "regiomonitor": `dagster dev -w orchestration/workspace.yaml`
(or `dagster dev` in the project folder; `regiomonitor` commands run the same job)."""
from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_models
from orchestration.assets.gates import mart_gates
from orchestration.assets.ingest import ingest
from orchestration.assets.publish import published_snapshot
from orchestration.jobs import pipeline_job
from orchestration.resources import resources
from orchestration.schedules import nightly_schedule
from orchestration.sensors import inbox_sensor

defs = dg.Definitions(
    assets=[ingest, warehouse_models, published_snapshot],
    asset_checks=[mart_gates],
    jobs=[pipeline_job],
    schedules=[nightly_schedule],
    sensors=[inbox_sensor],
    resources=resources(),
)
