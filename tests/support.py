"""What many test modules use that is neither a delivery (tests/builders.py) nor a fixture
(tests/conftest.py): the command and its environment, one pipeline run, a free port, the shared
folder beside the project, one sensor tick, and the dashboards' tables and downloads as a reader
gets them. Test modules import from here (and tests/dashboard_support.py), never from each other or
from conftest."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared"
SECRET = "test-secret-0123456789"
REGIOMONITOR = str(Path(sys.executable).with_name("regiomonitor"))


def cli_env(**extra) -> dict:
    env = dict(os.environ, REGIOMONITOR_PSEUDONYM_KEY=SECRET)
    env.pop("REGIOMONITOR_HOME", None)
    env.update(extra)
    return env


def run(home: Path, *args, env: dict | None = None) -> subprocess.CompletedProcess:
    """`regiomonitor run --home HOME [args]` as an operator runs it, in its own process."""
    return subprocess.run([REGIOMONITOR, "run", "--home", str(home), *args], capture_output=True, text=True,
                          env=env or cli_env(), timeout=900)


def sensor_tick(defs, instance, home: Path, cursor: str | None):
    """One evaluation of the inbox sensor on a home: (its result, the cursor it leaves)."""
    import dagster as dg

    from orchestration.resources import HomeResource
    sensor = defs.resolve_sensor_def("inbox_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"home": HomeResource(path=str(home))})
    return sensor.evaluate_tick(context), context.cursor


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the dashboards' tables and downloads as a reader gets them (shared by the dashboard test modules) --
def table_texts(element) -> "pd.DataFrame":
    """A st.dataframe as the reader sees it: every cell's display text (the Styler's), where AppTest's
    `.value` holds the values the table sorts by."""
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
