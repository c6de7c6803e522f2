"""Which delivery a file in the inbox is: `<inbox>/<feed>/<sender>_<academic_year>[_<free>].<csv|xlsx>`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from validations.feeds import FEEDS
from validations.feeds.codes import YEAR_MAX, YEAR_MIN

# matched with fullmatch: `$` would also match before a final newline
NAME = re.compile(r"(?P<sender>[^_]+)_(?P<year>[0-9]{4})(?:_(?P<free>.+))?\.(?P<ext>csv|xlsx)", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class DeliveryName:
    feed: str
    sender: str | None
    academic_year: int | None
    file_format: str          # csv | xlsx | the extension of a free-named file
    file_name: str = ""

    @property
    def key(self) -> str:
        """The delivery key: a newer file with the same key replaces the delivery in force."""
        if self.sender is None:                       # free-named feeds: the feed and the file name
            return f"{self.feed}/{self.file_name}"
        return f"{self.feed}/{self.sender}/{self.academic_year}"


class Refused(Exception):
    """A file the contract cannot take; the message tells the sender why."""


def parse_delivery_path(relative: Path) -> DeliveryName:
    """Name a delivery from its path relative to the inbox, or raise Refused with the reason."""
    parts = relative.parts
    if len(parts) != 2:
        raise Refused("file is not in a feed folder: expected <inbox>/<feed>/<sender>_<academic_year>.csv")
    feed, name = parts
    if CONTROL.search(str(relative)):
        raise Refused(f"file name {str(relative)!r} contains a control character (e.g. a newline)")
    if feed not in FEEDS:
        raise Refused(f"unknown feed folder '{feed}'; feeds are: {', '.join(FEEDS)}")
    if FEEDS[feed].free_names:
        return DeliveryName(feed=feed, sender=None, academic_year=None,
                            file_format=Path(name).suffix.lstrip(".").lower(), file_name=name)
    m = NAME.fullmatch(name)
    if not m:
        raise Refused(f"file name '{name}' does not match <sender>_<academic_year>[_<text>].csv|xlsx")
    sender, year = m["sender"], int(m["year"])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Refused(f"academic year {year} in the file name is outside {YEAR_MIN}-{YEAR_MAX}")
    spec = FEEDS[feed]
    if not spec.accepts_sender(sender):
        raise Refused(f"sender '{sender}' is not a valid sender for feed '{feed}' "
                      f"(expected a code of: {', '.join(spec.senders)})")
    return DeliveryName(feed=feed, sender=sender, academic_year=year, file_format=m["ext"].lower(), file_name=name)
