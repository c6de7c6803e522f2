"""`regiomonitor dashboard` as a real server (issue 11, item 8): it listens on 127.0.0.1 unless
`--address` says otherwise, prints the address it really listens on, and sends the browser no error
details (tracebacks with server paths) unless started with `--dev`. The listening sockets are read
from the kernel (/proc/net/tcp, tcp6), the server's options from its own command line."""
from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import REGIOMONITOR, cli_env

LISTEN = "0A"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (IPv4 and IPv6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != LISTEN or int(hex_port, 16) != port:
                continue
            raw = bytes.fromhex(address)        # the kernel writes each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, width, 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


@pytest.fixture
def dashboard(tmp_path):
    """Start `regiomonitor dashboard --home H --port P [args]`; returns (port, printed text, pid) once
    Streamlit answers its health check. Every server started is stopped (its process group)."""
    started = []

    def start(*args: str, host: str = "127.0.0.1"):
        port = free_port()
        log = tmp_path / f"dashboard-{port}.log"
        with open(log, "w") as out:
            proc = subprocess.Popen([REGIOMONITOR, "dashboard", "--home", str(tmp_path / "home"), "--port", str(port),
                                     *args], stdout=out, stderr=subprocess.STDOUT, env=cli_env(),
                                    start_new_session=True)
        started.append(proc)
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the dashboard did not come up in 90 s"
            time.sleep(0.5)
        return port, log.read_text(), proc.pid

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def options(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def option(pid: int, name: str) -> str:
    args = options(pid)
    return args[args.index(name) + 1]


def test_the_dashboard_listens_on_this_machine_only_and_says_so(dashboard):
    port, printed, pid = dashboard()
    assert listening(port) == {"127.0.0.1"}
    assert printed.splitlines()[0].startswith(f"dashboard on http://127.0.0.1:{port} ")
    assert option(pid, "--client.showErrorDetails") == "none"


def test_another_address_is_asked_for_and_printed_and_dev_shows_error_details(dashboard):
    port, printed, pid = dashboard("--address", "0.0.0.0", "--dev")
    assert listening(port) == {"0.0.0.0"}
    assert printed.splitlines()[0].startswith(f"dashboard on http://0.0.0.0:{port} (every network interface)")
    assert option(pid, "--client.showErrorDetails") == "full"
