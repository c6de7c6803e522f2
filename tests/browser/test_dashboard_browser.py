"""A real browser on a running `regiomonitor dashboard`: headless Chromium (Debian's `chromium`
package, driven by Playwright with the system executable; never a downloaded browser) opens every
page, finds no error element, and saves a screenshot per page under the test's tmp dir."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.support import REGIOMONITOR, cli_env, read_csv_download
from tests.dashboard_support import ARGS, CHROMIUM, PAGES, TITLES, published_home, settle

ERRORS = "[data-testid=stException], [data-testid=stAlertContentError], [role=dialog]"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is missing: install Debian's chromium package "
                                       "(apt-get install -y chromium) to run the browser test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path_factory, tmp_path):
    """`regiomonitor dashboard --home H --port P` in its own process group (the command starts
    Streamlit as a child process), stopped with that group after the test."""
    home = Path(os.environ["REGIOMONITOR_BROWSER_HOME"]) if os.environ.get("REGIOMONITOR_BROWSER_HOME") \
        else published_home(tmp_path_factory)      # e.g. a national home, to measure the speed on it
    port = free_port()
    log = open(tmp_path / "dashboard.log", "w")
    proc = subprocess.Popen([REGIOMONITOR, "dashboard", "--home", str(home), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=cli_env(), start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "dashboard.log").read_text()
            assert time.monotonic() < deadline, "the dashboard did not come up in 90 s"
            time.sleep(0.5)
        yield url, tmp_path / "dashboard.log"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_every_page_in_a_real_browser(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    url, log = server
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})   # a laptop screen
            page_errors = []
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            for name, title in zip(PAGES, TITLES["nl"]):
                page.goto(url if name == "overzicht" else f"{url}/{name}")
                settle(page)
                assert page.locator("h1").first.inner_text().strip() == title
                assert page.locator(".st-key-headline").inner_text().strip()
                assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
                assert page.locator("[data-testid=stVegaLiteChart]").count() > 0
                assert page.locator("[data-testid=stDownloadButton]").count() >= 2
                height = page.evaluate("() => document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
                page.set_viewport_size({"width": 1366, "height": min(max(768, height + 120), 12_000)})
                page.wait_for_timeout(800)
                page.screenshot(path=str(shots / f"{PAGES.index(name) + 1}-{name}.png"))
                page.set_viewport_size({"width": 1366, "height": 768})
            # the last page is Datakwaliteit: the downloads of its files table are written on click
            page.locator("[data-testid=stExpander] summary").filter(has_text="Bestanden:").click()
            with page.expect_download(timeout=60_000) as clicked:
                page.locator(".st-key-dq_deliveries_block [data-testid=stDownloadButton]").filter(
                    has_text="Excel").click()
            assert clicked.value.suggested_filename.endswith(".xlsx")
            workbook = pl.read_excel(clicked.value.path())
            assert {"feed", "bestand", "status"} <= set(workbook.columns) and len(workbook) > 0
            with page.expect_download(timeout=60_000) as clicked:
                page.locator(".st-key-dq_deliveries_block [data-testid=stDownloadButton]").filter(
                    has_text="CSV").click()
            assert clicked.value.suggested_filename.endswith(".csv")
            csv = read_csv_download(Path(clicked.value.path()).read_bytes())
            assert {"feed", "bestand", "status"} <= set(csv.columns) and len(csv) == len(workbook)
            # the sidebar navigation and the language switch, as a reader uses them
            page.get_by_role("link", name="Kosten").click()
            settle(page)
            page.get_by_text("English", exact=True).click()
            page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Costs'", timeout=60_000)
            settle(page)
            assert "per supervised student" in page.locator(".st-key-headline").inner_text()
            choices = [box.input_value() for box in page.locator("[data-testid=stSelectbox] input").all()]
            assert "All partnerships" in choices, choices   # the filters speak English too
            assert not [c for c in choices if c.startswith("Alle ")], choices
            assert page.locator(ERRORS).count() == 0
            page.screenshot(path=str(shots / "7-kosten-english.png"))
            assert not page_errors, page_errors
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == len(PAGES) + 1
    assert all(p.stat().st_size > 10_000 for p in shots.glob("*.png"))
    assert "Traceback" not in log.read_text(), log.read_text()
    keep = os.environ.get("REGIOMONITOR_SCREENSHOTS")  # optional: copy the screenshots somewhere to look at
    if keep:
        shutil.copytree(shots, keep, dirs_exist_ok=True)


def test_a_partnership_viewer_in_a_real_browser(server, tmp_path, tmp_path_factory):
    """The demo's "view as" selector, as a reader uses it: as a partnership, the page shows its own
    name, the other partnerships of its region only under their labels, and a chosen label travels
    in the URL."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    url, log = server
    home = published_home(tmp_path_factory)
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        partnerships = con.execute("select partnership_code, partnership_name, region_code from marts.partnerships "
                                   "order by partnership_code").fetchall()
    finally:
        con.close()
    mine, my_name, region = partnerships[0]
    others = [(c, n) for c, n, r in partnerships[1:] if r == region]
    assert others, "the demo home should have more than one partnership"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{url}/kosten")
            settle(page)
            assert "Demo" in page.locator("[data-testid=stAlertContentWarning]").first.inner_text()
            page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
            page.get_by_role("option", name=f"{mine.lower()}@demo.regiomonitor.nl").click()
            page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stSidebar] input')]"
                                   f".some(i => i.value.includes({mine.lower()!r}))", timeout=60_000)
            settle(page)
            main = page.locator("[data-testid=stMain]")
            partnership = main.locator("[data-testid=stSelectbox]").nth(1)      # the partnership filter
            partnership.click()
            options = page.get_by_role("option").all_inner_texts()
            assert f"{my_name} ({mine})" in options, options
            labels = [o for o in options if re.fullmatch(r"Partnerschap [A-Z]+", o)]
            assert len(labels) == len(others), options                       # the others only as labels
            assert not [s for c, n in others for s in (c, n) for o in options if s in o], options
            page.get_by_role("option", name=labels[0], exact=True).click()
            page.wait_for_function("() => document.querySelector('.st-key-headline')?.innerText"
                                   f".includes({labels[0]!r})", timeout=60_000)
            settle(page)
            assert f"kosten_partnership={labels[0].replace(' ', '+')}" in page.url.replace("%20", "+"), page.url
            text = main.inner_text()
            assert not [s for c, n in others for s in (c, n) if s in text], text
            assert page.locator(ERRORS).count() == 0
            page.screenshot(path=str(tmp_path / "kosten-as-partnership.png"), full_page=True)
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(), log.read_text()


def test_every_page_by_its_url_with_its_filters_links_and_speed(server, tmp_path):
    """Every page opens by its URL, with its filters in the URL (/overzicht too, which once gave
    Streamlit's "Page not found"); a KPI card leads to its page on the same filters; a chosen year
    follows the reader. The time to the headline and to the whole page (every chart drawn) is
    measured per page from the navigation start (performance.now()) and written to
    speed.json (REGIOMONITOR_SPEED=FILE copies it out; BENCHMARKS.md has the figures on a
    national home, REGIOMONITOR_BROWSER_HOME)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    url, log = server
    speed = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            for name in PAGES:                               # warm the server's caches once
                page.goto(f"{url}/{name}")
                settle(page)
            for name, title in zip(PAGES, TITLES["nl"]):
                page.goto(f"{url}/{name}", wait_until="commit")
                page.wait_for_selector(".st-key-headline p", timeout=60_000)
                headline_ms = page.evaluate("() => performance.now()")
                settle(page, pause=False)
                speed[name] = {"headline_ms": round(headline_ms), "page_ms": round(page.evaluate("() => performance.now()"))}
                assert page.locator("h1").first.inner_text().strip() == title
                assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
            # /overzicht with its filters in the URL
            years = [o for o in page_options(page, url, "overzicht", 1)]
            page.goto(f"{url}/overzicht?overzicht_year={years[-1]}")
            settle(page)
            assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
            assert page.locator("h1").first.inner_text().strip() == "Overzicht"
            assert selected(page, 1) == years[-1] and years[-1] in page.locator(".st-key-headline").inner_text()
            # a KPI card leads to its page on the same region and year
            page.get_by_role("link", name="Naar Kosten").click()
            page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Kosten'", timeout=60_000)
            settle(page)
            assert "kosten_year=" + years[-1] in page.url and selected(page, 2) == years[-1], page.url
            # the year follows the reader to another page
            page.get_by_role("link", name="Capaciteit").click()
            page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Capaciteit'",
                                   timeout=60_000)
            settle(page)
            assert selected(page, 1) == years[-1]
            # every other page by URL with a filter
            for name, key in (("uitval", "uitval_horizon"), ("doorstroom", "doorstroom_year"),
                              ("datakwaliteit", "dq_status")):
                options = page_options(page, url, name, {"uitval_horizon": 5, "doorstroom_year": 2,
                                                          "dq_status": 1}[key])
                page.goto(f"{url}/{name}?{key}={options[-1]}")
                settle(page)
                assert page.locator(ERRORS).count() == 0, (name, page.locator(ERRORS).all_inner_texts())
                assert options[-1] in [box.input_value() for box in page.locator("[data-testid=stMain] "
                                                                                 "[data-testid=stSelectbox] input").all()]
        finally:
            browser.close()
    (tmp_path / "speed.json").write_text(json.dumps(speed, indent=1))
    if os.environ.get("REGIOMONITOR_SPEED"):
        Path(os.environ["REGIOMONITOR_SPEED"]).write_text(json.dumps(speed, indent=1))
    assert "Traceback" not in log.read_text(), log.read_text()


def selected(page, n: int) -> str:
    """The shown value of the page's n-th filter (0 is the first)."""
    return page.locator("[data-testid=stMain] [data-testid=stSelectbox] input").nth(n).input_value()


def page_options(page, url: str, name: str, n: int) -> list[str]:
    """The options of a page's n-th filter, as the reader sees them."""
    page.goto(f"{url}/{name}")
    settle(page)
    page.locator("[data-testid=stMain] [data-testid=stSelectbox]").nth(n).click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_a_long_wide_table_prints_whole_within_the_page_width(server, tmp_path, tmp_path_factory):
    """Print as the reader's print dialog does (Chromium's print to PDF, here through DevTools, then
    `pdftotext`): Capaciteit's table of every year and sector - more rows than the grid shows, twelve
    columns - prints every row, over more than one A4 page, with its last column on the paper; and
    Datakwaliteit's tables in folded expanders print unfolded."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    url, log = server
    home = Path(os.environ["REGIOMONITOR_BROWSER_HOME"]) if os.environ.get("REGIOMONITOR_BROWSER_HOME") \
        else published_home(tmp_path_factory)
    pdf = tmp_path / "capaciteit.pdf"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{url}/capaciteit")
            settle(page)
            region = selected(page, 0).rsplit("(", 1)[-1].rstrip(")")
            block = page.locator(".st-key-capaciteit_block")
            assert block.locator("[data-testid=stDataFrame]").first.is_visible()       # on screen the grid,
            assert not block.locator(".print-table").first.is_visible()                # not the print table
            page.emulate_media(media="print")
            overflow = page.evaluate("""() => [...document.querySelectorAll('.print-table table')]
                .filter(t => t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1)
                .length""")
            assert overflow == 0, "a printed table is wider than its page"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            page.goto(f"{url}/datakwaliteit")       # its tables sit in folded expanders
            settle(page)
            page.pdf(path=str(tmp_path / "datakwaliteit.pdf"), format="A4")
        finally:
            browser.close()
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        rows = con.execute("select count(*) from marts.capacity_region where region_code = ?", [region]).fetchone()[0]
    finally:
        con.close()
    assert rows > 12, "the test needs a table longer than the grid shows on screen"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = re.findall(r"^\s*20\d\d\s+(?:po|vo|mbo)\s+\d", text, re.MULTILINE)
    assert len(printed) == rows, (len(printed), rows, text[:3000])
    assert text.count("\f") > 1, "a long page continues over more than one sheet"
    assert "schaarste" in text and "Totaal" in text, "the last column and the totals are on the paper"
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "datakwaliteit.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"feed\s+bestand\s+rij\s+reden\s+fase", text), "a folded expander's table prints too"
    assert "Traceback" not in log.read_text(), log.read_text()
