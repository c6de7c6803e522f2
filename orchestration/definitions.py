"""Everything Dagster shows, as code location "regiomonitor": `dagster dev -w orchestration/workspace.yaml`
(or `dagster dev` in the project folder; `regiomonitor` commands run the same job). The definitions
are built when Dagster loads the code location, for the home it names ($REGIOMONITOR_HOME): its
schedule's cron is a setting of that home, read then and not at import."""
from __future__ import annotations

import dagster as dg

from deployment.home import Home
from deployment.settings import load_settings
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


def build(home: Home | None = None, progress_on_stderr: bool = False) -> dg.Definitions:
    """The code location for `home` (default: the one $REGIOMONITOR_HOME names, at run time)."""
    settings = load_settings(home or Home.resolve())
    return dg.Definitions(
        assets=[ingest, warehouse_models, published_snapshot, outbox],
        asset_checks=[mart_gates],
        jobs=[pipeline_job],
        schedules=[nightly_schedule(settings.schedule)],
        sensors=[inbox_sensor, run_failure_notice],
        resources=resources(home, progress_on_stderr),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build()
