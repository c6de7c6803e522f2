"""What lies in the inbox: every regular file under it with its bytes' SHA-256, oldest first, so
that of two new files with the same delivery key the later one wins. Symbolic links are listed but
never followed: nothing outside the inbox is read."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class InboxFile:
    relative: Path
    size: int
    mtime_ns: int
    sha256: str
    is_symlink: bool = False

    def read(self, inbox: Path) -> bytes:
        return (inbox / self.relative).read_bytes()


def scan(inbox: Path) -> list[InboxFile]:
    found = []
    for folder, dirs, files in os.walk(inbox, followlinks=False):
        base = Path(folder)
        links = [d for d in dirs if (base / d).is_symlink()]
        for name in sorted(files) + sorted(links):
            path = base / name
            rel = path.relative_to(inbox)
            st = path.lstat()
            if path.is_symlink():
                digest = hashlib.sha256(b"symlink:" + os.readlink(path).encode()).hexdigest()
                found.append(InboxFile(rel, 0, st.st_mtime_ns, digest, is_symlink=True))
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found.append(InboxFile(rel, st.st_size, st.st_mtime_ns, digest))
        dirs[:] = sorted(d for d in dirs if d not in links)
    return sorted(found, key=lambda f: (f.mtime_ns, str(f.relative)))


def seen_files(con) -> set[tuple[str, str]]:
    """(path, sha256) of every file the warehouse has recorded in ingest.deliveries."""
    return set(con.execute("select path, sha256 from ingest.deliveries").fetchall())


def pending_files(inbox: Path, warehouse: Path) -> int:
    """How many files in the inbox the warehouse has not seen (new, or changed since)."""
    files = scan(inbox) if inbox.exists() else []
    if not warehouse.exists():
        return len(files)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        seen = seen_files(con)
    except duckdb.Error:
        return len(files)
    finally:
        con.close()
    return sum((str(f.relative), f.sha256) not in seen for f in files)
