"""What the dashboards' test modules share (never imported from one test module into another): the
app and its pages, a published demo home, the snapshot read with the test's own SQL, AppTest helpers,
the Dutch notation a reader expects, the access world of three regions (its users and what a page
shows them), and the downloads a page offers."""
from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from deployment.home import Home
from tests.support import SHARED, run


ROOT = Path(__file__).resolve().parents[1]


APP = ROOT / "dashboards" / "app.py"


PAGES = ["overzicht", "uitval", "kosten", "capaciteit", "doorstroom", "datakwaliteit"]


TITLES = {"nl": ["Overzicht", "Uitval", "Kosten", "Capaciteit", "Doorstroom", "Datakwaliteit"],
          "en": ["Overview", "Dropout", "Costs", "Capacity", "Inflow", "Data quality"]}


def write_inbox(inbox: Path, seed: int = 1) -> None:
    """Deliveries for a test home: the project's generator (with planted faults), else the
    contract's conformance world when ../shared is there."""
    try:
        from sources.generator import generate
    except ImportError:
        generate = None
    if generate is not None:
        generate(inbox, scale="demo", seed=seed, faults=True)
        return
    if not (SHARED / "conformance" / "world.py").exists():
        pytest.skip("no generator: sources.generator does not import and ../shared/conformance is missing")
    sys.path.insert(0, str(SHARED / "conformance"))
    import world
    world.write_inbox(world.build_world(seed, regions=3), str(inbox))


def published_home(tmp_path_factory) -> Path:
    """One home per test session with a published snapshot (built once, shared by the dashboard tests).
    It is a demo home, so the pages open as the demo's first viewer, the administrator, who sees
    everything (access per viewer: tests/test_dashboard_access.py)."""
    root = tmp_path_factory.getbasetemp() / "dashboard-home"
    if (root / "published.duckdb").exists():
        return root
    write_inbox(root / "inbox")
    result = run(root)
    assert result.returncode == 0, result.stdout + result.stderr
    Home(root).mark_demo()
    return root


def sql(home: Path, query: str, params: list | tuple = ()) -> pd.DataFrame:
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        return con.execute(query, [p.item() if hasattr(p, "item") else p for p in params]).df()
    finally:
        con.close()


def scalar(home: Path, query: str, params: list | tuple = ()):
    return sql(home, query, params).iloc[0, 0]


def shown(home: Path, code: str) -> str:
    """A region or partnership as the pages name it: "Name (CODE)"."""
    names = sql(home, "select region_code as code, region_name as name from marts.regions union all "
                      "select partnership_code, partnership_name from marts.partnerships")
    name = dict(zip(names["code"], names["name"])).get(code)
    return f"{name} ({code})" if name else code


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.run()
    clean(at)
    if page != "overzicht":
        at.switch_page(f"reports/{page}.py").run()
    clean(at)
    assert at.title[0].value == TITLES[at.session_state["lang"]][PAGES.index(page)]
    return at


def headline(at: AppTest, key: str = "headline") -> str:
    return at.get_by_key(key).markdown[0].value


def _dutch(d: Decimal, digits: int) -> str:
    text = f"{d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def pct(x, digits: int = 1) -> str:
    return _dutch(Decimal(repr(float(x))) * 100, digits) + "%"


def eur(x) -> str:
    d = Decimal(repr(float(x)))
    return ("€ -" if d < 0 else "€ ") + _dutch(abs(d), 0)


def num(x, digits: int = 0) -> str:
    return _dutch(Decimal(repr(float(x))), digits)


def en_pct(x) -> str:
    return f"{Decimal(repr(float(x))) * 100:.1f}%"


# == Overzicht ===================================================================================
KPI_LABELS = {"dropout_rate_h1": "uitval na één jaar", "cost_per_supervised_student": "kosten per begeleide student",
              "students_unplaced": "studenten zonder leerwerkplek", "inflow_rate_havo": "doorstroom havo naar lerarenopleiding"}


KPI_TEXT = {"dropout_rate_h1": pct, "cost_per_supervised_student": eur, "students_unplaced": num,
            "inflow_rate_havo": pct}


def kpi_text(kpi, value, suppressed) -> str:
    if pd.isna(value):
        return "afgeschermd" if suppressed else "–"
    return KPI_TEXT[kpi](value)


def expected_overzicht(home: Path, scope: str, year: int) -> tuple[str, list[str]]:
    rows = sql(home, "select * from marts.kpi_scorecard where scope_code = ? and academic_year = ?", [scope, year])
    judged = rows[rows["status"].isin(["op_koers", "niet_op_koers"])]
    on = int((judged["status"] == "op_koers").sum())
    off = [f"{KPI_LABELS[r.kpi]} {KPI_TEXT[r.kpi](r.value)} (doel {KPI_TEXT[r.kpi](r.target_value)})"
           for r in judged[judged["status"] == "niet_op_koers"].itertuples()]
    return f"In {year} is {shown(home, scope)} op koers voor {on} van de {len(judged)} KPI's met een doel.", off


# == Doorstroom ==================================================================================
def expected_doorstroom(home: Path, region: str, track: str, year: int) -> pd.Series:
    return sql(home, """
        select (sum(entered_teacher_training) filter (where not suppressed))::double / sum(graduates) filter (where not suppressed)
                   as rate,
               max(national_inflow_rate) as national, count(*) filter (where not suppressed) as schools,
               count(*) filter (where band = 'laag') as low, count(*) filter (where band = 'hoog') as high,
               count(*) filter (where persistently_low) as persistent
        from marts.feeder_schools where region_code = ? and track = ? and exam_year = ?""",
               [region, track, year]).astype(object).iloc[0]


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "not-a-real-cookie-secret",
        "client_id": "regiomonitor", "client_secret": "not-a-real-client-secret",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}


ADMIN, REGION, PARTNER, PARTNER2, STRANGER = ("beheer@regio.example", "analist@regio.example",
                                              "coordinator@sop-een.example", "Coordinator@SOP-twee.example",
                                              "wie@elders.example")


SIDEBAR_KEYS = {"lang", "demo_viewer"}


class World:
    """The snapshot's regions, partnerships and schools, read with the test's own SQL."""

    def __init__(self, home: Path):
        self.home = home
        self.regions = dict(sql(home, "select region_code, region_name from marts.regions").itertuples(index=False))
        p = sql(home, "select partnership_code, partnership_name, region_code from marts.partnerships")
        self.partnerships = {c: (n, r) for c, n, r in p.itertuples(index=False)}
        self.schools = dict(sql(home, "select school_code, region_code from marts.schools").itertuples(index=False))
        counts = p.groupby("region_code").size().sort_values(ascending=False, kind="stable")
        self.region = counts.index[0]                                  # the region with the most partnerships
        mine = sorted(c for c, (_, r) in self.partnerships.items() if r == self.region)
        self.partner, self.partner2, self.others = mine[0], mine[1], mine[1:]

    def name(self, code: str) -> str:
        return self.partnerships[code][0] if code in self.partnerships else self.regions[code]

    def outside_region(self) -> set[str]:
        """Codes and names of every other region, its partnerships and its schools."""
        out = set()
        for code, name in self.regions.items():
            if code != self.region:
                out |= {code, name}
        for code, (name, region) in self.partnerships.items():
            if region != self.region:
                out |= {code, name}
        return out | {code for code, region in self.schools.items() if region != self.region}


def signed_in(home: Path, monkeypatch, email: str | None) -> AppTest:
    """The app with OIDC configured and `email` signed in (None: nobody signed in)."""
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets = {"auth": dict(AUTH)}
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    return at


def _bytes_text(data: bytes) -> str:
    """Arrow tables (dataframes, chart data) as CSV; anything else as text."""
    try:
        return pa.ipc.open_stream(data).read_all().to_pandas().to_csv()
    except (pa.ArrowInvalid, OSError):
        return data.decode("utf-8", errors="ignore")


def _proto_strings(msg):
    for field, value in msg.ListFields():
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            for k, v in value.items():
                yield str(k)
                yield from (_proto_strings(v) if hasattr(v, "ListFields") else [str(v)])
            continue
        for v in (value if field.label == field.LABEL_REPEATED else [value]):
            if field.type == field.TYPE_MESSAGE:
                yield from _proto_strings(v)
            elif field.type == field.TYPE_STRING:
                yield v
            elif field.type == field.TYPE_BYTES:
                yield _bytes_text(v)


def rendered(at: AppTest) -> str:
    """Every string of every element in the tree (markdown, captions, labels, options, table and
    chart data, help texts), as the browser would receive it."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            parts.extend(_proto_strings(proto))
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, Mapping) else children or []):
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def download_text(name: str, data) -> str:
    if isinstance(data, str):
        return data
    if name.endswith(".xlsx"):
        return pl.read_excel(io.BytesIO(data)).write_csv()
    return data.decode("utf-8", errors="ignore")


def leaks(text: str, forbidden: set[str]) -> list[str]:
    low = text.casefold()
    return sorted(t for t in forbidden if t.casefold() in low)


def goto(at: AppTest, page: str) -> AppTest:
    try:
        at._tree
    except ValueError:             # not run yet
        at.run()
    at.switch_page(f"reports/{page}.py").run()
    return clean(at)


def filters(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if s.key and s.key not in SIDEBAR_KEYS and not s.key.endswith("__none")]


def capture_downloads(monkeypatch) -> list:
    """The bytes of every download button rendered during the test."""
    captured: list[tuple[str, bytes]] = []
    original = MediaFileManager.add

    def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        captured.append((file_name or "", path_or_data))
        return original(self, path_or_data, mimetype, coordinates, file_name=file_name,
                        is_for_static_download=is_for_static_download)

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        """A download written on click (the XLSX): the test clicks at once and keeps the bytes."""
        if mimetype != "application/pdf":       # the quality report: tests/test_report.py reads it with pdftotext
            captured.append((file_name or "", data_callable()))
        return original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name,
                                 element_id=element_id)

    original_deferred = MediaFileManager.add_deferred
    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


# -- the pages in headless Chromium (tests/browser, benchmarks/browser_pages.py) --------------------
CHROMIUM = Path("/usr/bin/chromium")


ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


NO_SCRIPT_RUN = "() => !document.querySelector('[data-testid=stStatusWidget]')"   # Streamlit's "running" badge gone


def settle(page, pause: bool = True) -> None:
    """Wait until the script run is over and the charts are drawn."""
    page.wait_for_selector(".st-key-headline", timeout=60_000)
    page.wait_for_function(NO_SCRIPT_RUN, timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stDownloadButton]').length >= 2",
                           timeout=60_000)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
                                      .every(c => c.querySelector('canvas, svg'))""", timeout=60_000)
    if pause:
        page.wait_for_timeout(500)
