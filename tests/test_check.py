"""`regiomonitor check` says what ingest will do: on the hostile-file corpus of
tests/test_hostile_files.py (Hypothesis) and on the files the file boundary refuses, `check` gives the
same status, message, row counts and rejected rows as a real ingest into a real warehouse, without
writing anything."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings

from orchestration.ingest.check import check_file
from orchestration.ingest.run import ingest_inbox
from deployment.settings import FileLimits
from tests.builders import NAMES, SENDERS, VALID_FILES, csv_bytes, deliver, mutated, row, xlsx_bytes
from tests.support import cli_env


def _ingested(home: Path, limits: FileLimits) -> tuple:
    [d] = ingest_inbox(home / "inbox", home / "warehouse.duckdb", b"secret", limits=limits).deliveries
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rejections = con.execute("select row_number, reason from ingest.rejections order by all").fetchall()
    finally:
        con.close()
    return d.status, d.message, d.rows_received, d.rows_loaded, d.rows_rejected, rejections


def _checked(path: Path, limits: FileLimits, feed: str | None = None) -> tuple:
    r = check_file(path, feed, None, limits)
    return r.status, r.message, r.rows_received, r.rows_loaded, r.rows_rejected, sorted(r.rejections)


def _agree(home: Path, path: Path, limits: FileLimits = FileLimits()) -> tuple:
    before = sorted(p.name for p in home.iterdir())
    checked = _checked(path, limits)
    assert sorted(p.name for p in home.iterdir()) == before          # check writes nothing
    ingested = _ingested(home, limits)
    assert checked == ingested
    return checked


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), NAMES)
def test_check_agrees_with_ingest_on_the_hostile_file_corpus(case, name):
    feed, data = case
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        path = deliver(home / "inbox", feed, name.replace("{s}", SENDERS[feed]), data)
        _agree(home, path)


def test_check_agrees_with_ingest_on_rejected_rows_and_authority(tmp_path):
    rows = [row("enrolments"), row("enrolments", year_of_study="11", institution_code="31HB"),
            row("enrolments", enrolled_on="31-02-2023"), row("enrolments")]
    path = deliver(tmp_path / "inbox", "enrolments", "30HB_2023.csv", csv_bytes(rows))
    status, _, received, loaded, rejected, rejections = _agree(tmp_path, path)
    assert (status, received, loaded, rejected) == ("loaded", 4, 1, 3)
    assert rejections[0] == (2, "year_of_study: must be between 1 and 10; sender 30HB may not deliver institution 31HB")


@pytest.mark.parametrize("case", ["row_limit", "size_limit", "zip_bomb", "symlink", "fifo", "bad_name"])
def test_check_refuses_what_the_file_boundary_refuses(tmp_path, case):
    inbox = tmp_path / "inbox"
    limits = FileLimits()
    rows = [row("capacity", school_code=f"10AA{n:02d}") for n in range(6)]
    if case == "row_limit":
        path, limits = deliver(inbox, "capacity", "10AA00_2023.xlsx", xlsx_bytes(rows)), FileLimits(max_rows=5)
    elif case == "size_limit":
        path, limits = deliver(inbox, "capacity", "10AA00_2023.csv", csv_bytes(rows)), FileLimits(max_file_bytes=100)
    elif case == "zip_bomb":
        path = deliver(inbox, "capacity", "10AA00_2023.xlsx", xlsx_bytes(rows))
        limits = FileLimits(max_unpacked_bytes=1000)
    elif case == "symlink":
        outside = tmp_path / "elders.csv"
        outside.write_bytes(VALID_FILES["funding"])
        (inbox / "funding").mkdir(parents=True)
        path = inbox / "funding" / "SOP-A_2023.csv"
        path.symlink_to(outside)
    elif case == "fifo":
        (inbox / "funding").mkdir(parents=True)
        path = inbox / "funding" / "SOP-A_2023.csv"
        os.mkfifo(path)
    else:
        path = deliver(inbox, "funding", "SOP-A 2023.csv", VALID_FILES["funding"])
    status, message, *_ = _agree(tmp_path, path, limits)
    assert status == "refused" and message


def _cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("regiomonitor")), "check", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=300)


def test_check_command_exit_codes_languages_and_nothing_written(tmp_path):
    good = deliver(tmp_path, "funding", "SOP-A_2023.csv", VALID_FILES["funding"])
    bad = deliver(tmp_path, "uploads", "SOP-A_2022.csv", csv_bytes([row("funding", amount_eur="-5")]))
    refused = deliver(tmp_path, "funding", "SOP-A_2021.csv", b"")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    clean = _cli(str(good), cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "in orde" in clean.stdout and "Alles in orde" in clean.stdout
    rejected = _cli(str(good), str(bad), "--feed", "funding", cwd=tmp_path)
    assert rejected.returncode == 1
    assert "rij 1: amount_eur: moet tussen 0 en 100000000 liggen" in rejected.stdout
    english = _cli(str(bad), "--feed", "funding", "--lang", "en", cwd=tmp_path)
    assert english.returncode == 1 and "row 1: amount_eur: must be between 0 and 100000000" in english.stdout
    assert _cli(str(bad), cwd=tmp_path).returncode == 2                 # folder "uploads" is no feed, no --feed
    both = _cli(str(good), str(refused), cwd=tmp_path)
    assert both.returncode == 2 and "GEWEIGERD: leeg bestand (0 bytes)" in both.stdout
    other = _cli(str(good), "--sender", "SOP-B", "--lang", "en", cwd=tmp_path)
    assert other.returncode == 2 and "names sender SOP-A, not SOP-B; name it SOP-B_2023.csv" in other.stdout
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before    # no home, no inbox
