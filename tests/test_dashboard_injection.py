"""Hostile input on every dashboard page: SQL fragments, quotes, very long strings, control and
unicode characters in every filter and every URL parameter. The page shows no exception and no
error, and shows exactly what it shows without them (every text, table, metric, filter and
download); the published snapshot is not changed. Run as a partnership viewer, so the input
cannot widen the viewer's scope either, and as an administrator."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import zipfile
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Radio, Selectbox

from dashboards import access, frame
from tests.dashboard_support import (ADMIN, PAGES, PARTNER, REGION, capture_downloads, clean, download_text, filters,
                                     goto, rendered, signed_in, sql)


@pytest.fixture
def downloads(monkeypatch) -> list:
    return capture_downloads(monkeypatch)


PAYLOADS = [
    "' or '1'='1", "'; drop table marts.kpi_scorecard; --", '" or ""="', "1; select * from ops.deliveries --",
    "2024 or 1=1", "') union select * from marts.partnerships --", "%", "_", "\\", "NULL", "-1", "{lang}",
    "%(region)s", "<script>alert(1)</script>", "../../../etc/passwd", "x" * 100_000,
    "Ünïcødé 🙂 \u202e tfel-ot-thgir \u200b", "\x00\x01\x1b[31m", "   ", "",
]
ONE_AT_A_TIME = [PAYLOADS[1], PAYLOADS[15], PAYLOADS[16]]    # SQL, 100,000 characters, unicode
URL_KEYS = ["overzicht_scope", "overzicht_year", "uitval_region", "uitval_partnership", "uitval_programme",
            "uitval_mode", "uitval_cohort", "uitval_horizon", "kosten_region", "kosten_partnership", "kosten_year",
            "capaciteit_region", "capaciteit_year", "capaciteit_sector", "doorstroom_region", "doorstroom_track",
            "doorstroom_year", "dq_feed", "dq_status", "lang", "demo_viewer", "page", "embed", "onbekend"]
AGE = re.compile(r"\s*\([^()]*\bgeleden\)")       # "(3 min geleden)": the snapshot's age moves on by itself


def published_hash(home) -> str:
    return hashlib.sha256((home / "published.duckdb").read_bytes()).hexdigest()


def shown(at, downloads: list, since: int) -> dict:
    """What the page shows: every text, table, metric, filter value and download of the last run."""
    main = at.main
    return {
        "markdown": [AGE.sub("", m.value) for m in main.markdown],
        "captions": [AGE.sub("", c.value) for c in main.caption],
        "notes": [(type(e).__name__, e.value) for e in [*main.info, *main.warning]],
        "tables": [d.value.to_csv(index=False) for d in main.dataframe],
        "metrics": [(m.label, m.value) for m in main.metric],
        "filters": [(s.key, s.value) for s in at.selectbox],
        "downloads": sorted((name, download_text(name, data)) for name, data in downloads[since:]),
    }


@pytest.fixture(params=[PARTNER, ADMIN], ids=["partnership", "admin"])
def viewer(request) -> str:
    return request.param


@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_change_nothing(world, monkeypatch, downloads, viewer, page):
    before = published_hash(world.home)
    at = signed_in(world.home, monkeypatch, viewer)
    start = len(downloads)
    goto(at, page)
    expected = shown(at, downloads, start)
    assert expected["tables"] and expected["downloads"]
    for payload in PAYLOADS:
        at = signed_in(world.home, monkeypatch, viewer)        # a link opened in a new session
        at.query_params = {key: payload for key in URL_KEYS}
        start = len(downloads)
        goto(at, page)
        clean(at)
        assert shown(at, downloads, start) == expected, repr(payload[:40])
    assert published_hash(world.home) == before


@pytest.fixture
def tampering(monkeypatch):
    """A tampered browser: a selectbox or radio whose `_tampered` is set sends that string as its
    value, as the wire allows (Streamlit sends a choice as its label), whatever the options are."""
    for cls in (Selectbox, Radio):
        honest = cls._widget_state

        def state(self, honest=honest):
            raw = getattr(self, "_tampered", None)
            if raw is None:
                return honest.fget(self)
            ws = WidgetState()
            ws.id = self.id
            ws.string_value = raw
            return ws

        monkeypatch.setattr(cls, "_widget_state", property(state))


@pytest.mark.parametrize("page", PAGES)
def test_hostile_filter_values_change_nothing(world, monkeypatch, downloads, tampering, viewer, page):
    before = published_hash(world.home)
    at = signed_in(world.home, monkeypatch, viewer)
    start = len(downloads)
    goto(at, page)
    expected = shown(at, downloads, start)
    keys = filters(at) + ["lang"]
    assert len(keys) >= 3

    def send(values: dict) -> None:
        for key, value in values.items():
            (at.radio(key=key) if key == "lang" else at.selectbox(key=key))._tampered = value
        start = len(downloads)
        at.run()
        clean(at)
        assert shown(at, downloads, start) == expected, {k: v[:40] for k, v in values.items()}

    live = next(k for k in keys if len(at.selectbox(key=k).options) > 1)     # the channel reaches the app:
    other = next(o for o in at.selectbox(key=live).options if o != at.selectbox(key=live).options[at.selectbox(
        key=live).index])
    probe = signed_in(world.home, monkeypatch, viewer)
    goto(probe, page)
    probe.selectbox(key=live)._tampered = other                       # a real label is taken
    probe.run()
    assert probe.selectbox(key=live).options[probe.selectbox(key=live).index] == other

    for payload in PAYLOADS:
        send({key: payload for key in keys})
    for payload in ONE_AT_A_TIME:                              # one filter at a time, too
        for key in keys:
            send({key: payload})
    assert published_hash(world.home) == before


# == what the data says is shown as data (issue 11, items 2 and 3) ===================================
def hostile_home(world, tmp_path, statements: list[tuple[str, list]]) -> Path:
    """A home holding a copy of the session's snapshot (and its access file) in which a hostile
    sender's text has reached the marts: `statements` are (sql, parameters) run on the copy."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(world.home / "published.duckdb", home / "published.duckdb")
    shutil.copy(world.home / access.ACCESS_FILE, home / access.ACCESS_FILE)
    con = duckdb.connect(str(home / "published.duckdb"))
    try:
        for statement, params in statements:
            con.execute(statement, params)
    finally:
        con.close()
    return home


def every_page(at, downloads: list, extra: dict | None = None) -> list:
    """Every page once (and the pages with `extra` filter choices again); the downloads they gave."""
    start = len(downloads)
    for page in PAGES:
        goto(at, page)
        for key, value in (extra or {}).get(page, {}).items():
            at.selectbox(key=key).set_value(value).run()
            clean(at)
    return downloads[start:]


# -- item 2: spreadsheet formula injection ------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://evil.example/x","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# how each planted value arrives in a download: with a leading ' ; one that starts with a tab or CR as
# the table shows it, the control character a space (escape.plain), which no spreadsheet runs
ARRIVED = {"'" + v for v in FORMULAS if not v.startswith(("\t", "\r"))} | \
    {" " + v[1:] for v in FORMULAS if v.startswith(("\t", "\r"))}
XLSX = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def xlsx_cells(data: bytes) -> list[tuple[str, str | None, str | None]]:
    """Every cell of the first sheet as (type, formula, value), read from the sheet's XML: shared
    strings resolved; type "n" for a number, "s" for a string, "f" when the cell has a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        shared = [("".join(t.text or "" for t in si.iter(f"{{{XLSX['m']}}}t")))
                  for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", XLSX)] \
            if "xl/sharedStrings.xml" in names else []
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        assert not [n for n in names if n.startswith("xl/worksheets/_rels/")], "the sheet has hyperlinks"
    cells = []
    for c in sheet.iter(f"{{{XLSX['m']}}}c"):
        f, v = c.find("m:f", XLSX), c.find("m:v", XLSX)
        kind = c.get("t", "n")
        if f is not None:
            cells.append(("f", f.text, v.text if v is not None else None))
        elif kind == "s":
            cells.append(("s", None, shared[int(v.text)]))
        elif kind in ("str", "inlineStr"):
            cells.append(("s", None, "".join(t.text or "" for t in c.iter(f"{{{XLSX['m']}}}t"))))
        else:
            cells.append((kind, None, v.text if v is not None else None))
    return cells


def is_number(text: str) -> bool:
    """A number as the CSV writes it (a decimal comma) or as the XLSX holds it."""
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def test_downloads_never_carry_a_live_formula(world, tmp_path, monkeypatch, downloads):
    """A refused file name, an unknown feed folder, a reason, a message, a subject: a sender's text
    that starts like a formula reaches the Datakwaliteit (and other) downloads as text: in the XLSX
    no cell has a formula (nor a hyperlink), in the CSV no cell starts with = + - @ tab or CR unless it
    is a number; numbers stay numbers (a negative count is a number cell)."""
    f = FORMULAS
    home = hostile_home(world, tmp_path, [
        ("update ops.deliveries set file_name = ?, feed = ?, sender = ?, message = ?, rows_received = -7 "
         "where status = 'refused'", [f[0], f[1], f[3], f[4]]),
        ("update ops.rejected_rows set reason = case when row_number % 2 = 0 then ? else ? end, file_name = ?",
         [f[2], f[5], f[0]]),
        ("update ops.gate_results set message = ?", [f[4]]),
        ("update marts.capacity_subject set subject = ?", [f[3]]),
        ("update marts.dropout_by_group set dimension_value = ? where dimension = 'route'", [f[0]]),
    ])
    at = signed_in(home, monkeypatch, ADMIN)
    got = every_page(at, downloads, {"datakwaliteit": {"dq_status": "refused"}})
    assert len(got) >= 20
    planted = set()
    for name, data in got:
        if name.endswith(".xlsx"):
            cells = xlsx_cells(data)
            assert not [c for c in cells if c[0] == "f"], (name, [c for c in cells if c[0] == "f"][:3])
            texts = [v for kind, _, v in cells if kind == "s" and v]
            numbers = [v for kind, _, v in cells if kind == "n" and v]
        else:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
            assert {len(r) for r in rows} == {len(rows[0])}, name      # a CR in a cell starts no new row
            texts, numbers = [c for r in rows for c in r if not is_number(c)], []
            assert not [c for r in rows for c in r if c.startswith(FORMULA_STARTS) and not is_number(c)], name
        assert not [t for t in texts if t.startswith(FORMULA_STARTS)], (name, [t for t in texts
                                                                              if t.startswith(FORMULA_STARTS)][:3])
        planted |= {t for t in texts if (t.startswith("'") and t[1:] in FORMULAS) or t in ARRIVED}
        if name.startswith("aanleveringen") and name.endswith(".xlsx"):
            assert "-7" in numbers                      # a number stays a number cell
    assert planted == ARRIVED, planted   # every planted value arrived, as text


def test_the_export_helper_neutralises_strings_only():
    from dashboards import export
    df = pd.DataFrame({"text": ["=1+1", "-x", "gewoon", None, "'al tekst"], "n": [-1, 2, 3, 4, 5],
                       "x": [-1.5, None, 0.0, 2.5, 1e6], "mixed": ["+31", -3, "@a", 4.5, "\tx"]})
    out = export.neutralised(df)
    assert out["text"].tolist()[:3] == ["'=1+1", "'-x", "gewoon"] and pd.isna(out["text"].iloc[3])
    assert out["n"].tolist() == [-1, 2, 3, 4, 5] and out["n"].dtype == df["n"].dtype
    assert out["x"].equals(df["x"])
    assert out["mixed"].tolist() == ["'+31", -3, "'@a", 4.5, "'\tx"]
    cells = xlsx_cells(export.xlsx_bytes(df))
    assert ("n", None, "-1") in cells and ("s", None, "'=1+1") in cells and not [c for c in cells if c[0] == "f"]


# -- item 3: Markdown injection ----------------------------------------------------------------------
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
MARKUP = ["[Klik hier](http://evil.example/", "![x](http://evil.example/", "<img src=x>", ":red[rood]",
          "**vet**", "$x^2$", "`code`", "_schuin_"]
MARKDOWN_FIELDS = {"body", "label", "help", "delta", "title"}      # the proto fields Streamlit renders as Markdown


def region_name(code: str) -> str:
    return f"[Klik hier](http://evil.example/{code}) \u202e{code}"


def partnership_name(code: str) -> str:
    return f"![x](http://evil.example/{code}.png) **vet** <img src=x> :red[rood] $x^2$ `code` _schuin_ \u2066{code}\u2069"


def markdown_fields(at, html: bool = False) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown (bodies, labels, help texts), but
    the app's own style sheet; with `html`, the bodies of st.html instead (the print tables), which
    Streamlit renders as HTML."""
    out = []

    def proto_fields(msg) -> None:
        if (msg.DESCRIPTOR.name == "Html") != html:
            if not html:
                return
            for field, value in msg.ListFields():
                if field.type == field.TYPE_MESSAGE and field.label != field.LABEL_REPEATED:
                    proto_fields(value)
                elif field.type == field.TYPE_MESSAGE:
                    for v in value:
                        proto_fields(v)
            return
        if html:
            out.append(msg.body)
            return
        for field, value in msg.ListFields():
            for v in (value if field.label == field.LABEL_REPEATED else [value]):
                if field.type == field.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
                    proto_fields(v)
                elif field.type == field.TYPE_STRING and field.name in MARKDOWN_FIELDS and v and v.strip() != frame.STYLE.strip():
                    out.append(v)

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            proto_fields(proto)
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, Mapping) else children or []):
            walk(child)

    walk(at._tree)
    return out


def rendered_as_markdown(text: str) -> list:
    """The tokens CommonMark (with GFM's tables and strikethrough) makes of `text`, flattened."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    return [t for tok in tokens for t in [tok, *(tok.children or [])]]


def assert_shown_as_text(at) -> int:
    """No Markdown field of the page has a live link, image or HTML from the data, none has the data's
    markup unescaped, and nothing on the page (tables, options and charts too) has a bidi control.
    Returns how many Markdown fields carry the planted (escaped) names."""
    carrying = 0
    for text in markdown_fields(at):
        tokens = rendered_as_markdown(text)
        links = [t.attrs.get("href") or t.attrs.get("src") for t in tokens if t.type in ("link_open", "image")]
        assert not [h for h in links if "evil" in str(h)], text
        assert not [t for t in tokens if t.type.startswith("html")], text
        assert not [m for m in MARKUP if m in text], text
        visible = "".join(t.content for t in tokens if t.type in ("text", "code_inline"))
        carrying += "[Klik hier](http://evil.example/" in visible or "![x](http://evil.example/" in visible
    for text in markdown_fields(at, html=True):
        tags = HtmlTags()
        tags.feed(text)
        assert tags.found <= PRINT_TAGS and not tags.attrs - {("class", "n"), ("class", "print-table")}, text
        carrying += "[Klik hier](http://evil.example/" in tags.text or "![x](http://evil.example/" in tags.text
    found = BIDI.findall(rendered(at))
    assert not found, [hex(ord(c)) for c in found]
    return carrying


PRINT_TAGS = {"div", "table", "thead", "tbody", "tr", "th", "td", "p"}      # dashboards.printed's own


class HtmlTags(HTMLParser):
    """The tags, attributes and text of an HTML body, as the browser parses it."""

    def __init__(self):
        super().__init__()
        self.found, self.attrs, self.text = set(), set(), ""

    def handle_starttag(self, tag, attrs):
        self.found.add(tag)
        self.attrs |= set(attrs)

    def handle_data(self, data):
        self.text += data


def test_names_and_feeds_from_the_data_are_shown_as_text(world, tmp_path, monkeypatch):
    """Region and partnership names, a feed folder and a school code carrying Markdown links, images,
    HTML, Streamlit directives and bidi overrides: every headline, caption, subheader, alert, label and
    help text shows them as text, and tables, options and charts carry no bidi control."""
    region = sql(world.home, "select min(region_code) from marts.feeder_schools where region_code is not null").iloc[0, 0]
    school = sql(world.home, "select min(school_code) from marts.feeder_schools where region_code = ? and track = 'havo' "
                             "and exam_year = (select max(exam_year) from marts.feeder_schools where region_code = ?)",
                 [region, region]).iloc[0, 0]
    feed = "[feed](http://evil.example/f) \u202ekaart"
    home = hostile_home(world, tmp_path, [
        *[("update marts.regions set region_name = ? where region_code = ?", [region_name(c), c])
          for c in world.regions],
        *[("update marts.partnerships set partnership_name = ? where partnership_code = ?", [partnership_name(c), c])
          for c in world.partnerships],
        ("update ops.deliveries set feed = ?, file_name = ?, message = ? where status = 'refused'",
         [feed, "\u202egpj.exe", "zie ![x](http://evil.example/m.png)"]),
        ("update marts.feeder_schools set persistently_low = true, school_code = ? where school_code = ?",
         ["[s](http://evil.example/s)", school]),
    ])
    at = signed_in(home, monkeypatch, ADMIN)
    carrying = 0
    for page in PAGES:
        goto(at, page)
        carrying += assert_shown_as_text(at)
    at.selectbox(key="dq_feed").set_value(feed).run()          # the feed in the headline and the subheaders
    clean(at)
    carrying += assert_shown_as_text(at)
    headline_text = at.get_by_key("headline").markdown[0].value
    assert "\\[feed\\](http\\://evil.example/f) kaart: " in headline_text
    assert carrying >= 10, carrying
    region_viewer = signed_in(home, monkeypatch, REGION)     # a viewer who sees names, with the names shown
    goto(region_viewer, "kosten")
    assert assert_shown_as_text(region_viewer)


def test_the_markdown_escape_keeps_ordinary_names_readable():
    from dashboards.escape import markdown, plain
    for name in ["Onderwijsregio Rijnmond (OR-RIJNMOND)", "'s-Hertogenbosch", "vo_outflow", "Opleiden 2.0 (SOP-A)"]:
        assert markdown(name) == name
    assert markdown("- lijst") == "\\- lijst" and markdown("1. lijst") == "1\\. lijst"
    assert markdown("www.evil.example") == "www\\.evil.example"
    assert markdown("a\n# kop\r\nb") == "a \\# kop b"
    assert plain("\u202ekaart\u2066x\u2069\u200f\u061c") == "kaartx"
    for payload in [region_name("X"), partnership_name("Y"), "&#x202E;", "<http://evil.example>", "_a_ *b* ~~c~~"]:
        tokens = rendered_as_markdown(markdown(payload))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "text", "paragraph_close"], payload
        assert tokens[2].content == plain(payload).strip()
