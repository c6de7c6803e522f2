"""Nothing new (c) and one corrected delivery (d) on a built home, with and without the inbox quick
check's records (orchestration/ingest/inbox.scan), alternating in one run:

    .venv/bin/python benchmarks/quick_check.py --home HOME [--reps-c 3] [--reps-d 2]

HOME must hold a published snapshot of the current code (e.g. `regiomonitor run` on a national
inbox). "none" deletes HOME/state/inbox-hashes.json before the run; "records" keeps the previous
run's records (and waits out their racy window). CPU is user+sys of the process tree (wait4)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from run_benchmark import REGIOMONITOR, SECRET, add_correction   # a sibling script (benchmarks/ is no package)
from orchestration.ingest.inbox import RACY_NS


def timed_run(home: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen([REGIOMONITOR, "run", "--home", str(home)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "REGIOMONITOR_PSEUDONYM_KEY": SECRET})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(out)
    return {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "load": os.getloadavg()[0], "last_line": out.strip().splitlines()[-1][:100]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--home", type=Path, required=True)
    p.add_argument("--reps-c", type=int, default=3)
    p.add_argument("--reps-d", type=int, default=2)
    args = p.parse_args(argv)
    records = args.home / "state" / "inbox-hashes.json"
    results: dict = {"c": {"none": [], "records": []}, "d": {"none": [], "records": []}}
    correction = 100
    for kind, reps in (("c", args.reps_c), ("d", args.reps_d)):
        for _ in range(reps):
            for mode in ("none", "records"):
                if mode == "none":
                    records.unlink(missing_ok=True)
                else:
                    time.sleep(RACY_NS / 1e9 + 0.2)
                if kind == "d":
                    add_correction(args.home, correction)
                    correction += 1
                results[kind][mode].append(timed_run(args.home))
                print(kind, mode, results[kind][mode][-1], file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
