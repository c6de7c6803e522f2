"""A file uploaded on the Aanleveren page, on its way into the inbox: under the contract's name for
the sender's own code, feed and year, checked as ingest will check it (`regiomonitor check`), and
written only on confirmation, never over another file: a correction gets its own name
(`<sender>_<year>_correctie.csv`, `..._correctie-2.csv`, ...), and since a newer delivery of the same
key replaces the older one, it counts as the correction. The bytes are written beside the inbox first
and then linked into it in one step, so ingest never reads half a file."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sources.files.naming import NAME
from validations.authority import NATIONAL, NATIONAL_ONLY
from validations.feeds import FEEDS

EXTENSIONS = ("csv", "xlsx")
RECEIPT_SUFFIX = ".ontvangst.xlsx"        # a receipt in HOME/outbox/<sender>/ (orchestration/senders/receipts.py)
CORRECTION = "correctie"


class NotAllowed(ValueError):
    """An upload the user may not make (another sender's code, a feed the code cannot deliver)."""


@dataclass(frozen=True)
class Upload:
    feed: str
    sender: str
    academic_year: int
    extension: str
    free: str = ""

    @property
    def name(self) -> str:
        free = f"_{self.free}" if self.free else ""
        return f"{self.sender}_{self.academic_year}{free}.{self.extension}"


def feeds_for(sender: str) -> list[str]:
    """The feeds a sender code may deliver: by its form (a BRIN, a school code, a region or
    partnership code), without the national lists, which only NL delivers (ingest rejects every row
    of them from anyone else: validations/authority.py)."""
    return [name for name, feed in FEEDS.items() if not feed.free_names and feed.accepts_sender(sender)
            and (name not in NATIONAL_ONLY or sender == NATIONAL)]


def plan(uploaded_name: str, feed: str, sender: str, academic_year: int, own: tuple[str, ...]) -> Upload:
    """The contract's name for an uploaded file: its own name when that already is a contract name for
    one of the user's codes (its sender, year and free text kept), else the chosen sender and year.
    Raises NotAllowed for a code that is not the user's or a feed it cannot deliver."""
    extension = Path(uploaded_name).suffix.lstrip(".").lower()
    if extension not in EXTENSIONS:
        raise NotAllowed(f"only .csv and .xlsx files are delivered, not '{extension or uploaded_name}'")
    named = NAME.fullmatch(uploaded_name)
    if named:
        sender, academic_year = named["sender"], int(named["year"])
        free = _free(named["free"] or "")
    else:
        free = ""
    if sender not in own:
        raise NotAllowed(f"you may not deliver for sender {sender}: your codes are {', '.join(own) or 'none'}")
    if feed not in feeds_for(sender):
        raise NotAllowed(f"sender {sender} does not deliver the feed {feed}")
    return Upload(feed, sender, academic_year, extension, free)


def _free(text: str) -> str:
    """Free text of a name, reduced to letters, digits, '-' and '_' (it travels into paths and reports)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60]


def deliver(inbox: Path, upload: Upload, data: bytes) -> Path:
    """Write the file into `inbox/<feed>/` under its name, or the next correction name when that is
    taken; returns the path written. Never replaces a file."""
    folder = inbox / upload.feed
    folder.mkdir(parents=True, exist_ok=True)
    staging = inbox.parent / "uploads"
    staging.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=staging, delete=False) as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
        temp = Path(f.name)
    try:
        for n in range(1, 1000):
            free = upload.free if n == 1 else "_".join(filter(None, [upload.free, CORRECTION if n == 2 else
                                                                     f"{CORRECTION}-{n - 1}"]))
            target = folder / Upload(upload.feed, upload.sender, upload.academic_year, upload.extension, free).name
            try:
                os.link(temp, target)               # fails when the name is taken: nothing is overwritten
                return target
            except FileExistsError:
                continue
        raise FileExistsError(f"no free name for {upload.name} in {folder}")
    finally:
        temp.unlink()
