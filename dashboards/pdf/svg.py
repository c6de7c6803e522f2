"""The pages' own Altair charts drawn as SVG without a browser or network: vl-convert runs Vega
in-process; data is inline in the spec and no URL may be fetched. Text is laid out with the fonts
the PDF embeds (fonts.FONT), so labels measure the same in the chart and on the page."""
from __future__ import annotations

import functools

import altair as alt
import vl_convert as vlc

from dashboards.pdf import fonts

WIDTH = 440          # px: one chart at 78% of the text width (17.4 cm)
HALF = 250           # px: two charts side by side


@functools.cache
def _fonts_registered() -> None:
    if fonts.FONT_DIR.is_dir():
        vlc.register_font_directory(str(fonts.FONT_DIR))


def svg(chart: alt.TopLevelMixin, width: int = WIDTH, height: int | None = None) -> str:
    """The chart as an SVG document, `width` pixels wide unless it sets its own (facets do)."""
    _fonts_registered()
    spec = chart.to_dict()
    if not any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat")):
        spec["width"] = width
        if height is not None:
            spec["height"] = height
    config = {"font": fonts.FONT, "background": "white",
              "legend": {"columns": 2, "labelLimit": 200}, "axis": {"labelLimit": 160}}
    return vlc.vegalite_to_svg(spec, config=config, allowed_base_urls=[])
