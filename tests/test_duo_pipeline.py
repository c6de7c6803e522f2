"""DUO's own files through a real `regiomonitor run`: the real open-data files dropped unchanged into
an inbox give the DUO marts with the files' own sums, and the same students delivered as a 1cHO
extract (both layouts) or as `enrolments` CSV give identical dropout marts."""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from tests.builders import csv_bytes, deliver
from tests.duo_files import (CROHO, EXAMENS, INTAKE_2019, INTAKE_2024_JSON, newer_intake_csv, onecho_files,
                             population)
from tests.support import run

EXAM_YEARS = range(2020, 2025)
GRADUATES = re.compile(r"^GESLAAGDEN SCHOOLJAAR [0-9]{4}-([0-9]{4}) - TOTAAL$")
CANDIDATES = re.compile(r"^EXAMENKANDIDATEN SCHOOLJAAR [0-9]{4}-([0-9]{4}) - TOTAAL$")


# ------------------------------------------------------------------------------ expectations, with csv
def exam_sums() -> dict[tuple[str, int, str], list[int]]:
    """(school, exam year, track) -> [candidates, graduates, candidates `<5` cells, graduates `<5` cells],
    summed from DUO's file with the csv module."""
    sums: dict = defaultdict(lambda: [0, 0, 0, 0])
    with open(EXAMENS, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        for line in reader:
            for i, name in enumerate(header):
                for pattern, at in ((CANDIDATES, 0), (GRADUATES, 1)):
                    m = pattern.match(name)
                    if m:
                        cell = sums[(line[1], int(m[1]), line[4].lower())]
                        if line[i] == "<5":
                            cell[at + 2] += 1
                        else:
                            cell[at] += int(line[i])
    return dict(sums)


def intake_sums(lines: list[dict], year_columns: list[str], institution: str) -> dict:
    """(institution, study mode, year) -> [sum, `<5` cells] of the pabo (34808) lines."""
    sums: dict = defaultdict(lambda: [0, 0])
    for line in lines:
        if str(line["OPLEIDINGSCODE ACTUEEL"]).zfill(5) != "34808":
            continue
        for year in year_columns:
            cell = sums[(line[institution], line["OPLEIDINGSVORM"].split()[0], int(year))]
            if str(line[year]) == "<5":
                cell[1] += 1
            else:
                cell[0] += int(line[year])
    return dict(sums)


def csv_lines(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter=";") if r.get("PROVINCIE")]


def secondary_schools(sums) -> list[str]:
    """Schools whose havo or vwo graduates DUO publishes in full in some years and not in others."""
    clean = lambda s, t: [y for y in EXAM_YEARS if sums.get((s, y, t), [0, 0, 0, 1])[3] == 0
                          and sums[(s, y, t)][1] >= 20]
    schools = sorted({s for s, _, _ in sums})
    havo = [s for s in schools if len(clean(s, "havo")) == 5][:2]
    vwo = [s for s in schools if len(clean(s, "vwo")) == 5][:1]
    mixed = [s for s in schools if 2 <= len(clean(s, "havo")) <= 4][:1]
    return havo + vwo + mixed


# ------------------------------------------------------------------------------ the homes
def references(inbox: Path, schools: list[str]) -> None:
    deliver(inbox, "regions", "OR-X_2024.csv", csv_bytes([{"region_code": "OR-X", "region_name": "Regio X"}]))
    deliver(inbox, "partnerships", "OR-X_2024.csv", csv_bytes([
        {"partnership_code": p, "partnership_name": p, "region_code": "OR-X"} for p in ("SOP-A", "SOP-B")]))
    deliver(inbox, "institutions", "NL_2024.csv", csv_bytes([
        {"institution_code": "30HB", "institution_name": "Hogeschool X", "institution_type": "hbo"},
        {"institution_code": "32WO", "institution_name": "Universiteit X", "institution_type": "wo"}]))
    deliver(inbox, "schools", "OR-X_2024.csv", csv_bytes(
        [{"school_code": "10AA00", "school_name": "OBS A", "sector": "po", "partnership_code": "SOP-A",
          "region_code": "OR-X"}]
        + [{"school_code": s, "school_name": f"VO {s}", "sector": "vo", "partnership_code": "",
            "region_code": "OR-X"} for s in schools]))


def deliver_population(inbox: Path, pop, as_1cho: bool) -> None:
    by_file = defaultdict(list)
    for p in pop.placements:
        by_file[f"{p['partnership_code']}_{p['academic_year']}.csv"].append(p)
    for name, rows in by_file.items():
        deliver(inbox, "placements", name, csv_bytes(rows))
    if as_1cho:
        for name, data in onecho_files(pop).items():
            deliver(inbox, "duo_1cho", name, data)
        return
    by_file = defaultdict(list)
    for e in pop.enrolments:
        by_file[f"{e['institution_code']}_{e['academic_year']}.csv"].append({k: str(v) for k, v in e.items()})
    for name, rows in by_file.items():
        deliver(inbox, "enrolments", name, csv_bytes(rows))


@pytest.fixture(scope="module")
def sums():
    return exam_sums()


@pytest.fixture(scope="module")
def world(sums):
    schools = secondary_schools(sums)
    return schools, population(schools)


@pytest.fixture(scope="module")
def duo_home(tmp_path_factory, world, sums):
    """A region's inbox with every kind of DUO file, as DUO publishes or delivers it, and two schools'
    own vo_outflow: one off from DUO's graduates, one equal."""
    schools, pop = world
    home = tmp_path_factory.mktemp("duo") / "home"
    inbox = home / "inbox"
    deliver(inbox, "duo_examens", EXAMENS.name, EXAMENS.read_bytes())
    for path in INTAKE_2019:
        deliver(inbox, "duo_intake", path.name, path.read_bytes())
    deliver(inbox, "duo_intake", "ingeschrevenen-hbo-2024.csv", newer_intake_csv())
    deliver(inbox, "croho", CROHO.name, CROHO.read_bytes())
    references(inbox, schools)
    deliver_population(inbox, pop, as_1cho=True)
    off, equal = schools[0], schools[1]
    deliver(inbox, "vo_outflow", f"{off}_2021.csv", csv_bytes([{
        "school_code": off, "exam_year": "2021", "track": "havo",
        "graduates": str(2 * sums[(off, 2021, "havo")][1]), "entered_teacher_training": "3"}]))
    deliver(inbox, "vo_outflow", f"{equal}_2021.csv", csv_bytes([{
        "school_code": equal, "exam_year": "2021", "track": "havo",
        "graduates": str(sums[(equal, 2021, "havo")][1]), "entered_teacher_training": "4"}]))
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home, result.stdout


@pytest.fixture(scope="module")
def csv_home(tmp_path_factory, world):
    schools, pop = world
    home = tmp_path_factory.mktemp("csv") / "home"
    references(home / "inbox", schools)
    deliver_population(home / "inbox", pop, as_1cho=False)
    result = run(home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def published(home: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# ------------------------------------------------------------------------------ the tests
def test_exam_results_equal_the_files_own_sums_for_every_school_year_and_track(duo_home, sums):
    home, _ = duo_home
    rows = published(home, "select school_code, exam_year, track, candidates, graduates, "
                           "candidates_suppressed_cells, graduates_suppressed_cells from marts.vo_exam_results")
    assert {(s, y, t): list(v) for s, y, t, *v in rows} == sums
    assert len(rows) == len(sums) == 10645


def test_national_intake_of_pabo_equals_the_files_totals(duo_home):
    home, _ = duo_home
    got = {(i, m, y): [n, c] for i, m, y, n, c in published(
        home, "select institution_code, study_mode, academic_year, first_year_enrolments, suppressed_cells "
              "from marts.national_intake where programme_code = '34808'")}
    older = intake_sums(csv_lines(INTAKE_2019[0]), ["2015", "2016", "2017", "2018", "2019"], "BRIN NUMMER ACTUEEL")
    assert {k: v for k, v in got.items() if k[2] <= 2019} == older
    newer = intake_sums(json.loads(INTAKE_2024_JSON.read_text()), ["2020", "2021", "2022", "2023", "2024"],
                        "INSTELLINGSCODE ACTUEEL")
    assert {k: v for k, v in got.items() if k[2] >= 2020} == newer


def test_programme_types_come_from_the_croho_table(duo_home):
    home, _ = duo_home
    types = dict(published(home, "select distinct programme_code, programme_type from marts.national_intake "
                                 "where programme_code in ('34808', '59329', '80142', '35221', '45263', '68534')"))
    assert types == {"34808": "pabo", "59329": "alpo", "80142": "ad_pep", "35221": "tweedegraads",
                     "45263": "eerstegraads", "68534": "eerstegraads"}
    assert published(home, "select count(*) from marts.national_intake where programme_code = '34267'") == [(0,)]


def test_a_1cho_extract_and_the_same_students_as_csv_give_identical_dropout_marts(duo_home, csv_home):
    home, _ = duo_home
    for mart in ("dropout_cohort", "dropout_by_group"):
        from_1cho = published(home, f"select * from marts.{mart} order by all")
        from_csv = published(csv_home, f"select * from marts.{mart} order by all")
        assert from_1cho == from_csv, mart
    # the unsuppressed detail too: contract 2 shields most cells of so small a world, the detail none
    detail = []
    for h in (home, csv_home):
        con = duckdb.connect(str(h / "warehouse.duckdb"), read_only=True)
        try:
            detail.append(con.execute("select * from private.dropout_cohort_detail order by all").fetchall())
        finally:
            con.close()
    assert detail[0] == detail[1] and len(detail[0]) > 100
    [(rows, shown, types, partnerships)] = published(
        home, "select count(*), count(*) filter (where not suppressed), count(distinct programme_type), "
              "count(distinct partnership_code) from marts.dropout_cohort")
    assert rows > 100 and shown > 10 and types == 5 and partnerships == 3       # SOP-A, SOP-B, onbekend


def test_every_1cho_record_is_a_row_and_only_teacher_training_on_1_october_becomes_an_enrolment(duo_home, world):
    home, _ = duo_home
    _, pop = world
    loaded = dict(published(home, "select file_name, rows_loaded from ops.deliveries where feed = 'duo_1cho' "
                                  "and rows_received = rows_loaded"))
    assert loaded == {"1cyferho_30HB_2023.asc": len(pop.records["30HB"]), "1cyferho_32WO_2025.asc": len(pop.records["32WO"])}
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from staging.stg_enrolments where _superseded_by is null").fetchone()[0] \
            == len(pop.enrolments)
        assert con.execute("select count(*) from staging.stg_enrolments where programme_code = '34267'").fetchone()[0] == 0
    finally:
        con.close()


def test_1cho_entrants_feed_the_feeder_schools_with_duos_graduates(duo_home, world, sums):
    home, _ = duo_home
    schools, pop = world
    own = {(schools[0], 2021, "havo"): 3, (schools[1], 2021, "havo"): 4}          # the schools' own vo_outflow
    expected = {}
    for school in schools:
        for year in EXAM_YEARS:
            for track in ("havo", "vwo"):
                key = (school, year, track)
                if key in own:
                    expected[key] = own[key]
                elif key in sums and sums[key][3] == 0:          # no `<5` cell hides part of the graduates
                    entered = len(pop.entrants.get(key, ()))
                    if entered <= sums[key][1]:
                        expected[key] = entered
    got = {(s, y, t): (g, e) for s, y, t, g, e in published(
        home, "select school_code, exam_year, track, graduates, entered_teacher_training from marts.feeder_schools")}
    assert {k: e for k, (_, e) in got.items()} == expected
    assert sum(expected.values()) > 20
    for key, (graduates, _) in got.items():
        if key not in own and graduates is not None:
            assert graduates == sums[key][1]


def test_delivered_graduates_off_from_duos_are_flagged_as_a_warning(duo_home, world, sums):
    home, stdout = duo_home
    schools, _ = world
    rows = published(home, "select school_code, delivered_graduates, duo_graduates, exceeds_margin, margin "
                           "from ops.outflow_vs_duo order by school_code")
    assert sorted(rows) == sorted([
        (schools[0], 2 * sums[(schools[0], 2021, "havo")][1], sums[(schools[0], 2021, "havo")][1], True, 0.1),
        (schools[1], sums[(schools[1], 2021, "havo")][1], sums[(schools[1], 2021, "havo")][1], False, 0.1)])
    assert "warning: ops/outflow_vs_duo:outflow_within_duo_margin: 1 row(s) found" in stdout


# ------------------------------------------------------------------------------ the dashboards
def dashboard_on(home: Path, monkeypatch):
    """The app on this home as the demo's administrator (access per viewer: test_dashboard_access)."""
    from deployment.home import Home
    from tests.test_dashboard import app_on
    Home(home).mark_demo()
    return app_on(home, monkeypatch)


def test_the_dropout_page_sets_the_regions_intake_against_the_countrys(duo_home, monkeypatch):
    from tests.test_dashboard import choose, num, open_page, pct, shown_table
    home, _ = duo_home
    at = open_page(dashboard_on(home, monkeypatch), "uitval")
    region, programme, mode = (at.selectbox(key=k).value for k in ("uitval_region", "uitval_programme", "uitval_mode"))
    [(national,)] = published(home, """
        select sum(first_year_enrolments) filter (where academic_year = 2022)
        from marts.national_intake where programme_type = ? and study_mode = ?""", [programme, mode])
    choose(at, "uitval_cohort", 2022)
    [(region_intake, hidden)] = published(home, """
        select sum(cohort_size) filter (where not suppressed), count(*) filter (where suppressed)
        from marts.dropout_cohort where region_code = ? and programme_type = ? and study_mode = ?
        and cohort_year = 2022 and horizon_years = 1""", [region, programme, mode])
    sentence = next(m.value for m in at.markdown if "eerstejaars" in m.value)
    assert f"In 2022 begonnen landelijk {num(national)} eerstejaars" in sentence
    assert f"telden er {num(region_intake)} ({pct(region_intake / national)} van het land)" in sentence
    assert ("tellen niet mee" in sentence) == bool(hidden)
    table = shown_table(at, "uitval_intake")
    assert len(table) == len(published(home, "select distinct cohort_year from marts.dropout_cohort where "
                                             "region_code = ? and programme_type = ? and study_mode = ?",
                                       [region, programme, mode]))


def test_the_inflow_page_sets_the_regions_entrants_against_the_countrys_intake(duo_home, monkeypatch):
    from tests.test_dashboard import num, open_page, pct
    home, _ = duo_home
    at = open_page(dashboard_on(home, monkeypatch), "doorstroom")
    region, track, year = (at.selectbox(key=k).value for k in ("doorstroom_region", "doorstroom_track", "doorstroom_year"))
    [(national,)] = published(home, "select sum(first_year_enrolments) from marts.national_intake "
                                    "where academic_year = ?", [year])
    [(entered,)] = published(home, "select sum(entered_teacher_training) filter (where not suppressed) from "
                                   "marts.feeder_schools where region_code = ? and track = ? and exam_year = ?",
                             [region, track, year])
    sentence = next(m.value for m in at.markdown if "volgens DUO" in m.value)
    assert f"Landelijk begonnen in {year} volgens DUO {num(national)} eerstejaars" in sentence
    assert f"leverden daarvan {num(entered)} {track}-gediplomeerden ({pct(entered / national)})" in sentence


def test_the_data_quality_page_lists_graduates_off_from_duos(duo_home, world, monkeypatch):
    from tests.test_dashboard import open_page, shown_table
    home, _ = duo_home
    schools, _ = world
    at = open_page(dashboard_on(home, monkeypatch), "datakwaliteit")
    assert any("Van 2 aangeleverde vo-uitstroomrijen met DUO-examencijfers wijken er 1 meer dan 10%" in m.value
               for m in at.markdown)
    table = shown_table(at, "dq_duo_outflow")
    # the one outside the margin first; a school reads "name (code)" (names first, issue 13)
    assert [str(cell).endswith(f" ({code})") for cell, code in zip(table.iloc[:, 0], schools[:2])] == [True, True]


def test_without_duo_files_the_pages_say_how_to_get_the_comparison(monkeypatch, tmp_path_factory):
    from tests.test_dashboard import open_page, published_home
    home = published_home(tmp_path_factory)                               # the generated world: no DUO files
    at = open_page(dashboard_on(home, monkeypatch), "uitval")
    assert any("inbox/duo_intake/" in c.value for c in at.caption)
    at = open_page(at, "datakwaliteit")
    assert any("inbox/duo_examens/" in c.value for c in at.caption)
