"""Capaciteit: places offered, requests, placed and unplaced students, supervisor fte available vs
required and the scarcity type per region, sector (marts.capacity_region) and subject
(marts.capacity_subject); a what-if panel for duo placements, shared supervisors and extra places
(dashboards.whatif).

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, whatif
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import (Col, Figure, Table, frame_table, headline, label, page, require, select,
                              show, show_table, table)
from dashboards.i18n import code, column, lang, speaking, t
from dashboards.snapshot import Snapshot

ALL = "__alle__"
SECTORS = ["po", "vo", "mbo"]
REGIONS = "select distinct region_code from marts.capacity_region order by region_code"
REGION_ROWS = "select * from marts.capacity_region where region_code = ? order by academic_year, sector"
SUBJECTS = """
select * from marts.capacity_subject where region_code = ? and academic_year = ?
order by demand_ratio desc nulls first, subject"""
CAPACITY_COLS = [Col("academic_year"), Col("sector", code="sector"), Col("places_offered", "int"),
                 Col("placement_requests", "int"), Col("students_placed", "int"), Col("students_unplaced", "int"),
                 Col("place_utilisation", "pct"), Col("demand_ratio", "ratio"), Col("supervision_fte_available", "fte"),
                 Col("supervision_fte_required", "fte"), Col("supervisor_fte_gap", "fte"),
                 Col("scarcity_type", code="scarcity")]


@dataclass(frozen=True)
class Filters:
    region: str
    year: int | None
    sector: str = ALL


def regions(snap: Snapshot) -> list[str]:
    return [str(r) for r in snap.query(REGIONS)["region_code"]]


def region_rows(snap: Snapshot, region: str) -> pd.DataFrame:
    return snap.query(REGION_ROWS, [region])


def sectors(rows: pd.DataFrame) -> list[str]:
    return [s for s in SECTORS if s in set(rows["sector"])] + sorted(set(rows["sector"]) - set(SECTORS))


def defaults(snap: Snapshot, region: str | None = None) -> Filters | None:
    options = regions(snap)
    if not options:
        return None
    region = region if region in options else options[0]
    years = sorted(set(region_rows(snap, region)["academic_year"]), reverse=True)
    return Filters(region, int(years[0]) if years else None)


def sector_text(sector: str) -> str:
    return t("filter.all_sectors").lower() if sector == ALL else code("sector", sector)


def subjects(snap: Snapshot, f: Filters) -> pd.DataFrame:
    return snap.query(SUBJECTS, [f.region, f.year]) if snap.has("marts.capacity_subject") else pd.DataFrame()


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """Requests against places, unplaced students, supervisor fte available against required, scarcity."""
    with speaking(L):
        names, rows = snap.names(), region_rows(snap, f.region)
        in_year = rows[rows["academic_year"] == f.year]
        chosen = in_year if f.sector == ALL else in_year[in_year["sector"] == f.sector]
        if chosen.empty:
            return t("empty.no_rows", what=md(f"{label(f.region, names)}, {f.year}, {sector_text(f.sector)}"))
        text = t("capaciteit.headline", year=f.year, region=md(label(f.region, names)),
                 sector=md(sector_text(f.sector)),
                 requests=fmt.integer(chosen["placement_requests"].sum(), L),
                 places=fmt.integer(chosen["places_offered"].sum(), L),
                 unplaced=fmt.integer(chosen["students_unplaced"].sum(), L),
                 available=fmt.fte(chosen["supervision_fte_available"].sum(), L, 1),
                 required=fmt.fte(chosen["supervision_fte_required"].sum(), L, 1))
        return text + t("capaciteit.headline_scarcity", items="; ".join(
            f"{md(code('sector', r.sector))}: {md(code('scarcity', r.scarcity_type))}"
            for r in _by_sector(chosen).itertuples()))


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """Places, requests and placed per sector; fte available and required; unplaced over the years;
    demand per place by subject."""
    with speaking(L):
        rows = region_rows(snap, f.region)
        in_year = rows[rows["academic_year"] == f.year]
        sec = in_year.assign(s=in_year["sector"].map(lambda v: code("sector", v)))
        long = sec.melt(id_vars=["s"], value_vars=["places_offered", "placement_requests", "students_placed"],
                        var_name="m", value_name="n")
        long["m"] = long["m"].map(column)
        long["n"] = pd.to_numeric(long["n"], errors="coerce")
        out = [Figure(t("capaciteit.places_chart", year=f.year), charts.finish(
            charts.grouped_bars(long, "s", "n", "m", kind="int", x_title=t("filter.sector")), L))]
        long = sec.melt(id_vars=["s"], value_vars=["supervision_fte_available", "supervision_fte_required"],
                        var_name="m", value_name="fte")
        long["m"] = long["m"].map(column)
        out.append(Figure(t("capaciteit.fte_chart", year=f.year), charts.finish(
            charts.grouped_bars(long, "s", "fte", "m", kind="fte", x_title=t("filter.sector")), L)))
        trend = rows.assign(s=rows["sector"].map(lambda v: code("sector", v)))
        trend["students_unplaced"] = pd.to_numeric(trend["students_unplaced"], errors="coerce")
        out.append(Figure(t("capaciteit.trend_chart"), charts.finish(
            charts.lines(trend, "academic_year", "students_unplaced", "s", kind="int", x_title=t("chart.year")), L)))
        by_subject = subjects(snap, f)
        if len(by_subject):
            out.append(Figure(t("capaciteit.subject_chart", year=f.year),
                              charts.finish(_subject_chart(by_subject), L)))
        return out


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    with speaking(L):
        names, rows = snap.names(), region_rows(snap, f.region)
        shown = rows if f.sector == ALL else rows[rows["sector"] == f.sector]
        return Table(shown, tuple(CAPACITY_COLS), key="capaciteit",
                     basename=f"capaciteit_{f.region}" + ("" if f.sector == ALL else f"_{f.sector}"),
                     what=f"{label(f.region, names)}, {sector_text(f.sector)}", total=True)


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.capacity_region"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.markdown(t("capaciteit.intro"))
    options = regions(snap)
    if not options:
        st.info(t("empty.no_mart_rows", table="marts.capacity_region"))
        return
    c = st.columns([1, 1, 1, 3])
    region = select(t("filter.region"), options, "capaciteit_region", format_func=lambda v: label(v, names),
                    where=c[0], follow="region")
    rows = region_rows(snap, region)
    year = select(t("filter.year"), sorted(set(rows["academic_year"]), reverse=True), "capaciteit_year", where=c[1],
                  follow="year")
    sector = select(t("filter.sector"), [ALL] + sectors(rows), "capaciteit_sector",
                    format_func=lambda v: t("filter.all_sectors") if v == ALL else code("sector", v), where=c[2])
    f = Filters(region, year, sector)
    headline(headline_text(snap, f, L))

    figures = main_charts(snap, f, L)
    for pair in (figures[:2], figures[2:]):
        for column_, figure in zip(st.columns(2), pair):
            with column_:
                show(figure)

    _what_if(rows[rows["academic_year"] == year], region, year, names, L)

    st.subheader(t("capaciteit.table", region=md(label(region, names)), sector=md(sector_text(sector))))
    show_table(main_table(snap, f, L), threshold)
    if snap.has("marts.capacity_subject"):
        st.subheader(t("capaciteit.subject_table", region=md(label(region, names)), year=year))
        table(subjects(snap, f), [Col("subject"), Col("places_offered", "int"), Col("placement_requests", "int"),
                                  Col("students_placed", "int"), Col("students_unplaced", "int"),
                                  Col("demand_ratio", "ratio"), Col("shortage_subject", "bool"),
                                  Col("surplus_subject", "bool")],
              key="capaciteit_vakken", basename=f"capaciteit_vakken_{region}_{year}",
              what=f"{label(region, names)}, {year}", threshold=threshold)


def _by_sector(df: pd.DataFrame) -> pd.DataFrame:
    order = {s: i for i, s in enumerate(SECTORS)}
    return df.sort_values("sector", key=lambda s: s.map(lambda v: order.get(v, 99)))


def _subject_chart(subjects: pd.DataFrame):
    """Requests per place by subject, the most urgent on top: a subject with requests and no places
    at all first (its bar reaches past the others, labelled "geen plaatsen"), then by demand. Shortage
    subjects stand out; red is kept for the 1.0 line (as many requests as places)."""
    data = subjects[(subjects["placement_requests"].fillna(0) > 0) | subjects["demand_ratio"].notna()].copy()
    none = data["demand_ratio"].isna() & (data["places_offered"].fillna(0) == 0)
    top = float(data["demand_ratio"].max()) if data["demand_ratio"].notna().any() else 1.0
    data["shown"] = data["demand_ratio"].where(~none, max(top, 1.0) * 1.15)
    data["note"] = [t("capaciteit.no_places") if n else "" for n in none]
    data["kind"] = [t_kind(s, o) for s, o in zip(data["shortage_subject"], data["surplus_subject"])]
    data = data.dropna(subset=["shown"])
    order = list(data.sort_values("shown", ascending=False)["subject"])
    kinds = [column("shortage_subject"), column("subject"), column("surplus_subject")]
    y = alt.Y("subject:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False))
    bars = alt.Chart(data).mark_bar().encode(
        y=y, x=alt.X("shown:Q", axis=charts.axis("num", column("demand_ratio"))),
        color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=["#e6550d", "#6baed6", "#bdbdbd"])),
        tooltip=[alt.Tooltip("subject:N"), alt.Tooltip("demand_ratio:Q", format=".2f"), alt.Tooltip("placement_requests:Q"),
                 alt.Tooltip("places_offered:Q")],
    )
    notes = alt.Chart(data[data["note"] != ""]).mark_text(align="right", dx=-4, color="white", fontWeight="bold").encode(
        y=y, x=alt.X("shown:Q"), text=alt.Text("note:N"))
    return (bars + notes + alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[5, 4], color=charts.RED)
            .encode(x=alt.X("x:Q"))).properties(height=alt.Step(charts.STEP))


def t_kind(shortage, surplus) -> str:
    if shortage is True or shortage == 1:
        return column("shortage_subject")
    if surplus is True or surplus == 1:
        return column("surplus_subject")
    return column("subject")


def _what_if(in_year: pd.DataFrame, region: str, year: int, names: dict, L: str) -> None:
    st.subheader(t("capaciteit.whatif"))
    st.markdown(t("capaciteit.whatif_intro", region=md(label(region, names)), year=year))
    if in_year.empty:
        return
    c = st.columns(3)
    duo = c[0].slider(t("capaciteit.duo"), 0, 100, 0, 5, key="whatif_duo")
    pool = c[1].slider(t("capaciteit.pool"), 0, 100, 0, 5, key="whatif_pool")
    extra = c[2].slider(t("capaciteit.extra"), 0, 200, 0, 5, key="whatif_extra")
    result = _by_sector(whatif.apply(in_year, whatif.Remedies(duo / 100, pool / 100, int(extra))))
    items = "; ".join(t("capaciteit.whatif_item", sector=md(code("sector", r.sector)),
                        before=md(code("scarcity", r.scarcity_before)), after=md(code("scarcity", r.scarcity_after)))
                      for r in result.itertuples())
    headline(t("capaciteit.whatif_headline", duo=f"{duo}%", pool=f"{pool}%", extra=extra, items=items),
             key="whatif_headline")
    left, right = st.columns([2, 3])
    with left:
        long = pd.concat([
            pd.DataFrame({"s": result["sector"].map(lambda v: code("sector", v)), "gap": result["supervisor_fte_gap"],
                          "m": t("capaciteit.now")}),
            pd.DataFrame({"s": result["sector"].map(lambda v: code("sector", v)), "gap": result["fte_gap_after"],
                          "m": t("capaciteit.with")})])
        charts.show(charts.grouped_bars(long, "s", "gap", "m", kind="fte", x_title=t("filter.sector"), height=220)
                    + alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#444").encode(y="y:Q"),
                    t("capaciteit.whatif_chart"))
    with right:
        st.markdown(f"**{t('capaciteit.whatif_table')}**")
        frame_table(result, "whatif_table", [
            Col("sector", code="sector"), Col("scarcity_before", code="scarcity"), Col("scarcity_after", code="scarcity"),
            Col("places_after", "int"), Col("placed_after", "int"), Col("unplaced_after", "int"),
            Col("supervisor_fte_gap", "fte"), Col("fte_required_after", "fte"), Col("fte_available_after", "fte"),
            Col("fte_gap_after", "fte")])


if __name__ == "__main__":
    page(render, "capaciteit")
