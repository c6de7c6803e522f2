"""Altair charts in the dashboards' style: numbers in the reader's notation (Dutch by default),
small, labelled, with the national value or the norm as a dashed reference.

Colours: red (#c62828) only for what is off target and for norms; series take a palette without
red. Legends sit below the chart and are never cut off; year labels stand horizontal; categories
(partnerships, schools, subjects) are bars along a readable vertical axis."""
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
RED = "#c62828"                                  # off target, norms
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
           "#aec7e8", "#ffbb78", "#98df8a"]      # Tableau's, without its red
STEP = 22                                        # px per bar of a category chart


def finish(chart: alt.TopLevelMixin, language: str | None = None) -> alt.TopLevelMixin:
    """The chart as it is drawn: numbers in the reader's notation, the palette without red, the
    legend below the chart in full. Pure, so the page and the report (PDF) draw the same chart. One
    `configure` call: each `configure_*` copies the whole chart (a layered one with its layers)."""
    return chart.configure(locale={"number": LOCALES[language or lang()]},
                           range=alt.RangeConfig(category=PALETTE),
                           legend=alt.LegendConfig(orient="bottom", title=None, labelLimit=0, columns=2, symbolLimit=0),
                           axisX=alt.AxisConfig(labelAngle=0))


def show(chart: alt.TopLevelMixin, title: str | None = None) -> None:
    """Draw a chart (finished with `finish` unless it is already) under its title; the title and the
    chart stay together on paper (the print style sheet keeps the block whole)."""
    if getattr(chart, "config", alt.Undefined) is alt.Undefined:
        chart = finish(chart)
    with st.container():
        if title:
            st.markdown(f"**{title}**")
        st.altair_chart(chart, width="stretch")


def axis(kind: str, title: str | None = None) -> alt.Axis:
    return alt.Axis(format=FORMATS.get(kind, ",.2f"), title=title)


def lines(df: pd.DataFrame, x: str, y: str, series: str, *, kind: str, x_title: str, y_title: str | None = None,
          dashed: set[str] = frozenset(), x_type: str = "O", height: int = HEIGHT) -> alt.Chart:
    """One line per series; the series named in `dashed` (national values, targets) are dashed."""
    data = df.dropna(subset=[y]).assign(_dashed=lambda d: d[series].isin(dashed))
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X(f"{x}:{x_type}", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", axis=axis(kind, y_title)),
        color=alt.Color(f"{series}:N"),
        strokeDash=alt.StrokeDash("_dashed:N", legend=None, scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 4]])),
        tooltip=[alt.Tooltip(f"{series}:N"), alt.Tooltip(f"{x}:{x_type}"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))],
    ).properties(height=height)


def rule(value: float, label: str, kind: str = "", *, vertical: bool = False) -> alt.LayerChart:
    """A dashed reference line (norm, subsidy, national value), red, with its label at the far end
    (right, or top for a vertical line), clear of the bars."""
    base = alt.Chart(pd.DataFrame({"value": [value], "label": [label]}))
    # typed channels (alt.X, alt.YValue, ...): a shorthand string or an alt.value() dict makes Altair build its
    # schema lookup anew (~10 ms per channel)
    if vertical:
        return base.mark_rule(strokeDash=[5, 4], color=RED).encode(x=alt.X("value:Q")) + base.mark_text(
            align="left", baseline="bottom", dx=4, dy=-2, color=RED).encode(x=alt.X("value:Q"), y=alt.YValue(0), text=alt.Text("label:N"))
    return base.mark_rule(strokeDash=[5, 4], color=RED).encode(y=alt.Y("value:Q")) + base.mark_text(
        align="right", baseline="bottom", dy=-3, color=RED).encode(y=alt.Y("value:Q"), x=alt.XValue("width"), text=alt.Text("label:N"))


def grouped_bars(df: pd.DataFrame, x: str, y: str, group: str, *, kind: str, x_title: str, y_title: str | None = None,
                 height: int = HEIGHT) -> alt.Chart:
    data = df.dropna(subset=[y])
    return alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{x}:N", title=x_title, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{group}:N"),
        y=alt.Y(f"{y}:Q", axis=axis(kind, y_title)),
        color=alt.Color(f"{group}:N"),
        tooltip=[alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))],
    ).properties(height=height)


def bars_with_suppressed(df: pd.DataFrame, category: str, y: str, *, kind: str, category_title: str,
                         suppressed_label: str, color: str | None = None, colors: dict[str, str] | None = None,
                         height: int | None = None) -> alt.LayerChart:
    """Horizontal bars per category (names stay readable); a suppressed category gets no bar but the
    label "afgeschermd", never a zero bar. A reference goes with `rule(..., vertical=True)`."""
    data = df.assign(_label=lambda d: d[y].where(d[y].notna()).map(lambda v: None if pd.isna(v) else "")
                     .fillna(suppressed_label))
    order = list(data.sort_values(y, ascending=False, na_position="last")[category])
    enc = dict(y=alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
               x=alt.X(f"{y}:Q", axis=axis(kind, category_title)),
               tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{y}:Q", format=FORMATS.get(kind))])
    if color:
        scale = alt.Scale(domain=list(colors), range=list(colors.values())) if colors else alt.Undefined
        enc["color"] = alt.Color(f"{color}:N", scale=scale)
    bars = alt.Chart(data.dropna(subset=[y])).mark_bar().encode(**enc)
    labels = alt.Chart(data[data[y].isna()]).mark_text(align="left", dx=4, color="#666").encode(
        y=alt.Y(f"{category}:N", sort=order), x=alt.XValue(0), text=alt.Text("_label:N"))
    return (bars + labels).properties(height=height or alt.Step(STEP))
