"""The dbt project as Dagster sees it. The manifest is (re)built by `dbt parse` whenever a model,
macro or seed is newer than it, so a fresh clone, `dagster dev` and `regiomonitor run` all see the
current project without a separate build step."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject
from filelock import FileLock

from orchestration.dbt_sources import DBT_DIR, newest_source_mtime, project_fingerprint  # noqa: F401 (re-exported)

project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than its sources."""
    manifest = project.manifest_path
    if _manifest_is_current(manifest):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(manifest.parent / ".parse.lock")):       # two processes must not parse into one target
        if not _manifest_is_current(manifest):
            _parse(manifest)
    return manifest


def _manifest_is_current(manifest: Path) -> bool:
    return manifest.exists() and manifest.stat().st_mtime >= newest_source_mtime()


def _parse(manifest: Path) -> None:
    """`dbt parse` into the project's target; the caller holds the parse lock."""
    env = dict(os.environ, DBT_LOG_PATH=str(DBT_DIR / "logs"))
    env.setdefault("REGIOMONITOR_WAREHOUSE", str(DBT_DIR / "target" / "parse.duckdb"))
    result = subprocess.run([str(Path(sys.executable).with_name("dbt")), "parse", "--quiet", "--project-dir", str(DBT_DIR),
                             "--profiles-dir", str(DBT_DIR)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    manifest.touch()
