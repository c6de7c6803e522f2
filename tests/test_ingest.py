"""Ingest against a real DuckDB warehouse: every row loaded or rejected with its reason,
corrections replace, duplicates are no-ops, person keys never stored raw."""
from __future__ import annotations

import os

import duckdb
import polars as pl
import pytest

from orchestration.ingest.pseudonymise import pseudonym
from orchestration.ingest.run import ingest_inbox
from tests.builders import csv_bytes, deliver, row, xlsx_bytes
from tests.support import SECRET
from validations.feeds import FEEDS


def ingest(home):
    return ingest_inbox(home / "inbox", home / "warehouse.duckdb", SECRET.encode())


def query(home, sql, params=None):
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def rejections(home, feed):
    return query(home, "select row_number, reason from ingest.rejections where feed = ? order by row_number", [feed])


# --------------------------------------------------------------------------- row rules per feed

BAD = [  # feed, overrides, the reason that must be given
    ("enrolments", {"study_mode": "fulltime"}, "study_mode: must be one of voltijd, deeltijd, duaal"),
    ("enrolments", {"year_of_study": "0"}, "year_of_study: must be between 1 and 10"),
    ("enrolments", {"student_key": ""}, "student_key: is required"),
    ("enrolments", {"student_key": "x" * 65}, "student_key: must be 1 to 64 characters long"),
    ("enrolments", {"institution_code": "30hb1"}, "institution_code: must be a BRIN code"),
    ("enrolments", {"programme_code": "3480"}, "programme_code: must be a 5-digit CROHO code"),
    ("enrolments", {"academic_year": "twintig"}, "academic_year: not a whole number"),
    ("enrolments", {"enrolled_on": "2023-02-30"}, "enrolled_on: not a date"),
    ("enrolments", {"enrolled_on": "2024-10-02"}, "enrolled_on: must not be after 1 October of academic_year + 1"),
    ("enrolments", {"exit_date": "2024-06-28"}, "exit_type: required when exit_date is given"),
    ("enrolments", {"exit_type": "diploma"}, "exit_type: required when exit_date is given"),
    ("placements", {"school_code": ""}, "school_code: required when status is geplaatst"),
    ("placements", {"status": "niet_geplaatst"}, "school_code: required when status is geplaatst, and only then"),
    ("placements", {"end_date": "2023-09-01"}, "end_date: must not be before start_date"),
    ("placements", {"hours_per_week": "41"}, "hours_per_week: must be between 0 and 40"),
    ("placements", {"supervision_model": "trio"}, "supervision_model: must be one of individueel, duo, team"),
    ("capacity", {"places_offered": "-3"}, "places_offered: must be between 0 and 100000"),
    ("capacity", {"supervision_fte_available": "1.234,5"}, "supervision_fte_available: not a number"),
    ("costs", {"hours": "", "amount_eur": ""}, "hours/amount_eur: one of the two is required"),
    ("costs", {"school_code": "", "partnership_code": ""}, "school_code/partnership_code: one of the two is required"),
    ("costs", {"cost_category": "koffie"}, "cost_category: must be one of"),
    ("funding", {"amount_eur": "-1"}, "amount_eur: must be between 0 and 100000000"),
    ("vo_outflow", {"graduates": "5", "entered_teacher_training": "9"},
     "entered_teacher_training: must not exceed graduates"),
    ("vo_outflow", {"track": "vmbo"}, "track: must be one of havo, vwo"),
]


@pytest.mark.parametrize("feed, overrides, reason", BAD, ids=[f"{f}-{r.split(':')[0]}" for f, _, r in BAD])
def test_a_row_breaking_a_rule_is_rejected_with_column_and_rule(home, feed, overrides, reason):
    sender = "30HB" if feed == "enrolments" else "SOP-A"     # a partnership's school rows are checked in dbt
    good = row(feed)
    if feed == "placements":
        good2 = row(feed, request_id="R2", student_key="S-0002")
    elif feed == "enrolments":
        good2 = row(feed, student_key="S-0002")
    else:
        good2 = row(feed, **({"school_code": "10AC00"} if "school_code" in good else {"academic_year": "2023"}))
    bad = {**good2, **overrides}
    deliver(home / "inbox", feed, f"{sender}_2023.csv", csv_bytes([good, bad]))
    result = ingest(home)
    d = result.deliveries[0]
    assert (d.status, d.rows_received, d.rows_loaded, d.rows_rejected) == ("loaded", 2, 1, 1)
    [(number, got)] = rejections(home, feed)
    assert number == 2
    assert reason in got
    assert query(home, f"select count(*) from raw.{feed}")[0][0] == 1


def test_valid_rows_of_every_feed_load_with_types_and_lineage(home):
    for feed, sender in [("enrolments", "30HB"), ("placements", "SOP-A"), ("capacity", "10AA00"),
                         ("costs", "10AA00"), ("funding", "SOP-A"), ("vo_outflow", "OR-X")]:
        deliver(home / "inbox", feed, f"{sender}_2023.csv", csv_bytes([row(feed)]))
    result = ingest(home)
    assert all(d.status == "loaded" and d.rows_loaded == 1 for d in result.deliveries)
    [(enrolled_on, year, file_name, row_number, sha)] = query(
        home, "select enrolled_on, academic_year, _file_name, _row_number, _file_sha256 from raw.enrolments")
    assert str(enrolled_on) == "2023-09-01" and year == 2023
    assert (file_name, row_number, len(sha)) == ("30HB_2023.csv", 1, 64)
    [(hours, model)] = query(home, "select hours_per_week, supervision_model from raw.placements")
    assert hours == 16.5 and model == "duo"


def test_dutch_style_file_windows_1252_semicolon_decimal_comma_dutch_dates(home):
    rows = [row("placements", hours_per_week="16.5", start_date="2023-09-04", end_date="2024-01-31")]
    deliver(home / "inbox", "placements", "SOP-A_2023.csv",
            csv_bytes(rows, delimiter=";", encoding="cp1252", dutch=True))
    ingest(home)
    [(hours, start, end)] = query(home, "select hours_per_week, start_date, end_date from raw.placements")
    assert hours == 16.5 and str(start) == "2023-09-04" and str(end) == "2024-01-31"


def test_xlsx_delivery_loads_like_csv(home):
    deliver(home / "inbox", "capacity", "10AA00_2023.xlsx", xlsx_bytes([row("capacity")]))
    [d] = ingest(home).deliveries
    assert (d.status, d.rows_loaded) == ("loaded", 1)
    assert query(home, "select places_offered, supervision_fte_available from raw.capacity") == [(4, 0.2)]


def test_headers_match_case_insensitively_after_trimming_and_unknown_columns_are_reported(home):
    good = row("funding")
    header = [" Partnership_Code ", "ACADEMIC_YEAR", "funding_source", "Amount_EUR", "opmerking"]
    data = csv_bytes([{**dict(zip(header, good.values())), "opmerking": "x"}], header=header)
    deliver(home / "inbox", "funding", "SOP-A_2023.csv", data)
    [d] = ingest(home).deliveries
    assert d.status == "loaded" and d.rows_loaded == 1
    assert d.ignored_columns == ["opmerking"] and "opmerking" in d.message


def test_a_missing_required_column_refuses_the_file_naming_the_column(home):
    good = row("enrolments")
    del good["study_mode"]
    deliver(home / "inbox", "enrolments", "30HB_2023.csv", csv_bytes([good, good]))
    [d] = ingest(home).deliveries
    assert d.status == "refused" and "missing required column 'study_mode'" in d.message
    assert (d.rows_received, d.rows_loaded, d.rows_rejected) == (2, 0, 2)
    assert [r[1] for r in rejections(home, "enrolments")] == ["file refused: " + d.message] * 2


def test_a_duplicate_key_within_a_delivery_keeps_the_first_copy(home):
    first = row("enrolments")
    deliver(home / "inbox", "enrolments", "30HB_2023.csv",
            csv_bytes([first, row("enrolments", student_key="S-0002"), first]))
    [d] = ingest(home).deliveries
    assert (d.rows_loaded, d.rows_rejected) == (2, 1)
    assert rejections(home, "enrolments") == [
        (3, "duplicate key (student_key, programme_code, academic_year): first given in row 1")]


def test_a_corrected_file_replaces_the_earlier_delivery_of_its_key(home):
    inbox = home / "inbox"
    deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding", amount_eur="100")]))
    ingest(home)
    path = deliver(inbox, "funding", "SOP-A_2023_correctie.csv",
                   csv_bytes([row("funding", amount_eur="200"), row("funding", funding_source="lumpsum")]))
    os.utime(path, (path.stat().st_atime + 10, path.stat().st_mtime + 10))
    [d] = ingest(home).deliveries
    assert d.status == "loaded" and "replaces SOP-A_2023.csv" in d.message
    assert query(home, "select amount_eur from raw.funding order by amount_eur") == [(200.0,), (12500.0,)]
    assert query(home, "select file_name, status, replaced_by from ingest.deliveries order by delivery_id") == [
        ("SOP-A_2023.csv", "replaced", d.delivery_id), ("SOP-A_2023_correctie.csv", "loaded", None)]


def test_the_same_file_changed_in_place_replaces_itself(home):
    inbox = home / "inbox"
    path = deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding", amount_eur="100")]))
    ingest(home)
    path.write_bytes(csv_bytes([row("funding", amount_eur="300")]))
    ingest(home)
    assert query(home, "select amount_eur from raw.funding") == [(300.0,)]
    assert [s for s, in query(home, "select status from ingest.deliveries order by delivery_id")] == \
        ["replaced", "loaded"]


def test_identical_bytes_are_a_no_op(home):
    inbox = home / "inbox"
    data = csv_bytes([row("funding")])
    deliver(inbox, "funding", "SOP-A_2023.csv", data)
    ingest(home)
    assert ingest(home).deliveries == []              # the same file seen again: nothing new
    deliver(inbox, "funding", "SOP-A_2023_kopie.csv", data)
    [d] = ingest(home).deliveries
    assert d.status == "duplicate" and (d.rows_received, d.rows_loaded, d.rows_rejected) == (1, 1, 0)
    assert query(home, "select count(*) from raw.funding") == [(1,)]


def test_two_versions_in_one_pass_the_later_wins(home):
    inbox = home / "inbox"
    a = deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding", amount_eur="1")]))
    b = deliver(inbox, "funding", "SOP-A_2023_v2.csv", csv_bytes([row("funding", amount_eur="2")]))
    os.utime(a, (1_000_000_000, 1_000_000_000))
    os.utime(b, (1_000_000_100, 1_000_000_100))
    deliveries = ingest(home).deliveries
    assert [(d.file_name, d.status) for d in deliveries] == [("SOP-A_2023.csv", "replaced"),
                                                             ("SOP-A_2023_v2.csv", "loaded")]
    assert query(home, "select amount_eur from raw.funding") == [(2.0,)]


def test_refused_files_are_recorded_once(home):
    inbox = home / "inbox"
    deliver(inbox, "onbekend", "X_2023.csv", b"a\n1\n")
    (inbox / "losse_file.csv").write_bytes(b"a\n1\n")
    deliver(inbox, "funding", "SOP-A_2023.csv", b"")
    first = ingest(home).deliveries
    assert sorted(d.status for d in first) == ["refused"] * 3
    assert {d.file_name: d.message for d in first}["SOP-A_2023.csv"] == "empty file (0 bytes)"
    assert ingest(home).deliveries == []


def test_a_symbolic_link_is_refused_and_not_followed(home, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_bytes(csv_bytes([row("funding")]))
    (home / "inbox" / "funding").mkdir()
    (home / "inbox" / "funding" / "SOP-A_2023.csv").symlink_to(outside)
    [d] = ingest(home).deliveries
    assert d.status == "refused" and "symbolic link" in d.message
    assert query(home, "select count(*) from raw.funding") == [(0,)]


def test_rows_received_equals_loaded_plus_rejected_for_every_file(home):
    inbox = home / "inbox"
    deliver(inbox, "enrolments", "30HB_2023.csv", csv_bytes([row("enrolments"), row("enrolments", study_mode="x")])
            + b"S9,30HB\n")
    deliver(inbox, "capacity", "10AA00_2023.csv", csv_bytes([row("capacity", places_offered="-1")]))
    ingest(home)
    for received, loaded, rejected in query(home, "select rows_received, rows_loaded, rows_rejected "
                                                  "from ingest.deliveries"):
        assert received == loaded + rejected
    assert query(home, "select sum(rows_rejected) from ingest.deliveries") == \
        query(home, "select count(*) from ingest.rejections")


def test_person_keys_are_pseudonymised_and_never_stored_raw(home):
    raw_student, raw_supervisor = "PLANTED-STUDENT-93817", "PLANTED-SUPERVISOR-55120"
    inbox = home / "inbox"
    deliver(inbox, "enrolments", "30HB_2023.csv", csv_bytes([row("enrolments", student_key=raw_student),
                                                             row("enrolments", student_key=raw_student,
                                                                 study_mode="bad")]))
    deliver(inbox, "placements", "SOP-A_2023.csv",
            csv_bytes([row("placements", student_key=raw_student, supervisor_key=raw_supervisor)]))
    ingest(home)
    expected = pseudonym(SECRET.encode(), raw_student)
    assert query(home, "select distinct student_key from raw.enrolments") == [(expected,)]
    assert query(home, "select student_key, supervisor_key from raw.placements") == [
        (expected, pseudonym(SECRET.encode(), raw_supervisor))]
    for path in home.rglob("*"):
        if path.is_file() and path.parent.name not in ("enrolments", "placements"):   # the inbox holds them
            content = path.read_bytes()
            assert raw_student.encode() not in content and raw_supervisor.encode() not in content, path


# --------------------------------------------------------------------------- who may deliver what

def _example(feed: str, **overrides) -> dict:
    """A row of the feed made of its model's examples (docs/feeds.md shows the same row)."""
    return {**{c.name: c.example for c in FEEDS[feed].columns}, **{k: str(v) for k, v in overrides.items()}}


OUTSIDE = [  # feed, sender, the row's codes, the reason: what the row and the sender show by themselves
    ("enrolments", "30HB", {"institution_code": "31HB"}, "sender 30HB may not deliver institution 31HB"),
    ("placements", "SOP-A", {"partnership_code": "SOP-B"}, "sender SOP-A may not deliver partnership SOP-B"),
    ("capacity", "10AA00", {"school_code": "10AC00"}, "sender 10AA00 may not deliver school 10AC00"),
    ("costs", "10AA00", {"school_code": "10AC00"}, "sender 10AA00 may not deliver school 10AC00"),
    ("costs", "10AA00", {"school_code": "", "partnership_code": "SOP-A"},
     "sender 10AA00 may not deliver costs of partnership SOP-A"),
    ("costs", "SOP-A", {"school_code": "", "partnership_code": "SOP-B"}, "sender SOP-A may not deliver partnership SOP-B"),
    ("vo_outflow", "10AA00", {"school_code": "10AB00"}, "sender 10AA00 may not deliver school 10AB00"),
    ("regions", "OR-B", {"region_code": "OR-RIJNMOND"}, "sender OR-B may not deliver region OR-RIJNMOND"),
    ("partnerships", "OR-B", {"partnership_code": "SOP-RM-02", "region_code": "OR-RIJNMOND"},
     "sender OR-B may not deliver partnership SOP-RM-02 of region OR-RIJNMOND"),
    ("schools", "OR-B", {"school_code": "12AB00", "region_code": "OR-RIJNMOND"},
     "sender OR-B may not deliver school 12AB00 of region OR-RIJNMOND"),
    ("norms", "OR-B", {}, "sender OR-B may not deliver norms: it is a national list, delivered by NL"),
    ("institutions", "OR-B", {}, "sender OR-B may not deliver institutions: it is a national list, delivered by NL"),
    ("subjects", "OR-B", {}, "sender OR-B may not deliver subjects: it is a national list, delivered by NL"),
]


@pytest.mark.parametrize("feed, sender, codes, reason", OUTSIDE, ids=[f"{f}-{s}" for f, s, *_ in OUTSIDE])
def test_a_row_outside_its_senders_authority_is_rejected_naming_sender_and_code(home, feed, sender, codes, reason):
    deliver(home / "inbox", feed, f"{sender}_2023.csv", csv_bytes([_example(feed, **codes)]))
    [d] = ingest(home).deliveries
    assert (d.status, d.rows_received, d.rows_loaded, d.rows_rejected) == ("loaded", 1, 0, 1)
    assert rejections(home, feed) == [(1, reason)]
    assert query(home, f"select count(*) from raw.{feed}") == [(0,)]


def test_own_rows_and_the_national_lists_load(home):
    inbox = home / "inbox"
    deliver(inbox, "capacity", "10AA00_2023.csv", csv_bytes([_example("capacity", school_code="10AA00")]))
    deliver(inbox, "costs", "SOP-A_2023.csv", csv_bytes([_example("costs", school_code="10AA00", partnership_code=""),
                                                         _example("costs", school_code="", partnership_code="SOP-A")]))
    deliver(inbox, "regions", "OR-B_2023.csv", csv_bytes([_example("regions", region_code="OR-B")]))
    deliver(inbox, "partnerships", "OR-B_2023.csv", csv_bytes([_example("partnerships", region_code="OR-B")]))
    for feed in ("regions", "partnerships", "schools", "institutions", "subjects", "norms", "kpi_targets"):
        deliver(inbox, feed, "NL_2023.csv", csv_bytes([_example(feed)]))     # NL: any region's rows
    deliveries = ingest(home).deliveries
    assert [(d.file_name, d.rows_rejected) for d in deliveries if d.rows_rejected] == []
    assert all(d.status == "loaded" and d.rows_loaded == d.rows_received for d in deliveries)


@pytest.mark.parametrize("feed, column", [("regions", "region_name"), ("partnerships", "partnership_name"),
                                          ("schools", "school_name"), ("institutions", "institution_name")])
def test_a_name_that_is_a_fixed_value_of_the_contract_is_rejected(home, feed, column):
    rows = [_example(feed, **{column: value}) for value in (" Voltijd", "po", "Geplaatst ook")]
    for i, r in enumerate(rows):                   # distinct codes, so only the names can be wrong
        code = next(c.name for c in FEEDS[feed].columns if c.name.endswith("_code"))
        r[code] = {"regions": f"OR-{i}X", "partnerships": f"SOP-{i}X", "schools": f"12AB0{i}",
                   "institutions": f"2{i}PB"}[feed]
    deliver(home / "inbox", feed, "NL_2023.csv", csv_bytes(rows))
    ingest(home)
    assert rejections(home, feed) == [(n, f"{column}: must not be a fixed value of the contract (such as voltijd)")
                                      for n in (1, 2)]


# --------------------------------------------------------------------------- numbers

SENDERS = {"enrolments": "21PB", "placements": "SOP-RM-02", "capacity": "12AB00", "costs": "12AB00",
           "funding": "SOP-RM-02", "vo_outflow": "12AB00"}
NUMERIC = [(f.name, c.name) for f in FEEDS.values() if not f.own_layout for c in f.columns if c.kind in ("int", "decimal")]


@pytest.mark.parametrize("feed, column", NUMERIC, ids=[f"{f}.{c}" for f, c in NUMERIC])
def test_non_finite_and_absurd_numbers_are_rejected_in_every_numeric_column(home, feed, column):
    """`1` followed by 400 zeros parses as infinity, which passed `>= 0`; 10^15 is finite but absurd
    for every number the contract has (euros, hours, fte, places, counts, years, norms)."""
    huge, absurd = "1" + "0" * 400, "1" + "0" * 15
    rows = [_example(feed, **{column: huge}), _example(feed, **{column: absurd}), _example(feed, **{column: "-0,5"})]
    deliver(home / "inbox", feed, f"{SENDERS.get(feed, 'NL')}_2023.csv", csv_bytes(rows))
    d, = ingest(home).deliveries
    assert (d.rows_received, d.rows_loaded, d.rows_rejected) == (3, 0, 3)
    reasons = dict(rejections(home, feed))
    kind = "not a whole number" if FEEDS[feed].polars_schema[column] == pl.Int64 else "not a number"
    assert reasons[1].startswith(f"{column}: {kind}")
    assert f"{column}: must be between" in reasons[2]
    assert column in reasons[3]
