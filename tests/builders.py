"""Small, explicit deliveries for tests: one valid row per feed, and a writer that produces the
contract's CSV variants (delimiter, encoding, BOM, Dutch decimals and dates) and XLSX."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import strategies as st

VALID = {
    "enrolments": {"student_key": "S-0001", "institution_code": "30HB", "programme_code": "34808",
                   "programme_type": "pabo", "degree_level": "bachelor", "study_mode": "voltijd", "route": "regulier",
                   "prior_education": "havo", "subject": "", "academic_year": "2023", "year_of_study": "1",
                   "partnership_code": "SOP-A", "enrolled_on": "2023-09-01", "exit_date": "", "exit_type": ""},
    "placements": {"request_id": "R1", "student_key": "S-0001", "institution_code": "30HB",
                   "partnership_code": "SOP-A", "academic_year": "2023", "sector": "po", "subject": "",
                   "status": "geplaatst", "school_code": "10AA00", "supervisor_key": "B-77",
                   "supervision_model": "duo", "start_date": "2023-09-04", "end_date": "2024-01-31",
                   "hours_per_week": "16.5"},
    "capacity": {"school_code": "10AA00", "academic_year": "2023", "sector": "po", "subject": "",
                 "places_offered": "4", "supervisors": "3", "supervision_fte_available": "0.2",
                 "schoolopleider_fte": "0.4"},
    "costs": {"school_code": "10AA00", "partnership_code": "", "academic_year": "2023",
              "cost_category": "werkplekbegeleiding", "hours": "120.5", "amount_eur": ""},
    "funding": {"partnership_code": "SOP-A", "academic_year": "2023", "funding_source": "onderwijsregio_subsidie",
                "amount_eur": "12500"},
    "vo_outflow": {"school_code": "10AB00", "exam_year": "2023", "track": "havo", "graduates": "80",
                   "entered_teacher_training": "6"},
}


def row(feed: str, **overrides) -> dict:
    return {**VALID[feed], **{k: str(v) for k, v in overrides.items()}}


def csv_bytes(rows: list[dict], delimiter: str = ",", encoding: str = "utf-8", bom: bool = False,
              dutch: bool = False, header: list[str] | None = None) -> bytes:
    """CSV of `rows`; `dutch` writes decimal commas and DD-MM-YYYY dates as Dutch spreadsheets do."""
    cols = header or list(rows[0])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if dutch else "\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_dutch(r.get(c, "")) if dutch else r.get(c, "") for c in cols])
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _dutch(value: str) -> str:
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}-{value[5:7]}-{value[:4]}"
    if value.replace(".", "", 1).isdigit() and "." in value:
        return value.replace(".", ",")
    return value


def xlsx_bytes(rows: list[dict]) -> bytes:
    import xlsxwriter
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    cols = list(rows[0])
    ws.write_row(0, 0, cols)
    for i, r in enumerate(rows, start=1):
        for j, c in enumerate(cols):
            v = r[c]
            if v.replace(".", "", 1).isdigit():
                ws.write_number(i, j, float(v))
            elif v:
                ws.write_string(i, j, v)
    wb.close()
    return buf.getvalue()


def deliver(inbox: Path, feed: str, name: str, data: bytes) -> Path:
    path = inbox / feed / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- the hostile-file corpus (tests/test_hostile_files.py, and `check` against ingest in tests/test_check.py) ---

SENDERS = {"enrolments": "30HB", "placements": "SOP-A", "capacity": "10AA00", "costs": "10AA00",
           "funding": "SOP-A", "vo_outflow": "OR-X"}
VALID_FILES = {feed: csv_bytes([row(feed), row(feed)]) for feed in SENDERS}


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A feed and a delivery derived from a valid file by one or more hostile mutations."""
    feed = draw(st.sampled_from(sorted(SENDERS)))
    data = bytearray(VALID_FILES[feed])
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
