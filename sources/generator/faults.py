"""Planted faults (`--faults`): rows that break the contract, rows naming codes the reference feeds
do not know, and files the ingest must refuse or recognise. All planted rows are additional rows
(fabricated students, requests and cost lines, or a copy of a row), so the clean world underneath
stays intact; the summary says exactly what was planted so tests can check the ingest caught it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sources.generator.contract import COST, FEEDS, STATUS, Table, codes
from sources.generator.deliveries import Delivery
from sources.generator.programmes import SUBJECTS
from sources.generator.rng import stream
from sources.generator.world import World

UNKNOWN_FEED = "stageplaatsen"
UNPARSEABLE_DATES = ["1 sept. 2023", "2023-09-31", "31/08/2023", "31-02-2023"]
assert UNKNOWN_FEED not in FEEDS


@dataclass
class RawFile:
    """A planted file written as given: `data` bytes, or a delivery rendered with `drop`."""
    folder: str
    name: str
    kind: str                               # bad_name | unknown_feed | missing_column | empty_file
    data: bytes | None = None
    delivery: Delivery | None = None
    drop: tuple[str, ...] = ()


@dataclass
class Faults:
    bad_rows: Counter = field(default_factory=Counter)          # rule -> rows
    unknown_rows: Counter = field(default_factory=Counter)      # feed -> rows
    raw: list[RawFile] = field(default_factory=list)


def plant(world: World, deliveries: list[Delivery]) -> Faults:
    rng = stream(world.seed, "faults")
    n = world.scale.faults_per_rule
    per_kind = world.scale.faulty_files_per_kind
    faults = Faults()
    by_feed: dict[str, list[Delivery]] = defaultdict(list)
    for d in deliveries:
        by_feed[d.feed].append(d)
    reserved: set[int] = set()

    def pick(feed: str, kind: str | tuple[str, ...] | None = None, exclude_reserved: bool = True,
             min_rows: int = 1) -> Delivery:
        """A delivery of the feed (of a sender kind, when one of that kind exists)."""
        pool = [d for d in by_feed[feed] if len(d.rows) >= min_rows and not (exclude_reserved and id(d) in reserved)]
        kinds = (kind,) if isinstance(kind, str) else kind
        return rng.choice([d for d in pool if d.kind in kinds] or pool if kinds else pool)

    # ------------------------------------------------------------------ files
    for _ in range(per_kind):
        # a corrected re-delivery: the first file had stale rows, `_correctie` has the right ones
        original = pick("placements", min_rows=10)
        reserved.add(id(original))
        t = original.table
        fixed = Delivery(original.feed, original.sender, original.kind, original.year, list(original.rows),
                         free="correctie", style=original.style, quirks=original.quirks)
        stale = list(original.rows[:-3])            # the first delivery missed rows and had wrong hours
        hours_at = t.position["hours_per_week"]
        for i in range(0, len(stale), 5):
            if stale[i][hours_at] is not None:
                stale[i] = t.replace(stale[i], hours_per_week=stale[i][hours_at] + 2.0)
        original.rows, original.role = stale, "replaced"
        deliveries.insert(deliveries.index(original) + 1, fixed)
        reserved.add(id(fixed))

        # a byte-identical duplicate under another name
        source = pick("vo_outflow", "school")
        reserved.add(id(source))
        copy = Delivery(source.feed, source.sender, source.kind, source.year, source.rows, free="kopie",
                        style=source.style, quirks=source.quirks, role="duplicate")
        deliveries.insert(deliveries.index(source) + 1, copy)
        reserved.add(id(copy))

        # a file name that does not follow the pattern, and a file in a folder that is no feed
        source = _snapshot(pick("placements", exclude_reserved=False))
        faults.raw.append(RawFile("placements", f"plaatsingen {source.sender} {source.year}-{source.year + 1}",
                                  "bad_name", delivery=source))
        faults.raw.append(RawFile(UNKNOWN_FEED, f"{source.sender}_{source.year}", "unknown_feed", delivery=source))

        # a file without a required column, and an empty file, for keys nobody else delivers
        taken = {(d.feed, d.sender, d.year) for d in deliveries}
        source = pick("capacity", "partnership", exclude_reserved=False)
        school = source.table.position["school_code"]
        code = source.rows[0][school]
        own = Delivery("capacity", code, "school", source.year, [r for r in source.rows if r[school] == code],
                       style=source.style, quirks=source.quirks)
        if ("capacity", code, source.year) not in taken:
            faults.raw.append(RawFile("capacity", f"{code}_{source.year}", "missing_column", delivery=own,
                                      drop=("places_offered",)))
        source = pick("costs", "partnership", exclude_reserved=False)
        at = source.table.position["school_code"]
        named = [r[at] for r in source.rows if r[at]]
        if named and ("costs", named[0], source.year) not in taken:
            faults.raw.append(RawFile("costs", f"{named[0]}_{source.year}.csv", "empty_file", data=b""))

    # ------------------------------------------------------------------ rows
    e, p, c, k, f, v = (Table(name) for name in ("enrolments", "placements", "capacity", "costs", "funding",
                                                  "vo_outflow"))
    clean = {id(d): len(d.rows) for d in deliveries}
    fake = iter(range(1, 1_000_000))

    def student() -> str:
        return f"X{world.seed}-{next(fake):05d}"

    def clean_row(d: Delivery) -> tuple:
        return rng.choice(d.rows[:clean[id(d)]])

    # rows naming codes the reference feeds do not know: loaded, but left out of the marts
    m = max(1, n // 2)
    for i in range(m):
        school, partnership = f"9{i % 10}ZZ{i:02d}", f"SOP-ONBEKEND-{i + 1:02d}"
        d = pick("enrolments")
        d.rows.append(e.replace(clean_row(d), student_key=student(), partnership_code=partnership))
        d = pick("placements")
        r = clean_row(d)
        d.rows.append(p.replace(r, request_id=f"{r[p.position['request_id']]}-U{i}", student_key=student(),
                                status=STATUS.geplaatst, school_code=school))
        d = pick("capacity", "partnership")
        d.rows.append(c.replace(clean_row(d), school_code=school))
        d = pick("costs", "partnership")
        d.rows.append(k.replace(clean_row(d), school_code=school, partnership_code=None))
        d = pick("funding")
        d.rows.append(f.replace(clean_row(d), partnership_code=partnership))
        d = pick("vo_outflow", ("region", "DUO"))
        d.rows.append(v.replace(clean_row(d), school_code=school))
        for feed in ("enrolments", "placements", "capacity", "costs", "funding", "vo_outflow"):
            faults.unknown_rows[feed] += 1

    # rows that break the contract: each breaks exactly one rule
    def bad(d: Delivery, row: tuple, rule: str, at: int | None = None) -> None:
        d.rows.insert(len(d.rows) if at is None else at, row)
        d.bad_rows += 1
        faults.bad_rows[rule] += 1

    for _ in range(n):
        d = pick("enrolments")
        i = rng.randrange(clean[id(d)])
        bad(d, d.rows[i], "duplicate_key", at=i + 1)           # a later copy of the same key
        clean[id(d)] += 1
    for _ in range(n):
        d = pick("enrolments")
        bad(d, e.replace(clean_row(d), student_key=student(), study_mode="fulltime"), "enum_value")
        d = pick("enrolments")
        bad(d, e.replace(clean_row(d), student_key=student(), year_of_study=0), "year_of_study_0")
        d = pick("enrolments")
        bad(d, e.replace(clean_row(d), student_key=student(), enrolled_on=rng.choice(UNPARSEABLE_DATES)),
            "unparseable_date")
    for i in range(n):
        d = pick("placements")
        r = clean_row(d)
        bad(d, p.replace(r, request_id=f"{r[p.position['request_id']]}-F{i}", student_key=student(),
                         status=STATUS.geplaatst, school_code=None), "placed_without_school")
        d = pick("costs")
        bad(d, k.replace(clean_row(d), cost_category=COST.overig, hours=None, amount_eur=None),
            "cost_without_hours_or_amount")
    at_school, at_subject = c.position["school_code"], c.position["subject"]
    candidates = [d for d in by_feed["capacity"] if id(d) not in reserved]
    rng.shuffle(candidates)
    for d in candidates:
        if faults.bad_rows["negative_places"] == n:
            break
        keys = {(r[at_school], r[at_subject]) for r in d.rows}
        rows = [r for r in d.rows[:clean[id(d)]] if r[at_subject]]       # schools that report per subject
        if rows:
            r = rng.choice(rows)
            subject = rng.choice([s for s in SUBJECTS if (r[at_school], s) not in keys])
            bad(d, c.replace(r, subject=subject, places_offered=-rng.randint(1, 5)), "negative_places")
    combos = [(s, track) for s in world.schools if s.sector == "vo" and not s.havo for track in codes.TRACKS]
    for i in range(n):
        school, track = combos[i % len(combos)]            # a vmbo school: no other row has this key
        d = pick("vo_outflow", ("region", "DUO"))
        bad(d, v.row(school_code=school.code, exam_year=d.year, track=track, graduates=5,
                     entered_teacher_training=9), "entered_above_graduates")
    return faults


def _snapshot(d: Delivery) -> Delivery:
    return Delivery(d.feed, d.sender, d.kind, d.year, list(d.rows), style=d.style, quirks=d.quirks)
