"""Uitval: dropout from teacher training per entry cohort (marts.dropout_cohort) and by the seven
student groups (marts.dropout_by_group). The page states the definition: dropout from teacher
training, switches to another teacher-training programme kept apart.

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, peers
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, Figure, Table, headline, label, page, require, select, show, show_table, table
from dashboards.i18n import code, lang, speaking, t
from dashboards.snapshot import Snapshot

REGIONS = """
select region_code, coalesce(sum(cohort_size), 0) as students
from marts.dropout_cohort where horizon_years = 1
group by region_code order by region_code = 'onbekend', students desc, region_code"""
PARTNERSHIPS = """
select partnership_code, coalesce(sum(cohort_size), 0) as students
from marts.dropout_cohort where region_code = ? and horizon_years = 1
group by partnership_code order by students desc, partnership_code"""
PROGRAMMES = """
select programme_type, study_mode, coalesce(sum(cohort_size), 0) as students
from marts.dropout_cohort where region_code = ? and partnership_code = ? and horizon_years = 1
group by all order by students desc, programme_type, study_mode"""
COHORTS = """
select cohort_year, bool_or(horizon_years = 1 and not suppressed) as shown,
       count(distinct horizon_years) as horizons
from marts.dropout_cohort
where region_code = ? and partnership_code = ? and programme_type = ? and study_mode = ?
group by cohort_year order by cohort_year desc"""
SELECTION = """
select * from marts.dropout_cohort
where region_code = ? and partnership_code = ? and programme_type = ? and study_mode = ?
order by cohort_year, horizon_years"""
SIDE_BY_SIDE = """
select * from marts.dropout_cohort
where region_code = ? and programme_type = ? and study_mode = ? and cohort_year = ?
order by partnership_code, horizon_years"""
GROUPS = """
select * from marts.dropout_by_group
where region_code = ? and cohort_year = ? and horizon_years = 1
order by dimension, dimension_value"""
INTAKE = """
with region as (
    select cohort_year as academic_year,
           sum(cohort_size) filter (where not suppressed) as region_intake,
           count(*) filter (where suppressed) as hidden_partnerships
    from marts.dropout_cohort
    where region_code = ? and programme_type = ? and study_mode = ? and horizon_years = 1
    group by cohort_year
), country as (
    select academic_year, sum(first_year_enrolments) as national_intake
    from marts.national_intake where programme_type = ? and study_mode = ?
    group by academic_year
)
select academic_year, region.region_intake, region.hidden_partnerships, country.national_intake,
       region.region_intake / nullif(country.national_intake, 0) as share
from region join country using (academic_year)
order by academic_year"""
DIMENSIONS = ["programme_type", "institution_type", "degree_level", "study_mode", "route", "prior_education",
              "shortage_subject"]
RATE = Col("dropout_rate", "pct", people=True)
SEVERAL_HORIZONS = 3   # the default cohort: the newest shown one observed this many years (or as long as any)


@dataclass(frozen=True)
class Filters:
    region: str
    partnership: str | None
    programme: str | None
    mode: str | None
    cohort: int | None
    horizon: int | None


def when(h: int) -> str:
    return t("uitval.when1") if h == 1 else t("uitval.whenN", h=h)


def regions(snap: Snapshot) -> list[str]:
    """The regions, the one with most students first (the default), `onbekend` last."""
    return [str(r) for r in snap.query(REGIONS)["region_code"]]


def partnerships(snap: Snapshot, region: str) -> list[str]:
    """The region's partnerships, the largest first."""
    return [str(p) for p in snap.query(PARTNERSHIPS, [region])["partnership_code"]]


def programmes(snap: Snapshot, region: str, partnership: str | None) -> pd.DataFrame:
    return snap.query(PROGRAMMES, [region, partnership])


def default_mode(modes) -> str | None:
    modes = list(modes)
    return "voltijd" if "voltijd" in modes else (modes[0] if modes else None)


def cohorts(snap: Snapshot, region, partnership, programme, mode) -> tuple[list[int], int | None]:
    """The cohorts (newest first) and the default: the newest shown cohort that has been followed for
    several years, so its curve and the side-by-side have something to show."""
    df = snap.query(COHORTS, [region, partnership, programme, mode])
    shown = df[df["shown"].fillna(False).astype(bool)]
    if shown.empty:
        return [int(c) for c in df["cohort_year"]], None
    enough = min(SEVERAL_HORIZONS, int(shown["horizons"].max()))
    return [int(c) for c in df["cohort_year"]], int(shown[shown["horizons"] >= enough]["cohort_year"].iloc[0])


def selection(snap: Snapshot, f: Filters) -> pd.DataFrame:
    return snap.query(SELECTION, [f.region, f.partnership, f.programme, f.mode])


def defaults(snap: Snapshot, region: str | None = None, partnership: str | None = None) -> Filters | None:
    """What the page opens on (for this region and partnership, when given)."""
    options = sorted(regions(snap), key=lambda r: (r == "onbekend", r))
    if not options:
        return None
    region = region if region in options else options[0]
    ps = partnerships(snap, region)
    partnership = partnership if partnership in ps else (ps[0] if ps else None)
    progs = programmes(snap, region, partnership)
    programme = str(progs["programme_type"].iloc[0]) if len(progs) else None
    mode = default_mode(progs[progs["programme_type"] == programme]["study_mode"])
    cohort = cohorts(snap, region, partnership, programme, mode)[1]
    return Filters(region, partnership, programme, mode, cohort, 1)


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """This partnership's cohort at this horizon, against the country."""
    with speaking(L):
        names, rows = snap.names(), selection(snap, f)
        r = rows[(rows["cohort_year"] == f.cohort) & (rows["horizon_years"] == f.horizon)]
        if r.empty:
            return t("empty.no_rows", what=md(f"{label(f.region, names)}, {label(f.partnership, names)}"))
        r = r.iloc[0]
        values = dict(cohort=f.cohort, partnership=md(label(f.partnership, names)),
                      mode=md(code("study_mode", f.mode)), programme=md(code("programme_type", f.programme)),
                      when=when(f.horizon), national=fmt.pct(r.national_dropout_rate, L))
        if r.suppressed:
            return t("uitval.headline_suppressed", threshold=snap.threshold(), **values)
        return (t("uitval.headline", rate=fmt.pct(r.dropout_rate, L), **values)
                + t("uitval.headline_switch", switch=fmt.pct(r.switch_rate, L),
                    graduated=fmt.pct(r.graduation_rate, L)))


def side_by_side(snap: Snapshot, f: Filters) -> pd.DataFrame:
    return snap.query(SIDE_BY_SIDE, [f.region, f.programme, f.mode, f.cohort])


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """The cohort's curves, the region's partnerships side by side, the trend over the cohorts."""
    with speaking(L):
        names, rows = snap.names(), selection(snap, f)
        curve = rows[rows["cohort_year"] == f.cohort]
        measures = ["dropout_rate", "switch_rate", "graduation_rate", "national_dropout_rate"]
        long = curve.melt(id_vars=["horizon_years"], value_vars=measures, var_name="m", value_name="rate")
        long["m"] = long["m"].map(lambda m: t(f"measure.{m}"))
        curves = Figure(t("uitval.curves", cohort=f.cohort, partnership=md(label(f.partnership, names))),
                        charts.finish(charts.lines(long, "horizon_years", "rate", "m", kind="pct",
                                                   x_title=t("filter.horizon"),
                                                   dashed={t("measure.national_dropout_rate")}), L))
        side = side_by_side(snap, f)
        at = side[side["horizon_years"] == f.horizon].assign(
            p=lambda d: d["partnership_code"].map(lambda v: label(v, names)))
        chart = charts.bars_with_suppressed(at, "p", "dropout_rate", kind="pct",
                                            category_title=t("filter.partnership"),
                                            suppressed_label=fmt.suppressed(L))
        national = at["national_dropout_rate"].dropna()
        if len(national):
            chart = chart + charts.rule(float(national.iloc[0]),
                                        f"{t('chart.national')} {fmt.pct(national.iloc[0], L)}", "pct", vertical=True)
        bars = Figure(t("uitval.side_by_side", region=md(label(f.region, names)), when=when(f.horizon)),
                      charts.finish(chart, L))
        trend = rows[rows["horizon_years"] == f.horizon]
        long = trend.melt(id_vars=["cohort_year"], value_vars=["dropout_rate", "national_dropout_rate"],
                          var_name="m", value_name="rate")
        long["m"] = long["m"].map({"dropout_rate": label(f.partnership, names),
                                   "national_dropout_rate": t("chart.national")})
        over = Figure(t("uitval.trend", when=when(f.horizon)),
                      charts.finish(charts.lines(long, "cohort_year", "rate", "m", kind="pct",
                                                 x_title=t("filter.cohort"), dashed={t("chart.national")},
                                                 height=220), L))
        return [curves, bars, over]


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    """Every partnership of the region for this programme, mode and cohort."""
    with speaking(L):
        names = snap.names()
        return Table(side_by_side(snap, f), (
            Col("partnership_code"), Col("horizon_years"), Col("cohort_size", "int", people=True),
            Col("dropped_out", "int", people=True), Col("switched", "int", people=True),
            Col("graduated", "int", people=True), Col("enrolled_same", "int", people=True), RATE,
            Col("switch_rate", "pct", people=True), Col("graduation_rate", "pct", people=True),
            Col("national_dropout_rate", "pct")),
            key="uitval", basename=f"uitval_{f.region}_{f.programme}_{f.mode}_{f.cohort}",
            what=f"{label(f.region, names)}, {code('programme_type', f.programme)}, "
                 f"{code('study_mode', f.mode)}, {f.cohort}")


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.dropout_cohort", "marts.dropout_by_group"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.markdown(t("uitval.intro"))
    all_regions = regions(snap)
    if not all_regions:
        st.info(t("empty.no_mart_rows", table="marts.dropout_cohort"))
        return

    c = st.columns(4)
    ordered = sorted(all_regions, key=lambda r: (r == "onbekend", r))
    region = select(t("filter.region"), ordered, "uitval_region", default=ordered[0],
                    format_func=lambda v: label(v, names), where=c[0], follow="region")
    ps = partnerships(snap, region)
    partnership = select(t("filter.partnership"), sorted(ps), "uitval_partnership",
                         default=ps[0] if ps else None, format_func=lambda v: label(v, names), where=c[1],
                         follow="partnership")
    progs = programmes(snap, region, partnership)
    programme = select(t("filter.programme"), sorted(set(progs["programme_type"])), "uitval_programme",
                       default=progs["programme_type"].iloc[0] if len(progs) else None,
                       format_func=lambda v: code("programme_type", v), where=c[2])
    modes = progs[progs["programme_type"] == programme]["study_mode"]
    mode = select(t("filter.mode"), sorted(modes), "uitval_mode", default=default_mode(modes),
                  format_func=lambda v: code("study_mode", v), where=c[3])
    rows = snap.query(SELECTION, [region, partnership, programme, mode])
    options, newest = cohorts(snap, region, partnership, programme, mode)
    c = st.columns([1, 1, 2])
    cohort = select(t("filter.cohort"), options, "uitval_cohort", default=newest, where=c[0])
    horizons = sorted(rows[rows["cohort_year"] == cohort]["horizon_years"])
    horizon = select(t("filter.horizon"), horizons, "uitval_horizon", default=1, where=c[1])
    if rows.empty or cohort is None or horizon is None:
        st.info(t("empty.no_rows", what=md(f"{label(region, names)}, {label(partnership, names)}")))
        return
    f = Filters(region, partnership, programme, mode, cohort, horizon)
    headline(headline_text(snap, f, L))

    curves, bars, over = main_charts(snap, f, L)
    left, right = st.columns(2)
    with left:
        show(curves)
    with right:
        show(bars)
    show(over)

    figure = peers.figure(snap, "dropout_rate_h1", cohort, region, L)
    if figure is not None:
        show(figure)
        st.caption(t("peers.note"))

    _intake_against_country(snap, region, programme, mode, cohort, names, threshold, L)

    groups = snap.query(GROUPS, [region, cohort])
    groups = groups.assign(dimension_value=[code(d, v) for d, v in zip(groups["dimension"], groups["dimension_value"])])
    st.subheader(t("uitval.groups", region=md(label(region, names)), cohort=cohort))
    st.caption(t("uitval.groups_note"))
    if groups.empty:
        st.info(t("empty.no_rows", what=t("uitval.groups_table", region=md(label(region, names)), cohort=cohort)))
    else:
        charts.show(_groups_chart(groups, L))

    st.subheader(t("uitval.table", region=md(label(region, names)), programme=md(code("programme_type", programme)),
                   mode=md(code("study_mode", mode)), cohort=cohort))
    show_table(main_table(snap, f, L), threshold)
    st.subheader(t("uitval.groups_table", region=md(label(region, names)), cohort=cohort))
    table(groups, [Col("dimension", code="dimension"), Col("dimension_value"), Col("cohort_size", "int", people=True),
                   Col("dropped_out", "int", people=True), Col("switched", "int", people=True), RATE,
                   Col("switch_rate", "pct", people=True), Col("national_dropout_rate", "pct")],
          key="uitval_groups", basename=f"uitval_groepen_{region}_{cohort}",
          what=f"{label(region, names)}, {cohort}", threshold=threshold)


def _intake_against_country(snap: Snapshot, region: str, programme: str, mode: str, cohort: int,
                            names: dict, threshold: int, L: str) -> None:
    """The region's first-year intake (its shown partnerships' cohorts) against DUO's national
    intake of the same programme type and study mode (marts.national_intake), when delivered."""
    st.subheader(t("uitval.intake", region=md(label(region, names))))
    what = dict(programme=code("programme_type", programme), mode=code("study_mode", mode))
    shown = {k: md(v) for k, v in what.items()}                # in the sentences below
    intake = snap.query(INTAKE, [region, programme, mode, programme, mode]) \
        if snap.has("marts.national_intake") else pd.DataFrame()
    if intake.empty:
        st.caption(t("uitval.intake_none", **shown))
        return
    now = intake[intake["academic_year"] == cohort]
    if len(now):
        r = now.iloc[0]
        text = t("uitval.intake_headline", cohort=cohort, national=fmt.integer(r.national_intake, L),
                 region=md(label(region, names)), region_intake=fmt.integer(r.region_intake, L),
                 share=fmt.pct(r.share, L), **shown)
        if r.hidden_partnerships:
            text += t("uitval.intake_hidden", n=int(r.hidden_partnerships), threshold=threshold)
        st.markdown(text)
    table(intake, [Col("academic_year"), Col("region_intake", "int"), Col("hidden_partnerships", "int"),
                   Col("national_intake", "int"), Col("share", "pct")],
          key="uitval_intake", basename=f"instroom_{region}_{programme}_{mode}",
          what=f"{label(region, names)}, {what['programme']}, {what['mode']}", threshold=threshold)


def _groups_chart(groups: pd.DataFrame, L: str):
    data = groups.assign(
        group=lambda d: d["dimension"].map(lambda v: code("dimension", v)),
        shown=lambda d: d["dropout_rate"].map(lambda v: fmt.pct(v, L)).where(d["dropout_rate"].notna(),
                                                                         fmt.suppressed(L)))
    order = [code("dimension", d) for d in DIMENSIONS]
    base = alt.Chart(data).encode(y=alt.Y("dimension_value:N", title=None, axis=alt.Axis(labelOverlap=False)))
    bars = base.mark_bar().encode(x=alt.X("dropout_rate:Q", axis=charts.axis("pct", t("measure.dropout_rate"))),
                                  tooltip=[alt.Tooltip("dimension_value:N"), alt.Tooltip("shown:N", title=t("measure.dropout_rate")),
                                           alt.Tooltip("cohort_size:Q")])
    ticks = base.mark_tick(color="#d62728", thickness=2).encode(x=alt.X("national_dropout_rate:Q"))
    text = base.mark_text(align="left", dx=3, color="#444").encode(x=alt.X("dropout_rate:Q"), text=alt.Text("shown:N"))
    hidden = base.transform_filter("datum.dropout_rate == null").mark_text(align="left", color="#888").encode(
        x=alt.XValue(2), text=alt.Text("shown:N"))
    chart = (bars + ticks + text + hidden).properties(height=alt.Step(18), width=190).facet(
        facet=alt.Facet("group:N", title=None, sort=order), columns=3).resolve_scale(y="independent")
    return chart


if __name__ == "__main__":
    page(render, "uitval")
