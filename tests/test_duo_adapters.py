"""DUO's own files through their adapters (sources/duo) and ingest, on DUO's real files and documents
vendored in tests/data/duo: the layouts are DUO's, every 1cHO field is read from the position DUO's
document gives, in both layouts, and every row of every file is accounted for."""
from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.assets.dbt import build_args
from sources.files.naming import Refused
from orchestration.ingest.pseudonymise import pseudonym
from orchestration.ingest.run import ingest_inbox
from deployment.home import Home
from deployment.settings import Settings
from sources.duo.croho import LAYOUT as CROHO_LAYOUT
from sources.duo.croho import read_croho
from sources.duo.examens import read_examens
from sources.duo.intake import read_intake
from sources.duo.onecho import read_onecho
from sources.duo.onecho_generator import enrolment_fields, onecho_file, record
from sources.duo.onecho_layout import LAYOUTS
from sources.duo.prior_education import LAYOUT as VOPL_LAYOUT
from sources.duo.prior_education import prior_education
from tests.builders import deliver
from tests.support import SECRET
from tests.duo_files import CROHO, EXAMENS, INTAKE_2019, ONECHO_DOCS, REAL, duo_layout, newer_intake_csv

SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "default_croho.csv"


def _layout(fields) -> list[tuple[str, int, int]]:
    return [(f.name, f.start, f.length) for f in fields]


# ------------------------------------------------------------------------------ layouts are DUO's
@pytest.mark.parametrize("year, length", [(2023, 323), (2025, 332)])
def test_1cho_layouts_are_duos_documents(year, length):
    duo = duo_layout(ONECHO_DOCS[year])
    assert _layout(LAYOUTS[year]) == duo
    assert max(start + n - 1 for _, start, n in duo) == length


def test_croho_and_vooropleiding_layouts_are_duos_documents():
    assert _layout(CROHO_LAYOUT) == duo_layout(REAL / "1cho" / "Bestandsbeschrijving_Croho.txt")
    decode_tables = duo_layout(REAL / "1cho" / "Bestandsbeschrijving_Dec-bestanden.txt")
    at = decode_tables.index(("Code vooropleiding", 1, 5))
    assert decode_tables[at:at + 2] == _layout(VOPL_LAYOUT)


# ------------------------------------------------------------------------------ 1cHO, field by field
WRITTEN = {  # DUO field: value written into DUO's position
    "Persoonsgebonden nummer": "000012345678", "Inschrijvingsjaar": "2024", "Instellingscode": "21PB",
    "Actuele instelling": "21PC", "Opleidingscode": "04808", "Opleiding actueel equivalent": "34808",
    "Opleidingsvorm": "2", "Type hoger onderwijs binnen soort hoger onderwijs": "ba",
    "Indicatie actief op peildatum": "1", "Verblijfsjaar actuele opleiding-instelling": "03",
    "Datum inschrijving": "20240901", "Datum uitschrijving": "20250131", "Datum tekening diploma": "20250130",
    "Opleidingsfase actueel van het diploma": "A", "Hoogste vooropleiding": "00801",
    "Hoogste vooropleiding vóór het HO": "00405", "Diplomajaar van de hoogste vooropl. vóór het HO": "2019",
    "Instelling van de hoogste vooropl. vóór het HO": "00AH",
    "Vestigingsnummer van de hoogste vooropl. vóór het HO": "07",
}
READ = {  # feed column: what the parser must give for WRITTEN
    "student_key": "000012345678", "academic_year": "2024", "institution_code": "21PC",
    "registered_institution_code": "21PB", "programme_code": "34808", "registered_programme_code": "04808",
    "study_mode": "deeltijd", "degree_level": "bachelor", "active_on_peildatum": "true", "year_of_study": "03",
    "enrolled_on": "2024-09-01", "deregistered_on": "2025-01-31", "diploma_on": "2025-01-30",
    "prior_education": "hbo", "secondary_school_code": "00AH07", "secondary_track": "vwo",
    "secondary_exam_year": "2020",
}


def duo_record(year: int, values: dict[str, str]) -> str:
    """A record built from DUO's document alone: every field not given is filled with '#', so a
    slice one position off shows."""
    layout = duo_layout(ONECHO_DOCS[year])
    line = [" "] * max(start + n - 1 for _, start, n in layout)
    for name, start, n in layout:
        line[start - 1:start - 1 + n] = values.get(name, "#" * n).ljust(n)
    return "".join(line)


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_1cho_parser_reads_every_field_from_duos_position(year):
    data = (duo_record(year, WRITTEN) + "\r\n").encode("iso-8859-1")
    table = read_onecho(data, "asc")
    assert table.description.startswith(f"DUO 1cHO, {year} layout") and not table.broken
    row = dict(zip(table.header, table.rows[0]))
    for column, expected in READ.items():
        assert row[column] == expected, column
    assert set(row) == set(READ)


@pytest.mark.parametrize("written, column, expected", [
    ({"Opleidingsvorm": "1"}, "study_mode", "voltijd"),
    ({"Opleidingsvorm": "3"}, "study_mode", "duaal"),
    ({"Type hoger onderwijs binnen soort hoger onderwijs": "ad"}, "degree_level", "ad"),
    ({"Type hoger onderwijs binnen soort hoger onderwijs": "pm"}, "degree_level", "master"),
    ({"Indicatie actief op peildatum": "2"}, "active_on_peildatum", "false"),
    ({"Opleidingsfase actueel van het diploma": "D"}, "diploma_on", ""),            # a propedeuse is no exit
    ({"Datum uitschrijving": "00000000"}, "deregistered_on", ""),
    ({"Hoogste vooropleiding": "00000"}, "prior_education", "onbekend"),
    ({"Hoogste vooropleiding": "00502"}, "prior_education", "buitenland"),
    ({"Hoogste vooropleiding": "00200"}, "prior_education", "overig"),               # havo certificaat
    ({"Hoogste vooropleiding vóór het HO": "00301"}, "secondary_school_code", ""),    # mbo: no vo school
    ({"Diplomajaar van de hoogste vooropl. vóór het HO": "0000"}, "secondary_exam_year", ""),
    ({"Vestigingsnummer van de hoogste vooropl. vóór het HO": ""}, "secondary_school_code", ""),
])
def test_1cho_codes_in_contract_terms(written, column, expected):
    table = read_onecho(duo_record(2025, {**WRITTEN, **written}).encode("iso-8859-1"))
    assert dict(zip(table.header, table.rows[0]))[column] == expected


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_generator_writes_duos_positions(year):
    row = {"student_key": "000000000042", "institution_code": "30HB", "programme_code": "35221",
           "degree_level": "bachelor", "study_mode": "deeltijd", "prior_education": "havo", "academic_year": 2023,
           "year_of_study": 2, "enrolled_on": "2023-09-01", "exit_type": "diploma", "exit_date": "2024-06-28"}
    line = record(enrolment_fields(row, ("00AH00", "havo", 2022)), year)
    at = {name: (start, n) for name, start, n in duo_layout(ONECHO_DOCS[year])}
    field = {name: line[start - 1:start - 1 + n] for name, (start, n) in at.items()}
    assert len(line) == {2023: 323, 2025: 332}[year]
    assert field["Persoonsgebonden nummer"] == "000000000042" and field["Inschrijvingsjaar"] == "2023"
    assert field["Opleiding actueel equivalent"] == "35221" and field["Opleidingsvorm"] == "2"
    assert field["Datum tekening diploma"] == "20240628" and field["Opleidingsfase actueel van het diploma"] == "B"
    assert field["Diplomajaar"] == "2023"                 # October 2023 .. September 2024
    assert field["Hoogste vooropleiding vóór het HO"] == "00201"
    assert field["Instelling van de hoogste vooropl. vóór het HO"] == "00AH"
    assert field["Diplomajaar van de hoogste vooropl. vóór het HO"] == "2021"      # school year 2021/2022
    assert field["Verblijfsjaar actuele opleiding-instelling"] == "02"


def test_a_file_of_other_records_is_refused_and_odd_records_are_reported():
    with pytest.raises(Refused, match="not a 1cHO file"):
        read_onecho(b"student;jaar\n1;2023\n")
    with pytest.raises(Refused, match="binary"):
        read_onecho(b"\x00" * 400)
    good = duo_record(2023, WRITTEN)
    table = read_onecho((good + "\r\n" + good[:100] + "\r\n\r\n" + good + "X" * 20 + "\n").encode("iso-8859-1"))
    assert table.row_numbers == [1] and table.rows_received == 3
    assert table.broken == [(2, "record has 100 characters; the 2023 layout has 323"),
                            (3, "record has 343 characters; the 2023 layout has 323")]


def test_prior_education_comes_from_duos_decode_table():
    assert {c: prior_education(c) for c in ("00201", "00401", "00301", "00111", "00657", "01207", "00000")} == {
        "00201": "havo", "00401": "vwo", "00301": "mbo", "00111": "overig", "00657": "hbo", "01207": "wo",
        "00000": "onbekend"}
    assert prior_education("99999") == "99999"          # unknown to DUO's table: left for validation to reject


# ------------------------------------------------------------------------------ open data and CROHO
def test_exam_results_one_row_per_line_and_school_year():
    table = read_examens(EXAMENS.read_bytes())
    with open(EXAMENS, encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f, delimiter=";"))[1:]
    assert len(table.rows) == 5 * len(lines) and not table.broken
    assert sorted({r[table.header.index("exam_year")] for r in table.rows}) == ["2020", "2021", "2022", "2023", "2024"]
    first = dict(zip(table.header, table.rows[0]))
    assert first == {"school_code": "00AH00", "institution_code": "00AH", "school_name": "Het Stedelijk Kottenpark",
                     "municipality": "ENSCHEDE", "track": "HAVO", "programme_name": "HAVO - N&T", "exam_year": "2020",
                     "candidates": "6", "candidates_below_5": "false", "graduates": "6", "graduates_below_5": "false"}


def test_any_school_years_are_taken_and_a_missing_column_refuses():
    header = ('"INSTELLINGSCODE";"VESTIGINGSCODE";"INSTELLINGSNAAM VESTIGING";"GEMEENTENAAM";"ONDERWIJSTYPE VO";'
              '"OPLEIDINGSNAAM";"EXAMENKANDIDATEN SCHOOLJAAR 2024-2025 - TOTAAL";"GESLAAGDEN SCHOOLJAAR 2024-2025 - TOTAAL"')
    data = (header + '\r\n"00AH";"00AH00";"X";"ENSCHEDE";"VWO";"VWO - N&T";"12";"<5"\r\n').encode()
    table = read_examens(data)
    assert table.rows == [["00AH00", "00AH", "X", "ENSCHEDE", "VWO", "VWO - N&T", "2025", "12", "false", "", "true"]]
    with pytest.raises(Refused, match="missing DUO column 'VESTIGINGSCODE'"):
        read_examens(data.replace(b"VESTIGINGSCODE", b"VESTIGING"))
    with pytest.raises(Refused, match="year 2025: missing the graduates column"):
        read_examens(data.replace(b"GESLAAGDEN SCHOOLJAAR", b"GESLAAGD SCHOOLJAAR"))


def test_intake_in_the_older_and_the_newer_header_reads_to_the_same_columns():
    older = read_intake(INTAKE_2019[0].read_bytes())
    newer = read_intake(newer_intake_csv())
    assert older.header == newer.header
    assert {r[older.header.index("academic_year")] for r in older.rows} == {"2015", "2016", "2017", "2018", "2019"}
    assert {r[newer.header.index("academic_year")] for r in newer.rows} == {"2020", "2021", "2022", "2023", "2024"}
    assert {r[older.header.index("study_mode")] for r in older.rows} == {"voltijd", "deeltijd", "duaal"}
    assert any(r[newer.header.index("first_year_enrolments_below_5")] == "true" for r in newer.rows)


def test_croho_is_read_whole_and_the_shipped_default_is_duos_table():
    table = read_croho(CROHO.read_bytes())
    assert len(table.rows) == 9358 and not table.broken
    with open(SEED, newline="", encoding="utf-8") as f:
        seed = list(csv.reader(f))
    assert seed[0] == table.header
    assert seed[1:] == table.rows, "regenerate: python -m sources.duo.croho tests/data/duo/1cho/Croho.asc"


# ------------------------------------------------------------------------------ through ingest
def _ingest(home: Path):
    return ingest_inbox(home / "inbox", home / "warehouse.duckdb", SECRET.encode())


def test_duo_files_load_under_any_name_with_every_row_accounted_for(home):
    good = duo_record(2025, WRITTEN)
    bad_date = duo_record(2025, {**WRITTEN, "Persoonsgebonden nummer": "000000000002", "Datum inschrijving": "20240231"})
    deliver(home / "inbox", "duo_1cho", "1cyferho 2025 (Hogeschool).asc",
            (good + "\r\n" + bad_date + "\r\n" + good[:200] + "\r\n").encode("iso-8859-1"))
    deliver(home / "inbox", "duo_examens", "examens.csv", EXAMENS.read_bytes())
    deliver(home / "inbox", "croho", "Croho.asc", CROHO.read_bytes())
    result = _ingest(home)
    by_feed = {d.feed: d for d in result.deliveries}
    assert {f: (d.status, d.rows_received, d.rows_loaded, d.rows_rejected) for f, d in by_feed.items()} == {
        "duo_1cho": ("loaded", 3, 1, 2), "duo_examens": ("loaded", 63910, 63910, 0), "croho": ("loaded", 9358, 9358, 0)}
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select delivery_key from ingest.deliveries where feed = 'duo_1cho'").fetchone()[0] == \
            "duo_1cho/1cyferho 2025 (Hogeschool).asc"
        reasons = [r for _, r in con.execute("select row_number, reason from ingest.rejections order by 1").fetchall()]
        assert reasons == ["enrolled_on: not a date (YYYY-MM-DD or DD-MM-YYYY)",
                           "record has 200 characters; the 2025 layout has 332"]
        key, year = con.execute("select student_key, year_of_study from raw.duo_1cho").fetchone()
        assert key == pseudonym(SECRET.encode(), "000012345678") and year == 3
    finally:
        con.close()


def test_a_changed_file_of_the_same_name_replaces_the_earlier(home):
    deliver(home / "inbox", "duo_intake", "eerstejaars.csv", INTAKE_2019[1].read_bytes())
    _ingest(home)
    deliver(home / "inbox", "duo_intake", "eerstejaars.csv", INTAKE_2019[0].read_bytes())
    [d] = _ingest(home).deliveries
    assert d.status == "loaded" and "replaces eerstejaars.csv" in d.message
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from raw.duo_intake").fetchone()[0] == d.rows_loaded == 19075
    finally:
        con.close()


SMALL = {
    "duo_examens": b"".join(EXAMENS.read_bytes().splitlines(keepends=True)[:3]),
    "duo_intake": b"".join(INTAKE_2019[0].read_bytes().splitlines(keepends=True)[:3]),
    "croho": b"".join(CROHO.read_bytes().splitlines(keepends=True)[:3]),
    "duo_1cho": onecho_file([enrolment_fields({
        "student_key": "1", "institution_code": "30HB", "programme_code": "34808", "degree_level": "bachelor",
        "study_mode": "voltijd", "prior_education": "havo", "academic_year": 2023, "year_of_study": 1,
        "enrolled_on": "2023-09-01"})] * 2, 2023),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SMALL)), st.data())
def test_hostile_duo_files_never_crash_ingest(feed, data):
    content = bytearray(SMALL[feed])
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(st.sampled_from(["truncate", "insert", "garbage", "nul", "long_line", "empty"]))
        if kind == "truncate":
            content = content[:data.draw(st.integers(0, len(content)))]
        elif kind == "insert":
            at = data.draw(st.integers(0, len(content)))
            content[at:at] = data.draw(st.binary(min_size=1, max_size=40))
        elif kind == "garbage":
            content = bytearray(data.draw(st.binary(min_size=1, max_size=600)))
        elif kind == "nul":
            content += b"\x00"
        elif kind == "long_line":
            content += b"9" * 500 + b"\r\n"
        else:
            content = bytearray()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        deliver(home / "inbox", feed, "bestand.asc", bytes(content))
        [d] = _ingest(home).deliveries
        assert d.status in ("loaded", "refused") and d.rows_received == d.rows_loaded + d.rows_rejected
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
        try:
            assert con.execute(f"select count(*) from raw.{feed}").fetchone()[0] == (
                d.rows_loaded if d.status == "loaded" else 0)
            assert con.execute("select count(*) from ingest.rejections").fetchone()[0] == d.rows_rejected
        finally:
            con.close()


def test_the_outflow_margin_and_the_warehouse_of_a_home_reach_dbt_as_arguments(tmp_path):
    home = Home(tmp_path)
    where = ["build", "--exclude-resource-type", "unit_test", "--log-path", str(tmp_path / "logs" / "dbt"), "--vars"]
    assert build_args(home, Settings()) == where + [json.dumps({"warehouse": str(home.warehouse)})]
    assert build_args(home, Settings.model_validate({"duo": {"outflow_margin": 0.25}})) == \
        where + [json.dumps({"warehouse": str(home.warehouse), "outflow_vs_duo_margin": 0.25})]
