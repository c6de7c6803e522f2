"""Doorstroom: secondary schools' inflow into teacher training (marts.feeder_schools): the bands
(bottom and top 15%), the persistently low schools, and the regional and national rates over the
exam years."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, headline, label, page, require, select, table
from dashboards.i18n import code, lang, t
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


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.feeder_schools"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.caption(t("doorstroom.intro", threshold=threshold))
    regions = list(snap.query(REGIONS)["region_code"])
    if not regions:
        st.info(t("empty.no_mart_rows", table="marts.feeder_schools"))
        return
    c = st.columns([1, 1, 1, 3])
    region = select(t("filter.region"), regions, "doorstroom_region", format_func=lambda v: label(v, names), where=c[0])
    tracks = list(snap.query(TRACKS, [region])["track"])
    track = select(t("filter.track"), tracks, "doorstroom_track", default="havo",
                   format_func=lambda v: code("track", v), where=c[1])
    rows = snap.query(REGION_ROWS, [region, track])
    year = select(t("filter.exam_year"), sorted(set(rows["exam_year"]), reverse=True), "doorstroom_year", where=c[2])
    now = rows[rows["exam_year"] == year]

    if now.empty:
        headline(t("empty.no_rows", what=md(f"{label(region, names)}, {code('track', track)}, {year}")))
    else:
        rate, schools = regional_rate(now)
        text = t("doorstroom.headline", year=year, rate=fmt.pct(rate, L), track=md(code("track", track)), schools=schools,
                 region=md(label(region, names)), national=fmt.pct(now["national_inflow_rate"].dropna().max(), L),
                 low=int((now["band"] == "laag").sum()), high=int((now["band"] == "hoog").sum()),
                 persistent=int(now["persistently_low"].fillna(False).astype(bool).sum()))
        hidden = len(now) - len(shown(now))
        if hidden:
            text += t("doorstroom.headline_suppressed", n=hidden, threshold=threshold)
        headline(text)

    _against_national_intake(snap, now, region, track, year, names, L)

    left, right = st.columns([3, 2])
    with left:
        data = now.assign(b=now["band"].map(lambda v: code("band", v)))
        chart = charts.bars_with_suppressed(data, "school_code", "inflow_rate", kind="pct",
                                            category_title=code("track", track), color="b",
                                            colors={code("band", b): c for b, c in BAND_COLORS.items()},
                                            suppressed_label=fmt.suppressed(L))
        national = now["national_inflow_rate"].dropna()
        if len(national):
            chart = chart + charts.rule(float(national.iloc[0]), f"{t('chart.national')} {fmt.pct(national.iloc[0], L)}",
                                        "pct")
        charts.show(chart, t("doorstroom.schools_chart", track=md(code("track", track)), year=year))
    with right:
        per_year = []
        for y, group in rows.groupby("exam_year"):
            rate, _ = regional_rate(group)
            per_year += [{"exam_year": y, "m": t("doorstroom.region_series"), "rate": rate},
                         {"exam_year": y, "m": t("chart.national"), "rate": group["national_inflow_rate"].dropna().max()}]
        charts.show(charts.lines(pd.DataFrame(per_year), "exam_year", "rate", "m", kind="pct1",
                                 x_title=t("filter.exam_year"), dashed={t("chart.national")}),
                    t("doorstroom.trend_chart", track=md(code("track", track))))
        persistent = now[now["persistently_low"].fillna(False).astype(bool)]
        st.markdown(f"**{t('doorstroom.persistent', year=year)}**")
        if persistent.empty:
            st.caption(t("doorstroom.persistent_none", year=year))
        else:
            st.markdown("\n".join(f"- {md(r.school_code)}: {fmt.cell(r.inflow_rate, 'pct', L, is_suppressed=bool(r.suppressed))}"
                                  for r in persistent.itertuples()))

    st.subheader(t("doorstroom.table", region=md(label(region, names)), track=md(code("track", track)), year=year))
    table(now, [Col("school_code"), Col("exam_year"), Col("graduates"),
                Col("entered_teacher_training"), Col("inflow_rate"),
                Col("national_inflow_rate"), Col("percentile"), Col("band", code="band"),
                Col("persistently_low")],
          key="doorstroom", basename=f"doorstroom_{region}_{track}_{year}",
          what=f"{label(region, names)}, {code('track', track)}, {year}", threshold=threshold)


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
