"""From a delivered file's bytes to a header and text rows, whatever its encoding, delimiter or
format. A file that cannot be read raises Refused; a row whose field count does not match the
header is reported, not guessed at."""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from typing import Callable

import polars as pl

from sources.files.limits import check_rows, check_workbook
from sources.files.naming import Refused
from deployment.settings import FileLimits

csv.field_size_limit(1_000_000)
DELIMITERS = ",;\t"
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}


@dataclass
class TextTable:
    """A delivery as text: header names as written, data rows numbered from 1 (the first row after
    the header), and rows that could not be split into the header's fields."""
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    broken: list[tuple[int, str]] = field(default_factory=list)
    description: str = ""

    @property
    def rows_received(self) -> int:
        return len(self.rows) + len(self.broken)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:65536]:
        raise Refused("binary content (NUL bytes): not a CSV text file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as e:
            raise Refused(f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {e.start})") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as e:
        raise Refused(f"neither UTF-8 nor Windows-1252 text (byte {e.start})") from None


@functools.lru_cache(maxsize=1024)
def sniff_header(header: str) -> str:
    """The delimiter among `,` `;` and tab, sniffed by the csv module on the header line. Column
    names never contain a delimiter, so the header decides; it is cached because the files of one
    sender (thousands in a national round) share their header."""
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def sniff_delimiter(text: str) -> str:
    return sniff_header(text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r"))


def read_csv(data: bytes, limits: FileLimits | None = None) -> TextTable:
    """Stops reading past `max_rows` rows (Refused), so a file of many short rows costs no more."""
    text, encoding = decode(data)
    if not text.strip():
        raise Refused("empty file: no header row")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        width = len(header)
        rows, numbers, broken = [], [], []
        n = 0
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue                               # blank line: not a row
            n += 1
            if limits is not None and n > limits.max_rows:
                check_rows(n, limits)
            if len(record) != width:
                if len(record) > width and not any(v.strip() for v in record[width:]):
                    record = record[:width]            # trailing empty fields
                else:
                    broken.append((n, f"row has {len(record)} fields, the header has {width}"))
                    continue
            rows.append(record)
            numbers.append(n)
    except csv.Error as e:
        raise Refused(f"not readable as CSV: {e}") from None
    return TextTable(header, rows, numbers, broken,
                     description=f"CSV, {encoding}, delimiter {DELIMITER_NAMES[delimiter]}")


def read_xlsx(data: bytes, limits: FileLimits | None = None) -> TextTable:
    """First sheet, header in row 1; every cell read as text (numbers and dates included). The
    workbook's unpacked size is checked before the reader unpacks it, and at most one row past
    the row limit is converted (blank rows count: the limit is on the sheet, not on what is kept)."""
    limits = limits or FileLimits()
    check_workbook(data, limits)
    try:
        frame = pl.read_excel(data, sheet_id=1, infer_schema_length=0, raise_if_empty=False,
                              drop_empty_rows=False, read_options={"n_rows": limits.max_rows + 1})
    except Exception as e:  # noqa: BLE001 - any reader error means the workbook is unreadable
        raise Refused(f"not a readable XLSX workbook: {type(e).__name__}: {str(e).splitlines()[0][:200]}") from None
    if not frame.columns:
        raise Refused("empty workbook: no header row in the first sheet")
    check_rows(frame.height, limits)
    frame = frame.select(pl.all().cast(pl.Utf8).fill_null(""))
    rows = [list(r) for r in frame.iter_rows()]
    keep = [i for i, r in enumerate(rows) if any(v.strip() for v in r)]
    return TextTable(list(frame.columns), [rows[i] for i in keep], list(range(1, len(keep) + 1)),
                     description="XLSX, first sheet")


Reader = Callable[[bytes, str], "TextTable"]
"""An adapter for a file in its publisher's own layout: (bytes, file format) -> TextTable."""


def read_table(data: bytes, file_format: str, reader: Reader | None = None,
               limits: FileLimits | None = None) -> TextTable:
    """The file as text rows, refused past the row limit. A feed in its publisher's own layout
    passes its `reader` (e.g. sources.duo.READERS), which gets the bytes and returns the TextTable
    itself; its rows are counted when it returns (the file size limit bounds it)."""
    limits = limits or FileLimits()
    if not data:
        raise Refused("empty file (0 bytes)")
    if reader:
        table = reader(data, file_format)
        check_rows(table.rows_received, limits)
        return table
    return read_xlsx(data, limits) if file_format == "xlsx" else read_csv(data, limits)
