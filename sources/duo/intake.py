"""DUO open data "eerstejaars ingeschrevenen hbo/wo" (first-year enrolments per institution,
programme, study mode, sex and location) as the `duo_intake` feed, one column per year. DUO renamed
two columns over the years; both headers are taken: BRIN NUMMER ACTUEEL / CROHO (SUB)ONDERDEEL
(older) and INSTELLINGSCODE ACTUEEL / (SUB)ONDERDEEL (newer). The year column is the academic
year the students entered (2019 = 2019-2020)."""
from __future__ import annotations

import re

from sources.files.readers import TextTable
from sources.duo import wide

FIXED = {  # feed column: DUO column, newer name first
    "institution_code": ("INSTELLINGSCODE ACTUEEL", "BRIN NUMMER ACTUEEL"),
    "institution_name": ("INSTELLINGSNAAM ACTUEEL",),
    "programme_code": ("OPLEIDINGSCODE ACTUEEL",),
    "programme_name": ("OPLEIDINGSNAAM ACTUEEL",),
    "croho_onderdeel": ("ONDERDEEL", "CROHO ONDERDEEL"),
    "croho_subonderdeel": ("SUBONDERDEEL", "CROHO SUBONDERDEEL"),
    "degree_type": ("TYPE HOGER ONDERWIJS",),
    "study_mode": ("OPLEIDINGSVORM",),
    "sex": ("GESLACHT",),
    "municipality": ("GEMEENTENAAM",),
}
YEAR = re.compile(r"^(?P<year>[0-9]{4})$")
STUDY_MODE = re.compile(r"^\s*(voltijd|deeltijd|duaal)( onderwijs)?\s*$", re.IGNORECASE)


def study_mode(text: str) -> str:
    """DUO's "voltijd onderwijs" as the contract's "voltijd" (also deeltijd, duaal); other text is
    passed on for validation to reject."""
    m = STUDY_MODE.match(text)
    return m.group(1).lower() if m else text


def read_intake(data: bytes, file_format: str = "") -> TextTable:
    table, names = wide.read_wide(data)
    fixed = wide.locate(names, FIXED)
    years = wide.year_groups(names, YEAR, {None: "first_year_enrolments"}, "one column per year, e.g. '2019'")
    for line in table.rows:
        line[fixed["study_mode"]] = study_mode(line[fixed["study_mode"]])
    return wide.unpivot(table, fixed, years, "academic_year", ("first_year_enrolments",),
                        f"DUO eerstejaars ingeschrevenen ({table.description}), years {years[0].year}-{years[-1].year}")
