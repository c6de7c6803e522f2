"""What lies in the inbox, oldest first, so that of two new files with the same delivery key the
later one wins. Listing only lstats: nothing is opened, links are never followed. A regular file's
hash comes from reading it (safe_read: once, without following links or blocking); an entry that
is not a regular file (link, FIFO, socket, device) is never opened, and its recorded hash is that
of its kind (and a link's target), so it is refused once, not every run."""
from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from orchestration.ingest.safe_read import REGULAR, InboxReader, Read, kind, refusal, special_digest
from deployment.settings import FileLimits


@dataclass(frozen=True)
class InboxFile:
    relative: Path
    size: int
    mtime_ns: int
    sha256: str = ""              # of the bytes read; for an entry never read, of its kind
    kind: str = REGULAR           # what lstat showed
    ctime_ns: int = 0             # lstat's change time and inode: the quick check's witnesses (scan)
    inode: int = 0

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
                                   st.st_mtime_ns, digest, what, st.st_ctime_ns, st.st_ino))
        dirs[:] = sorted(d for d in dirs if d not in links)
    return sorted(found, key=lambda f: (f.mtime_ns, str(f.relative)))


def scan(inbox: Path, quick_check: Path | None = None) -> list[InboxFile]:
    """The listing with every regular file hashed (read once each, one at a time; a file over the
    size limit is hashed as a stream, to the same hash).

    With `quick_check` (a JSON file this function keeps), a file whose size, mtime, ctime and inode
    are those recorded when it was last hashed is not read again: its recorded hash stands. That is
    git's index check with rsync's size and mtime: any write to a file or any replacement of it
    moves its ctime or inode, which no sender can set back. A record is trusted only when the file's
    ctime lay more than RACY_NS before its hashing began, so a change within the clock's granularity
    of the hash is never missed (git's "racily clean" entries); such a file is read again."""
    known = load_hashes(quick_check)
    fresh: dict[str, list] = {}
    files = []
    with InboxReader(inbox) as reader:
        for f in listing(inbox):
            key = str(f.relative)
            if trusted_hash(f, known):
                record = known[key]
                f = replace(f, sha256=record[4])
            else:
                started = time.time_ns()
                f = replace(f.read(reader, FileLimits())[0], size=f.size, mtime_ns=f.mtime_ns)
                record = [f.size, f.mtime_ns, f.ctime_ns, f.inode, f.sha256, started]
            if f.is_regular:
                fresh[key] = record
            files.append(f)
    if quick_check is not None and fresh != known:
        _save(quick_check, fresh)
    return files


RACY_NS = 2_000_000_000           # 2 s: well above any file system's timestamp granularity


def trusted_hash(f: InboxFile, records: dict[str, list]) -> str | None:
    """The recorded hash of a listed file when the quick check trusts it (see scan), else None."""
    record = records.get(str(f.relative))
    if f.is_regular and record and record[:4] == [f.size, f.mtime_ns, f.ctime_ns, f.inode] \
            and f.ctime_ns < record[5] - RACY_NS:
        return record[4]
    return None


def load_hashes(path: Path | None) -> dict[str, list]:
    """The recorded hashes; nothing (everything read again) when missing or unreadable."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save(path: Path, records: dict[str, list]) -> None:
    """Written whole to a private temporary file and renamed over the old one: a reader sees the old
    or the new records, never half (the sensor and a command may scan at the same time)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as out:
        json.dump(records, out)
    os.replace(temporary, path)


def seen_files(con) -> set[tuple[str, str]]:
    """(path, sha256) of every file the warehouse has recorded in ingest.deliveries."""
    return set(con.execute("select path, sha256 from ingest.deliveries").fetchall())


def refused_in_inbox(con, inbox: Path) -> dict[str, list[str]]:
    """Feed -> names of the files still in the inbox whose latest delivery was refused: they stay
    visible in the feed's `refused_files` check until the sender replaces or removes them."""
    present = {str(f.relative) for f in listing(inbox)} if inbox.exists() else set()
    rows = con.execute("""
        select feed, file_name, path from ingest.deliveries
        qualify row_number() over (partition by path order by delivery_id desc) = 1 and status = 'refused'
        order by path""").fetchall()
    out: dict[str, list[str]] = {}
    for feed, name, path in rows:
        if path in present and feed is not None:
            out.setdefault(feed, []).append(name)
    return out
