"""One corrected delivery with Dagster's default SQLite event log against the pooled one
(orchestration/event_log.py), alternating in one run on a copy of a built home.

    .venv/bin/python benchmarks/event_log.py --home HOME --pairs 4

Each run adds a corrected placements file (run_benchmark.add_correction) and runs
`regiomonitor run` in a fresh process; "plain" makes `pooled_ref` answer None, which is the
fallback `instance_of` takes for a non-default configuration. Prints wall and CPU (user+sys of the
process tree) per run and the medians."""
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
import sys, orchestration.event_log as e
if sys.argv[1] == "plain":
    e.pooled_ref = lambda home: None
sys.argv = ["regiomonitor", "run", "--home", sys.argv[2]]
from orchestration.cli import main
main()
"""


def one(kind: str, home: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "REGIOMONITOR_PSEUDONYM_KEY": SECRET}
    done = subprocess.run([sys.executable, "-c", RUN, kind, str(home)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode or "published:" not in done.stdout:
        raise SystemExit(f"not a corrected delivery: {done.stdout[-500:]} {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"kind": kind, "wall": round(wall, 2), "cpu": round(cpu, 2), "load": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--pairs", type=int, default=4)
    args = parser.parse_args()
    runs, n = [], 20
    for pair in range(args.pairs):
        for kind in (("plain", "pooled") if pair % 2 == 0 else ("pooled", "plain")):
            n += 1
            add_correction(args.home, n)
            runs.append(one(kind, args.home))
            print(json.dumps(runs[-1]), flush=True)
    for kind in ("plain", "pooled"):
        mine = [r for r in runs if r["kind"] == kind]
        print(f"{kind}: wall median {statistics.median(r['wall'] for r in mine):.2f} s, "
              f"cpu median {statistics.median(r['cpu'] for r in mine):.2f} s")


if __name__ == "__main__":
    main()
