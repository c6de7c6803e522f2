"""Row-level validation of a typed delivery against its feed's Pandera model and its sender's
authority (validations/authority.py). Returns, for every row that breaks a rule, the column and the
rule in words; the offending values themselves are never returned (they may be person keys; the
codes a sender may not deliver are named, as feeds.md asks)."""
from __future__ import annotations

import pandera.polars as pa
import polars as pl

from validations.authority import sender_failures
from validations.feeds import Feed
from validations.feeds.fields import describe_check

FAILURES_SCHEMA = {"position": pl.Int64, "reason": pl.Utf8}


def _rule_text(feed: Feed) -> dict[tuple[str, str], str]:
    """(column, pandera check text) -> reason, for every column check of the feed's model."""
    out = {}
    for name, col in feed.schema.columns.items():
        for check in col.checks:
            out[(name, str(check.error or check.name))] = f"{name}: {describe_check(check)}"
    return out


def validate_rows(feed: Feed, typed: pl.DataFrame) -> pl.DataFrame:
    """(position, reason) for every rule a row breaks; positions index `typed`. A `_sender` column
    (validations.authority.SENDER) adds the sender's authority to the rules."""
    return pl.concat([_model_failures(feed, typed), sender_failures(feed, typed)])


def _model_failures(feed: Feed, typed: pl.DataFrame) -> pl.DataFrame:
    frame = typed.select(feed.column_names)
    try:
        feed.model.validate(frame, lazy=True)
        return pl.DataFrame(schema=FAILURES_SCHEMA)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    rules = _rule_text(feed)
    reasons = []
    for column, check, index in cases.select("column", "check", "index").iter_rows():
        if index is None:
            raise RuntimeError(f"{feed.name}: schema-level failure {check} on {column}")
        if check == "not_nullable":
            reason = f"{column}: is required"
        else:
            reason = rules.get((column, check), check)     # dataframe checks carry their own text
        reasons.append((int(index), reason))
    return pl.DataFrame(reasons, schema=FAILURES_SCHEMA, orient="row")
