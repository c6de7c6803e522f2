"""The pages' own Altair charts drawn as SVG without a browser or network: vl-convert runs Vega
in-process; data is inline in the spec and no URL may be fetched. Text is laid out with the fonts
the PDF embeds (fonts.FONT_DIR), so labels measure the same in the chart and on the page."""
from __future__ import annotations

import functools
import json

import altair as alt
import vl_convert as vlc

from dashboards.pdf import fonts

WIDTH = 440          # px: a section's chart, printed at 78% of the text width (17.4 cm)
# The font is named: Vega measures its labels with it, and the PDF draws them with it. With Vega's
# default "sans-serif" vl-convert measured a narrower fallback face than the DejaVu Sans that Typst
# draws, and long axis labels ran out of the chart. Naming it costs time (about 3x per drawing).
CONFIG = {"font": fonts.FONT, "background": "white", "legend": {"columns": 2, "labelLimit": 200},
          "axis": {"labelLimit": 160}}


@functools.cache
def _fonts_registered() -> None:
    if fonts.FONT_DIR.is_dir():
        vlc.register_font_directory(str(fonts.FONT_DIR))


def svg(chart: alt.TopLevelMixin, width: int = WIDTH, height: int | None = None) -> str:
    """The chart as an SVG document, `width` pixels wide unless it sets its own (facets do). The
    pages built and validated the chart already; it is not validated again."""
    spec = chart.to_dict(validate=False)
    if not any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat")):
        spec["width"] = width
        if height is not None:
            spec["height"] = height
    return _draw(json.dumps(spec, sort_keys=True, default=str))


@functools.lru_cache(maxsize=256)
def _draw(spec: str) -> str:
    """One drawing per distinct spec: a region's charts (capacity, inflow) are the same in the
    region's report and each of its partnerships' (`report --all`)."""
    _fonts_registered()
    return vlc.vegalite_to_svg(json.loads(spec), config=CONFIG, allowed_base_urls=[])
