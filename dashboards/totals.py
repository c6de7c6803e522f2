"""The totals row beneath a page's table: "Totaal" of the columns whose rows add up.

Only counts, euro amounts and fte add up (students, places, requests, costs); rates, averages and
per-student amounts do not, and get no total. The total is computed from the shown rows, except
where that would undo small-cell suppression: when a shown row of a people column is suppressed,
the sum of the other rows beside a published total would reveal the hidden row, so that column's
total is the snapshot's published total for exactly these rows when the page has one, else empty.

It is a one-row table of its own under the table, not a last row in it: Streamlit sorts every row
of a table, so a totals row would sort into the middle and be counted, filtered and downloaded as a
row; a reader expects the total to stay at the foot of the table, under the same column names, in
the same notation."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from dashboards import formatting as fmt
from dashboards.shown import SUPPRESSED_COLUMN

ADDITIVE = {"int", "eur", "fte"}


def additive(col) -> bool:
    """Whether a column's rows add up: a count, amount or fte, not one per student or per anything."""
    return col.kind in ADDITIVE and not col.kind_by and not col.code and "per" not in col.name.split("_")


def totals(df: pd.DataFrame, cols: Sequence, published: dict | None = None) -> pd.DataFrame | None:
    """One row: the total of every additive column of `cols` over the rows of `df` (None where it
    cannot be given), or None when no column adds up or there are fewer than two rows to add."""
    summed = [c for c in cols if c.name in df.columns and additive(c)]
    if len(df) < 2 or not summed:
        return None
    published = published or {}
    suppressed = df[SUPPRESSED_COLUMN].fillna(False).astype(bool) if SUPPRESSED_COLUMN in df.columns \
        else pd.Series(False, index=df.index)
    row = {}
    for c in summed:
        values = pd.to_numeric(df[c.name], errors="coerce")
        hidden = c.people and bool((suppressed & values.isna()).any())
        if hidden:
            row[c.name] = published.get(c.name)
        else:
            row[c.name] = None if values.isna().all() else float(values.sum())
    return pd.DataFrame([row]).astype(object).where(lambda d: ~d.map(fmt.is_missing), None)
