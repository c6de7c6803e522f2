"""The one typeface of the report, in the charts and the text: DejaVu Sans from Debian's
fonts-dejavu-core (installed by .ci/run where missing). Typst is given only this folder and its own
built-in fonts, never the machine's others, so a report looks the same on every machine."""
from __future__ import annotations

from pathlib import Path

FONT = "DejaVu Sans"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
