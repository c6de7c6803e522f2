"""Small, explicit deliveries for tests: one valid row per feed, and a writer that produces the
contract's CSV variants (delimiter, encoding, BOM, Dutch decimals and dates) and XLSX."""
from __future__ import annotations

import csv
import io
from pathlib import Path

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
