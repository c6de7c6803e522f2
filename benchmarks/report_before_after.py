"""`report --all` of two commits on the same snapshot, alternating, so that their ratio holds whatever
the shared machine's load (BENCHMARKS.md, the quality report). Each run is benchmarks/report_all.py of
this checkout in a fresh process, with an export of the commit (git archive) first on PYTHONPATH;
the figures are per report: wall time and the process's CPU time (every thread: Typst and vl-convert
work in threads of their own).

    .venv/bin/python benchmarks/report_before_after.py --home HOME --year 2023 --before REF [--after REF]
        [--rounds 2] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run_benchmark import export_commit, say

BENCH = Path(__file__).resolve().parent


def run(code: Path, args, out: Path) -> dict:
    figures = out / "figures.json"
    cmd = [sys.executable, str(BENCH / "report_all.py"), "--home", str(args.home), "--year", str(args.year),
           "--out", str(out / "pdf"), "--json", str(figures)] + (["--limit", str(args.limit)] if args.limit else [])
    subprocess.run(cmd, env={**os.environ, "PYTHONPATH": str(code)}, check=True, capture_output=True)
    result = json.loads(figures.read_text())
    if Path(result["code"]) != code:
        raise SystemExit(f"measured {result['code']}, not the export {code}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default="HEAD")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "regiomonitor-bench")
    args = ap.parse_args()
    codes = {name: export_commit(args.work_dir, ref) for name, ref in (("before", args.before), ("after", args.after))}
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, python "
          f"{platform.python_version()}; before {codes['before'].name}, after {codes['after'].name}")
    rows = []
    for i in range(args.rounds):
        order = ["before", "after"] if i % 2 == 0 else ["after", "before"]
        for name in order:
            say(f"round {i + 1}: {name}")
            with tempfile.TemporaryDirectory(prefix="report-ab-") as out:
                r = run(codes[name], args, Path(out))
            rows.append((i + 1, name, r))
            print(f"round {i + 1} {name:6}: {r['reports']} reports, per report wall median "
                  f"{statistics.median(r['wall']):.3f} s, CPU median {statistics.median(r['cpu']):.3f} s "
                  f"(mean {statistics.mean(r['cpu']):.3f}); total {r['total_wall']:.1f} s wall, "
                  f"{r['total_cpu']:.1f} s CPU; load {r['load'][0]:.1f} -> {r['load'][1]:.1f}", flush=True)
    for i in range(1, args.rounds + 1):
        b, a = (next(r for n, name, r in rows if n == i and name == x) for x in ("before", "after"))
        print(f"round {i} after/before: wall {statistics.median(a['wall']) / statistics.median(b['wall']):.2f}, "
              f"CPU {statistics.median(a['cpu']) / statistics.median(b['cpu']):.2f} (medians per report)")


if __name__ == "__main__":
    main()
