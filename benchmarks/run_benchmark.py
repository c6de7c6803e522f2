"""The performance benchmark of issue 5, in one invocation:

    .venv/bin/python benchmarks/run_benchmark.py [--scale national] [--reps 3] [--tenfold] [--work-dir DIR]

On a `regiomonitor generate --scale national --seed 1` inbox (generated once, cached in the work
dir) it measures, alternating (a) and (b) `--reps` times each:

  (a) `regiomonitor run` on an empty home (a fresh home per repetition; the inbox is hard-linked in
      before the clock starts), with the peak memory of the whole process tree (the sum of RSS, and of
      PSS, over regiomonitor and its children such as dbt, polled from /proc every 0.2 s) and the
      time split into phases from the `[ Ns]` progress lines on stderr, the Dagster event log and
      dbt's own log;
  (b) benchmarks/plain_duckdb.py: the same marts by one plain DuckDB SQL script;

then the marts of (a) and (b) compared row by row; the ingest of (a) step by step outside Dagster
(benchmarks/ingest_parts.py); on the last (a) home: (c) `regiomonitor run` again
with nothing new; (e) every dashboard page rendered by AppTest on that snapshot (benchmarks/pages.py);
(d) one corrected delivery (a `_correctie` copy of one placements file with one value changed) added
to the inbox, then `regiomonitor run`; and the start-up cost `python -c "import orchestration.definitions"`.

With --tenfold it repeats (a) and (b) on a 10x national inbox (benchmarks/tenfold.py: ten national
worlds with distinct codes in one inbox). It prints the figures against the issue's targets and
writes everything as JSON to WORK/results-<time>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
CODE = ROOT         # the project under test: this checkout, or an export of a commit (--code-ref)
VENV_BIN = Path(sys.executable).parent
REGIOMONITOR = str(VENV_BIN / "regiomonitor")
PY = sys.executable
SECRET = "regiomonitor-benchmark-secret-not-for-real-data"
PAGE = os.sysconf("SC_PAGE_SIZE")
TARGETS = {"a_over_least_work_national": 8.0, "a_over_b_national": 2.0, "a_over_b_tenfold": 2.0, "c_seconds": 1.0,
           "sensor_nothing_new_seconds": 1.0, "d_seconds": 10.0, "page_seconds": 1.0, "peak_memory_gb": 1.5}


# -- the machine ---------------------------------------------------------------------------------
def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem / 1024 ** 2, 1),
            "python": platform.python_version(), "kernel": platform.release(), "load": loadavg()}


def loadavg() -> list[float]:
    return [float(x) for x in open("/proc/loadavg").read().split()[:3]]


def busy_processes(own: set[int]) -> list[str]:
    """Other processes using CPU right now (a shared machine skews every figure)."""
    try:
        out = subprocess.run(["ps", "-eo", "pid,pcpu,rss,args", "--sort=-pcpu"], capture_output=True, text=True).stdout
    except OSError:
        return []
    lines = []
    for line in out.splitlines()[1:]:
        parts = line.split(None, 3)
        if len(parts) == 4 and int(parts[0]) not in own and float(parts[1]) >= 5.0:
            lines.append(f"{parts[1]}% cpu, {int(parts[2]) // 1024} MB: {parts[3][:120]}")
    return lines[:8]


# -- running a command, with its process tree's memory -------------------------------------------
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, todo = _children_map(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return ""


class Measured:
    """Runs a command; records wall and CPU time, stderr lines with their arrival time, and the peak
    of the summed RSS and PSS of its process tree (polled every `interval` seconds)."""

    def __init__(self, cmd: list[str], env: dict, interval: float = 0.2, cwd: Path | None = None):
        self.cmd, self.env, self.interval, self.cwd = cmd, env, interval, cwd
        self.lines: list[tuple[float, str]] = []
        self.peak_rss = self.peak_pss = self.peak_main_rss = 0
        self.peak_rss_by_kind: dict[str, int] = {}
        self.samples = 0

    def run(self, timeout: float = 7200) -> "Measured":
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.load_before = loadavg()
        self.started_epoch = time.time()
        t0 = time.monotonic()
        proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, errors="replace")
        self.pid = proc.pid
        done = threading.Event()

        def read_err():
            for line in proc.stderr:
                self.lines.append((time.monotonic() - t0, line.rstrip("\n")))

        def poll():
            while not done.is_set():
                pids = _tree(proc.pid)
                rss = {p: _rss(p) for p in pids}
                total = sum(rss.values())
                if total > self.peak_rss:
                    self.peak_rss = total
                    self.peak_rss_tree = {p: (rss[p], _cmdline(p)) for p in pids}
                self.peak_main_rss = max(self.peak_main_rss, rss.get(proc.pid, 0))
                for p, v in rss.items():
                    if p != proc.pid:
                        kind = "dbt" if "dbt" in _cmdline(p) else "other child"
                        self.peak_rss_by_kind[kind] = max(self.peak_rss_by_kind.get(kind, 0), v)
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
                self.samples += 1
                done.wait(self.interval)

        chunks: list[str] = []

        def read_out():
            chunks.append(proc.stdout.read())

        threads = [threading.Thread(target=f, daemon=True) for f in (read_err, read_out, poll)]
        for th in threads:
            th.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        self.wall = time.monotonic() - t0
        threads[0].join(10)
        threads[1].join(10)
        self.stdout = "".join(chunks)
        self.ended_epoch = time.time()
        done.set()
        threads[2].join(5)
        self.returncode = proc.returncode
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu_user = after.ru_utime - before.ru_utime
        self.cpu_sys = after.ru_stime - before.ru_stime
        self.load_after = loadavg()
        return self

    def summary(self) -> dict:
        return {"cmd": " ".join(self.cmd), "returncode": self.returncode, "wall_s": round(self.wall, 2),
                "cpu_user_s": round(self.cpu_user, 2), "cpu_sys_s": round(self.cpu_sys, 2),
                "peak_rss_tree_gb": round(self.peak_rss / 1e9, 3), "peak_pss_tree_gb": round(self.peak_pss / 1e9, 3),
                "peak_rss_main_gb": round(self.peak_main_rss / 1e9, 3),
                "peak_rss_children_gb": {k: round(v / 1e9, 3) for k, v in self.peak_rss_by_kind.items()},
                "memory_samples": self.samples, "load_before": self.load_before, "load_after": self.load_after}


# -- environment and homes -----------------------------------------------------------------------
def run_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("REGIOMONITOR_HOME", "DAGSTER_HOME", "REGIOMONITOR_WAREHOUSE", "DBT_LOG_PATH",
                        "REGIOMONITOR_PSEUDONYM_KEY_FILE", "REGIOMONITOR_PROGRESS")}
    env["REGIOMONITOR_PSEUDONYM_KEY"] = SECRET
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '')}"
    if CODE != ROOT:    # the exported commit's packages come before the editable install of this checkout
        env["PYTHONPATH"] = str(CODE)
    else:
        env.pop("PYTHONPATH", None)
    return env


def export_commit(work: Path, ref: str) -> Path:
    """The tracked files of a commit (git archive), so a benchmark is not measuring a working tree
    that other people are editing. Read-only for the repository."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", ref], capture_output=True, text=True,
                         check=True).stdout.strip()
    target = work / f"code-{sha[:10]}"
    if not (target / ".exported").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        (target / ".exported").write_text(sha + "\n")
    return target


def link_tree(src: Path, dst: Path) -> int:
    """Hard-link every file of src into dst (same inode, so the same bytes and mtime)."""
    n = 0
    for folder, dirs, files in os.walk(src):
        target = dst / Path(folder).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder) / name, target / name)
            n += 1
    return n


def generator_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((CODE / "sources" / "generator").rglob("*.py")) + [BENCH / "tenfold.py"]:
        digest.update(path.read_bytes())
    for path in sorted((CODE / "validations" / "feeds").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_inbox(work: Path, scale: str, seed: int, tenfold: bool = False) -> tuple[Path, dict]:
    name = f"inbox-{'tenfold' if tenfold else scale}-seed{seed}"
    inbox = work / name
    marker = work / f"{name}.json"
    fp = generator_fingerprint()
    if marker.exists():
        info = json.loads(marker.read_text())
        if info.get("fingerprint") == fp and inbox.exists():
            return inbox, info
    shutil.rmtree(inbox, ignore_errors=True)
    say(f"generating the {'10x national' if tenfold else scale} inbox into {inbox} (cached for later runs)")
    t = time.monotonic()
    cmd = [PY, str(BENCH / "tenfold.py"), "--out", str(inbox)] if tenfold else \
        [REGIOMONITOR, "generate", "--out", str(inbox), "--scale", scale, "--seed", str(seed)]
    result = subprocess.run(cmd, env=run_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"generating the inbox failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    files = [p for p in inbox.rglob("*") if p.is_file()]
    info = {"fingerprint": fp, "files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "generate_s": round(time.monotonic() - t, 1), "generator_output": result.stdout.strip()[-500:],
            "how": "benchmarks/tenfold.py (ten national seeds with distinct codes)" if tenfold else
            f"regiomonitor generate --scale {scale} --seed {seed}"}
    marker.write_text(json.dumps(info, indent=2))
    return inbox, info


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _commit(code: Path) -> str:
    marker = code / ".exported"
    if marker.exists():
        return marker.read_text().strip()
    head = subprocess.run(["git", "-C", str(code), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return head + (" + uncommitted changes" if dirty else "")


# -- (a): a run of the platform, and where its time went ----------------------------------------------
PROGRESS = re.compile(r"^\s*\[\s*([0-9.]+)s\] (.*)$")


def platform_run(home: Path, label: str, split: bool = True) -> dict:
    """`regiomonitor run` on a home; with `split`, its time split into phases (a run with nothing new
    starts no Dagster run, so it has no phases)."""
    m = Measured([REGIOMONITOR, "run", "--home", str(home)], run_env()).run()
    out = m.summary()
    out["label"] = label
    out["stdout_tail"] = m.stdout.strip().splitlines()[-6:]
    out["progress"] = [(round(t, 2), line.strip()) for t, line in m.lines]
    if split:
        out["phases"] = phases(home, m)
    out["peak_rss_tree_processes"] = {str(p): [round(r / 1e9, 3), c] for p, (r, c) in
                                      getattr(m, "peak_rss_tree", {}).items()}
    if m.returncode != 0:
        out["stderr_tail"] = [line for _, line in m.lines[-15:]]
    return out


def _utc(ts: str) -> float:
    """Epoch seconds of a timestamp written in UTC (Dagster's event log, dbt's log)."""
    ts = ts.rstrip("Z").replace("T", " ")
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in ts else "%Y-%m-%d %H:%M:%S"
    return dt.datetime.strptime(ts, fmt).replace(tzinfo=dt.timezone.utc).timestamp()


def dagster_events(home: Path) -> dict:
    """Step start/end times of the home's latest run, and how many events it wrote."""
    runs = home / "dagster" / "history" / "runs"
    dbs = [p for p in runs.glob("*.db") if p.name != "index.db"] if runs.exists() else []
    if not dbs:
        return {}
    db = max(dbs, key=lambda p: p.stat().st_mtime)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("select dagster_event_type, step_key, timestamp, length(event) from event_logs order by id").fetchall()
    finally:
        con.close()
    steps: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for kind, step, ts, size in rows:
        key = step or "(run)"
        counts[key] = counts.get(key, 0) + 1
        if kind == "STEP_START":
            steps.setdefault(step, {})["start"] = _utc(ts)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            steps.setdefault(step, {})["end"] = _utc(ts)
    return {"first_event": _utc(rows[0][2]), "last_event": _utc(rows[-1][2]), "events": len(rows),
            "event_bytes": sum(r[3] or 0 for r in rows), "events_per_step": counts, "steps": steps}


def dbt_log(home: Path) -> dict:
    """Milestones of the latest dbt invocation from its JSON log (all times epoch seconds)."""
    candidates = [home / "dbt-target" / "dbt.log", home / "logs" / "dbt" / "dbt.log"]
    logs = [p for p in candidates if p.exists()]
    if not logs:
        return {}
    log = max(logs, key=lambda p: p.stat().st_mtime)
    rotated = sorted(log.parent.glob(log.name + ".*"), key=lambda p: p.stat().st_mtime)   # dbt rotates at 10 MB
    text = "".join(p.read_text(errors="replace") for p in [*rotated[-1:], log])
    events = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                pass
    if not events:
        return {}
    last = events[-1]["info"]["invocation_id"]
    mine = [e for e in events if e["info"]["invocation_id"] == last]
    out = {"start": _utc(mine[0]["info"]["ts"]), "end": _utc(mine[-1]["info"]["ts"])}
    for e in mine:
        msg, ts = e["info"].get("msg", ""), _utc(e["info"]["ts"])
        if msg.startswith("Found ") and "parsed" not in out:
            out["parsed"] = ts
        if "partial parsing" in msg.lower() or "Unable to do partial parsing" in msg:
            out["partial_parse_note"] = msg[:160]
        if msg.startswith("Concurrency:"):
            out["execution_start"] = ts
        if msg.startswith("Finished running"):
            out["execution_end"] = ts
    return out


def run_results(home: Path) -> dict:
    path = home / "dbt-target" / "run_results.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    by_kind: dict[str, list] = {}
    for r in data.get("results", []):
        kind = r["unique_id"].split(".")[0]
        by_kind.setdefault(kind, [0, 0.0])
        by_kind[kind][0] += 1
        by_kind[kind][1] += r.get("execution_time", 0.0)
    top = sorted(data.get("results", []), key=lambda r: -r.get("execution_time", 0.0))[:12]
    return {"elapsed_s": round(data.get("elapsed_time", 0.0), 2),
            "by_kind": {k: {"nodes": n, "sum_s": round(s, 2)} for k, (n, s) in by_kind.items()},
            "slowest": [(r["unique_id"], round(r["execution_time"], 2)) for r in top]}


def phases(home: Path, m: Measured) -> dict:
    """Split a platform run into phases, in seconds. Clock: the subprocess's wall time; the event log
    and dbt's log are mapped onto it through their epoch timestamps."""
    ev, dbt = dagster_events(home), dbt_log(home)
    at = lambda epoch: epoch - m.started_epoch  # noqa: E731 - epoch -> seconds since the command started
    prog = [(t, PROGRESS.match(line)) for t, line in m.lines]
    prog = [(t, mt.group(2)) for t, mt in prog if mt]

    def first(prefix: str) -> float | None:
        return next((t for t, msg in prog if msg.startswith(prefix)), None)

    def last(prefix: str) -> float | None:
        return next((t for t, msg in reversed(prog) if msg.startswith(prefix)), None)

    out: dict = {"total": round(m.wall, 2)}
    if not ev:
        return out
    steps = ev["steps"]
    out["startup_until_first_dagster_event"] = at(ev["first_event"])
    ing = steps.get("ingest", {})
    if ing:
        out["run_setup_until_ingest_step"] = at(ing["start"]) - at(ev["first_event"])
        secret, inbox_line = first("pseudonymisation secret"), first("inbox:")
        validated = last("validated ")
        out["ingest_total"] = ing["end"] - ing["start"]
        if inbox_line is not None:
            out["ingest_scan_and_hash"] = inbox_line - (secret if secret is not None else at(ing["start"]))
        if validated is not None and inbox_line is not None:
            out["ingest_read_type_validate_pseudonymise"] = validated - inbox_line
            out["ingest_write_and_step_events"] = at(ing["end"]) - validated
    dbt_step = steps.get("warehouse_models", {})
    if dbt_step:
        out["dbt_step_total"] = dbt_step["end"] - dbt_step["start"]
        if dbt and "start" in dbt:
            out["dbt_spawn_and_import"] = dbt["start"] - dbt_step["start"]
            if "parsed" in dbt:
                out["dbt_parse"] = dbt["parsed"] - dbt["start"]
            if "execution_start" in dbt and "execution_end" in dbt:
                out["dbt_execute_models_and_tests"] = dbt["execution_end"] - dbt["execution_start"]
                out["dbt_after_execution_until_step_end"] = dbt_step["end"] - dbt["execution_end"]
            if "partial_parse_note" in dbt:
                out["dbt_partial_parse_note"] = dbt["partial_parse_note"]
    gates = steps.get("mart_gates", {})
    if gates:
        out["gates"] = gates["end"] - gates["start"]
    pub = steps.get("published__snapshot", {})
    if pub:
        out["publish"] = pub["end"] - pub["start"]
    ends = [s["end"] for s in steps.values() if "end" in s]
    if ends:
        out["between_steps"] = sum(b - a for a, b in _gaps(steps))
        out["after_last_step_until_exit"] = m.wall - at(max(ends))
    out["dagster_events"] = ev["events"]
    out["dagster_event_bytes"] = ev["event_bytes"]
    out["dagster_events_per_step"] = ev["events_per_step"]
    out["run_results"] = run_results(home)
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in out.items()}


def _gaps(steps: dict) -> list[tuple[float, float]]:
    spans = sorted((s["start"], s["end"]) for s in steps.values() if "start" in s and "end" in s)
    return [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1)]


# -- (b) and (f): the plain DuckDB script and the least-work script, run the same way ------------------------
def _script_run(script: str, inbox: Path, out: Path, label: str) -> dict:
    out.parent.mkdir(parents=True, exist_ok=True)
    js = out.with_suffix(".json")
    m = Measured([PY, str(BENCH / script), str(inbox), "--out", str(out), "--json", str(js), "--quiet",
                  "--seeds", str(CODE / "dbt_project" / "seeds")], run_env()).run()
    result = m.summary()
    result["label"] = label
    if js.exists():
        result["script"] = json.loads(js.read_text())
    if m.returncode != 0:
        result["stderr_tail"] = [line for _, line in m.lines[-15:]]
    return result


def baseline_run(inbox: Path, out: Path, label: str) -> dict:
    return _script_run("plain_duckdb.py", inbox, out, label)


def least_work_run(inbox: Path, out: Path, label: str) -> dict:
    return _script_run("least_work.py", inbox, out, label)


# -- (c) via the sensor: its ticks on a home with nothing new ----------------------------------------------
SENSOR_TICKS = """
import json, sys, time
from pathlib import Path
import dagster as dg
from deployment.home import Home
from orchestration.definitions import build
from orchestration.resources import HomeResource
home = sys.argv[1]
sensor = build(Home(Path(home))).resolve_sensor_def("inbox_sensor")
out, cursor = {}, None
with dg.instance_for_test() as instance:
    for label in ("first sight (waits a tick)", "fresh cursor: every file looks new", "cursor set, nothing changed"):
        context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"home": HomeResource(path=home)})
        t = time.monotonic()
        result = sensor.evaluate_tick(context)
        out[label] = {"seconds": round(time.monotonic() - t, 3), "run_requests": len(result.run_requests),
                      "skip": result.skip_message}
        cursor = context.cursor
print(json.dumps(out))
"""


def sensor_ticks(home: Path) -> dict:
    """Three sensor ticks on a home with nothing new, timed in-process (imports excluded); the home's
    regiomonitor.yaml gets `sensor: {stable_seconds: 0}` so the second tick decides."""
    (home / "regiomonitor.yaml").write_text("sensor:\n  stable_seconds: 0\n")
    env = {**run_env(), "REGIOMONITOR_HOME": str(home)}
    r = subprocess.run([PY, "-c", SENSOR_TICKS, str(home)], env=env, cwd=CODE, capture_output=True, text=True)
    (home / "regiomonitor.yaml").unlink()
    return json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else {"error": r.stderr[-1500:]}


# -- (d): one corrected delivery ---------------------------------------------------------------------------
def add_correction(home: Path, n: int) -> str:
    """A `_correctie` copy of one UTF-8, comma-separated placements file, with the n-th request that
    was `niet_geplaatst` now `geannuleerd` (valid either way: no school_code in both)."""
    folder = home / "inbox" / "placements"
    for path in sorted(folder.glob("*.csv")):
        if "_correctie" in path.name:
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        lines = text.split("\n")
        header = lines[0].lstrip("\ufeff").strip().lower().split(",")
        if "status" not in header or len(header) < 5:
            continue
        col = header.index("status")
        hits = [i for i, line in enumerate(lines[1:], start=1) if line.split(",")[col:col + 1] == ["niet_geplaatst"]]
        if len(hits) < n:
            continue
        fields = lines[hits[n - 1]].split(",")
        fields[col] = "geannuleerd"
        lines[hits[n - 1]] = ",".join(fields)
        sender_year = path.stem
        target = folder / f"{sender_year}_correctie{'' if n == 1 else n}.csv"
        target.write_text("\n".join(lines), encoding="utf-8", newline="")
        return str(target.relative_to(home / "inbox"))
    raise SystemExit("no placements file to correct")


# -- start-up ----------------------------------------------------------------------------------------------
def import_times(reps: int) -> dict:
    out = {}
    for label, code in [("import orchestration.definitions", "import orchestration.definitions"),
                        ("import dagster", "import dagster"), ("import dagster_dbt", "import dagster_dbt"),
                        ("import great_expectations", "import great_expectations"),
                        ("import pandera.polars", "import pandera.polars"), ("import polars", "import polars"),
                        ("python -c pass", "pass")]:
        times = []
        for _ in range(reps if label.startswith("import orchestration") else 1):
            t = time.monotonic()
            r = subprocess.run([PY, "-c", code], env=run_env(), cwd=CODE, capture_output=True, text=True)
            times.append(time.monotonic() - t)
            if r.returncode != 0:
                out[label] = {"error": r.stderr[-500:]}
                break
        else:
            out[label] = {"median_s": round(statistics.median(times), 2), "all_s": [round(x, 2) for x in times]}
    return out


# -- the whole benchmark -----------------------------------------------------------------------------------
def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_s(v) -> str:
    return "-" if v is None else f"{v:.1f} s"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", default="national", choices=["demo", "region", "national"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reps", type=int, default=3, help="alternating repetitions of (a) and (b); also (c), (d)")
    p.add_argument("--page-reps", type=int, default=3)
    p.add_argument("--tenfold", action="store_true", help="also (a) and (b) on a 10x national inbox (long)")
    p.add_argument("--tenfold-only", action="store_true", help="only the 10x part")
    p.add_argument("--tenfold-reps", type=int, default=1)
    p.add_argument("--work-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "regiomonitor-bench")
    p.add_argument("--code-ref", default=None,
                   help="benchmark this commit (exported with git archive) instead of the working tree, e.g. HEAD")
    args = p.parse_args(argv)
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    global CODE
    if args.code_ref:
        CODE = export_commit(work, args.code_ref)
    say(f"project under test: {CODE}")
    # the dbt manifest of the code under test is built once before any clock starts
    warm = subprocess.run([PY, "-c", "import orchestration.definitions"], env=run_env(), cwd=CODE,
                          capture_output=True, text=True)
    if warm.returncode != 0:
        raise SystemExit(f"the project under test does not import:\n{warm.stderr[-3000:]}")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    runs = work / f"runs-{stamp}"
    results: dict = {"started": stamp, "machine": machine(), "args": {k: str(v) for k, v in vars(args).items()},
                     "code": str(CODE), "commit": _commit(CODE),
                     "busy_processes_at_start": busy_processes({os.getpid()}), "targets": TARGETS}
    say(f"machine: {results['machine']}")
    out_file = work / f"results-{stamp}.json"

    def save():
        results["machine"]["load_at_end"] = loadavg()
        out_file.write_text(json.dumps(results, indent=2, default=str))

    if not args.tenfold_only:
        inbox, info = cached_inbox(work, args.scale, args.seed)
        results["inbox"] = {"path": str(inbox), **info}
        say(f"inbox: {inbox} ({info['files']} files, {info['bytes'] / 1e6:.0f} MB)")
        results["startup"] = import_times(3)
        say(f"start-up: {results['startup']}")

        a_runs, b_runs, f_runs = [], [], []
        for i in range(1, args.reps + 1):
            home = runs / f"a{i}" / "home"
            shutil.rmtree(home.parent, ignore_errors=True)
            link_tree(inbox, home / "inbox")
            say(f"(a) run {i}: regiomonitor run on an empty home {home}")
            a_runs.append(platform_run(home, f"a{i}"))
            say(f"    {a_runs[-1]['wall_s']} s, peak RSS tree {a_runs[-1]['peak_rss_tree_gb']} GB, rc {a_runs[-1]['returncode']}")
            say(f"(b) run {i}: plain DuckDB script")
            b_runs.append(baseline_run(inbox, runs / f"b{i}" / "plain.duckdb", f"b{i}"))
            say(f"    {b_runs[-1]['wall_s']} s, peak RSS {b_runs[-1]['peak_rss_tree_gb']} GB, rc {b_runs[-1]['returncode']}")
            say(f"(f) run {i}: least-work script")
            f_runs.append(least_work_run(inbox, runs / f"f{i}" / "least.duckdb", f"f{i}"))
            say(f"    {f_runs[-1]['wall_s']} s, rc {f_runs[-1]['returncode']}")
            results["a"], results["b"], results["f"] = a_runs, b_runs, f_runs
            save()
        last_home = runs / f"a{args.reps}" / "home"

        sys.path.insert(0, str(BENCH))
        from compare import compare, summary_lines
        results["comparison"] = compare(last_home / "published.duckdb", runs / f"b{args.reps}" / "plain.duckdb",
                                        last_home / "warehouse.duckdb")
        for line in summary_lines(results["comparison"]):
            say(f"compare: {line}")
        results["comparison_least_work"] = compare(last_home / "published.duckdb", runs / f"f{args.reps}" / "least.duckdb",
                                                    accounting=False)
        for line in summary_lines(results["comparison_least_work"]):
            say(f"compare least-work: {line}")
        save()

        say("ingest of (a) step by step, outside Dagster (benchmarks/ingest_parts.py)")
        js = runs / "ingest-parts.json"
        m = Measured([PY, str(BENCH / "ingest_parts.py"), str(inbox), "--json", str(js)], run_env(), cwd=CODE).run()
        results["ingest_parts"] = json.loads(js.read_text()) if js.exists() else \
            {"error": [line for _, line in m.lines[-20:]]}
        save()

        c_runs = []
        for i in range(1, args.reps + 1):
            say(f"(c) run {i}: regiomonitor run with nothing new")
            c_runs.append(platform_run(last_home, f"c{i}", split=False))
            say(f"    {c_runs[-1]['wall_s']} s")
        results["c"] = c_runs
        results["c_sensor"] = sensor_ticks(last_home)
        say(f"(c) via the sensor: {results['c_sensor']}")
        save()

        dash_code = CODE if (CODE / "dashboards" / "app.py").exists() else ROOT
        results["e_dashboards_from"] = str(dash_code)
        say(f"(e) dashboard pages by AppTest ({dash_code / 'dashboards'})")
        js = runs / "pages.json"
        m = Measured([PY, str(BENCH / "pages.py"), "--home", str(last_home), "--reps", str(args.page_reps),
                      "--json", str(js), "--code", str(dash_code)], run_env()).run()
        results["e"] = {**m.summary(), **(json.loads(js.read_text()) if js.exists() else
                                          {"error": [line for _, line in m.lines[-20:]]})}
        save()

        d_runs = []
        for i in range(1, args.reps + 1):
            added = add_correction(last_home, i)
            say(f"(d) run {i}: {added} added, regiomonitor run")
            d_runs.append({**platform_run(last_home, f"d{i}"), "added": added})
            say(f"    {d_runs[-1]['wall_s']} s")
        results["d"] = d_runs
        save()

    if args.tenfold or args.tenfold_only:
        inbox10, info10 = cached_inbox(work, args.scale, args.seed, tenfold=True)
        results["tenfold_inbox"] = {"path": str(inbox10), **info10}
        say(f"10x inbox: {inbox10} ({info10['files']} files, {info10['bytes'] / 1e6:.0f} MB)")
        a10, b10 = [], []
        for i in range(1, args.tenfold_reps + 1):
            home = runs / f"a10x{i}" / "home"
            shutil.rmtree(home.parent, ignore_errors=True)
            link_tree(inbox10, home / "inbox")
            say(f"(a) 10x run {i}")
            a10.append(platform_run(home, f"a10x{i}"))
            say(f"    {a10[-1]['wall_s']} s, peak RSS tree {a10[-1]['peak_rss_tree_gb']} GB, rc {a10[-1]['returncode']}")
            results["a_tenfold"] = a10
            save()
            say(f"(b) 10x run {i}")
            b10.append(baseline_run(inbox10, runs / f"b10x{i}" / "plain.duckdb", f"b10x{i}"))
            say(f"    {b10[-1]['wall_s']} s, peak RSS {b10[-1]['peak_rss_tree_gb']} GB")
            results["b_tenfold"] = b10
            save()
            if i < args.tenfold_reps:
                shutil.rmtree(runs / f"a10x{i}", ignore_errors=True)     # a 10x home is large
        if a10 and a10[-1]["returncode"] == 0 and b10 and b10[-1]["returncode"] == 0:
            sys.path.insert(0, str(BENCH))
            from compare import compare, summary_lines
            home = runs / f"a10x{args.tenfold_reps}" / "home"
            results["comparison_tenfold"] = compare(home / "published.duckdb",
                                                    runs / f"b10x{args.tenfold_reps}" / "plain.duckdb")
            for line in summary_lines(results["comparison_tenfold"]):
                say(f"compare 10x: {line}")

    results["busy_processes_at_end"] = busy_processes({os.getpid()})
    save()
    print_report(results)
    say(f"all figures: {out_file}")
    return 0


def print_report(r: dict) -> None:
    lines = ["", f"machine: {r['machine']['nproc']} cores, {r['machine']['cpu']}, {r['machine']['memory_gb']} GB; "
             f"load {r['machine']['load']} at start, {r['machine'].get('load_at_end')} at end"]

    def row(name, value, target, met, note=""):
        lines.append(f"  {name:<44} {value:>16}   target {target:<10} {'met' if met else 'NOT met'}{('  ' + note) if note else ''}")

    if r.get("a"):
        a = median([x["wall_s"] for x in r["a"] if x["returncode"] == 0])
        b = median([x["wall_s"] for x in r["b"] if x["returncode"] == 0])
        a_cpu = median([x["cpu_user_s"] + x["cpu_sys_s"] for x in r["a"]])
        b_cpu = median([x["cpu_user_s"] + x["cpu_sys_s"] for x in r["b"]])
        lines.append("national scale (medians of the alternating runs):")
        lines.append(f"  (a) regiomonitor run, empty home: {', '.join(str(x['wall_s']) for x in r['a'])} s; "
                     f"(b) plain DuckDB: {', '.join(str(x['wall_s']) for x in r['b'])} s")
        f = median([x["wall_s"] for x in r.get("f", []) if x["returncode"] == 0])
        f_cpu = median([x["cpu_user_s"] + x["cpu_sys_s"] for x in r.get("f", [])])
        if r.get("f"):
            lines.append(f"  (f) least-work script: {', '.join(str(x['wall_s']) for x in r['f'])} s")
        if a and f:
            row("(a)/(f) wall", f"{a:.1f}/{f:.1f} = {a / f:.2f}x", "<= 8x", a / f <= 8)
            lines.append(f"  {'(a)/(f) cpu (user+sys)':<44} {a_cpu:.1f}/{f_cpu:.1f} = {a_cpu / f_cpu:.2f}x")
        if a and b:
            row("(a)/(b) wall", f"{a:.1f}/{b:.1f} = {a / b:.2f}x", "<= 2x", a / b <= 2)
            lines.append(f"  {'(a)/(b) cpu (user+sys)':<44} {a_cpu:.1f}/{b_cpu:.1f} = {a_cpu / b_cpu:.2f}x")
        peak = max(x["peak_rss_tree_gb"] for x in r["a"])
        row("peak memory of (a), sum of RSS over the tree", f"{peak:.2f} GB", "<= 1.5 GB", peak <= 1.5,
            f"(PSS {max(x['peak_pss_tree_gb'] for x in r['a']):.2f} GB, main process "
            f"{max(x['peak_rss_main_gb'] for x in r['a']):.2f} GB)")
    if r.get("c"):
        c = median([x["wall_s"] for x in r["c"]])
        row("(c) run with nothing new", fmt_s(c), "<= 1 s", c <= 1)
    for label, v in r.get("c_sensor", {}).items():
        if isinstance(v, dict):
            row(f"(c) sensor tick: {label}", fmt_s(v["seconds"]), "<= 1 s", v["seconds"] <= 1 and not v["run_requests"])
    if r.get("d"):
        d = median([x["wall_s"] for x in r["d"]])
        row("(d) one corrected delivery", fmt_s(d), "<= 10 s", d <= 10)
    if r.get("e", {}).get("pages"):
        for page, v in r["e"]["pages"].items():
            row(f"(e) page {page} (cold cache / warm)", f"{v['cold_cache_s']:.2f} / {v['warm_cache_s']:.2f} s", "<= 1 s",
                v["cold_cache_s"] <= 1)
        lines.append(f"  first render in a fresh process: {r['e'].get('first_in_process_s')} s; AppTest overhead "
                     f"{r['e'].get('apptest_overhead_s')} s")
    elif r.get("e"):
        lines.append(f"  (e) AppTest could not render the pages: {r['e'].get('error')}")
    if r.get("startup"):
        lines.append(f"  start-up: {r['startup'].get('import orchestration.definitions')}")
    if r.get("a_tenfold"):
        a = median([x["wall_s"] for x in r["a_tenfold"] if x["returncode"] == 0])
        b = median([x["wall_s"] for x in r.get("b_tenfold", []) if x["returncode"] == 0])
        lines.append("10x national:")
        if a and b:
            row("(a)/(b) wall at 10x", f"{a:.1f}/{b:.1f} = {a / b:.2f}x", "<= 2x", a / b <= 2)
        lines.append(f"  peak memory of (a) at 10x: {max(x['peak_rss_tree_gb'] for x in r['a_tenfold']):.2f} GB")
    if r.get("ingest_parts"):
        lines.append("ingest of (a) step by step, outside Dagster (seconds):")
        lines.append("  " + ", ".join(f"{k} {v}" for k, v in r["ingest_parts"].items()))
    if r.get("a"):
        lines.append("where the time of (a) goes (last run):")
        for k, v in r["a"][-1]["phases"].items():
            if isinstance(v, (int, float)):
                lines.append(f"  {k:<44} {v}")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
