"""A workbook per feed for senders to fill in (`regiomonitor template FEED --out F.xlsx`), written
from the feed's Pandera model, so it asks for exactly what ingest checks.

The first sheet is the delivery: row 1 holds the columns' Dutch names (validations/feeds/dutch.py,
which ingest accepts), and Excel's data validation offers the fixed values as drop-down lists and
holds whole numbers, numbers and dates to the model's ranges; codes are text cells, so a leading zero
stays. The second sheet explains every column (Dutch name, contract name, required, rules,
description) with an example row; a hidden third sheet holds the lists. Rules Excel cannot express
(code patterns, rules across columns) are in the input messages and the instructions, and ingest
checks them on delivery.
"""
from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from sources.senders.wording import in_language, rule_in_language
from validations.feeds import FEEDS, Column, Feed
from validations.feeds.codes import YEAR_MAX, YEAR_MIN
from validations.feeds.docs import SENDER
from validations.feeds.dutch import DESCRIPTIONS, FEED_DESCRIPTIONS
from validations.feeds.fields import describe_check

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "aanlevering", "toelichting", "lijsten"
ROWS = 100_000                     # rows the input rules cover
BOOL = ["ja", "nee"]
KIND_NL = {"string": "tekst", "int": "geheel getal", "decimal": "getal (decimale komma of punt)",
           "date": "datum", "bool": "ja/nee"}


class NoTemplate(ValueError):
    """A feed no sender fills in by hand (DUO's own files)."""


def header(col: Column) -> str:
    """The header the template writes: the column's first Dutch name."""
    return col.dutch[0] if col.dutch else col.name


def _stat(col: Column, name: str) -> dict:
    return next((c.statistics or {} for c in col.checks if c.name == name), {})


def _validation(col: Column, lists: dict[str, str]) -> dict | None:
    """Excel's data validation for one column, from its kind and its Pandera checks."""
    rng = _stat(col, "in_range")
    lo, hi = rng.get("min_value"), rng.get("max_value")
    rule: dict | None = None
    if col.name in lists:
        rule = {"validate": "list", "source": lists[col.name]}
    elif col.kind == "bool":
        rule = {"validate": "list", "source": BOOL}
    elif col.kind == "int":
        rule = {"validate": "integer", "criteria": "between", "minimum": int(lo if lo is not None else -10**9),
                "maximum": int(hi if hi is not None else 10**9)}
    elif col.kind == "decimal":
        rule = {"validate": "decimal", "criteria": "between", "minimum": float(lo if lo is not None else -1e15),
                "maximum": float(hi if hi is not None else 1e15)}
    elif col.kind == "date":
        rule = {"validate": "date", "criteria": "between", "minimum": dt.date(YEAR_MIN, 1, 1),
                "maximum": dt.date(YEAR_MAX, 12, 31)}
    elif length := _stat(col, "str_length"):
        rule = {"validate": "length", "criteria": "between", "minimum": int(length.get("min_value") or 0),
                "maximum": int(length["max_value"])}
    if rule is None:
        return None
    rules = rule_in_language("; ".join(describe_check(c) for c in col.checks)) or KIND_NL[col.kind]
    return {**rule, "input_title": header(col)[:32], "input_message": f"{col.doc} {rules}"[:255],
            "error_title": f"{header(col)} ({col.name})"[:32], "error_message": rules[:255],
            "ignore_blank": True}


def template_bytes(feed_name: str) -> bytes:
    """The workbook for one feed."""
    feed = FEEDS.get(feed_name)
    if feed is None or feed.own_layout:
        senders = ", ".join(f for f, spec in FEEDS.items() if not spec.own_layout)
        raise NoTemplate(f"no template for '{feed_name}': templates exist for {senders}")
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    data, help_sheet, lists_sheet = (book.add_worksheet(n) for n in (DATA_SHEET, HELP_SHEET, LISTS_SHEET))
    lists = _write_lists(lists_sheet, feed)
    lists_sheet.hide()
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    formats = {"string": book.add_format({"num_format": "@"}), "date": book.add_format({"num_format": "yyyy-mm-dd"}),
               "int": book.add_format({"num_format": "0"}), "decimal": book.add_format({"num_format": "0.00##"}),
               "bool": book.add_format({"num_format": "@"})}
    for i, col in enumerate(feed.columns):
        data.write_string(0, i, header(col), bold)
        data.set_column(i, i, max(14, len(header(col)) + 4), formats[col.kind])
        if rule := _validation(col, lists):
            data.data_validation(1, i, ROWS, i, rule)
    data.freeze_panes(1, 0)
    _write_help(help_sheet, feed, bold, book.add_format({"text_wrap": True, "valign": "top"}))
    book.close()
    return buf.getvalue()


def _write_lists(sheet, feed: Feed) -> dict[str, str]:
    """Each fixed-value list in a column of the hidden sheet; column name -> its range (a range, since
    Excel limits a list typed into the rule to 255 characters)."""
    out = {}
    for j, col in enumerate(c for c in feed.columns if _stat(c, "isin")):
        values = [str(v) for v in _stat(col, "isin")["allowed_values"]]
        sheet.write_string(0, j, col.name)
        for i, v in enumerate(values, start=1):
            sheet.write_string(i, j, v)
        letter = xl_col_to_name(j)
        out[col.name] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    return out


def _write_help(sheet, feed: Feed, bold, wrap) -> None:
    senders = ", ".join(SENDER[s] for s in feed.senders)
    lines = [f"Sjabloon voor de feed '{feed.name}'",
             f"Vul het blad '{DATA_SHEET}' in: één rij per regel, de kopregel laten staan. Sla het op als "
             f"<afzender>_<schooljaar>.xlsx (bijvoorbeeld {_example_name(feed)}) en lever het aan in de map "
             f"inbox/{feed.name}/ of op de pagina Aanleveren. Controleer het eerst met "
             f"`regiomonitor check {_example_name(feed)} --feed {feed.name}`.",
             f"Afzender / sender: {senders}.",
             "Kolommen met een keuzelijst nemen alleen die waarden aan; gehele getallen, getallen en datums "
             "worden bij het invullen gecontroleerd. De overige regels controleert het platform bij aanlevering.",
             "",
             "Over deze feed: " + FEED_DESCRIPTIONS[feed.name]]
    for i, line in enumerate(lines):
        sheet.write_string(i, 0, line, bold if i == 0 else None)
    top = len(lines) + 1
    heads = ["kolom (Nederlands)", "column (contract)", "verplicht", "soort", "regels / rules", "voorbeeld",
             "beschrijving", "description"]
    sheet.write_row(top, 0, heads, bold)
    for i, col in enumerate(feed.columns, start=top + 1):
        rules = rule_in_language("; ".join(describe_check(c) for c in col.checks))
        sheet.write_row(i, 0, [header(col), col.name, "ja" if col.required else "nee", KIND_NL[col.kind], rules,
                               _example(col), DESCRIPTIONS[col.name], col.doc], wrap)
    checks = [c.error for c in feed.schema.checks]
    at = top + len(feed.columns) + 2
    if checks:
        sheet.write_string(at, 0, "Regels over kolommen heen / rules across columns", bold)
        for k, text in enumerate(checks, start=1):
            sheet.write_string(at + k, 0, in_language(text))
        at += len(checks) + 2
    sheet.write_string(at, 0, "Voorbeeldrij / example row", bold)
    sheet.write_row(at + 1, 0, [header(c) for c in feed.columns], bold)
    sheet.write_row(at + 2, 0, [_example(c) for c in feed.columns])
    sheet.set_column(0, 1, 26)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 4, 50)
    sheet.set_column(5, 5, 18)
    sheet.set_column(6, 7, 60)


def _example(col: Column) -> str:
    """The example value, as the sender types it in the template (booleans as ja/nee)."""
    if col.kind == "bool":
        return "ja" if col.example.lower() in ("true", "1", "ja") else "nee"
    return col.example


EXAMPLE_SENDER = {"institution": "21PB", "school": "12AB00", "partnership": "SOP-RM-02", "region": "OR-RIJNMOND",
                  "NL": "NL"}


def _example_name(feed: Feed) -> str:
    return f"{EXAMPLE_SENDER[feed.senders[0]]}_2023.xlsx"
