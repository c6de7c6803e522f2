"""What a report consists of, as plain data: content.py fills it from the snapshot, typeset.py lays it
out. Every string in it is text to print, never markup: it reaches Typst as JSON data."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from dashboards.escape import plain


class Svg(str):
    """An SVG document (a chart), passed to the typesetter as an image."""


@dataclass
class Run:
    """A piece of a sentence; `strong` for the values the pages set in bold."""
    text: str
    strong: bool = False


@dataclass
class Table:
    columns: list[str]
    numeric: list[bool]              # right-aligned columns
    rows: list[list[str]]
    own: list[bool] = field(default_factory=list)   # rows visible only to this partnership (marked)
    title: str = ""                  # printed above the table
    note: str = ""                   # printed under it


@dataclass
class Chart:
    title: str
    svg: Svg


@dataclass
class Section:
    title: str
    headline: list[Run] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[list[Run]] = field(default_factory=list)
    definitions: list[list[str]] = field(default_factory=list)   # (term, what it means in plain words)


@dataclass
class Kpi:
    name: str
    value: str
    change: str
    target: str
    national: str
    region: str
    status: str
    status_code: str
    trend: dict[str, list[float | None]]   # "value" and "national" per year, oldest first (drawn by the template)
    own: bool = False


@dataclass
class Report:
    lang: str
    labels: dict[str, str]           # the template's fixed words in the report's language
    cover: dict[str, object]
    kpis: list[Kpi]
    kpi_notes: list[list[Run]]
    sections: list[Section]


_MARKDOWN = MarkdownIt("commonmark")


def runs(markdown: str) -> list[Run]:
    """A page's Markdown sentence (values in bold, sender text escaped with escape.markdown) as runs
    of text: the escapes are undone by the parser, so the text prints exactly as the page shows it."""
    out: list[Run] = []
    for block in _MARKDOWN.parseInline(markdown):
        strong = 0
        for tok in block.children or []:
            if tok.type == "strong_open":
                strong += 1
            elif tok.type == "strong_close":
                strong -= 1
            elif tok.type in ("text", "code_inline") and tok.content:
                out.append(Run(tok.content, strong > 0))
            elif tok.type in ("softbreak", "hardbreak"):
                out.append(Run(" ", strong > 0))
    return out


def to_json(report: Report) -> str:
    """The report as JSON for the template; every string without bidi controls or line breaks
    (escape.plain), SVG images as they are."""
    def clean(value):
        if isinstance(value, Svg):
            return str(value)
        if isinstance(value, str):
            return plain(value)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    def walk(obj):
        if dataclasses.is_dataclass(obj):
            return {f.name: walk(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        if isinstance(obj, dict):
            return {k: walk(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [walk(v) for v in obj]
        return obj

    return json.dumps(clean(walk(report)), ensure_ascii=False)
