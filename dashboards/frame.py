"""What every page shares: the snapshot of this script run, the page frame with its empty states and
the viewer's access (dashboards.signin), filters (bound to the URL), the headline sentence, and the
table with its CSV and XLSX downloads."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Sequence

import duckdb
import pandas as pd
import streamlit as st

from dashboards import escape, export, signin
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.i18n import column, lang, t
from dashboards.snapshot import Snapshot, SnapshotChanged, home

_current: ContextVar[Snapshot | None] = ContextVar("regiomonitor_snapshot", default=None)
_viewer: ContextVar[signin.Viewer | None] = ContextVar("regiomonitor_viewer", default=None)
RETRIES = "_snapshot_retries"
STYLE = """
<style>
.st-key-headline p, .st-key-whatif_headline p { font-size: 1.3rem; line-height: 1.5; }
.st-key-headline { border-left: 4px solid #1f77b4; padding-left: 0.9rem; margin: 0.3rem 0 1rem 0; }
</style>
"""


# -- the app and the page frame ---------------------------------------------------------------
def run_app(page) -> None:
    """Open this run's snapshot, show it in the sidebar and run the chosen page on it. When the
    snapshot is replaced during the run, rerun (a few times) rather than show a mix."""
    snap = Snapshot.current()
    token = _current.set(snap)
    try:
        with (snap if snap is not None else contextlib.nullcontext()):
            _sidebar(snap)
            _viewer.set(_who(snap))
            page.run()
        st.session_state[RETRIES] = 0
    except SnapshotChanged:
        retries = st.session_state.get(RETRIES, 0) + 1
        st.session_state[RETRIES] = retries
        if retries <= 5:
            st.rerun()
        st.warning(t("empty.changing"))
    finally:
        _current.reset(token)


def _sidebar(snap: Snapshot | None) -> None:
    if snap is None:
        return
    try:
        published_at = snap.published_at()
    except duckdb.Error:
        return
    if published_at is not None:
        st.sidebar.caption(t("app.snapshot", published_at=fmt.timestamp(published_at, lang(), seconds=True)) + " · "
                           + t("app.snapshot_age", age=fmt.age(dt.datetime.now() - published_at, lang())))


def _who(snap: Snapshot | None) -> signin.Viewer | None:
    """Who is looking (the sidebar's sign-in or demo selector); None without a readable snapshot."""
    if snap is None:
        return None
    try:
        return signin.viewer(snap)
    except duckdb.Error:
        return None


def current() -> Snapshot | None:
    return _current.get()


def page(render: Callable[[Snapshot], None], name: str) -> None:
    """A page: its title, then the report in the viewer's scope, or an empty state that says why
    there is none (no snapshot, an unreadable one, nobody signed in, no access)."""
    st.title(t(f"page.{name}"))
    snap = current()
    if snap is None:
        h = home()
        st.info(t("empty.no_snapshot", path=h.published, home=h.root))
        return
    try:
        snap.tables()  # opens (and checks) the file, unless this snapshot is cached already
    except SnapshotChanged:
        raise
    except duckdb.Error as e:
        st.warning(t("empty.unreadable", path=snap.path, error=md(_first_line(e))))
        return
    scope = signin.scope(snap, _viewer.get())
    if scope is None:
        return
    snap.scope = scope
    try:
        render(snap)
    except duckdb.CatalogException as e:
        st.warning(t("empty.missing_table", table=_missing_name(e)))


def require(snap: Snapshot, *tables: str) -> bool:
    """True when the snapshot has these tables; else an empty state naming the first missing one."""
    for table in tables:
        if not snap.has(table):
            st.warning(t("empty.missing_table", table=table))
            return False
    return True


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__


def _missing_name(e: Exception) -> str:
    m = re.search(r"with name (\S+) does not exist", str(e))
    return m.group(1) if m else _first_line(e)


# -- filters, headline -------------------------------------------------------------------------
def plain(values) -> list:
    return [v.item() if hasattr(v, "item") and not isinstance(v, str) else v for v in values
            if not fmt.is_missing(v)]


SELECT_KEYS: set[str] = set()


def keep_choices() -> None:
    """On a language switch: re-assert every filter's choice, so the browser shows it under its
    label in the new language (it would otherwise still hold the old label)."""
    for key in SELECT_KEYS | {signin.DEMO_VIEWER}:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def select(label: str, options: Sequence, key: str, default=None, format_func: Callable | None = None,
           where=None):
    """A selectbox whose choice survives reruns and falls back to `default` when its options
    change (another region has other partnerships). Returns None when there are no options.

    The choice is also the URL parameter `key` (Streamlit's query-parameter binding, by the
    option's label): a link opens the page with it; a parameter that is not one of the options -
    which come from the viewer's scope - is ignored."""
    where = where or st
    SELECT_KEYS.add(key)
    options = plain(options)
    if not options:
        where.selectbox(label, ["–"], key=f"{key}__none", disabled=True)
        return None
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    labels = {o: str((format_func or str)(o)) for o in options}  # in this run's language
    return where.selectbox(label, options, key=key, format_func=labels.__getitem__, bind="query-params")


def frame_table(df: pd.DataFrame, key: str) -> None:
    """A small table without downloads (freshness, refused files, gates, what-if)."""
    with st.container(key=key):
        st.dataframe(df, hide_index=True)


def headline(text: str, key: str = "headline") -> None:
    """The page's sentence: Markdown, so every value from the data in it comes through escape.markdown."""
    with st.container(key=key):
        st.markdown(text)


def label(code: str | None, names: dict[str, str]) -> str:
    """A region or partnership as the reader knows it: its name when the snapshot has names. Plain
    text (for options and charts); in Markdown it goes through escape.markdown (`md`)."""
    if code is None:
        return "–"
    name = names.get(str(code))
    return escape.plain(f"{name} ({code})" if name else code)


# -- tables and downloads ----------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    name: str
    kind: str = "text"      # text, int, pct, eur, fte, ratio, num1, ts, bool
    people: bool = False    # a people count, rate or per-student amount: "afgeschermd" when suppressed
    code: str | None = None  # translate the value with i18n.code(code, value)
    kind_by: tuple[str, dict] | None = None  # (column, {its value: kind}): the kind varies per row


@dataclass(frozen=True)
class Figure:
    """A page's chart as the page and the report draw it: the title (Markdown) and the finished chart."""
    title: str | None
    chart: object           # an Altair chart, finished by charts.finish


@dataclass(frozen=True)
class Table:
    """A page's table as the page, its downloads and the report show it: the mart's rows and columns."""
    rows: pd.DataFrame
    cols: tuple[Col, ...]
    key: str
    basename: str
    what: str               # what the rows are (plain text: a region, a selection)


def show(figure: Figure) -> None:
    from dashboards import charts
    charts.show(figure.chart, figure.title)


def show_table(tbl: Table, threshold: int) -> None:
    table(tbl.rows, tbl.cols, key=tbl.key, basename=tbl.basename, what=tbl.what, threshold=threshold)


OWN_FLAG, OWN_COLUMNS = "shielded_in_snapshot", "shielded_columns"   # a partnership's own rows (snapshot.py)


def own_rows(df: pd.DataFrame) -> pd.Series:
    """Which rows are the viewer's own, unsuppressed here but shielded for everyone else."""
    if OWN_FLAG not in df.columns:
        return pd.Series(False, index=df.index)
    return df[OWN_FLAG].fillna(False).astype(bool)


def shared_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as everyone else sees them: the viewer's own rows shielded again, so that a download
    (which leaves the platform) never carries them unsuppressed."""
    if OWN_FLAG not in df.columns:
        return df
    mine = own_rows(df)
    out = df.drop(columns=[OWN_FLAG, OWN_COLUMNS], errors="ignore").copy()
    shielded = {c for cols in df.loc[mine, OWN_COLUMNS] if cols is not None for c in cols}
    for c in shielded & set(out.columns):
        out[c] = out[c].astype(object).where(~mine, None)
    if "suppressed" in out.columns:
        out["suppressed"] = out["suppressed"].fillna(False).astype(bool) | mine
    return out


def display_frame(df: pd.DataFrame, cols: Sequence[Col], language: str) -> pd.DataFrame:
    """The table as the reader sees it: every cell formatted, suppressed cells as "afgeschermd", text
    without bidi controls (escape.plain); the viewer's own shielded rows marked as visible only to it."""
    from dashboards.i18n import code as code_label
    suppressed = df["suppressed"].fillna(False).astype(bool) if "suppressed" in df.columns \
        else pd.Series(False, index=df.index)
    out = {}
    mine = own_rows(df)
    if mine.any():
        out[t("own.column")] = [t("own.only_you") if m else t("own.everyone") for m in mine]
    for c in cols:
        if c.name not in df.columns:
            continue
        values = []
        kinds = [c.kind_by[1].get(k, c.kind) for k in df[c.kind_by[0]]] if c.kind_by else [c.kind] * len(df)
        for value, sup, kind in zip(df[c.name], suppressed, kinds):
            if c.code and not fmt.is_missing(value):
                values.append(code_label(c.code, value))
            else:
                text = fmt.cell(value, kind, language, is_suppressed=bool(sup and c.people))
                values.append(escape.plain(text) if kind == "text" else text)
        out[column(c.name)] = values
    return pd.DataFrame(out)


def table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, basename: str, what: str, threshold: int) -> None:
    """The table of exactly these rows, and their download as CSV and as XLSX (the marts' own
    columns and values; a suppressed cell is empty there, with `suppressed` true)."""
    with st.container(key=f"{key}_block"):
        _table(df, cols, key=key, basename=basename, what=what, threshold=threshold)


def _table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, basename: str, what: str, threshold: int) -> None:
    st.caption(t("table.rows", n=fmt.integer(len(df), lang()), what=md(what)))
    if df.empty:
        st.info(t("empty.no_rows", what=md(what)))
        return
    shielded = "suppressed" in df.columns and df["suppressed"].fillna(False).astype(bool).any()
    help_text = t("table.suppressed_help", threshold=threshold)
    config = {column(c.name): st.column_config.Column(help=help_text) for c in cols
              if shielded and c.people and c.name in df.columns}
    st.dataframe(display_frame(df, cols, lang()), hide_index=True, key=f"{key}_table", column_config=config)
    if shielded:
        st.caption(t("table.suppressed_note", threshold=threshold))
    if own_rows(df).any():
        st.caption(t("own.note"))
    df = shared_rows(df)
    name = safe_name(basename)
    left, right, _ = st.columns([1, 1, 6])
    help_text = t("download.help", n=len(df))
    left.download_button(t("download.csv"), csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
                         key=f"{key}_csv", on_click="ignore", help=help_text, icon=":material/download:")
    # the XLSX is written when the reader asks for it: for a table of thousands of rows it is the
    # slowest part of a page (BENCHMARKS.md); the CSV is cheap and comes with the page
    right.download_button(t("download.xlsx"), lambda: xlsx_bytes(df), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore", help=help_text, icon=":material/download:")


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "regiomonitor"


def csv_bytes(df: pd.DataFrame) -> bytes:
    return export.csv_bytes(df)


@st.cache_data(max_entries=64, show_spinner=False)
def xlsx_bytes(df: pd.DataFrame) -> bytes:
    return export.xlsx_bytes(df)
