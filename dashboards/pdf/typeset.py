"""The report model typeset to PDF by Typst (the `typst` package: the compiler in-process, no
network, no files but the template). The model goes in as one JSON input that the template reads
with json(): sender text is data there and is never parsed as Typst markup, so no name can become a
command, a link or formatting. Fonts: DejaVu Sans (fonts.FONT_DIR) and Typst's built-in fonts only.
Why Typst and not HTML with WeasyPrint: docs/report.md (measured)."""
from __future__ import annotations

import functools
import threading
from pathlib import Path

import typst

from dashboards.pdf import fonts
from dashboards.pdf.model import Report, to_json

TEMPLATE = Path(__file__).with_name("template.typ")
_LOCK = threading.Lock()      # one compile at a time per compiler (download clicks come in threads)


@functools.cache
def _compiler() -> typst.Compiler:
    """One compiler per process: it loads the fonts and the template once, where `typst.compile`
    did so for every report (about half of Typst's time per report in `report --all`). Each compile
    gets its report as the only input, so nothing of one report is in another."""
    return typst.Compiler(str(TEMPLATE), font_paths=[str(fonts.FONT_DIR)] if fonts.FONT_DIR.is_dir() else [],
                          ignore_system_fonts=True)


def pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    with _LOCK:
        return _compiler().compile(format="pdf", sys_inputs={"report": to_json(report)})
