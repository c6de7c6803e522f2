"""Who delivers which rows in which file: `<feed>/<sender>_<academic_year>[_<free text>].<csv|xlsx>`.

Institutes send their enrolments per academic year; partnerships their placements; capacity and
costs come from the partnership, except from schools that send their own; funding from the
partnership or its region; vo_outflow from the school itself, its region, or DUO for the rest.
Reference lists come from `NL` (national lists) or from each region (its partnerships, schools and
KPI targets). A vo_outflow file's year is the exam year: the academic year its graduates entered.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sources.generator.contract import Table
from sources.generator.formats import Quirks
from sources.generator.outflow import Outflow
from sources.generator.rng import stream
from sources.generator.scales import FIRST_YEAR, LAST_YEAR
from sources.generator.world import World

NATIONAL, DUO = "NL", "DUO"


@dataclass(eq=False)
class Delivery:
    feed: str
    sender: str
    kind: str                       # institution | school | partnership | region | NL | DUO
    year: int
    rows: list[tuple]
    free: str | None = None         # free text after the year in the file name
    style: str = "utf8"
    quirks: Quirks = field(default_factory=Quirks)
    bad_rows: int = 0               # planted rows that break the contract (rejected at ingest)
    role: str = "load"              # load | replaced (a correction follows) | duplicate

    @property
    def table(self) -> Table:
        return Table(self.feed)

    def name(self, extension: str) -> str:
        return f"{self.sender}_{self.year}{'_' + self.free if self.free else ''}.{extension}"


def plan(world: World, enrolments: list[tuple], placements: list[tuple], capacity: list[tuple],
         costs: list[tuple], funding: list[tuple], outflow: list[Outflow],
         reference: dict[str, list[tuple]]) -> list[Delivery]:
    rng = stream(world.seed, "deliveries")
    scale = world.scale
    out: list[Delivery] = []
    school_of = {s.code: s for s in world.schools}
    partnership_of = {p.code: p for p in world.partnerships}
    own_capacity = {s.code: rng.random() < scale.own_capacity_share for s in world.schools}
    own_costs = {s.code: rng.random() < scale.own_costs_share for s in world.schools}
    own_outflow = {s.code: rng.random() < scale.own_outflow_share for s in world.schools}

    def group(feed: str, rows: list[tuple], sender_of) -> None:
        t = Table(feed)
        year_at = t.position["exam_year" if feed == "vo_outflow" else "academic_year"]
        files: dict[tuple[str, str, int], list[tuple]] = defaultdict(list)
        for row in rows:
            sender, kind = sender_of(row)
            files[(kind, sender, row[year_at])].append(row)
        for (kind, sender, year), rs in files.items():
            out.append(Delivery(feed, sender, kind, year, rs))

    e = Table("enrolments").position
    enrolments = sorted(enrolments, key=lambda r: (r[e["institution_code"]], r[e["academic_year"]],
                                                   r[e["student_key"]], r[e["programme_code"]]))
    group("enrolments", enrolments, lambda r: (r[e["institution_code"]], "institution"))
    p = Table("placements").position
    group("placements", placements, lambda r: (r[p["partnership_code"]], "partnership"))

    c = Table("capacity").position

    def capacity_sender(row):
        code = row[c["school_code"]]
        return (code, "school") if own_capacity[code] else (school_of[code].partnership.code, "partnership")
    group("capacity", capacity, capacity_sender)

    k = Table("costs").position

    def cost_sender(row):
        code = row[k["school_code"]]
        if code and own_costs[code]:
            return code, "school"
        return (school_of[code].partnership.code if code else row[k["partnership_code"]]), "partnership"
    group("costs", costs, cost_sender)

    f = Table("funding").position

    def funding_sender(row):
        partnership = partnership_of[row[f["partnership_code"]]]
        if partnership.region.funding_by_region:
            return partnership.region.code, "region"
        return partnership.code, "partnership"
    group("funding", funding, funding_sender)

    t = Table("vo_outflow")
    rows = []
    for o in outflow:
        if FIRST_YEAR <= o.exam_year <= LAST_YEAR:
            rows.append(t.row(school_code=o.school.code, exam_year=o.exam_year, track=o.track,
                              graduates=o.graduates, entered_teacher_training=o.entered))
    v = t.position

    def outflow_sender(row):
        school = school_of[row[v["school_code"]]]
        if own_outflow[school.code]:
            return school.code, "school"
        if school.region.outflow_by_region:
            return school.region.code, "region"
        return DUO, DUO
    group("vo_outflow", rows, outflow_sender)

    region_of_partnership = {code: p.region.code for code, p in partnership_of.items()}
    for feed, rows in reference.items():
        t = Table(feed)
        if feed in ("regions", "institutions", "subjects"):
            out.append(Delivery(feed, NATIONAL, NATIONAL, LAST_YEAR, rows))
        elif feed == "norms":
            year_at = t.position["academic_year"]
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                out.append(Delivery(feed, NATIONAL, NATIONAL, year, [r for r in rows if r[year_at] == year]))
        else:
            at = t.position["region_code" if feed != "kpi_targets" else "scope_code"]
            by_region: dict[str, list[tuple]] = defaultdict(list)
            for r in rows:
                by_region[region_of_partnership.get(r[at], r[at])].append(r)
            for region, rs in by_region.items():
                out.append(Delivery(feed, region, "region", LAST_YEAR, rs))
    assign_styles(world, out)
    return out


# style quotas among senders (of the kinds that may use the style)
QUOTAS = [("dutch", 0.2, ("institution", "school", "partnership", "region")),
          ("tab", 0.04, ("institution", "school", "partnership", "region")),
          ("bom", 0.06, ("institution", "school", "partnership", "region")),
          ("xlsx", 0.03, ("school", "partnership", "region"))]


def assign_styles(world: World, deliveries: list[Delivery]) -> None:
    """Each sender writes every file in one style with the same quirks, chosen by the seed. DUO
    writes Dutch-style files (as its open data does), NL plain UTF-8. At least one partnership and
    one region write Dutch-style, and each other style occurs at least once."""
    rng = stream(world.seed, "styles")
    senders = sorted({(d.kind, d.sender): True for d in deliveries})
    rng.shuffle(senders)
    style: dict[tuple[str, str], str] = {}
    for kind, sender in senders:
        if kind in ("NL", "DUO"):
            style[(kind, sender)] = "dutch" if kind == "DUO" else "utf8"
            continue
        u, chosen = rng.random(), "utf8"
        for name, share, kinds in QUOTAS:
            if kind in kinds:
                if u < share:
                    chosen = name
                    break
                u -= share
        style[(kind, sender)] = chosen
    for kind in ("partnership", "region"):
        if not any(s == "dutch" for (k, _), s in style.items() if k == kind):
            first = next(key for key in senders if key[0] == kind)
            style[first] = "dutch"
    for name, _, kinds in QUOTAS:
        if not any(s == name for s in style.values()):
            first = next((key for key in senders if key[0] in kinds and style[key] == "utf8"), None)
            if first:
                style[first] = name
    quirks = {}
    for key in senders:
        if key[0] in ("NL", "DUO"):
            quirks[key] = Quirks()
        else:
            quirks[key] = Quirks(upper_header=rng.random() < 0.05, extra_column=rng.random() < 0.04,
                                 lean=rng.random() < 0.15)
    for d in deliveries:
        d.style, d.quirks = style[(d.kind, d.sender)], quirks[(d.kind, d.sender)]
