"""The exact integer-programming audit of issue 12 (validations/disclosure_audit.py) on a generated
region home: its model holds on the private detail (sound), and no suppressed value is pinned to a
single value by every published relation, integrality and bounds together."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

pytest.importorskip("scipy")
pytestmark = pytest.mark.slow      # builds a region home and solves ~500 MILP-sized unknowns (2-3 min)

from sources.generator import generate  # noqa: E402
from tests.test_pipeline import run  # noqa: E402
from validations.disclosure_audit import audit  # noqa: E402


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """Three regions, so that national totals are more than one region's."""
    home = tmp_path_factory.mktemp("disclosure-audit") / "home"
    generate(home / "inbox", scale="region", seed=3)
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


@pytest.fixture(scope="module")
def result(home):
    """Every relation is built and checked against the private detail; the solving is limited to
    the components of the newest cohort year (horizon 1 only, ~500 unknowns) to fit CI: the
    components are independent, and the benchmark (benchmarks/disclosure_audit.py) solves them all."""
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    newest = con.execute("select max(cohort_year) from marts.dropout_cohort").fetchone()[0]
    con.close()
    return audit(home / "published.duckdb", home / "warehouse.duckdb", time_limit=2.0, years={newest})


def _show(rows, n=10) -> str:
    return rows[["mart", "key", "column", "lo", "hi", "truth"]].head(n).to_string()


def test_every_relation_family_holds_on_the_private_detail(result):
    """A family the detail breaks is left out of the model, which would weaken the attack."""
    assert not result.dropped, result.dropped
    assert len(result.values) > 0
    assert set(result.values.mart) >= {"dropout_cohort", "dropout_by_group", "cost_per_supervised_student"}


def test_the_truth_lies_inside_every_interval(result):
    values = result.values
    outside = values[~values.inside | ~values.lower_ok]
    assert outside.empty, _show(outside)


@pytest.mark.xfail(strict=False, reason="open (issue 12, docs/disclosure.md 'Exact audit'): contract 2's rule holds "
                                         "per published total, but equations combined (programme_type x study_mode "
                                         "rows over dropout_cohort cells, degree_level = sum of programme_type rows) "
                                         "still pin values")
def test_no_suppressed_value_is_pinned_to_a_single_value(result):
    """Pinned: min == max. Undecided (no two integer solutions found, MILP out of time) counts as
    a failure too: the audit could not show the value is protected."""
    values = result.values
    pinned = values[values.pinned]
    assert pinned.empty, f"{len(pinned)} pinned:\n" + _show(pinned)
    undecided = values[~values.unpinned]
    assert undecided.empty, f"{len(undecided)} undecided:\n" + _show(undecided)
