"""Notifications (orchestration/notify.py) through a real SMTP server (aiosmtpd on 127.0.0.1) and a
local webhook receiver, and the upload's way into the inbox (orchestration/senders/upload.py):
names for the user's own codes only, never over another file. The whole path in real runs is in
tests/test_senders_run.py."""
from __future__ import annotations

import http.server
import json
import ssl
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from orchestration.notify import (Notice, failure_notice, kpi_notices, notify_failure_once, receipt_notices,
                                  send)
from orchestration.senders.receipts import Receipt
from sources.senders.upload import NotAllowed, Upload, deliver, feeds_for, plan
from deployment.settings import NotifySettings, Settings
from tests.support import free_port


@pytest.fixture
def receivers():
    mails, hooks = [], []

    class Mail:
        async def handle_DATA(self, server, session, envelope):
            mails.append((envelope.mail_from, list(envelope.rcpt_tos),
                          message_from_bytes(envelope.content, policy=policy.default)))
            return "250 OK"

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            hooks.append((self.headers.get("Authorization"),
                          json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    smtp = Controller(Mail(), hostname="127.0.0.1", port=free_port())
    smtp.start()
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    settings = NotifySettings.model_validate({
        "smtp": {"host": "127.0.0.1", "port": smtp.port, "starttls": False, "sender": "rm@platform.example"},
        "webhook": {"url": f"http://127.0.0.1:{hook.server_address[1]}/h", "token_env": "HOOK_TOKEN"},
        "data_engineers": ["de@platform.example"], "quality_owners": {"OR-A": ["q@a.example"]}})
    try:
        yield settings, mails, hooks
    finally:
        smtp.stop()
        hook.shutdown()


def test_a_notice_goes_by_mail_and_to_the_webhook(receivers, monkeypatch):
    settings, mails, hooks = receivers
    monkeypatch.setenv("HOOK_TOKEN", "t0k3n")
    assert send(settings, [Notice("data_engineers", ("a@x.example", "b@x.example"), "onderwerp", "tekst")]) == []
    [(sender, to, message)] = mails
    assert (sender, to, message["Subject"], message.get_content().strip()) == \
        ("rm@platform.example", ["a@x.example", "b@x.example"], "onderwerp", "tekst")
    assert hooks == [("Bearer t0k3n", {"role": "data_engineers", "to": ["a@x.example", "b@x.example"],
                                       "subject": "onderwerp", "text": "tekst"})]


def test_mail_is_sent_over_starttls_with_the_password_from_the_environment(tmp_path, monkeypatch):
    """The server refuses mail and login before STARTTLS (require_starttls); the client verifies the
    server's certificate against the CAs it trusts (here a throwaway CA, via SSL_CERT_FILE)."""
    trustme = pytest.importorskip("trustme")
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ca = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_tls)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    mails, logins = [], []

    class Mail:
        async def handle_DATA(self, server, session, envelope):
            mails.append((session.ssl is not None, list(envelope.rcpt_tos)))
            return "250 OK"

    def authenticate(server, session, envelope, mechanism, data):
        logins.append((session.ssl is not None, isinstance(data, LoginPassword) and (data.login, data.password)))
        return AuthResult(success=True)

    smtp = Controller(Mail(), hostname="127.0.0.1", port=free_port(), tls_context=server_tls, require_starttls=True,
                      authenticator=authenticate, auth_required=True,
                      auth_exclude_mechanism=["LOGIN"])   # aiosmtpd's LOGIN waits on smtplib's initial response
    smtp.start()
    try:
        settings = NotifySettings.model_validate({"smtp": {
            "host": "127.0.0.1", "port": smtp.port, "starttls": True, "sender": "rm@platform.example",
            "username": "rm", "password_env": "RM_SMTP_PASSWORD"}})
        notice = Notice("data_engineers", ("de@platform.example",), "onderwerp", "tekst")
        monkeypatch.setenv("RM_SMTP_PASSWORD", "geheim")
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
        assert send(settings, [notice]) == []
        assert mails == [(True, ["de@platform.example"])] and logins == [(True, (b"rm", b"geheim"))]
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nothing.pem"))
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        assert "CERTIFICATE_VERIFY_FAILED" in " ".join(send(settings, [notice])) and len(mails) == 1  # not trusted
    finally:
        smtp.stop()


def test_an_unreachable_server_is_reported_not_raised():
    settings = NotifySettings.model_validate({"smtp": {"host": "127.0.0.1", "port": free_port(), "starttls": False,
                                                       "sender": "rm@x.example"},
                                              "webhook": {"url": f"http://127.0.0.1:{free_port()}/h"}})
    errors = send(settings, [Notice("sender", ("a@x.example",), "s", "t")])
    assert len(errors) == 2 and errors[0].startswith("e-mail 's' to 1 recipient(s) failed")


def test_a_failed_run_is_told_once(receivers, tmp_path):
    settings, mails, hooks = receivers
    for _ in range(3):
        notify_failure_once(settings, tmp_path / "notified", "run-1234", "step ingest failed: boom",
                            ["marts/x:gate_grain_unique: 2 duplicates"])
    [(_, to, message)] = mails
    assert to == ["de@platform.example"] and "run-1234" in message.get_content()
    assert "gate_grain_unique: 2 duplicates" in message.get_content() and len(hooks) == 1


def test_one_summary_per_sender_and_per_scope():
    settings = Settings.model_validate({"senders": {"21PB": {"contact": ["i@21pb.example"], "language": "en"}},
                                        "notify": {"quality_owners": {"OR-A": ["q@a.example"]}}})
    receipts = [Receipt(1, "21PB", "21PB_2023.csv", "loaded", 3, None), Receipt(2, "21PB", "21PB_2022.csv",
                                                                              "refused", 0, None),
                Receipt(3, "21PB", "21PB_2021.csv", "loaded", 0, None), Receipt(4, "SOP-A", "SOP-A_2023.csv",
                                                                              "loaded", 0, None)]
    [notice] = receipt_notices(settings, receipts)
    assert notice.to == ("i@21pb.example",) and "21PB_2023.csv: 3 row(s) rejected" in notice.text
    assert "21PB_2022.csv: refused" in notice.text and "21PB_2021.csv" not in notice.text
    alerts = ["OR-A dropout_rate_h1 2023: 0.25 vs target 0.2", "OR-A students_unplaced 2023: 12 vs target 5",
              "OR-B dropout_rate_h1 2023: 0.3 vs target 0.2"]
    by_scope = {n.subject.split(" van ")[1].split()[0]: n for n in kpi_notices(settings.notify, alerts)}
    assert by_scope["OR-A"].to == ("q@a.example",) and by_scope["OR-B"].to == ()
    assert by_scope["OR-A"].text.count("\n- ") == 2
    assert "vorige snapshot blijft" in failure_notice(settings.notify, "r1", "x", []).text


def test_an_upload_is_named_for_the_users_own_code_and_never_overwrites(tmp_path):
    own = ("SOP-A", "10AA00")
    assert plan("mijn bestand.CSV", "funding", "SOP-A", 2023, own) == Upload("funding", "SOP-A", 2023, "csv")
    assert plan("SOP-A_2022_versie 2!.xlsx", "funding", "10AA00", 2023, own).name == "SOP-A_2022_versie-2.xlsx"
    with pytest.raises(NotAllowed, match="may not deliver for sender SOP-B"):
        plan("SOP-B_2023.csv", "funding", "SOP-A", 2023, own)
    with pytest.raises(NotAllowed, match="does not deliver the feed enrolments"):
        plan("x.csv", "enrolments", "SOP-A", 2023, own)
    with pytest.raises(NotAllowed, match="only .csv and .xlsx"):
        plan("x.exe", "funding", "SOP-A", 2023, own)
    inbox = tmp_path / "home" / "inbox"
    upload = plan("x.csv", "funding", "SOP-A", 2023, own)
    written = [deliver(inbox, upload, f"{i}".encode()) for i in range(3)]
    assert [p.name for p in written] == ["SOP-A_2023.csv", "SOP-A_2023_correctie.csv", "SOP-A_2023_correctie-2.csv"]
    assert [p.read_bytes() for p in written] == [b"0", b"1", b"2"]
    assert list((tmp_path / "home" / "uploads").iterdir()) == []            # nothing left half-written


def test_the_national_lists_are_offered_to_nl_alone():
    """A region or partnership code is offered its own feeds, not the lists only NL delivers (ingest
    would reject every row of them). (A code's kind beyond that cannot be told from its form: a
    school code also has a partnership code's form.)"""
    national = {"institutions", "subjects", "norms"}
    assert national <= set(feeds_for("NL"))
    for code in ("SOP-A", "OR-B"):
        offered = set(feeds_for(code))
        assert {"funding", "regions", "partnerships", "schools", "kpi_targets"} <= offered
        assert not offered & national
    with pytest.raises(NotAllowed, match="does not deliver the feed norms"):
        plan("x.csv", "norms", "OR-B", 2023, ("OR-B",))
