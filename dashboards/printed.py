"""Tables on paper. st.dataframe is a canvas grid that prints only the rows in view, so every table
also comes as a plain HTML table that only print shows (frame.STYLE, `@media print`): it keeps to
the page's width (long texts wrap, numbers do not) and continues over pages with its header
repeated. A very long table prints its first PRINT_ROWS rows and says so: its download has them
all, and a page of tens of thousands of hidden cells would slow every screen view for a rare print."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import escape
from dashboards import formatting as fmt
from dashboards.i18n import t
from dashboards.shown import NUMBERS, Shown

PRINT_ROWS = 500
CLASS = "print-table"


def html_table(s: Shown, language: str, rows: int = PRINT_ROWS) -> str:
    """The shown cells as an HTML table (every text escaped), numbers right-aligned."""
    cls = {n: ' class="n"' if set(s.kinds[n].unique()) <= NUMBERS | {"plain"} else "" for n in s.texts.columns}
    head = "".join(f"<th{cls[n]}>{escape.html(n)}</th>" for n in s.texts.columns)
    body = "".join("<tr>" + "".join(f"<td{cls[n]}>{escape.html(v)}</td>" for n, v in zip(s.texts.columns, row))
                   + "</tr>" for row in s.texts.head(rows).to_numpy(dtype=object).tolist())
    more = "" if len(s.texts) <= rows else "<p>" + escape.html(t(
        "print.first_rows", n=fmt.integer(rows, language), total=fmt.integer(len(s.texts), language))) + "</p>"
    return f'<div class="{CLASS}"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</div>'


def of_text(df: pd.DataFrame) -> Shown:
    """A frame of text (a page's own small table) as shown cells."""
    texts = df.astype(str).reset_index(drop=True)
    return Shown(texts, texts, texts.map(lambda _: "text"), texts.map(lambda _: False))


def show(s: Shown, language: str) -> None:
    """The print-only table beneath a st.dataframe of the same cells."""
    st.html(html_table(s, language))
