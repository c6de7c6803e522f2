"""The dbt project as assets: staging, intermediate, the private detail, the published marts and
the ops tables; dbt tests become asset checks."""

import json
from pathlib import Path
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtCliRuntimeError, DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.dbt_project import ensure_manifest, project
from orchestration.locking import run_lock
from orchestration.progress import Progress
from orchestration.resources import HomeResource
from deployment.home import Home
from deployment.settings import Settings, load_settings


class Translator(DagsterDbtTranslator):
    """Models keep their schema in the key (marts/dropout_cohort), sources stay raw/<feed>, and
    each model is grouped by its folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("config", {}).get("schema") or "reference_defaults"


translator = Translator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=ensure_manifest(), project=project, dagster_dbt_translator=translator)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, home: HomeResource, progress: Progress):
    """`dbt build` on the private warehouse: models, seeds, dbt tests and dbt unit tests."""
    h = home.home
    report = progress.reporter(context)
    report("dbt build: models, tests and unit tests")
    target = h.root / "dbt-target"
    done = 0
    try:
        with run_lock(h):
            for event in dbt.cli(build_args(h, load_settings(h)), context=context, target_path=target).stream():
                done += 1
                if done % 25 == 0:
                    report(f"dbt build: {done} results")
                yield event
    except DagsterDbtCliRuntimeError:
        raise dg.Failure(description=f"dbt build failed: {failed_nodes(target / 'run_results.json')}") from None
    report(f"dbt build: done ({done} results)")


def build_args(home: Home, settings: Settings) -> list[str]:
    """`dbt build` on this home: its warehouse (a var profiles.yml reads) and log folder as arguments,
    not environment variables, and the settings that models read as dbt vars (regiomonitor.yaml)."""
    dbt_vars = {"warehouse": str(home.warehouse), **settings.duo.dbt_vars()}
    return ["build", "--log-path", str(home.logs / "dbt"), "--vars", json.dumps(dbt_vars)]


def _node_name(unique_id: str) -> str:
    """'test.regiomonitor.between_x__1__0.5e1b72' -> 'test between_x__1__0'; models and unit tests alike."""
    kind, _, *rest = unique_id.split(".")
    if kind == "test" and len(rest) > 1:
        rest = rest[:-1]                                  # the hash dbt appends to generic tests
    return f"{kind.replace('_', ' ')} {'.'.join(rest)}"


def failed_nodes(run_results: Path) -> str:
    """The failing models and tests of the last dbt invocation, named for the run summary."""
    try:
        results = json.loads(run_results.read_text())["results"]
    except (OSError, ValueError, KeyError):
        return f"see {run_results.parent / 'dbt.log'}"
    failed = [r for r in results if r.get("status") in ("fail", "error")]
    names = [f"{_node_name(r['unique_id'])} ({r['status']})" for r in failed]
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "") or "no failing node named"
