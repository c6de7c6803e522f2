"""A delivery checked before it is delivered (`regiomonitor check`, the upload page): the very code
path of ingest (orchestration.ingest.run: naming, safe reading and file limits, typing, the Pandera
models and the sender's authority) on one file, without a warehouse or an inbox. What it cannot know
is what the warehouse knows: whether the same bytes were delivered before (a duplicate) and what the
reference feeds say (unknown codes are found at the next build, as at ingest)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ingest.inbox import InboxFile
from sources.files.naming import NAME
from orchestration.ingest.run import Delivery, open_delivery, process_feed
from orchestration.ingest.safe_read import InboxReader, Read
from deployment.settings import FileLimits
from validations.feeds import FEEDS

CLEAN, REJECTED, REFUSED = 0, 1, 2          # the exit codes of `regiomonitor check`


@dataclass
class CheckResult:
    """What ingest would make of one file: its status (`loaded` or `refused`), the row counts and
    every rejected row with its reason, as ingest.deliveries and ingest.rejections would hold them."""
    file: str                                  # as the sender named it
    feed: str | None
    sender: str | None
    status: str
    message: str
    rows_received: int
    rows_loaded: int
    rows_rejected: int
    rejections: list[tuple[int, str]] = field(default_factory=list)

    @property
    def code(self) -> int:
        return REFUSED if self.status == "refused" else REJECTED if self.rows_rejected else CLEAN


def check_read(relative: Path, got: Read, limits: FileLimits) -> CheckResult:
    """Check a file as read by safe_read, named `relative` (`<feed>/<file name>`) as in the inbox."""
    d = Delivery(delivery_id=0, file=InboxFile(relative, got.size, got.mtime_ns, got.sha256))
    open_delivery(d, got, {}, limits)
    rejections = [(n, f"file refused: {d.message}") for n in d.refused_rows] if d.status == "refused" else []
    if d.text is not None:
        # pseudonymised under a throwaway secret: the keys are typed and checked as at ingest, then dropped
        _, rejected = process_feed(FEEDS[d.name.feed], [d], os.urandom(32))
        rejections = sorted(rejected.select("_row_number", "reason").iter_rows())
    return CheckResult(file=relative.name, feed=d.feed, sender=d.name.sender if d.name else None, status=d.status,
                       message=d.message, rows_received=d.rows_received, rows_loaded=d.rows_loaded,
                       rows_rejected=d.rows_rejected, rejections=rejections)


def check_bytes(feed: str, name: str, data: bytes, limits: FileLimits) -> CheckResult:
    """Check bytes already in memory (an upload) under the name `<feed>/<name>`, with the limits
    safe_read applies to a file's size."""
    if len(data) > limits.max_file_bytes:
        got = Read(None, "", len(data), 0, too_large=limits.exceeded("max_file_bytes", f"file is {len(data):,} bytes"))
    else:
        got = Read(data, "", len(data), 0)
    return check_read(Path(feed) / name, got, limits)


def check_file(path: Path, feed: str | None, sender: str | None, limits: FileLimits) -> CheckResult:
    """Check a file on disk. Its feed is `feed`, else the name of its folder (as in the inbox); it is
    read as ingest reads (once, a regular file only, within the limits). With `sender`, a file whose
    name names another sender is refused: it would not be that sender's delivery."""
    feed = feed or path.parent.name
    if feed not in FEEDS:
        return _refused(path.name, None, f"which feed? '{feed}' is not a feed; give --feed (one of "
                                         f"{', '.join(FEEDS)}) or put the file in a folder named after its feed")
    named = NAME.fullmatch(path.name)
    if sender and not FEEDS[feed].free_names and named and named["sender"] != sender:
        fixed = path.name.replace(named["sender"], sender, 1)
        return _refused(path.name, feed, f"the file name names sender {named['sender']}, not {sender}; "
                                         f"name it {fixed}")
    with InboxReader(path.parent.absolute()) as reader:
        got = reader.read(Path(path.name), limits)
    return check_read(Path(feed) / path.name, got, limits)


def _refused(name: str, feed: str | None, message: str) -> CheckResult:
    return CheckResult(file=name, feed=feed, sender=None, status="refused", message=message,
                       rows_received=0, rows_loaded=0, rows_rejected=0)
