"""Each theme's section from its page's own plain functions (headline_text, main_charts, main_table),
with the filters the page would have for the report's subject and year: the subject's region, the
partnership itself in a partnership's report, the year as cohort, academic year or exam year. A
page's figures are drawn as the page draws them; the report keeps its main one (named here)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from dashboards.frame import Figure, Table
from dashboards.reports import capaciteit, doorstroom, kosten, uitval
from dashboards.snapshot import Snapshot


@dataclass(frozen=True)
class Parts:
    headline: str           # Markdown, as the page shows it
    figure: Figure | None   # the page's main chart
    table: Table | None


def _uitval(snap: Snapshot, subject: str, region: str, year: int, partnership: bool):
    """The page as it opens for the partnership (for a region: its largest partnership and
    programme), on the report year's cohort after one year; the main chart: the region's
    partnerships side by side against the country."""
    f = uitval.defaults(snap, region, subject if partnership else None)
    return None if f is None else replace(f, cohort=year, horizon=1), 1


def _kosten(snap: Snapshot, subject: str, region: str, year: int, partnership: bool):
    """Cost per supervised student against the subsidy for the region's partnerships over the years;
    the table holds the partnership's own rows in its report, every row in a region's."""
    return kosten.Filters(region, subject if partnership else kosten.ALL, year), 0


def _capaciteit(snap: Snapshot, subject: str, region: str, year: int, partnership: bool):
    """Capacity is a region's figure: places against requests and placed students per sector."""
    return capaciteit.Filters(region, year), 0


def _doorstroom(snap: Snapshot, subject: str, region: str, year: int, partnership: bool):
    """havo inflow (the KPI's track) of the region's schools in the exam year, in their bands."""
    f = doorstroom.defaults(snap, region)
    return None if f is None else replace(f, track="havo" if "havo" in doorstroom.tracks(snap, region) else f.track,
                                          year=year), 0


MARTS = {"uitval": "marts.dropout_cohort", "kosten": "marts.cost_per_supervised_student",
         "capaciteit": "marts.capacity_region", "doorstroom": "marts.feeder_schools"}
THEMES: dict[str, tuple[object, Callable]] = {
    "uitval": (uitval, _uitval), "kosten": (kosten, _kosten), "capaciteit": (capaciteit, _capaciteit),
    "doorstroom": (doorstroom, _doorstroom),
}


def parts(theme: str, snap: Snapshot, subject: str, region: str, year: int, language: str,
          partnership: bool) -> Parts | None:
    """The theme's headline, main chart and table for the subject; None when the page has no rows."""
    page, choose = THEMES[theme]
    f, main = choose(snap, subject, region, year, partnership)
    if f is None:
        return None
    figures = page.main_charts(snap, f, language)
    return Parts(page.headline_text(snap, f, language), figures[main] if main < len(figures) else None,
                 page.main_table(snap, f, language))
