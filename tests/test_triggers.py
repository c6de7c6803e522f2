"""The inbox sensor and the nightly schedule, driven with real Dagster instances: they start the
same job as `regiomonitor run`, wait for growing files, and never start a run beside another."""
from __future__ import annotations

import time

import dagster as dg
import pytest

from orchestration.resources import HomeResource
from orchestration.sensors import evaluate
from tests.builders import csv_bytes, deliver, row
from tests.support import sensor_tick


@pytest.fixture
def defs(home, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    from orchestration.definitions import defs
    return defs()                 # as Dagster loads the code location: for the home $REGIOMONITOR_HOME names


tick = sensor_tick


def test_a_file_must_stop_growing_before_a_run_starts(tmp_path):
    inbox = tmp_path / "inbox"
    path = deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    ready, cursor, growing = evaluate(inbox, None, stable_seconds=0)
    assert ready == [] and growing == ["funding/SOP-A_2023.csv"]          # first sight: wait a tick
    with open(path, "ab") as f:                                               # still being written
        f.write(b"SOP-A,2023,lumpsum,10\n")
    ready, cursor, growing = evaluate(inbox, cursor, stable_seconds=0)
    assert ready == [] and growing
    ready, cursor, growing = evaluate(inbox, cursor, stable_seconds=0)
    assert ready == ["funding/SOP-A_2023.csv"] and growing == []
    assert evaluate(inbox, cursor, stable_seconds=0)[0] == []              # started: not again
    ready, _, growing = evaluate(inbox, cursor, stable_seconds=3600, now_ns=time.time_ns())
    assert ready == []


def test_a_recently_modified_file_waits_for_the_stable_period(tmp_path):
    inbox = tmp_path / "inbox"
    deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    _, cursor, _ = evaluate(inbox, None, stable_seconds=60)
    ready, _, growing = evaluate(inbox, cursor, stable_seconds=60)
    assert ready == [] and growing


def test_the_sensor_starts_the_pipeline_job_which_publishes(defs, home):
    (home / "regiomonitor.yaml").write_text("sensor:\n  stable_seconds: 0\n")
    for feed, sender in [("enrolments", "30HB"), ("funding", "SOP-A")]:
        deliver(home / "inbox", feed, f"{sender}_2023.csv", csv_bytes([row(feed)]))
    with dg.instance_for_test() as instance:
        result, cursor = tick(defs, instance, home, None)
        assert not result.run_requests and "waiting" in result.skip_message
        result, cursor = tick(defs, instance, home, cursor)
        [request] = result.run_requests
        assert request.tags["trigger"] == "inbox_sensor"
        job = defs.resolve_job_def("regiomonitor_pipeline")
        run = job.execute_in_process(instance=instance, tags=request.tags, raise_on_error=False)
        assert run.success
        assert (home / "published.duckdb").exists()
        result, cursor = tick(defs, instance, home, cursor)
        assert not result.run_requests and "no new" in result.skip_message


def test_the_sensor_does_not_start_a_run_beside_another(defs, home):
    (home / "regiomonitor.yaml").write_text("sensor:\n  stable_seconds: 0\n")
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    with dg.instance_for_test() as instance:
        instance.add_run(dg.DagsterRun(job_name="regiomonitor_pipeline", run_id="running-1",
                                       status=dg.DagsterRunStatus.STARTED))
        _, cursor = tick(defs, instance, home, None)
        result, cursor2 = tick(defs, instance, home, cursor)
        assert not result.run_requests and "in progress" in result.skip_message
        instance.report_run_failed(instance.get_run_by_id("running-1"))
        result, _ = tick(defs, instance, home, cursor2)
        assert len(result.run_requests) == 1                                  # the files were not forgotten


def test_the_nightly_schedule_runs_the_same_job(defs, home):
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    with dg.instance_for_test() as instance:   # first: definitions resolve against the current instance
        schedule = defs.resolve_schedule_def("nightly")
        assert schedule.job_name == "regiomonitor_pipeline" and schedule.cron_schedule == "0 2 * * *"
        context = dg.build_schedule_context(instance=instance, resources={"home": HomeResource(path=str(home))})
        [request] = schedule.evaluate_tick(context).run_requests
        run = defs.resolve_job_def(schedule.job_name).execute_in_process(instance=instance, tags=request.tags)
        assert run.success and (home / "published.duckdb").exists()
