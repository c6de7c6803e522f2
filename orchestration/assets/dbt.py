"""The dbt project as assets: staging, intermediate, the private detail, the published marts and
the ops tables; dbt tests become asset checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.dbt_project import ensure_manifest, project
from orchestration.progress import reporter
from orchestration.resources import HomeResource


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
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, home: HomeResource):
    """`dbt build` on the private warehouse: models, seeds, dbt tests and dbt unit tests."""
    h = home.home
    os.environ["REGIOMONITOR_WAREHOUSE"] = str(h.warehouse)
    os.environ["DBT_LOG_PATH"] = str(h.logs / "dbt")
    progress = reporter(context)
    progress("dbt build: models, tests and unit tests")
    done = 0
    for event in dbt.cli(["build"], context=context, target_path=h.root / "dbt-target").stream():
        done += 1
        if done % 25 == 0:
            progress(f"dbt build: {done} results")
        yield event
    progress(f"dbt build: done ({done} results)")
