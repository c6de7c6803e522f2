"""A mart's rows as the reader sees them, in a table and in its downloads.

- Numbers stay numbers, so a table sorts and filters by value (98 < 202); the page shows each cell
  in the reader's notation (dashboards.formatting, Babel) through a pandas Styler, whose display
  text Streamlit shows while it sorts on the value.
- Names first: a region, partnership or school shows as "Name (CODE)", a fixed value (a KPI, a
  status, a sector, ...) by its label in the reader's language (i18n.code).
- A suppressed people figure shows as "afgeschermd"; status as a coloured label.
- The downloads hold the same columns under the same names, numbers rounded as shown, a shielded
  cell empty with a marker column, the viewer's own unsuppressed rows shielded again (they leave
  the platform).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

import pandas as pd

from dashboards import escape
from dashboards import formatting as fmt
from dashboards.i18n import code, column, speaking, t

OWN_FLAG, OWN_COLUMNS = "shielded_in_snapshot", "shielded_columns"   # a partnership's own rows (snapshot.py)
NAMED = ("region_code", "partnership_code", "scope_code", "school_code")  # shown as "Name (CODE)"
NUMBERS = set(fmt.FORMATTERS) - {"ts"}
STATUS_COLORS = {"op_koers": "#1a7f37", "niet_op_koers": "#c62828", "geen_doel": "#666666"}
SUPPRESSED_COLUMN = "suppressed"
EMPTY = float("-inf")       # an empty or shielded figure in a shown table: sorts last, reads "–" or "afgeschermd"


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
    if SUPPRESSED_COLUMN in out.columns:
        out[SUPPRESSED_COLUMN] = out[SUPPRESSED_COLUMN].fillna(False).astype(bool) | mine
    return out


def label(value, names: dict[str, str]) -> str:
    """A region, partnership or school as the reader knows it: "Name (CODE)" when the snapshot names it."""
    if fmt.is_missing(value):
        return fmt.MISSING
    name = names.get(str(value))
    return escape.plain(f"{name} ({value})" if name else value)


@dataclass(frozen=True)
class Shown:
    """A table's cells under the page's column names: `values` typed (numbers as numbers, codes as
    names), `texts` as the page shows them, `kinds` per cell (int, pct, eur, ..., plain, bool, ts,
    text) and `shielded` per cell (a suppressed people figure)."""
    values: pd.DataFrame
    texts: pd.DataFrame
    kinds: pd.DataFrame
    shielded: pd.DataFrame
    status: str | None = None     # the column holding a status label, if any


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def shown(df: pd.DataFrame, cols: Sequence, language: str, names: dict[str, str] | None = None) -> Shown:
    """The rows as the reader sees them (see the module's docstring)."""
    names = names or {}
    df = df.reset_index(drop=True)
    with speaking(language):
        suppressed = df[SUPPRESSED_COLUMN].fillna(False).astype(bool) if SUPPRESSED_COLUMN in df.columns \
            else pd.Series(False, index=df.index)
        values, texts, kinds, shielded, status = {}, {}, {}, {}, None
        mine = own_rows(df)
        if mine.any():
            own = [t("own.only_you") if m else t("own.everyone") for m in mine]
            values[t("own.column")] = texts[t("own.column")] = own
            kinds[t("own.column")], shielded[t("own.column")] = ["text"] * len(df), [False] * len(df)
        for c in cols:
            if c.name not in df.columns:
                continue
            name, raw = column(c.name), df[c.name]
            while name in values:
                name += " "
            row_kinds = [c.kind_by[1].get(k, c.kind) for k in df[c.kind_by[0]]] if c.kind_by else [c.kind] * len(df)
            hidden = [bool(s and c.people and fmt.is_missing(v)) for s, v in zip(suppressed, raw)]
            if c.code:
                text = [fmt.MISSING if fmt.is_missing(v) else escape.plain(code(c.code, v)) for v in raw]   # unknown: as sent
                vals, row_kinds = text, ["text"] * len(df)
                if c.code == "status":
                    status = name
            elif c.name in NAMED and c.kind == "text":
                vals = text = _each(raw, lambda v: label(v, names))
            elif c.kind == "text" and not c.kind_by:
                if _numeric(raw):        # years, horizons, row numbers: numbers, without thousands separator
                    vals = [None if fmt.is_missing(v) else int(v) for v in raw]
                    text = [fmt.MISSING if v is None else str(v) for v in vals]
                    row_kinds = ["plain"] * len(df)
                else:
                    vals = text = _each(raw, lambda v: fmt.MISSING if fmt.is_missing(v) else escape.plain(v))
            else:
                vals = list(raw)
                if c.kind in NUMBERS or c.kind_by:
                    vals = [None if fmt.is_missing(v) else float(v) for v in raw]
                memo = {}
                text = [memo[(v, k, h)] if (v, k, h) in memo else memo.setdefault(
                    (v, k, h), fmt.cell(v, k, language, is_suppressed=h)) for v, k, h in zip(raw, row_kinds, hidden)]
            values[name], texts[name], kinds[name], shielded[name] = vals, text, row_kinds, hidden
        frame = lambda d: pd.DataFrame(d, index=df.index)
        out = frame(values)
        for name, k in kinds.items():
            if set(k) <= NUMBERS | {"plain"}:
                out[name] = pd.to_numeric(out[name], errors="coerce").astype("Float64" if set(k) != {"plain"}
                                                                             else "Int64")
        return Shown(out, frame(texts), frame(kinds), frame(shielded), status)


def _each(values: pd.Series, fn) -> list:
    """fn of every value, computed once per distinct value (tables repeat names and texts)."""
    memo: dict = {}
    out = []
    for v in values:
        key = "\0missing" if fmt.is_missing(v) else v
        if key not in memo:
            memo[key] = fn(v)
        out.append(memo[key])
    return out


def display_frame(df: pd.DataFrame, cols: Sequence, language: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every cell as the reader sees it (text), for small tables and tests."""
    return shown(df, cols, language, names).texts


STYLED_CELLS = 30_000      # a larger table shows its values without per-cell text (pandas' Styler is slow)


def styled(s: Shown, language: str):
    """The table for st.dataframe: the values (sorting by value) with the page's text for each cell
    (one Babel formatter per column, kind and shielded state), the status as a coloured label."""
    values = s.values.copy()
    for name in values.columns:          # Streamlit draws an empty number cell as "None", whatever its text:
        if pd.api.types.is_float_dtype(values[name].dtype):   # an empty figure sorts below every value instead
            values[name] = values[name].astype(float).fillna(EMPTY)
    styler = values.style.format(na_rep=fmt.MISSING)
    for name in s.values.columns:
        kinds = s.kinds[name]
        if (kinds == "text").all():
            continue
        groups = pd.DataFrame({"kind": kinds, "hidden": s.shielded[name]}).groupby(["kind", "hidden"]).groups
        for (kind, hidden), rows in groups.items():
            styler = styler.format(functools.partial(_cell, kind=kind, language=language, hidden=hidden),
                                   subset=pd.IndexSlice[list(rows), [name]])
    if s.status is not None:
        colors = {code("status", k, language): v for k, v in STATUS_COLORS.items()}
        styler = styler.map(lambda v: f"color: {colors[v]}; font-weight: 600" if v in colors else "",
                            subset=[s.status])
    return styler.hide(axis="index")


def _cell(value, *, kind: str, language: str, hidden: bool) -> str:
    if not fmt.is_missing(value) and value == EMPTY:
        value = None
    if kind == "plain":
        return fmt.MISSING if fmt.is_missing(value) else str(int(value))
    return fmt.cell(None if fmt.is_missing(value) else value, kind, language, is_suppressed=hidden)


def _as_shown(value, kind: str):
    """A number rounded as the page shows it (half up, as the reader rounds)."""
    if fmt.is_missing(value):
        return None
    digits = fmt.DIGITS.get(kind)
    if digits is None:
        return value
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return int(rounded) if digits == 0 else float(rounded)


def download(df: pd.DataFrame, cols: Sequence, language: str,
             names: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The download of these rows: (values, kinds per cell) under the page's column names, numbers
    rounded as shown, a shielded cell empty, booleans and timestamps as shown, and a last column
    that says which rows are shielded. The viewer's own rows as everyone else sees them."""
    rows = shared_rows(df)
    s = shown(rows, cols, language, names)
    out, kinds = {}, {}
    for name in s.values.columns:
        k = s.kinds[name].tolist()
        if set(k) <= NUMBERS | {"plain"}:
            out[name] = [_as_shown(v, kind) for v, kind in zip(s.values[name].astype(object), k)]
        else:
            out[name] = [None if h else (x if kind == "text" else x) for x, kind, h in
                         zip(s.texts[name], k, s.shielded[name])]
            out[name] = [None if v == fmt.MISSING else v for v in out[name]]
            k = ["text"] * len(k)
        kinds[name] = k
    frame = pd.DataFrame(out, index=s.values.index)
    if SUPPRESSED_COLUMN in rows.columns:
        with speaking(language):
            marker = column(SUPPRESSED_COLUMN)
            frame[marker] = [fmt.boolean(v, language) for v in rows[SUPPRESSED_COLUMN].fillna(False).astype(bool)]
            kinds[marker] = ["text"] * len(frame)
    return frame, pd.DataFrame(kinds, index=frame.index)
