"""The exact integer-programming audit of issue 12 (validations/disclosure_audit.py) on a generated
region home (two seeds): its model holds on the private detail (sound), and no suppressed row's
people are pinned to a single value by every published relation, integrality and bounds together."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

pytest.importorskip("scipy")
pytestmark = pytest.mark.slow      # two region homes; solves ~600 MILP-sized unknowns per home

from validations.disclosure_audit import DENOMINATOR, audit, integer_interval, national  # noqa: E402


# Seconds HiGHS may spend on one MILP: far above what these homes need (at most 2.6 s for all the
# MILPs of one value; 93 s for seed 3, 33 s for seed 9 on an idle 2-core machine), so that every
# MILP finishes and the answers are the same on every machine. A tight limit made them depend on
# the machine's speed: at 0.1 s a slow machine left seed 3's pinned sizes undecided and a fast
# one found them.
TIME_LIMIT = 60.0

# What the decision does not protect yet (issue 12, blocked on the contract's 3-decimal rates; see
# docs/disclosure.md, "Exact audit"): seed 3's hidden sizes of region onbekend in cohort 2023 are
# pinned by the national rates (and integrality), which the decision leaves out of its equations.
PINNED_BY_NATIONAL_RATES = {3: 6, 9: 0}


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
    return audit(home / "published.duckdb", home / "warehouse.duckdb", time_limit=TIME_LIMIT, years={newest})


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


def test_no_suppressed_denominator_is_pinned_to_a_single_value(result, seed, request):
    """min == max for none of them (published zeros apart, see below)."""
    if PINNED_BY_NATIONAL_RATES[seed]:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            f"seed {seed}: {PINNED_BY_NATIONAL_RATES[seed]} hidden sizes of region onbekend are pinned by the "
            "national rates at 3 decimals (issue 12, docs/disclosure.md 'Exact audit')")))
    people = _people(result.values)
    pinned = people[people.pinned & ~people.by_zero]
    assert pinned.empty, f"{len(pinned)} pinned:\n" + _show(pinned)


def test_a_pinned_denominator_is_pinned_only_through_the_national_rates(result, seed):
    """The routes the decision closes stay closed: without the national figures' relations every
    pinned size has two or more integer values, and no more sizes are pinned than measured."""
    people = _people(result.values)
    pinned = people[people.pinned & ~people.by_zero]
    assert len(pinned) <= PINNED_BY_NATIONAL_RATES[seed], _show(pinned)
    for row in pinned.itertuples():
        lo, hi = integer_interval(result, (row.mart, row.key, row.column), national, TIME_LIMIT)
        assert lo < hi, f"{row.key} {row.column} is pinned to {lo} without the national rates too"


def test_every_suppressed_denominator_is_proved_unpinned_or_pinned(result):
    """Two integer solutions (or an exact interval) for each that is not pinned: with every MILP
    finished, no value is left undecided."""
    people = _people(result.values)
    undecided = people[~people.unpinned & ~people.pinned]
    assert undecided.empty, f"{len(undecided)} undecided:\n" + _show(undecided)


@pytest.mark.xfail(strict=True, reason="open (issue 12, docs/disclosure.md 'Exact audit'): outcome counts of small "
                                        "hidden rows are pinned by the outcome bounds (0 <= count <= size) and the "
                                        "national rates at 3 decimals (seed 3: 123, seed 9: 132 of cohort 2023)")
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
