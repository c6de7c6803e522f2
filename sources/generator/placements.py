"""Placement requests, their assignment to schools, and the places schools offer (capacity).

Every student-year in a partnership asks for a workplace-learning place; some also cancel a request
or get a second placement for the second semester. Schools offer places and supervision fte in line
with the demand they see, except where the region is short: short of places (fewer places than
requests, so some requests stay `niet_geplaatst`) or short of supervisors (enough places, but less
supervision fte than 0.05 per placed student, with more duo and team supervision).
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from sources.generator.careers import Need
from sources.generator.contract import MODEL, PT, ROLE, ROUTE, SECTOR, STATUS, Table
from sources.generator.programmes import SUBJECTS
from sources.generator.rng import Chooser, stream
from sources.generator.scales import FIRST_YEAR, LAST_YEAR
from sources.generator.world import Partnership, School, World

FTE_PER_STUDENT = 0.05
SURPLUS = [s for s, (_, surplus, *_) in SUBJECTS.items() if surplus]


class Request:
    __slots__ = ("need", "kind", "school", "status", "supervisor", "model", "partner")

    def __init__(self, need: Need, kind: str):
        self.need, self.kind = need, kind          # kind: main | second | cancel
        self.school = self.supervisor = self.model = self.partner = None
        self.status = STATUS.geannuleerd if kind == "cancel" else STATUS.niet_geplaatst


class Placements:
    """Builds `rows` (placements) and `capacity` rows, and what costs and funding need: the
    supervised students per partnership-year and the students placed per school-year."""

    def __init__(self, world: World, needs: list[Need]):
        self.world = world
        self.rng = stream(world.seed, "placements")
        self.needs = needs
        self.table, self.capacity_table = Table("placements"), Table("capacity")
        self._make = self.table.maker(
            "request_id", "student_key", "institution_code", "partnership_code", "academic_year", "sector",
            "subject", "status", "school_code", "supervisor_key", "supervision_model", "start_date", "end_date",
            "hours_per_week")
        self.rows: list[tuple] = []
        self.capacity: list[tuple] = []
        self.supervised: dict[tuple[Partnership, int], int] = {}
        self.placed_at: dict[tuple[School, int], int] = {}
        self._pool: dict[School, list[str]] = defaultdict(list)
        self._supervisors = 0

    def run(self) -> "Placements":
        rng = self.rng
        by_py: dict[tuple[Partnership, int], list[Request]] = {}
        units: dict[tuple[School, int], dict[str | None, list[Request]]] = defaultdict(lambda: defaultdict(list))
        choosers: dict[tuple[Partnership, str], Chooser] = {}
        for need in self.needs:
            reqs = by_py.setdefault((need.partnership, need.year), [])
            if rng.random() < 0.05:
                reqs.append(Request(need, "cancel"))
            main = Request(need, "main")
            reqs.append(main)
            key = (need.partnership, need.sector)
            if key not in choosers:
                schools = need.partnership.sector_schools(need.sector)
                choosers[key] = Chooser(schools, [s.weight for s in schools])
            choose = choosers[key]
            main.school = choose(rng)
            todo = [main]
            if rng.random() < 0.07:
                second = Request(need, "second")
                main.partner = second
                second.school = choose(rng)
                for _ in range(4):
                    if second.school is not main.school:
                        break
                    second.school = choose(rng)
                reqs.append(second)
                todo.append(second)
            for r in todo:
                subject = need.subject if r.school.per_subject and need.sector != SECTOR.po else None
                units[(r.school, need.year)][subject].append(r)
        for school in self.world.schools:
            if school.partnership is None:
                continue
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                self._offer(school, year, units.get((school, year), {}))
        for (p, year), reqs in by_py.items():
            self._rows(p, year, reqs)
        return self

    # ------------------------------------------------------------------ capacity and assignment
    def _offer(self, school: School, year: int, units: dict[str | None, list[Request]]) -> None:
        rng, region = self.rng, school.region
        short_places = region.short_places[school.sector]
        short_sup = region.short_supervisors[school.sector]
        make = self.capacity_table.row
        rows = []
        placed_students = {}
        for subject in sorted(units, key=lambda s: s or ""):
            reqs = units[subject]
            n = len(reqs)
            if short_places:
                places = math.floor(n * rng.uniform(0.72, 0.92))
            else:
                places = n + round(n * rng.uniform(0.05, 0.35)) + (rng.random() < 0.3)
            rng.shuffle(reqs)
            placed = reqs[:places]
            for r in placed:
                r.status = STATUS.geplaatst
                placed_students[r.need.student] = True
            used = self._supervise(school, placed, short_sup)
            factor = rng.uniform(0.55, 0.85) if short_sup else rng.uniform(1.15, 1.6)
            rows.append(dict(subject=subject, places_offered=places,
                             supervisors=used if short_sup else used + rng.randint(0, 2),
                             supervision_fte_available=round(len(placed) * FTE_PER_STUDENT * factor, 2)))
        if not units:
            if short_places and rng.random() < 0.5:
                return
            places = 0 if short_places else rng.randint(1, 3)
            subject = rng.choice(sorted(SUBJECTS)) if school.per_subject and school.sector != SECTOR.po else None
            factor = rng.uniform(0.3, 0.6) if short_sup else rng.uniform(0.9, 1.3)
            rows.append(dict(subject=subject, places_offered=places, supervisors=places,
                             supervision_fte_available=round(places * FTE_PER_STUDENT * factor, 2)))
        elif school.per_subject and not short_places and school.sector == SECTOR.vo and rng.random() < 0.4:
            extra = [s for s in SURPLUS if s not in units]
            if extra:
                places = rng.randint(1, 3)
                rows.append(dict(subject=rng.choice(extra), places_offered=places, supervisors=places,
                                 supervision_fte_available=round(places * FTE_PER_STUDENT * rng.uniform(0.9, 1.3), 2)))
        for k, r in enumerate(rows):
            so = round(rng.uniform(0.2, 0.8), 1) if k == 0 and school.role == ROLE.kern else None
            self.capacity.append(make(school_code=school.code, academic_year=year, sector=school.sector,
                                      schoolopleider_fte=so, **r))
        if placed_students:
            self.placed_at[(school, year)] = len(placed_students)

    def _supervise(self, school: School, placed: list[Request], short: bool) -> int:
        """Gives each placed request a werkplekbegeleider and a supervision model; returns how many
        supervisors the school used. Duo: two students share one; team: up to three."""
        rng = self.rng
        pool = self._pool[school]
        weights = (0.6, 0.25, 0.15) if short else (0.8, 0.13, 0.07)
        slot, open_duo, open_team = 0, None, None
        for r in placed:
            u = rng.random()
            model = MODEL.individueel if u < weights[0] else MODEL.duo if u < weights[0] + weights[1] else MODEL.team
            if model == MODEL.duo and open_duo is not None:
                sup, open_duo = open_duo, None
            elif model == MODEL.team and open_team is not None:
                sup, count = open_team
                open_team = (sup, count + 1) if count + 1 < 3 else None
            else:
                while len(pool) <= slot:
                    self._supervisors += 1
                    pool.append(f"B-{100000 + self._supervisors * 7 % 900000:06d}")
                sup = pool[slot]
                slot += 1
                if model == MODEL.duo:
                    open_duo = sup
                elif model == MODEL.team:
                    open_team = (sup, 1)
            r.supervisor, r.model = sup, model
        return slot

    # ------------------------------------------------------------------ rows
    def _rows(self, p: Partnership, year: int, reqs: list[Request]) -> None:
        rng, make = self.rng, self._make
        sept = dt.date(year, 9, 1)
        monday = sept + dt.timedelta(days=(7 - sept.weekday()) % 7)
        no_dates = not p.reports_dates
        supervised = {}
        for r in reqs:
            need = r.need
            n = len(self.rows) + 1
            rid = [f"{p.code}-{year}-{n:06d}", f"REQ-{year}-{n:06d}", f"{n:07d}", f"{year}{n:07d}"][p.request_style]
            start = end = None
            if r.kind == "cancel":
                start = None if no_dates else monday
            elif r.status == STATUS.geplaatst and not no_dates:
                if r.kind == "second":
                    start, end = dt.date(year + 1, 2, 1), dt.date(year + 1, 6, 30)
                else:
                    start = monday + dt.timedelta(days=7 * rng.randrange(3))
                    end = dt.date(year + 1, 1, 31) if r.partner else dt.date(year + 1, 6, 19 + rng.randrange(12))
            placed = r.status == STATUS.geplaatst
            if placed:
                supervised[need.student] = True
            self.rows.append(make(
                rid, need.student, need.institution, p.code, year, need.sector, need.subject, r.status,
                r.school.code if placed else None,
                r.supervisor if placed and rng.random() > 0.04 else None,
                r.model if placed and rng.random() > 0.08 else None,
                start, end, self._hours(need) if r.kind != "cancel" else None))
        if supervised:
            self.supervised[(p, year)] = len(supervised)

    def _hours(self, need: Need) -> float:
        rng = self.rng
        if need.route == ROUTE.zij_instroom:
            base = rng.choice([24.0, 28.0, 32.0])
        elif need.programme_type in (PT.pabo, PT.ad_pep, PT.alpo):
            base = {1: 8.0, 2: 12.0, 3: 16.0}.get(need.year_of_study, 24.0)
        else:
            base = min(20.0, 8.0 + 4.0 * (need.year_of_study - 1))
        return max(2.0, base + rng.choice([0.0, 0.0, 0.0, 0.5, -2.0, 4.0]))


def simulate_placements(world: World, needs: list[Need]) -> Placements:
    return Placements(world, needs).run()
