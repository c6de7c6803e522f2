"""The pooled SQLite event log (orchestration/event_log.py): a home's runs store their events through
it, and what it writes is what Dagster's own storage (and so `dagster dev`) reads back."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from deployment.home import Home
from orchestration.event_log import OPEN_RUNS, PooledSqliteEventLogStorage, pooled_ref
from orchestration.pipeline import instance_of, prepare_home


@dg.asset
def counted() -> int:
    return 3


@dg.asset_check(asset=counted)
def counted_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


JOB = dg.Definitions(assets=[counted], asset_checks=[counted_is_positive],
                     jobs=[dg.define_asset_job("count")]).resolve_job_def("count")


def _home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home")
    prepare_home(home)
    return home


def test_a_default_home_stores_its_events_through_the_pooled_event_log(tmp_path):
    """Fails when a Dagster upgrade sends instance_of to its fallback (the plain, slower storage)."""
    with instance_of(_home(tmp_path)) as instance:
        assert type(instance.event_log_storage) is PooledSqliteEventLogStorage


def test_an_instance_that_names_its_own_storage_keeps_it(tmp_path):
    home = _home(tmp_path)
    (home.dagster_home / "dagster.yaml").write_text(
        f"storage:\n  sqlite:\n    base_dir: {tmp_path / 'elsewhere'}\n")
    assert pooled_ref(home.dagster_home) is None
    with instance_of(home) as instance:
        assert type(instance.event_log_storage) is not PooledSqliteEventLogStorage


def test_what_a_pooled_run_stores_dagster_reads_back_with_its_own_storage(tmp_path):
    home = _home(tmp_path)
    with instance_of(home) as instance:
        result = JOB.execute_in_process(instance=instance)
        assert result.success
        stored = [e.dagster_event_type for e in instance.all_logs(result.run_id) if e.is_dagster_event]
    with dg.DagsterInstance.from_config(str(home.dagster_home)) as plain:
        assert type(plain.event_log_storage) is not PooledSqliteEventLogStorage
        read = [e.dagster_event_type for e in plain.all_logs(result.run_id) if e.is_dagster_event]
        assert read == stored and dg.DagsterEventType.RUN_SUCCESS in read
        # the index database too: the asset's latest materialisation and its check's evaluation
        latest = plain.get_latest_materialization_event(dg.AssetKey("counted"))
        assert latest is not None and latest.run_id == result.run_id
        check = dg.AssetCheckKey(dg.AssetKey("counted"), "counted_is_positive")
        [execution] = plain.event_log_storage.get_asset_check_execution_history(check, limit=5)
        assert execution.run_id == result.run_id and execution.status.value == "SUCCEEDED"


def test_a_long_lived_instance_keeps_only_the_newest_runs_open(tmp_path):
    with instance_of(_home(tmp_path)) as instance:
        runs = [JOB.execute_in_process(instance=instance).run_id for _ in range(OPEN_RUNS + 2)]
        storage = instance.event_log_storage
        open_shards = set(storage._engines)
        assert open_shards == {"index", *runs[-OPEN_RUNS:]}
        # a run whose database was closed is opened again when read
        assert any(e.is_dagster_event for e in instance.all_logs(runs[0]))
    assert storage._engines == {}


def test_a_wiped_event_log_starts_again_from_new_databases(tmp_path):
    with instance_of(_home(tmp_path)) as instance:
        first = JOB.execute_in_process(instance=instance).run_id
        instance.event_log_storage.wipe()
        assert not list(instance.all_logs(first))
        second = JOB.execute_in_process(instance=instance)
        assert second.success and any(e.is_dagster_event for e in instance.all_logs(second.run_id))


def test_dagster_dev_follows_a_pooled_run_while_it_runs(tmp_path):
    """`dagster dev` shows a run's log live by watching its database file with Dagster's own storage;
    the pooled storage's writes reach that watcher before the command's instance closes."""
    import threading
    import uuid

    home = _home(tmp_path)
    run_id = str(uuid.uuid4())
    seen, finished = [], threading.Event()

    def follow(entry, _cursor):
        seen.append(entry)
        if entry.is_dagster_event and entry.dagster_event_type == dg.DagsterEventType.RUN_SUCCESS:
            finished.set()

    with dg.DagsterInstance.from_config(str(home.dagster_home)) as viewer:
        viewer.event_log_storage.watch(run_id, None, follow)
        try:
            with instance_of(home) as instance:
                assert JOB.execute_in_process(instance=instance, run_id=run_id).success
                assert finished.wait(timeout=20), f"the viewer saw {len(seen)} event(s) of the run"
        finally:
            viewer.event_log_storage.end_watch(run_id, follow)
    assert any(e.is_dagster_event and e.dagster_event_type == dg.DagsterEventType.STEP_SUCCESS for e in seen)
