"""Templates (`regiomonitor template`): opened with openpyxl, a template has the Dutch headers, the
drop-down lists and the input rules of its feed's Pandera model and an instructions sheet; filled in
with valid rows (typed as Excel types them: numbers, dates, list values) and dropped in the inbox,
it loads without a rejected row. (A filled template also goes through a real pipeline run in
tests/test_senders_run.py.)"""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from orchestration.ingest.run import ingest_inbox
from sources.senders.template import DATA_SHEET, HELP_SHEET, NoTemplate, template_bytes
from tests.support import cli_env
from tests.builders import deliver
from validations.feeds import FEEDS

CONTRACT = [name for name, feed in FEEDS.items() if not feed.own_layout]
SENDER = {"enrolments": "21PB", "placements": "SOP-RM-02", "capacity": "12AB00", "costs": "12AB00",
          "funding": "SOP-RM-02", "vo_outflow": "12AB00"}


def typed(col, text: str):
    """A value as Excel stores what a sender types: numbers as numbers, dates as dates."""
    if col.kind == "int":
        return int(text)
    if col.kind == "decimal":
        return float(text.replace(",", "."))
    if col.kind == "date":
        return dt.date.fromisoformat(text)
    if col.kind == "bool":
        return "ja" if text == "true" else "nee"
    return text


def filled(feed_name: str, rows: int = 1) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(feed_name)))
    sheet = book[DATA_SHEET]
    for r in range(rows):
        for j, col in enumerate(FEEDS[feed_name].columns, start=1):
            value = col.example
            if r and col.name in ("request_id", "student_key", "subject", "track") and value:   # another key
                value = {"subject": "engels", "track": "vwo"}.get(col.name, f"{value}-{r}")
            sheet.cell(row=r + 2, column=j, value=typed(col, value))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("feed_name", CONTRACT)
def test_a_template_has_the_dutch_headers_lists_and_rules_of_its_model(feed_name):
    feed = FEEDS[feed_name]
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(feed_name)))
    assert book.sheetnames[0] == DATA_SHEET and HELP_SHEET in book.sheetnames
    sheet = book[DATA_SHEET]
    assert [c.value for c in sheet[1]] == [c.dutch[0] for c in feed.columns]
    rules = {str(dv.sqref).split(":")[0][:-1]: dv for dv in sheet.data_validations.dataValidation}
    lists = book["lijsten"]
    for j, col in enumerate(feed.columns):
        letter = openpyxl.utils.get_column_letter(j + 1)
        rule = rules.get(letter)
        checks = {c.name: c.statistics for c in col.checks}
        if "isin" in checks:
            assert rule.type == "list"
            ref = rule.formula1.split("!")[1].replace("$", "")
            assert [c.value for row in lists[ref] for c in row] == checks["isin"]["allowed_values"]
        elif col.kind == "bool":
            assert rule.type == "list" and rule.formula1 == '"ja,nee"'
        elif col.kind in ("int", "decimal"):
            assert rule.type == ("whole" if col.kind == "int" else "decimal")
            bounds = checks["in_range"]
            assert (float(rule.formula1), float(rule.formula2)) == (bounds["min_value"], bounds["max_value"])
        elif col.kind == "date":
            assert rule.type == "date"
        elif "str_length" in checks:
            assert rule.type == "textLength" and int(rule.formula2) == checks["str_length"]["max_value"]
        else:
            assert rule is None
        if rule is not None:
            assert str(rule.sqref).endswith("100001") and rule.promptTitle and rule.prompt
    help_rows = [r for r in book[HELP_SHEET].iter_rows(values_only=True)]
    described = {r[1]: r for r in help_rows if r[1] in feed.column_names}
    assert set(described) == set(feed.column_names)
    assert all(described[c.name][7] == c.doc for c in feed.columns)                   # the contract's English
    dutch = [described[c.name][6] for c in feed.columns]                                # and every column in Dutch
    assert all(dutch) and not [d for d in dutch if re.search(r"\b(the|when|which|with|per student)\b", d)], dutch
    assert any(str(r[0]).startswith("Over deze feed: ") for r in help_rows if r[0])
    assert help_rows[-1][:len(feed.columns)] == tuple(c.example if c.kind != "bool" else typed(c, c.example)
                                                      for c in feed.columns)


@pytest.mark.parametrize("feed_name", CONTRACT)
def test_a_filled_template_loads_without_rejections(tmp_path, feed_name):
    rows = 1 if FEEDS[feed_name].reference else 2
    deliver(tmp_path / "inbox", feed_name, f"{SENDER.get(feed_name, 'NL')}_2023.xlsx", filled(feed_name, rows))
    [d] = ingest_inbox(tmp_path / "inbox", tmp_path / "warehouse.duckdb", b"secret").deliveries
    assert (d.status, d.rows_received, d.rows_loaded, d.rows_rejected) == ("loaded", rows, rows, 0), d.message
    assert d.message.startswith("Dutch column names recognised: ")


def test_template_command_writes_the_workbook_and_refuses_duo_files(tmp_path):
    exe = str(Path(sys.executable).with_name("regiomonitor"))
    ok = subprocess.run([exe, "template", "capacity", "--out", str(tmp_path / "c.xlsx")], env=cli_env(),
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and (tmp_path / "c.xlsx").read_bytes()[:2] == b"PK"
    assert openpyxl.load_workbook(tmp_path / "c.xlsx")[DATA_SHEET]["A1"].value == "schoolcode"
    with pytest.raises(NoTemplate, match="no template for 'duo_1cho'"):
        template_bytes("duo_1cho")
