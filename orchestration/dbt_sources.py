"""The dbt project's source files and their fingerprint, without importing dbt or Dagster: a run
with nothing new asks whether the snapshot was built by the current project before anything heavy
is loaded."""
from __future__ import annotations

import hashlib
from pathlib import Path

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


def source_files() -> list[Path]:
    paths = [DBT_DIR / "dbt_project.yml", DBT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        paths += sorted(p for p in (DBT_DIR / folder).rglob("*") if p.is_file())
    return [p for p in paths if p.exists()]


def newest_source_mtime() -> float:
    return max(p.stat().st_mtime for p in source_files())


def project_fingerprint() -> str:
    """Hash of the dbt project's sources: a snapshot built by other models is not current."""
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(str(path.relative_to(DBT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
