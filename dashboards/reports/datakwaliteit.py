"""Datakwaliteit: deliveries per feed and sender, rejected rows by reason, refused files, quality
gates (ops.gate_results, once the pipeline publishes it), freshness, and the link to the Data Docs.

The headline, the charts and the table are plain functions of (snapshot, Filters, language), so the
report draws the same; `render` only chooses the filters and shows them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.escape import plain
from dashboards.frame import (Col, Figure, Table, frame_table, headline, page, require, select, show,
                              show_table, table)
from dashboards.i18n import code, column, lang, speaking, t
from dashboards.reasons import in_language
from dashboards.snapshot import Snapshot, home

ALL = "__alle__"
FEEDS = "select distinct feed from ops.deliveries where feed is not null order by feed"
STATUSES = ["loaded", "replaced", "duplicate", "refused"]
DELIVERIES = """
select * from ops.deliveries where (? or feed = ?) and (? or status = ?)
order by feed, sender, academic_year, delivery_id"""
REJECTED = """
select * from ops.rejected_rows where (? or feed = ?) order by feed, file_name, row_number"""
FRESHNESS = """
select feed, max(received_at) as last_received, count(*) filter (where status = 'loaded') as files_in_use,
       count(distinct sender) as senders, max(academic_year) filter (where status = 'loaded') as latest_year
from ops.deliveries where feed is not null group by feed order by feed"""
GATES = """
select mart, gate, count(*) as checks, count(*) filter (where not passed) as failed, bool_or(blocking) as blocking,
       max(evaluated_at) as evaluated_at
from ops.gate_results group by mart, gate order by failed desc, blocking desc, mart, gate"""
GATE_RESULTS = "select * from ops.gate_results order by passed, blocking desc, mart, gate, message"
GATE_TOTALS = """
select count(*) as n, count(*) filter (where passed) as passed,
       count(*) filter (where not passed and blocking) as blocking_failed from ops.gate_results"""

OUTFLOW_VS_DUO = """
select * from ops.outflow_vs_duo
order by exceeds_margin desc, relative_difference desc nulls last, school_code, exam_year, track"""
CROHO_DIFFERS = """
select * from ops.programme_types_vs_croho where verdict <> 'agrees'
order by verdict, institution_code, programme_code"""
CROHO_TOTALS = "select count(*) as n, count(*) filter (where verdict = 'differs') as differs from ops.programme_types_vs_croho"


@dataclass(frozen=True)
class Filters:
    feed: str = ALL
    status: str = ALL


def defaults(snap: Snapshot) -> Filters:
    return Filters()


def feeds(snap: Snapshot) -> list[str]:
    return [str(f) for f in snap.query(FEEDS)["feed"]]


def files(snap: Snapshot, f: Filters, every_status: bool = True) -> pd.DataFrame:
    """The files of the chosen feed: of every status (the headline) or of the chosen one (the table)."""
    return snap.query(DELIVERIES, [f.feed == ALL, f.feed, every_status or f.status == ALL, f.status])


def rejected(snap: Snapshot, f: Filters) -> pd.DataFrame:
    return snap.query(REJECTED, [f.feed == ALL, f.feed])


def headline_text(snap: Snapshot, f: Filters, L: str) -> str:
    """The snapshot's age, the files and senders of the feed, refused files, rejected rows, the gates."""
    with speaking(L):
        delivered, published_at = files(snap, f), snap.published_at()
        gates = snap.query(GATE_TOTALS).iloc[0] if snap.has("ops.gate_results") else None
        return (t("dq.headline", published_at=fmt.timestamp(published_at, L),
                  age=fmt.age(dt.datetime.now() - published_at, L) if published_at else fmt.MISSING,
                  feed=t("filter.all_feeds") if f.feed == ALL else md(code("feed", f.feed)),
                  files=fmt.integer(len(delivered), L), senders=fmt.integer(delivered["sender"].nunique(), L),
                  loaded=fmt.integer((delivered["status"] == "loaded").sum(), L),
                  refused=fmt.integer((delivered["status"] == "refused").sum(), L),
                  rejected=fmt.integer(len(rejected(snap, f)), L))
                + ("" if gates is None else t("dq.headline_gates", passed=fmt.integer(gates["passed"], L),
                                               n=fmt.integer(gates["n"], L),
                                               blocking=fmt.integer(gates["blocking_failed"], L))))


def main_charts(snap: Snapshot, f: Filters, L: str) -> list[Figure]:
    """Files per feed and status; rejected rows by reason."""
    with speaking(L):
        delivered, out = files(snap, f), []
        counts = delivered.assign(s=delivered["status"].map(lambda v: code("delivery_status", v)),
                                  f=delivered["feed"].fillna("?").map(lambda v: plain(code("feed", v)))).groupby(["f", "s"], as_index=False).size()
        if len(counts):
            out.append(Figure(t("dq.deliveries_chart"), charts.finish(alt.Chart(counts).mark_bar().encode(
                y=alt.Y("f:N", title=None, axis=alt.Axis(labelOverlap=False)), x=alt.X("size:Q", title=column("count")),
                color=alt.Color("s:N", scale=alt.Scale(domain=[code("delivery_status", s) for s in STATUSES],
                                                       range=["#1f77b4", "#aec7e8", "#c7c7c7", "#d62728"])),
                tooltip=["f:N", "s:N", "size:Q"]).properties(height=alt.Step(20)), L)))
        rows = in_language(rejected(snap, f), L)
        if len(rows):
            reasons = (rows.assign(r=lambda d: (d["feed"].map(lambda v: code("feed", v)) + ": "
                                                + d["reason"].astype(str).str.slice(0, 70)).map(plain))
                       .groupby("r", as_index=False).size().sort_values("size", ascending=False).head(15))
            out.append(Figure(t("dq.reasons_chart"), charts.finish(alt.Chart(reasons).mark_bar().encode(
                y=alt.Y("r:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
                x=alt.X("size:Q", title=column("count"), axis=alt.Axis(tickMinStep=1, format="d")),
                tooltip=["r:N", "size:Q"]).properties(height=alt.Step(20)), L)))
        return out


def what(f: Filters) -> str:
    return (t("filter.all_feeds") if f.feed == ALL else code("feed", f.feed)) + ", " + (
        t("filter.all_statuses") if f.status == ALL else code("delivery_status", f.status))


def main_table(snap: Snapshot, f: Filters, L: str) -> Table:
    """The files of the chosen feed and status."""
    with speaking(L):
        return Table(in_language(files(snap, f, every_status=False), L), (
            Col("feed", code="feed"), Col("sender"), Col("academic_year"), Col("file_name"),
            Col("status", code="delivery_status"),
            Col("rows_received", "int"), Col("rows_loaded", "int"), Col("rows_rejected", "int"),
            Col("received_at", "ts"), Col("message")),
            key="dq_deliveries", basename="aanleveringen" + ("" if f.feed == ALL else f"_{f.feed}")
            + ("" if f.status == ALL else f"_{f.status}"), what=what(f), total=True)


def render(snap: Snapshot) -> None:
    if not require(snap, "ops.deliveries", "ops.rejected_rows"):
        return
    L, threshold = lang(), snap.threshold()
    st.caption(t("dq.intro"))
    c = st.columns([1, 1, 4])
    feed = select(t("filter.feed"), [ALL] + feeds(snap), "dq_feed",
                  format_func=lambda v: t("filter.all_feeds") if v == ALL else plain(code("feed", v)), where=c[0])
    status = select(t("filter.status"), [ALL] + STATUSES, "dq_status",
                    format_func=lambda v: t("filter.all_statuses") if v == ALL else code("delivery_status", v),
                    where=c[1])
    f = Filters(feed, status)
    all_feeds = feed == ALL
    delivered, rejected_rows = files(snap, f), rejected(snap, f)
    gates = snap.query(GATE_TOTALS).iloc[0] if snap.has("ops.gate_results") else None
    headline(headline_text(snap, f, L))

    for column_, figure in zip(st.columns(2), main_charts(snap, f, L)):
        with column_:
            show(figure)

    with st.expander(t("dq.freshness_refused"), expanded=True, icon=":material/schedule:"):
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('dq.freshness')}**")
            fresh = snap.query(FRESHNESS).sort_values(     # in the order of the names the reader sees
                "feed", key=lambda feeds: feeds.map(lambda v: code("feed", v).lower()))
            frame_table(fresh, "dq_freshness", [Col("feed", code="feed"), Col("last_received", "ts"),
                                                                Col("files_in_use", "int"), Col("senders", "int"),
                                                                Col("latest_year")])
        with right:
            st.markdown(f"**{t('dq.refused')}**")
            refused = delivered[delivered["status"] == "refused"]
            if refused.empty:
                st.caption(t("dq.refused_none"))
            else:
                frame_table(in_language(refused, L), "dq_refused", [Col("file_name"), Col("message")])

    with st.expander(t("dq.gates"), icon=":material/verified:"):
        if gates is not None:
            st.markdown(t("dq.gates_summary", passed=fmt.integer(gates["passed"], L), n=fmt.integer(gates["n"], L),
                          blocking=fmt.integer(gates["blocking_failed"], L)))
            frame_table(snap.query(GATES), "dq_gates_summary", [Col("mart", code="mart"), Col("gate", code="gate"),
                                                                Col("checks", "int"), Col("failed", "int"),
                                                                Col("blocking", "bool"), Col("evaluated_at", "ts")])
        else:
            st.info(t("dq.gates_none"))
        docs = data_docs()
        st.markdown(f"**{t('dq.docs')}**")
        if docs is not None:
            st.markdown(t("dq.docs_link", path=docs, url=docs.as_uri()))
        else:
            st.caption(t("dq.docs_none", path=home().root))
        if gates is not None:
            st.markdown(f"**{t('dq.gates_table')}**")
            table(in_language(snap.query(GATE_RESULTS), L),
                  [Col("mart", code="mart"), Col("gate", code="gate"), Col("passed", "bool"), Col("blocking", "bool"),
                   Col("message"), Col("evaluated_at", "ts")],
                  key="dq_gates", basename="kwaliteitspoorten", what=t("dq.gates"), threshold=threshold)

    with st.expander(t("dq.duo"), icon=":material/compare_arrows:"):
        _against_duo(snap, threshold, L)

    with st.expander(t("dq.deliveries_table", what=md(what(f))), icon=":material/description:"):
        show_table(main_table(snap, f, L), threshold)
    feed_text = t("filter.all_feeds") if all_feeds else code("feed", feed)
    with st.expander(t("dq.rejected_table", what=md(feed_text)), icon=":material/block:"):
        table(in_language(rejected_rows, L), [Col("feed", code="feed"), Col("file_name"), Col("row_number"), Col("reason"),
                                             Col("stage", code="stage")],
              key="dq_rejected", basename="afgekeurde_rijen" + ("" if all_feeds else f"_{feed}"), what=feed_text,
              threshold=threshold)


def _against_duo(snap: Snapshot, threshold: int, L: str) -> None:
    """Delivered figures set against DUO's own files: vo_outflow graduates against DUO's exam results
    (ops.outflow_vs_duo) and enrolments' programme types against the CROHO table."""
    outflow = snap.query(OUTFLOW_VS_DUO) if snap.has("ops.outflow_vs_duo") else pd.DataFrame()
    if outflow.empty:
        st.caption(t("dq.duo_outflow_none"))
    else:
        st.markdown(t("dq.duo_outflow", n=fmt.integer(len(outflow), L),
                      flagged=fmt.integer(int(outflow["exceeds_margin"].fillna(False).astype(bool).sum()), L),
                      margin=fmt.pct(outflow["margin"].iloc[0], L, 0)))
        table(outflow, [Col("school_code"), Col("exam_year"), Col("track", code="track"), Col("sender"),
                        Col("delivered_graduates", "int"), Col("duo_graduates", "int"),
                        Col("duo_suppressed_cells", "int"), Col("difference", "int"),
                        Col("relative_difference", "pct"), Col("exceeds_margin", "bool")],
              key="dq_duo_outflow", basename="gediplomeerden_tegen_duo", what=t("dq.duo_outflow_table"),
              threshold=threshold)
    if snap.has("ops.programme_types_vs_croho"):
        totals = snap.query(CROHO_TOTALS).iloc[0]
        if totals["n"]:
            st.markdown(t("dq.duo_croho", n=fmt.integer(totals["n"], L), differs=fmt.integer(totals["differs"], L)))
            table(snap.query(CROHO_DIFFERS), [Col("institution_code"), Col("programme_code"),
                                              Col("programme_type", code="programme_type"),
                                              Col("croho_programme_type", code="programme_type"),
                                              Col("verdict"), Col("enrolment_rows", "int")],
                  key="dq_duo_croho", basename="opleidingssoort_tegen_croho", what=t("dq.duo_croho_table"),
                  threshold=threshold)


def data_docs() -> Path | None:
    """The Data Docs of the last gate run: where the gates write them (validations.gates), else
    H/data_docs/index.html."""
    root = home().root
    candidates = [root / "data_docs" / "index.html"]
    try:
        from validations.gates.run import data_docs_index
        candidates.insert(0, data_docs_index(root / "gx"))
    except ImportError:
        pass
    return next((c for c in candidates if c.exists()), None)


if __name__ == "__main__":
    page(render, "datakwaliteit")
