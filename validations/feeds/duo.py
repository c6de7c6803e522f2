"""DUO's own files, accepted as DUO publishes them (feeds.md, "DUO's own files"). Senders do not
write these columns: an adapter in sources/duo reads DUO's layout into them, and these models are
what ingest then validates, as for every other feed. File names are free; the delivery key is the
feed and the file name."""
from __future__ import annotations

import pandera.polars as pa
import polars as pl

from validations.feeds import codes as c
from validations.feeds.fields import column

YEAR = {"in_range": {"min_value": c.YEAR_MIN, "max_value": c.YEAR_MAX}}
DUO_YEAR = {"in_range": {"min_value": c.DUO_YEAR_MIN, "max_value": c.YEAR_MAX}}
COUNT = {"in_range": {"min_value": 0, "max_value": c.MAX_PEOPLE}}


class DuoExamens(pa.DataFrameModel):
    """DUO open data "examenkandidaten en geslaagden": exam candidates and graduates per vo school
    location, programme and school year, exactly as DUO publishes it (`;`, every field quoted, one
    column group per school year and sex, `<5` for counts under 5). Any school years in the header
    are taken; only the TOTAAL columns are read. One row per line and school year: a line with five
    school years counts as five rows, each with the line's row number. When two files hold the same
    school and exam year, the later delivery counts."""

    school_code: str = column("VESTIGINGSCODE: the school location.", required=True, example="00AH00",
                              str_matches=c.SCHOOL)
    institution_code: str = column("INSTELLINGSCODE.", example="00AH", str_matches=c.BRIN)
    school_name: str = column("INSTELLINGSNAAM VESTIGING.", example="Het Stedelijk Kottenpark")
    municipality: str = column("GEMEENTENAAM.", example="ENSCHEDE")
    track: str = column("ONDERWIJSTYPE VO.", required=True, example="HAVO", isin=c.EXAM_TRACKS)
    programme_name: str = column("OPLEIDINGSNAAM (track and profile).", example="HAVO - N&T")
    exam_year: int = column("End year of the school year of the column group (SCHOOLJAAR 2023-2024: 2024).",
                            required=True, example="2024", **YEAR)
    candidates: int = column("EXAMENKANDIDATEN ... - TOTAAL; empty when DUO published `<5`.", example="6", **COUNT)
    candidates_below_5: bool = column("DUO published `<5` for the candidates.", required=True, example="false")
    graduates: int = column("GESLAAGDEN ... - TOTAAL; empty when DUO published `<5`.", example="6", **COUNT)
    graduates_below_5: bool = column("DUO published `<5` for the graduates.", required=True, example="false")

    class Config:
        strict = False


class DuoIntake(pa.DataFrameModel):
    """DUO open data "eerstejaars ingeschrevenen hbo" or "... wo": first-year enrolments per
    institution, programme, study mode, sex and location, one column per year, exactly as DUO
    publishes it, with the older header (BRIN NUMMER ACTUEEL, CROHO ONDERDEEL) or the newer one
    (INSTELLINGSCODE ACTUEEL, ONDERDEEL). One row per line and year. When two files hold the same
    institution, programme and year, the later delivery counts."""

    institution_code: str = column("INSTELLINGSCODE ACTUEEL or BRIN NUMMER ACTUEEL.", required=True,
                                   example="31FR", str_matches=c.BRIN)
    institution_name: str = column("INSTELLINGSNAAM ACTUEEL.", example="NHL Stenden Hogeschool")
    programme_code: str = column("OPLEIDINGSCODE ACTUEEL (CROHO).", required=True, example="34808",
                                 str_matches=c.CROHO)
    programme_name: str = column("OPLEIDINGSNAAM ACTUEEL.", example="B Opleiding tot leraar Basisonderwijs")
    croho_onderdeel: str = column("ONDERDEEL or CROHO ONDERDEEL, as DUO words it.", example="onderwijs")
    croho_subonderdeel: str = column("SUBONDERDEEL or CROHO SUBONDERDEEL.", example="leraar basisonderwijs")
    degree_type: str = column("TYPE HOGER ONDERWIJS.", example="bachelor")
    study_mode: str = column("OPLEIDINGSVORM (voltijd/deeltijd/duaal onderwijs).", required=True,
                             example="voltijd onderwijs", isin=c.STUDY_MODES)
    sex: str = column("GESLACHT.", example="vrouw")
    municipality: str = column("GEMEENTENAAM of the location.", example="Leeuwarden")
    academic_year: int = column("The year column: academic year the students entered (2019 = 2019-2020).",
                                required=True, example="2019", **YEAR)
    first_year_enrolments: int = column("The count; empty when DUO published `<5`.", example="22", **COUNT)
    first_year_enrolments_below_5: bool = column("DUO published `<5`.", required=True, example="false")

    class Config:
        strict = False


class Duo1cho(pa.DataFrameModel):
    """An institution's 1cHO extract as DUO delivers it: fixed width, ISO-8859-1, in the 2023
    (323 characters) or 2025 (332 characters) layout of DUO's Bestandsbeschrijving_1cyferho. One
    row per 1cHO record, every year and programme included. The records active on 1 October
    (peildatum) in a teacher-training programme (by the CROHO table) become `enrolments` rows, with
    the partnership of the student's placement that year when there is exactly one; per institution
    and year the latest 1cHO delivery counts, unless an `enrolments` file for that institution and
    year was delivered after it. First-year teacher-training students with a havo or vwo diploma
    give the `entered_teacher_training` of their secondary school."""

    student_key: str = column("Persoonsgebonden nummer. Pseudonymised at ingest.", required=True,
                              example="000012345678", pseudonymise=True,
                              str_length={"min_value": 1, "max_value": c.KEY_MAX_LENGTH})
    academic_year: int = column("Inschrijvingsjaar.", required=True, example="2023", **DUO_YEAR)
    institution_code: str = column("Actuele instelling: the institution's current BRIN.", required=True,
                                   example="21PB", str_matches=c.BRIN)
    registered_institution_code: str = column("Instellingscode as registered that year.", example="21PB",
                                              str_matches=c.BRIN)
    programme_code: str = column("Opleiding actueel equivalent: the current CROHO code of the programme.",
                                 required=True, example="34808", str_matches=c.CROHO)
    registered_programme_code: str = column("Opleidingscode as registered that year.", example="34808",
                                            str_matches=c.CROHO)
    study_mode: str = column("Opleidingsvorm: 1 voltijd, 2 deeltijd, 3 duaal.", example="voltijd",
                             isin=c.STUDY_MODES)
    degree_level: str = column("Type hoger onderwijs: ad, ba (bachelor), ma/pm/on/pi (master), xx (geen).",
                               example="bachelor", isin=c.DEGREE_LEVELS)
    active_on_peildatum: bool = column("Indicatie actief op peildatum is 1: enrolled on 1 October.", required=True,
                                       example="true")
    year_of_study: int = column("Verblijfsjaar actuele opleiding-instelling: years enrolled on 1 October in "
                                "this programme at this institution, this one included.", example="1",
                                in_range={"min_value": 0, "max_value": 99})
    enrolled_on: pl.Date = column("Datum inschrijving.", example="2023-09-01")
    deregistered_on: pl.Date = column("Datum uitschrijving.", example="2024-08-31")
    diploma_on: pl.Date = column("Datum tekening diploma of a final diploma (ad, bachelor, master, initial; "
                                 "a propedeuse is not an exit).", example="2024-07-05")
    prior_education: str = column("Hoogste vooropleiding, categorised by DUO's decode table Dec_vopl.asc.",
                                  example="havo", isin=c.PRIOR_EDUCATION)
    secondary_school_code: str = column("Instelling + vestigingsnummer of the havo or vwo diploma before higher "
                                        "education.", example="00AH00", str_matches=c.SCHOOL)
    secondary_track: str = column("havo or vwo: the diploma before higher education.", example="havo",
                                  isin=c.TRACKS)
    secondary_exam_year: int = column("Exam year of that diploma (DUO's diploma year + 1).", example="2023",
                                      **DUO_YEAR)

    class Config:
        strict = False


class Croho(pa.DataFrameModel):
    """DUO's CROHO table Croho.asc as shipped with 1cHO (fixed width, layout in
    Bestandsbeschrijving_Croho.txt), delivered unchanged. Per institution and programme code: the
    current programme it counts as, its croho-onderdeel and -subonderdeel, hbo or wo, and ad, ba or
    ma. From it the platform derives which programmes are teacher training and of which type. The
    platform ships DUO's table of 1cHO 2025 as the default; a delivered table takes precedence for
    every code it holds. Key: (institution_code, programme_code)."""

    institution_code: str = column("Instellingscode.", required=True, example="31FR", str_matches=c.BRIN)
    programme_code: str = column("Opleidingscode.", required=True, example="34808", str_matches=c.CROHO)
    current_institution_code: str = column("Actuele instelling (incl. besturenfusies).", example="31FR",
                                           str_matches=c.BRIN)
    current_programme_code: str = column("Opleiding actueel equivalent.", required=True, example="34808",
                                         str_matches=c.CROHO)
    historical_programme_code: str = column("Opleiding historisch equivalent.", example="34808",
                                            str_matches=c.CROHO)
    croho_onderdeel: str = column("Onderdeel actuele opleiding (1 = onderwijs).", required=True, example="1")
    croho_subonderdeel: str = column("Subonderdeel actuele opleiding (00 = leraar basisonderwijs, 01 = onderwijs, "
                                     "02 = universitaire lerarenopleidingen, 04 = eerstegraads, ...).",
                                     required=True, example="00")
    ho_kind: str = column("Soort hoger onderwijs.", required=True, example="hbo", isin=c.HO_KINDS)
    ho_type: str = column("Type hoger onderwijs actuele opleiding.", required=True, example="ba", isin=c.HO_TYPES)
    programme_name: str = column("Opleidingsnaam actuele opleiding.", example="b opleiding tot leraar basisonderwijs")
    programme_kind: str = column("Indicatie soort opleiding (A, AF, F, J).", example="")
    joint_degree_code: str = column("Joint degree code.", example="", str_matches=c.CROHO)

    class Config:
        strict = False
