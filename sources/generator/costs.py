"""Supervision costs and funding per partnership and academic year.

Each partnership has its own cost level per supervised student (EUR 2,800-4,400, as the seeds
report for Amsterdam and Midden-Nederland) and about 0.05 fte of supervision hours per supervised
student (Haaglanden). The cost lines add up to exactly that level: hours are spread over the schools
that host students, some lines give only hours (costed by ingest at the hourly norm of the school's
sector), some only an amount, most both. The stagevergoeding (internship allowance) is a separate
category on top, and the EUR 1,250 per supervised student arrives as `onderwijsregio_subsidie`.
"""
from __future__ import annotations

from sources.generator.contract import COST, FUNDING, ROLE, Table, check_keys, codes
from sources.generator.placements import Placements
from sources.generator.rng import stream
from sources.generator.scales import FIRST_YEAR, LAST_YEAR
from sources.generator.world import World

NORMS = check_keys({  # the norms the world is built on; delivered in the `norms` reference feed
    "subsidy_per_supervised_student_eur": 1250.0,
    "supervision_fte_per_student": 0.05,
    "annual_hours_per_fte": 1659.0,
    "hourly_cost_eur_po": 52.0,
    "hourly_cost_eur_vo": 61.0,
    "hourly_cost_eur_mbo": 58.0,
    "hourly_cost_eur_partnership": 70.0,
    "small_cell_threshold": 10.0,
}, codes.NORMS, "norms")
COST_RANGE = (2800.0, 4400.0)
SUPERVISION_HOURS = {COST.werkplekbegeleiding: 0.72, COST.schoolopleider: 0.20, COST.instituutsopleider: 0.08}
OTHER_COSTS = {COST.coordinatie: 0.5, COST.scholing_begeleiders: 0.35, COST.overig: 0.15}
MIN_RATE = 18.0     # EUR per hour below which hours-only lines are turned into lines with an amount


class _Line:
    __slots__ = ("school", "category", "hours", "amount", "form", "rate", "jitter")

    def __init__(self, school, category, hours, form, rate, jitter):
        self.school, self.category, self.hours, self.form = school, category, hours, form
        self.rate, self.jitter, self.amount = rate, jitter, None


def simulate_costs(world: World, placements: Placements) -> tuple[list[tuple], list[tuple]]:
    """Cost rows and funding rows (contract order)."""
    rng = stream(world.seed, "costs")
    costs, funding = Table("costs"), Table("funding")
    cost_rows, funding_rows = [], []
    hours_per_fte = NORMS["annual_hours_per_fte"]
    partnership_rate = NORMS["hourly_cost_eur_partnership"]
    for p in world.partnerships:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            n = placements.supervised.get((p, year), 0)
            if not n:
                continue
            level = min(max(p.cost_per_student * rng.uniform(0.96, 1.04), COST_RANGE[0]), COST_RANGE[1])
            total = level * n
            hours = p.fte_per_student * rng.uniform(0.95, 1.05) * n * hours_per_fte
            hosts = [(s, placements.placed_at[(s, year)]) for s in p.schools if (s, year) in placements.placed_at]
            hosted = sum(k for _, k in hosts) or 1
            kern = [(s, k) for s, k in hosts if s.role == ROLE.kern]
            kern_total = sum(k for _, k in kern)
            lines: list[_Line] = []

            def line(school, category, h, may_omit_hours):
                u = rng.random()
                form = ("hours" if u < p.hours_only_share else
                        "amount" if may_omit_hours and u < p.hours_only_share + p.amount_only_share else "both")
                rate = NORMS[f"hourly_cost_eur_{school.sector}"] if school else partnership_rate
                lines.append(_Line(school, category, round(h, 1), form, rate, rng.uniform(0.85, 1.15)))

            for s, k in hosts:
                line(s, COST.werkplekbegeleiding, hours * SUPERVISION_HOURS[COST.werkplekbegeleiding] * k / hosted,
                     True)
            so_hours = hours * SUPERVISION_HOURS[COST.schoolopleider]
            if kern:
                for s, k in kern:
                    line(s, COST.schoolopleider, so_hours * k / kern_total, False)
            else:
                line(None, COST.schoolopleider, so_hours, False)
            line(None, COST.instituutsopleider, hours * SUPERVISION_HOURS[COST.instituutsopleider], False)
            other = total * rng.uniform(0.10, 0.22)
            _solve(lines, total - other)
            for category, share in OTHER_COSTS.items():
                if category == COST.overig and rng.random() < 0.5:
                    continue
                lines.append(_Line(None, category, None, "amount", partnership_rate, 1.0))
                lines[-1].amount = other * share * rng.uniform(0.8, 1.2)
            spread = sum(x.amount for x in lines if x.category in OTHER_COSTS)
            if spread:
                for x in lines:
                    if x.category in OTHER_COSTS:
                        x.amount *= other / spread
            for x in lines:
                cost_rows.append(costs.row(
                    school_code=x.school.code if x.school else None,
                    partnership_code=None if x.school else p.code, academic_year=year, cost_category=x.category,
                    hours=x.hours if x.form != "amount" else None,
                    amount_eur=round(x.amount, 2) if x.form != "hours" else None))
            if p.allowance:
                central = rng.random() < 0.3
                if central:
                    cost_rows.append(costs.row(partnership_code=p.code, academic_year=year,
                                               cost_category=COST.stagevergoeding,
                                               amount_eur=round(p.allowance * n * rng.uniform(0.9, 1.1), 2)))
                else:
                    for s, k in hosts:
                        cost_rows.append(costs.row(school_code=s.code, academic_year=year,
                                                   cost_category=COST.stagevergoeding,
                                                   amount_eur=round(p.allowance * k * rng.uniform(0.9, 1.1), 2)))
            funding_rows.append(funding.row(partnership_code=p.code, academic_year=year,
                                            funding_source=FUNDING.onderwijsregio_subsidie,
                                            amount_eur=NORMS["subsidy_per_supervised_student_eur"] * n))
            if p.lumpsum:
                funding_rows.append(funding.row(partnership_code=p.code, academic_year=year,
                                                funding_source=FUNDING.lumpsum,
                                                amount_eur=float(round(n * rng.uniform(200, 800), -1))))
            if rng.random() < 0.15:
                funding_rows.append(funding.row(partnership_code=p.code, academic_year=year,
                                                funding_source=FUNDING.overig,
                                                amount_eur=float(round(rng.uniform(1000, 15000), -2))))
    return cost_rows, funding_rows


def _solve(lines: list[_Line], budget: float) -> None:
    """Sets the amounts of the supervision lines so that, with hours-only lines costed at their
    hourly norm, they add up to `budget`."""
    while True:
        hours_only = sum(x.hours * x.rate for x in lines if x.form == "hours")
        weighted = sum(x.hours * x.jitter for x in lines if x.form != "hours")
        rate = (budget - hours_only) / weighted if weighted else 0.0
        if rate >= MIN_RATE or not any(x.form == "hours" for x in lines):
            break
        biggest = max((x for x in lines if x.form == "hours"), key=lambda x: x.hours)
        biggest.form = "both"
    for x in lines:
        if x.form != "hours":
            x.amount = x.hours * x.jitter * rate
