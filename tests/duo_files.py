"""DUO files for the tests: the real ones vendored in tests/data/duo (PROVENANCE.md there), the newer intake header rebuilt from
DUO's 2024 data, and a small population of students that can be delivered both as a 1cHO extract
(in DUO's layout, sources.duo.onecho_generator) and as `enrolments` CSV rows."""
from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from sources.duo.onecho_generator import enrolment_fields, onecho_file

REAL = Path(__file__).resolve().parent / "data" / "duo"
EXAMENS = REAL / "examenkandidaten-en-geslaagden-2019-2024.csv"
INTAKE_2019 = [REAL / "hbo_inscriptions_2019.csv", REAL / "wo_inscriptions_2019.csv"]
INTAKE_2024_JSON = REAL / "duo_ingeschrevenhbo_2024.json"
CROHO = REAL / "1cho" / "Croho.asc"
ONECHO_DOCS = {2023: REAL / "1cho" / "Bestandsbeschrijving_1cyferho_2023_v1.1_DEMO.txt",
               2025: REAL / "1cho" / "Bestandsbeschrijving_1cyferho_2025_v1.0.txt"}
NEWER_INTAKE_HEADER = ["PROVINCIE", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT INSTELLING", "TYPE HOGER ONDERWIJS",
                       "INSTELLINGSCODE ACTUEEL", "INSTELLINGSNAAM ACTUEEL", "ONDERDEEL", "SUBONDERDEEL",
                       "OPLEIDINGSCODE ACTUEEL", "OPLEIDINGSNAAM ACTUEEL", "OPLEIDINGSVORM", "GESLACHT"]


def newer_intake_csv() -> bytes:
    """DUO's 2024 hbo file (newer header: INSTELLINGSCODE ACTUEEL, ONDERDEEL) as the `;` CSV DUO
    publishes, rebuilt from the JSON copy in tests/data/duo (programme codes back to 5 digits)."""
    records = json.loads(INTAKE_2024_JSON.read_text())
    years = sorted(k for k in records[0] if k.isdigit())
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(NEWER_INTAKE_HEADER + years)
    for r in records:
        values = {**r, "OPLEIDINGSCODE ACTUEEL": str(r["OPLEIDINGSCODE ACTUEEL"]).zfill(5)}
        w.writerow([values[c] for c in NEWER_INTAKE_HEADER] + [values[y] for y in years])
    return out.getvalue().encode("utf-8")


def duo_layout(path: Path) -> list[tuple[str, int, int]]:
    """The layout table of one of DUO's documents as (name, start, length), read with nothing of the
    project's code: rows that end in the start position and the length (and DUO's footnote mark)."""
    text = path.read_bytes().decode("iso-8859-1").replace("\r", "")
    rows = []
    for line in text.split("Veldbeschrijving")[0].splitlines():
        m = re.match(r"^(\S.*?) +([0-9]+) +([0-9]+)( +\(\*+\))? *$", line)
        if m:
            rows.append((m[1], int(m[2]), int(m[3])))
    return rows


# ------------------------------------------------------------------------------ a student population
INSTITUTIONS = {"30HB": "hbo", "32WO": "wo"}
PROGRAMMES = {  # code: (institution, programme_type, degree_level, nominal years, subject)
    "34808": ("30HB", "pabo", "bachelor", 4, ""),
    "35221": ("30HB", "tweedegraads", "bachelor", 4, "wiskunde"),
    "35198": ("30HB", "tweedegraads", "bachelor", 4, "nederlands"),
    "80142": ("30HB", "ad_pep", "ad", 2, ""),
    "59329": ("32WO", "alpo", "bachelor", 3, ""),
    "68151": ("32WO", "eerstegraads", "master", 2, "wiskunde"),
}
NOT_TEACHER_TRAINING = "34267"          # B Elektrotechniek at the same hbo
PARTNERSHIPS = ("SOP-A", "SOP-B")
FIRST_COHORT, LAST_YEAR = 2019, 2024


@dataclass
class Population:
    """Contract enrolment rows (teacher training, active on 1 October), the 1cHO records of the same
    students (with their non-teacher and not-active records), placements, and the secondary
    school of every student who came straight from havo or vwo."""
    enrolments: list[dict] = field(default_factory=list)
    records: dict[str, list[dict]] = field(default_factory=dict)      # institution -> 1cHO field dicts
    placements: list[dict] = field(default_factory=list)
    entrants: dict[tuple[str, int, str], set] = field(default_factory=dict)   # (school, exam year, track) -> keys


def population(secondary_schools: list[str], seed: int = 7, per_cohort: int = 160) -> Population:
    rng = random.Random(seed)
    pop = Population(records={i: [] for i in INSTITUTIONS})
    n = 0
    for cohort in range(FIRST_COHORT, LAST_YEAR + 1):
        for _ in range(per_cohort):
            n += 1
            _student(pop, rng, f"{n:012d}", cohort, secondary_schools)
    return pop


def _student(pop: Population, rng: random.Random, key: str, cohort: int, schools: list[str]) -> None:
    code = rng.choices(list(PROGRAMMES), weights=[5, 1, 1, 1, 1, 1])[0]         # mostly pabo
    prior = rng.choice(["havo", "havo", "vwo", "mbo", "hbo", "onbekend", "buitenland"])
    secondary = None
    if prior in ("havo", "vwo") and rng.random() < 0.8:
        secondary = (rng.choice(schools), prior, cohort)                  # straight from school
        pop.entrants.setdefault((secondary[0], cohort, prior), set()).add(key)
    mode = rng.choices(["voltijd", "deeltijd", "duaal"], weights=[8, 1, 1])[0]
    year, year_of_study = cohort, 1
    while year <= LAST_YEAR:
        inst, ptype, degree, nominal, subject = PROGRAMMES[code]
        row = {"student_key": key, "institution_code": inst, "programme_code": code, "programme_type": ptype,
               "degree_level": degree, "study_mode": mode, "route": "regulier", "prior_education": prior,
               "subject": subject, "academic_year": year, "year_of_study": year_of_study,
               "partnership_code": "", "enrolled_on": f"{year}-09-01", "exit_date": "", "exit_type": ""}
        row["partnership_code"] = _placements(pop, rng, key, inst, year)
        outcome = rng.random()
        september_diploma = False
        if year_of_study >= nominal and outcome < 0.6:
            september_diploma = rng.random() < 0.3
            row.update(exit_type="diploma", exit_date=f"{year + 1}-09-20" if september_diploma else f"{year + 1}-06-28")
        elif outcome > 0.9:
            row.update(exit_type="uitschrijving", exit_date=f"{year + 1}-02-01")
        pop.enrolments.append(row)
        fields = enrolment_fields(row, secondary if year == cohort else None, INSTITUTIONS[inst])
        if september_diploma:            # DUO records the diploma in a short record of the next year
            fields.update({"Datum tekening diploma": "", "Opleidingsfase actueel van het diploma": "",
                           "Datum uitschrijving": f"{year + 1}0831"})
            late = enrolment_fields({**row, "academic_year": year + 1, "year_of_study": year_of_study + 1,
                                     "enrolled_on": f"{year + 1}-09-01"}, None, INSTITUTIONS[inst])
            late.update({"Indicatie actief op peildatum": "2", "Datum uitschrijving": f"{year + 1}0930"})
            pop.records[inst].append(late)
        pop.records[inst].append(fields)
        if rng.random() < 0.1:          # a na-inschrijving that is no enrolment on 1 October
            pop.records[inst].append({**fields, "Indicatie actief op peildatum": "3", "Opleidingscode": "34267",
                                      "Opleiding actueel equivalent": "34267", "Datum inschrijving": f"{year + 1}0201"})
        if row["exit_type"]:
            return
        year, year_of_study = year + 1, year_of_study + 1
        step = rng.random()
        if step < 0.06:                                   # switches to other teacher training
            code = rng.choice([c for c in PROGRAMMES if c != code and PROGRAMMES[c][0] == inst])
            year_of_study = 1
        elif step < 0.12 and inst == "30HB":              # leaves for a non-teacher programme: dropout
            for y in range(year, min(year + 2, LAST_YEAR + 1)):
                other = enrolment_fields({**row, "programme_code": NOT_TEACHER_TRAINING, "academic_year": y,
                                          "year_of_study": y - year + 1, "enrolled_on": f"{y}-09-01",
                                          "exit_type": "", "exit_date": ""}, None, "hbo")
                pop.records[inst].append({**other, "Croho-onderdeel actuele opleiding": "4",
                                          "Croho-subonderdeel actuele opleiding": "07"})
            return
        elif step < 0.2:                                  # leaves higher education
            return


def _placements(pop: Population, rng: random.Random, key: str, inst: str, year: int) -> str:
    """The student's placements that year; the partnership when there is exactly one."""
    draw = rng.random()
    chosen = [] if draw < 0.1 else list(PARTNERSHIPS) if draw < 0.15 else [rng.choices(PARTNERSHIPS, [3, 1])[0]]
    for i, partnership in enumerate(chosen):
        pop.placements.append({
            "request_id": f"R-{key}-{year}-{i}", "student_key": key, "institution_code": inst,
            "partnership_code": partnership, "academic_year": str(year), "sector": "po", "subject": "",
            "status": "geplaatst", "school_code": "10AA00", "supervisor_key": "", "supervision_model": "",
            "start_date": "", "end_date": "", "hours_per_week": ""})
    return chosen[0] if len(chosen) == 1 else ""


def onecho_files(pop: Population) -> dict[str, bytes]:
    """One 1cHO extract per institution: the hbo in DUO's 2023 layout, the wo in the 2025 layout."""
    layouts = {"30HB": 2023, "32WO": 2025}
    return {f"1cyferho_{inst}_{layouts[inst]}.asc": onecho_file(recs, layouts[inst])
            for inst, recs in pop.records.items()}

