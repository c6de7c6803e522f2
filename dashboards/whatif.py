"""The Capaciteit what-if: the remedies the seed papers name, applied to marts.capacity_region rows.

Pure functions (no Streamlit, no database): given rows of capacity_region and a set of remedies,
recompute places, placed students, supervisor fte required and available, the gaps, and the
scarcity type with the rules of marts.md:

- `leerwerkplekken` when placement_requests > places_offered,
- `begeleiders` when supervision_fte_required > supervision_fte_available,
- `beide` when both, `geen` otherwise.

The remedies, in the order they apply:

1. **Extra places** (`extra_places`, per region, year and sector): places_offered grows by that many;
   each extra place goes to a student who requested one and had none, so students_placed grows by
   min(extra_places, students_unplaced), and those students need supervision too.
2. **Duo placements** (`duo_share`, 0..1): that share of the placed students is placed in pairs with
   one supervisor, which halves the supervision required for that share:
   required = placed x fte_per_student x (1 - duo_share / 2).
3. **Shared supervisors** (`pooling_share`, 0..1): within one region and year, that share of every
   sector's surplus fte (available - required, when positive) goes into a pool that covers the
   other sectors' gaps, in proportion to their gaps, never more than the gaps. Available fte moves
   between sectors; the region's total stays the same.

fte_per_student is the row's own required / placed (the norm the mart used for that year); a row
without placed students uses `default_fte_per_student` (the 0.05 norm).
With no remedies every row comes back with the mart's own figures and scarcity type.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DEFAULT_FTE_PER_STUDENT = 0.05
KEY = ["region_code", "academic_year"]
NEEDED = ["region_code", "academic_year", "sector", "places_offered", "placement_requests", "students_placed",
          "supervision_fte_available", "supervision_fte_required"]


@dataclass(frozen=True)
class Remedies:
    duo_share: float = 0.0      # share of placements done as duo placements, 0..1
    pooling_share: float = 0.0  # share of a sector's surplus supervisor fte shared within the region, 0..1
    extra_places: int = 0       # extra places per region, year and sector

    def __post_init__(self):
        if not 0 <= self.duo_share <= 1:
            raise ValueError("duo_share must be between 0 and 1")
        if not 0 <= self.pooling_share <= 1:
            raise ValueError("pooling_share must be between 0 and 1")
        if self.extra_places < 0:
            raise ValueError("extra_places must not be negative")


def scarcity_type(requests: float, places: float, fte_required: float, fte_available: float) -> str:
    places_short = requests > places
    supervisors_short = fte_required > fte_available
    if places_short and supervisors_short:
        return "beide"
    if places_short:
        return "leerwerkplekken"
    if supervisors_short:
        return "begeleiders"
    return "geen"


def apply(rows: pd.DataFrame, remedies: Remedies = Remedies(),
          default_fte_per_student: float = DEFAULT_FTE_PER_STUDENT) -> pd.DataFrame:
    """The rows with the remedies applied: columns places_after, placed_after, unplaced_after,
    fte_required_after, fte_available_after, fte_gap_after, place_gap_after (requests - places,
    positive when places are short) and scarcity_before / scarcity_after."""
    missing = [c for c in NEEDED if c not in rows.columns]
    if missing:
        raise ValueError(f"capacity rows lack {', '.join(missing)}")
    out = rows.copy().reset_index(drop=True)
    places = out["places_offered"].astype(float)
    requests = out["placement_requests"].astype(float)
    placed = out["students_placed"].astype(float)
    required = out["supervision_fte_required"].astype(float)
    available = out["supervision_fte_available"].astype(float)

    extra = float(remedies.extra_places)
    unplaced = (requests - placed).clip(lower=0)
    places_after = places + extra
    placed_after = placed + unplaced.clip(upper=extra)
    # scale the mart's own requirement, so that without remedies the figure is exactly the mart's
    per_student_scale = (placed_after / placed).where(placed > 0)
    required_after = (required * per_student_scale).where(placed > 0, placed_after * default_fte_per_student)
    if remedies.duo_share:
        required_after = required_after * (1 - remedies.duo_share / 2)

    available_after = available.copy()
    if remedies.pooling_share:
        gap = required_after - available
        surplus = (-gap).clip(lower=0)
        deficit = gap.clip(lower=0)
        groups = [out[k] for k in KEY]
        total_surplus = surplus.groupby(groups).transform("sum")
        total_deficit = deficit.groupby(groups).transform("sum")
        transfer = (total_surplus * remedies.pooling_share).combine(total_deficit, min)
        given = (transfer * surplus / total_surplus).where(total_surplus > 0, 0.0)
        received = (transfer * deficit / total_deficit).where(total_deficit > 0, 0.0)
        available_after = available - given + received

    out["places_after"] = places_after
    out["placed_after"] = placed_after
    out["unplaced_after"] = requests - placed_after
    out["fte_required_after"] = required_after
    out["fte_available_after"] = available_after
    out["fte_gap_after"] = required_after - available_after
    out["place_gap_after"] = requests - places_after
    out["scarcity_before"] = [scarcity_type(*v) for v in zip(requests, places, required, available)]
    out["scarcity_after"] = [scarcity_type(*v) for v in
                             zip(requests, places_after, required_after, available_after)]
    return out
