"""The published snapshot: what dashboards and other regions read."""

import dagster as dg

from orchestration.assets.dbt import translator
from orchestration.changes import Changes, build_fingerprint
from orchestration.dbt_project import project
from orchestration.locking import run_lock
from orchestration.publish import publish
from orchestration.resources import HomeResource
from deployment.settings import load_settings


def _published_models() -> list[dg.AssetKey]:
    import json
    manifest = json.loads(project.manifest_path.read_text())
    return [translator.get_asset_key(node) for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["config"].get("schema") in ("marts", "ops")]


@dg.asset(key=["published", "snapshot"], deps=_published_models(), group_name="publish", kinds={"duckdb"},
          description="published.duckdb: schemas marts and ops, replaced atomically after the build passed.")
def published_snapshot(context: dg.AssetExecutionContext, home: HomeResource) -> dg.MaterializeResult:
    h = home.home
    with run_lock(h):
        info = publish(h.warehouse, h.published, run_id=context.run_id,
                       fingerprint=build_fingerprint(load_settings(h).duo.dbt_vars()),
                       rebuilt=Changes.rebuilt_feeds(context.run.tags))
    context.log.info(f"published {len(info['tables'])} tables to {h.published}")
    return dg.MaterializeResult(metadata={"path": str(h.published), "published_at": info["published_at"],
                                          **{f"rows {k}": v for k, v in info["tables"].items()}})

