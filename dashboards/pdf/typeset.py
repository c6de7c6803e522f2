"""The report model typeset to PDF by Typst (the `typst` package: the compiler in-process, no
network, no files but the template). The model goes in as one JSON input that the template reads
with json(): sender text is data there and is never parsed as Typst markup, so no name can become a
command, a link or formatting. Fonts: DejaVu Sans (fonts.FONT_DIR) and Typst's built-in fonts only.
Why Typst and not HTML with WeasyPrint: docs/report.md (measured)."""
from __future__ import annotations

from pathlib import Path

import typst

from dashboards.pdf import fonts
from dashboards.pdf.model import Report, to_json

TEMPLATE = Path(__file__).with_name("template.typ")


def pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    return typst.compile(TEMPLATE.read_bytes(), format="pdf", sys_inputs={"report": to_json(report)},
                         font_paths=[str(fonts.FONT_DIR)] if fonts.FONT_DIR.is_dir() else [],
                         ignore_system_fonts=True)
