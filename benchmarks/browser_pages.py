"""Every dashboard page in headless Chromium, before and after a change, measured in one run: on a
shared, noisy machine only figures taken side by side compare (BENCHMARKS.md, issue 13).

    .venv/bin/python benchmarks/browser_pages.py --home HOME --code before=DIR --code after=. [--rounds 3]

Each --code is a project checkout (e.g. `git archive COMMIT | tar -x -C DIR`); its dashboards run as
their own Streamlit server on the same published snapshot. Every page is opened once per server to
warm the caches, then --rounds times per server, the servers taking turns page by page, timed from the
navigation start (performance.now()) to the headline on screen and to the whole page (no script
run in progress, the downloads there, every chart drawn), as tests/browser/ does. Prints JSON: per
label and page the median headline and page times in ms, and after/before ratios of the first two."""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.dashboard_support import ARGS, CHROMIUM, PAGES, settle  # noqa: E402
from tests.support import free_port  # noqa: E402


def start(code: Path, home: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, REGIOMONITOR_HOME=str(home), PYTHONPATH=str(code))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(code / "dashboards" / "app.py"),
                             "--server.port", str(port), "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], env=env, cwd=code,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{code}: the dashboard did not come up")


def measure(page, url: str, name: str) -> tuple[float, float]:
    page.goto(f"{url}/{name}", wait_until="commit")
    page.wait_for_selector(".st-key-headline p", timeout=120_000)
    headline = page.evaluate("() => performance.now()")
    settle(page, pause=False)
    return headline, page.evaluate("() => performance.now()")


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--home", required=True, type=Path)
    p.add_argument("--code", action="append", required=True, help="LABEL=DIR")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--page", action="append", choices=PAGES, help="only these pages (default: all)")
    args = p.parse_args(argv)
    pages = args.page or PAGES
    from playwright.sync_api import sync_playwright
    codes = dict(c.split("=", 1) for c in args.code)
    servers = {label: start(Path(d).resolve(), args.home.resolve()) for label, d in codes.items()}
    times: dict[str, dict[str, list]] = {label: {n: [] for n in pages} for label in codes}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            for label, (_, url) in servers.items():
                for name in pages:
                    measure(page, url, name)
            for r in range(args.rounds):
                for name in pages:
                    for label in (list(codes) if r % 2 == 0 else list(codes)[::-1]):
                        times[label][name].append(measure(page, servers[label][1], name))
            browser.close()
    finally:
        for proc, _ in servers.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    out = {label: {n: {"headline_ms": round(statistics.median(h for h, _ in v)),
                       "page_ms": round(statistics.median(w for _, w in v))} for n, v in by_page.items()}
           for label, by_page in times.items()}
    labels = list(codes)
    if len(labels) >= 2:
        a, b = out[labels[0]], out[labels[1]]
        out["ratio"] = {n: {k: round(b[n][k] / a[n][k], 2) for k in ("headline_ms", "page_ms")} for n in pages}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
