"""Peer comparison: a region's KPI among every region's region-level figure.

The contract publishes the region totals (kpi_scorecard rows of scope_type `region`, and
capacity_region per region), so a region can see where it stands among all regions. Other regions
stay anonymous: this module reads every region's figure outside the viewer's scope (the one place
that does) and lets only the *values* out, sorted, with one flag for the viewer's own region; no
code, name or order of another region leaves it. Count KPIs become rates where they are set
against other regions: students without a place per 100 requests (marts.capacity_region), never a
region's count against the country's."""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.i18n import code, speaking, t
from dashboards.shown import label
from dashboards.snapshot import Snapshot

SCORECARD = """
select scope_code as region, value from marts.kpi_scorecard
where scope_type = 'region' and kpi = ? and academic_year = ? and value is not null"""
UNPLACED_PER_100 = """
select region_code as region, 100.0 * sum(students_unplaced) / sum(placement_requests) as value
from marts.capacity_region where academic_year = ? group by region_code having sum(placement_requests) > 0"""
NATIONAL_UNPLACED_PER_100 = """
select 100.0 * sum(students_unplaced) / nullif(sum(placement_requests), 0) as value
from marts.capacity_region where academic_year = ?"""
KIND = {"dropout_rate_h1": "pct", "cost_per_supervised_student": "eur", "students_unplaced": "num1",
        "inflow_rate_havo": "pct"}
AXIS = {"pct": "pct", "eur": "eur", "num1": "num"}


def values(snap: Snapshot, kpi: str, year: int, region: str | None) -> pd.DataFrame:
    """Every region's figure for this KPI and year (`value`, sorted) and whether it is the viewer's
    own region (`own`); the region must be one the viewer may see."""
    if region is None or not (snap.scope.admin or region in snap.scope.regions):
        return pd.DataFrame({"value": [], "own": []})
    if kpi == "students_unplaced":
        if not snap.has("marts.capacity_region"):
            return pd.DataFrame({"value": [], "own": []})
        rows = snap._all(UNPLACED_PER_100, [year])
    else:
        if not snap.has("marts.kpi_scorecard"):
            return pd.DataFrame({"value": [], "own": []})
        rows = snap._all(SCORECARD, [kpi, year])
    out = pd.DataFrame({"value": pd.to_numeric(rows["value"], errors="coerce").astype(float),
                        "own": (rows["region"] == region).to_numpy()}).dropna()
    return out.sort_values(["value", "own"]).reset_index(drop=True)


def unplaced_per_100(snap: Snapshot, year: int, region: str | None) -> tuple[float | None, float | None]:
    """Students without a place per 100 requests: the region's and the country's."""
    if not snap.has("marts.capacity_region"):
        return None, None
    df = values(snap, "students_unplaced", year, region)
    own = float(df.loc[df["own"], "value"].iloc[0]) if len(df) and df["own"].any() else None
    national = snap._all(NATIONAL_UNPLACED_PER_100, [year])["value"].iloc[0]
    return own, None if fmt.is_missing(national) else float(national)


def figure(snap: Snapshot, kpi: str, year: int, region: str | None, L: str):
    """The chart: every region a grey dot on one axis, the viewer's region a large blue one with its
    name and value; None with fewer than two regions."""
    from dashboards.frame import Figure
    with speaking(L):
        df = values(snap, kpi, year, region)
        if len(df) < 2 or not df["own"].any():
            return None
        kind = KIND[kpi]
        text = (lambda v: fmt.number(v, L, 1)) if kind == "num1" else (lambda v: fmt.cell(v, kind, L))
        own = df[df["own"]].iloc[0]
        rank = int((df["value"] < own["value"]).sum()) + 1
        df = df.assign(who=[t("peers.own") if o else t("peers.other") for o in df["own"]])
        x = alt.X("value:Q", title=t("peers.axis_unplaced") if kpi == "students_unplaced" else code("kpi", kpi),
                  axis=charts.axis(AXIS[kind]), scale=alt.Scale(zero=False))
        dots = alt.Chart(df).mark_circle(opacity=0.8).encode(
            x=x, size=alt.Size("own:N", legend=None, scale=alt.Scale(domain=[False, True], range=[60, 260])),
            color=alt.Color("who:N", scale=alt.Scale(domain=[t("peers.other"), t("peers.own")],
                                                     range=["#bdbdbd", "#1f77b4"])),
            tooltip=[alt.Tooltip("value:Q", format=charts.FORMATS.get(AXIS[kind], ",.1f"))])
        name = alt.Chart(df[df["own"]].assign(text=f"{label(region, snap.names())}: {text(own['value'])}")).mark_text(
            dy=-14, color="#1f77b4", fontWeight="bold").encode(x=alt.X("value:Q"), text=alt.Text("text:N"))
        title = t("peers.title", kpi=md(code("kpi", kpi)), year=year, rank=rank, n=len(df))
        return Figure(title, charts.finish((dots + name).properties(height=90), L))
