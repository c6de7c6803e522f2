"""Trust boundaries of a delivery, end to end with `regiomonitor run` (issue 11, items 1 and 7): a
sender changes only what falls under it, and no number that cannot be real reaches a mart. A demo
home (region OR-FRYSLAN) is built and published; then region OR-B and its partnership deliver rows
about Fryslân, and a Fryslân school and the region deliver non-finite numbers."""
from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from sources.generator import generate
from tests.builders import csv_bytes, deliver
from tests.support import run

HUGE = "1" + "0" * 400                        # parses as infinity
UNCHANGED = ["capacity_region", "capacity_subject", "cost_per_supervised_student", "dropout_cohort",
             "dropout_by_group", "feeder_schools", "kpi_scorecard", "schools"]


def published(home: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def marts(home: Path) -> dict[str, list[tuple]]:
    return {m: sorted(published(home, f"select * from marts.{m}"), key=repr) for m in UNCHANGED}


def rejected(home: Path, feed: str) -> list[str]:
    return [r for r, in published(home, "select reason from ops.rejected_rows where feed = ? order by reason", [feed])]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("authority") / "home"
    generate(home / "inbox", scale="demo", seed=5)
    first = run(home)
    assert first.returncode == 0, first.stdout + first.stderr
    return home


@pytest.fixture(scope="module")
def fryslan(home) -> dict:
    """Fryslân as published before anyone else delivered: its partnerships, schools and marts."""
    partnerships = published(home, "select partnership_code, partnership_name from marts.partnerships "
                                   "where region_code = 'OR-FRYSLAN' order by 1")
    schools = published(home, "select school_code, school_name, partnership_code from marts.schools "
                              "where region_code = 'OR-FRYSLAN' and partnership_code is not null order by 1")
    vo = published(home, "select school_code from marts.schools where region_code = 'OR-FRYSLAN' "
                         "and school_code in (select school_code from marts.feeder_schools) order by 1 limit 1")[0][0]
    return {"partnerships": partnerships, "schools": schools, "vo_school": vo, "marts": marts(home)}


@pytest.fixture(scope="module")
def hostile_run(home, fryslan) -> subprocess.CompletedProcess:
    """Region OR-B and its partnership SOP-B-04 deliver about Fryslân; NL adds a national partnership."""
    inbox = home / "inbox"
    (p1, _), (_, name2) = fryslan["partnerships"][:2]
    school, school_name, _ = fryslan["schools"][0]
    deliver(inbox, "regions", "OR-B_2024.csv", csv_bytes([{"region_code": "OR-B", "region_name": "Onderwijsregio B"}]))
    deliver(inbox, "partnerships", "OR-B_2024.csv", csv_bytes([
        {"partnership_code": p1, "partnership_name": "Overgenomen", "region_code": "OR-B"},   # takes Fryslân's
        {"partnership_code": "SOP-B-01", "partnership_name": name2.upper(), "region_code": "OR-B"},  # its name
        {"partnership_code": "SOP-B-02", "partnership_name": "OR-FRYSLAN", "region_code": "OR-B"},  # a code
        {"partnership_code": "SOP-B-03", "partnership_name": "Voltijd", "region_code": "OR-B"},     # a value
        {"partnership_code": "SOP-B-04", "partnership_name": "Opleiden in regio B", "region_code": "OR-B"}]))
    school_row = {"school_code": school, "school_name": "Verhuisd", "municipality": "B", "sector": "po",
                  "partnership_code": "SOP-B-04", "region_code": "OR-B", "school_role": "kern",
                  "denomination": "openbaar", "urbanisation": "1"}
    deliver(inbox, "schools", "OR-B_2024.csv", csv_bytes([
        school_row,                                                                      # moves Fryslân's school
        {**school_row, "school_code": "99BB00", "school_name": "Nieuw", "partnership_code": p1}]))  # into its partnership
    deliver(inbox, "funding", "OR-B_2023.csv", csv_bytes([
        {"partnership_code": p1, "academic_year": "2023", "funding_source": "lumpsum", "amount_eur": "999999"}]))
    deliver(inbox, "vo_outflow", "OR-B_2023.csv", csv_bytes([
        {"school_code": fryslan["vo_school"], "exam_year": "2023", "track": "havo", "graduates": "999",
         "entered_teacher_training": "999"}]))
    deliver(inbox, "kpi_targets", "OR-B_2024.csv", csv_bytes([
        {"scope_code": "OR-FRYSLAN", "kpi": "dropout_rate_h1", "academic_year": "2024", "target_value": "0",
         "direction": "lower_is_better"}]))
    deliver(inbox, "capacity", "SOP-B-04_2023.csv", csv_bytes([
        {"school_code": school, "academic_year": "2023", "sector": "po", "subject": "", "places_offered": "99",
         "supervisors": "99", "supervision_fte_available": "9"}]))
    deliver(inbox, "partnerships", "NL_2024.csv", csv_bytes([             # the national list may add anywhere
        {"partnership_code": "SOP-NL-01", "partnership_name": "Landelijk toegevoegd", "region_code": "OR-FRYSLAN"}]))
    return run(home)


def test_a_sender_changes_nothing_outside_its_authority_and_nl_still_delivers(home, fryslan, hostile_run):
    assert hostile_run.returncode == 0, hostile_run.stdout + hostile_run.stderr
    (p1, _), (p2, name2) = fryslan["partnerships"][:2]
    school = fryslan["schools"][0][0]
    # Fryslân's partnerships, schools and figures are as they were; NL's new partnership is in
    assert published(home, "select partnership_code, partnership_name from marts.partnerships "
                           "where region_code = 'OR-FRYSLAN' order by 1") == \
        sorted(fryslan["partnerships"] + [("SOP-NL-01", "Landelijk toegevoegd")])
    assert marts(home) == fryslan["marts"]
    assert published(home, "select partnership_code, region_code from marts.partnerships where region_code = 'OR-B'") \
        == [("SOP-B-04", "OR-B")]
    assert published(home, "select count(*) from marts.schools where school_code = '99BB00'") == [(0,)]
    # every row outside its sender's authority is listed with a reason naming sender and code
    assert rejected(home, "partnerships") == sorted([
        f"sender OR-B may not deliver partnership {p1} of region OR-FRYSLAN",
        f"sender OR-B may not name partnership SOP-B-01 '{name2.upper()}': it is the name of partnership {p2}",
        "sender OR-B may not name partnership SOP-B-02 'OR-FRYSLAN': it is the code of region OR-FRYSLAN",
        "partnership_name: must not be a fixed value of the contract (such as voltijd)"])
    assert rejected(home, "schools") == sorted([
        f"sender OR-B may not deliver school {school} of region OR-FRYSLAN",
        f"sender OR-B may not deliver school 99BB00 in partnership {p1} of region OR-FRYSLAN"])
    assert rejected(home, "funding") == [f"sender OR-B may not deliver partnership {p1} of region OR-FRYSLAN"]
    assert rejected(home, "vo_outflow") == [f"sender OR-B may not deliver school {fryslan['vo_school']} "
                                            "of region OR-FRYSLAN"]
    assert rejected(home, "kpi_targets") == ["sender OR-B may not deliver kpi_targets for OR-FRYSLAN"]
    assert [r for r in rejected(home, "capacity") if "SOP-B-04" in r] == [
        f"sender SOP-B-04 may not deliver school {school} of partnership {fryslan['schools'][0][2]}"]


def test_non_finite_numbers_are_rejected_per_row_and_publishing_goes_on(home, fryslan, hostile_run):
    school, _, partnership = fryslan["schools"][1]
    deliver(home / "inbox", "costs", f"{school}_2022.csv", csv_bytes([
        {"school_code": school, "partnership_code": "", "academic_year": "2022",
         "cost_category": "overig", "hours": "10", "amount_eur": HUGE}]))
    deliver(home / "inbox", "kpi_targets", "OR-FRYSLAN_2099.csv", csv_bytes([
        {"scope_code": "OR-FRYSLAN", "kpi": "cost_per_supervised_student", "academic_year": "2023",
         "target_value": HUGE, "direction": "lower_is_better"},
        {"scope_code": partnership, "kpi": "students_unplaced", "academic_year": "2023",
         "target_value": "1" + "0" * 300, "direction": "lower_is_better"}]))          # finite, absurd
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert published(home, "select reason from ops.rejected_rows where file_name = ?", [f"{school}_2022.csv"]) == [
        ("amount_eur: not a number (a finite value with a decimal point or comma, no thousands separator)",)]
    infinite, absurd = [r for r, in published(home, "select reason from ops.rejected_rows "
                                                    "where file_name = 'OR-FRYSLAN_2099.csv' order by row_number")]
    assert infinite.startswith("target_value: not a number") and absurd == "target_value: must be between 0 and 100000000"
    assert published(home, "select count(*) from marts.kpi_scorecard where not isfinite(target_value) "
                           "or target_value > 1e8") == [(0,)]
