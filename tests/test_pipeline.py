"""The whole path through a real Dagster run: `regiomonitor run` ingests, builds with dbt and
publishes; a failed build leaves the published snapshot byte-identical."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from sources.generator import generate
from tests.builders import csv_bytes, deliver, row
from tests.support import REGIOMONITOR, SHARED, cli_env, run

MARTS = ["dropout_cohort", "dropout_by_group", "cost_per_supervised_student", "capacity_region",
         "capacity_subject", "feeder_schools", "kpi_scorecard"]


def snapshot(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {m: sorted(con.execute(f"select * from marts.{m}").fetchall(), key=repr) for m in MARTS}
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("pipeline") / "home"
    generate(home / "inbox", scale="demo", seed=3, faults=True)
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def test_run_publishes_every_mart_and_the_ops_tables(built_home):
    con = duckdb.connect(str(built_home / "published.duckdb"), read_only=True)
    tables = {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}
    assert {f"marts.{m}" for m in MARTS} | {"ops.deliveries", "ops.rejected_rows"} <= tables
    assert not any(t.startswith(("private.", "raw.", "staging.", "intermediate.")) for t in tables)
    for m in MARTS:
        assert con.execute(f"select count(*) from marts.{m}").fetchone()[0] > 0, m
    unbalanced = con.execute("select count(*) from ops.deliveries "
                             "where rows_received <> rows_loaded + rows_rejected").fetchone()[0]
    assert unbalanced == 0
    assert con.execute("select count(*) from ops.deliveries where status = 'refused'").fetchone()[0] > 0
    reasons = [r for r, in con.execute("select reason from ops.rejected_rows").fetchall()]
    assert any(r.startswith("unknown ") for r in reasons)
    assert any(": must be one of" in r for r in reasons)
    con.close()


def test_small_cells_are_suppressed_in_the_marts_but_not_in_the_private_detail(built_home):
    con = duckdb.connect(str(built_home / "published.duckdb"), read_only=True)
    suppressed = con.execute("select count(*), count(cohort_size), count(dropout_rate) "
                             "from marts.dropout_cohort where suppressed").fetchone()
    assert suppressed[0] > 0 and suppressed[1:] == (0, 0)
    visible = con.execute("select min(cohort_size) from marts.dropout_cohort where not suppressed").fetchone()[0]
    assert visible >= 10
    con.close()
    wh = duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True)
    assert wh.execute("select min(cohort_size) from private.dropout_cohort_detail").fetchone()[0] < 10
    wh.close()


def test_a_second_run_with_nothing_new_changes_no_mart(built_home):
    before = snapshot(built_home / "published.duckdb")
    result = run(built_home)
    assert result.returncode == 0, result.stderr
    assert "0 new" in result.stdout
    assert snapshot(built_home / "published.duckdb") == before


def test_a_failing_build_exits_non_zero_and_keeps_the_snapshot(built_home):
    published = built_home / "published.duckdb"
    before = sha(published)
    wh = duckdb.connect(str(built_home / "warehouse.duckdb"))
    # a defect that slipped past ingest: more entrants than graduates
    outflow = built_home / "inbox" / "vo_outflow"
    original = sorted(outflow.glob("*.csv"))[-1]
    school = original.name.split("_")[0]
    wh.execute("insert into raw.vo_outflow select * replace (entered_teacher_training + graduates + 1 "
               "as entered_teacher_training, 2099 as exam_year) from raw.vo_outflow "
               "where graduates >= 10 and school_code <> ? limit 1", [school])
    wh.close()
    # a valid correction in the same feed, so that the run rebuilds what reads raw.vo_outflow: runs
    # rebuild only what is downstream of a changed feed
    year = original.stem.split("_")[1]
    deliver(built_home / "inbox", "vo_outflow", f"{original.stem}_correctie.csv",
            csv_bytes([row("vo_outflow", school_code=school, exam_year=year)]))
    try:
        result = run(built_home)
        assert result.returncode == 1
        assert "FAILED" in result.stderr and "previous snapshot stays in place" in result.stderr
        assert "feeder_schools" in result.stderr                          # the failing dbt test is named
        assert sha(published) == before
    finally:
        wh = duckdb.connect(str(built_home / "warehouse.duckdb"))
        wh.execute("delete from raw.vo_outflow where exam_year = 2099")
        wh.close()


def test_a_home_without_a_secret_refuses_to_run(tmp_path):
    env = cli_env()
    env.pop("REGIOMONITOR_PSEUDONYM_KEY")
    result = run(tmp_path / "home", env=env)
    assert result.returncode == 2
    assert "REGIOMONITOR_PSEUDONYM_KEY" in result.stderr and "REGIOMONITOR_PSEUDONYM_KEY_FILE" in result.stderr


@pytest.mark.skipif(not (SHARED / "conformance" / "check.py").exists(), reason="../shared is not beside the project")
def test_the_contracts_conformance_check_passes():
    """Contract 2 of marts.md. The check compares national_dropout_rate with its own value in every
    row and also demands it NULL where the national group is below the threshold (marts.md: a total
    below it is itself a small cell); both cannot hold, the platform follows marts.md
    (docs/disclosure.md, notes). So one failure is allowed, and only that one: every differing value
    must be a NULL national rate of a group below the threshold."""
    result = subprocess.run([sys.executable, str(SHARED / "conformance" / "check.py"), "--cmd", REGIOMONITOR,
                             "--contract", "2", "--keep"], capture_output=True, text=True, env=cli_env(), timeout=900)
    out = result.stdout
    home = Path(re.search(r"home kept at (\S+)", out).group(1))
    try:
        failed = re.findall(r"^FAIL (.*)$", out, flags=re.M)
        assert failed in ([], ["marts.dropout_cohort: values match the contract"]), out[-3000:]
        passed, n_failed = map(int, re.search(r"(\d+) passed, (\d+) failed", out).groups())
        assert passed >= 25 and n_failed == len(failed)
        if failed:
            differing = int(re.search(r"^     (\d+) values differ", out, flags=re.M).group(1))
            shown = re.findall(r"^     dropout_cohort \{.*\}: (\w+) expected .*, got (.*)$", out, flags=re.M)
            assert shown and all(column == "national_dropout_rate" and got == "None" for column, got in shown), shown
            con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
            small = con.execute("""
                select count(*) from marts.dropout_cohort as m
                join private.dropout_cohort_detail as d
                  using (region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years)
                join intermediate.int_norms_by_year as n on n.academic_year = m.cohort_year
                where m.national_dropout_rate is null and d.national_cohort_size < n.small_cell_threshold""").fetchone()[0]
            nulls = con.execute("select count(*) from marts.dropout_cohort where national_dropout_rate is null").fetchone()[0]
            con.close()
            assert differing == small == nulls
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_no_raw_person_key_is_stored_anywhere_under_the_home(built_home):
    """Warehouse, snapshot, dbt artefacts, logs, Dagster storage, Data Docs: no delivered key."""
    import csv
    keys = set()
    for feed, columns in (("enrolments", ("student_key",)), ("placements", ("student_key", "supervisor_key"))):
        for path in sorted((built_home / "inbox" / feed).glob("*.csv"))[:3]:
            text = path.read_bytes().decode("utf-8", errors="replace")
            reader = csv.DictReader(text.splitlines(), delimiter=";" if text.count(";") > text.count(",") else ",")
            for record in reader:
                record = {k.strip().lstrip("\ufeff").lower(): v for k, v in record.items() if k}
                keys.update(record[c] for c in columns if len(record.get(c) or "") >= 5)
    assert len(keys) > 50
    needles = [k.encode() for k in keys]
    inbox = built_home / "inbox"
    for path in built_home.rglob("*"):
        if path.is_file() and inbox not in path.parents:
            content = path.read_bytes()
            found = [n for n in needles if n in content]
            assert not found, f"{path} holds raw keys such as {found[:3]}"


def test_rows_with_an_unknown_partnership_come_back_once_the_reference_arrives(built_home):
    wh = duckdb.connect(str(built_home / "warehouse.duckdb"), read_only=True)
    year = wh.execute("select max(academic_year) - 1 from raw.enrolments").fetchone()[0]
    region = wh.execute("select min(region_code) from raw.regions").fetchone()[0]
    wh.close()
    deliver(built_home / "inbox", "institutions", "NL_2099.csv", csv_bytes([        # a national list
        {"institution_code": "99XX", "institution_name": "Hogeschool Later", "institution_type": "hbo"}]))
    rows = [row("enrolments", student_key=f"LATER-{i}", institution_code="99XX", partnership_code="SOP-LATER",
                academic_year=year, enrolled_on=f"{year}-09-01") for i in range(12)]
    deliver(built_home / "inbox", "enrolments", f"99XX_{year}.csv", csv_bytes(rows))
    assert run(built_home).returncode == 0

    def published(sql):
        con = duckdb.connect(str(built_home / "published.duckdb"), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    assert published("select count(*) from ops.rejected_rows where reason = 'unknown partnership SOP-LATER'") == [(12,)]
    assert published("select count(*) from marts.dropout_cohort where partnership_code = 'SOP-LATER'") == [(0,)]
    deliver(built_home / "inbox", "partnerships", f"{region}_2099.csv", csv_bytes([
        {"partnership_code": "SOP-LATER", "partnership_name": "Later geleverd", "region_code": region}]))
    assert run(built_home).returncode == 0
    assert published("select count(*) from ops.rejected_rows where reason like '%SOP-LATER%'") == [(0,)]
    assert published("select sum(cohort_size) from marts.dropout_cohort where partnership_code = 'SOP-LATER' "
                     "and horizon_years = 1") == [(12,)]


def test_the_published_marts_have_the_contracts_columns_and_types(built_home):
    """The enforced contract (dbt YAML) is what the snapshot holds: every mart's columns, in order, with
    the declared types (validations/contract.py reads the same YAML the build enforced)."""
    from validations import contract
    con = duckdb.connect(str(built_home / "published.duckdb"), read_only=True)
    try:
        for mart in contract.marts().values():
            published = con.execute("select column_name, lower(data_type) from information_schema.columns "
                                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                                    [mart.name]).fetchall()
            assert published == [(c.name, c.data_type) for c in mart.columns], mart.name
    finally:
        con.close()
