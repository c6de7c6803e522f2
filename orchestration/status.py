"""`regiomonitor status`: deliveries, rejections, failed runs and freshness, read from the
published snapshot (never from the warehouse, which a running pipeline may hold) and from the
home's Dagster instance."""
from __future__ import annotations

import datetime as dt

import duckdb

from deployment.home import Home
from validations.gates.run import data_docs_index


def report(home: Home) -> str:
    lines = [f"home: {home.root}"]
    if not home.published.exists():
        lines.append("no published snapshot yet: run `regiomonitor run` (or `regiomonitor demo`)")
        lines += _runs(home)
        return "\n".join(lines)
    con = duckdb.connect(str(home.published), read_only=True)
    try:
        published_at, = con.execute("select max(published_at) from ops.snapshot").fetchone()
        age = dt.datetime.now() - published_at
        lines.append(f"snapshot: {home.published}, published {published_at:%Y-%m-%d %H:%M} "
                     f"({_age(age)} ago)")
        lines.append("\ndeliveries per feed (files in force; last received; rows loaded / rejected):")
        for feed, files, last, loaded, rejected, refused in con.execute("""
                select feed, count(*) filter (where status = 'loaded'), max(received_at),
                       sum(rows_loaded) filter (where status = 'loaded'),
                       sum(rows_rejected) filter (where status = 'loaded'),
                       count(*) filter (where status = 'refused')
                from ops.deliveries group by feed order by feed""").fetchall():
            extra = f", {refused} refused file(s)" if refused else ""
            lines.append(f"  {str(feed):14} {files:5} files  last {last:%Y-%m-%d %H:%M}  "
                         f"{loaded or 0:>9,} / {rejected or 0:,}{extra}")
        refused = con.execute("select file_name, message from ops.deliveries where status = 'refused' "
                              "order by received_at desc limit 10").fetchall()
        if refused:
            lines.append("\nrefused files (latest 10):")
            lines += [f"  {name}: {msg}" for name, msg in refused]
        reasons = con.execute("select feed, reason, count(*) as n from ops.rejected_rows group by all "
                              "order by n desc limit 10").fetchall()
        if reasons:
            lines.append("\nrejected rows by reason (top 10):")
            lines += [f"  {n:6}  {feed}: {reason}" for feed, reason, n in reasons]
        if con.execute("select count(*) from information_schema.tables where table_schema = 'ops' "
                       "and table_name = 'gate_results'").fetchone()[0]:
            total, failed = con.execute("select count(*), count(*) filter (where not passed) "
                                        "from ops.gate_results").fetchone()
            lines.append(f"\nquality gates of this snapshot: {total} expectations, {failed} failed")
        docs = data_docs_index(home.root / "gx")
        if docs.exists():
            lines.append(f"Data Docs (latest gate run, also failed ones): file://{docs}")
        lines.append("\nmarts (rows):")
        for schema, name in con.execute("select table_schema, table_name from information_schema.tables "
                                        "where table_schema = 'marts' order by table_name").fetchall():
            n = con.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
            lines.append(f"  marts.{name:30} {n:>9,}")
    finally:
        con.close()
    lines += _runs(home)
    return "\n".join(lines)


def _runs(home: Home) -> list[str]:
    if not (home.dagster_home / "dagster.yaml").exists():
        return []
    from orchestration.pipeline import instance_of
    with instance_of(home) as instance:
        records = instance.get_run_records(limit=5)
        if not records:
            return []
        out = ["\nlast runs:"]
        for r in records:
            started = dt.datetime.fromtimestamp(r.start_time) if r.start_time else None
            when = f"{started:%Y-%m-%d %H:%M}" if started else "-"
            out.append(f"  {when}  {r.dagster_run.status.value:10} {r.dagster_run.run_id[:8]}")
        return out


def _age(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} days"
