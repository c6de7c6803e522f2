"""Hostile and broken deliveries (Hypothesis): whatever lands in the inbox, ingest does not crash,
refuses the file or rejects its rows with a readable reason, and accounts for every row."""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import socket
import stat
import struct
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Callable

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deployment.home import Home
from orchestration.ingest.run import ingest_inbox
from deployment.settings import FileLimits, load_settings
from sources.generator import generate
from tests.builders import NAMES, SENDERS, VALID_FILES as VALID, csv_bytes, deliver, mutated, row, xlsx_bytes
from tests.support import REGIOMONITOR, cli_env

def _check_accounting(home: Path, result) -> None:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        for d in result.deliveries:
            assert d.status in ("loaded", "refused", "duplicate", "replaced")
            assert d.rows_received == d.rows_loaded + d.rows_rejected
            if d.status == "refused":
                assert d.message and d.rows_loaded == 0
        reasons = con.execute("select reason from ingest.rejections").fetchall()
        assert all(r and len(r) > 5 for r, in reasons)
        assert con.execute("select coalesce(sum(rows_rejected), 0) from ingest.deliveries").fetchone()[0] == \
            con.execute("select count(*) from ingest.rejections").fetchone()[0]
        for feed in SENDERS:
            in_force = con.execute("select coalesce(sum(rows_loaded), 0) from ingest.deliveries "
                                   "where feed = ? and status = 'loaded'", [feed]).fetchone()[0]
            assert con.execute(f"select count(*) from raw.{feed}").fetchone()[0] == in_force
    finally:
        con.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), NAMES)
def test_hostile_files_never_crash_ingest_and_every_row_is_accounted_for(case, name):
    feed, data = case
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        folder = home / "inbox" / feed
        folder.mkdir(parents=True)
        (folder / name.replace("{s}", SENDERS[feed])).write_bytes(data)
        result = ingest_inbox(home / "inbox", home / "warehouse.duckdb", b"secret")
        _check_accounting(home, result)


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=0, max_size=2000))
def test_corrupt_xlsx_is_refused_with_a_reason(junk):
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        valid = xlsx_bytes([row("capacity")])
        data = valid[: len(valid) // 2] + junk
        (home / "inbox" / "capacity").mkdir(parents=True)
        (home / "inbox" / "capacity" / "10AA00_2023.xlsx").write_bytes(data)
        result = ingest_inbox(home / "inbox", home / "warehouse.duckdb", b"secret")
        _check_accounting(home, result)
        [d] = result.deliveries
        assert d.status == "refused" and ("XLSX" in d.message or "empty" in d.message)


def test_a_huge_field_refuses_the_file_instead_of_exhausting_memory(tmp_path):
    (tmp_path / "inbox" / "funding").mkdir(parents=True)
    (tmp_path / "inbox" / "funding" / "SOP-A_2023.csv").write_bytes(
        VALID["funding"] + b"SOP-A,2023,lumpsum," + b"9" * 2_000_000 + b"\n")
    [d] = ingest_inbox(tmp_path / "inbox", tmp_path / "warehouse.duckdb", b"secret").deliveries
    assert d.status == "refused" and "field larger than field limit" in d.message


def test_files_outside_the_inbox_are_never_read(tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "SOP-A_2023.csv").write_bytes(VALID["funding"])
    inbox = tmp_path / "inbox"
    (inbox / "funding").mkdir(parents=True)
    (inbox / "funding" / "link_2023.csv").symlink_to(outside / "SOP-A_2023.csv")
    (inbox / "placements").symlink_to(outside, target_is_directory=True)
    result = ingest_inbox(inbox, tmp_path / "warehouse.duckdb", b"secret")
    assert {d.status for d in result.deliveries} == {"refused"}
    assert all("symbolic link" in d.message for d in result.deliveries)


# --- the file boundary (issue 11): what a file may cost, what kind of file is read, and when ---

def _sheet_bomb(pad_bytes: int, declare: int | None = None) -> bytes:
    """A valid capacity workbook whose sheet XML carries `pad_bytes` of whitespace: a few hundred
    KB on disk that unpack to `pad_bytes`. With `declare`, its zip directory (central and local
    header) claims the sheet unpacks to that many bytes instead, as a lying archive would."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row("capacity")] * 3)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in good.infolist():
            data = good.read(info)
            if info.filename != SHEET:
                z.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with z.open(SHEET, "w", force_zip64=False) as f:
                f.write(head)
                for _ in range(pad_bytes // MiB):
                    f.write(b" " * MiB)
                f.write(b"</sheetData>" + tail)
    data = bytearray(out.getvalue())
    if declare is not None:
        local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET).header_offset
        struct.pack_into("<I", data, local + 22, declare)             # local header: uncompressed size
        at = data.find(b"PK\x01\x02")
        while at >= 0:                                                # central directory entries
            if data[at + 46:at + 46 + struct.unpack_from("<H", data, at + 28)[0]] == SHEET.encode():
                struct.pack_into("<I", data, at + 24, declare)
            at = data.find(b"PK\x01\x02", at + 4)
        assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET).file_size == declare
    return bytes(data)


SHEET = "xl/worksheets/sheet1.xml"
MiB = 2**20


def _ingest(tmp_path: Path, limits: FileLimits | None = None, progress=lambda s: None):
    return ingest_inbox(tmp_path / "inbox", tmp_path / "warehouse.duckdb", b"secret", progress=progress,
                        limits=limits)


def _raw(tmp_path: Path, feed: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(f"select * from raw.{feed}").fetchall()
    finally:
        con.close()


def test_a_zip_bomb_workbook_is_refused_from_its_zip_directory_before_it_is_unpacked(tmp_path):
    bomb = _sheet_bomb(200 * MiB)
    assert len(bomb) < 400_000
    deliver(tmp_path / "inbox", "capacity", "10AA00_2023.xlsx", bomb)
    [d] = _ingest(tmp_path).deliveries
    assert d.status == "refused"
    assert "unpacks to 209,7" in d.message and "ingest.limits.max_unpacked_bytes = 134,217,728" in d.message
    assert _raw(tmp_path, "capacity") == []


def test_a_zip_bomb_under_the_unpacked_limit_is_refused_by_its_compression_ratio(tmp_path):
    deliver(tmp_path / "inbox", "capacity", "10AA00_2023.xlsx", _sheet_bomb(20 * MiB))
    [d] = _ingest(tmp_path).deliveries
    assert d.status == "refused" and "ingest.limits.max_compression_ratio = 100" in d.message, d.message
    assert "xl/worksheets/sheet1.xml" in d.message


def test_a_workbook_whose_zip_directory_lies_is_measured_by_unpacking_it(tmp_path):
    """The directory says the sheet is 2,000 bytes; calamine would unpack all 40 MiB regardless."""
    deliver(tmp_path / "inbox", "capacity", "10AA00_2023.xlsx", _sheet_bomb(40 * MiB, declare=2000))
    limits = FileLimits(max_unpacked_bytes=16 * MiB, max_compression_ratio=10**6)
    [d] = _ingest(tmp_path, limits).deliveries
    assert d.status == "refused"
    assert "more than 16,777,216 bytes" in d.message and "ingest.limits.max_unpacked_bytes" in d.message


def test_an_honest_workbook_passes_the_workbook_limits(tmp_path):
    rows = [row("capacity", school_code=f"10AA{n:02d}") for n in range(3)]
    deliver(tmp_path / "inbox", "capacity", "10AA00_2023.xlsx", xlsx_bytes(rows))
    [d] = _ingest(tmp_path, FileLimits(max_unpacked_bytes=64 * 1024)).deliveries
    assert d.status == "loaded" and d.rows_received == 3


def test_a_file_over_the_size_limit_in_regiomonitor_yaml_is_refused_and_reported_once(tmp_path):
    (tmp_path / "regiomonitor.yaml").write_text("ingest: {limits: {max_file_bytes: 1000}}\n")
    limits = load_settings(Home(tmp_path)).ingest.limits
    big = csv_bytes([row("funding", amount_eur=str(n)) for n in range(100, 200)])
    deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", big)
    deliver(tmp_path / "inbox", "funding", "SOP-A_2022.csv", VALID["funding"])
    by_name = {d.file_name: d for d in _ingest(tmp_path, limits).deliveries}
    refused = by_name["SOP-A_2023.csv"]
    assert refused.status == "refused" and refused.rows_received == 0
    assert refused.message == (f"file is {len(big):,} bytes: over the limit ingest.limits.max_file_bytes = 1,000 "
                               "(regiomonitor.yaml)")
    assert refused.file.sha256 == hashlib.sha256(big).hexdigest() and refused.file.size == len(big)
    assert by_name["SOP-A_2022.csv"].status == "loaded"
    assert _ingest(tmp_path, limits).deliveries == []           # seen: not refused again every run


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused_naming_the_setting(tmp_path, fmt):
    write = csv_bytes if fmt == "csv" else xlsx_bytes
    rows = [row("capacity", school_code=f"10AA{n:02d}") for n in range(6)]
    deliver(tmp_path / "inbox", "capacity", f"10AA00_2023.{fmt}", write(rows))
    deliver(tmp_path / "inbox", "capacity", f"10AA00_2022.{fmt}", write(rows[:5]))
    by_name = {d.file_name: d for d in _ingest(tmp_path, FileLimits(max_rows=5)).deliveries}
    refused = by_name[f"10AA00_2023.{fmt}"]
    assert refused.status == "refused"
    assert refused.message == "more than 5 rows: over the limit ingest.limits.max_rows = 5 (regiomonitor.yaml)"
    assert by_name[f"10AA00_2022.{fmt}"].status == "loaded"


def _unblock(fifo: Path) -> None:
    """Give a reader blocked on the FIFO its end of file (only the unfixed code ever blocks)."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_fifos_and_sockets_in_the_inbox_are_refused_without_being_opened(tmp_path):
    folder = tmp_path / "inbox" / "funding"
    folder.mkdir(parents=True)
    fifo = folder / "SOP-A_2023.csv"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "SOP-B_2023.csv"))
    deliver(tmp_path / "inbox", "funding", "SOP-C_2023.csv", VALID["funding"].replace(b"SOP-A", b"SOP-C"))
    results = []
    worker = threading.Thread(target=lambda: results.append(_ingest(tmp_path)), daemon=True)
    worker.start()
    worker.join(60)
    hung = worker.is_alive()
    _unblock(fifo)
    sock.close()
    assert not hung, "ingest hung on a FIFO in the inbox"
    by_path = {str(d.file.relative): d for d in results[0].deliveries}
    assert by_path["funding/SOP-A_2023.csv"].status == "refused"
    assert by_path["funding/SOP-A_2023.csv"].message.startswith("FIFO (named pipe): only regular files are read")
    assert by_path["funding/SOP-B_2023.csv"].message.startswith("socket: only regular files are read")
    assert by_path["funding/SOP-C_2023.csv"].status == "loaded"
    assert _ingest(tmp_path).deliveries == []                  # reported once, never opened since


def _swap_after_listing(swap) -> Callable[[str], None]:
    """A progress callback that swaps a file once the inbox has been listed (or, before the fix,
    scanned and hashed), before it is read: the window a sender has while a run is under way."""
    done = []

    def progress(message: str) -> None:
        if message.startswith("inbox:") and not done:
            done.append(swap())
    return progress


def test_a_file_swapped_for_a_link_during_the_run_is_not_read_through_the_link(tmp_path):
    secret = tmp_path / "elders" / "SOP-A_2023.csv"
    secret.parent.mkdir()
    secret.write_bytes(VALID["funding"].replace(b"12500", b"99999"))
    delivered = deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", VALID["funding"])

    def swap():
        delivered.unlink()
        delivered.symlink_to(secret)
    [d] = _ingest(tmp_path, progress=_swap_after_listing(swap)).deliveries
    assert d.status == "refused" and d.message.startswith("symbolic link: only regular files are read")
    assert d.file.sha256 != hashlib.sha256(VALID["funding"]).hexdigest()
    assert _raw(tmp_path, "funding") == []


def test_a_feed_folder_swapped_for_a_link_during_the_run_is_not_read_through_the_link(tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "SOP-A_2023.csv").write_bytes(VALID["funding"].replace(b"12500", b"99999"))
    delivered = deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", VALID["funding"])

    def swap():
        delivered.parent.rename(tmp_path / "moved")
        delivered.parent.symlink_to(outside, target_is_directory=True)
    [d] = _ingest(tmp_path, progress=_swap_after_listing(swap)).deliveries
    assert d.status == "refused" and "symbolic link" in d.message
    assert _raw(tmp_path, "funding") == []


def test_a_file_changed_during_the_run_is_recorded_under_the_hash_of_the_bytes_parsed(tmp_path):
    first, second = VALID["funding"], VALID["funding"].replace(b"12500", b"13000")
    delivered = deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", first)
    [d] = _ingest(tmp_path, progress=_swap_after_listing(lambda: delivered.write_bytes(second))).deliveries
    assert d.status == "loaded"
    assert d.file.sha256 == hashlib.sha256(second).hexdigest()
    assert {r[3] for r in _raw(tmp_path, "funding")} == {13000}
    assert _ingest(tmp_path).deliveries == []                  # the next run knows these bytes


FIFO = "funding/SOP-FIFO_2024.csv"
OVERSIZE = "funding/SOP-BIG_2024.csv"


@pytest.fixture(scope="module")
def run_home(tmp_path_factory):
    """A demo round with a FIFO, a socket and a file over the size limit set in regiomonitor.yaml,
    through two real `regiomonitor run`s in a subprocess with a timeout: a FIFO fails the test
    instead of hanging the suite."""
    home = tmp_path_factory.mktemp("file-boundary") / "home"
    generate(home / "inbox", scale="demo", seed=3, faults=False)
    os.mkfifo(home / "inbox" / FIFO)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(home / "inbox" / "funding" / "SOP-SOCK_2024.csv"))
    (home / "inbox" / OVERSIZE).write_bytes(VALID["funding"] + b"SOP-BIG,2024,lumpsum,1\n" * 100_000)
    (home / "regiomonitor.yaml").write_text("ingest: {limits: {max_file_bytes: 2000000}}\n")
    runs = []
    try:
        for _ in range(2):
            started = time.monotonic()
            result = subprocess.run([REGIOMONITOR, "run", "--home", str(home)], capture_output=True, text=True,
                                    env=cli_env(), timeout=300)
            runs.append((result, time.monotonic() - started))
    except subprocess.TimeoutExpired:
        _unblock(home / "inbox" / FIFO)
        pytest.fail("regiomonitor run hung on a FIFO in the inbox")
    finally:
        sock.close()
    yield home, runs


def _deliveries(home: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute("select path, status, message from ops.deliveries").fetchall()}
    finally:
        con.close()


def test_a_fifo_in_the_inbox_does_not_hang_regiomonitor_run(run_home):
    home, [(first, _), (second, seconds)] = run_home
    assert first.returncode == 0, first.stdout + first.stderr
    deliveries = _deliveries(home)
    assert deliveries[FIFO][0] == "refused" and deliveries[FIFO][1].startswith("FIFO (named pipe)")
    assert deliveries["funding/SOP-SOCK_2024.csv"][1].startswith("socket")
    assert second.returncode == 0 and "nothing new" in (second.stdout + second.stderr).lower(), second.stdout
    assert seconds < 60


def test_the_size_limit_of_regiomonitor_yaml_holds_in_a_run(run_home):
    home, _ = run_home
    status, message = _deliveries(home)[OVERSIZE]
    assert status == "refused"
    size = (home / "inbox" / OVERSIZE).stat().st_size
    assert message == f"file is {size:,} bytes: over the limit ingest.limits.max_file_bytes = 2,000,000 " \
                      "(regiomonitor.yaml)"


def test_the_files_a_run_writes_are_private_and_the_snapshot_readable_by_the_group(run_home, tmp_path):
    home, _ = run_home
    assert stat.S_IMODE((home / "published.duckdb").stat().st_mode) == 0o640
    assert stat.S_IMODE((home / "warehouse.duckdb").stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "logs" / "last-run.log").stat().st_mode) == 0o600
    # what lies in the home, but the senders' inbox, the operator's settings and the snapshot, is
    # the run's account's only (a folder of mode 0700 keeps all below it so, whatever their modes)
    others = {home / "inbox", home / "regiomonitor.yaml", home / "published.duckdb"}
    exposed = [f"{p.name} {stat.S_IMODE(p.lstat().st_mode):o}" for p in home.iterdir()
               if p not in others and stat.S_IMODE(p.lstat().st_mode) & 0o077]
    assert exposed == []
    fresh = Home(tmp_path / "fresh")                 # a home the platform creates: the group reaches the snapshot
    fresh.create()
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in (fresh.root, fresh.inbox, fresh.logs)} == \
        {"fresh": 0o750, "inbox": 0o700, "logs": 0o700}
