"""The one job: ingest, build, publish. In-process, because DuckDB admits one writer per file."""
from __future__ import annotations

import dagster as dg

pipeline_job = dg.define_asset_job(
    "regiomonitor_pipeline",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every new or changed file in the inbox, build the marts, publish the snapshot.",
)
