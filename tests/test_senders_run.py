"""The senders' side on a real home and real runs (`regiomonitor run`: Dagster, dbt, Great
Expectations): a filled template and a Dutch-headed file load like any delivery, every delivery gets a
receipt equal to ops.deliveries / ops.rejected_rows in its sender's language, and notifications reach
a real SMTP server (aiosmtpd on 127.0.0.1) and a local webhook: a summary per sender with rejections,
per scope with KPIs gone off target, and to the data engineers for a failed run (the run-failure
sensor), with no person key in any message. One home per module, built by one run (a second run
brings the KPI targets)."""
from __future__ import annotations

import csv
import http.server
import os
import re
import signal
import io
import json
import subprocess
import threading
from email import message_from_bytes, policy
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest
import yaml
from aiosmtpd.controller import Controller

from deployment.home import Home
from orchestration.senders.receipts import LABELS, SUFFIX
from sources.senders.template import DATA_SHEET, template_bytes
from sources.senders.wording import in_language
from sources.generator import generate
from tests.builders import csv_bytes, deliver
from tests.dashboard_support import NO_SCRIPT_RUN
from tests.support import REGIOMONITOR, cli_env, free_port
from validations.feeds import FEEDS

ENGINEER, OWNER = "data@platform.example", "kwaliteit@regio.example"


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages: list[tuple[list[str], object]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos),
                              message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


class Hook(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def listeners():
    mail = Inbox()
    smtp = Controller(mail, hostname="127.0.0.1", port=free_port())
    smtp.start()
    Hook.received = []
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        yield mail, smtp.port, Hook.received, f"http://127.0.0.1:{hook.server_address[1]}/hook"
    finally:
        smtp.stop()
        hook.shutdown()


def _settings(home: Path, smtp_port: int, hook_url: str, senders: dict) -> None:
    (home / "regiomonitor.yaml").write_text(yaml.safe_dump({
        "notify": {"smtp": {"host": "127.0.0.1", "port": smtp_port, "starttls": False, "sender": "rm@platform.example"},
                   "webhook": {"url": hook_url}, "data_engineers": [ENGINEER],
                   "quality_owners": {"OR-FRYSLAN": [OWNER]}},
        "senders": senders}))


def _run(home: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([REGIOMONITOR, "run", "--home", str(home)], capture_output=True, text=True,
                            env=cli_env(), timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _sql(home: Path, query: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def filled_template(feed: str, rows: list[dict]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(feed)))
    sheet = book[DATA_SHEET]
    columns = [c.name for c in FEEDS[feed].columns]
    for i, r in enumerate(rows, start=2):
        for j, name in enumerate(columns, start=1):
            if r.get(name) not in (None, ""):
                sheet.cell(row=i, column=j, value=r[name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def run_home(tmp_path_factory, listeners):
    """The demo world with its planted faults, a filled capacity template and a Dutch-headed funding
    file; every sender has a contact, half of them read English; one real run."""
    mail, smtp_port, hooks, hook_url = listeners
    home = tmp_path_factory.mktemp("senders") / "home"
    Home(home).mark_demo()
    Home(home).create()
    generate(home / "inbox", scale="demo", seed=1, faults=True)
    schools = list(csv.DictReader((home / "inbox" / "schools").glob("*.csv").__next__().open(encoding="cp1252"),
                                  delimiter=";"))
    school = next(s for s in schools if s["sector"] == "po")
    template = [{"school_code": school["school_code"], "academic_year": 2015, "sector": "po",
                 "subject": "", "places_offered": 4, "supervisors": 3, "supervision_fte_available": 0.25}]
    deliver(home / "inbox", "capacity", f"{school['school_code']}_2015.xlsx", filled_template("capacity", template))
    dutch = [{"partnerschapscode": school["partnership_code"], "schooljaar": "2015",
              "financieringsbron": "lumpsum", "bedrag": "1000,50"}]
    deliver(home / "inbox", "funding", f"{school['partnership_code']}_2015_nl.csv", csv_bytes(dutch, delimiter=";"))
    codes = sorted({p.name.split("_")[0] for p in (home / "inbox").rglob("*_*.*")})
    senders = {c: {"contact": [f"{c.lower()}@senders.example"], "language": "en" if i % 2 else "nl"}
               for i, c in enumerate(codes)}
    _settings(home, smtp_port, hook_url, senders)
    _run(home)
    return home, senders, school


def _receipt(path: Path) -> tuple[dict, list[tuple]]:
    book = openpyxl.load_workbook(path)
    first, rows = book.worksheets
    return ({r[0]: r[1] for r in first.iter_rows(values_only=True)},
            [tuple(r) for r in rows.iter_rows(min_row=2, values_only=True)])


def test_a_filled_template_and_a_dutch_headed_file_load_in_a_real_run(run_home):
    home, _, school = run_home
    rows = _sql(home, "select feed, status, rows_received, rows_loaded, rows_rejected, message, delivery_id "
                      "from ops.deliveries where academic_year = 2015 order by feed")
    assert [r[:5] for r in rows] == [("capacity", "loaded", 1, 1, 0), ("funding", "loaded", 1, 1, 0)]
    assert all(r[5].startswith("Dutch column names recognised: ") for r in rows)
    assert _sql(home, "select count(*) from ops.rejected_rows where delivery_id in (?, ?)",
                [r[6] for r in rows]) == [(0,)]
    assert _sql(home, "select places_offered from marts.capacity_region where academic_year = 2015 "
                      "and sector = 'po'") == [(4,)]


def test_every_delivery_has_a_receipt_equal_to_ops_in_its_senders_language(run_home):
    home, senders, _ = run_home
    deliveries = _sql(home, "select delivery_id, sender, file_name, feed, status, rows_received, rows_loaded, "
                            "rows_rejected, message from ops.deliveries where sender is not null")
    assert len(deliveries) > 150
    languages = set()
    for delivery_id, sender, file_name, feed, status, received, loaded, rejected, message in deliveries:
        lang = senders.get(sender, {}).get("language", "nl")
        languages.add(lang)
        t = LABELS[lang]
        head, rows = _receipt(home / "outbox" / sender / f"{feed}_{file_name}{SUFFIX}")
        assert (head[t["file_name"]], head[t["feed"]], head[t["sender"]]) == (file_name, feed, sender)
        assert (head[t["status"]], head[t["rows_received"]], head[t["rows_loaded"]], head[t["rows_rejected"]]) == \
               (t[status], received, loaded, rejected)
        assert head[t["message"]] == (in_language(message, lang) or None)
        expected = _sql(home, "select row_number, reason, stage from ops.rejected_rows where delivery_id = ? "
                              "order by row_number, stage, reason", [delivery_id])
        assert rows == [(n, in_language(r, lang), t[s]) for n, r, s in expected]
    assert languages == {"nl", "en"}
    rejected = _sql(home, "select count(*) from ops.rejected_rows r join ops.deliveries d using (delivery_id) "
                          "where d.sender is not null")[0][0]
    assert rejected > 5                                         # the planted faults are in the receipts


def _person_keys(home: Path) -> set[str]:
    """Every student and supervisor key delivered in the inbox, as delivered."""
    keys = set()
    for feed in ("enrolments", "placements"):
        for path in (home / "inbox" / feed).glob("*.csv"):
            text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
            reader = csv.DictReader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ",")
            for row in reader:
                keys |= {row.get(k) for k in ("student_key", "supervisor_key") if row.get(k) and len(row[k]) > 3}
    return keys


def test_senders_with_rejections_get_one_summary_each_without_personal_data(run_home, listeners):
    home, senders, _ = run_home
    mail, _, hooks, _ = listeners
    with_rejections = {s for s, in _sql(home, "select distinct sender from ops.deliveries where sender is not null "
                                             "and (rows_rejected > 0 or status = 'refused')")}
    to_senders = [(to, m) for to, m in mail.messages if m["Subject"].startswith("regiomonitor: receipt")
                  or m["Subject"].startswith("regiomonitor: ontvangst")]
    assert sorted(to for to, _ in to_senders) == sorted([senders[s]["contact"] for s in with_rejections])
    assert with_rejections and len(with_rejections) < len(senders)
    for to, m in to_senders:
        sender = next(s for s in with_rejections if senders[s]["contact"] == to)
        english = senders[sender]["language"] == "en"
        assert ("rows of your deliveries were rejected" in m.get_content()) == english
        assert SUFFIX in m.get_content()
    assert [h["to"] for h in hooks if h["role"] == "sender"] == [to for to, _ in to_senders]
    keys = _person_keys(home)
    assert len(keys) > 100
    bodies = [m.get_content() + m["Subject"] for _, m in mail.messages] + [json.dumps(h) for h in hooks]
    assert not [k for k in keys if any(k in b for b in bodies)]


def test_a_kpi_gone_off_target_reaches_its_scopes_quality_owners(run_home, listeners):
    home, _, _ = run_home
    mail, _, hooks, _ = listeners
    row = _sql(home, "select scope_code, kpi, academic_year, value from marts.kpi_scorecard where scope_code = "
                     "'OR-FRYSLAN' and kpi = 'dropout_rate_h1' and value > 0 and status <> 'niet_op_koers' "
                     "order by academic_year desc limit 1")
    assert row, "the demo region has a dropout rate"
    scope, kpi, year, value = row[0]
    targets = [{"scope_code": scope, "kpi": kpi, "academic_year": str(year), "target_value": "0",
                "direction": "lower_is_better"}]
    deliver(home / "inbox", "kpi_targets", "NL_2099_streng.csv", csv_bytes(targets))
    before = len(mail.messages)
    _run(home)
    assert _sql(home, "select status from marts.kpi_scorecard where scope_code = ? and kpi = ? and academic_year = ?",
                [scope, kpi, year]) == [("niet_op_koers",)]
    new = mail.messages[before:]
    kpi_mail = [(to, m) for to, m in new if "off target" in m["Subject"]]
    assert [to for to, _ in kpi_mail] == [[OWNER]]
    assert f"{scope} {kpi} {year}" in kpi_mail[0][1].get_content()
    assert [h["to"] for h in hooks if h["role"] == "quality_owners"] == [[OWNER]]


def test_a_failed_run_reaches_the_data_engineers_once_through_the_run_failure_sensor(tmp_path, monkeypatch,
                                                                                     listeners):
    """A run that fails (here: no pseudonymisation secret in a home that is no demo) is told by the
    run-failure sensor once, however often the sensor sees it."""
    from orchestration.definitions import build
    from orchestration.failure_sensor import run_failure_notice
    from orchestration.resources import HomeResource
    mail, smtp_port, hooks, hook_url = listeners
    home = tmp_path / "home"
    Home(home).create()
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", b"partnership_code\nSOP-A\n")
    _settings(home, smtp_port, hook_url, {})
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY")
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    before = len(mail.messages)
    with dg.DagsterInstance.ephemeral() as instance:
        result = build(Home(home)).resolve_job_def("regiomonitor_pipeline").execute_in_process(
            instance=instance, raise_on_error=False)
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
        for _ in range(2):
            context = dg.build_run_status_sensor_context(
                sensor_name="run_failure_notice", dagster_instance=instance, dagster_run=run,
                dagster_event=failure, resources={"home": HomeResource(path=str(home))}).for_run_failure()
            run_failure_notice(context)
    sent = mail.messages[before:]
    assert [to for to, _ in sent] == [[ENGINEER]]
    text = sent[0][1].get_content()
    assert result.run_id in text and "mislukt" in sent[0][1]["Subject"] and "failed" in text
    assert [h["role"] for h in hooks].count("data_engineers") == 1


# --- the Aanleveren page (AppTest, then a real browser) on the same home -------------------------------------

APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
SENDER_USER, VIEWER_USER = "lever@sop-fr-01.example", "kijk@sop-fr-01.example"


@pytest.fixture(scope="module")
def page_home(run_home):
    """The run home with an access file: a sender for SOP-FR-01 and a school (first: the demo's
    default viewer), and a partnership viewer who may not deliver."""
    home, _, school = run_home
    (home / "access.yaml").write_text(yaml.safe_dump({"users": {
        SENDER_USER: {"role": "sender", "senders": ["SOP-FR-01", school["school_code"]]},
        VIEWER_USER: {"role": "partnership", "partnerships": ["SOP-FR-01"]}}}, sort_keys=False))
    return home, school


def _page(home: Path, monkeypatch, user: str = SENDER_USER):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.sidebar.selectbox(key="demo_viewer").set_value(user).run()
    at.switch_page("reports/aanleveren.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    return "\n".join(e.value for kind in ("success", "warning", "error", "info", "markdown", "caption")
                     for e in getattr(at, kind))


def _funding(partnership: str, amount: str = "2500") -> bytes:
    return csv_bytes([{"partnership_code": partnership, "academic_year": "2014", "funding_source": "lumpsum",
                       "amount_eur": amount}])


def test_the_upload_page_offers_only_own_codes_checks_at_once_and_writes_only_on_confirmation(page_home, monkeypatch):
    home, school = page_home
    at = _page(home, monkeypatch)
    assert at.selectbox(key="upload_sender").options == ["SOP-FR-01", school["school_code"]]
    at.selectbox(key="upload_feed").set_value("funding").run()
    at.number_input(key="upload_year").set_value(2014).run()
    at.file_uploader(key="upload_file").set_value(("mijn bestand.csv", _funding("SOP-FR-01"), "text/csv")).run()
    assert "Wordt aangeleverd als **SOP-FR-01_2014.csv** in de feed **funding**." in _texts(at)
    assert "In orde: alle 1 rijen zouden laden." in _texts(at)
    target = home / "inbox" / "funding" / "SOP-FR-01_2014.csv"
    assert not target.exists()                                   # checked, not delivered
    at.button(key="upload_confirm").click().run()
    assert target.read_bytes() == _funding("SOP-FR-01")
    # the same again, corrected: its own name, the first file untouched
    at.file_uploader(key="upload_file").set_value(("x.csv", _funding("SOP-FR-01", "3000"), "text/csv")).run()
    at.button(key="upload_confirm").click().run()
    assert target.read_bytes() == _funding("SOP-FR-01")
    assert (home / "inbox" / "funding" / "SOP-FR-01_2014_correctie.csv").read_bytes() == _funding("SOP-FR-01", "3000")


def test_the_upload_page_refuses_other_codes_and_shows_rejected_rows(page_home, monkeypatch):
    home, _ = page_home
    at = _page(home, monkeypatch)
    at.selectbox(key="upload_feed").set_value("funding").run()
    before = sorted((home / "inbox").rglob("*"))
    at.file_uploader(key="upload_file").set_value(("SOP-FR-02_2014.csv", _funding("SOP-FR-02"), "text/csv")).run()
    assert "je mag niet aanleveren voor afzender SOP-FR-02" in _texts(at)
    assert not [b for b in at.button if b.key == "upload_confirm"]
    at.file_uploader(key="upload_file").set_value(("y.csv", _funding("SOP-FR-01", "-5"), "text/csv")).run()
    assert "1 van de 1 rijen zouden worden afgekeurd" in _texts(at)
    assert at.dataframe[0].value.iloc[0].tolist() == [1, "amount_eur: moet tussen 0 en 100000000 liggen"]
    at.file_uploader(key="upload_file").set_value(("z.csv", b"", "text/csv")).run()
    assert "Het bestand zou worden geweigerd: leeg bestand (0 bytes)" in _texts(at)
    assert not [b for b in at.button if b.key == "upload_confirm"]
    assert sorted((home / "inbox").rglob("*")) == before
    viewer = _page(home, monkeypatch, VIEWER_USER)
    assert "Je account mag niets aanleveren" in _texts(viewer) and not viewer.file_uploader


def _idle(page) -> None:
    """Wait until Streamlit's script run is over: a widget clicked during a rerun is redrawn under the
    pointer, so an opened list closes again (the cause of this test's earlier flakiness on CI)."""
    page.wait_for_timeout(300)
    page.wait_for_function(NO_SCRIPT_RUN, timeout=120_000)


def _pick(page, key: str, option: str, tries: int = 5) -> None:
    """Choose `option` in the selectbox `key`, opening the list again when a rerun closed it."""
    box = page.locator(f".st-key-{key}")
    box.wait_for(timeout=120_000)
    for _ in range(tries):
        _idle(page)
        box.click()
        choice = page.get_by_role("option", name=option)
        try:
            choice.first.wait_for(timeout=5_000)
        except Exception:
            page.keyboard.press("Escape")
            continue
        choice.first.click()
        page.wait_for_function("([key, option]) => { const box = document.querySelector('.st-key-' + key);"
                               " return box.innerText.includes(option)"
                               " || [...box.querySelectorAll('input')].some(i => i.value.includes(option)); }",
                               arg=[key, option], timeout=30_000)
        _idle(page)
        return
    raise AssertionError(f"the list of {key} never offered {option!r}: {box.inner_text()}")


def test_the_upload_page_in_a_real_browser(page_home, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("/usr/bin/chromium is missing")
    home, _ = page_home
    port = free_port()
    log = open(tmp_path / "dashboard.log", "w")
    proc = subprocess.Popen([REGIOMONITOR, "dashboard", "--home", str(home), "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, env=cli_env(), start_new_session=True)
    upload = tmp_path / "aanlevering.csv"
    upload.write_bytes(_funding("SOP-FR-01", "4000").replace(b"2014", b"2013"))
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for _ in range(180):
                try:
                    page.goto(f"http://127.0.0.1:{port}/aanleveren")
                    break
                except sync_api.Error:
                    assert proc.poll() is None, (tmp_path / "dashboard.log").read_text()
                    page.wait_for_timeout(500)
            page.get_by_role("heading", name="Aanleveren").wait_for(timeout=120_000)
            _pick(page, "upload_feed", "subsidie (funding)")      # names first, the code beside
            year = page.locator(".st-key-upload_year input")
            year.fill("2013")
            year.press("Enter")
            _idle(page)
            page.locator(".st-key-upload_file input[type=file]").set_input_files(str(upload))
            page.get_by_text("In orde: alle 1 rijen zouden laden.").wait_for(timeout=120_000)
            assert not (home / "inbox" / "funding" / "SOP-FR-01_2013.csv").exists()
            page.locator(".st-key-upload_confirm button").click()
            page.get_by_text(re.compile(r"^Aangeleverd als SOP-FR-01_2013\.csv")).wait_for(timeout=120_000)
            assert page.locator("[data-testid=stException]").count() == 0
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    assert (home / "inbox" / "funding" / "SOP-FR-01_2013.csv").read_bytes() == upload.read_bytes()
