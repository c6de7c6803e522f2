"""A 10x national inbox: ten national worlds (seeds 1..10) in one inbox, each with its own codes.

    .venv/bin/python benchmarks/tenfold.py --out DIR [--copies 10]

`regiomonitor generate --scale national` draws every world from the same 50 real regions, so ten
seeds written into one inbox would share region, partnership, school and institution codes, student
keys and file names: later files would *replace* earlier ones (same delivery key) and the inbox would
hold ~1x national rows in force. This script runs the project's own generator once per seed and,
for copy k >= 1, relabels the world before anything is drawn from it (the generator is not changed;
its functions are wrapped in this process only):

- region codes `OR-X` -> `OR-X-K<k>`, partnership codes `P` -> `P-K<k>`;
- BRIN codes (institutions and the first four characters of school codes) -> fresh BRIN codes that
  no other copy uses;
- student and supervisor keys get the prefix `K<k>-` (so copies do not merge careers);
- the national (`NL`) reference lists: `regions` and `institutions` are sent by the copy's first
  region instead (their codes are the copy's own), `subjects` and `norms` (identical in every copy)
  only once; DUO's vo_outflow files are sent by a region of the copy that sends no vo_outflow of its
  own (the same rows, the same precedence: no school appears in two senders' files).

Copy 0 is exactly `regiomonitor generate --scale national --seed 1`. The result has 10x the files,
rows, regions, partnerships, schools and students of one national inbox.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))      # after $PYTHONPATH: the project under test comes first


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--copies", type=int, default=10)
    args = p.parse_args(argv)

    import importlib
    G = importlib.import_module("sources.generator.generate")
    from sources.generator.contract import Table
    from sources.generator.world import build_world as real_build

    used_brins: set[str] = set()
    fresh = (f"{d:02d}{a}{b}" for d in range(0, 90) for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
             for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    real_plan = G.plan
    started = time.monotonic()
    totals = {"files": 0, "rows": 0}

    for k in range(args.copies):
        seed = k + 1
        state: dict = {}

        def build(scale, seed_, k=k, state=state):
            world = real_build(scale, seed_)
            brins = sorted({i.code for i in world.institutions} | {s.code[:4] for s in world.schools})
            if k == 0:
                used_brins.update(brins)
            else:
                remap = {}
                for b in brins:
                    new = next(fresh)
                    while new in used_brins:
                        new = next(fresh)
                    used_brins.add(new)
                    remap[b] = new
                for i in world.institutions:
                    i.code = remap[i.code]
                for s in world.schools:
                    s.code = remap[s.code[:4]] + s.code[4:]
                for r in world.regions:
                    r.code = f"{r.code}-K{k}"
                    for pt in r.partnerships:
                        pt.code = f"{pt.code}-K{k}"
            state["world"] = world
            return world

        def plan(world, enrolments, placements, capacity, costs, funding, outflow, reference, k=k):
            if k:
                e, pl = Table("enrolments").position, Table("placements").position
                prefix = f"K{k}-"

                def relabel(rows, positions):
                    out = []
                    for r in rows:
                        r = list(r)
                        for i in positions:
                            if r[i] is not None:
                                r[i] = prefix + r[i]
                        out.append(tuple(r))
                    return out
                enrolments = relabel(enrolments, [e["student_key"]])
                placements = relabel(placements, [pl["student_key"], pl["supervisor_key"]])
            deliveries = real_plan(world, enrolments, placements, capacity, costs, funding, outflow, reference)
            if not k:
                return deliveries
            first_region = world.regions[0].code
            quiet_region = next((r.code for r in world.regions if not r.outflow_by_region), first_region)
            kept = []
            for d in deliveries:
                if d.sender == "NL":
                    if d.feed in ("subjects", "norms"):
                        continue                      # identical in every copy: delivered once (copy 0)
                    d.sender, d.kind = first_region, "region"
                elif d.sender == "DUO":
                    d.sender, d.kind = quiet_region, "region"
                kept.append(d)
            return kept

        G.build_world, G.plan = build, plan
        summary = G.generate(args.out, scale="national", seed=seed)
        totals["files"] += summary["files"]
        totals["rows"] += sum(summary["rows"].values())
        print(f"copy {k} (seed {seed}): {summary['files']} files, {sum(summary['rows'].values()):,} rows "
              f"({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    G.build_world, G.plan = real_build, real_plan
    files = sum(1 for f in args.out.rglob("*") if f.is_file())
    result = {"copies": args.copies, "files_written": totals["files"], "files_in_inbox": files,
              "rows": totals["rows"], "seconds": round(time.monotonic() - started, 1)}
    print(json.dumps(result))
    return 0 if files == totals["files"] else 1


if __name__ == "__main__":
    sys.exit(main())
