"""Write-audit-publish: a mart defect that only a Great Expectations gate can see stops the
publication, names the expectation, leaves the snapshot byte-identical and shows in Data Docs."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import duckdb
import pytest

from sources.generator import generate
from tests.support import run
from validations.gates.run import data_docs_index


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("gates") / "home"
    generate(home / "inbox", scale="demo", seed=5)
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def test_gate_results_are_published_with_the_snapshot(home):
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    rows = con.execute("select mart, gate, passed, blocking from ops.gate_results").fetchall()
    con.close()
    marts = {m for m, *_ in rows}
    assert {"dropout_cohort", "feeder_schools", "cost_per_supervised_student", "kpi_scorecard"} <= marts
    assert all(passed for _, _, passed, _ in rows)
    # grain, not-null and ranges are dbt tests now; the gates keep what a test of one model cannot check
    assert {g for _, g, _, _ in rows} == {"suppression_consistent", "national_between_extremes"}
    assert data_docs_index(home / "gx").exists()


def test_the_data_docs_index_lists_only_the_newest_results(home, tmp_path, monkeypatch):
    """It reads each result it lists: unlimited, the gates would slow down with every run."""
    import validations.gates.run as gates
    monkeypatch.setattr(gates, "DATA_DOCS_RESULTS", 3)
    gx_root = tmp_path / "gx"
    for _ in range(2):
        results = gates.run_gates(home / "warehouse.duckdb", home / "published.duckdb", gx_root)
        assert results and all(r.passed for r in results)
    stored = list((gx_root / "gx" / "uncommitted" / "validations").rglob("*.json"))
    listed = set(re.findall(r"validations/[^\"']+\.html", data_docs_index(gx_root).read_text()))
    assert len(stored) >= 2 * 4 and len(listed) == 3         # every result kept, the newest three listed
    assert "validation_results_limit: 3" in (gx_root / "gx" / "great_expectations.yml").read_text()


def test_a_truncated_delivery_is_caught_by_a_blocking_gate_and_nothing_is_published(home):
    published = home / "published.duckdb"
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    (home / "regiomonitor.yaml").write_text("gates:\n  severity:\n    row_count_band: block\n  row_count_band: 0.3\n")
    # a sender's correction that lost almost all rows: only the header and the first row survive
    for path in sorted((home / "inbox" / "enrolments").glob("*.csv")):
        lines = path.read_bytes().splitlines(keepends=True)
        corrected = path.with_name(path.stem + "_correctie.csv")
        corrected.write_bytes(b"".join(lines[:2]))
        os.utime(corrected, (path.stat().st_mtime + 86400 * 2,) * 2)
    result = run(home)
    assert result.returncode == 1, result.stdout
    assert "row_count_band" in result.stderr and "expect_table_row_count_to_be_between" in result.stderr
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    pages = (data_docs_index(home / "gx").parent / "validations" / "dropout_cohort").rglob("*.html")
    latest = text_of(max(pages, key=lambda p: p.stat().st_mtime))
    assert "Status: Failed" in latest and "Unsuccessful Expectations 1" in latest


def test_a_runs_config_chooses_the_gate_severity_and_the_run_writes_no_environment(home):
    """The home still says row_count_band: block (previous test); this run's config says warn, so the
    same truncated delivery publishes with a warning. The in-process run leaves os.environ as it was."""
    from deployment.home import Home
    from orchestration.pipeline import run_pipeline
    assert "row_count_band: block" in (home / "regiomonitor.yaml").read_text()
    before = hashlib.sha256((home / "published.duckdb").read_bytes()).hexdigest()
    environment = dict(os.environ)
    outcome = run_pipeline(Home(home), run_config={"ops": {"mart_gates": {"config": {"severity": {"row_count_band": "warn"}}}}})
    assert dict(os.environ) == environment
    assert outcome.success and not outcome.blocking_failures, outcome.failure
    assert any("gate_row_count_band" in w for w in outcome.warnings), outcome.warnings
    assert hashlib.sha256((home / "published.duckdb").read_bytes()).hexdigest() != before
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    assert con.execute("select bool_or(not passed), bool_or(blocking) from ops.gate_results "
                       "where gate = 'row_count_band'").fetchone() == (True, False)
    con.close()


def text_of(page: Path) -> str:
    """The visible text of a Data Docs page."""
    html = re.sub(r"<(style|script).*?</\1>", " ", page.read_text(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_kpi_that_goes_niet_op_koers_becomes_a_warning(home):
    (home / "regiomonitor.yaml").unlink(missing_ok=True)
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    # every region's value whose people reach the threshold is published (contract 2, docs/disclosure.md)
    scope, kpi, year, value = con.execute(
        "select scope_code, kpi, academic_year, value from marts.kpi_scorecard "
        "where kpi in ('cost_per_supervised_student', 'students_unplaced') "
        "and value > 0 and scope_type = 'region' and coalesce(status, '') <> 'niet_op_koers' "
        "order by kpi, academic_year desc limit 1").fetchone()
    con.close()
    # the region tightens its target below the current value (a cost KPI: the truncated enrolments
    # of the previous test do not touch it)
    target = home / "inbox" / "kpi_targets" / f"{scope}_2099.csv"
    target.parent.mkdir(exist_ok=True)
    target.write_text("scope_code,kpi,academic_year,target_value,direction\n"
                      f"{scope},{kpi},{year},{value / 2:.2f},lower_is_better\n")
    result = run(home)
    assert result.returncode == 0, result.stderr                        # a warning, not a blocker
    assert f"kpi_alerts: 1 KPI(s) went niet_op_koers: {scope} {kpi} {year}" in result.stdout
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    assert con.execute("select status from marts.kpi_scorecard where scope_code = ? "
                       "and kpi = ? and academic_year = ?", [scope, kpi, year]).fetchone() == ("niet_op_koers",)
    con.close()
