"""The exact integer-programming audit of issue 12 (validations/disclosure_audit.py) on a generated
region home (two seeds): its model holds on the private detail (sound), and no suppressed row's
people are pinned to a single value by every published relation, integrality and bounds together."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

pytest.importorskip("scipy")
pytestmark = pytest.mark.slow      # two region homes; solves ~600 MILP-sized unknowns per home

from validations.disclosure_audit import DENOMINATOR, audit  # noqa: E402


# Seconds HiGHS may spend on one MILP. Seed 3's newest cohort is one large component on which most
# MILPs run out of any limit (undecided, never pinned: docs/disclosure.md); at 2 s it alone took 43
# minutes, so the suite gives it 0.1 s and leaves proving it to benchmarks/disclosure_audit.py.
TIME_LIMIT = {3: 0.1, 9: 2.0}


@pytest.fixture(scope="module", params=[3, 9], ids=lambda seed: f"seed{seed}")
def seed(request) -> int:
    return request.param


@pytest.fixture(scope="module")
def home(seed, region_home) -> Path:
    """Three regions, so that national totals are more than one region's; two seeds, one home each
    (seed 3 is test_disclosure's home too)."""
    return region_home(seed)


@pytest.fixture(scope="module")
def result(seed, home):
    """Every relation is built and checked against the private detail; the solving is limited to
    the components of the newest cohort year (horizon 1 only, ~500 unknowns) to fit CI: the
    components are independent, and the benchmark (benchmarks/disclosure_audit.py) solves them all."""
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    newest = con.execute("select max(cohort_year) from marts.dropout_cohort").fetchone()[0]
    con.close()
    return audit(home / "published.duckdb", home / "warehouse.duckdb", time_limit=TIME_LIMIT[seed], years={newest})


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


def _people(values):
    """The people of a suppressed row (cohort_size, supervised_students, graduates) and the
    unplaced counts of the scorecard."""
    return values[values.column.isin(list(DENOMINATOR.values())) | (values.mart == "kpi_scorecard")]


def test_no_suppressed_denominator_is_pinned_to_a_single_value(result):
    """min == max for none of them (published zeros apart, see below)."""
    people = _people(result.values)
    pinned = people[people.pinned & ~people.by_zero]
    assert pinned.empty, f"{len(pinned)} pinned:\n" + _show(pinned)


def test_every_suppressed_denominator_is_proved_unpinned(result, seed, request):
    """Two integer solutions (or an exact interval) for each: a value whose MILPs ran out of time
    is undecided, and the audit could not show it is protected."""
    if seed == 3:
        request.applymarker(pytest.mark.xfail(strict=False, reason=(
            "seed 3: HiGHS finds no integer solution within the suite's time limit for most of cohort "
            "2022's component (undecided, none pinned; docs/disclosure.md 'Exact audit')")))
    people = _people(result.values)
    undecided = people[~people.unpinned & ~people.pinned]
    assert undecided.empty, f"{len(undecided)} undecided:\n" + _show(undecided)


@pytest.mark.xfail(strict=False, reason="open (docs/disclosure.md 'Exact audit'): the decision keeps the rows' sizes "
                                         "unpinned, but outcome counts of small hidden rows are still pinned by the "
                                         "outcome bounds (0 <= count <= size) and the national rates at 3 decimals "
                                         "(seed 3, cohort 2022 and seed 9, cohort 2023: see the figures there)")
def test_no_suppressed_value_is_pinned_to_a_single_value(result):
    """Every suppressed count, outcomes included. A value pinned to 0 as a part of a total published
    as zero is what that total says of its whole group (docs/disclosure.md, "Published zeros"):
    counted apart, and only at 0."""
    values = result.values
    pinned = values[values.pinned & ~values.by_zero]
    assert pinned.empty, f"{len(pinned)} pinned:\n" + _show(pinned)
    undecided = values[~values.unpinned & ~values.pinned]
    assert undecided.empty, f"{len(undecided)} undecided:\n" + _show(undecided)


def test_only_values_that_are_zero_count_as_pinned_by_a_published_zero(result):
    zeros = result.values[result.values.by_zero]
    assert (zeros.lo == 0).all() and (zeros.hi == 0).all() and (zeros.truth == 0).all(), _show(zeros)
