"""Students' careers through teacher training, year by year: entry, dropout, switching to another
teacher-training programme, graduation and continuing into a next programme.

Calibrated on the seed papers: cumulative dropout of full-time tweedegraads students near 55% and
part-time near 40%, pabo lower; a few percent switch programme (retained for the sector, not lost).
Careers start in SIM_START so the first delivered year already holds students in later years of
study; only rows from FIRST_YEAR on are delivered. Every row follows feeds.md: one row per
student, programme and academic year enrolled on 1 October, year_of_study 1 on entry, exit_date
and exit_type on the final row only (diplomas in late June, early July, some on 30 September;
dropouts with an uitschrijving date, or simply not returning).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sources.generator.contract import EXIT, INST, MODE, PRIOR, PT, ROUTE, SECTOR, TRACK, Table
from sources.generator.outflow import Outflow
from sources.generator.programmes import SUBJECTS, Programme, placement_sector
from sources.generator.rng import Chooser, poisson, stream
from sources.generator.scales import FIRST_YEAR, LAST_YEAR, SIM_START
from sources.generator.world import Institution, Partnership, Region, World


@dataclass(frozen=True)
class Profile:
    """Yearly hazards of one kind of study: drop[y], switch[y] by year of study (the last value
    repeats); grad[k] is the chance of a diploma in year nominal + k."""
    nominal: int
    drop: tuple
    switch: tuple
    grad: tuple
    no_partnership: float          # chance, per year, of doing no workplace learning in a partnership


PROFILES = {
    (PT.tweedegraads, MODE.voltijd, ROUTE.regulier): Profile(4, (.32, .175, .1, .06, .07, .1), (.035, .015, .005, 0),
                                                             (.52, .6, .7, .85), .25),
    (PT.tweedegraads, MODE.deeltijd, ROUTE.regulier): Profile(4, (.26, .15, .11, .08, .08), (.02, .01, 0),
                                                              (.4, .5, .65, .85), .4),
    (PT.tweedegraads, MODE.duaal, None): Profile(4, (.17, .1, .07, .05), (.02, .01, 0), (.45, .6, .8), .1),
    (PT.tweedegraads, None, ROUTE.zij_instroom): Profile(2, (.17, .1, .12), (.01, 0), (.7, .8, .9), .08),
    (PT.tweedegraads, None, ROUTE.verkort): Profile(3, (.21, .12, .1), (.015, 0), (.6, .75, .9), .3),
    (PT.tweedegraads, None, ROUTE.maatwerk): Profile(3, (.23, .13, .1), (.015, 0), (.55, .7, .9), .3),
    (PT.pabo, MODE.voltijd, ROUTE.regulier): Profile(4, (.22, .09, .05, .04, .06), (.04, .015, .005, 0),
                                                     (.65, .72, .85), .18),
    (PT.pabo, MODE.deeltijd, ROUTE.regulier): Profile(4, (.16, .09, .06, .05), (.02, .01, 0), (.5, .65, .8), .3),
    (PT.pabo, MODE.duaal, None): Profile(4, (.14, .08, .05, .04), (.02, .01, 0), (.55, .7, .85), .08),
    (PT.pabo, None, ROUTE.verkort): Profile(2, (.13, .08, .1), (.015, 0), (.7, .8, .9), .2),
    (PT.pabo, None, ROUTE.zij_instroom): Profile(2, (.11, .07, .1), (.01, 0), (.75, .85, .9), .08),
    (PT.pabo, None, ROUTE.maatwerk): Profile(3, (.15, .09, .07), (.015, 0), (.6, .75, .9), .2),
    (PT.alpo, None, None): Profile(3, (.18, .08, .04, .05), (.04, .01, 0), (.65, .75, .9), .25),
    (PT.ad_pep, None, None): Profile(2, (.25, .12, .12), (.03, .01, 0), (.6, .72, .85), .25),
    (PT.eerstegraads, MODE.voltijd, None): Profile(1, (.12, .15, .2), (.01, 0), (.6, .75, .85), .5),
    (PT.eerstegraads, None, None): Profile(2, (.14, .1, .1), (.01, 0), (.45, .65, .8), .45),
    (PT.educatieve_minor, None, None): Profile(1, (.8, .5), (0,), (.88, .9), .7),
}

PRIOR_EFFECT = {PRIOR.mbo: 1.1, PRIOR.havo: 1.0, PRIOR.vwo: 0.85, PRIOR.hbo: 0.9, PRIOR.wo: 0.85,
                PRIOR.buitenland: 1.2, PRIOR.overig: 1.1, PRIOR.onbekend: 1.1}

# who comes in from havo and vwo (counted in vo_outflow), and everyone else
FROM_HAVO = [((PT.pabo, MODE.voltijd), 50), ((PT.tweedegraads, MODE.voltijd), 40), ((PT.ad_pep, MODE.voltijd), 5),
             ((PT.pabo, MODE.duaal), 2), ((PT.tweedegraads, MODE.duaal), 3)]
FROM_VWO = [((PT.alpo, MODE.voltijd), 35), ((PT.pabo, MODE.voltijd), 38), ((PT.tweedegraads, MODE.voltijd), 27)]
OTHER_PER_VO_ENTRANT = 1.45
OTHERS = [  # weight, programme type, mode, route, prior education weights, institution type
    (20, PT.pabo, MODE.voltijd, ROUTE.regulier, {PRIOR.mbo: 85, PRIOR.buitenland: 5, PRIOR.overig: 5, PRIOR.onbekend: 5}),
    (4, PT.pabo, MODE.deeltijd, ROUTE.regulier, {PRIOR.mbo: 40, PRIOR.hbo: 30, PRIOR.onbekend: 15, PRIOR.overig: 15}),
    (4, PT.pabo, MODE.deeltijd, ROUTE.verkort, {PRIOR.hbo: 60, PRIOR.wo: 40}),
    (3, PT.pabo, MODE.deeltijd, ROUTE.zij_instroom, {PRIOR.hbo: 65, PRIOR.wo: 35}),
    (2, PT.pabo, MODE.duaal, ROUTE.regulier, {PRIOR.mbo: 60, PRIOR.overig: 20, PRIOR.onbekend: 20}),
    (1, PT.pabo, MODE.deeltijd, ROUTE.maatwerk, {PRIOR.mbo: 40, PRIOR.hbo: 40, PRIOR.overig: 20}),
    (14, PT.tweedegraads, MODE.voltijd, ROUTE.regulier,
     {PRIOR.mbo: 85, PRIOR.buitenland: 6, PRIOR.overig: 4, PRIOR.onbekend: 5}),
    (12, PT.tweedegraads, MODE.deeltijd, ROUTE.regulier,
     {PRIOR.mbo: 35, PRIOR.hbo: 35, PRIOR.wo: 10, PRIOR.onbekend: 10, PRIOR.overig: 10}),
    (6, PT.tweedegraads, MODE.deeltijd, ROUTE.zij_instroom, {PRIOR.hbo: 60, PRIOR.wo: 40}),
    (4, PT.tweedegraads, MODE.deeltijd, ROUTE.verkort, {PRIOR.hbo: 70, PRIOR.wo: 30}),
    (3, PT.tweedegraads, MODE.deeltijd, ROUTE.maatwerk, {PRIOR.hbo: 50, PRIOR.mbo: 30, PRIOR.overig: 20}),
    (3, PT.tweedegraads, MODE.duaal, ROUTE.regulier, {PRIOR.mbo: 50, PRIOR.hbo: 50}),
    (4, PT.eerstegraads, MODE.deeltijd, ROUTE.regulier, {PRIOR.hbo: 100}),
    (4, PT.eerstegraads, MODE.voltijd, ROUTE.regulier, {PRIOR.wo: 100}),
    (2, PT.eerstegraads, MODE.duaal, ROUTE.regulier, {PRIOR.wo: 100}),
    (1, PT.eerstegraads, MODE.deeltijd, ROUTE.zij_instroom, {PRIOR.wo: 60, PRIOR.hbo: 40}),
    (4, PT.educatieve_minor, MODE.voltijd, ROUTE.regulier, {PRIOR.vwo: 100}),
    (5, PT.ad_pep, MODE.voltijd, ROUTE.regulier, {PRIOR.mbo: 95, PRIOR.onbekend: 5}),
    (4, PT.ad_pep, MODE.deeltijd, ROUTE.regulier, {PRIOR.mbo: 80, PRIOR.onbekend: 20}),
]
SWITCH_TO = {PT.pabo: [(PT.tweedegraads, 75), (PT.ad_pep, 25)],
             PT.tweedegraads: [(PT.pabo, 50), (PT.tweedegraads, 40), (PT.ad_pep, 10)],
             PT.alpo: [(PT.pabo, 100)], PT.ad_pep: [(PT.pabo, 70), (PT.tweedegraads, 30)],
             PT.eerstegraads: [(PT.tweedegraads, 100)]}
CONTINUE_TO = {PT.ad_pep: (PT.pabo, ROUTE.verkort, 0.35), PT.tweedegraads: (PT.eerstegraads, ROUTE.regulier, 0.06),
               PT.educatieve_minor: (PT.eerstegraads, ROUTE.regulier, 0.1)}


def _profile(ptype: str, mode: str, route: str) -> Profile:
    for key in ((ptype, mode, route), (ptype, mode, None), (ptype, None, route), (ptype, None, None)):
        if key in PROFILES:
            return PROFILES[key]
    raise KeyError((ptype, mode, route))


@dataclass(frozen=True)
class Need:
    """A student-year in a partnership: it becomes one or more placement requests."""
    student: str
    institution: str
    partnership: Partnership
    year: int
    sector: str
    subject: str | None
    programme_type: str
    route: str
    year_of_study: int


class Careers:
    """Runs the simulation; `rows` are enrolment rows (contract order), `needs` placement needs."""

    def __init__(self, world: World):
        self.world = world
        self.rng = stream(world.seed, "careers")
        self.table = Table("enrolments")
        self._make = self.table.maker(
            "student_key", "institution_code", "programme_code", "programme_type", "degree_level", "study_mode",
            "route", "prior_education", "subject", "academic_year", "year_of_study", "partnership_code",
            "enrolled_on", "exit_date", "exit_type")
        self.rows: list[tuple] = []
        self.needs: list[Need] = []
        self._n = 0
        self._offset = 1_000_003 + 7919 * world.seed
        self._by_type: dict[tuple[str, str | None], list[Programme]] = defaultdict(list)
        for p in world.programmes:
            self._by_type[(p.type, p.institution_type)].append(p)
            self._by_type[(p.type, None)].append(p)
        self._partners: dict[tuple[Region, str], Chooser] = {}
        self._others = Chooser(OTHERS, [o[0] for o in OTHERS])
        self._prior = {id(o): Chooser(list(o[4]), list(o[4].values())) for o in OTHERS}
        self._havo = Chooser([c for c, _ in FROM_HAVO], [w for _, w in FROM_HAVO])
        self._vwo = Chooser([c for c, _ in FROM_VWO], [w for _, w in FROM_VWO])
        self._subjects = {}
        self._sept1 = {y: dt.date(y, 9, 1) for y in range(SIM_START - 1, LAST_YEAR + 3)}

    # ------------------------------------------------------------------ entry
    def run(self, outflow: list[Outflow]) -> "Careers":
        vo = defaultdict(int)
        for o in outflow:
            vo[(o.school.region.code, o.exam_year, o.track)] += o.entered
        rng = self.rng
        for year in range(SIM_START, LAST_YEAR + 1):
            pabo_growth = max(0.0, 0.02 * (year - FIRST_YEAR))      # bigger pabo intake in later years
            for region in self.world.regions:
                havo, vwo = vo[(region.code, year, TRACK.havo)], vo[(region.code, year, TRACK.vwo)]
                for count, chooser, prior in ((havo, self._havo, PRIOR.havo), (vwo, self._vwo, PRIOR.vwo)):
                    for _ in range(count):
                        ptype, mode = chooser(rng)
                        self.start(region, self._key(), ptype, mode, ROUTE.regulier, prior, year, None)
                for _ in range(poisson(rng, OTHER_PER_VO_ENTRANT * (havo + vwo))):
                    o = self._others(rng)
                    if o[1] != PT.pabo and rng.random() < pabo_growth:
                        o = OTHERS[0]
                    self.start(region, self._key(), o[1], o[2], o[3], self._prior[id(o)](rng), year, None)
        return self

    def _key(self) -> str:
        self._n += 1
        return f"S{(self._n * 48271 + self._offset) % 10_000_000:07d}"

    def _programme(self, region: Region, ptype: str, prior: str, subject: str | None = None,
                   avoid: str | None = None) -> tuple[Programme, Institution]:
        rng = self.rng
        inst_type = None
        if ptype == PT.eerstegraads:
            inst_type = INST.wo if prior in (PRIOR.wo, PRIOR.vwo) else INST.hbo
        candidates = [p for p in self._by_type[(ptype, inst_type)] if p.code != avoid]
        if candidates[0].subject is not None:
            if subject is None or not any(p.subject == subject for p in candidates):
                key = (ptype, inst_type, avoid)
                if key not in self._subjects:
                    weight = 2 if ptype == PT.tweedegraads else 3
                    self._subjects[key] = Chooser(candidates, [SUBJECTS[p.subject][weight] + 0.01 for p in candidates])
                prog = self._subjects[key](rng)
            else:
                prog = next(p for p in candidates if p.subject == subject)
        else:
            prog = candidates[0]
        linked = region.hbo if prog.institution_type == INST.hbo else region.wo
        offering = [i for i in linked if prog.code in i.offers]
        if not offering:
            offering = [i for i in self.world.institutions if prog.code in i.offers]
        inst = offering[0] if len(offering) == 1 or rng.random() < 0.75 else offering[1]
        return prog, inst

    def _partnership(self, region: Region, sector: str) -> Partnership | None:
        key = (region, sector)
        if key not in self._partners:
            items, weights = [], []
            for p in region.partnerships:
                w = sum(s.weight for s in p.schools if s.sector == sector)
                if w:
                    items.append(p)
                    weights.append(p.weight * w)
            self._partners[key] = Chooser(items, weights)
        chooser = self._partners[key]
        return chooser(self.rng) if chooser else None

    # ------------------------------------------------------------------ one programme
    def start(self, region: Region, student: str, ptype: str, mode: str, route: str, prior: str, year: int,
              subject: str | None, avoid: str | None = None, can_switch: bool = True,
              continuing: bool = False) -> None:
        rng = self.rng
        prog, inst = self._programme(region, ptype, prior, subject, avoid)
        if prog.type in (PT.alpo, PT.educatieve_minor):
            mode = MODE.voltijd
        prof = _profile(prog.type, mode, route)
        sector = placement_sector(prog, rng)
        partnership = self._partnership(region, sector)
        if partnership is None and sector == SECTOR.mbo:
            sector = SECTOR.vo
            partnership = self._partnership(region, sector)
        effect = inst.dropout_effect * PRIOR_EFFECT[prior] * (1.0 + 0.015 * (year - FIRST_YEAR))
        first = self._sept1[year]
        if not continuing and rng.random() < 0.2:
            first = dt.date(year, 8, 15) + dt.timedelta(days=rng.randrange(47))
        make = self._make
        yos = 1
        while True:
            if partnership is not None and rng.random() < 0.05:
                partnership = self._partnership(region, sector)
            this = partnership if rng.random() >= prof.no_partnership else None
            exit_date = exit_type = None
            outcome = None
            grad = prof.grad[min(yos - prof.nominal, len(prof.grad) - 1)] if yos >= prof.nominal else 0.0
            u = rng.random()
            if u < grad:
                outcome = "diploma"
            else:
                h = effect * (this.dropout_effect if this else 1.1)
                drop = prof.drop[min(yos - 1, len(prof.drop) - 1)] * h if yos < 10 else 1.0
                switch = prof.switch[min(yos - 1, len(prof.switch) - 1)] if can_switch and ptype in SWITCH_TO else 0.0
                v = rng.random()
                outcome = "drop" if v < drop else "switch" if v < drop + switch else None
            continues = False
            if outcome == "diploma":
                continues = ptype in CONTINUE_TO and year < LAST_YEAR and rng.random() < CONTINUE_TO[ptype][2]
                exit_type, exit_date = EXIT.diploma, self._diploma_date(prog, year, continues)
            elif outcome == "drop" and rng.random() < 0.65:
                exit_type, exit_date = EXIT.uitschrijving, self._deregistration_date(year)
            elif outcome == "switch" and rng.random() < 0.5:
                exit_type, exit_date = EXIT.uitschrijving, dt.date(year + 1, 8, 31)
            if year >= FIRST_YEAR:
                enrolled = first if yos == 1 or inst.enrolled_on_first else self._sept1[year]
                self.rows.append(make(student, inst.code, prog.code, prog.type, prog.degree, mode, route, prior,
                                      prog.subject, year, yos, this.code if this else None, enrolled,
                                      exit_date, exit_type))
                if this is not None:
                    self.needs.append(Need(student, inst.code, this, year, sector, None if sector == SECTOR.po
                                           else prog.subject, prog.type, route, yos))
            if outcome is None:
                year, yos = year + 1, yos + 1
                if year > LAST_YEAR:
                    return
                continue
            if outcome == "switch" and year < LAST_YEAR:
                target = Chooser([t for t, _ in SWITCH_TO[ptype]], [w for _, w in SWITCH_TO[ptype]])(rng)
                self.start(region, student, target, mode, ROUTE.regulier, prior, year + 1, None,
                           avoid=prog.code, can_switch=False, continuing=True)
            elif continues:
                target, next_route, _ = CONTINUE_TO[ptype]
                next_mode = MODE.deeltijd if target == PT.eerstegraads and ptype != PT.educatieve_minor else mode
                next_prior = PRIOR.wo if ptype == PT.educatieve_minor else PRIOR.hbo
                self.start(region, student, target, next_mode, next_route, next_prior, year + 1,
                           prog.subject, can_switch=False, continuing=True)
            return

    def _diploma_date(self, prog: Programme, year: int, continues: bool) -> dt.date:
        rng = self.rng
        if prog.type == PT.educatieve_minor:
            return dt.date(year + 1, 1, 31) if rng.random() < 0.6 else dt.date(year + 1, 6, 30)
        u = rng.random()
        if u < 0.45 or continues and u >= 0.8:
            return dt.date(year + 1, 6, 20 + rng.randrange(11))
        if u < 0.8:
            return dt.date(year + 1, 7, 1 + rng.randrange(10))
        if u < 0.85:
            return dt.date(year + 1, 8, 31)
        return dt.date(year + 1, 9, 30)

    def _deregistration_date(self, year: int) -> dt.date:
        rng = self.rng
        u = rng.random()
        if u < 0.3:
            return dt.date(year + 1, 1, 31)
        if u < 0.6:
            return dt.date(year + 1, 8, 31)
        month = rng.choice([10, 11, 12, 2, 3, 4, 5, 6, 7])
        y = year if month >= 10 else year + 1
        return dt.date(y, month, 28) if month == 2 else dt.date(y, month, 30 if month in (4, 6, 11) else 31)


def simulate_careers(world: World, outflow: list[Outflow]) -> Careers:
    return Careers(world).run(outflow)
