"""Receipts: after a run has published, every delivery that has none yet gets one for its sender,
`HOME/outbox/<sender>/<feed>_<file>.ontvangst.xlsx` (the feed in the name, since a sender may deliver
files of one name to two feeds), in the sender's language (`senders.<code>.language`
in regiomonitor.yaml, Dutch by default).

A receipt is the delivery's row of ops.deliveries and its rows of ops.rejected_rows in the snapshot
just published (reasons and messages through senders.wording), so it says what the sender's
dashboard says. Its cells go through dashboards.export's neutralisation: file names and reasons
are sender-chosen text. A file delivered again under the same name gets a new receipt in the old one's
place. Files refused before a sender could be read from their name (wrong folder or name) have no
sender, and no receipt; DUO's free-named files neither (DUO reads no receipts).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import xlsxwriter

from dashboards.export import XLSX_OPTIONS, neutralise
from deployment.home import Home
from sources.senders.upload import RECEIPT_SUFFIX
from sources.senders.wording import in_language
from deployment.settings import Settings

MANIFEST = ".receipts.json"               # delivery_id -> receipt written, so each delivery gets one
SUFFIX = RECEIPT_SUFFIX
FIELDS = ["file_name", "feed", "sender", "academic_year", "status", "rows_received", "rows_loaded", "rows_rejected",
          "received_at", "message"]
LABELS = {
    "nl": {"sheet": "ontvangst", "rows_sheet": "afgekeurde rijen", "file_name": "bestand", "feed": "feed",
           "sender": "afzender", "academic_year": "schooljaar", "status": "status", "rows_received": "rijen ontvangen",
           "rows_loaded": "rijen geladen", "rows_rejected": "rijen afgekeurd", "received_at": "ontvangen op",
           "message": "melding", "row_number": "rij", "reason": "reden", "stage": "waar",
           "ingest": "bij ontvangst", "build": "bij verwerking",
           "loaded": "geladen", "replaced": "vervangen", "duplicate": "dubbel (al ontvangen)", "refused": "geweigerd"},
    "en": {"sheet": "receipt", "rows_sheet": "rejected rows", "file_name": "file", "feed": "feed", "sender": "sender",
           "academic_year": "academic year", "status": "status", "rows_received": "rows received",
           "rows_loaded": "rows loaded", "rows_rejected": "rows rejected", "received_at": "received at",
           "message": "message", "row_number": "row", "reason": "reason", "stage": "where",
           "ingest": "on arrival", "build": "on build",
           "loaded": "loaded", "replaced": "replaced", "duplicate": "duplicate (received before)",
           "refused": "refused"},
}


@dataclass(frozen=True)
class Receipt:
    delivery_id: int
    sender: str
    file_name: str
    status: str
    rows_rejected: int
    path: Path


def receipt_path(home: Home, sender: str, feed: str, file_name: str) -> Path:
    """Where a delivery's receipt lies; a name too long for the file system with the suffix is shortened."""
    name = f"{feed}_{file_name}"
    while len(f"{name}{SUFFIX}".encode()) > 255:
        name = name[:-1]
    return home.root / "outbox" / sender / f"{name}{SUFFIX}"


def write_receipts(home: Home, settings: Settings) -> list[Receipt]:
    """Write the receipts the published snapshot's deliveries do not have yet; the new ones."""
    outbox = home.root / "outbox"
    manifest_path = outbox / MANIFEST
    done = set(json.loads(manifest_path.read_text())) if manifest_path.exists() else set()
    con = duckdb.connect(str(home.published), read_only=True)
    try:
        deliveries = con.execute(f"select delivery_id, {', '.join(FIELDS)} from ops.deliveries "
                                 "where sender is not null order by delivery_id").fetchall()
        new = [d for d in deliveries if str(d[0]) not in done]
        rows = con.execute("select delivery_id, row_number, reason, stage from ops.rejected_rows "
                           "where delivery_id in (select unnest(?)) order by delivery_id, row_number, stage, reason",
                           [[d[0] for d in new]]).fetchall() if new else []
    finally:
        con.close()
    by_delivery: dict[int, list[tuple]] = {}
    for delivery_id, *rest in rows:
        by_delivery.setdefault(delivery_id, []).append(tuple(rest))
    out = []
    for delivery_id, *values in new:
        d = dict(zip(FIELDS, values))
        path = receipt_path(home, d["sender"], d["feed"], d["file_name"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(receipt_bytes(d, by_delivery.get(delivery_id, []), settings.sender(d["sender"]).language))
        out.append(Receipt(delivery_id, d["sender"], d["file_name"], d["status"], d["rows_rejected"], path))
        done.add(str(delivery_id))
    if out:
        manifest_path.write_text(json.dumps(sorted(done, key=int)))
    return out


def receipt_bytes(delivery: dict, rejected: list[tuple], lang: str) -> bytes:
    """One receipt: the delivery on the first sheet, its rejected rows (row, reason, where) on the second."""
    t = LABELS[lang]
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, **XLSX_OPTIONS})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(t["sheet"])
    for i, field in enumerate(FIELDS):
        value = delivery[field]
        if field == "status":
            value = t.get(value, value)
        elif field == "message":
            value = in_language(value, lang) or None
        elif field == "received_at":
            value = str(value)
        sheet.write_string(i, 0, t[field], bold)
        _write(sheet, i, 1, value)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 80)
    rows = book.add_worksheet(t["rows_sheet"])
    rows.write_row(0, 0, [t["row_number"], t["reason"], t["stage"]], bold)
    for i, (row_number, reason, stage) in enumerate(rejected, start=1):
        _write(rows, i, 0, row_number)
        _write(rows, i, 1, in_language(reason, lang))
        _write(rows, i, 2, t.get(stage, stage))
    rows.set_column(1, 1, 100)
    book.close()
    return buf.getvalue()


def _write(sheet, row: int, col: int, value) -> None:
    if value is None:
        return
    if isinstance(value, (int, float)):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, neutralise(str(value)))
