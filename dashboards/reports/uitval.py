"""Uitval: dropout from teacher training per entry cohort (marts.dropout_cohort) and by the seven
student groups (marts.dropout_by_group). The page states the definition: dropout from teacher
training, switches to another teacher-training programme kept apart."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, headline, label, page, require, select, table
from dashboards.i18n import code, lang, t
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
select cohort_year, bool_or(horizon_years = 1 and not suppressed) as shown
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
RATE = Col("dropout_rate")


def when(h: int) -> str:
    return t("uitval.when1") if h == 1 else t("uitval.whenN", h=h)


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.dropout_cohort", "marts.dropout_by_group"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.markdown(t("uitval.intro"))
    regions = snap.query(REGIONS)
    if regions.empty:
        st.info(t("empty.no_mart_rows", table="marts.dropout_cohort"))
        return

    c = st.columns(4)
    region = select(t("filter.region"), sorted(regions["region_code"], key=lambda r: (r == "onbekend", r)),
                    "uitval_region", default=regions["region_code"].iloc[0], format_func=lambda v: label(v, names),
                    where=c[0])
    partnerships = snap.query(PARTNERSHIPS, [region])
    partnership = select(t("filter.partnership"), sorted(partnerships["partnership_code"]), "uitval_partnership",
                         default=partnerships["partnership_code"].iloc[0] if len(partnerships) else None,
                         format_func=lambda v: label(v, names), where=c[1])
    programmes = snap.query(PROGRAMMES, [region, partnership])
    programme = select(t("filter.programme"), sorted(set(programmes["programme_type"])), "uitval_programme",
                       default=programmes["programme_type"].iloc[0] if len(programmes) else None,
                       format_func=lambda v: code("programme_type", v), where=c[2])
    modes = programmes[programmes["programme_type"] == programme]
    mode = select(t("filter.mode"), sorted(modes["study_mode"]), "uitval_mode",
                  default="voltijd" if "voltijd" in set(modes["study_mode"]) else None,
                  format_func=lambda v: code("study_mode", v), where=c[3])
    rows = snap.query(SELECTION, [region, partnership, programme, mode])
    cohorts = snap.query(COHORTS, [region, partnership, programme, mode])
    shown = cohorts[cohorts["shown"].fillna(False).astype(bool)]["cohort_year"]
    c = st.columns([1, 1, 2])
    cohort = select(t("filter.cohort"), list(cohorts["cohort_year"]), "uitval_cohort",
                    default=int(shown.iloc[0]) if len(shown) else None, where=c[0])
    horizons = sorted(rows[rows["cohort_year"] == cohort]["horizon_years"])
    horizon = select(t("filter.horizon"), horizons, "uitval_horizon", default=1, where=c[1])
    if rows.empty or cohort is None or horizon is None:
        st.info(t("empty.no_rows", what=md(f"{label(region, names)}, {label(partnership, names)}")))
        return

    # the headline: this partnership's cohort at this horizon, against the country
    r = rows[(rows["cohort_year"] == cohort) & (rows["horizon_years"] == horizon)].iloc[0]
    values = dict(cohort=cohort, partnership=md(label(partnership, names)), mode=md(code("study_mode", mode)),
                  programme=md(code("programme_type", programme)), when=when(horizon),
                  national=fmt.pct(r.national_dropout_rate, L))
    if r.suppressed:
        headline(t("uitval.headline_suppressed", threshold=threshold, **values))
    else:
        headline(t("uitval.headline", rate=fmt.pct(r.dropout_rate, L), **values)
                 + t("uitval.headline_switch", switch=fmt.pct(r.switch_rate, L),
                     graduated=fmt.pct(r.graduation_rate, L)))

    left, right = st.columns(2)
    with left:  # the cohort's curves: dropout, switch and graduation by horizon
        curve = rows[rows["cohort_year"] == cohort]
        measures = ["dropout_rate", "switch_rate", "graduation_rate", "national_dropout_rate"]
        long = curve.melt(id_vars=["horizon_years"], value_vars=measures, var_name="m", value_name="rate")
        long["m"] = long["m"].map(lambda m: t(f"measure.{m}"))
        charts.show(charts.lines(long, "horizon_years", "rate", "m", kind="pct", x_title=t("filter.horizon"),
                                 dashed={t("measure.national_dropout_rate")}),
                    t("uitval.curves", cohort=cohort, partnership=md(label(partnership, names))))
    side = snap.query(SIDE_BY_SIDE, [region, programme, mode, cohort])
    with right:  # the region's partnerships side by side, against the country
        at = side[side["horizon_years"] == horizon].assign(p=lambda d: d["partnership_code"].map(lambda v: label(v, names)))
        chart = charts.bars_with_suppressed(at, "p", "dropout_rate", kind="pct", category_title=t("filter.partnership"),
                                            suppressed_label=fmt.suppressed(L))
        national = at["national_dropout_rate"].dropna()
        if len(national):
            chart = chart + charts.rule(float(national.iloc[0]), f"{t('chart.national')} {fmt.pct(national.iloc[0], L)}",
                                        "pct")
        charts.show(chart, t("uitval.side_by_side", region=md(label(region, names)), when=when(horizon)))

    trend = rows[rows["horizon_years"] == horizon]
    long = trend.melt(id_vars=["cohort_year"], value_vars=["dropout_rate", "national_dropout_rate"], var_name="m",
                      value_name="rate")
    long["m"] = long["m"].map({"dropout_rate": label(partnership, names),
                               "national_dropout_rate": t("chart.national")})
    charts.show(charts.lines(long, "cohort_year", "rate", "m", kind="pct", x_title=t("filter.cohort"),
                             dashed={t("chart.national")}, height=220), t("uitval.trend", when=when(horizon)))

    _intake_against_country(snap, region, programme, mode, cohort, names, threshold, L)

    groups = snap.query(GROUPS, [region, cohort])
    st.subheader(t("uitval.groups", region=md(label(region, names)), cohort=cohort))
    st.caption(t("uitval.groups_note"))
    if groups.empty:
        st.info(t("empty.no_rows", what=t("uitval.groups_table", region=md(label(region, names)), cohort=cohort)))
    else:
        _groups_chart(groups, L)

    st.subheader(t("uitval.table", region=md(label(region, names)), programme=md(code("programme_type", programme)),
                   mode=md(code("study_mode", mode)), cohort=cohort))
    table(side, [Col("partnership_code"), Col("horizon_years"), Col("cohort_size"),
                 Col("dropped_out"), Col("switched"),
                 Col("graduated"), Col("enrolled_same"), RATE,
                 Col("switch_rate"), Col("graduation_rate"),
                 Col("national_dropout_rate")],
          key="uitval", basename=f"uitval_{region}_{programme}_{mode}_{cohort}",
          what=f"{label(region, names)}, {code('programme_type', programme)}, {code('study_mode', mode)}, {cohort}",
          threshold=threshold)
    st.subheader(t("uitval.groups_table", region=md(label(region, names)), cohort=cohort))
    table(groups, [Col("dimension", code="dimension"), Col("dimension_value"), Col("cohort_size"),
                   Col("dropped_out"), Col("switched"), RATE,
                   Col("switch_rate"), Col("national_dropout_rate")],
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


def _groups_chart(groups: pd.DataFrame, L: str) -> None:
    data = groups.assign(
        group=lambda d: d["dimension"].map(lambda v: code("dimension", v)),
        shown=lambda d: d["dropout_rate"].map(lambda v: fmt.pct(v, L)).where(d["dropout_rate"].notna(),
                                                                         fmt.suppressed(L)))
    order = [code("dimension", d) for d in DIMENSIONS]
    base = alt.Chart(data).encode(y=alt.Y("dimension_value:N", title=None, axis=alt.Axis(labelOverlap=False)))
    bars = base.mark_bar().encode(x=alt.X("dropout_rate:Q", axis=charts.axis("pct", t("measure.dropout_rate"))),
                                  tooltip=["dimension_value:N", alt.Tooltip("shown:N", title=t("measure.dropout_rate")),
                                           alt.Tooltip("cohort_size:Q")])
    ticks = base.mark_tick(color="#d62728", thickness=2).encode(x="national_dropout_rate:Q")
    text = base.mark_text(align="left", dx=3, color="#444").encode(x=alt.X("dropout_rate:Q"), text="shown:N")
    hidden = base.transform_filter("datum.dropout_rate == null").mark_text(align="left", color="#888").encode(
        x=alt.value(2), text="shown:N")
    chart = (bars + ticks + text + hidden).properties(height=alt.Step(18), width=190).facet(
        facet=alt.Facet("group:N", title=None, sort=order), columns=3).resolve_scale(y="independent")
    charts.show(chart)


if __name__ == "__main__":
    page(render, "uitval")
