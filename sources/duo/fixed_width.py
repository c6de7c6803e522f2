"""Fixed-width records as DUO writes them (the 1cHO extract and its decode tables such as
Croho.asc). A layout is the list of fields with the 1-based start position and length printed in
DUO's Bestandsbeschrijving, copied as DUO prints it so it can be checked against the document."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sources.files.naming import Refused

ROW = re.compile(r"^\s*(?P<name>\S.*?)\s+(?P<start>[0-9]+)\s+(?P<length>[0-9]+)(\s+\(\*+\))?\s*$")


@dataclass(frozen=True)
class Field:
    name: str
    start: int          # 1-based, as DUO counts
    length: int

    @property
    def end(self) -> int:
        return self.start - 1 + self.length

    def cut(self, record: str) -> str:
        return record[self.start - 1:self.end]


def parse_layout(text: str) -> tuple[Field, ...]:
    """Fields from layout rows as DUO prints them: `<name>  <start position>  <number of positions>`."""
    fields = []
    for line in text.strip("\n").splitlines():
        m = ROW.match(line)
        if not m:
            raise ValueError(f"not a layout row: {line!r}")
        fields.append(Field(m["name"], int(m["start"]), int(m["length"])))
    return tuple(fields)


def record_length(layout: tuple[Field, ...]) -> int:
    return max(f.end for f in layout)


def records(data: bytes) -> list[tuple[int, str]]:
    """(record number from 1, text) of every non-blank line. DUO writes ISO-8859-1 with CRLF; LF is
    taken too. Trailing spaces may be cut (DUO's own decode tables do so): a shorter record has empty
    trailing fields."""
    if b"\x00" in data[:65536]:
        raise Refused("binary content (NUL bytes): not a fixed-width text file")
    text = data.decode("iso-8859-1")
    out, n = [], 0
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        n += 1
        out.append((n, line))
    return out


def cut(record: str, layout: tuple[Field, ...]) -> dict[str, str]:
    """Every field of one record, trimmed."""
    return {f.name: f.cut(record).strip() for f in layout}


def write(values: dict[str, str], layout: tuple[Field, ...]) -> str:
    """One record: each value left-aligned in its field; a value longer than its field is an error,
    never cut, and a name the layout does not have is an error too."""
    names = {f.name for f in layout}
    unknown = [k for k in values if k not in names]
    if unknown:
        raise KeyError(f"fields not in the layout: {unknown}")
    out = [" "] * record_length(layout)
    for f in layout:
        value = values.get(f.name, "")
        if len(value) > f.length:
            raise ValueError(f"{f.name}: {value!r} is longer than {f.length} positions")
        out[f.start - 1:f.end] = value.ljust(f.length)
    return "".join(out)
