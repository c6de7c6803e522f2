"""Runs that do only what changed, on one real demo home (real `regiomonitor run`s, Dagster, dbt,
Great Expectations): with nothing new the sensor and the schedule skip; one corrected delivery
rebuilds and tests only the models downstream of its feed and audits only their marts, and its
snapshot equals, table by table and row by row, what a full rebuild of the same warehouse gives.
The tests run in file order on the same home."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from deployment.home import Home
from orchestration.resources import HomeResource
from sources.generator import generate
from tests.support import run, sensor_tick

# tables that say when and from what a snapshot was built, not what the data are
BOOKKEEPING = {"ops.snapshot", "ops.gate_results", "ops.kpi_scorecard_previous"}


def executed(home: Path) -> dict[str, set[str]]:
    """Kind -> names of the nodes the last dbt invocation ran (from its run_results.json)."""
    out: dict[str, set[str]] = {}
    for r in json.loads((home / "dbt-target" / "run_results.json").read_text())["results"]:
        kind, _, *rest = r["unique_id"].split(".")
        out.setdefault(kind, set()).add(rest[0])
    return out


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every table of the snapshot but the bookkeeping, its rows sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables order by all").fetchall()]
        return {n: sorted(con.execute(f"select * from {n}").fetchall(), key=repr) for n in names if n not in BOOKKEEPING}
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("incremental") / "home"
    generate(home / "inbox", scale="demo", seed=3, faults=True)
    (home / "regiomonitor.yaml").write_text("sensor:\n  stable_seconds: 0\n")
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def test_with_nothing_new_the_sensor_and_the_schedule_skip(demo_home):
    """`dagster dev` on a home the command already ran: the sensor's cursor is empty, so every file
    looks new to it, yet the warehouse has them all; no run is launched."""
    from orchestration.definitions import build
    defs = build(Home(demo_home))
    with dg.instance_for_test() as instance:
        result, cursor = sensor_tick(defs, instance, demo_home, None)
        assert not result.run_requests and "waiting" in result.skip_message
        result, cursor = sensor_tick(defs, instance, demo_home, cursor)
        assert not result.run_requests and result.skip_message.startswith("nothing new")
        schedule = defs.resolve_schedule_def("nightly")
        context = dg.build_schedule_context(instance=instance, resources={"home": HomeResource(path=str(demo_home))})
        decision = schedule.evaluate_tick(context)
        assert not decision.run_requests and decision.skip_message.startswith("nothing new")


def gate_times(path: Path) -> dict[str, object]:
    """Mart -> when its gates were last evaluated, from the snapshot's ops.gate_results."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("select mart, max(evaluated_at) from ops.gate_results group by mart").fetchall())
    finally:
        con.close()


def test_a_corrected_delivery_rebuilds_only_what_depends_on_its_feed(demo_home):
    before = tables(demo_home / "published.duckdb")
    gated = gate_times(demo_home / "published.duckdb")
    placements = demo_home / "inbox" / "placements"
    original = placements / "SOP-FR-01_2022.csv"
    lines = original.read_text().splitlines()
    (placements / "SOP-FR-01_2022_correctie.csv").write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    (demo_home / "inbox" / "capacity" / "16QJ00_2021.csv").unlink()         # a refused file the sender took back
    result = run(demo_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files: 1 new (1 loaded" in result.stdout

    ran = executed(demo_home)
    assert {"stg_placements", "int_placements_checked", "capacity_region", "deliveries"} <= ran["model"]
    assert not {"stg_regions", "stg_schools", "int_partnerships", "regions", "schools", "partnerships"} & ran["model"]
    # no 1cHO file in this home: the enrolment chain does not take partnerships from placements
    assert not {"stg_duo_1cho_enrolments", "int_enrolments", "int_cohort_outcomes"} & ran["model"]
    assert any("capacity_region" in t for t in ran["test"])                 # the rebuilt marts' data tests
    assert "unit_test" not in ran                                           # unit tests run in the suite
    audited = gate_times(demo_home / "published.duckdb")
    assert set(audited) >= set(gated) | {"capacity_region"} and audited["dropout_cohort"] > gated["dropout_cohort"]
    for mart in set(gated) - ran["model"]:                                  # not rebuilt: its results stay as they were
        assert audited[mart] == gated[mart], mart

    after = tables(demo_home / "published.duckdb")
    assert after.keys() == before.keys()                                    # a complete snapshot
    assert after["marts.capacity_region"] != before["marts.capacity_region"]
    assert after["marts.regions"] == before["marts.regions"]
    # a refused file stays in its check until it leaves the inbox
    assert "raw/placements:refused_files: 1 refused file(s) in the inbox (0 new in this run)" in result.stdout
    assert "raw/capacity:refused_files" not in result.stdout
    shutil.copy(demo_home / "published.duckdb", demo_home.parent / "incremental.duckdb")


def test_the_incremental_snapshot_equals_a_full_rebuild(demo_home):
    incremental = demo_home.parent / "incremental.duckdb"
    (demo_home / "published.duckdb").unlink()                               # no snapshot: everything is rebuilt
    result = run(demo_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files: 0 new" in result.stdout and "stg_regions" in executed(demo_home)["model"]
    full, incr = tables(demo_home / "published.duckdb"), tables(incremental)
    assert full.keys() == incr.keys() and any(k.startswith("marts.") for k in full)
    for name in full:
        assert incr[name] == full[name], name


def test_a_delivery_that_lands_after_the_run_was_decided_waits_for_the_next_run(demo_home, monkeypatch):
    """The ingest step reads the whole inbox: a costs file that lands between the decision (a
    placements correction) and the ingest is loaded, but what depends on it is not rebuilt, so the
    snapshot does not claim it (its watermark stays below it) and the next run rebuilds it."""
    from orchestration import changes as changes_module
    from orchestration.pipeline import run_pipeline

    placements = demo_home / "inbox" / "placements" / "SOP-FR-01_2022.csv"
    lines = placements.read_text().splitlines()
    (placements.parent / "SOP-FR-01_2022_correctie2.csv").write_text("\n".join(lines[: len(lines) // 3]) + "\n")
    costs = sorted((demo_home / "inbox" / "costs").glob("*.csv"))[0]
    decided = changes_module.changes

    def decided_then_a_file_lands(home, dbt_vars=None):
        todo = decided(home, dbt_vars)
        late = costs.read_text().splitlines()
        (costs.parent / f"{costs.stem}_correctie.csv").write_text("\n".join(late[:-1]) + "\n")
        return todo

    monkeypatch.setattr(changes_module, "changes", decided_then_a_file_lands)
    outcome = run_pipeline(Home(demo_home))
    monkeypatch.undo()
    assert outcome.success, outcome.failure
    assert outcome.ingest["new_files"] == 2                                  # the late file was ingested too
    todo = changes_module.changes(Home(demo_home))
    assert not todo.nothing_new and todo.new_files == 0 and "costs" in todo.feeds

    result = run(demo_home)                                                 # the next run rebuilds it
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"stg_costs", "cost_per_supervised_student"} <= executed(demo_home)["model"]
    assert changes_module.changes(Home(demo_home)).nothing_new
