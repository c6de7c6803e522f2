"""How big a world each `--scale` makes, and the years it spans.

`demo` is one region a newcomer can read in a dashboard; `region` is three regions (what the tests
calibrate on); `national` is about 50 regions, ~300,000 enrolment rows, ~250,000 placement requests
and ~8,000 files - sized to exercise the ingest the way a country's worth of senders would.
"""
from __future__ import annotations

from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 2017, 2024      # academic years delivered (8 years); exam years alike
SIM_START = FIRST_YEAR - 6              # careers start earlier so 2017 already has year 2-6 students


@dataclass(frozen=True)
class Scale:
    name: str
    regions: int
    partnerships: tuple[int, ...] | None     # fixed counts per region (demo) or None: drawn
    region_size: float | None                # fixed size factor, or None: the region's own
    hbo_per_region: float                    # teacher-training institutes (hbo) per region
    wo_per_region: float
    own_capacity_share: float                # schools that deliver their own capacity file
    own_costs_share: float                   # ... their own cost file
    own_outflow_share: float                 # vo schools that deliver their own vo_outflow file
    faults_per_rule: int                     # planted bad rows per broken rule (with --faults)
    faulty_files_per_kind: int               # planted bad files per kind (with --faults)


SCALES: dict[str, Scale] = {s.name: s for s in [
    Scale("demo", regions=1, partnerships=(3,), region_size=0.7, hbo_per_region=1, wo_per_region=1,
          own_capacity_share=0.15, own_costs_share=0.10, own_outflow_share=0.5,
          faults_per_rule=2, faulty_files_per_kind=1),
    Scale("region", regions=3, partnerships=(3, 2, 4), region_size=None, hbo_per_region=0.67,
          wo_per_region=0.34, own_capacity_share=0.12, own_costs_share=0.08, own_outflow_share=0.45,
          faults_per_rule=3, faulty_files_per_kind=1),
    Scale("national", regions=50, partnerships=None, region_size=None, hbo_per_region=0.5,
          wo_per_region=0.2, own_capacity_share=0.09, own_costs_share=0.05, own_outflow_share=0.38,
          faults_per_rule=10, faulty_files_per_kind=2),
]}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; scales are: {', '.join(SCALES)}") from None
