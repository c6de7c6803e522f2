"""`generate()`: build the synthetic world, turn it into deliveries, write them to an inbox.

The order is: static world -> vo outflow -> careers (enrolments) -> placements and capacity ->
costs and funding -> reference lists -> delivery plan -> (faults) -> files. Each step draws from its
own seeded stream, so the same seed writes byte-identical files.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Callable

from sources.generator.careers import simulate_careers
from sources.generator.contract import FEEDS
from sources.generator.costs import simulate_costs
from sources.generator.deliveries import plan
from sources.generator.faults import Faults, plant
from sources.generator.formats import STYLES, render
from sources.generator.outflow import simulate_outflow
from sources.generator.placements import simulate_placements
from sources.generator.reference import reference_rows
from sources.generator.scales import FIRST_YEAR, LAST_YEAR, get_scale
from sources.generator.world import build_world

# every file gets the same modification time, corrections one day later, so an ingest that orders
# by time sees them after the delivery they correct (the bytes never depend on the clock)
MTIME = 1_762_000_000           # 2025-11-01
REFUSED_KINDS = ("bad_name", "unknown_feed", "missing_column", "empty_file")


def generate(out_dir: Path | str, scale: str = "demo", seed: int = 1, faults: bool = False,
             progress: Callable[[str], None] | None = None) -> dict:
    """Write a synthetic, contract-conforming set of deliveries into the inbox `out_dir`
    (`out_dir/<feed>/<sender>_<academic_year>[_<text>].csv|xlsx`) and return a summary:

    - `files`: files written; `rows`: per feed, the data rows the warehouse should hold after ingest
      (corrections replace their original, duplicates count once, bad rows are rejected; rows with
      unknown codes are included: they load, and stay out of the marts); `rows_written`: per feed,
      the data rows in all its files;
    - `bad_rows` / `bad_rows_by_rule`: planted rows that break the contract (0 without faults);
    - `unknown_code_rows` / `unknown_code_rows_by_feed`: planted rows naming unknown codes;
    - `bad_files` / `bad_files_by_kind` (kind -> paths relative to out_dir): planted files - refused
      ones (`refused_files`: bad_name, unknown_feed, missing_column, empty_file), plus the stale
      original of a `correction` (replaced by the `_correctie` file) and the `duplicate` copy;
    - `world`: counts of regions, partnerships, schools, institutions and students.
    Files already in `out_dir` are left alone (it is an inbox); files of the same name are replaced.
    """
    say = progress or (lambda _: None)
    spec = get_scale(scale)
    out = Path(out_dir)
    world = build_world(spec, seed)
    say(f"world: {len(world.regions)} regions, {len(world.partnerships)} partnerships, "
        f"{len(world.schools)} schools, {len(world.institutions)} institutes")
    outflow = simulate_outflow(world)
    careers = simulate_careers(world, outflow)
    students = len({r[0] for r in careers.rows})
    say(f"careers: {len(careers.rows):,} enrolment rows for {students:,} students")
    placements = simulate_placements(world, careers.needs)
    say(f"placements: {len(placements.rows):,} requests, {len(placements.capacity):,} capacity rows")
    costs, funding = simulate_costs(world, placements)
    deliveries = plan(world, careers.rows, placements.rows, placements.capacity, costs, funding, outflow,
                      reference_rows(world))
    planted = plant(world, deliveries) if faults else Faults()
    say(f"deliveries: {len(deliveries) + len(planted.raw):,} files to write")

    rows, written, by_kind = Counter(), Counter(), {}
    files = 0
    for d in deliveries:
        style = STYLES[d.style]
        path = _write(out, d.feed, d.name(style.extension), render(d.table, d.rows, style, d.quirks))
        files += 1
        written[d.feed] += len(d.rows)
        if d.role == "load":
            rows[d.feed] += len(d.rows) - d.bad_rows
        if d.free == "correctie":
            os.utime(path, (MTIME + 86400, MTIME + 86400))
            by_kind.setdefault("correction", []).append(path.relative_to(out).as_posix())
        if d.role == "duplicate":
            by_kind.setdefault("duplicate", []).append(path.relative_to(out).as_posix())
        if files % 1000 == 0:
            say(f"written {files:,} files")
    for raw in planted.raw:
        if raw.data is not None:
            data, name = raw.data, raw.name
        else:
            style = STYLES[raw.delivery.style]
            data = render(raw.delivery.table, raw.delivery.rows, style, raw.delivery.quirks, drop=raw.drop)
            name = f"{raw.name}.{style.extension}"
        path = _write(out, raw.folder, name, data)
        files += 1
        if raw.folder in FEEDS:
            written[raw.folder] += 0 if raw.data is not None else len(raw.delivery.rows)
        by_kind.setdefault(raw.kind, []).append(path.relative_to(out).as_posix())
    summary = {
        "scale": spec.name, "seed": seed, "faults": faults, "academic_years": [FIRST_YEAR, LAST_YEAR],
        "files": files,
        "rows": {feed: rows[feed] for feed in FEEDS},
        "rows_written": {feed: written[feed] for feed in FEEDS},
        "bad_rows": sum(planted.bad_rows.values()),
        "bad_rows_by_rule": dict(sorted(planted.bad_rows.items())),
        "unknown_code_rows": sum(planted.unknown_rows.values()),
        "unknown_code_rows_by_feed": dict(sorted(planted.unknown_rows.items())),
        "bad_files": sum(len(v) for v in by_kind.values()),
        "refused_files": sum(len(by_kind.get(k, [])) for k in REFUSED_KINDS),
        "bad_files_by_kind": dict(sorted(by_kind.items())),
        "world": {"regions": len(world.regions), "partnerships": len(world.partnerships),
                  "schools": len(world.schools), "institutions": len(world.institutions), "students": students},
    }
    say(f"done: {files:,} files, {sum(summary['rows'].values()):,} rows"
        + (f", {summary['bad_rows']} bad rows, {summary['bad_files']} bad files planted" if faults else ""))
    return summary


def _write(root: Path, folder: str, name: str, data: bytes) -> Path:
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (MTIME, MTIME))
    return path
