"""CSV and XLSX files for download, safe to open in a spreadsheet.

Cells come from senders (file names, feed folders, messages, reasons), and a spreadsheet runs a
cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, DDE). Per OWASP's CSV
injection advice every *string* cell that starts with one of those, a tab or a carriage return gets
a leading `'`, so it is shown as text; numbers stay numbers (-3 is a number, not a formula). In the
CSV every text cell is quoted (a carriage return inside an unquoted cell would start a new row there)
and numbers are not. The XLSX writer also keeps xlsxwriter from turning strings into formulas or
links on its own (`strings_to_formulas`, `strings_to_urls` off). Every download of the dashboards
goes through here.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


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


def csv_bytes(df: pd.DataFrame) -> bytes:
    return neutralised(df).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


def xlsx_bytes(df: pd.DataFrame, sheet_name: str = "regiomonitor") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        neutralised(df).to_excel(writer, index=False, sheet_name=sheet_name)
    return buf.getvalue()
