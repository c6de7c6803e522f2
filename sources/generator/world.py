"""The static world: regions, their SO&P partnerships, school locations and teacher-training
institutes. Everything that stays the same over the years is decided here, including the traits
that make regions and partnerships differ (scarcity of places or supervisors, cost level, dropout
level), so the marts have real differences to show."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sources.generator import geography as geo
from sources.generator.contract import INST, PT, ROLE, SECTOR, codes
from sources.generator.programmes import Programme, catalogue
from sources.generator.rng import Chooser, stream
from sources.generator.scales import Scale


@dataclass(eq=False)
class Institution:
    code: str
    name: str
    type: str
    offers: dict[str, Programme] = field(default_factory=dict)      # CROHO code -> programme
    dropout_effect: float = 1.0
    enrolled_on_first: bool = False     # reports the first enrolment date instead of this year's


@dataclass(eq=False)
class School:
    code: str
    name: str
    municipality: str
    sector: str
    region: "Region"
    partnership: "Partnership | None"
    role: str
    denomination: str
    urbanisation: int
    weight: float = 1.0                 # how many students it hosts, relatively
    per_subject: bool = False           # reports capacity per subject (vo/mbo)
    havo: float = 0.0                   # mean havo graduates per exam year (0: no havo track)
    vwo: float = 0.0
    rate_havo: float = 0.0              # persistent share of havo graduates entering teacher training
    rate_vwo: float = 0.0


@dataclass(eq=False)
class Partnership:
    code: str
    name: str
    region: "Region"
    kind: str                           # po | vo | breed
    weight: float
    small: bool
    schools: list[School] = field(default_factory=list)
    dropout_effect: float = 1.0
    cost_per_student: float = 3500.0   # supervision cost level, EUR per supervised student
    fte_per_student: float = 0.05      # supervision hours as fte per supervised student
    hours_only_share: float = 0.1      # cost lines that give only hours
    amount_only_share: float = 0.05    # supervision lines that give only an amount
    allowance: float = 0.0             # stagevergoeding per placed student (0: none paid)
    lumpsum: bool = False
    request_style: int = 0              # how its request ids look
    reports_dates: bool = True          # fills start_date/end_date of placements

    def sector_schools(self, sector: str) -> list[School]:
        return [s for s in self.schools if s.sector == sector]


@dataclass(eq=False)
class Region:
    code: str
    name: str
    abbr: str
    size: float
    municipalities: list[str]
    urbanisation: dict[str, int]
    partnerships: list[Partnership] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    short_places: dict[str, bool] = field(default_factory=dict)       # sector -> too few places
    short_supervisors: dict[str, bool] = field(default_factory=dict)  # sector -> too few supervisors
    hbo: list[Institution] = field(default_factory=list)              # primary first
    wo: list[Institution] = field(default_factory=list)
    funding_by_region: bool = False
    outflow_by_region: bool = False


@dataclass(eq=False)
class World:
    scale: Scale
    seed: int
    regions: list[Region]
    institutions: list[Institution]
    programmes: list[Programme]

    @property
    def partnerships(self) -> list[Partnership]:
        return [p for r in self.regions for p in r.partnerships]

    @property
    def schools(self) -> list[School]:
        return [s for r in self.regions for s in r.schools]


class _Codes:
    """Unique BRIN-style codes. Digits 00-89 only: codes starting with 9 are left for planted
    unknown codes, so they never collide with a real one."""

    def __init__(self, rng):
        self.rng, self.used = rng, {}

    def brin(self, lo: int = 0, hi: int = 31) -> str:
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        while True:
            code = f"{self.rng.randint(lo, hi):02d}{self.rng.choice(letters)}{self.rng.choice(letters + '0123456789')}"
            if code not in self.used:
                self.used[code] = True
                return code


def _short_name(region_name: str) -> str:
    return region_name.removeprefix("Onderwijsregio ")


def _institutions(scale: Scale, regions: list[Region], rng, codes: _Codes) -> list[Institution]:
    progs = catalogue()
    n_hbo = max(1, round(len(regions) * scale.hbo_per_region))
    n_wo = max(1, round(len(regions) * scale.wo_per_region))
    hbo, wo = [], []
    for j in range(n_hbo):
        home = regions[j * len(regions) // n_hbo]
        form = geo.HBO_FORMS[0] if j == 0 else rng.choice(geo.HBO_FORMS)
        inst = Institution(codes.brin(21, 31), form.format(place=_short_name(home.name)), INST.hbo,
                           dropout_effect=rng.uniform(0.9, 1.1), enrolled_on_first=rng.random() < 0.3)
        masters = j % 2 == 0
        for p in progs:
            if p.institution_type == INST.hbo and (p.type != PT.eerstegraads or masters):
                inst.offers[p.code] = p
        hbo.append(inst)
    for j in range(n_wo):
        home = regions[j * len(regions) // n_wo]
        form = geo.WO_FORMS[0] if j == 0 else rng.choice(geo.WO_FORMS)
        inst = Institution(codes.brin(21, 31), form.format(place=home.municipalities[0]), INST.wo,
                           dropout_effect=rng.uniform(0.9, 1.1), enrolled_on_first=rng.random() < 0.3)
        for p in progs:
            if p.institution_type == INST.wo and (p.type != PT.alpo or j % 2 == 0):
                inst.offers[p.code] = p
        wo.append(inst)
    for i, region in enumerate(regions):
        k = i * n_hbo // len(regions)
        region.hbo = [hbo[k]] + ([hbo[(k + 1) % n_hbo]] if n_hbo > 1 else [])
        region.wo = [wo[i * n_wo // len(regions)]]
    return hbo + wo


PARTNERSHIP_KINDS = {1: ["breed"], 2: ["po", "vo"], 3: ["po", "vo", "breed"], 4: ["po", "po", "vo", "breed"]}
SCHOOLS_PER_KIND = {  # sector -> range of school locations per partnership, times the region's size
    "po": {SECTOR.po: (10, 20)},
    "vo": {SECTOR.vo: (5, 10), SECTOR.mbo: (1, 2.5)},
    "breed": {SECTOR.po: (6, 12), SECTOR.vo: (3, 6), SECTOR.mbo: (0.6, 1.6)},
}
SCARCITY = [((False, False), 0.45), ((True, False), 0.25), ((False, True), 0.2), ((True, True), 0.1)]


def build_world(scale: Scale, seed: int) -> World:
    rng = stream(seed, "world")
    brins = _Codes(stream(seed, "codes"))
    regions = []
    for suffix, name, abbr, size, munis in geo.REGIONS[:scale.regions]:
        municipalities = munis.split("|")
        urban = {m: (1 if size >= 1.5 else 2) if k == 0 else rng.choice([2, 3, 3, 4, 4, 5])
                 for k, m in enumerate(municipalities)}
        if suffix == "WADDEN":
            urban = {m: 5 for m in municipalities}
        regions.append(Region(f"OR-{suffix}", name, abbr, scale.region_size or size, municipalities, urban))
    institutions = _institutions(scale, regions, rng, brins)
    scarcity = Chooser([s for s, _ in SCARCITY], [w for _, w in SCARCITY])
    denominations = Chooser([d for d, _ in geo.DENOMINATIONS], [w for _, w in geo.DENOMINATIONS])
    for i, region in enumerate(regions):
        for sector in codes.SECTORS:
            region.short_places[sector], region.short_supervisors[sector] = scarcity(rng)
        region.funding_by_region = rng.random() < 0.4
        region.outflow_by_region = rng.random() < 0.3
        n = scale.partnerships[i % len(scale.partnerships)] if scale.partnerships else \
            Chooser([1, 2, 3, 4], [0.1, 0.35, 0.35, 0.2])(rng)
        kinds = PARTNERSHIP_KINDS[n]
        small_at = len(kinds) - 1 if n >= 3 and (i == 0 or rng.random() < 0.35) else -1
        for k, kind in enumerate(kinds):
            _partnership(region, k, kind, k == small_at, rng, brins, denominations)
        for _ in range(max(1, round(rng.uniform(6, 11) * region.size))):
            region.schools.append(_school(region, None, SECTOR.vo, rng, brins, denominations))
        outside = [s for s in region.schools if s.partnership is None]
        outside[0].havo = outside[0].vwo = 0.0          # one vmbo-only school in every region
    _guarantee_scarcity(regions)
    return World(scale, seed, regions, institutions, catalogue())


def _guarantee_scarcity(regions: list[Region]) -> None:
    """Every world shows both kinds of scarcity: po short of places, vo short of supervisors,
    when the draw happened to give neither."""
    if not any(any(r.short_places.values()) for r in regions):
        regions[0].short_places[SECTOR.po] = True
    if not any(any(r.short_supervisors.values()) for r in regions):
        regions[-1].short_supervisors[SECTOR.vo] = True
    if all(all(r.short_places.values()) or all(r.short_supervisors.values()) for r in regions):
        regions[0].short_places[SECTOR.mbo] = regions[0].short_supervisors[SECTOR.mbo] = False


def _partnership(region: Region, k: int, kind: str, small: bool, rng, codes, denominations) -> None:
    place = region.municipalities[k % len(region.municipalities)] if k else _short_name(region.name)
    form = geo.PARTNERSHIP_FORMS[(k + len(region.abbr)) % len(geo.PARTNERSHIP_FORMS)]
    p = Partnership(code=f"SOP-{region.abbr}-{k + 1:02d}", name=form.format(place=place), region=region,
                    kind=kind, weight=0.025 if small else rng.lognormvariate(0, 0.3), small=small,
                    dropout_effect=rng.uniform(0.85, 1.15),
                    cost_per_student=rng.uniform(2850, 4350), fte_per_student=rng.uniform(0.047, 0.059),
                    hours_only_share=rng.choice([0.0, 0.08, 0.15]), amount_only_share=rng.choice([0.0, 0.0, 0.06]),
                    allowance=rng.uniform(400, 2400) if rng.random() < 0.6 else 0.0,
                    lumpsum=rng.random() < 0.5, request_style=rng.randrange(4), reports_dates=rng.random() > 0.1)
    region.partnerships.append(p)
    for sector, (lo, hi) in SCHOOLS_PER_KIND[kind].items():
        if small:
            count = {SECTOR.po: 2, SECTOR.vo: 1}.get(sector, 0)
        else:
            count = round(rng.uniform(lo, hi) * region.size)
            if sector != SECTOR.mbo:
                count = max(1, count)
        for _ in range(count):
            school = _school(region, p, sector, rng, codes, denominations)
            p.schools.append(school)
            region.schools.append(school)
    roles = [s for s in p.schools if s.sector != SECTOR.mbo] or p.schools
    if roles and not any(s.role == ROLE.kern for s in roles):
        roles[0].role = ROLE.kern
        roles[0].weight *= 2.5


def _school(region: Region, p: Partnership | None, sector: str, rng, codes, denominations) -> School:
    denomination = denominations(rng)
    municipality = rng.choice(region.municipalities)
    prev = [s for s in region.schools if s.sector == sector and s.code.endswith(("00", "01"))]
    if sector == SECTOR.vo and prev and rng.random() < 0.2:      # a second location of a vo school
        base = prev[-1]
        code = base.code[:4] + f"{int(base.code[4:]) + 1:02d}"
        if code in codes.used:
            code = codes.brin() + "00"
        codes.used[code] = True
        name = f"{base.name.split(',')[0]}, locatie {municipality}"
    else:
        code = codes.brin() + "00"
        if sector == SECTOR.po:
            name = f"{rng.choice(geo.PO_PREFIX[denomination])} {rng.choice(geo.PO_NAMES)}"
        elif sector == SECTOR.vo:
            name = rng.choice(geo.VO_FORMS).format(name=rng.choice(geo.VO_NAMES))
        else:
            name = rng.choice(geo.MBO_FORMS).format(name=rng.choice(geo.MBO_NAMES))
    if p is None:
        role = ROLE.regulier
    elif sector == SECTOR.mbo:
        role = ROLE.kern if rng.random() < 0.4 else ROLE.schil
    else:
        role = Chooser([ROLE.kern, ROLE.schil, ROLE.regulier], [0.3, 0.5, 0.2])(rng)
    weight = {ROLE.kern: 3.0, ROLE.schil: 1.5, ROLE.regulier: 0.6}[role] * rng.uniform(0.6, 1.4)
    school = School(code, name, municipality, sector, region, p, role, denomination,
                    region.urbanisation[municipality], weight=weight,
                    per_subject=sector != SECTOR.po and rng.random() < 0.6)
    if sector == SECTOR.vo and rng.random() > 0.15:           # 15% vmbo-only: no havo/vwo graduates
        school.havo = min(260.0, max(6.0, rng.lognormvariate(math.log(78), 0.5)))
        school.rate_havo = min(rng.gammavariate(6.5, 0.0745 / 6.5), 0.23)
        if rng.random() > 0.1:
            school.vwo = school.havo * rng.uniform(0.45, 0.9)
            school.rate_vwo = min(rng.gammavariate(4.0, 0.026 / 4.0), 0.12)
    return school
