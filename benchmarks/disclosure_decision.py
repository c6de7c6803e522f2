"""Time the suppression decision (decide() of dbt_project/models/private/disclosure_suppressed_cells.py)
on a built home's private.disclosure_cells, against the decision of another commit in the same
process, so that the ratio holds whatever the machine's load (BENCHMARKS.md).

    .venv/bin/python benchmarks/disclosure_decision.py --home HOME [--before REF] [--repeat 2]
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
MODEL = "dbt_project/models/private/disclosure_suppressed_cells.py"


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--before", default="HEAD~1", help="git ref of the decision to compare with")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    old_source = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.before}:{MODEL}"], check=True,
                                capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(old_source)
    versions = {"before": load(Path(f.name), "decision_before"), "after": load(ROOT / MODEL, "decision_after")}
    import numpy as np
    np.linalg.svd(np.eye(2))                     # the first linalg call pays for imports: not the decision's
    con = duckdb.connect(str(args.home / "warehouse.duckdb"), read_only=True)
    fields = ", ".join(versions["after"].Membership._fields)
    rows = con.execute(f"select {fields} from private.disclosure_cells").fetchall()
    print(f"{len(rows)} rows of private.disclosure_cells; before = {args.before}")
    for run in range(1, args.repeat + 1):
        times = {}
        for name, module in versions.items():
            start = time.perf_counter()
            hidden, _ = module.decide(rows)
            times[name] = time.perf_counter() - start
            print(f"run {run} {name:6}: {times[name]:6.2f} s, {len(hidden)} rows suppressed")
        print(f"run {run} ratio after/before: {times['after'] / times['before']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
