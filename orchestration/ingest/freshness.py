"""Freshness of the senders: whose newest delivery in force is older than its feed's cadence. A
check of every run, and of a run with nothing new, which answers without starting Dagster."""
from __future__ import annotations

import datetime as dt

import duckdb


def stale_senders(warehouse, freshness_days: dict[str, int]) -> dict[str, list[str]]:
    """Per feed, the senders whose newest delivery in force is older than the feed's cadence."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select feed, sender, max(received_at) from ingest.deliveries "
                           "where status = 'loaded' group by all").fetchall()
    finally:
        con.close()
    now = dt.datetime.now()
    out: dict[str, list[str]] = {}
    for feed, sender, last in rows:
        days = freshness_days.get(feed)
        if days is not None and (now - last).days > days:
            out.setdefault(feed, []).append(f"{sender} ({(now - last).days} days)")
    return out


def freshness_message(late: list[str], days: int | None) -> str:
    return f"{len(late)} sender(s) older than {days} days: " + ", ".join(late[:10]) if late \
        else "every sender within its cadence"
