"""The dbt project as Dagster sees it. The manifest is (re)built by `dbt parse` whenever a model,
macro or seed is newer than it, so a fresh clone, `dagster dev` and `regiomonitor run` all see the
current project without a separate build step."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject
from filelock import FileLock

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"

project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def _source_files() -> list[Path]:
    paths = [DBT_DIR / "dbt_project.yml", DBT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        paths += sorted(p for p in (DBT_DIR / folder).rglob("*") if p.is_file())
    return [p for p in paths if p.exists()]


def _newest_source_mtime() -> float:
    return max(p.stat().st_mtime for p in _source_files())


def project_fingerprint() -> str:
    """Hash of the dbt project's sources: a snapshot built by other models is not current."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(DBT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime()


def _parse(manifest: Path) -> None:
    """`dbt parse` into the project's target; the caller holds the parse lock."""
    env = dict(os.environ, DBT_LOG_PATH=str(DBT_DIR / "logs"))
    env.setdefault("REGIOMONITOR_WAREHOUSE", str(DBT_DIR / "target" / "parse.duckdb"))
    result = subprocess.run([str(Path(sys.executable).with_name("dbt")), "parse", "--quiet", "--project-dir", str(DBT_DIR),
                             "--profiles-dir", str(DBT_DIR)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    manifest.touch()
