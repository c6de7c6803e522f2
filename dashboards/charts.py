"""Altair charts in the dashboards' style: numbers in the reader's notation (Dutch by default),
small, labelled, with the national value or the norm as a dashed reference."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards.i18n import lang

LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
FORMATS = {"pct": ".0%", "pct1": ".1%", "eur": "$,.0f", "int": ",.0f", "fte": ",.2f", "fte3": ",.3f", "num": ",.2f"}
HEIGHT = 260


def finish(chart: alt.TopLevelMixin, language: str | None = None) -> alt.TopLevelMixin:
    """The chart as it is drawn: numbers in the reader's notation, the legend below it. Pure, so the
    page and the report (PDF) draw the same chart."""
    return chart.configure(locale={"number": LOCALES[language or lang()]}).configure_legend(orient="bottom", title=None)


def show(chart: alt.TopLevelMixin, title: str | None = None) -> None:
    """Draw a chart (finished with `finish` unless it is already) under its title."""
    if title:
        st.markdown(f"**{title}**")
    if getattr(chart, "config", alt.Undefined) is alt.Undefined:
        chart = finish(chart)
    st.altair_chart(chart, width="stretch")


def axis(kind: str, title: str | None = None) -> alt.Axis:
    return alt.Axis(format=FORMATS.get(kind, ",.2f"), title=title)


def lines(df: pd.DataFrame, x: str, y: str, series: str, *, kind: str, x_title: str, y_title: str | None = None,
          dashed: set[str] = frozenset(), x_type: str = "O", height: int = HEIGHT) -> alt.Chart:
    """One line per series; the series named in `dashed` (national values) are dashed."""
    data = df.dropna(subset=[y]).assign(_dashed=lambda d: d[series].isin(dashed))
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X(f"{x}:{x_type}", title=x_title),
        y=alt.Y(f"{y}:Q", axis=axis(kind, y_title)),
        color=alt.Color(f"{series}:N"),
        strokeDash=alt.StrokeDash("_dashed:N", legend=None, scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 4]])),
        tooltip=[alt.Tooltip(f"{series}:N"), alt.Tooltip(f"{x}:{x_type}"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))],
    ).properties(height=height)


def rule(value: float, label: str, kind: str = "") -> alt.LayerChart:
    """A dashed horizontal reference line (norm, subsidy, national value) with its label."""
    base = alt.Chart(pd.DataFrame({"value": [value], "label": [label]}))
    # typed channels: a shorthand string makes Altair build its schema lookup anew (~10 ms per channel)
    return base.mark_rule(strokeDash=[5, 4], color="#d62728").encode(y=alt.Y("value:Q")) + base.mark_text(
        align="left", dx=4, dy=-6, color="#d62728").encode(y=alt.Y("value:Q"), x=alt.value(0), text=alt.Text("label:N"))


def grouped_bars(df: pd.DataFrame, x: str, y: str, group: str, *, kind: str, x_title: str, y_title: str | None = None,
                 height: int = HEIGHT) -> alt.Chart:
    data = df.dropna(subset=[y])
    return alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{x}:N", title=x_title),
        xOffset=alt.XOffset(f"{group}:N"),
        y=alt.Y(f"{y}:Q", axis=axis(kind, y_title)),
        color=alt.Color(f"{group}:N"),
        tooltip=[alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))],
    ).properties(height=height)


def bars_with_suppressed(df: pd.DataFrame, category: str, y: str, *, kind: str, category_title: str,
                         suppressed_label: str, color: str | None = None, colors: dict[str, str] | None = None,
                         height: int = HEIGHT) -> alt.LayerChart:
    """Bars per category; a suppressed category gets no bar but the label "afgeschermd", never a zero bar."""
    data = df.assign(_label=lambda d: d[y].where(d[y].notna()).map(lambda v: None if pd.isna(v) else "")
                     .fillna(suppressed_label))
    enc = dict(x=alt.X(f"{category}:N", title=category_title, sort=None),
               y=alt.Y(f"{y}:Q", axis=axis(kind, None)),
               tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))])
    if color:
        scale = alt.Scale(domain=list(colors), range=list(colors.values())) if colors else alt.Undefined
        enc["color"] = alt.Color(f"{color}:N", scale=scale)
    bars = alt.Chart(data.dropna(subset=[y])).mark_bar().encode(**enc)
    labels = alt.Chart(data[data[y].isna()]).mark_text(dy=-8, color="#666").encode(
        x=alt.X(f"{category}:N", sort=None), y=alt.value(height - 12), text="_label:N")
    return (bars + labels).properties(height=height)
