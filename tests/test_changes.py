"""What a run has to do (orchestration/changes.py), on a real warehouse written by the real ingest:
the snapshot records its watermark and fingerprint as publish writes them."""
from __future__ import annotations

import duckdb

from orchestration.changes import build_fingerprint, changes
from deployment.home import Home
from orchestration.ingest.run import ingest_inbox
from tests.builders import csv_bytes, deliver, row
from tests.conftest import SECRET


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
    ingest_inbox(h.inbox, h.warehouse, SECRET.encode())                      # ingested by a run that did not publish
    todo = changes(h)
    assert todo.new_files == 0 and todo.unpublished == 1 and todo.feeds == {"placements"}
