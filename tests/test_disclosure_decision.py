"""The suppression decision of private.disclosure_suppressed_cells (a dbt Python model, which dbt
unit tests cannot reach) on hand-made groups: contract 2 of marts.md, "Small cells". The whole
model runs on real data in every pipeline test, and the dbt test suppression_protects_every_total
checks its result independently."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "private" / "disclosure_suppressed_cells.py"


@pytest.fixture(scope="module")
def decision():
    spec = importlib.util.spec_from_file_location("disclosure_suppressed_cells", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(*specs, threshold=10):
    """(cell, size, group[, role, kind, national, people_key]) -> disclosure_cells rows."""
    out = []
    for cell, size, group, *rest in specs:
        role, kind, national, key = (*rest, *("part", "published", False, None)[len(rest):])
        out.append((cell, key, size, threshold, group, role, kind, national))
    return out


def test_a_small_cell_takes_the_smallest_other_cell_of_its_total(decision):
    hidden, still = decision.decide(rows(("a", 3, "R1"), ("b", 12, "R1"), ("c", 20, "R1"),
                                         ("b", 12, "R2"), ("d", 15, "R2"), ("e", 30, "R2")))
    assert hidden == {"a": False, "b": True, "d": True}
    assert still == []


def test_two_small_cells_below_the_threshold_together_take_the_next_smallest(decision):
    hidden, _ = decision.decide(rows(("g", 2, "R3"), ("h", 3, "R3"), ("i", 12, "R3"), ("j", 40, "R3"),
                                     ("k", 6, "R4"), ("l", 7, "R4"), ("m", 30, "R4")))
    assert set(hidden) == {"g", "h", "i", "k", "l"}
    assert hidden["i"] is True and hidden["k"] is False


def test_national_totals_take_nothing_when_the_regions_already_protect_them(decision):
    hidden, _ = decision.decide(rows(("a", 3, "R1"), ("b", 12, "R1"), ("c", 20, "R1"),
                                     ("a", 3, "N", "part", "published", True), ("b", 12, "N", "part", "published", True),
                                     ("c", 20, "N", "part", "published", True), ("f", 11, "N", "part", "published", True)))
    assert set(hidden) == {"a", "b"}


def test_a_total_below_the_threshold_is_not_published_and_asks_nothing(decision):
    hidden, _ = decision.decide(rows(("a", 3, "T"), ("b", 4, "T"), ("c", 1, "T")))
    assert set(hidden) == {"a", "b", "c"}
    hidden, _ = decision.decide(rows(("a", 3, "T"), ("b", 5, "T")))
    assert set(hidden) == {"a", "b"}


def test_the_only_part_of_a_published_total_and_empty_rows_never_protect_another(decision):
    # q is a partnership's only cell (its KPI is published): hiding it would hide nothing; z counts nobody
    hidden, _ = decision.decide(rows(("r", 4, "R6"), ("q", 15, "R6"), ("s", 60, "R6"), ("z", 0, "R6"),
                                     ("q", 15, "P-q")))
    assert set(hidden) == {"r", "s", "z"}


def test_rows_holding_the_same_people_are_suppressed_together(decision):
    # degree_level `ad` and programme_type `ad_pep` hold the same students (same people_key)
    hidden, _ = decision.decide(rows(("pt-ad_pep", 4, "D-pt", "part", "published", False, 77),
                                     ("pt-pabo", 30, "D-pt"), ("pt-alpo", 12, "D-pt"),
                                     ("dl-ad", 4, "D-dl", "part", "published", False, 77),
                                     ("dl-bachelor", 42, "D-dl")))
    # dl-ad goes with pt-ad_pep; D-pt then takes pt-alpo, D-dl its only other row
    assert set(hidden) == {"pt-ad_pep", "dl-ad", "pt-alpo", "dl-bachelor"}


def test_a_published_row_that_totals_cells_protects_its_small_cell(decision):
    # dg row T (39 people) is the total of dropout_cohort cells p1 (3), p2 (16), p3 (20)
    hidden, _ = decision.decide(rows(("T", 39, "C", "total", "cell"), ("p1", 3, "C", "part", "cell"),
                                     ("p2", 16, "C", "part", "cell"), ("p3", 20, "C", "part", "cell")))
    assert set(hidden) == {"p1", "p2"}


def test_a_suppressed_total_row_needs_a_suppressed_part(decision):
    # T is hidden to protect u in dimension D; its cells C would add up to it, so one of them goes too
    hidden, still = decision.decide(rows(("u", 4, "D"), ("T", 25, "D"), ("w", 80, "D"),
                                         ("T", 25, "C", "total", "cell"), ("c1", 11, "C", "part", "cell"),
                                         ("c2", 14, "C", "part", "cell")))
    assert set(hidden) == {"u", "T", "c1"}
    assert still == []


def test_the_decision_does_not_depend_on_the_order_of_the_rows(decision):
    data = rows(("a", 3, "R1"), ("b", 12, "R1"), ("c", 12, "R1"), ("b", 12, "R2"), ("d", 15, "R2"),
                ("e", 30, "R2"), ("g", 2, "R3"), ("h", 3, "R3"), ("i", 12, "R3"), ("c", 12, "R3"))
    first = decision.decide(data)
    for seed in range(5):
        shuffled = list(data)
        random.Random(seed).shuffle(shuffled)
        assert decision.decide(shuffled) == first


def test_a_hidden_cell_the_totals_fix_together_takes_a_partner_onto_a_cycle(decision):
    # A 4 x 4 table with published row and column totals: two rectangles of hidden cells and a fifth
    # hidden cell r1c3 between them. Every total holds rule 2 (two-plus hidden, at least 10 people),
    # yet r1c3 = row r1's hidden sum minus the rectangle's: a bridge, on no cycle of hidden cells.
    small = {"r1c1", "r1c2", "r2c1", "r2c2", "r3c3", "r3c4", "r4c3", "r4c4", "r1c3"}
    specs = []
    for r in "1234":
        for c in "1234":
            cell = f"r{r}c{c}"
            size = 5 if cell in small else 50
            specs += [(cell, size, f"row{r}"), (cell, size, f"col{c}")]
    hidden, still = decision.decide(rows(*specs))
    # the smallest partner that closes a cycle through r1c3 (r1c4 and r2c3 both do; by id)
    assert set(hidden) == small | {"r1c4"}
    assert still == []

