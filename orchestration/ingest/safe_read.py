"""Reading one file of the inbox once, and only a regular file inside the inbox. Every folder below
the inbox and the file itself are opened without following links (O_NOFOLLOW, relative to the
folder already open) and without blocking (O_NONBLOCK: a FIFO cannot hang the run); fstat on the
open descriptor must show a regular file. The bytes read are the bytes hashed and the bytes parsed,
so a file swapped for a link or another file during a run is never ingested under an old hash."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from deployment.settings import FileLimits

REGULAR = "regular file"
KINDS = ((stat.S_ISLNK, "symbolic link"), (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
         (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "directory"),
         (stat.S_ISREG, REGULAR))
NOT_FOLLOWED = {errno.ELOOP, errno.ENOTDIR, errno.EMLINK}      # what open(O_NOFOLLOW) says of a link
DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
CHUNK = 1 << 20


class Unreadable(Exception):
    """Why a listed file was not read; ingest refuses the file with this reason."""


def kind(mode: int) -> str:
    """What an (l)stat mode is, in words for a refusal."""
    return next((name for test, name in KINDS if test(mode)), "special file")


def refusal(what: str) -> str:
    return f"{what}: only regular files are read (deliver the file itself)"


def special_digest(what: str, target: str = "") -> str:
    """The recorded 'hash' of an entry that is never read, so that it is reported once, not every
    run: its kind (and a link's target)."""
    prefix = "symlink" if what == "symbolic link" else what
    return hashlib.sha256(f"{prefix}:{target}".encode()).hexdigest()


@dataclass(frozen=True)
class Read:
    """A file as read: its bytes and their SHA-256, and fstat's size and mtime of the file read. No
    bytes when it was not read (`refused`: not a regular file, or unreadable) or not kept
    (`too_large`: over the size limit, hashed as a stream)."""
    data: bytes | None
    sha256: str
    size: int
    mtime_ns: int
    refused: str = ""
    too_large: str = ""


class InboxReader:
    """The inbox open for reading. Each folder below it is opened once, relative to its parent and
    without following a link, and kept open while its files are read (a folder swapped for a link
    afterwards is no longer looked up by name)."""

    def __init__(self, inbox: Path):
        self.inbox = inbox
        self._folders: dict[tuple[str, ...], int] = {}

    def __enter__(self) -> "InboxReader":
        return self

    def __exit__(self, *exc) -> None:
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    def _folder(self, parts: tuple[str, ...]) -> int:
        if parts not in self._folders:
            if parts:
                fd = os.open(parts[-1], DIRECTORY, dir_fd=self._folder(parts[:-1]))
            else:
                fd = os.open(self.inbox, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            self._folders[parts] = fd
        return self._folders[parts]

    @contextlib.contextmanager
    def open_regular(self, relative: Path):
        """A descriptor and fstat of the regular file at `relative`; raises Unreadable naming what
        was found instead."""
        try:
            fd = os.open(relative.name, FILE, dir_fd=self._folder(relative.parts[:-1]))
        except FileNotFoundError:
            raise Unreadable("file disappeared while the inbox was read") from None
        except OSError as e:
            if e.errno in NOT_FOLLOWED:
                raise Unreadable(refusal("symbolic link")) from None
            raise Unreadable(f"cannot be read: {e.strerror}") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise Unreadable(refusal(kind(st.st_mode)))
            yield fd, st
        finally:
            os.close(fd)

    def read(self, relative: Path, limits: FileLimits) -> Read:
        """Read a file once: its bytes and their hash, or, over the size limit, only the hash
        (streamed, never held) and the refusal naming the limit."""
        max_bytes = limits.max_file_bytes
        try:
            with self.open_regular(relative) as (fd, st):
                digest, size = hashlib.sha256(), 0
                if st.st_size <= max_bytes:
                    data = _read(fd, st.st_size + 1)             # + 1: a file grown since fstat shows it
                    if len(data) > st.st_size:
                        data += _read(fd, max_bytes - st.st_size)
                    if len(data) <= max_bytes:
                        return Read(data, hashlib.sha256(data).hexdigest(), len(data), st.st_mtime_ns)
                    digest.update(data)
                    size = len(data)
                while chunk := os.read(fd, CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                return Read(None, digest.hexdigest(), size, st.st_mtime_ns,
                            too_large=limits.exceeded("max_file_bytes", f"file is {size:,} bytes"))
        except Unreadable as e:
            return Read(None, _digest_of_refused(self.inbox, relative), 0, 0, str(e))


def _read(fd: int, want: int) -> bytes:
    """Up to `want` bytes of a file: fewer only at its end."""
    parts = []
    while want > 0 and (chunk := os.read(fd, min(want, 1 << 30))):
        parts.append(chunk)
        want -= len(chunk)
    return b"".join(parts)


def _digest_of_refused(inbox: Path, relative: Path) -> str:
    """A file that could not be read is recorded under the digest the next listing gives what lies
    at its path (a link swapped in: its target), so it is reported once."""
    try:
        st = os.lstat(inbox / relative)
        return special_digest(kind(st.st_mode), os.readlink(inbox / relative) if stat.S_ISLNK(st.st_mode) else "")
    except OSError:
        return special_digest("missing")
