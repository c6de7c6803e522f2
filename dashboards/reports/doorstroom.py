"""Doorstroom: secondary schools' inflow into teacher training (marts.feeder_schools): the bands
(bottom and top 15%), the persistently low schools, and the regional and national rates over the
exam years.

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, Figure, Table, headline, label, page, require, select, show, show_table
from dashboards.i18n import code, lang, speaking, t
from dashboards.snapshot import Snapshot

REGIONS = "select distinct region_code from marts.feeder_schools where region_code is not null order by region_code"
TRACKS = "select distinct track from marts.feeder_schools where region_code = ? order by track"
REGION_ROWS = """
select * from marts.feeder_schools where region_code = ? and track = ?
order by exam_year, inflow_rate desc nulls last, school_code"""
NATIONAL_INTAKE = """
select sum(first_year_enrolments) as national from marts.national_intake where academic_year = ?
having count(*) > 0"""
BAND_COLORS = {"laag": "#d62728", "midden": "#9e9e9e", "hoog": "#2ca02c"}


def shown(rows: pd.DataFrame) -> pd.DataFrame:
    """The schools whose figures are shown (at least the threshold of graduates)."""
    return rows[~rows["suppressed"].fillna(False).astype(bool)]


def regional_rate(rows: pd.DataFrame) -> tuple[float | None, int]:
    """The region's rate over the schools that are shown."""
    visible = shown(rows)
    graduates = visible["graduates"].sum()
    return (visible["entered_teacher_training"].sum() / graduates if graduates else None), len(visible)


@dataclass(frozen=True)
class Filters:
    region: str
    track: str | None
    year: int | None


def regions(snap: Snapshot) -> list[str]:
    return [str(r) for r in snap.query(REGIONS)["region_code"]]


def tracks(snap: Snapshot, region: str) -> list[str]:
    return [str(r) for r in snap.query(TRACKS, [region])["track"]]


def region_rows(snap: Snapshot, region: str, track: str | None) -> pd.DataFrame:
    return snap.query(REGION_ROWS, [region, track])


def defaults(snap: Snapshot, region: str | None = None) -> Filters | None:
    options = regions(snap)
    if not options:
        return None
    region = region if region in options else options[0]
    ts = tracks(snap, region)
    track = "havo" if "havo" in ts else (ts[0] if ts else None)
    years = sorted(set(region_rows(snap, region, track)["exam_year"]), reverse=True)
    return Filters(region, track, int(years[0]) if years else None)


def year_rows(snap: Snapshot, f: Filters) -> pd.DataFrame:
    rows = region_rows(snap, f.region, f.track)
    return rows[rows["exam_year"] == f.year]


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """The region's inflow rate against the country, the bands, the persistently low schools."""
    with speaking(L):
        names, now, threshold = snap.names(), year_rows(snap, f), snap.threshold()
        if now.empty:
            return t("empty.no_rows", what=md(f"{label(f.region, names)}, {code('track', f.track)}, {f.year}"))
        rate, schools = regional_rate(now)
        text = t("doorstroom.headline", year=f.year, rate=fmt.pct(rate, L), track=md(code("track", f.track)),
                 schools=schools, region=md(label(f.region, names)),
                 national=fmt.pct(now["national_inflow_rate"].dropna().max(), L),
                 low=int((now["band"] == "laag").sum()), high=int((now["band"] == "hoog").sum()),
                 persistent=int(now["persistently_low"].fillna(False).astype(bool).sum()))
        hidden = len(now) - len(shown(now))
        if hidden:
            text += t("doorstroom.headline_suppressed", n=hidden, threshold=threshold)
        return text


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """The schools' rates in their bands against the country; region and country over the exam years."""
    with speaking(L):
        rows = region_rows(snap, f.region, f.track)
        now = rows[rows["exam_year"] == f.year]
        data = now.assign(b=now["band"].map(lambda v: code("band", v)))
        school_names = snap.school_names()
        data = data.assign(school=data["school_code"].map(lambda v: label(v, school_names)))
        chart = charts.bars_with_suppressed(data, "school", "inflow_rate", kind="pct",
                                            category_title=code("track", f.track), color="b",
                                            colors={code("band", b): c for b, c in BAND_COLORS.items()},
                                            suppressed_label=fmt.suppressed(L))
        national = now["national_inflow_rate"].dropna()
        if len(national):
            chart = chart + charts.rule(float(national.iloc[0]),
                                        f"{t('chart.national')} {fmt.pct(national.iloc[0], L)}", "pct", vertical=True)
        per_year = []
        for y, group in rows.groupby("exam_year"):
            rate, _ = regional_rate(group)
            per_year += [{"exam_year": y, "m": t("doorstroom.region_series"), "rate": rate},
                         {"exam_year": y, "m": t("chart.national"), "rate": group["national_inflow_rate"].dropna().max()}]
        trend = charts.lines(pd.DataFrame(per_year, columns=["exam_year", "m", "rate"]), "exam_year", "rate", "m",
                             kind="pct1", x_title=t("filter.exam_year"), dashed={t("chart.national")})
        return [Figure(t("doorstroom.schools_chart", track=md(code("track", f.track)), year=f.year),
                       charts.finish(chart, L)),
                Figure(t("doorstroom.trend_chart", track=md(code("track", f.track))), charts.finish(trend, L))]


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    with speaking(L):
        names = snap.names()
        return Table(year_rows(snap, f), (
            Col("school_code"), Col("exam_year"), Col("graduates", "int", people=True),
            Col("entered_teacher_training", "int", people=True), Col("inflow_rate", "pct", people=True),
            Col("national_inflow_rate", "pct"), Col("percentile", "num1"), Col("band", code="band"),
            Col("persistently_low", "bool")),
            key="doorstroom", basename=f"doorstroom_{f.region}_{f.track}_{f.year}",
            what=f"{label(f.region, names)}, {code('track', f.track)}, {f.year}", total=True)


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.feeder_schools"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.caption(t("doorstroom.intro", threshold=threshold))
    options = regions(snap)
    if not options:
        st.info(t("empty.no_mart_rows", table="marts.feeder_schools"))
        return
    c = st.columns([1, 1, 1, 3])
    region = select(t("filter.region"), options, "doorstroom_region", format_func=lambda v: label(v, names), where=c[0],
                    follow="region")
    track = select(t("filter.track"), tracks(snap, region), "doorstroom_track", default="havo",
                   format_func=lambda v: code("track", v), where=c[1])
    rows = region_rows(snap, region, track)
    year = select(t("filter.exam_year"), sorted(set(rows["exam_year"]), reverse=True), "doorstroom_year", where=c[2])
    f = Filters(region, track, year)
    now = rows[rows["exam_year"] == year]
    headline(headline_text(snap, f, L))

    _against_national_intake(snap, now, region, track, year, names, L)

    schools, trend = main_charts(snap, f, L)
    left, right = st.columns([3, 2])
    with left:
        show(schools)
    with right:
        show(trend)
        persistent = now[now["persistently_low"].fillna(False).astype(bool)]
        st.markdown(f"**{t('doorstroom.persistent', year=year)}**")
        if persistent.empty:
            st.caption(t("doorstroom.persistent_none", year=year))
        else:
            school_names = snap.school_names()
            st.markdown("\n".join(f"- {md(label(r.school_code, school_names))}: "
                                  f"{fmt.cell(r.inflow_rate, 'pct', L, is_suppressed=bool(r.suppressed))}"
                                  for r in persistent.itertuples()))

    st.subheader(t("doorstroom.table", region=md(label(region, names)), track=md(code("track", track)), year=year))
    show_table(main_table(snap, f, L), threshold)


def _against_national_intake(snap: Snapshot, now: pd.DataFrame, region: str, track: str, year: int,
                             names: dict, L: str) -> None:
    """The region's shown entrants against DUO's national first-year intake in teacher training of
    the academic year that starts after the exam (marts.national_intake), when delivered."""
    if now.empty or not snap.has("marts.national_intake"):
        return
    national = snap.query(NATIONAL_INTAKE, [year])
    if national.empty or pd.isna(national["national"].iloc[0]):
        return
    entered, total = shown(now)["entered_teacher_training"].sum(), national["national"].iloc[0]
    st.markdown(t("doorstroom.national_intake", year=year, national=fmt.integer(total, L),
                  region=md(label(region, names)), entered=fmt.integer(entered, L), track=md(code("track", track)),
                  share=fmt.pct(entered / total if total else None, L)))


if __name__ == "__main__":
    page(render, "doorstroom")
