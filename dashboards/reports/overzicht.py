"""Overzicht: the quality cycle's KPI scorecard per region or partnership (marts.kpi_scorecard):
value, target, national value and status, the trend over the years, and what changed since the
previous snapshot.

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboards import charts, peers
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import (PAGE_LINKS, Col, Figure, Table, frame_table, headline, label, page, require, select,
                              show, show_table)
from dashboards.i18n import code, column, lang, speaking, t
from dashboards.reasons import in_language
from dashboards.pdf import download
from dashboards.snapshot import Snapshot

KPIS = ["dropout_rate_h1", "cost_per_supervised_student", "students_unplaced", "inflow_rate_havo"]
KIND = {"dropout_rate_h1": "pct", "cost_per_supervised_student": "eur", "students_unplaced": "int",
        "inflow_rate_havo": "pct"}
COUNTS = {"students_unplaced"}      # count KPIs: compared with other scopes as a rate
CHART_KIND = {"pct": "pct1", "eur": "eur", "int": "int"}

SCOPES = """
select scope_code, min(scope_type) as scope_type
from marts.kpi_scorecard group by scope_code
order by case min(scope_type) when 'region' then 0 else 1 end, scope_code"""
YEARS = """
select academic_year, count(value) as with_value
from marts.kpi_scorecard where scope_code = ? group by academic_year order by academic_year desc"""
SCORECARD = "select * from marts.kpi_scorecard where scope_code = ? order by kpi, academic_year desc"
LAST_INGEST = """
select feed, sender, academic_year, file_name, status, rows_received, rows_loaded, rows_rejected, received_at, message
from ops.deliveries where received_at = (select max(received_at) from ops.deliveries)
order by feed, sender, academic_year, file_name"""
PREVIOUS = """
select p.kpi, p.academic_year, p.value as before, c.value as after, p.published_at
from ops.kpi_scorecard_previous as p
join marts.kpi_scorecard as c using (scope_code, kpi, academic_year)
where p.scope_code = ? and p.value is distinct from c.value
order by p.kpi, p.academic_year desc"""


def kpi_text(kpi: str, value, language: str, *, suppressed: bool = False) -> str:
    if suppressed and fmt.is_missing(value):
        return fmt.suppressed(language)
    return fmt.cell(value, KIND.get(kpi, "num1"), language)


def delta_text(kpi: str, delta, language: str) -> str:
    kind = KIND.get(kpi, "num1")
    if kind == "pct":
        return fmt.pp(delta, language)
    text = fmt.cell(abs(delta), kind, language)
    return f"{'+' if delta > 0 else '-' if delta < 0 else ''}{text}"


@dataclass(frozen=True)
class Filters:
    scope: str
    year: int | None


def scopes(snap: Snapshot) -> pd.DataFrame:
    return snap.query(SCOPES)


def years(snap: Snapshot, scope: str) -> tuple[list[int], int | None]:
    """The scope's years (newest first) and the default: the newest with a value."""
    df = snap.query(YEARS, [scope])
    with_value = df[df["with_value"] > 0]["academic_year"]
    return [int(y) for y in df["academic_year"]], int(with_value.iloc[0]) if len(with_value) else None


def defaults(snap: Snapshot) -> Filters | None:
    """What the page opens on: the first scope (a region first), its newest year with a value."""
    df = scopes(snap)
    if df.empty:
        return None
    scope = str(df["scope_code"].iloc[0])
    return Filters(scope, years(snap, scope)[1])


def scorecard(snap: Snapshot, f: Filters) -> pd.DataFrame:
    return snap.query(SCORECARD, [f.scope])


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """How many KPIs with a target the scope is on track for in the year, and which are not."""
    with speaking(L):
        names = snap.names()
        card = scorecard(snap, f)
        now = card[card["academic_year"] == f.year]
        judged = now[now["status"].isin(["op_koers", "niet_op_koers"])]
        if judged.empty:
            return t("overzicht.headline_none", year=f.year, scope=md(label(f.scope, names)))
        text = t("overzicht.headline", year=f.year, scope=md(label(f.scope, names)),
                 on=int((judged["status"] == "op_koers").sum()), targets=len(judged))
        off = judged[judged["status"] == "niet_op_koers"].sort_values("kpi", key=lambda s: s.map(KPIS.index))
        if len(off):
            text += t("overzicht.headline_off", items="; ".join(
                t("overzicht.off_item", kpi=md(code("kpi", r.kpi)), value=kpi_text(r.kpi, r.value, L),
                  target=kpi_text(r.kpi, r.target_value, L)) for r in off.itertuples()))
        return text


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """One trend per KPI: the scope's value, the national value and the target over the years."""
    with speaking(L):
        names = snap.names()
        card = scorecard(snap, f)
        series_names = {"value": label(f.scope, names), "national_value": t("chart.national"),
                        "target_value": t("chart.target")}
        out = []
        for kpi in (k for k in KPIS if k in set(card["kpi"])):
            rows = card[card["kpi"] == kpi]
            long = rows.melt(id_vars=["academic_year"], value_vars=list(series_names), var_name="series",
                             value_name="v")
            long["series"] = long["series"].map(series_names)
            long["v"] = pd.to_numeric(long["v"], errors="coerce")
            chart = charts.lines(long, "academic_year", "v", "series", kind=CHART_KIND[KIND[kpi]],
                                 x_title=t("chart.year"), dashed={t("chart.national"), t("chart.target")},
                                 height=220)
            out.append(Figure(code("kpi", kpi), charts.finish(chart, L)))
        return out


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    with speaking(L):
        names = snap.names()
        return Table(scorecard(snap, f), (
            Col("kpi", code="kpi"), Col("academic_year"), Col("value", people=True, kind_by=("kpi", KIND)),
            Col("target_value", kind_by=("kpi", KIND)), Col("national_value", kind_by=("kpi", KIND)),
            Col("status", code="status"), Col("direction", code="direction")),
            key="overzicht", basename=f"kpi_scorecard_{f.scope}", what=label(f.scope, names))


def render(snap: Snapshot) -> None:
    if not require(snap, "marts.kpi_scorecard"):
        return
    L, names, threshold = lang(), snap.names(), snap.threshold()
    st.caption(t("overzicht.intro"))
    all_scopes = scopes(snap)
    if all_scopes.empty:
        st.info(t("empty.no_mart_rows", table="marts.kpi_scorecard"))
        return
    scope_type = dict(zip(all_scopes["scope_code"], all_scopes["scope_type"]))

    def scope_name(c):
        return f"{label(c, names)} · {t('scope.' + str(scope_type.get(c)))}" if scope_type.get(c) else label(c, names)

    left, right, side = st.columns([2, 1, 3], vertical_alignment="bottom")
    scope = select(t("filter.scope"), list(all_scopes["scope_code"]), "overzicht_scope", format_func=scope_name,
                   where=left, follow={c: str(k) for c, k in scope_type.items()})
    options, newest = years(snap, scope)
    year = select(t("filter.year"), options, "overzicht_year", default=newest, where=right, follow="year")
    download.button(snap, scope, year, L, where=side)      # the quality report (PDF) of this scope and year
    f = Filters(scope, year)
    card = scorecard(snap, f)
    now = card[card["academic_year"] == year]
    headline(headline_text(snap, f, L))

    # one metric per KPI: the value, the change against the year before, target and national value
    columns = st.columns(len(KPIS))
    for col, kpi in zip(columns, KPIS):
        row = now[now["kpi"] == kpi]
        if row.empty:
            col.metric(code("kpi", kpi), fmt.MISSING, border=True)
            continue
        r = row.iloc[0]
        before = card[(card["kpi"] == kpi) & (card["academic_year"] == year - 1)]["value"]
        delta = None
        if len(before) and not fmt.is_missing(before.iloc[0]) and not fmt.is_missing(r.value):
            delta = t("overzicht.delta", delta=delta_text(kpi, r.value - before.iloc[0], L), year=year - 1)
        if kpi in COUNTS:     # a count is set against the country as a rate, never count against count
            own, national = peers.unplaced_per_100(snap, year, region_of(snap, scope) if scope_type.get(scope)
                                                    == "partnership" else scope)
            help_text = t("overzicht.metric_help_count", target=kpi_text(kpi, r.target_value, L),
                          own=fmt.number(own, L, 1), national=fmt.number(national, L, 1),
                          status=md(code("status", r.status)))
        else:
            help_text = t("overzicht.metric_help", target=kpi_text(kpi, r.target_value, L),
                          national=kpi_text(kpi, r.national_value, L), status=md(code("status", r.status)))
        col.metric(code("kpi", kpi), kpi_text(kpi, r.value, L, suppressed=bool(r.suppressed)),
                   delta=delta, delta_color="inverse" if r.direction == "lower_is_better" else "normal",
                   help=help_text, border=True)
    for col, kpi in zip(columns, KPIS):
        target, params = detail_link(snap, kpi, scope, scope_type.get(scope), year, names)
        if target in PAGE_LINKS:
            col.page_link(PAGE_LINKS[target], label=t("overzicht.details", page=t(f"page.{target}")),
                          icon=":material/arrow_forward:", query_params=params)

    st.subheader(t("overzicht.trend"))
    grid = st.columns(2)
    for i, figure in enumerate(main_charts(snap, f, L)):
        with grid[i % 2]:
            show(figure)

    region = scope if scope_type.get(scope) == "region" else region_of(snap, scope)
    figures = [f for f in (peers.figure(snap, kpi, year, region, L) for kpi in KPIS) if f is not None]
    if figures:
        st.subheader(t("peers.section"))
        st.caption(t("peers.note"))
        grid = st.columns(2)
        for i, figure in enumerate(figures):
            with grid[i % 2]:
                show(figure)

    st.subheader(t("overzicht.changes"))
    _changes(snap, scope, names, L)

    st.subheader(t("overzicht.table", scope=md(label(scope, names))))
    show_table(main_table(snap, f, L), threshold)


DETAIL = {"dropout_rate_h1": "uitval", "cost_per_supervised_student": "kosten", "students_unplaced": "capaciteit",
          "inflow_rate_havo": "doorstroom"}


def region_of(snap: Snapshot, partnership: str) -> str | None:
    """The region of a partnership the viewer sees (by code, or its own region for a label)."""
    return snap.reference().partnerships.get(partnership, (None, None))[1] or \
        next(iter(sorted(snap.scope.regions)), None)


def detail_link(snap: Snapshot, kpi: str, scope: str, scope_type: str | None, year: int | None,
                names: dict) -> tuple[str, dict[str, str]]:
    """The page that explains a KPI and the URL parameters that open it on this scope and year (the
    filters' option labels, as their URL binding reads them)."""
    if scope_type == "partnership":
        partnership, region = scope, region_of(snap, scope)
    else:
        partnership, region = None, scope
    page_name, params = DETAIL[kpi], {}
    if region is not None:
        params[f"{page_name}_region"] = label(region, names)
    if page_name == "uitval" and partnership is not None:
        params["uitval_partnership"] = label(partnership, names)
    if page_name == "kosten":
        params["kosten_partnership"] = label(partnership, names) if partnership else t("filter.all_partnerships")
    if page_name in ("kosten", "capaciteit") and year is not None:
        params[f"{page_name}_year"] = str(year)
    if page_name == "doorstroom":
        params["doorstroom_track"] = code("track", "havo")
    return page_name, params


def _changes(snap: Snapshot, scope: str, names: dict, L: str) -> None:
    if snap.has("ops.kpi_scorecard_previous"):
        changed = snap.query(PREVIOUS, [scope])
        previous = snap.query("select max(published_at) as p from ops.kpi_scorecard_previous")["p"].iloc[0]
        if changed.empty:
            st.markdown(t("overzicht.changes_none", scope=md(label(scope, names)), previous=fmt.timestamp(previous, L)))
            return
        st.markdown(t("overzicht.changes_kpi", n=len(changed), scope=md(label(scope, names)),
                      previous=fmt.timestamp(previous, L)))
        shown = pd.DataFrame({
            column("kpi"): [code("kpi", k) for k in changed["kpi"]],
            column("academic_year"): changed["academic_year"].astype(str),
            t("col.before"): [kpi_text(k, v, L) for k, v in zip(changed["kpi"], changed["before"])],
            t("col.after"): [kpi_text(k, v, L) for k, v in zip(changed["kpi"], changed["after"])]})
        frame_table(shown, "overzicht_changes")
        return
    if not snap.has("ops.deliveries"):
        return
    files = snap.query(LAST_INGEST)
    if files.empty:
        return
    counts = files["status"].value_counts()
    st.caption(t("overzicht.changes_no_previous"))
    st.markdown(t("overzicht.changes_files", received=fmt.timestamp(files["received_at"].iloc[0], L), n=len(files),
                  **{s: int(counts.get(s, 0)) for s in ("loaded", "replaced", "duplicate", "refused")}))
    with st.expander(t("overzicht.files", n=len(files))):
        frame_table(in_language(files, L), "overzicht_files", [Col("feed"), Col("sender"), Col("academic_year"), Col("file_name"),
                                               Col("status", code="delivery_status"), Col("rows_loaded", "int"),
                                               Col("rows_rejected", "int"), Col("message")])


if __name__ == "__main__":
    page(render, "overzicht")
