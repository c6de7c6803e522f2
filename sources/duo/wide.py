"""DUO's open-data tables as published: one CSV line per school or programme with one column (or
column group) per year, `;`, quoted, counts under 5 printed as `<5`. The adapters turn a line into
one row per year, so a year is validated, loaded and counted on its own; every such row keeps the
line's row number. The CSV itself is read by the platform's own reader (encoding, delimiter)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sources.files.naming import Refused
from sources.files.readers import TextTable, read_csv

BELOW_5 = "<5"


@dataclass(frozen=True)
class YearColumns:
    """The columns of one year: feed column -> position in the file."""
    year: int
    positions: dict[str, int]


def read_wide(data: bytes) -> tuple[TextTable, list[str]]:
    """The file read as CSV, with its header names normalised (trimmed, upper case)."""
    table = read_csv(data)
    return table, [h.strip().strip('"').upper() for h in table.header]


def locate(names: list[str], fixed: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Feed column -> position of the first of its DUO names found in the header. Raises Refused
    naming the DUO column when none of the names is there."""
    out = {}
    for column, duo_names in fixed.items():
        found = next((names.index(n) for n in duo_names if n in names), None)
        if found is None:
            raise Refused(f"missing DUO column {' or '.join(repr(n) for n in duo_names)}")
        out[column] = found
    return out


def year_groups(names: list[str], pattern: re.Pattern, columns: dict[str | None, str], what: str) -> list[YearColumns]:
    """Every year in the header. `pattern` matches a year's column with groups `year` and,
    optionally, `column` (DUO's word for the count, mapped to the feed column by `columns`)."""
    groups: dict[int, dict[str, int]] = {}
    for i, name in enumerate(names):
        m = pattern.match(name)
        if m:
            column, year = columns[m.groupdict().get("column")], int(m.group("year"))
            groups.setdefault(year, {})[column] = i
    if not groups:
        raise Refused(f"no year columns found: expected {what}")
    return [YearColumns(y, groups[y]) for y in sorted(groups)]


def count_cell(text: str) -> tuple[str, str]:
    """A published count and whether DUO suppressed it: `<5` is no value, marked as below 5."""
    value = text.strip()
    return ("", "true") if value == BELOW_5 else (value, "false")


def unpivot(table: TextTable, fixed: dict[str, int], years: list[YearColumns], year_column: str,
            counts: tuple[str, ...], description: str) -> TextTable:
    """One row per line and year: the fixed columns, the year, and for each count column its value
    and a `<column>_below_5` flag. A year that lacks one of the count columns refuses the file."""
    for group in years:
        missing = [c for c in counts if c not in group.positions]
        if missing:
            raise Refused(f"year {group.year}: missing the {', '.join(missing)} column")
    header = [*fixed, year_column] + [name for c in counts for name in (c, f"{c}_below_5")]
    rows, numbers = [], []
    for number, line in zip(table.row_numbers, table.rows):
        base = [line[i] for i in fixed.values()]
        for group in years:
            cells = [v for c in counts for v in count_cell(line[group.positions[c]])]
            rows.append([*base, str(group.year), *cells])
            numbers.append(number)
    return TextTable(header, rows, numbers, table.broken, description=description)
