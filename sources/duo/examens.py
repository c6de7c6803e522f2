"""DUO open data "examenkandidaten en geslaagden" (exam candidates and graduates per vo school
location and programme) as the `duo_examens` feed. DUO publishes it wide: per school year a group of
columns for men, women and the total (candidates, graduates, pass rate). Only the totals are read;
whatever school years the header carries are taken, each as the exam year it ends in
(2023-2024 is exam year 2024)."""
from __future__ import annotations

import re

from sources.files.readers import TextTable
from sources.duo import wide

FIXED = {  # feed column: DUO column
    "school_code": ("VESTIGINGSCODE",),
    "institution_code": ("INSTELLINGSCODE",),
    "school_name": ("INSTELLINGSNAAM VESTIGING",),
    "municipality": ("GEMEENTENAAM",),
    "track": ("ONDERWIJSTYPE VO",),
    "programme_name": ("OPLEIDINGSNAAM",),
}
YEAR = re.compile(r"^(?P<column>EXAMENKANDIDATEN|GESLAAGDEN) SCHOOLJAAR [0-9]{4}-(?P<year>[0-9]{4}) - TOTAAL$")
COUNTS = {"EXAMENKANDIDATEN": "candidates", "GESLAAGDEN": "graduates"}


def read_examens(data: bytes, file_format: str = "") -> TextTable:
    table, names = wide.read_wide(data)
    fixed = wide.locate(names, FIXED)
    years = wide.year_groups(names, YEAR, COUNTS, "'EXAMENKANDIDATEN SCHOOLJAAR 2023-2024 - TOTAAL' and "
                                                  "'GESLAAGDEN SCHOOLJAAR 2023-2024 - TOTAAL'")
    return wide.unpivot(table, fixed, years, "exam_year", tuple(COUNTS.values()),
                        f"DUO examenkandidaten en geslaagden ({table.description}), "
                        f"school years ending {years[0].year}-{years[-1].year}")
