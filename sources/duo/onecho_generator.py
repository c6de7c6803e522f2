"""1cHO files in DUO's layouts, for tests and demonstrations: no real per-student 1cHO file is
public. A record is written field by field into the positions of DUO's Bestandsbeschrijving
(sources.duo.onecho_layout): every field of the layout can be given by DUO's name; the others get
the plausible value of a current hbo bachelor student (DEFAULTS) or stay blank.

`enrolment_fields` turns a row of the `enrolments` contract into the 1cHO record DUO would hold for
it, so that the same students can be delivered both ways and compared."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sources.duo import fixed_width
from sources.duo.onecho import DEGREES, STUDY_MODES
from sources.duo.onecho_layout import LAYOUTS

DEFAULTS = {
    "Code bekostiging": "J", "Inschrijvingsvorm": "S", "Soort hoger onderwijs": "hbo",
    "Croho-onderdeel actuele opleiding": "1", "Croho-subonderdeel actuele opleiding": "00",
    "Type hoger onderwijs binnen soort hoger onderwijs": "ba", "Opleidingsfase": "B", "Opleidingsfase actueel": "B",
    "Indicatie actief op peildatum": "1", "Soort inschrijving hoger onderwijs": "1", "Soort inschrijving soort ho": "1",
    "Soort inschrijving type ho binnen soort ho": "1", "Soort inschrijving opleiding actueel equivalent": "1",
    "Soort inschrijving actuele instelling": "1", "Soort inschrijving actuele opleiding-instelling": "1",
    "Diplomajaar": "0000", "Hoogste vooropleiding vóór het HO": "00000",
    "Hoogste vooropleiding vóór het HO oorspronkelijke code": "00000",
    "Diplomajaar van de hoogste vooropl. vóór het HO": "0000", "Hoogste vooropleiding binnen het HO": "00000",
    "Hoogste vooropleiding binnen het HO oorspronkelijke code": "00000",
    "Diplomajaar van de hoogste vooropl. binnen het HO": "0000", "Hoogste vooropleiding": "00000",
    "Diplomajaar hoogste vooropleiding": "0000", "Geslacht": "V", "Leeftijd per peildatum 1 oktober": "019",
    "Leeftijd per 1 januari": "019", "Nationaliteit 1": "0001", "Geboorteland": "6030",
    "Geboorteland ouder 1": "6030", "Geboorteland ouder 2": "6030", "Indicatie EER actueel": "J",
    "Indicatie internationale student": "N", "Indicatie EER op peildatum 1 oktober": "J",
    "Nationaliteit gebruikt voor bepaling ind. EER actueel": "0001",
    "Nationaliteit gebruikt voor bepaling ind. EER peildatum": "0001", "Indicatie University College": "N",
    "ISCEDF2013-rubriek": "011401", "Herkomstland volgens CBS-definitie": "6030",
    "Herkomst-indikking volgens CBS-definitie": "01", "Indicatie geboren": "01",
}

PRIOR_CODES = {  # a code of DUO's Dec_vopl.asc per contract category
    "havo": "00201", "vwo": "00401", "mbo": "00301", "hbo": "00801", "wo": "00901", "buitenland": "00502",
    "overig": "00501", "onbekend": "00000",
}
PHASES = {"ad": "A", "bachelor": "B", "master": "M"}


def record(fields: dict[str, str], year: int = 2025) -> str:
    """One record of DUO's `year` layout (2023: 323 characters, 2025: 332)."""
    layout = LAYOUTS[year]
    defaults = {k: v for k, v in DEFAULTS.items() if any(f.name == k for f in layout)}
    return fixed_width.write({**defaults, **fields}, layout)


def onecho_file(records: Iterable[dict[str, str]], year: int = 2025) -> bytes:
    """A 1cHO file as DUO writes it: fixed width, CRLF, ISO-8859-1."""
    return "".join(record(r, year) + "\r\n" for r in records).encode("iso-8859-1")


def _ymd(value: str | dt.date) -> str:
    return str(value).replace("-", "")


def _code(mapping: dict[str, str], value: str) -> str:
    return next(code for code, name in mapping.items() if name == value)


def enrolment_fields(row: dict, secondary: tuple[str, str, int] | None = None, ho_kind: str = "hbo") -> dict[str, str]:
    """The 1cHO record of one `enrolments` row (active on 1 October). `secondary` is the student's
    (school_code, havo|vwo, exam_year) before higher education. An `uitschrijving` exit becomes
    the deregistration date, a `diploma` exit the date the final diploma was signed; without an
    exit the enrolment runs to 31 August, the end of DUO's enrolment year."""
    year = int(row["academic_year"])
    exit_type, exit_date = row.get("exit_type") or "", row.get("exit_date") or ""
    deregistered = exit_date if exit_type == "uitschrijving" else f"{year + 1}-08-31"
    fields = {
        "Persoonsgebonden nummer": str(row["student_key"]),
        "Inschrijvingsjaar": str(year),
        "Instellingscode": row["institution_code"], "Actuele instelling": row["institution_code"],
        "Opleidingscode": row["programme_code"], "Opleiding actueel equivalent": row["programme_code"],
        "Opleiding historisch equivalent": row["programme_code"],
        "Opleidingsvorm": _code(STUDY_MODES, row["study_mode"]),
        "Type hoger onderwijs binnen soort hoger onderwijs": _code(DEGREES, row["degree_level"]),
        "Soort hoger onderwijs": ho_kind,
        "Opleidingsfase": PHASES.get(row["degree_level"], ""), "Opleidingsfase actueel": PHASES.get(row["degree_level"], ""),
        "Maand vanaf": _ymd(row["enrolled_on"])[4:6], "Datum inschrijving": _ymd(row["enrolled_on"]),
        "Maand tot": _ymd(deregistered)[4:6], "Datum uitschrijving": _ymd(deregistered),
        "Verblijfsjaar actuele opleiding-instelling": f"{int(row['year_of_study']):02d}",
        "Verblijfsjaar actuele opleiding": f"{int(row['year_of_study']):02d}",
        "Eerste jaar aan deze opleiding-instelling": str(year - int(row["year_of_study"]) + 1),
        "Hoogste vooropleiding": PRIOR_CODES[row["prior_education"]],
        "Hoogste vooropleiding vóór het HO": PRIOR_CODES[row["prior_education"]]
        if row["prior_education"] in ("havo", "vwo", "mbo") else "00000",
    }
    if exit_type == "uitschrijving":
        fields["Code beëindiging"] = "9"
    if exit_type == "diploma":
        signed = dt.date.fromisoformat(str(exit_date))
        fields.update({
            "Code beëindiging": "1", "Code examenresultaat": "1", "Maand examenresultaat": f"{signed.month:02d}",
            "Datum tekening diploma": _ymd(exit_date), "Opleidingsfase actueel van het diploma": PHASES[row["degree_level"]],
            "Diplomajaar": str(signed.year if signed.month >= 10 else signed.year - 1),   # October T .. September T+1
        })
    if secondary:
        school, track, exam_year = secondary
        fields.update({
            "Hoogste vooropleiding vóór het HO": PRIOR_CODES[track],
            "Instelling van de hoogste vooropl. vóór het HO": school[:4],
            "Vestigingsnummer van de hoogste vooropl. vóór het HO": school[4:],
            "Diplomajaar van de hoogste vooropl. vóór het HO": str(exam_year - 1),   # school year Y/Y+1 is Y
        })
    return fields
