"""One corrected delivery on a built home, the current code against itself with one speed-up
switched off, alternating in one run (these machines are noisy: compare the medians).

    .venv/bin/python benchmarks/corrected_delivery.py --home HOME --rounds 4 [--variants current no-pool no-pruning]

Each run adds a corrected placements file (run_benchmark.add_correction) and runs
`regiomonitor run` in a fresh process. Variants:
  current     the code as it is
  no-pool     Dagster's default SQLite event log (`pooled_ref` answers None: instance_of's fallback)
  no-pruning  every model downstream of the feed, also through an empty one (jobs.ROWS_OF_ONE_FEED empty)
Prints wall and CPU (user+sys of the process tree) per run and the medians per variant."""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_benchmark import SECRET, add_correction  # noqa: E402

RUN = """
import sys
variant, home = sys.argv[1], sys.argv[2]
if variant == "no-pool":
    import orchestration.event_log as e
    e.pooled_ref = lambda dagster_home: None
if variant == "no-pruning":
    import orchestration.jobs as j
    j.ROWS_OF_ONE_FEED = {}
sys.argv = ["regiomonitor", "run", "--home", home]
from orchestration.cli import main
main()
"""
VARIANTS = ("current", "no-pool", "no-pruning")


def one(variant: str, home: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "REGIOMONITOR_PSEUDONYM_KEY": SECRET}
    done = subprocess.run([sys.executable, "-c", RUN, variant, str(home)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode or "published:" not in done.stdout:
        raise SystemExit(f"not a corrected delivery: {done.stdout[-500:]} {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"variant": variant, "wall": round(wall, 2), "cpu": round(cpu, 2), "load": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a built home (a copy: corrections are added to it)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--first", type=int, default=20, help="the first correction's number (add_correction's n)")
    args = parser.parse_args()
    runs, n = [], args.first
    for r in range(args.rounds):
        order = args.variants[r % len(args.variants):] + args.variants[:r % len(args.variants)]
        for variant in order:
            add_correction(args.home, n)
            n += 1
            runs.append(one(variant, args.home))
            print(json.dumps(runs[-1]), flush=True)
    for variant in args.variants:
        mine = [r for r in runs if r["variant"] == variant]
        print(f"{variant}: wall median {statistics.median(r['wall'] for r in mine):.2f} s, "
              f"cpu median {statistics.median(r['cpu'] for r in mine):.2f} s ({len(mine)} runs)")


if __name__ == "__main__":
    main()
