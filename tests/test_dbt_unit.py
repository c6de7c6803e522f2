"""The dbt unit tests test the models' SQL on fixed inputs, not the data, so they run here (in CI)
and not in every production build (orchestration/assets/dbt.build_args leaves them out). dbt needs
the models' parents to exist: an empty warehouse with the ingest tables and `dbt build --empty`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.dbt_sources import DBT_DIR
from orchestration.ingest import store

DBT = str(Path(sys.executable).with_name("dbt"))


def dbt(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, REGIOMONITOR_WAREHOUSE=str(tmp_path / "warehouse.duckdb"), DBT_LOG_PATH=str(tmp_path))
    return subprocess.run([DBT, *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
                           "--target-path", str(tmp_path / "target")], env=env, capture_output=True, text=True,
                          timeout=900)


def test_every_dbt_unit_test_passes(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    store.ensure_tables(con)
    con.close()
    empty = dbt(tmp_path, "build", "--empty", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")
    assert empty.returncode == 0, empty.stdout[-3000:]
    result = dbt(tmp_path, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    ran = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert {r["unique_id"] for r in ran} == set(manifest["unit_tests"]) and ran
    assert all(r["status"] == "pass" for r in ran)
