"""From text columns to the contract's types: decimal point or comma, ISO or Dutch dates, codes
trimmed, enum values matched case-insensitively. A value that does not parse, or parses to
infinity (`1` followed by 400 zeros), becomes NULL and a rejection reason, never a guess."""
from __future__ import annotations

import polars as pl

from sources.files.naming import Refused
from sources.files.readers import TextTable
from validations.feeds import Column, Feed
from validations.feeds.dutch import header_key

INT = r"^[+-]?[0-9]+([.,]0*)?$"                      # "12", and "12.0" as spreadsheets write it
DECIMAL = r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$"   # decimal point or comma, no thousands separator
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00(\.0+)?)?$"
DUTCH_DATE = r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}$"
TRUE = ["true", "1", "ja", "yes", "j", "y", "waar"]
FALSE = ["false", "0", "nee", "no", "n", "onwaar"]
ROW = "_row_number"


def header_mapping(feed: Feed, table: TextTable) -> tuple[dict[str, int], list[str], list[str]]:
    """Contract column -> position in the file, the file's columns the contract does not know, and
    the Dutch names recognised (as "<header> = <column>"). A header is the column's English name or
    one of its Dutch names (validations/feeds/dutch.py), compared by `header_key`. Raises Refused
    for a missing required column or a column given twice (under one name or two)."""
    names = {header_key(c.name): c.name for c in feed.columns}
    names.update({header_key(d): c.name for c in feed.columns for d in c.dutch})
    positions: dict[str, int] = {}
    unknown, dutch = [], []
    for i, header in enumerate(table.header):
        column = names.get(header_key(header))
        if column is None:
            if header.strip() and header_key(header) not in map(header_key, unknown):
                unknown.append(header.strip())
            continue
        if column in positions:
            first = table.header[positions[column]].strip()
            same = header_key(first) == header_key(header)
            raise Refused(f"column '{header.strip().lower()}' appears twice in the header" if same else
                          f"column '{column}' appears twice in the header, as '{first}' and '{header.strip()}'")
        positions[column] = i
        if header_key(header) != header_key(column):
            dutch.append(f"{header.strip()} = {column}")
    missing = [c.name for c in feed.columns if c.required and c.name not in positions]
    if missing:
        raise Refused("missing required column" + ("s " if len(missing) > 1 else " ")
                      + ", ".join(f"'{m}'" for m in missing))
    return {c.name: positions[c.name] for c in feed.columns if c.name in positions}, unknown, dutch


def text_columns(feed: Feed, table: TextTable, positions: dict[str, int]) -> dict[str, list | None]:
    """The file's contract columns as lists of text (None for a column the file does not have)."""
    columns = list(zip(*table.rows)) if table.rows else []
    return {c.name: (list(columns[positions[c.name]]) if c.name in positions and columns else None)
            for c in feed.columns}


def text_frame(feed: Feed, parts: list[tuple[dict[str, list | None], list[int]]], file_column: str) -> pl.DataFrame:
    """One text frame for several files: every contract column (NULL where a file lacks it), the
    row number within its file, and the file's index in `parts`. Built once per feed, so a round of
    thousands of small files costs one frame construction, not thousands."""
    data: dict[str, list] = {c.name: [] for c in feed.columns}
    rows: list[int] = []
    files: list[int] = []
    for index, (columns, numbers) in enumerate(parts):
        n = len(numbers)
        for name, values in data.items():
            values.extend(columns[name] if columns[name] is not None else [None] * n)
        rows.extend(numbers)
        files.extend([index] * n)
    data[ROW], data[file_column] = rows, files
    return pl.DataFrame(data, schema={**{c.name: pl.Utf8 for c in feed.columns}, ROW: pl.Int64,
                                      file_column: pl.Int32})


def _parse(col: Column) -> tuple[pl.Expr, str]:
    """Expression that parses one text column, and the reason given when a value does not parse."""
    t = pl.col(col.name).str.strip_chars()
    t = pl.when(t == "").then(None).otherwise(t)
    if col.kind == "int":
        value = pl.when(t.str.contains(INT)).then(
            t.str.replace(",", ".").cast(pl.Float64, strict=False).cast(pl.Int64, strict=False))
        return value, "not a whole number"
    if col.kind == "decimal":       # too many digits parse as infinity, which no rule of the contract means
        number = t.str.replace(",", ".").cast(pl.Float64, strict=False)
        value = pl.when(t.str.contains(DECIMAL) & number.is_finite()).then(number)
        return value, "not a number (a finite value with a decimal point or comma, no thousands separator)"
    if col.kind == "date":
        iso = pl.when(t.str.contains(ISO_DATE)).then(t.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
        dutch = pl.when(t.str.contains(DUTCH_DATE)).then(t.str.to_date("%d-%m-%Y", strict=False))
        return pl.coalesce(iso, dutch), "not a date (YYYY-MM-DD or DD-MM-YYYY)"
    if col.kind == "bool":
        low = t.str.to_lowercase()
        return pl.when(low.is_in(TRUE)).then(True).when(low.is_in(FALSE)).then(False), "not true or false"
    return (t.str.to_lowercase() if col.lower else t), ""


def coerce(feed: Feed, text: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed frame (same rows and order) and the parse failures as (position, reason)."""
    exprs, failures = [], []
    for col in feed.columns:
        value, reason = _parse(col)
        exprs.append(value.alias(col.name))
        if reason:
            raw = pl.col(col.name).str.strip_chars()
            failures.append(pl.when((raw != "") & value.is_null()).then(pl.lit(f"{col.name}: {reason}"))
                            .alias(col.name))
    typed = text.select(*exprs, pl.col(ROW))
    if not failures:
        return typed, pl.DataFrame(schema={"position": pl.Int64, "reason": pl.Utf8})
    fails = (text.with_row_index("position").select(pl.col("position").cast(pl.Int64), *failures)
             .unpivot(index="position", value_name="reason").drop_nulls("reason").select("position", "reason"))
    return typed, fails
