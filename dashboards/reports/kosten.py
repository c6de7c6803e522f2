"""Kosten: cost per supervised student against the EUR 1,250 subsidy and the funding gap per
partnership and year (marts.cost_per_supervised_student); the internship allowance apart; fte per
student against the 0.05 norm."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, headline, label, page, require, select, table
from dashboards.i18n import lang, t
from dashboards.snapshot import Snapshot

ALL = "__alle__"
SUBSIDY_NORM = 1250.0  # domain.md: EUR 1,250 per supervised student; the mart's own norm column wins
FTE_NORM = 0.05

REGIONS = "select distinct region_code from marts.cost_per_supervised_student order by region_code"
REGION_ROWS = """
select * from marts.cost_per_supervised_student where region_code = ?
order by partnership_code, academic_year"""
REGION_KPI = """
select value, national_value, suppressed from marts.kpi_scorecard
where scope_code = ? and kpi = 'cost_per_supervised_student' and academic_year = ?"""


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.cost_per_supervised_student"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.caption(t("kosten.intro"))
    regions = list(snap.query(REGIONS)["region_code"])
    if not regions:
        st.info(t("empty.no_mart_rows", table="marts.cost_per_supervised_student"))
        return
    c = st.columns([1, 1.4, 1, 2.6])
    region = select(t("filter.region"), regions, "kosten_region", format_func=lambda v: label(v, names), where=c[0])
    rows = snap.query(REGION_ROWS, [region])
    partnership = select(t("filter.partnership"), [ALL] + sorted(set(rows["partnership_code"])), "kosten_partnership",
                         format_func=lambda v: t("filter.all_partnerships") if v == ALL else label(v, names),
                         where=c[1])
    years = sorted(set(rows["academic_year"]), reverse=True)
    year = select(t("filter.year"), years, "kosten_year", where=c[2])
    subsidy_norm = _norm(rows, "subsidy_norm_per_student_eur", SUBSIDY_NORM)
    fte_norm = _norm(rows, "fte_norm_per_student", FTE_NORM)
    in_year = rows[rows["academic_year"] == year]

    if partnership == ALL:
        _region_headline(snap, region, year, in_year, subsidy_norm, names, L)
        shown = rows
    else:
        shown = rows[rows["partnership_code"] == partnership]
        r = shown[shown["academic_year"] == year]
        if r.empty:
            headline(t("empty.no_rows", what=md(f"{label(partnership, names)}, {year}")))
        else:
            r = r.iloc[0]
            if r.suppressed:
                headline(t("kosten.headline_suppressed", year=year, partnership=md(label(partnership, names)),
                           threshold=threshold, cost=fmt.eur(r.supervision_cost_eur, L),
                           subsidy=fmt.eur(r.subsidy_eur, L), allowance=fmt.eur(r.internship_allowance_eur, L)))
            else:
                headline(t("kosten.headline", year=year, partnership=md(label(partnership, names)),
                           cost=fmt.eur(r.cost_per_supervised_student, L), students=fmt.integer(r.supervised_students, L),
                           subsidy=fmt.eur(r.subsidy_per_supervised_student, L),
                           gap=fmt.eur(r.funding_gap_per_student, L), allowance=fmt.eur(r.internship_allowance_eur, L),
                           fte=fmt.fte(r.fte_per_supervised_student, L, 3), norm=fmt.fte(fte_norm, L, 2)))

    data = rows.assign(p=rows["partnership_code"].map(lambda v: label(v, names)))
    left, right = st.columns(2)
    with left:
        chart = charts.lines(data, "academic_year", "cost_per_supervised_student", "p", kind="eur",
                             x_title=t("chart.year")) + charts.rule(subsidy_norm, f"{t('chart.norm')} "
                                                                    f"{fmt.eur(subsidy_norm, L)}", "eur")
        charts.show(chart, t("kosten.cost_chart", subsidy=fmt.eur(subsidy_norm, L)))
    with right:
        charts.show(charts.grouped_bars(data, "academic_year", "funding_gap_per_student", "p", kind="eur",
                                        x_title=t("chart.year")), t("kosten.gap_chart"))
    left, right = st.columns(2)
    with left:
        charts.show(charts.grouped_bars(data, "academic_year", "internship_allowance_eur", "p", kind="eur",
                                        x_title=t("chart.year")), t("kosten.allowance_chart"))
    with right:
        chart = charts.lines(data, "academic_year", "fte_per_supervised_student", "p", kind="fte3",
                             x_title=t("chart.year")) + charts.rule(fte_norm, f"{t('chart.norm')} "
                                                                    f"{fmt.fte(fte_norm, L)}", "fte")
        charts.show(chart, t("kosten.fte_chart", norm=fmt.fte(fte_norm, L)))

    what = label(region, names) if partnership == ALL else f"{label(region, names)}, {label(partnership, names)}"
    st.subheader(t("kosten.table", what=md(what)))
    table(shown, [Col("partnership_code"), Col("academic_year"), Col("supervised_students"),
                  Col("supervision_cost_eur"), Col("cost_per_supervised_student"),
                  Col("subsidy_per_supervised_student"),
                  Col("funding_gap_per_student"), Col("internship_allowance_eur"),
                  Col("supervision_fte"), Col("fte_per_supervised_student")],
          key="kosten", basename=f"kosten_{region}" + ("" if partnership == ALL else f"_{partnership}"), what=what,
          threshold=threshold)


def _norm(rows: pd.DataFrame, column: str, default: float) -> float:
    if column in rows.columns and rows[column].notna().any():
        return float(rows[column].dropna().iloc[-1])
    return default


def _region_headline(snap: Snapshot, region: str, year: int, in_year: pd.DataFrame, subsidy_norm: float,
                     names: dict, L: str) -> None:
    """The region's own figure comes from the scorecard (computed before suppression); the
    partnerships' rows only count when they are shown."""
    kpi = snap.query(REGION_KPI, [region, year]) if snap.has("marts.kpi_scorecard") else pd.DataFrame()
    cost = kpi["value"].iloc[0] if len(kpi) else None
    national = kpi["national_value"].iloc[0] if len(kpi) else None
    visible = in_year[~in_year["suppressed"].fillna(False).astype(bool)]
    over = int((visible["funding_gap_per_student"] > 0).sum())
    headline(t("kosten.headline_region", year=year, region=md(label(region, names)), cost=fmt.eur(cost, L),
               subsidy=fmt.eur(subsidy_norm, L), national=fmt.eur(national, L),
               gap=fmt.eur(None if fmt.is_missing(cost) else cost - subsidy_norm, L), over=over, n=len(visible),
               allowance=fmt.eur(in_year["internship_allowance_eur"].sum(), L)))


if __name__ == "__main__":
    page(render, "kosten")
