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

from dashboards import escape, export, printed, signin
from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.i18n import column, lang, t
from dashboards.shown import (OWN_COLUMNS, OWN_FLAG, STYLED_CELLS, display_frame, download, label, own_rows,  # noqa: F401
                              shared_rows, shown, styled)
from dashboards.snapshot import Snapshot, SnapshotChanged, home
from dashboards.totals import totals
from validations import contract

_current: ContextVar[Snapshot | None] = ContextVar("regiomonitor_snapshot", default=None)
_viewer: ContextVar[signin.Viewer | None] = ContextVar("regiomonitor_viewer", default=None)
RETRIES = "_snapshot_retries"
PAGE_LINKS: dict[str, object] = {}    # page name -> its st.Page (app.py), for links between pages
STYLE = """
<style>
.st-key-headline p, .st-key-whatif_headline p { font-size: 1.3rem; line-height: 1.5; }
.st-key-headline { border-left: 4px solid #1f77b4; padding-left: 0.9rem; margin: 0.3rem 0 1rem 0; }
@media print {
  /* paper: the report only - no sidebar, header, filters, sliders, buttons or downloads */
  [data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], header, [data-testid=stHeader],
  [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stStatusWidget],
  .stSelectbox, .stSlider, .stRadio, .stDownloadButton, .stButton, [data-testid=stPageLink] { display: none !important; }
  [data-testid=stMain], [data-testid=stMainBlockContainer] { padding: 0 !important; margin: 0 !important; max-width: 100% !important; }
  /* a chart stays with its title, a table with its caption; an expander prints open */
  .stVerticalBlock:has(> .stElementContainer [data-testid=stVegaLiteChart]),
  [data-testid=stVegaLiteChart], [data-testid=stMetric], .st-key-headline { break-inside: avoid; }
  h1, h2, h3, [data-testid=stExpander] summary { break-after: avoid; }
  [data-testid=stExpanderDetails] { display: block !important; }
  [data-testid=stExpander] details::details-content { content-visibility: visible !important; display: block !important; }
  /* tables and charts within the page's width */
  [data-testid=stDataFrame], [data-testid=stVegaLiteChart], .stHorizontalBlock { max-width: 100% !important; }
  .stHorizontalBlock { flex-wrap: wrap !important; }
  .stHorizontalBlock > [data-testid=stColumn] { min-width: 45% !important; }
  /* tables: the print-only HTML table (dashboards.printed) in place of the grid, which prints only the
     rows in view; within the page's width, over as many pages as it takes, its header on each */
  .stElementContainer:has([data-testid=stDataFrame]):has(+ .stElementContainer .print-table) { display: none !important; }
  .stElementContainer:has(.print-table) { display: block !important; width: 100% !important; }
  .print-table table { width: 100%; border-collapse: collapse; font-size: 8pt; }
  .print-table thead { display: table-header-group; }
  .print-table tr { break-inside: avoid; }
  .print-table th { text-align: left; border-bottom: 1px solid #444; }
  .print-table th, .print-table td { padding: 1px 4px; vertical-align: top; }
  .print-table td { border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
  .print-table .n { text-align: right; white-space: nowrap; }
}
.stElementContainer:has(.print-table) { display: none; }
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


def viewer() -> signin.Viewer | None:
    """Who is looking, as the app found out (None without a readable snapshot)."""
    return _viewer.get()


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
    start_following(scope, _viewer.get())
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


FOLLOWS = "_follows"    # session: the region, partnership and year the reader chose, for every page


def followed(kind: str):
    """The region, partnership or year the reader last chose on any page (or, for a partnership
    viewer, its own partnership and region until it chooses another)."""
    return st.session_state.get(FOLLOWS, {}).get(kind, (None, 0))[0]


def remember(kind: str, value) -> None:
    follows = st.session_state.setdefault(FOLLOWS, {})
    follows["_n"] = follows.get("_n", 0) + 1
    follows[kind] = (value, follows["_n"])


def _chosen(key: str, follow, options: tuple) -> None:
    """on_change of a filter: the reader chose one of its options, so the choice follows it to the
    other pages (a value that is no option, as a tampered browser sends, is not a choice)."""
    value = st.session_state.get(key)
    if value not in options:
        return
    kind = follow.get(value) if isinstance(follow, dict) else follow
    if kind is not None:
        remember(kind, value)


def _newest_choice(follow, options: list) -> tuple[object, int]:
    """The newest choice of the followed kind(s) that is one of these options, and its number."""
    follows = st.session_state.get(FOLLOWS, {})
    kinds = set(follow.values()) if isinstance(follow, dict) else {follow}
    found = [follows[k] for k in kinds if k in follows and follows[k][0] in options]
    return max(found, key=lambda c: c[1]) if found else (None, 0)


def start_following(scope, who: signin.Viewer | None) -> None:
    """A new viewer starts on its own scope: a partnership viewer on its own partnership and region,
    a region viewer on its region."""
    email = who.email if who is not None else None
    if st.session_state.get(FOLLOWS, {}).get("viewer", "?") == email:
        return
    st.session_state[FOLLOWS] = {"viewer": email}
    if not scope.admin and scope.regions:
        remember("region", sorted(scope.regions)[0])
    if scope.own:                    # after the region: a page that offers both opens on the partnership
        remember("partnership", sorted(scope.own)[0])


def select(title: str, options: Sequence, key: str, default=None, format_func: Callable | None = None,
           where=None, follow: str | dict | None = None):
    """A selectbox whose choice survives reruns and falls back to `default` when its options
    change (another region has other partnerships). Returns None when there are no options.

    The choice is also the URL parameter `key` (Streamlit's query-parameter binding, by the
    option's label): a link opens the page with it; a parameter that is not one of the options -
    which come from the viewer's scope - is ignored. With `follow` ("region", "partnership",
    "year", or a kind per option), a choice the reader made on another page since this filter last
    showed wins, and a choice here follows the reader there."""
    where = where or st
    SELECT_KEYS.add(key)
    options = plain(options)
    if not options:
        where.selectbox(title, ["–"], key=f"{key}__none", disabled=True)
        return None
    if follow:
        chosen, number = _newest_choice(follow, options)
        if number > st.session_state.get(f"_followed_{key}", 0):
            st.session_state[key] = chosen
        st.session_state[f"_followed_{key}"] = number
    if st.session_state.get(key) not in options:     # new, or a value that is no option: the reader's
        chosen = _newest_choice(follow, options)[0] if follow else None      # choice, else the default
        st.session_state[key] = chosen if chosen is not None else default if default in options else options[0]
    labels = {o: str((format_func or str)(o)) for o in options}  # in this run's language
    value = where.selectbox(title, options, key=key, format_func=labels.__getitem__, bind="query-params",
                            on_change=_chosen if follow else None,
                            args=(key, follow, tuple(options)) if follow else None)
    if follow and value is not None and st.query_params.get(key) == labels[value]:
        kind = follow.get(value) if isinstance(follow, dict) else follow   # a link chose it: it follows too
        if kind is not None and followed(kind) != value:
            remember(kind, value)
    return value


def frame_table(df: pd.DataFrame, key: str, cols: Sequence[Col] | None = None) -> None:
    """A small table without downloads (freshness, refused files, gates, what-if): the rows of a
    mart with their columns (numbers sort by value), or a frame of text."""
    with st.container(key=key):
        L = lang()
        if cols is None:
            st.dataframe(df, hide_index=True)
            printed.show(printed.of_text(df), L)
        else:
            grid(_shown(df, tuple(cols), L, table_names()), L)


def grid(view, language: str, key: str | None = None, column_config: dict | None = None) -> None:
    """A table's cells as st.dataframe on screen and as a print-only HTML table (dashboards.printed).
    Up to STYLED_CELLS cells each in the page's notation (pandas' Styler); a longer table (the
    national round's thousands of files) its values, numbers in the browser's notation
    (docs/dashboards.md): the Styler's per-cell text took seconds of every page view there."""
    config = dict(column_config or {})
    if view.values.size <= STYLED_CELLS:
        st.dataframe(styled(view, language), hide_index=True, key=key, column_config=config)
    else:
        config |= {name: st.column_config.NumberColumn(format="localized") for name in view.values.columns
                   if pd.api.types.is_float_dtype(view.values[name].dtype)}
        st.dataframe(view.values, hide_index=True, key=key, column_config=config)
    printed.show(view, language)


def headline(text: str, key: str = "headline") -> None:
    """The page's sentence: Markdown, so every value from the data in it comes through escape.markdown."""
    with st.container(key=key):
        st.markdown(text)


# -- tables and downloads ----------------------------------------------------------------------
KIND_OF_UNIT = {"count": "int", "fraction": "pct", "eur": "eur", "fte": "fte", "fte_per_student": "fte4",
                "ratio": "ratio", "percentile": "num1"}


@dataclass(frozen=True)
class Col:
    """A table column. A mart column takes its kind, whether it counts people and its description
    from the mart contract (validations/contract.py); a page names only what the contract does not
    know (columns it derives, codes to translate, a kind that varies per row)."""
    name: str
    kind: str | None = None    # text, int, pct, eur, fte, ratio, num1, ts, bool; None: the contract's, else text
    people: bool | None = None  # a people count, rate or per-student amount: "afgeschermd" when suppressed
    code: str | None = None  # translate the value with i18n.code(code, value)
    kind_by: tuple[str, dict] | None = None  # (column, {its value: kind}): the kind varies per row

    def __post_init__(self):
        declared = contract.columns().get(self.name)
        if declared is None:
            object.__setattr__(self, "kind", self.kind or "text")
            object.__setattr__(self, "people", bool(self.people))
            return
        kind = KIND_OF_UNIT.get(declared.unit or "", "bool" if declared.data_type == "boolean" else "text")
        if self.kind not in (None, kind) or self.people not in (None, declared.people):
            raise ValueError(f"Col({self.name!r}): the mart contract makes it kind {kind!r}, people={declared.people}")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "people", declared.people)

    @property
    def description(self) -> str:
        """The contract's description (English), shown as the column's help in English."""
        declared = contract.columns().get(self.name)
        return declared.description if declared else ""


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
    total: bool = False     # the rows add up: a totals row beneath (dashboards.totals)
    published: dict | None = None   # column -> the snapshot's published total of exactly these rows


def show(figure: Figure) -> None:
    from dashboards import charts
    charts.show(figure.chart, figure.title)


def show_table(tbl: Table, threshold: int) -> None:
    table(tbl.rows, tbl.cols, key=tbl.key, basename=tbl.basename, what=tbl.what, threshold=threshold,
          total=tbl.total, published=tbl.published)


def table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, basename: str, what: str, threshold: int,
          total: bool = False, published: dict | None = None) -> None:
    """The table of exactly these rows, and their download as CSV and as XLSX (the marts' own
    columns and values; a suppressed cell is empty there, with `suppressed` true). With `total`
    (the rows add up), their totals beneath (dashboards.totals; `published`: the snapshot's own)."""
    with st.container(key=f"{key}_block"):
        _table(df, cols, key=key, basename=basename, what=what, threshold=threshold)
        if total and not df.empty:
            _totals(df, cols, key, published)


def _totals(df: pd.DataFrame, cols: Sequence[Col], key: str, published: dict | None) -> None:
    row = totals(df, cols, published)
    if row is None:
        return
    first = next(c for c in cols if c.name in df.columns)
    L, summed = lang(), [c for c in cols if c.name in row.columns]
    row.insert(0, first.name, t("table.total"))
    grid(shown(row, [Col(first.name)] + summed, L), L, key=f"{key}_total")
    if row[[c.name for c in summed]].isna().to_numpy().any():
        st.caption(t("table.total_hidden"))


def _table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, basename: str, what: str, threshold: int) -> None:
    L = lang()
    st.caption(t("table.rows", n=fmt.integer(len(df), L), what=md(what)))
    if df.empty:
        st.info(t("empty.no_rows", what=md(what)))
        return
    names = table_names()
    view = _shown(df, tuple(cols), L, names)
    shielded = bool(view.shielded.to_numpy().any())
    config = {column(c.name): st.column_config.Column(help=_help(c, shielded, threshold)) for c in cols
              if c.name in df.columns and _help(c, shielded, threshold)}
    grid(view, L, key=f"{key}_table", column_config=config)
    if shielded:
        st.caption(t("table.suppressed_note", threshold=threshold))
    if own_rows(df).any():
        st.caption(t("own.note"))
    name = safe_name(basename)
    left, right, _ = st.columns([1, 1, 6])
    help_text = t("download.help", n=len(df))          # a download holds the table's rows (shown.download)
    # both files are written when the reader asks for one: for a table of thousands of rows they are
    # the slowest part of a page (the XLSX 2 s, the CSV 0.5 s on the national deliveries; BENCHMARKS.md)
    left.download_button(t("download.csv"), lambda: export.csv_bytes(*_download(df, tuple(cols), L, names)),
                         file_name=f"{name}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore", help=help_text,
                         icon=":material/download:")
    # the callables run on click in a thread without the page's context: everything they say is taken now
    about, sheet = tuple(about_rows(what, threshold, L)), t("download.about_sheet")
    right.download_button(t("download.xlsx"), lambda: xlsx_bytes(*_download(df, tuple(cols), L, names), about, sheet),
                          file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore", help=help_text, icon=":material/download:")


def _help(c: Col, shielded: bool, threshold: int) -> str | None:
    """A column's help: the contract's description in English, and the small-cell note where cells are shielded."""
    parts = [c.description if lang() == "en" else "", t("table.suppressed_help", threshold=threshold)
             if shielded and c.people else ""]
    return "\n\n".join(p for p in parts if p) or None


class Names(dict):
    """Code -> name for tables (table_names). A national snapshot's thousands of school names hash item
    by item in Streamlit's cache hasher, hundreds of milliseconds a page; Python's own hash of the
    items is the same key in a millisecond."""


NAMES_HASH = {Names: lambda names: hash(frozenset(names.items()))}


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=NAMES_HASH)
def _shown(df: pd.DataFrame, cols: tuple, language: str, names: dict):
    return shown(df, cols, language, names)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=NAMES_HASH)
def _download(df: pd.DataFrame, cols: tuple, language: str, names: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    return download(df, cols, language, names)


def table_names() -> dict[str, str]:
    """The names tables show for codes: regions and partnerships in the viewer's scope, and schools."""
    snap = current()
    return Names() if snap is None else Names(snap.school_names() | snap.names())


def about_rows(what: str, threshold: int, language: str) -> list[tuple[str, str]]:
    """The sheet "Over deze gegevens": which snapshot, whose view, which selection, the rule for
    shielded cells and the notation."""
    snap, who = current(), _viewer.get()
    published = snap.published_at() if snap is not None else None
    return [(t("about.title"), t("about.intro")),
            (t("about.snapshot"), fmt.timestamp(published, language, seconds=True)),
            (t("about.scope"), _viewer_text(who)),
            (t("about.selection"), escape.plain(what)),
            (t("about.suppression"), t("table.suppressed_note", threshold=threshold).replace("`", "")),
            (t("about.notation"), t("about.notation_text")),
            (t("about.source"), str(snap.path.name) if snap is not None else "")]


def _viewer_text(who: signin.Viewer | None) -> str:
    if who is None or who.grant is None:
        return "–"
    grant = who.grant
    return escape.plain(f"{who.email or ''} · {grant.role}" + (
        f": {', '.join(grant.regions or grant.partnerships)}" if grant.regions or grant.partnerships else ""))


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "regiomonitor"


@st.cache_data(max_entries=64, show_spinner=False)
def xlsx_bytes(values: pd.DataFrame, kinds: pd.DataFrame, about: tuple, sheet: str) -> bytes:
    return export.xlsx_bytes(values, kinds, about, sheet)
