"""Running the one Dagster job from the command line: the same job `dagster dev` shows, executed
in-process against the home's Dagster instance, one run at a time per home. With nothing new (no
new or changed file, and a snapshot built from every delivery by the current dbt project) there is
nothing to ingest, build, audit or publish: the command answers without loading Dagster or dbt
(about 1 s instead of 10), and still checks the senders' freshness. With some feeds changed it
runs only what depends on them (orchestration/jobs.asset_selection). The home reaches Dagster as
the resources' configuration and its instance as an argument; no environment variable is written."""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from deployment.home import Home, private_files
from orchestration.locking import run_lock

LOCAL_INSTANCE = Path(__file__).resolve().parent / "instance" / "dagster.yaml"
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    failure: str = ""
    ingest: dict = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    published: dict = field(default_factory=dict)
    built: bool = True
    blocking_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare_home(home: Home) -> None:
    """The home's folders, and its Dagster instance's configuration when it has none yet."""
    home.create()
    config = home.dagster_home / "dagster.yaml"
    if not config.exists():
        with private_files():
            config.write_text(LOCAL_INSTANCE.read_text())


def instance_of(home: Home):
    """The home's Dagster instance (runs, event logs), whatever $DAGSTER_HOME says; with the default
    SQLite storage its event log keeps its connections (orchestration/event_log.py)."""
    import dagster as dg
    try:
        from orchestration.event_log import pooled_ref
        ref = pooled_ref(home.dagster_home)
    except (ImportError, AttributeError, TypeError):    # Dagster's internals moved: the plain instance
        ref = None
    if ref is None:
        return dg.DagsterInstance.from_config(str(home.dagster_home))
    return dg.DagsterInstance.from_ref(ref)


def run_pipeline(home: Home, quiet: bool = True, progress: bool = False,
                 run_config: dict | None = None) -> RunOutcome:
    """The job on `home`; `progress` also prints progress lines on stderr, and `run_config` is
    merged in (e.g. per-run gate severity: ops.mart_gates.config.severity). It runs what changed
    since the snapshot (orchestration/changes.py): nothing, only the assets downstream of the
    changed feeds, or everything."""
    prepare_home(home)
    with run_lock(home):
        from orchestration.changes import changes
        from deployment.settings import load_settings
        todo = changes(home, load_settings(home).duo.dbt_vars())
        if todo.nothing_new:
            return nothing_new(home)
        from orchestration.definitions import build
        from orchestration.jobs import asset_selection
        log = home.logs / "last-run.log"
        config = {**(QUIET if quiet else {}), **(run_config or {})}
        with instance_of(home) as instance, open(log, "w") as out:
            # definitions resolve inside the instance: Dagster loads them against the current instance's
            # state storage, which would otherwise be whatever instance this process entered last
            definitions = build(home, progress_on_stderr=progress)
            job = definitions.resolve_job_def("regiomonitor_pipeline")
            selection = asset_selection(todo, definitions.resolve_asset_graph())
            # dbt's own log lines go to the run log; progress lines go to stderr
            with contextlib.redirect_stdout(out if quiet else sys.stdout):
                result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=config or None,
                                                asset_selection=selection, tags=todo.tags())
            return _outcome(result)


def nothing_new(home: Home) -> RunOutcome:
    """The outcome of a run with nothing new: no file, no build, the snapshot stays; a sender whose
    newest delivery is older than its feed's cadence warns, as the freshness check of a run does."""
    from orchestration.ingest.freshness import freshness_message, stale_senders
    from deployment.settings import load_settings
    days = load_settings(home).ingest.freshness_days
    stale = sorted(stale_senders(home.warehouse, days).items())
    failed = [f"raw/{feed}:freshness" for feed, _ in stale]
    warnings = [f"{name}: {freshness_message(late, days.get(feed))}" for name, (feed, late) in zip(failed, stale)]
    return RunOutcome(success=True, run_id="", built=False, checks_passed=len(days) - len(stale),
                      checks_failed=failed, warnings=warnings,
                      ingest={"new_files": 0, "loaded": 0, "replaced": 0, "duplicate": 0, "refused": 0, "summary": {}})


def _outcome(result) -> RunOutcome:
    """The run summary from the result's public accessors: failed steps, the ingest and publish
    materializations, and every asset check evaluation."""
    import dagster as dg
    out = RunOutcome(success=result.success, run_id=result.run_id)
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        reason = data.user_failure_data.description if data.user_failure_data else _first_line(data.error)
        out.failure = out.failure or f"step {event.step_key} failed: {reason}"
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        meta = {k: v.value for k, v in mat.metadata.items()}
        if mat.asset_key.path == ["ingest", "deliveries"]:
            out.ingest = meta
        if mat.asset_key.path == ["published", "snapshot"]:
            out.published = meta
    for ev in result.get_asset_check_evaluations():
        if ev.passed:
            out.checks_passed += 1
            continue
        name = f"{ev.asset_key.to_user_string()}:{ev.check_name}"
        out.checks_failed.append(name)
        blocking = ev.severity == dg.AssetCheckSeverity.ERROR
        (out.blocking_failures if blocking else out.warnings).append(f"{name}: {_check_detail(ev)}")
    return out


def _check_detail(evaluation) -> str:
    """What a failed check found: its description, else the rows a dbt test returned."""
    if evaluation.description:
        return evaluation.description
    rows = evaluation.metadata.get("dagster_dbt/failed_row_count")
    return f"{rows.value} row(s) found" if rows is not None else ""


def _first_line(error) -> str:
    msg = error.message.strip() if error else "unknown error"
    lines = [line for line in msg.splitlines() if line.strip()]
    return " / ".join(lines[:3])[:600]
