"""What the Dagster catalog shows of the dbt project: every model's and seed's own description (from the YAML
beside it, not dagster-dbt's "dbt model X" and raw SQL), and the marts' columns with their types and
descriptions as the mart contract declares them; the code location is named "regiomonitor"."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import yaml

from validations import contract

ROOT = Path(__file__).resolve().parents[1]


def _dbt_specs() -> dict[dg.AssetKey, dg.AssetSpec]:
    from orchestration.assets.dbt import warehouse_models
    return {spec.key: spec for spec in warehouse_models.specs}


def test_every_dbt_model_shows_its_own_description():
    specs = {k: s for k, s in _dbt_specs().items() if k.path[0] != "raw"}   # raw/<feed>: the ingest assets
    models = {p.stem for p in (ROOT / "dbt_project" / "models").rglob("*") if p.suffix in (".sql", ".py")}
    seeds = {p.stem for p in (ROOT / "dbt_project" / "seeds").glob("*.csv")}
    assert {k.path[-1] for k in specs} == models | seeds
    for key, spec in specs.items():
        text = spec.description or ""
        assert text and not text.startswith("dbt model") and "Raw SQL" not in text, key.to_user_string()


def test_the_marts_show_the_contracts_column_types_and_descriptions():
    specs = _dbt_specs()
    for mart in contract.marts().values():
        value = specs[dg.AssetKey(["marts", mart.name])].metadata.get("dagster/column_schema")
        assert value is not None, mart.name
        schema = getattr(value, "schema", value)           # a TableSchemaMetadataValue or the TableSchema
        shown = [(c.name, c.type, c.description) for c in schema.columns]
        assert shown == [(c.name, c.data_type, c.description) for c in mart.columns], mart.name
        assert specs[dg.AssetKey(["marts", mart.name])].description.split()[:3] == mart.description.split()[:3]


def test_the_code_location_is_named_regiomonitor():
    workspace = yaml.safe_load((ROOT / "orchestration" / "workspace.yaml").read_text())
    [location] = workspace["load_from"]
    assert location["python_module"] == {"module_name": "orchestration.definitions", "location_name": "regiomonitor"}
    assert "code_location_name = \"regiomonitor\"" in (ROOT / "pyproject.toml").read_text()   # `dagster dev` here
