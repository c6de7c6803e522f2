"""Notifications: one summary per run and recipient group, by e-mail (SMTP) and/or a webhook, as
`notify` in regiomonitor.yaml says; nothing is sent when neither is set.

- a failed run or a blocking gate -> `notify.data_engineers` (the run-failure sensor in
  orchestration/failure_sensor.py, and `regiomonitor run` itself; once per run);
- deliveries with rejected rows or refused -> the sender's `senders.<code>.contact`, in its language;
- KPIs that went off target -> `notify.quality_owners.<scope code>`.

Messages hold codes, file names, counts and rule texts: never a row's values (ingest's reasons never
hold them), so no person key or personal value leaves in a message. A notification that cannot be
delivered is logged and never fails the run: the run's outcome is already recorded.
"""
from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path

from deployment.settings import NotifySettings, Settings

log = logging.getLogger(__name__)
TIMEOUT = 30


@dataclass(frozen=True)
class Notice:
    role: str                      # data_engineers | sender | quality_owners
    to: tuple[str, ...]
    subject: str
    text: str


def send(settings: NotifySettings, notices: list[Notice]) -> list[str]:
    """Deliver each notice by SMTP (when set and it has recipients) and to the webhook (when set);
    the errors, logged, in words."""
    errors = []
    for notice in notices:
        if settings.smtp and notice.to:
            try:
                _mail(settings, notice)
            except (OSError, smtplib.SMTPException) as e:
                errors.append(f"e-mail '{notice.subject}' to {len(notice.to)} recipient(s) failed: {e}")
        if settings.webhook:
            try:
                _post(settings, notice)
            except OSError as e:
                errors.append(f"webhook '{notice.subject}' failed: {e}")
    for e in errors:
        log.warning(e)
    return errors


def _mail(settings: NotifySettings, notice: Notice) -> None:
    smtp = settings.smtp
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, ", ".join(notice.to), notice.subject
    msg.set_content(notice.text)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT) as server:
        if smtp.starttls:
            server.starttls(context=ssl.create_default_context())
        if smtp.username:
            server.login(smtp.username, os.environ.get(smtp.password_env, ""))
        server.send_message(msg)


def _post(settings: NotifySettings, notice: Notice) -> None:
    hook = settings.webhook
    headers = {"Content-Type": "application/json"}
    if hook.token_env and os.environ.get(hook.token_env):
        headers["Authorization"] = f"Bearer {os.environ[hook.token_env]}"
    body = json.dumps({**asdict(notice), "to": list(notice.to)}).encode()
    with urllib.request.urlopen(urllib.request.Request(hook.url, data=body, headers=headers, method="POST"),
                                timeout=TIMEOUT) as response:
        response.read()


# -- what is said --------------------------------------------------------------------------------------------

def failure_notice(settings: NotifySettings, run_id: str, failure: str, blocking: list[str]) -> Notice:
    lines = [f"De pijplijnrun {run_id} is mislukt; de vorige snapshot blijft gepubliceerd.",
             f"The pipeline run {run_id} failed; the previous snapshot stays published.", ""]
    if failure:
        lines.append(f"Oorzaak / cause: {_line(failure)}")
    lines += [f"Blokkerende controle / blocking check: {_line(b)}" for b in blocking[:20]]
    lines += ["", "Zie / see: regiomonitor status, HOME/logs/last-run.log, the Dagster UI."]
    return Notice("data_engineers", tuple(settings.data_engineers), f"regiomonitor: run {run_id[:8]} mislukt / failed",
                  "\n".join(lines))


def receipt_notices(settings: Settings, receipts) -> list[Notice]:
    """Per sender, one notice for its new deliveries that were refused or had rows rejected."""
    by_sender = defaultdict(list)
    for r in receipts:
        if r.status == "refused" or r.rows_rejected:
            by_sender[r.sender].append(r)
    out = []
    for sender, items in sorted(by_sender.items()):
        own = settings.sender(sender)
        nl = own.language == "nl"
        head = (f"Aan {sender}: in uw aanlevering(en) zijn rijen afgekeurd of bestanden geweigerd." if nl else
                f"To {sender}: rows of your deliveries were rejected or files refused.")
        lines = [head, ""]
        for r in items:
            what = ("geweigerd" if nl else "refused") if r.status == "refused" else \
                (f"{r.rows_rejected} rij(en) afgekeurd" if nl else f"{r.rows_rejected} row(s) rejected")
            lines.append(f"- {r.file_name}: {what}")
        lines += ["", ("Elke rij en de reden staan in de ontvangstbevestiging (outbox/{s}/<bestand>.ontvangst.xlsx, "
                       "ook op de pagina Aanleveren)." if nl else
                       "Each row and its reason are in the receipt (outbox/{s}/<file>.ontvangst.xlsx, also on the "
                       "upload page).").format(s=sender)]
        subject = (f"regiomonitor: ontvangst van {len(items)} aanlevering(en) met afkeuringen" if nl else
                   f"regiomonitor: receipt of {len(items)} delivery(ies) with rejections")
        out.append(Notice("sender", tuple(own.contact), subject, "\n".join(lines)))
    return out


def kpi_notices(settings: NotifySettings, alerts: list[str]) -> list[Notice]:
    """Per scope, one notice of the KPIs that went niet_op_koers (alerts as orchestration.assets.gates
    words them: '<scope> <kpi> <year>: <value> vs target <target>')."""
    by_scope = defaultdict(list)
    for alert in alerts:
        by_scope[alert.split(" ", 1)[0]].append(alert)
    return [Notice("quality_owners", tuple(settings.quality_owners.get(scope, ())),
                   f"regiomonitor: {len(items)} KPI('s) van {scope} niet op koers / off target",
                   "\n".join([f"KPI's van {scope} die sinds de vorige snapshot niet op koers zijn / KPIs of {scope} "
                              "that went off target since the previous snapshot:", ""] + [f"- {a}" for a in items]))
            for scope, items in sorted(by_scope.items())]


def notify_failure_once(settings: NotifySettings, marker_dir: Path, run_id: str, failure: str,
                        blocking: list[str]) -> bool:
    """Tell the data engineers of a failed run, unless it was told already (the sensor and
    `regiomonitor run` may both see it); True when this call sent it."""
    if not run_id or not (settings.smtp or settings.webhook):
        return False
    marker_dir.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(marker_dir / run_id, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    send(settings, [failure_notice(settings, run_id, failure, blocking)])
    return True


def _line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())[:500]
