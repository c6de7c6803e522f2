"""What `dagster dev` shows: one graph from every feed to the published snapshot, with the ingest
checks, the dbt tests and the quality gates as asset checks; and the job runs from the code
location the way the UI launches it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg

from sources.generator import generate
from tests.support import cli_env
from validations.feeds import FEEDS


def test_the_graph_runs_from_every_feed_to_the_published_snapshot():
    from orchestration.definitions import build
    defs = build()
    graph = defs.resolve_asset_graph()
    snapshot = dg.AssetKey(["published", "snapshot"])
    ancestors, todo = set(), [snapshot]
    while todo:
        key = todo.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in ancestors:
                ancestors.add(parent)
                todo.append(parent)
    assert {dg.AssetKey(["raw", f]) for f in FEEDS} <= ancestors
    assert {dg.AssetKey(["marts", m]) for m in ("dropout_cohort", "dropout_by_group", "cost_per_supervised_student",
                                                  "capacity_region", "capacity_subject", "feeder_schools",
                                                  "kpi_scorecard")} <= ancestors
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert ("raw/enrolments", "rejection_rate") in checks and ("raw/enrolments", "freshness") in checks
    assert ("marts/dropout_cohort", "gate_national_between_extremes") in checks
    assert ("marts/kpi_scorecard", "kpi_alerts") in checks
    assert any(name.startswith("unique_grain") for key, name in checks if key == "marts/feeder_schools")
    assert defs.resolve_job_def("regiomonitor_pipeline").executor_def.name == "in_process"


def test_a_run_launched_from_the_code_location_succeeds(tmp_path):
    home = tmp_path / "home"
    generate(home / "inbox", scale="demo", seed=2)
    (home / "dagster").mkdir(parents=True)
    env = cli_env(REGIOMONITOR_HOME=str(home), DAGSTER_HOME=str(home / "dagster"))
    dagster = str(Path(sys.executable).with_name("dagster"))
    result = subprocess.run([dagster, "job", "execute", "-m", "orchestration.definitions", "-j",
                             "regiomonitor_pipeline"], capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (home / "published.duckdb").exists()
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        [record] = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS


def test_dagster_loads_the_code_location_as_regiomonitor(tmp_path):
    """The workspace README and `regiomonitor demo` name loads one code location, called regiomonitor."""
    dagster = str(Path(sys.executable).with_name("dagster"))
    workspace = Path(__file__).resolve().parents[1] / "orchestration" / "workspace.yaml"
    result = subprocess.run([dagster, "definitions", "validate", "-w", str(workspace)], capture_output=True,
                            text=True, env=cli_env(), timeout=600, cwd=tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert "Validation successful for code location regiomonitor." in out
