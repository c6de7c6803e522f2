"""What a run has to do (orchestration/changes.py), on a real warehouse written by the real ingest:
the snapshot records its watermark and fingerprint as publish writes them."""
from __future__ import annotations

import os
import time

import duckdb
import pytest

from orchestration.changes import build_fingerprint, changes
from orchestration.ingest import inbox as inbox_module
from deployment.home import Home
from orchestration.ingest.run import ingest_inbox
from tests.builders import csv_bytes, deliver, row
from tests.support import SECRET


def published(home: Home, fingerprint: str) -> None:
    """The two facts of ops.snapshot that changes() reads, as publish records them."""
    wh = duckdb.connect(str(home.warehouse), read_only=True)
    watermark = wh.execute("select max(delivery_id) from ingest.deliveries").fetchone()[0]
    wh.close()
    con = duckdb.connect(str(home.published))
    con.execute("create schema ops")
    con.execute("create table ops.snapshot as select ?::bigint as ingest_watermark, ? as project_fingerprint",
                [watermark, fingerprint])
    con.close()


def test_what_a_run_has_to_do(home):
    h = Home.resolve(str(home))
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    assert changes(h).full == "no warehouse yet" and changes(h).new_files == 1
    ingest_inbox(h.inbox, h.warehouse, SECRET.encode())
    assert changes(h).full == "no published snapshot yet"
    published(h, build_fingerprint({}))
    assert changes(h).nothing_new
    assert changes(h, {"outflow_vs_duo_margin": 0.2}).full.startswith("the dbt project or its settings changed")

    deliver(home / "inbox", "placements", "SOP-A_2023.csv", csv_bytes([row("placements")]))
    (home / "inbox" / "funding" / "SOP-A_2023.csv").touch()                  # touched, same bytes: not new
    todo = changes(h)
    assert not todo.full and todo.new_files == 1 and todo.feeds == {"placements"}
    # feeds without a row in the warehouse: funding has one, a changed feed never counts as empty
    assert {"duo_1cho", "enrolments"} <= todo.empty and not {"funding", "placements"} & todo.empty
    ingest_inbox(h.inbox, h.warehouse, SECRET.encode())                      # ingested by a run that did not publish
    todo = changes(h)
    assert todo.new_files == 0 and todo.unpublished == 1 and todo.feeds == {"placements"}


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The inbox files read (opened and hashed) from here on, in order."""
    seen: list[str] = []
    original = inbox_module.InboxReader.read
    monkeypatch.setattr(inbox_module.InboxReader, "read",
                        lambda self, rel, limits: seen.append(str(rel)) or original(self, rel, limits))
    return seen


def test_the_quick_check_reads_only_files_whose_stat_changed(tmp_path, reads):
    """A file is read again when its bytes may have changed, even with size and mtime put back (its
    ctime moved); an unchanged file, hashed well after its last change, is not read twice."""
    inbox, records = tmp_path / "inbox", tmp_path / "state" / "inbox-hashes.json"
    a = deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    b = deliver(inbox, "funding", "SOP-B_2023.csv", csv_bytes([row("funding")]))
    first = {str(f.relative): f.sha256 for f in inbox_module.scan(inbox, quick_check=records)}
    assert len(reads) == 2 and oct(records.stat().st_mode & 0o777) == "0o600"
    reads.clear()
    inbox_module.scan(inbox, quick_check=records)
    assert len(reads) == 2                                # changed less than RACY_NS before hashing: read again
    time.sleep(inbox_module.RACY_NS / 1e9 + 0.1)
    inbox_module.scan(inbox, quick_check=records)         # hashed now, well after the files' last change
    reads.clear()
    assert {str(f.relative): f.sha256 for f in inbox_module.scan(inbox, quick_check=records)} == first
    assert reads == []                                    # nothing read: every record stands
    st = a.stat()
    a.write_bytes(a.read_bytes().replace(b"SOP-A", b"SOP-Z"))      # same size ...
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))                # ... and the old mtime put back
    after = {str(f.relative): f.sha256 for f in inbox_module.scan(inbox, quick_check=records)}
    assert reads == ["funding/SOP-A_2023.csv"] and after["funding/SOP-A_2023.csv"] != first["funding/SOP-A_2023.csv"]
    assert after["funding/SOP-B_2023.csv"] == first["funding/SOP-B_2023.csv"]
    records.write_text("not json")                        # a lost or damaged record: everything read again
    reads.clear()
    inbox_module.scan(inbox, quick_check=records)
    assert sorted(reads) == sorted(["funding/SOP-A_2023.csv", str(b.relative_to(inbox))])


def test_ingest_reads_only_the_files_the_quick_check_cannot_vouch_for(tmp_path, reads):
    inbox, records, warehouse = tmp_path / "inbox", tmp_path / "state" / "inbox-hashes.json", tmp_path / "w.duckdb"
    for sender in ("SOP-A", "SOP-B"):
        deliver(inbox, "funding", f"{sender}_2023.csv", csv_bytes([row("funding", partnership_code=sender)]))
    assert ingest_inbox(inbox, warehouse, SECRET, quick_check=records).per_feed()["funding"]["loaded"] == 2
    time.sleep(inbox_module.RACY_NS / 1e9 + 0.1)
    inbox_module.scan(inbox, quick_check=records)                   # as changes() does before a run
    deliver(inbox, "funding", "SOP-C_2023.csv", csv_bytes([row("funding", partnership_code="SOP-C")]))
    reads.clear()
    result = ingest_inbox(inbox, warehouse, SECRET, quick_check=records)
    assert reads == ["funding/SOP-C_2023.csv"] and [d.file_name for d in result.deliveries] == ["SOP-C_2023.csv"]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from raw.funding").fetchone() == (3,)
    con.close()


def test_a_change_does_not_reach_past_a_model_whose_own_feed_is_empty():
    """A placements correction rebuilds the enrolment chain only when 1cHO records exist to take
    their partnership from placements (orchestration/jobs.ROWS_OF_ONE_FEED)."""
    from orchestration.changes import Changes
    from orchestration.definitions import build
    from orchestration.jobs import asset_selection
    graph = build().resolve_asset_graph()
    with_1cho = {k.to_user_string() for k in asset_selection(Changes(new_files=1, feeds=frozenset({"placements"})), graph)}
    without = {k.to_user_string() for k in asset_selection(
        Changes(new_files=1, feeds=frozenset({"placements"}), empty=frozenset({"duo_1cho"})), graph)}
    chain = {"staging/stg_duo_1cho_enrolments", "staging/stg_enrolments", "intermediate/int_enrolments",
             "intermediate/int_cohort_outcomes", "private/dropout_cohort_detail"}
    assert chain <= with_1cho and not chain & without
    # what placements reach on their own is rebuilt either way, down to the published snapshot
    assert {"intermediate/int_placements_checked", "marts/capacity_region", "marts/dropout_cohort",
            "published/snapshot"} <= without <= with_1cho
    # a new 1cHO file is a change of its own feed: its chain is rebuilt
    new_1cho = {k.to_user_string() for k in asset_selection(Changes(new_files=1, feeds=frozenset({"duo_1cho"})), graph)}
    assert chain <= new_1cho
