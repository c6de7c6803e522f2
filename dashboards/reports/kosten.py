"""Kosten: cost per supervised student against the EUR 1,250 subsidy and the funding gap per
partnership and year (marts.cost_per_supervised_student); the internship allowance apart; fte per
student against the 0.05 norm.

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboards import charts, peers
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import Col, Figure, Table, headline, label, page, require, select, show, show_table
from dashboards.i18n import lang, speaking, t
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


@dataclass(frozen=True)
class Filters:
    region: str
    partnership: str      # a partnership_code, or ALL
    year: int | None


def regions(snap: Snapshot) -> list[str]:
    return [str(r) for r in snap.query(REGIONS)["region_code"]]


def region_rows(snap: Snapshot, region: str) -> pd.DataFrame:
    return snap.query(REGION_ROWS, [region])


def defaults(snap: Snapshot, region: str | None = None, partnership: str = ALL) -> Filters | None:
    options = regions(snap)
    if not options:
        return None
    region = region if region in options else options[0]
    rows = region_rows(snap, region)
    years = sorted(set(rows["academic_year"]), reverse=True)
    partnership = partnership if partnership in set(rows["partnership_code"]) else ALL
    return Filters(region, partnership, int(years[0]) if years else None)


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """The region's cost per supervised student against the subsidy, or one partnership's."""
    with speaking(L):
        names, rows = snap.names(), region_rows(snap, f.region)
        in_year = rows[rows["academic_year"] == f.year]
        if f.partnership == ALL:
            return _region_headline(snap, f.region, f.year, in_year,
                                    _norm(rows, "subsidy_norm_per_student_eur", SUBSIDY_NORM), names, L)
        r = in_year[in_year["partnership_code"] == f.partnership]
        if r.empty:
            return t("empty.no_rows", what=md(f"{label(f.partnership, names)}, {f.year}"))
        r = r.iloc[0]
        if r.suppressed:
            return t("kosten.headline_suppressed", year=f.year, partnership=md(label(f.partnership, names)),
                     threshold=snap.threshold(), cost=fmt.eur(r.supervision_cost_eur, L),
                     subsidy=fmt.eur(r.subsidy_eur, L), allowance=fmt.eur(r.internship_allowance_eur, L))
        return t("kosten.headline", year=f.year, partnership=md(label(f.partnership, names)),
                 cost=fmt.eur(r.cost_per_supervised_student, L), students=fmt.integer(r.supervised_students, L),
                 subsidy=fmt.eur(r.subsidy_per_supervised_student, L),
                 gap=fmt.eur(r.funding_gap_per_student, L), allowance=fmt.eur(r.internship_allowance_eur, L),
                 fte=fmt.fte(r.fte_per_supervised_student, L, 3),
                 norm=fmt.fte(_norm(rows, "fte_norm_per_student", FTE_NORM), L, 2))


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """Cost per student against the subsidy, the funding gap, the allowance, fte per student against the norm."""
    with speaking(L):
        names, rows = snap.names(), region_rows(snap, f.region)
        subsidy_norm = _norm(rows, "subsidy_norm_per_student_eur", SUBSIDY_NORM)
        fte_norm = _norm(rows, "fte_norm_per_student", FTE_NORM)
        data = rows.assign(p=rows["partnership_code"].map(lambda v: label(v, names)))
        cost = charts.lines(data, "academic_year", "cost_per_supervised_student", "p", kind="eur",
                            x_title=t("chart.year")) + charts.rule(
            subsidy_norm, f"{t('chart.norm')} {fmt.eur(subsidy_norm, L)}", "eur")
        gap = charts.grouped_bars(data, "academic_year", "funding_gap_per_student", "p", kind="eur",
                                  x_title=t("chart.year"))
        allowance = charts.grouped_bars(data, "academic_year", "internship_allowance_eur", "p", kind="eur",
                                        x_title=t("chart.year"))
        fte = charts.lines(data, "academic_year", "fte_per_supervised_student", "p", kind="fte3",
                           x_title=t("chart.year")) + charts.rule(
            fte_norm, f"{t('chart.norm')} {fmt.fte(fte_norm, L)}", "fte")
        return [Figure(t("kosten.cost_chart", subsidy=fmt.eur(subsidy_norm, L)), charts.finish(cost, L)),
                Figure(t("kosten.gap_chart"), charts.finish(gap, L)),
                Figure(t("kosten.allowance_chart"), charts.finish(allowance, L)),
                Figure(t("kosten.fte_chart", norm=fmt.fte(fte_norm, L)), charts.finish(fte, L))]


def what(snap: Snapshot, f: Filters) -> str:
    names = snap.names()
    return label(f.region, names) if f.partnership == ALL else \
        f"{label(f.region, names)}, {label(f.partnership, names)}"


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    with speaking(L):
        rows = region_rows(snap, f.region)
        shown = rows if f.partnership == ALL else rows[rows["partnership_code"] == f.partnership]
        return Table(shown, (
            Col("partnership_code"), Col("academic_year"), Col("supervised_students", "int", people=True),
            Col("supervision_cost_eur", "eur"), Col("cost_per_supervised_student", "eur", people=True),
            Col("subsidy_per_supervised_student", "eur", people=True),
            Col("funding_gap_per_student", "eur", people=True), Col("internship_allowance_eur", "eur"),
            Col("supervision_fte", "fte"), Col("fte_per_supervised_student", "fte4", people=True)),
            key="kosten", basename=f"kosten_{f.region}" + ("" if f.partnership == ALL else f"_{f.partnership}"),
            what=what(snap, f), total=True)


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.cost_per_supervised_student"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.caption(t("kosten.intro"))
    options = regions(snap)
    if not options:
        st.info(t("empty.no_mart_rows", table="marts.cost_per_supervised_student"))
        return
    c = st.columns([1, 1.4, 1, 2.6])
    region = select(t("filter.region"), options, "kosten_region", format_func=lambda v: label(v, names), where=c[0],
                    follow="region")
    rows = region_rows(snap, region)
    partnership = select(t("filter.partnership"), [ALL] + sorted(set(rows["partnership_code"])), "kosten_partnership",
                         format_func=lambda v: t("filter.all_partnerships") if v == ALL else label(v, names),
                         where=c[1], follow="partnership")
    years = sorted(set(rows["academic_year"]), reverse=True)
    year = select(t("filter.year"), years, "kosten_year", where=c[2], follow="year")
    f = Filters(region, partnership, year)
    headline(headline_text(snap, f, L))

    figures = main_charts(snap, f, L)
    for pair in (figures[:2], figures[2:]):
        for column, figure in zip(st.columns(2), pair):
            with column:
                show(figure)

    figure = peers.figure(snap, "cost_per_supervised_student", year, region, L)
    if figure is not None:
        show(figure)
        st.caption(t("peers.note"))

    st.subheader(t("kosten.table", what=md(what(snap, f))))
    show_table(main_table(snap, f, L), threshold)


def _norm(rows: pd.DataFrame, column: str, default: float) -> float:
    if column in rows.columns and rows[column].notna().any():
        return float(rows[column].dropna().iloc[-1])
    return default


def _region_headline(snap: Snapshot, region: str, year: int, in_year: pd.DataFrame, subsidy_norm: float,
                     names: dict, L: str) -> str:
    """The region's own figure comes from the scorecard (computed before suppression); the
    partnerships' rows only count when they are shown."""
    kpi = snap.query(REGION_KPI, [region, year]) if snap.has("marts.kpi_scorecard") else pd.DataFrame()
    cost = kpi["value"].iloc[0] if len(kpi) else None
    national = kpi["national_value"].iloc[0] if len(kpi) else None
    visible = in_year[~in_year["suppressed"].fillna(False).astype(bool)]
    over = int((visible["funding_gap_per_student"] > 0).sum())
    return (t("kosten.headline_region", year=year, region=md(label(region, names)), cost=fmt.eur(cost, L),
               subsidy=fmt.eur(subsidy_norm, L), national=fmt.eur(national, L),
               gap=fmt.eur(None if fmt.is_missing(cost) else cost - subsidy_norm, L), over=over, n=len(visible),
               allowance=fmt.eur(in_year["internship_allowance_eur"].sum(), L)))


if __name__ == "__main__":
    page(render, "kosten")
