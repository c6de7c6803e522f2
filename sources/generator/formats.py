"""How senders write their files. Most write UTF-8 with `,`; a fixed, seed-chosen set of senders
write Dutch-style exports (Windows-1252, `;`, decimal comma, DD-MM-YYYY dates, CRLF), some write
tabs, some UTF-8 with a BOM, a few send `.xlsx` workbooks - all of which the contract accepts.
Some senders also upper-case their headers, add a column of their own or leave out optional
columns they never fill, as real exports do."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import xlsxwriter

from sources.generator.contract import Table


@dataclass(frozen=True)
class Style:
    name: str
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal_comma: bool = False
    dutch_dates: bool = False
    newline: str = "\n"
    xlsx: bool = False

    @property
    def extension(self) -> str:
        return "xlsx" if self.xlsx else "csv"


STYLES = {s.name: s for s in [
    Style("utf8"),
    Style("dutch", encoding="cp1252", delimiter=";", decimal_comma=True, dutch_dates=True, newline="\r\n"),
    Style("tab", delimiter="\t"),
    Style("bom", encoding="utf-8-sig", newline="\r\n"),
    Style("xlsx", xlsx=True),
]}


@dataclass(frozen=True)
class Quirks:
    upper_header: bool = False      # STUDENT_KEY instead of student_key
    extra_column: bool = False      # an `opmerking` column the contract does not know
    lean: bool = False              # optional columns left out when this file never fills them


EXTRA_COLUMN = "opmerking"
CREATED = dt.datetime(2025, 11, 1, 9, 0, 0)     # fixed workbook timestamp: same seed, same bytes


def _column_texts(values: list, kind: str, money: bool, style: Style) -> list[str]:
    """Text of one column, formatted for the style. Strings pass through as they are (planted bad
    values are strings too)."""
    if kind == "string":
        return ["" if v is None else v for v in values]
    if kind == "int":
        return ["" if v is None else v if type(v) is str else str(v) for v in values]
    if kind == "decimal":
        comma = style.decimal_comma
        out = []
        for v in values:
            if v is None:
                out.append("")
            elif type(v) is str:
                out.append(v)
            else:
                s = f"{v:.2f}" if money else f"{v:.4f}".rstrip("0").rstrip(".")
                out.append(s.replace(".", ",") if comma else s)
        return out
    if kind == "date":
        if style.dutch_dates:
            return ["" if v is None else v if type(v) is str else f"{v.day:02d}-{v.month:02d}-{v.year}"
                    for v in values]
        return ["" if v is None else v if type(v) is str else v.isoformat() for v in values]
    if kind == "bool":
        return ["" if v is None else v if type(v) is str else ("true" if v else "false") for v in values]
    raise ValueError(kind)


def _layout(table: Table, rows: list[tuple], quirks: Quirks, drop: tuple[str, ...]) -> list[int]:
    keep = []
    for i, name in enumerate(table.names):
        if name in drop:
            continue
        if quirks.lean and not table.required[i] and all(r[i] is None for r in rows):
            continue
        keep.append(i)
    return keep


def render(table: Table, rows: list[tuple], style: Style, quirks: Quirks = Quirks(),
           drop: tuple[str, ...] = ()) -> bytes:
    """The bytes of one delivery file. `drop` leaves contract columns out (a planted fault)."""
    keep = _layout(table, rows, quirks, drop)
    header = [table.names[i].upper() if quirks.upper_header else table.names[i] for i in keep]
    if quirks.extra_column:
        header.append(EXTRA_COLUMN.upper() if quirks.upper_header else EXTRA_COLUMN)
    if style.xlsx:
        return _xlsx(table, rows, keep, header, quirks)
    columns = list(zip(*rows)) if rows else [() for _ in table.names]
    texts = [_column_texts(list(columns[i]), table.kinds[i], table.names[i] == "amount_eur", style) for i in keep]
    if quirks.extra_column:
        texts.append(["gecontroleerd" if k % 17 == 3 else "" for k in range(len(rows))])
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=style.delimiter, lineterminator=style.newline)
    writer.writerow(header)
    writer.writerows(zip(*texts))
    return buf.getvalue().encode(style.encoding)


def _xlsx(table: Table, rows: list[tuple], keep: list[int], header: list[str], quirks: Quirks) -> bytes:
    """First sheet, header in row 1; numbers as numbers and dates as date cells, as Excel users
    deliver them."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": CREATED, "author": "regiomonitor generator"})
    ws = wb.add_worksheet("Blad1")
    date_format = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, i in enumerate(keep):
            v = row[i]
            if v is None:
                continue
            t = type(v)
            if t is str:
                ws.write_string(r, c, v)
            elif t is bool:
                ws.write_string(r, c, "true" if v else "false")
            elif t is int or t is float:
                ws.write_number(r, c, v)
            elif t is dt.date:
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_format)
            else:
                raise TypeError(f"cannot write {t.__name__} to xlsx")
        if quirks.extra_column and r % 17 == 3:
            ws.write_string(r, len(keep), "gecontroleerd")
    wb.close()
    return buf.getvalue()
