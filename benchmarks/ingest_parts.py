"""Where the ingest of (a) spends its time: orchestration.ingest.run.ingest_inbox on a fresh warehouse,
outside Dagster, with its steps timed by wrapping the functions it calls (no profiler overhead).

    .venv/bin/python benchmarks/ingest_parts.py INBOX [--json OUT]

Steps: scan (list the inbox, SHA-256 of every file); parse (decode, CSV/XLSX to text rows, header
mapping, text columns); frame (text rows to one polars frame per feed); type (coerce: numbers,
dates, value lists); validate (the Pandera models, row by row); pseudonymise (HMAC-SHA256); write
(one DuckDB transaction: deliveries, raw rows, rejections); the rest is naming, replacement,
duplicate keys and row accounting.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from orchestration.ingest import run

SECRET = os.environ.get("REGIOMONITOR_PSEUDONYM_KEY", "benchmark").encode()
# step -> (object, attribute) timed: the module-level names ingest looks up in orchestration.ingest.run,
# and the inbox reader's read (list and hash every file)
STEPS = {"scan": [(run, "listing"), (run.InboxReader, "read")],
         "parse": [(run, "read_table"), (run, "header_mapping"), (run, "text_columns")], "frame": [(run, "text_frame")],
         "type": [(run, "coerce")], "validate": [(run, "validate_rows")], "pseudonymise": [(run, "pseudonymise")],
         "write": [(run, "_write")]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inbox", type=Path)
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    spent: dict[str, float] = defaultdict(float)
    for step, targets in STEPS.items():
        for owner, name in targets:
            original = getattr(owner, name)

            def timed(*a, _f=original, _step=step, **kw):
                t = time.perf_counter()
                try:
                    return _f(*a, **kw)
                finally:
                    spent[_step] += time.perf_counter() - t
            setattr(owner, name, timed)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = run.ingest_inbox(args.inbox, Path(tmp) / "warehouse.duckdb", SECRET)
        total = time.perf_counter() - t
    out = {"total_s": round(total, 2), **{k: round(v, 2) for k, v in spent.items()},
           "rest_s (naming, replacement, duplicate keys, accounting)": round(total - sum(spent.values()), 2),
           "files": len(result.deliveries), "rows_loaded": sum(d.rows_loaded for d in result.deliveries)}
    text = json.dumps(out, indent=2)
    if args.json:
        args.json.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
