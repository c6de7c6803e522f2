"""What lies in the inbox, oldest first, so that of two new files with the same delivery key the
later one wins. Listing only lstats: nothing is opened, links are never followed. A regular file's
hash comes from reading it (safe_read: once, without following links or blocking); an entry that
is not a regular file (link, FIFO, socket, device) is never opened, and its recorded hash is that
of its kind (and a link's target), so it is refused once, not every run."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.ingest.safe_read import REGULAR, InboxReader, Read, kind, refusal, special_digest
from deployment.settings import FileLimits


@dataclass(frozen=True)
class InboxFile:
    relative: Path
    size: int
    mtime_ns: int
    sha256: str = ""              # of the bytes read; for an entry never read, of its kind
    kind: str = REGULAR           # what lstat showed

    @property
    def is_regular(self) -> bool:
        return self.kind == REGULAR

    def read(self, reader: InboxReader, limits: FileLimits) -> tuple["InboxFile", Read]:
        """This file as read now: with the hash, size and mtime of the bytes read."""
        if not self.is_regular:
            return self, Read(None, self.sha256, self.size, self.mtime_ns, refusal(self.kind))
        got = reader.read(self.relative, limits)
        return replace(self, sha256=got.sha256, size=got.size, mtime_ns=got.mtime_ns or self.mtime_ns), got


def listing(inbox: Path) -> list[InboxFile]:
    """Every entry under the inbox but folders, as lstat shows it; regular files still unhashed."""
    found = []
    for folder, dirs, files in os.walk(inbox, followlinks=False):
        base = Path(folder)
        links = [d for d in dirs if (base / d).is_symlink()]
        for name in sorted(files) + sorted(links):
            path = base / name
            try:
                st = path.lstat()
                what = kind(st.st_mode)
                target = os.readlink(path) if stat.S_ISLNK(st.st_mode) else ""
            except OSError:                               # gone since the folder was listed
                continue
            digest = "" if what == REGULAR else special_digest(what, target)
            found.append(InboxFile(path.relative_to(inbox), st.st_size if what == REGULAR else 0,
                                   st.st_mtime_ns, digest, what))
        dirs[:] = sorted(d for d in dirs if d not in links)
    return sorted(found, key=lambda f: (f.mtime_ns, str(f.relative)))


def scan(inbox: Path) -> list[InboxFile]:
    """The listing with every regular file hashed (read once each, one at a time; a file over the
    size limit is hashed as a stream, to the same hash)."""
    with InboxReader(inbox) as reader:
        return [f.read(reader, FileLimits())[0] for f in listing(inbox)]


def seen_files(con) -> set[tuple[str, str]]:
    """(path, sha256) of every file the warehouse has recorded in ingest.deliveries."""
    return set(con.execute("select path, sha256 from ingest.deliveries").fetchall())


def pending_files(inbox: Path, warehouse: Path) -> int:
    """How many files in the inbox the warehouse has not seen (new, or changed since)."""
    if not inbox.exists():
        return 0
    if not warehouse.exists():
        return len(listing(inbox))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        seen = seen_files(con)
    except duckdb.Error:
        return len(listing(inbox))
    finally:
        con.close()
    return sum((str(f.relative), f.sha256) not in seen for f in scan(inbox))
