"""`regiomonitor run` publishes a new snapshot while the dashboards serve pages: every render shows
no error, and every page's headline belongs to the snapshot its sidebar names (never a mix of the
old and the new one); the new snapshot shows up without a restart."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.dashboard_support import (APP, PAGES, clean, eur, expected_doorstroom, expected_overzicht, headline, num,
                                     open_page, pct, published_home, scalar, shown, sql)
from tests.support import REGIOMONITOR, cli_env

CORRECTED = {  # feed: how the corrected file changes each row
    "capacity": lambda r: {**r, "places_offered": str(int(r["places_offered"]) * 2 + 7)},
    "vo_outflow": lambda r: {**r, "entered_teacher_training": r["graduates"]},
    "costs": lambda r: {**r, "amount_eur": f"{float(r['amount_eur']) * 3:.2f}"} if r.get("amount_eur") else
    {**r, "hours": f"{float(r['hours']) * 3:.1f}"},
}


def deliver_corrections(home: Path) -> list[str]:
    """For each feed in CORRECTED, a corrected file (`<sender>_<year>_correctie.csv`) for the largest
    delivery in force of the latest year (the year the pages show first); it replaces that delivery."""
    written = []
    for feed, change in CORRECTED.items():
        d = sql(home, "select sender, academic_year, path from ops.deliveries where feed = ? and status = 'loaded' "
                      "and file_format = ? and rows_loaded > 0 "
                      "order by academic_year desc, rows_loaded desc, path limit 1", [feed, "CSV, UTF-8, delimiter ','"])
        assert len(d), f"no plain CSV delivery of {feed} to correct"
        sender, year, path = d.iloc[0]
        with open(home / "inbox" / path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows, header = [change(r) for r in reader], reader.fieldnames
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        target = home / "inbox" / feed / f"{sender}_{year}_correctie.csv"
        target.write_text(out.getvalue(), encoding="utf-8")
        written.append(str(target.relative_to(home / "inbox")))
    return written


def published_at(home: Path) -> str:
    return pd.Timestamp(scalar(home, "select published_at from ops.snapshot")).strftime("%d-%m-%Y %H:%M:%S")


def observe(at: AppTest, page: str) -> dict:
    started = time.monotonic()
    at.run()
    clean(at)
    caption = at.sidebar.caption[0].value
    stamp = re.match(r"Snapshot van (\d\d-\d\d-\d{4} \d\d:\d\d:\d\d)", caption)
    assert stamp, caption
    return {"page": page, "snapshot": stamp.group(1), "headline": headline(at), "seconds": time.monotonic() - started,
            "selection": {s.key: s.value for s in at.selectbox}}


def expected_fragment(home: Path, o: dict) -> str:
    """The number the headline must carry, computed from the snapshot in `home` with the test's own SQL."""
    s = o["selection"]
    if o["page"] == "overzicht":
        return expected_overzicht(home, s["overzicht_scope"], s["overzicht_year"])[0]
    if o["page"] == "uitval":
        r = sql(home, "select dropout_rate from marts.dropout_cohort where region_code = ? and partnership_code = ? "
                      "and programme_type = ? and study_mode = ? and cohort_year = ? and horizon_years = ?",
                [s[f"uitval_{k}"] for k in ("region", "partnership", "programme", "mode", "cohort", "horizon")])
        return f"viel {pct(r.iloc[0, 0])} van de"
    if o["page"] == "kosten":
        cost = scalar(home, "select value from marts.kpi_scorecard where scope_code = ? and academic_year = ? "
                            "and kpi = 'cost_per_supervised_student'", [s["kosten_region"], s["kosten_year"]])
        return f"{eur(cost)} per begeleide student"
    if o["page"] == "capaciteit":
        r = sql(home, "select sum(placement_requests), sum(places_offered) from marts.capacity_region "
                      "where region_code = ? and academic_year = ?", [s["capaciteit_region"], s["capaciteit_year"]])
        return f"vroegen {num(r.iloc[0, 0])} studenten in {shown(home, s['capaciteit_region'])} (alle sectoren) een leerwerkplek " \
               f"aan bij {num(r.iloc[0, 1])} aangeboden plaatsen"
    if o["page"] == "doorstroom":
        e = expected_doorstroom(home, s["doorstroom_region"], s["doorstroom_track"], s["doorstroom_year"])
        return f"koos {pct(e.rate)} van de"
    if o["page"] == "datakwaliteit":
        return f"Alle feeds: {num(scalar(home, 'select count(*) from ops.deliveries'))} bestanden"
    raise AssertionError(o["page"])


def test_a_pipeline_run_while_the_app_serves_pages(tmp_path_factory, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(published_home(tmp_path_factory), home)
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(home / "published.duckdb", old / "published.duckdb")
    corrected = deliver_corrections(home)

    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    apps = {}
    for page in PAGES:
        apps[page] = open_page(AppTest.from_file(str(APP), default_timeout=120), page)

    observations = []
    run = subprocess.Popen([REGIOMONITOR, "run", "--home", str(home)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, env=cli_env())
    try:
        while run.poll() is None:
            for page in PAGES:
                observations.append(observe(apps[page], page))
                time.sleep(0.3)  # leave the pipeline some CPU
        output = run.communicate(timeout=600)[0]
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, output
    print(f"{len(observations)} renders while the pipeline ran; slowest {max(o['seconds'] for o in observations):.1f} s")
    for page in PAGES:          # after the run, the same sessions: the new snapshot without a restart
        observations.append(observe(apps[page], page))

    snapshots = {published_at(old): old, published_at(home): home}
    assert len(snapshots) == 2, "the run did not publish a new snapshot"
    for path in corrected:      # each corrected file is the delivery in force now
        assert sql(home, "select status from ops.deliveries where path = ?", [path])["status"].tolist() == ["loaded"]
    seen = {(o["page"], o["snapshot"]) for o in observations}
    assert {(p, s) for p in PAGES for s in snapshots} <= seen, sorted(seen)
    for o in observations:
        assert o["snapshot"] in snapshots, o
        mine = expected_fragment(snapshots[o["snapshot"]], o)
        assert mine in o["headline"], (o, mine)
        assert o["seconds"] < 60, o  # a running pipeline never blocks a page
    # the corrections changed what these pages say, so a headline of the other snapshot would have failed above
    for page in ("kosten", "capaciteit", "doorstroom", "datakwaliteit"):
        last = [o for o in observations if o["page"] == page][-1]
        assert expected_fragment(old, last) not in last["headline"], page
