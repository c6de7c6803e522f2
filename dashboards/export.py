"""CSV and XLSX files for download: for Dutch Excel, and safe to open in a spreadsheet.

**Dutch Excel.** The CSV is what Dutch Excel opens by a double click: `;` between cells, a decimal
comma, UTF-8 with a byte-order mark (else Excel reads "Fryslân" as "FryslÃ¢n"), the page's column
names, numbers rounded as the page shows them, a percentage as its percent number (24,4 under a
header "... (%)"; a column that mixes kinds, like a scorecard's values, keeps the fraction), a
suppressed cell empty. The XLSX keeps fractions and euros as numbers with an
Excel number format (0.0%, € #,##0, #,##0), a frozen header row, an autofilter, and a sheet "Over
deze gegevens" that says which snapshot, scope, selection and suppression rule the rows hold.

**Formula injection.** Cells come from senders (file names, feed folders, messages, reasons), and a
spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`,
DDE). Per OWASP's CSV injection advice every *string* cell that starts with one of those, a tab or a
carriage return gets a leading `'`, so it is shown as text; numbers stay numbers (-3 is a number,
not a formula). In the CSV every text cell is quoted (a carriage return inside an unquoted cell would
start a new row there) and numbers are not. The XLSX is written cell by cell with xlsxwriter's
typed writers (`write_string` never makes a formula or a link). Every download of the dashboards
goes through here.
"""
from __future__ import annotations

import io
from decimal import Decimal
from typing import Mapping, Sequence

import pandas as pd
import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
# Excel number formats per kind of figure (Excel shows them in the reader's own separators)
EXCEL_FORMATS = {"int": "#,##0", "pct": "0.0%", "eur": "€ #,##0;€ -#,##0", "eur2": "€ #,##0.00;€ -#,##0.00",
                 "fte": "#,##0.00", "fte4": "#,##0.0000", "ratio": "#,##0.00", "num1": "#,##0.0", "plain": "0"}
PERCENT = {"pct"}                      # written as the percent number in the CSV (0.244 -> 24,4)
SHEET, ABOUT_SHEET = "regiomonitor", "Over deze gegevens"


def neutralise(value):
    """A string that a spreadsheet would run as a formula, as text; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every string cell neutralised (headers too); numeric columns untouched."""
    out = df.rename(columns=neutralise)
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(neutralise)
    return out


def _percent_headers(df: pd.DataFrame, kinds: pd.DataFrame | None) -> dict:
    if kinds is None:
        return {}
    return {c: f"{c} (%)" for c in df.columns if c in kinds and len(kinds) and set(kinds[c]) <= PERCENT}


def csv_bytes(df: pd.DataFrame, kinds: pd.DataFrame | None = None) -> bytes:
    """The rows for Dutch Excel: `;`, decimal comma, UTF-8 with BOM, every text cell quoted and no
    number quoted; a column of percentages as percent numbers, headed "... (%)"; an empty cell for a
    missing or shielded value."""
    headers = _percent_headers(df, kinds)
    lines = [";".join(_text(neutralise(str(headers.get(c, c)))) for c in df.columns)]
    percent = {c: True for c in headers}      # a column of percentages only (a mixed one keeps fractions)
    columns = [df[c].tolist() for c in df.columns]
    for i in range(len(df)):
        cells = []
        for c, values in zip(df.columns, columns):
            value = values[i]
            cells.append(_csv_cell(value, c in percent))
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _csv_cell(value, percent: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return _text(neutralise(value))
    if isinstance(value, bool):
        return _text(str(value))
    number = Decimal(repr(float(value)))
    if percent:
        number = (number * 100).normalize()
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def xlsx_bytes(df: pd.DataFrame, kinds: pd.DataFrame | None = None,
               about: Sequence[tuple[str, str]] = (), about_sheet: str = ABOUT_SHEET) -> bytes:
    """The rows as a workbook: numbers with their number format, a frozen header row with an
    autofilter, column widths that fit, and the sheet that says what the rows are."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, **XLSX_OPTIONS})
    bold = book.add_format({"bold": True, "bottom": 1})
    formats = {k: book.add_format({"num_format": f}) for k, f in EXCEL_FORMATS.items()}
    sheet = book.add_worksheet(SHEET)
    data = neutralised(df)
    for j, name in enumerate(data.columns):
        sheet.write_string(0, j, str(name), bold)
        width = len(str(name))
        for i, value in enumerate(data.iloc[:, j].tolist(), start=1):
            kind = kinds.iat[i - 1, kinds.columns.get_loc(df.columns[j])] \
                if kinds is not None and df.columns[j] in kinds else None
            width = max(width, _write(sheet, i, j, value, formats.get(kind)))
        sheet.set_column(j, j, min(max(width + 2, 8), 60))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(data), 1), max(len(data.columns) - 1, 0))
    if about:
        info = book.add_worksheet(about_sheet[:31])
        for i, (key, value) in enumerate(about):
            info.write_string(i, 0, str(neutralise(key)), bold if i == 0 else None)
            info.write_string(i, 1, str(neutralise(value)))
        info.set_column(0, 0, 28)
        info.set_column(1, 1, 100)
    book.close()
    return buf.getvalue()


def _write(sheet, row: int, col: int, value, number_format) -> int:
    """One cell by its type; returns the width it needs."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        sheet.write_blank(row, col, None)
        return 0
    if isinstance(value, (bool,)):
        sheet.write_boolean(row, col, value)
        return 5
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        number = float(value)
        sheet.write_number(row, col, number, number_format)
        return len(f"{number:,.2f}")
    text = str(value)
    sheet.write_string(row, col, text)
    return len(text)


def kinds_frame(kinds: Mapping[str, Sequence[str]], index) -> pd.DataFrame:
    """Per-cell kinds (column -> one kind per row), as csv_bytes and xlsx_bytes take them."""
    return pd.DataFrame({c: list(k) for c, k in kinds.items()}, index=index)
