"""Killed runs (SIGKILL of the whole process group) during ingest, during the dbt build and during
publish: the next run publishes the same marts as an uninterrupted run, and a reader never sees a
partial snapshot."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from sources.generator import generate
from tests.support import REGIOMONITOR, cli_env, run

MARTS = ["dropout_cohort", "dropout_by_group", "cost_per_supervised_student", "capacity_region",
         "capacity_subject", "feeder_schools", "kpi_scorecard"]


def marts(published: Path) -> dict:
    con = duckdb.connect(str(published), read_only=True)
    try:
        return {m: sorted(con.execute(f"select * from marts.{m}").fetchall(), key=repr) for m in MARTS}
    finally:
        con.close()


def run_and_kill(home: Path, when) -> None:
    """Start a run and SIGKILL its process group (the command and its dbt child) when `when(line)`
    is true for a progress line, or when it returns "poll" and a publish temp file exists."""
    proc = subprocess.Popen([REGIOMONITOR, "run", "--home", str(home)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=cli_env(), start_new_session=True)
    try:
        for line in proc.stderr:
            verdict = when(line)
            if verdict == "poll":
                deadline = time.monotonic() + 60
                while not list(home.glob(".published.duckdb.*.tmp")):
                    assert proc.poll() is None and time.monotonic() < deadline, "publish was not caught"
                    time.sleep(0.001)
                verdict = True
            if verdict:
                os.killpg(proc.pid, signal.SIGKILL)
                break
        else:
            pytest.fail("the run ended before the kill point")
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("world") / "inbox"
    generate(inbox, scale="demo", seed=4)
    return inbox


@pytest.fixture(scope="module")
def expected(world, tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("uninterrupted") / "home"
    shutil.copytree(world, home / "inbox")
    assert run(home).returncode == 0
    return marts(home / "published.duckdb")


@pytest.mark.parametrize("phase, when", [
    ("ingest", lambda line: "validated " in line),
    ("dbt", lambda line: "dbt build: 25 results" in line),
])
def test_a_run_killed_mid_way_is_completed_by_the_next_run(world, expected, tmp_path, phase, when):
    home = tmp_path / "home"
    shutil.copytree(world, home / "inbox")
    run_and_kill(home, when)
    assert not (home / "published.duckdb").exists()                       # nothing half-published
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert marts(home / "published.duckdb") == expected


def test_a_run_killed_during_publish_leaves_the_previous_snapshot(world, expected, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(world, home / "inbox")
    held_back = sorted((home / "inbox" / "placements").iterdir())[-1]
    aside = tmp_path / held_back.name
    shutil.move(held_back, aside)
    assert run(home).returncode == 0
    published = home / "published.duckdb"
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    shutil.move(aside, held_back)
    run_and_kill(home, lambda line: "poll" if "quality gates:" in line and "expectations" in line else False)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before   # the old snapshot, whole
    marts(published)                                                      # and readable
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(home.glob(".published.duckdb.*.tmp"))
    assert marts(published) == expected
