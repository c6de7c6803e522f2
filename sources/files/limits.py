"""What one delivered file may cost once read: the size an XLSX unpacks to and the rows a file
holds (its size on disk is checked as it is read, in safe_read). A file over a limit is refused
with a reason naming the setting (`ingest.limits.<name>`, settings.FileLimits), before it can
exhaust memory."""
from __future__ import annotations

import copy
import io
import zipfile

from sources.files.naming import Refused
from deployment.settings import FileLimits, MiB

CHUNK = MiB
UNBOUNDED = 2**62
RATIO_FROM = MiB        # members smaller than this are never too compressed: the ratio is noise there


def check_rows(rows: int, limits: FileLimits) -> None:
    if rows > limits.max_rows:
        raise Refused(limits.exceeded("max_rows", f"more than {limits.max_rows:,} rows"))


def check_workbook(data: bytes, limits: FileLimits) -> None:
    """Refuse an XLSX whose members unpack too large or too compressed: first from the zip
    directory (nothing unpacked), then by unpacking each member as a stream that is counted, never
    kept, and stopped at the limit, because the directory's sizes are the sender's word and the
    XLSX reader (calamine) does not hold the archive to them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise Refused(f"not a readable XLSX workbook: {type(e).__name__}: {e}") from None
    declared = sum(m.file_size for m in members)
    if declared > limits.max_unpacked_bytes:
        raise Refused(limits.exceeded("max_unpacked_bytes", f"XLSX unpacks to {declared:,} bytes (its zip directory)"))
    for m in members:
        _check_ratio(m.filename, m.file_size, m.compress_size, limits)
    total = 0
    for m in members:
        size = _unpacked_size(archive, m, limits.max_unpacked_bytes - total)
        _check_ratio(m.filename, size, m.compress_size, limits)
        total += size
        if total > limits.max_unpacked_bytes:
            raise Refused(limits.exceeded("max_unpacked_bytes",
                                          f"XLSX unpacks to more than {limits.max_unpacked_bytes:,} bytes"))


def _check_ratio(name: str, unpacked: int, packed: int, limits: FileLimits) -> None:
    if unpacked >= RATIO_FROM and unpacked > limits.max_compression_ratio * max(packed, 1):
        raise Refused(limits.exceeded("max_compression_ratio",
                                      f"XLSX member {name!r} unpacks to {unpacked // max(packed, 1):,} times its "
                                      "packed size (a zip bomb)"))


def _unpacked_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """The bytes a member really unpacks to, counted (never kept) until the stream's own end or
    just past `room`. zipfile would stop at the declared size; a copy of the entry that declares
    no bound lets the count run on, and zipfile still checks the CRC at the stream's end."""
    entry = copy.copy(member)
    entry.file_size = UNBOUNDED
    total = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > room:
                    break
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, RuntimeError, ValueError) as e:
        raise Refused(f"not a readable XLSX workbook: member {member.filename!r}: {type(e).__name__}: {e}") \
            from None
    return total
