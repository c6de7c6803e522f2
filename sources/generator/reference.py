"""Rows of the reference feeds: regions, partnerships, schools, institutions, subjects, norms and
KPI targets - the lists every other feed's codes are checked against."""
from __future__ import annotations

from sources.generator.contract import DIRECTION, Table, check_keys, codes
from sources.generator.costs import NORMS
from sources.generator.programmes import SUBJECTS
from sources.generator.rng import stream
from sources.generator.scales import FIRST_YEAR, LAST_YEAR
from sources.generator.world import World

# kpi: (lowest target, highest target, decimals, direction); per region and partnership, last 3 years
KPI_TARGETS = check_keys({
    "dropout_rate_h1": (0.2, 0.3, 2, DIRECTION.lower_is_better),
    "cost_per_supervised_student": (3000.0, 4000.0, -2, DIRECTION.lower_is_better),
    "students_unplaced": (0.0, 25.0, 0, DIRECTION.lower_is_better),
    "inflow_rate_havo": (0.07, 0.09, 3, DIRECTION.higher_is_better),
}, codes.KPIS, "kpi targets")


def reference_rows(world: World) -> dict[str, list[tuple]]:
    rng = stream(world.seed, "reference")
    t = {name: Table(name) for name in ("regions", "partnerships", "schools", "institutions", "subjects",
                                        "norms", "kpi_targets")}
    out: dict[str, list[tuple]] = {name: [] for name in t}
    for r in world.regions:
        out["regions"].append(t["regions"].row(region_code=r.code, region_name=r.name))
        for p in r.partnerships:
            out["partnerships"].append(t["partnerships"].row(partnership_code=p.code, partnership_name=p.name,
                                                             region_code=r.code))
        for s in r.schools:
            out["schools"].append(t["schools"].row(
                school_code=s.code, school_name=s.name, municipality=s.municipality, sector=s.sector,
                partnership_code=s.partnership.code if s.partnership else None, region_code=r.code,
                school_role=s.role, denomination=s.denomination, urbanisation=s.urbanisation))
    for i in world.institutions:
        out["institutions"].append(t["institutions"].row(institution_code=i.code, institution_name=i.name,
                                                         institution_type=i.type))
    for subject, (shortage, surplus, *_) in SUBJECTS.items():
        out["subjects"].append(t["subjects"].row(subject=subject, shortage_subject=shortage, surplus_subject=surplus))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for norm, value in NORMS.items():
            out["norms"].append(t["norms"].row(norm=norm, academic_year=year, value=value))
    for r in world.regions:
        for scope in [r.code] + [p.code for p in r.partnerships]:
            for kpi, (lo, hi, decimals, direction) in KPI_TARGETS.items():
                base = rng.uniform(lo, hi)
                for year in range(LAST_YEAR - 2, LAST_YEAR + 1):
                    value = round(base, decimals)
                    out["kpi_targets"].append(t["kpi_targets"].row(
                        scope_code=scope, kpi=kpi, academic_year=year, target_value=float(value),
                        direction=direction))
    return out
