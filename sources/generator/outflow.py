"""Havo and vwo graduates per secondary school and exam year, and how many of them start teacher
training the next academic year.

Each school has its own, persistent propensity (a gamma draw with mean 7.6% for havo, capped at
23%), so per school the rate runs from 0 to 23% and the bottom and top 15% of schools stay apart
over the years (seeds: 3.6% vs 13.1%). The entrants counted here are the same students who appear
as first-year enrolments with prior education havo or vwo, so the two feeds agree.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sources.generator.contract import TRACK
from sources.generator.rng import binomial, stream
from sources.generator.scales import LAST_YEAR, SIM_START
from sources.generator.world import School, World

CAP = 0.23          # no school sends more than this share of a year's graduates


@dataclass(frozen=True)
class Outflow:
    school: School
    exam_year: int
    track: str
    graduates: int
    entered: int


def simulate_outflow(world: World) -> list[Outflow]:
    rng = stream(world.seed, "outflow")
    out = []
    for school in world.schools:
        if not school.havo:
            continue
        for year in range(SIM_START, LAST_YEAR + 1):
            trend = 1.0 - 0.012 * (year - 2017)                 # slowly shrinking pupil numbers
            for track, size, rate in ((TRACK.havo, school.havo, school.rate_havo),
                                      (TRACK.vwo, school.vwo, school.rate_vwo)):
                if not size:
                    continue
                graduates = max(0, round(rng.gauss(size * trend, size * 0.08)))
                entered = binomial(rng, graduates, rate * rng.uniform(0.85, 1.15))
                out.append(Outflow(school, year, track, graduates, min(entered, math.floor(CAP * graduates))))
    return out
