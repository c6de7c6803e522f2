"""The production Dagster instance (orchestration/instance/dagster.production.yaml) keeps runs and
event logs in PostgreSQL: a real server is started on a loopback port and `regiomonitor run`
executes the job against it."""
from __future__ import annotations

import getpass
import glob
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.builders import csv_bytes, deliver, row
from tests.support import cli_env

INSTANCE = Path(__file__).resolve().parents[1] / "orchestration" / "instance" / "dagster.production.yaml"
BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _as_server_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as root the server runs as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *args] if getpass.getuser() == "root" else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    if not BINARIES:
        pytest.skip("PostgreSQL server binaries not installed (.ci/run installs Debian's postgresql)")
    bindir = Path(BINARIES[-1]).parent
    data = Path(tempfile.mkdtemp(prefix="regiomonitor-pg-"))
    if getpass.getuser() == "root":
        shutil.chown(data, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "dagster"]),
                   check=True, capture_output=True)
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data / "db"), "-l", str(data / "log"), "-w",
                                    "-o", f"-p {port} -k {data} -h 127.0.0.1", "start"]), check=True,
                   capture_output=True)
    try:
        subprocess.run([str(bindir.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dagster",
                        "dagster"], check=True, capture_output=True)
        yield {"DAGSTER_PG_USERNAME": "dagster", "DAGSTER_PG_PASSWORD": "", "DAGSTER_PG_HOST": "127.0.0.1",
               "DAGSTER_PG_DB": "dagster", "DAGSTER_PG_PORT": str(port)}
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def test_the_job_runs_against_postgres_run_and_event_storage(postgres, home):
    (home / "dagster").mkdir()
    shutil.copy(INSTANCE, home / "dagster" / "dagster.yaml")
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    env = cli_env(**postgres)
    result = subprocess.run([str(Path(sys.executable).with_name("regiomonitor")), "run", "--home", str(home)],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (home / "dagster" / "history").exists()            # no SQLite run storage beside it
    import psycopg2
    with psycopg2.connect(host="127.0.0.1", port=postgres["DAGSTER_PG_PORT"], user="dagster",
                         dbname="dagster") as con, con.cursor() as cur:
        cur.execute("select pipeline_name, status from runs")
        assert cur.fetchall() == [("regiomonitor_pipeline", "SUCCESS")]
        cur.execute("select count(*) from event_logs where dagster_event_type = 'ASSET_MATERIALIZATION'")
        assert cur.fetchone()[0] > 10
