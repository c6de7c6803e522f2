"""The mart contract is declared once, in the dbt YAML (dbt_project/models/marts), as marts.md states
it; the gates, the dashboards' tables and the Dagster catalog read that one declaration."""
from __future__ import annotations

import re

import pytest

from tests.support import SHARED
from validations import contract
from validations.gates.run import _expectations, gates_of

MARTS_MD = SHARED / "spec" / "marts.md"


def _spec_grains() -> dict[str, list[str]]:
    """marts.md's grain of every mart: `## marts.X` / `### marts.X` sections, their `Grain:` line."""
    text = MARTS_MD.read_text()
    out = {}
    for name, body in re.findall(r"^#+ `marts\.(\w+)`.*?\n(.*?)(?=^#+ |\Z)", text, flags=re.M | re.S):
        body = re.sub(r"\([^)]*\)", "", body)                             # asides such as (DUO's VESTIGINGSCODE)
        grain = re.search(r"Grain:\s*(.*?)(?:\.\s|\.$|, where)", body, flags=re.S).group(1)
        out[name] = [part.strip() for part in grain.split(",")]
    return out


@pytest.mark.skipif(not MARTS_MD.exists(), reason="../shared is not beside the project")
def test_every_mart_of_marts_md_is_declared_with_its_grain():
    grains = _spec_grains()
    assert len(grains) == 9
    declared = contract.marts()
    for name, grain in grains.items():
        assert name in declared, name
        assert list(declared[name].grain) == grain, name


def test_every_declared_column_has_a_type_and_a_description_and_the_meta_names_real_columns():
    for mart in contract.marts().values():
        names = [c.name for c in mart.columns]
        assert mart.description and len(set(names)) == len(names), mart.name
        assert set(mart.grain) <= set(names), mart.name
        for c in mart.columns:
            assert c.data_type and c.description, f"{mart.name}.{c.name}"
            assert c.unit in (None, "count", "fraction", "eur", "fte", "fte_per_student", "ratio", "percentile")
        if mart.denominator:
            assert mart.denominator in mart.people and "suppressed" in names, mart.name
        if "suppressed" in names:
            assert mart.people, mart.name          # a mart that suppresses says which columns it hides
        if n := mart.national:
            assert n.column in names and set(n.by) <= set(names), mart.name


def test_a_column_name_means_the_same_in_every_mart():
    seen: dict[str, tuple] = {}
    for mart in contract.marts().values():
        for c in mart.columns:
            assert seen.setdefault(c.name, (c.unit, c.data_type == "boolean")) == (c.unit, c.data_type == "boolean"), \
                f"{mart.name}.{c.name}"


def test_the_suppression_rule_of_marts_md_is_in_the_contract():
    """marts.md: in a suppressed row the denominator, every count of people, every rate, every
    per-student amount and subsidy_eur are NULL."""
    marts = contract.marts()
    assert set(marts["dropout_cohort"].people) == {"cohort_size", "graduated", "enrolled_same", "switched",
                                                   "dropped_out", "dropout_rate", "switch_rate", "graduation_rate",
                                                   "retention_rate"}
    assert {"supervised_students", "subsidy_eur", "cost_per_supervised_student",
            "fte_per_supervised_student"} <= set(marts["cost_per_supervised_student"].people)
    assert "supervision_cost_eur" not in marts["cost_per_supervised_student"].people    # euros not per student stay
    assert "national_dropout_rate" not in marts["dropout_cohort"].people


def test_the_gates_keep_only_what_dbt_cannot_check():
    """Grain, not-null and ranges are dbt tests; Great Expectations checks suppression against the
    threshold, the row count against the previous snapshot and national rates against the detail."""
    marts = contract.marts()
    assert gates_of(marts["dropout_cohort"]) == ["suppression_consistent", "row_count_band",
                                                 "national_between_extremes"]
    assert gates_of(marts["capacity_region"]) == ["row_count_band"]
    kinds = {e.expectation_type if hasattr(e, "expectation_type") else type(e).__name__
             for e in _expectations(marts["dropout_cohort"], 10, 100, 0.5)}
    assert "ExpectCompoundColumnsToBeUnique" not in kinds
    people = {e.column for e in _expectations(marts["cost_per_supervised_student"], 10, None, 0.5)
              if type(e).__name__ == "ExpectColumnValuesToBeNull"}
    assert people == set(marts["cost_per_supervised_student"].people)


def test_a_dashboard_column_takes_kind_and_people_from_the_contract():
    from dashboards.frame import Col
    assert (Col("dropout_rate").kind, Col("dropout_rate").people) == ("pct", True)
    assert (Col("supervision_cost_eur").kind, Col("supervision_cost_eur").people) == ("eur", False)
    assert Col("fte_per_supervised_student").kind == "fte4" and Col("shortage_subject").kind == "bool"
    assert Col("region_intake", "int").kind == "int"                      # a page's own column keeps its kind
    assert "dropped_out / cohort_size" in Col("dropout_rate").description
    with pytest.raises(ValueError, match="mart contract"):
        Col("dropout_rate", "int")                                      # a second, contradicting declaration
