"""Exact integer-programming disclosure audit on a home (issue 12; validations/disclosure_audit.py):
per mart, how many suppressed values, how many pinned to a single value (and apart, how many to 0
by a total published as zero), the narrowest exact interval
of the others, and the time; for a sample of pinned values the relation families that pin them.

    .venv/bin/python benchmarks/disclosure_audit.py --home HOME
    .venv/bin/python benchmarks/disclosure_audit.py --generate --seed 3 --scale region [--work-dir DIR]

The figures go to docs/disclosure.md. `--generate` writes and builds a home under the work dir
(default $TMPDIR/regiomonitor-bench/audit-<scale>-<seed>) and reuses it when it is there.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from validations.disclosure_audit import audit, pinning_families  # noqa: E402


def generated_home(seed: int, scale: str, work_dir: Path) -> Path:
    """A generated, built home; built once per seed and scale."""
    from sources.generator import generate
    home = work_dir / f"audit-{scale}-{seed}"
    if not (home / "published.duckdb").exists():
        generate(home / "inbox", scale=scale, seed=seed)
        env = dict(os.environ)
        env.setdefault("REGIOMONITOR_PSEUDONYM_KEY", "disclosure-audit-benchmark-secret")
        env.pop("REGIOMONITOR_HOME", None)
        regiomonitor = Path(sys.executable).with_name("regiomonitor")
        subprocess.run([str(regiomonitor), "run", "--home", str(home)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    return home


def summary(values):
    """One line per mart: suppressed values, pinned (apart: pinned to 0 by a published zero),
    proved unpinned, undecided, narrowest exact interval among the unpinned, seconds."""
    rows = []
    for mart, v in values.groupby("mart"):
        exact = v[v.exact & ~v.pinned]
        width = (exact.hi - exact.lo).min() if len(exact) else float("nan")
        rows.append((mart, len(v), int((v.pinned & ~v.by_zero).sum()), int(v.by_zero.sum()), int(v.unpinned.sum()),
                     int((~v.pinned & ~v.unpinned).sum()), width, v.seconds.sum(),
                     int(v.inside.all() and v.lower_ok.all())))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--scale", default="region", choices=["demo", "region", "national"])
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "regiomonitor-bench")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per MILP (default 5)")
    parser.add_argument("--explain", type=int, default=10, help="pinned values per mart to explain (default 10)")
    args = parser.parse_args(argv)
    if not args.home and not args.generate:
        parser.error("--home HOME or --generate")
    home = args.home or generated_home(args.seed, args.scale, args.work_dir)
    start = time.perf_counter()
    result = audit(home / "published.duckdb", home / "warehouse.duckdb", time_limit=args.time_limit)
    values = result.values
    print(f"home {home}: {len(values)} suppressed values, threshold {result.threshold}, "
          f"{sum(result.families.values())} relations in {len(result.families)} families, "
          f"{time.perf_counter() - start:.1f} s")
    if result.dropped:
        print("left out (the private detail breaks them):", result.dropped)
    print(f"{'mart':30} {'values':>7} {'pinned':>7} {'zero':>5} {'unpinned':>9} {'undecided':>10} "
          f"{'narrowest':>10} {'seconds':>8}  sound")
    for mart, n, pinned, zero, unpinned, undecided, width, seconds, sound in summary(values):
        print(f"{mart:30} {n:7} {pinned:7} {zero:5} {unpinned:9} {undecided:10} {width:10.0f} {seconds:8.1f}  "
              f"{'yes' if sound else 'NO'}")
    print("zero: pinned to 0 as a part of a total published as zero (docs/disclosure.md, 'Published zeros')")
    pinned = values[values.pinned & ~values.by_zero]
    for (mart, column), v in pinned.groupby(["mart", "column"]):
        print(f"pinned {mart}.{column}: {len(v)}")
    for mart, v in pinned.groupby("mart"):
        needed = Counter()
        for key in v.head(args.explain).itertuples(index=False):
            needed.update(pinning_families(result, (key.mart, key.key, key.column))
                          or ["(none alone: two or more families pin it independently)"])
        sample = min(len(v), args.explain)
        print(f"relations that pin {mart} ({sample} pinned values examined; removing one opens the LP interval):")
        for family, count in needed.most_common():
            print(f"  {count:3}  {family}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
