"""The feed contract lives once, in the Pandera models: the sender documentation, the warehouse's
raw tables and dbt's sources are derived from or checked against it."""
from pathlib import Path

import yaml

from validations.feeds import FEEDS
from validations.feeds.docs import DOC_PATH, render

ROOT = Path(__file__).resolve().parents[1]


def test_sender_documentation_is_current():
    assert DOC_PATH.read_text() == render(), "run: python -m validations.feeds.docs"


def test_every_feed_is_a_dbt_source():
    sources = yaml.safe_load((ROOT / "dbt_project/models/staging/_sources.yml").read_text())["sources"]
    raw = next(s for s in sources if s["name"] == "raw")
    assert sorted(t["name"] for t in raw["tables"]) == sorted(FEEDS)


def test_required_columns_of_the_contract():
    required = {name: [c.name for c in f.columns if c.required] for name, f in FEEDS.items()}
    assert required["enrolments"] == ["student_key", "institution_code", "programme_code", "programme_type",
                                      "degree_level", "study_mode", "route", "prior_education", "academic_year",
                                      "year_of_study", "enrolled_on"]
    assert required["costs"] == ["academic_year", "cost_category"]
    assert [c.name for c in FEEDS["placements"].columns if c.pseudonymise] == ["student_key", "supervisor_key"]


def test_every_numeric_column_of_every_feed_has_an_upper_bound():
    """Issue 11, item 7: a number no row can sensibly hold is rejected in every numeric column, DUO's
    files included (infinity never parses: orchestration/ingest/coerce.py)."""
    unbounded = [f"{f.name}.{c.name}" for f in FEEDS.values() for c in f.columns if c.kind in ("int", "decimal")
                 and not any(ch.name in ("in_range", "less_than_or_equal_to") for ch in c.checks)]
    assert unbounded == []
