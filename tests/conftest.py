from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared"
SECRET = "test-secret-0123456789"

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


def cli_env(**extra) -> dict:
    env = dict(os.environ, REGIOMONITOR_PSEUDONYM_KEY=SECRET)
    env.pop("REGIOMONITOR_HOME", None)
    env.update(extra)
    return env


def sensor_tick(defs, instance, home: Path, cursor: str | None):
    """One evaluation of the inbox sensor on a home: (its result, the cursor it leaves)."""
    import dagster as dg

    from orchestration.resources import HomeResource
    sensor = defs.resolve_sensor_def("inbox_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"home": HomeResource(path=str(home))})
    return sensor.evaluate_tick(context), context.cursor


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the dashboards' tables and downloads as a reader gets them (shared by the dashboard test modules) --
def table_texts(element) -> "pd.DataFrame":
    """A st.dataframe as the reader sees it: every cell's display text (the Styler's), where AppTest's
    `.value` holds the values the table sorts by."""
    import pandas as pd
    from streamlit import dataframe_util
    data = element.proto.arrow_data.styler.display_values
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data) if data else element.value.astype(str)


def read_csv_download(data: bytes) -> "pd.DataFrame":
    """A CSV download as Dutch Excel reads it: UTF-8 with BOM, `;` between cells, a decimal comma."""
    import io

    import pandas as pd
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would not read it as UTF-8"
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


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
