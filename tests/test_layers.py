"""Imports point one way (pyproject.toml, [tool.importlinter]): the contracts hold on the tree, a
back-import makes `lint-imports` fail, and the dashboards run without loading orchestration."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sources.duo import READERS
from validations.feeds import FEEDS

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("orchestration", "dashboards", "sources", "deployment", "validations")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)})


def test_the_tree_keeps_every_import_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_back_import_breaks_the_contract(tmp_path):
    """A copy of the packages with one import against the direction (an adapter reaching up into
    orchestration, the cycle issue 15 removed) fails, naming the import."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                        dirs_exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    wide = tmp_path / "sources" / "duo" / "wide.py"
    wide.write_text(wide.read_text() + "\nfrom orchestration.ingest.run import ingest_inbox  # noqa: E402\n")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sources.duo.wide -> orchestration.ingest.run" in result.stdout


def test_the_dashboards_load_without_orchestration():
    code = ("import sys, dashboards.snapshot, dashboards.signin, dashboards.access, dashboards.reports.datakwaliteit; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'orchestration'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_feed_in_its_publishers_layout_has_a_registered_reader():
    assert set(READERS) == {name for name, feed in FEEDS.items() if feed.own_layout}
    assert all(callable(reader) for reader in READERS.values())
