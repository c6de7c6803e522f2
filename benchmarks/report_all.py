"""`regiomonitor report --all` timed per report: wall time and this process's CPU time (every
thread: Typst and vl-convert work in threads of their own), and the load average before and after,
since the machine is shared (BENCHMARKS.md).

    .venv/bin/python benchmarks/report_all.py --home HOME --year 2023 [--limit N] --out DIR [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path


def main() -> None:
    import streamlit.logger
    streamlit.logger.set_log_level("error")
    from dashboards.pdf import scope as subjects
    from dashboards.pdf import write
    from dashboards.snapshot import Snapshot
    from deployment.home import Home

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--limit", type=int, default=None, help="only the first N reports (regions, then partnerships)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here (report_before_after.py)")
    args = ap.parse_args()
    home = Home(args.home)
    key = subjects.label_key(home)
    load = os.getloadavg()
    started, cpu_started = time.perf_counter(), time.process_time()
    with write.open_snapshot(home.published) as first:
        todo = write.every_subject(first)[: args.limit]
    walls, cpus = [], []
    with Snapshot(first.path, first.identity) as snap:         # as write.write_all does
        for subject in todo:
            t, c = time.perf_counter(), time.process_time()
            data = write._pdf(snap, key, subject, args.year, "nl")
            write.write(data, args.out / write.file_name(subject, args.year, "nl"))
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
    total, cpu_total = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}; load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f}")
    print(f"{len(todo)} reports of {home.root}, year {args.year}: {total:.1f} s wall, {cpu_total:.1f} s CPU")
    print(f"per report: wall median {statistics.median(walls):.2f} s (first {walls[0]:.2f} s, max {max(walls):.2f} s), "
          f"CPU median {statistics.median(cpus):.2f} s (max {max(cpus):.2f} s)")
    if args.json:
        import dashboards
        args.json.write_text(json.dumps({"code": str(Path(dashboards.__file__).parents[1]), "reports": len(todo),
                                         "wall": walls, "cpu": cpus, "total_wall": total, "total_cpu": cpu_total,
                                         "load": [load[0], os.getloadavg()[0]]}))


if __name__ == "__main__":
    main()
