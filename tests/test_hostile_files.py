"""Hostile and broken deliveries (Hypothesis): whatever lands in the inbox, ingest does not crash,
refuses the file or rejects its rows with a readable reason, and accounts for every row."""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.ingest.run import ingest_inbox
from tests.builders import csv_bytes, row, xlsx_bytes

SENDERS = {"enrolments": "30HB", "placements": "SOP-A", "capacity": "10AA00", "costs": "10AA00",
           "funding": "SOP-A", "vo_outflow": "OR-X"}
VALID = {feed: csv_bytes([row(feed), row(feed)]) for feed in SENDERS}


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A feed and a delivery derived from a valid file by one or more hostile mutations."""
    feed = draw(st.sampled_from(sorted(SENDERS)))
    data = bytearray(VALID[feed])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "insert", "delete_delimiters", "mix_delimiters", "garbage",
                                     "invalid_utf8", "huge_field", "empty", "nul", "extra_fields"]))
        if kind == "truncate" and data:
            data = data[:draw(st.integers(0, len(data)))]
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif kind == "delete_delimiters":
            data = data.replace(b",", b"", draw(st.integers(1, 5)))
        elif kind == "mix_delimiters":
            data = data.replace(b",", b";", draw(st.integers(1, 10)))
        elif kind == "garbage":
            data = bytearray(draw(st.binary(min_size=1, max_size=400)))
        elif kind == "invalid_utf8":
            data += b"\xff\xfe\x81\x8d\n"
        elif kind == "huge_field":
            data += b"x" * 1_200_000 + b"\n"
        elif kind == "empty":
            data = bytearray()
        elif kind == "nul":
            data += b"\x00\x00"
        elif kind == "extra_fields":
            data += b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r\n"
    return feed, bytes(data)


NAMES = st.one_of(
    st.sampled_from(["{s}_2023.csv", "{s}_2023_versie 2.csv", "{s}_2023_Súdwest-Fryslân.csv", "..csv",
                     "{s}_2023..csv", "{s}_2023_..csv", "{s} 2023.csv", "{s}_2023.CSV", ".hidden_2023.csv"]),
    st.text(min_size=1, max_size=30).filter(lambda t: "/" not in t and "\x00" not in t and t not in (".", ".."))
)


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
