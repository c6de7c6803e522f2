"""(e) of the benchmark: every dashboard page rendered by Streamlit's AppTest on a home's published
snapshot, timed. Runs in its own process (the benchmark starts it) and prints JSON.

    .venv/bin/python benchmarks/pages.py --home HOME [--reps 3] [--json OUT]

Per page three figures, each the median of --reps renders:
- `cold_cache`: the page rendered with Streamlit's data cache cleared first (the first view of a page
  after a new snapshot: every query runs against published.duckdb);
- `warm_cache`: the same page rendered again (queries served from st.cache_data, as for the next
  visitor);
- `first_in_process`: only for the default page, the very first render in a fresh process, imports of
  streamlit, pandas, altair and the dashboards included (a server pays this once at start-up).
AppTest's own overhead is measured on a one-line script (`apptest_overhead`) so it can be told apart.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboards" / "app.py"
PAGES = ["overzicht", "uitval", "kosten", "capaciteit", "doorstroom", "datakwaliteit"]


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--home", required=True, type=Path)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--code", type=Path, default=ROOT, help="the project whose dashboards to render")
    args = p.parse_args(argv)
    os.environ["REGIOMONITOR_HOME"] = str(args.home.resolve())
    sys.path.insert(0, str(args.code))
    # the pages show data only to a viewer: a demo home opens them as its administrator, who sees
    # everything (a benchmark home is scratch; marking it changes nothing else it is used for)
    try:
        from deployment.home import Home
        Home(args.home.resolve()).mark_demo()
    except (ImportError, AttributeError):      # code from before access per viewer
        pass
    app = args.code / "dashboards" / "app.py"

    t0 = time.perf_counter()
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    import_s = time.perf_counter() - t0

    out: dict = {"home": str(args.home), "reps": args.reps, "import_streamlit_s": round(import_s, 3), "pages": {},
                 "errors": {}}

    def problems(at) -> list[str]:
        found = [str(e.value)[:300] for e in at.exception] + [str(e.value)[:300] for e in at.error]
        if not at.dataframe:                   # an empty state (no snapshot, no viewer) is no measurement
            found.append("the page shows no table")
        return found

    # the very first render in this process: the default page, imports included
    at = AppTest.from_file(str(app), default_timeout=300)
    t = time.perf_counter()
    at.run()
    out["first_in_process_s"] = round(time.perf_counter() - t, 3)
    if problems(at):
        out["errors"]["overzicht (first)"] = problems(at)

    # AppTest's own cost, on a script that does nothing
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial.py"
        trivial.write_text("import streamlit as st\nst.write('x')\n")
        times = []
        for _ in range(max(3, args.reps)):
            a = AppTest.from_file(str(trivial), default_timeout=60)
            t = time.perf_counter()
            a.run()
            times.append(time.perf_counter() - t)
        out["apptest_overhead_s"] = round(statistics.median(times), 3)

    for page in PAGES:
        cold, warm = [], []
        for _ in range(args.reps):
            st.cache_data.clear()
            at = AppTest.from_file(str(app), default_timeout=300)
            if page == "overzicht":
                t = time.perf_counter()
                at.run()
                cold.append(time.perf_counter() - t)
                t = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t)
            else:
                at.run()                         # the default page first, as a visitor arrives
                st.cache_data.clear()
                t = time.perf_counter()
                at.switch_page(f"reports/{page}.py").run()
                cold.append(time.perf_counter() - t)
                t = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t)
            if problems(at):
                out["errors"][page] = problems(at)
        out["pages"][page] = {"cold_cache_s": round(statistics.median(cold), 3),
                              "warm_cache_s": round(statistics.median(warm), 3),
                              "cold_all": [round(x, 3) for x in cold], "warm_all": [round(x, 3) for x in warm],
                              "elements": len(list(at.main))}
    text = json.dumps(out, indent=2)
    if args.json:
        args.json.write_text(text)
    print(text)
    return 1 if out["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
