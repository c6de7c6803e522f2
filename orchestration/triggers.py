"""What the sensor and the schedule ask before they launch a run, as the command does
(orchestration/changes.py): nothing new is a SkipReason, not a run that rebuilds and republishes
the same snapshot; otherwise a RunRequest for only what the changed feeds touch."""
from __future__ import annotations

import dagster as dg

from orchestration.changes import changes
from deployment.home import Home
from orchestration.jobs import asset_selection
from deployment.settings import load_settings

BUSY = dg.SkipReason("the warehouse is in use by a run; trying again at the next tick")


def launch_or_skip(home: Home, **request) -> dg.RunRequest | dg.SkipReason:
    """Raises WarehouseBusy while a run writes the warehouse (the caller skips and asks again)."""
    from orchestration.definitions import build          # at tick time: definitions imports this module

    todo = changes(home, load_settings(home).duo.dbt_vars())
    if todo.nothing_new:
        return dg.SkipReason("nothing new: every file in the inbox is in the warehouse and the snapshot is current")
    tags = {**request.pop("tags", {}), **todo.tags()}
    return dg.RunRequest(asset_selection=asset_selection(todo, build(home).resolve_asset_graph()), tags=tags, **request)
