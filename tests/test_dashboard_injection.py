"""Hostile input on every dashboard page: SQL fragments, quotes, very long strings, control and
unicode characters in every filter and every URL parameter. The page shows no exception and no
error, and shows exactly what it shows without them (every text, table, metric, filter and
download); the published snapshot is not changed. Run as a partnership viewer, so the input
cannot widen the viewer's scope either, and as an administrator."""
from __future__ import annotations

import hashlib
import re

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Radio, Selectbox

from tests.test_dashboard import PAGES
from tests.test_dashboard_access import (ADMIN, PARTNER, clean, download_text, downloads, filters, goto,  # noqa: F401
                                         signed_in, world)

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
