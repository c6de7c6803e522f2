"""How a contract column is declared, and how a Pandera check reads to a sender.

A column is `required` when the file must have it and every row must fill it (feeds.md
"required: yes"); optional columns may be missing from the file and empty in a row.
"""
from __future__ import annotations

from typing import Any

import pandera.polars as pa

from validations.feeds.codes import PATTERN_NAMES


def column(doc: str, *, required: bool = False, example: str = "", pseudonymise: bool = False,
           lower: bool = False, **checks: Any):
    """A contract column. `pseudonymise` marks person keys (keyed hash at ingest); `lower` marks
    enum-like values that are matched case-insensitively."""
    return pa.Field(nullable=not required, description=doc,
                    metadata={"required": required, "example": example, "pseudonymise": pseudonymise,
                              "lower": lower or "isin" in checks},
                    **checks)


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
