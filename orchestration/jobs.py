"""The one job: ingest, build, publish. In-process, because DuckDB admits one writer per file.
A run launched for some changed feeds selects the ingest step (which always reads the whole inbox),
the assets downstream of those feeds' raw tables and of the ops reports on the ingest bookkeeping
(dbt builds and tests only those models; the gates audit only those marts) and the published
snapshot, which is still copied complete from the warehouse.

The other models that read `ingest.deliveries` (the *_checked models, stg_reference_rejected) join
it to their own feeds' rows only (the sender of a row's delivery, the order of a feed's delivery
keys), so a delivery of another feed does not change them; tests/test_incremental.py compares an
incremental run's marts with a full rebuild's.

Some models hold rows of one feed only, with another feed's rows joined to them: DUO's 1cHO records
take their partnership from placements. While their own feed has no row in the warehouse they are
empty whatever the other feed holds, so a change of that other feed does not reach past them (a
placements correction on a home without 1cHO files leaves the enrolment and cohort chain alone)."""
from __future__ import annotations

import dagster as dg

from orchestration.changes import Changes

pipeline_job = dg.define_asset_job(
    "regiomonitor_pipeline",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every new or changed file in the inbox, build the marts, publish the snapshot.",
)


# model -> the feed whose rows are its only rows (see above)
ROWS_OF_ONE_FEED = {dg.AssetKey(["staging", "stg_duo_1cho_enrolments"]): "duo_1cho"}


def asset_selection(changes: Changes, asset_graph) -> list[dg.AssetKey] | None:
    """The assets a run for these changes materialises; None for all of them (a full rebuild)."""
    from orchestration.assets.ingest import DELIVERIES_KEY, RAW_KEYS, REJECTIONS_KEY, ingest

    if changes.full:
        return None
    bookkeeping = dg.AssetSelection.assets(DELIVERIES_KEY, REJECTIONS_KEY).downstream(depth=1)
    reports = [k for k in bookkeeping.resolve(asset_graph) if k.path[0] == "ops"]
    changed = [RAW_KEYS[feed] for feed in sorted(changes.feeds)] + reports
    empty = {model for model, feed in ROWS_OF_ONE_FEED.items() if feed in changes.empty}
    selected, todo = set(ingest.keys) | set(changed), list(changed)
    while todo:                          # everything downstream, but not through an empty model
        for child in asset_graph.get(todo.pop()).child_keys:
            if child not in selected and child not in empty:
                selected.add(child)
                todo.append(child)
    return sorted(selected, key=lambda k: k.to_user_string())
