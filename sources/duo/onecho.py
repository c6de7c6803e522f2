"""An institution's 1cHO extract (DUO's per-student enrolment file, fixed width, ISO-8859-1) as the
`duo_1cho` feed: one row per 1cHO record, in contract terms where DUO's codes translate without
reference data (study mode, degree, dates, final diploma, prior education via DUO's decode table,
the secondary school a student came from). Which records become `enrolments` rows, their
programme type (CROHO) and partnership (placements) are decided in dbt (stg_duo_1cho_enrolments),
because they need other deliveries.

Every record is a row, whatever its year or programme: the file is accounted for in full, and
records outside the contract's scope (before 2000, not teacher training, not active on
1 October) simply yield no enrolment."""
from __future__ import annotations

from sources.files.naming import Refused
from sources.files.readers import TextTable
from sources.duo import fixed_width
from sources.duo.onecho_layout import LAYOUTS, LENGTHS
from sources.duo.prior_education import prior_education

STUDY_MODES = {"1": "voltijd", "2": "deeltijd", "3": "duaal"}                       # Opleidingsvorm
DEGREES = {"ad": "ad", "ba": "bachelor", "ma": "master", "pm": "master", "on": "master", "pi": "master",
           "xx": "geen"}                                 # Type hoger onderwijs binnen soort hoger onderwijs
FINAL_DIPLOMA_PHASES = {"A", "B", "M", "I"}    # ad, bachelor, master, initial; not propedeuse (D, P) and others
TRACKS = {"havo", "vwo"}
NO_DATE = {"", "00000000"}

F = {  # the 1cHO fields read, by DUO's name (identical positions in both layouts)
    "person": "Persoonsgebonden nummer",
    "year": "Inschrijvingsjaar",
    "institution": "Instellingscode",
    "current_institution": "Actuele instelling",
    "programme": "Opleidingscode",
    "current_programme": "Opleiding actueel equivalent",
    "mode": "Opleidingsvorm",
    "type": "Type hoger onderwijs binnen soort hoger onderwijs",
    "active": "Indicatie actief op peildatum",
    "years_here": "Verblijfsjaar actuele opleiding-instelling",
    "enrolled": "Datum inschrijving",
    "deregistered": "Datum uitschrijving",
    "diploma_date": "Datum tekening diploma",
    "diploma_phase": "Opleidingsfase actueel van het diploma",
    "prior": "Hoogste vooropleiding",
    "secondary": "Hoogste vooropleiding vóór het HO",
    "secondary_year": "Diplomajaar van de hoogste vooropl. vóór het HO",
    "secondary_brin": "Instelling van de hoogste vooropl. vóór het HO",
    "secondary_location": "Vestigingsnummer van de hoogste vooropl. vóór het HO",
}
READ = tuple(f for f in LAYOUTS[2023] if f.name in F.values())
SHORTEST = max(f.end for f in READ)          # a record must reach every field read


def _date(text: str) -> str:
    """EEJJMMDD -> YYYY-MM-DD; 00000000 or blank is no date. An impossible date is passed on so that
    typing rejects it."""
    return "" if text in NO_DATE else f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _secondary(fields: dict[str, str]) -> tuple[str, str, str]:
    """School code (BRIN + location), track and exam year of a havo or vwo diploma before higher
    education. DUO's diploma year Y is school year Y/Y+1, so the exam year is Y + 1."""
    track = prior_education(fields[F["secondary"]])
    if track not in TRACKS:
        return "", "", ""
    brin, location, year = fields[F["secondary_brin"]], fields[F["secondary_location"]], fields[F["secondary_year"]]
    school = brin + location if brin and location else ""
    exam_year = str(int(year) + 1) if year.isascii() and year.isdigit() and int(year) > 0 else ""
    return school, track, exam_year


COLUMNS = ["student_key", "academic_year", "institution_code", "registered_institution_code", "programme_code",
           "registered_programme_code", "study_mode", "degree_level", "active_on_peildatum", "year_of_study",
           "enrolled_on", "deregistered_on", "diploma_on", "prior_education", "secondary_school_code",
           "secondary_track", "secondary_exam_year"]


def to_row(fields: dict[str, str]) -> list[str]:
    """One record's fields (DUO names) as a row of the feed's columns."""
    final = fields[F["diploma_phase"]] in FINAL_DIPLOMA_PHASES
    school, track, exam_year = _secondary(fields)
    row = {
        "student_key": fields[F["person"]],
        "academic_year": fields[F["year"]],
        "institution_code": fields[F["current_institution"]],
        "registered_institution_code": fields[F["institution"]],
        "programme_code": fields[F["current_programme"]],
        "registered_programme_code": fields[F["programme"]],
        "study_mode": STUDY_MODES.get(fields[F["mode"]], fields[F["mode"]]),
        "degree_level": DEGREES.get(fields[F["type"]], fields[F["type"]]),
        "active_on_peildatum": "true" if fields[F["active"]] == "1" else "false",
        "year_of_study": fields[F["years_here"]],
        "enrolled_on": _date(fields[F["enrolled"]]),
        "deregistered_on": _date(fields[F["deregistered"]]),
        "diploma_on": _date(fields[F["diploma_date"]]) if final else "",
        "prior_education": prior_education(fields[F["prior"]]),
        "secondary_school_code": school,
        "secondary_track": track,
        "secondary_exam_year": exam_year,
    }
    return [row[c] for c in COLUMNS]


def layout_year(lengths: list[int]) -> int:
    """The layout of a file from its record lengths. Trailing spaces may be cut, so records of up to
    323 characters are read as 2023; the two layouts agree on every field read, so the choice only
    decides how long a record may be."""
    fitting = [n for n in lengths if SHORTEST <= n <= LENGTHS[2025]]
    if not fitting:
        raise Refused(f"not a 1cHO file: no record of {SHORTEST}-{LENGTHS[2025]} characters; DUO's layouts "
                      f"have {LENGTHS[2023]} (2023) or {LENGTHS[2025]} (2025)")
    return 2023 if max(fitting) <= LENGTHS[2023] else 2025


def read_onecho(data: bytes, file_format: str = "") -> TextTable:
    records = fixed_width.records(data)
    if not records:
        raise Refused("empty file: no 1cHO records")
    year = layout_year([len(r) for _, r in records])
    rows, numbers, broken = [], [], []
    for n, record in records:
        if not SHORTEST <= len(record) <= LENGTHS[year]:
            broken.append((n, f"record has {len(record)} characters; the {year} layout has {LENGTHS[year]}"))
            continue
        rows.append(to_row(fixed_width.cut(record, READ)))
        numbers.append(n)
    return TextTable(list(COLUMNS), rows, numbers, broken,
                     description=f"DUO 1cHO, {year} layout ({LENGTHS[year]} characters), ISO-8859-1")
