"""How a contract column is declared, and how a Pandera check reads to a sender.

A column is `required` when the file must have it and every row must fill it (feeds.md
"required: yes"); optional columns may be missing from the file and empty in a row.
"""
from __future__ import annotations

from typing import Any

import pandera.polars as pa
import polars as pl

from validations.feeds.codes import FIXED_VALUES, PATTERN_NAMES


def column(doc: str, *, required: bool = False, example: str = "", pseudonymise: bool = False,
           lower: bool = False, **checks: Any):
    """A contract column. `pseudonymise` marks person keys (keyed hash at ingest); `lower` marks
    enum-like values that are matched case-insensitively."""
    return pa.Field(nullable=not required, description=doc,
                    metadata={"required": required, "example": example, "pseudonymise": pseudonymise,
                              "lower": lower or "isin" in checks},
                    **checks)


def not_a_fixed_value(*names: str):
    """Model check for delivered names (partnership_name, ...): a name that is a fixed value of the
    contract (`voltijd`, `po`) could be taken for that value where names and values meet (access
    grants, filters). Compared trimmed and in lower case, as values are matched."""
    def check(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col(data.key).str.strip_chars().str.to_lowercase().is_in(FIXED_VALUES))
    return pa.check(*names, name="not_a_fixed_value",
                    error="must not be a fixed value of the contract (such as voltijd)")(check)


def describe_check(check) -> str:
    """The rule a Pandera column check enforces, in words for the sender."""
    s = check.statistics or {}
    name = check.name
    if name == "isin":
        return "must be one of " + ", ".join(map(str, s["allowed_values"]))
    if name == "str_matches":
        return "must be " + PATTERN_NAMES.get(s["pattern"], f"like {s['pattern']}")
    if name == "greater_than_or_equal_to":
        return f"must be >= {s['min_value']}"
    if name == "less_than_or_equal_to":
        return f"must be <= {s['max_value']}"
    if name == "in_range":
        return f"must be between {s['min_value']} and {s['max_value']}"
    if name == "str_length":
        return f"must be {s.get('min_value') or 0} to {s.get('max_value')} characters long"
    return check.error or name
