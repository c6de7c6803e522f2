from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import SECRET, cli_env, run

# The everyday loop is `pytest -m "not slow"` (minutes); CI runs everything. Slow are the modules whose
# tests build homes with real pipeline runs (Dagster, dbt, Great Expectations) or drive a browser.
SLOW_MODULES = {
    "test_dashboard", "test_dashboard_access", "test_dashboard_live", "test_dashboard_server", "test_definitions",
    "test_disclosure", "test_disclosure_audit", "test_duo_pipeline", "test_gates", "test_killed_runs",
    "test_pipeline", "test_production_instance", "test_sender_authority", "test_triggers", "test_dashboard_browser",
    "test_incremental", "test_dbt_unit",
    "test_senders_run", "test_upload_page",
    "test_report", "test_dashboard_injection",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY", SECRET)
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.delenv("REGIOMONITOR_HOME", raising=False)


@pytest.fixture
def home(tmp_path) -> Path:
    root = tmp_path / "home"
    (root / "inbox").mkdir(parents=True)
    return root


@pytest.fixture(scope="session")
def region_home(tmp_path_factory):
    """build(seed) -> a generated region home (three regions, no faults), run once per seed for the
    whole session: test_disclosure and test_disclosure_audit attack the same homes."""
    from sources.generator import generate

    built: dict[int, Path] = {}

    def build(seed: int) -> Path:
        if seed not in built:
            home = tmp_path_factory.mktemp(f"region-{seed}") / "home"
            generate(home / "inbox", scale="region", seed=seed)
            result = subprocess.run([str(Path(sys.executable).with_name("regiomonitor")), "run", "--home", str(home)],
                                    capture_output=True, text=True, env=cli_env(), timeout=900)
            assert result.returncode == 0, result.stdout + result.stderr
            built[seed] = home
        return built[seed]

    return build


@pytest.fixture(scope="session")
def access_region_home(tmp_path_factory) -> Path:
    """A published home of three regions (scale region, seed 3, with faults), built once per session
    by `regiomonitor run`; tests/test_dashboard_access.py builds the same folder when it runs first.
    Tests must not change it (copy it to change it)."""
    import subprocess
    import sys

    from sources.generator import generate
    root = tmp_path_factory.getbasetemp() / "access-home"
    if not (root / "published.duckdb").exists():
        generate(root / "inbox", scale="region", seed=3, faults=True)
        result = subprocess.run([str(Path(sys.executable).with_name("regiomonitor")), "run", "--home", str(root)],
                                capture_output=True, text=True, env=cli_env(), timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    """The access world (tests/dashboard_support.World): a region home of three regions with an access
    file for an administrator, a region analyst and two partnership coordinators."""
    from dashboards import access
    from tests.dashboard_support import ADMIN, PARTNER, PARTNER2, REGION, World
    from sources.generator import generate
    root = tmp_path_factory.getbasetemp() / "access-home"
    if not (root / "published.duckdb").exists():
        generate(root / "inbox", scale="region", seed=3, faults=True)
        result = run(root)
        assert result.returncode == 0, result.stdout + result.stderr
    w = World(root)
    assert len(w.regions) >= 2 and len(w.others) >= 2, "the region scale should give regions with 3+ partnerships"
    (root / access.ACCESS_FILE).write_text(f"""\
# who may see what (docs/dashboards.md): by code; a name only where it stands for exactly one code
users:
  {ADMIN}: {{role: admin}}
  {REGION}: {{role: region, regions: ["{w.region}"]}}
  {PARTNER}: {{role: partnership, partnerships: ["{w.partner}"]}}
  {PARTNER2}: {{role: partnership, partnerships: ["{w.name(w.partner2)}"]}}
""", encoding="utf-8")
    return w
