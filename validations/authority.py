"""Who may deliver what (feeds.md): the part of a sender's authority that a row shows by itself.

A sender delivers rows about itself and what falls under it. Where the row and the sender (known
from the file name) are enough to tell, the row is rejected here, at ingest, so that it counts in
`rows_rejected` and never reaches the warehouse: an institution's rows name its own
institution_code, a school's its own school_code, a partnership's its own partnership_code, a
region's reference rows its own region_code, and only `NL` delivers the national lists. What needs
reference data (is this school in the sending partnership? is this partnership the sending
region's?) is checked on every build in dbt (`stg_reference_rejected` and the `int_*_checked`
models), where the referential-integrity checks live; docs/security.md, "Sender", has the split.
"""
from __future__ import annotations

import polars as pl

from validations.feeds import Feed
from validations.feeds import codes as c

SENDER = "_sender"
NATIONAL = "NL"
NATIONAL_ONLY = ("institutions", "subjects", "norms")    # lists of no region: only NL delivers them

_sender = pl.col(SENDER)
_is_school = _sender.str.contains(c.SCHOOL)
_is_national = _sender == NATIONAL


def _not_own(column: str, thing: str) -> pl.Expr:
    """Reason when the row names another `thing` than the sender in `column` (NULL: fine)."""
    code = pl.col(column)
    return pl.when(code.is_not_null() & (code != _sender)).then(
        pl.format("sender {} may not deliver {} {}", _sender, pl.lit(thing), code))


def _not_own_region(column: str, thing: str) -> pl.Expr:
    """Reason when a region's reference row puts `thing` in another region than the sender."""
    region = pl.col("region_code")
    return pl.when(~_is_national & (region != _sender)).then(
        pl.format("sender {} may not deliver {} {} of region {}", _sender, pl.lit(thing), pl.col(column), region))


def _rules(feed: Feed) -> list[pl.Expr]:
    """Per feed, the reasons a row can be outside its sender's authority on its own evidence."""
    name = feed.name
    if name == "enrolments":
        return [_not_own("institution_code", "institution")]
    if name == "placements":
        return [_not_own("partnership_code", "partnership")]
    if name in ("capacity", "vo_outflow"):             # a school its own rows; others are checked in dbt
        return [pl.when(_is_school).then(_not_own("school_code", "school"))]
    if name == "costs":
        central = pl.when(_is_school & pl.col("school_code").is_null()).then(
            pl.format("sender {} may not deliver costs of partnership {}", _sender, pl.col("partnership_code")))
        return [pl.when(_is_school).then(_not_own("school_code", "school")), central,
                pl.when(~_is_school).then(_not_own("partnership_code", "partnership"))]
    if name == "regions":
        return [pl.when(~_is_national).then(_not_own("region_code", "region"))]
    if name == "partnerships":
        return [_not_own_region("partnership_code", "partnership")]
    if name == "schools":
        return [_not_own_region("school_code", "school")]
    if name in NATIONAL_ONLY:
        return [pl.when(~_is_national).then(
            pl.format("sender {} may not deliver {}: it is a national list, delivered by NL", _sender, pl.lit(name)))]
    return []                                           # funding, kpi_targets: dbt; DUO's files: DUO's


def sender_failures(feed: Feed, typed: pl.DataFrame) -> pl.DataFrame:
    """(position, reason) for every row of `typed` (with a SENDER column) outside its sender's
    authority; positions index `typed`. Rows without a sender (DUO's free-named files) pass."""
    rules = _rules(feed)
    if not rules or SENDER not in typed.columns:
        return pl.DataFrame(schema={"position": pl.Int64, "reason": pl.Utf8})
    reasons = [r.alias(f"_rule{i}") for i, r in enumerate(rules)]
    return (typed.with_row_index("position").select(pl.col("position").cast(pl.Int64), *reasons)
            .unpivot(index="position", value_name="reason").drop_nulls("reason").select("position", "reason"))
