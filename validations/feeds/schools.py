"""School and partnership feeds: placements, capacity, costs, funding, vo_outflow."""
from __future__ import annotations

import pandera.polars as pa
import polars as pl

from validations.feeds import codes as c
from validations.feeds.fields import column
from validations.feeds.institute import YEAR

EUR = {"in_range": {"min_value": 0, "max_value": c.MAX_EUR}}
HOURS = {"in_range": {"min_value": 0, "max_value": c.MAX_HOURS}}
FTE = {"in_range": {"min_value": 0, "max_value": c.MAX_FTE}}
PEOPLE = {"in_range": {"min_value": 0, "max_value": c.MAX_PEOPLE}}


class Placements(pa.DataFrameModel):
    """One row per placement request for a student in an academic year (sender: partnership_code).
    request_id is unique within the sender; later copies within a delivery are rejected."""

    request_id: str = column("Identifier of the request, unique within the sender.", required=True,
                             example="REQ-2023-0001", str_length={"min_value": 1, "max_value": 64})
    student_key: str = column("The student's person number (as in enrolments). Pseudonymised at ingest.",
                              required=True, example="S0012345", pseudonymise=True,
                              str_length={"min_value": 1, "max_value": c.KEY_MAX_LENGTH})
    institution_code: str = column("BRIN of the student's institute.", required=True, example="21PB",
                                   str_matches=c.BRIN)
    partnership_code: str = column("Partnership that handles the request.", required=True, example="SOP-RM-02",
                                   str_matches=c.CODE)
    academic_year: int = column("Start year of the academic year.", required=True, example="2023", **YEAR)
    sector: str = column("Sector of the placement.", required=True, example="vo", isin=c.SECTORS)
    subject: str = column("School subject, for vo/mbo placements.", example="wiskunde", lower=True)
    status: str = column("geplaatst (placed), niet_geplaatst (not placed) or geannuleerd (cancelled).",
                         required=True, example="geplaatst", isin=c.PLACEMENT_STATUSES)
    school_code: str = column("School of the placement; required when status is geplaatst, empty otherwise.",
                              example="12AB00", str_matches=c.SCHOOL)
    supervisor_key: str = column("The werkplekbegeleider's person number. Pseudonymised at ingest.",
                                 example="B-00123", pseudonymise=True,
                                 str_length={"min_value": 1, "max_value": c.KEY_MAX_LENGTH})
    supervision_model: str = column("individueel (default), duo or team.", example="duo",
                                    isin=c.SUPERVISION_MODELS)
    start_date: pl.Date = column("First day of the placement.", example="2023-09-04")
    end_date: pl.Date = column("Last day of the placement; not before start_date.", example="2024-01-31")
    hours_per_week: float = column("Hours per week at the school, 0-40.", example="16,5",
                                   in_range={"min_value": 0, "max_value": 40})

    @pa.dataframe_check(error="school_code: required when status is geplaatst, and only then")
    def school_iff_placed(cls, data: pa.PolarsData) -> pl.LazyFrame:
        placed = pl.col("status") == "geplaatst"
        return data.lazyframe.select(pl.col("status").is_null() | (placed == pl.col("school_code").is_not_null()))

    @pa.dataframe_check(error="end_date: must not be before start_date")
    def end_not_before_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("end_date") >= pl.col("start_date")).fill_null(True))

    class Config:
        strict = False


class Capacity(pa.DataFrameModel):
    """What a school offers in an academic year (sender: school_code or partnership_code).
    Key: (school_code, academic_year, sector, subject). A school reports a sector either per subject
    or in one row with an empty subject; all rows add up."""

    school_code: str = column("The school.", required=True, example="12AB00", str_matches=c.SCHOOL)
    academic_year: int = column("Start year of the academic year.", required=True, example="2023", **YEAR)
    sector: str = column("Sector of the places.", required=True, example="po", isin=c.SECTORS)
    subject: str = column("vo/mbo subject; empty means all subjects.", example="wiskunde", lower=True)
    places_offered: int = column("Workplace-learning places offered, >= 0.", required=True, example="6",
                                 **PEOPLE)
    supervisors: int = column("Werkplekbegeleiders available, >= 0.", required=True, example="5", **PEOPLE)
    supervision_fte_available: float = column("fte the school can spend on supervising students, >= 0.",
                                              required=True, example="0,3", **FTE)
    schoolopleider_fte: float = column("fte of school-based teacher educators, >= 0.", example="0,4", **FTE)

    class Config:
        strict = False


class Costs(pa.DataFrameModel):
    """Supervision costs in an academic year (sender: school_code or partnership_code). A row names
    a school (cost made by the school) or a partnership (cost made centrally), and gives hours,
    an amount, or both; without an amount, cost = hours x the hourly cost norm of the school's sector
    (the `partnership` rate for partnership rows)."""

    school_code: str = column("School that made the cost (one of school_code and partnership_code).",
                              example="12AB00", str_matches=c.SCHOOL)
    partnership_code: str = column("Partnership that made the cost centrally (one of the two).",
                                   example="SOP-RM-02", str_matches=c.CODE)
    academic_year: int = column("Start year of the academic year.", required=True, example="2023", **YEAR)
    cost_category: str = column("What the cost is for; stagevergoeding (internship allowance) is kept apart.",
                                required=True, example="werkplekbegeleiding", isin=c.COST_CATEGORIES)
    hours: float = column("Hours spent, >= 0 (one of hours and amount_eur).", example="120,5", **HOURS)
    amount_eur: float = column("Amount in euros, >= 0 (one of the two).", example="7350,00", **EUR)

    @pa.dataframe_check(error="school_code/partnership_code: one of the two is required")
    def school_or_partnership(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("school_code").is_not_null() | pl.col("partnership_code").is_not_null())

    @pa.dataframe_check(error="hours/amount_eur: one of the two is required")
    def hours_or_amount(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("hours").is_not_null() | pl.col("amount_eur").is_not_null())

    class Config:
        strict = False


class Funding(pa.DataFrameModel):
    """Funding received by a partnership in an academic year (sender: partnership_code or region_code)."""

    partnership_code: str = column("The partnership funded.", required=True, example="SOP-RM-02",
                                   str_matches=c.CODE)
    academic_year: int = column("Start year of the academic year.", required=True, example="2023", **YEAR)
    funding_source: str = column("onderwijsregio_subsidie (EUR 1,250 per supervised student), lumpsum or overig.",
                                 required=True, example="onderwijsregio_subsidie", isin=c.FUNDING_SOURCES)
    amount_eur: float = column("Amount in euros, >= 0.", required=True, example="62500", **EUR)

    class Config:
        strict = False


class VoOutflow(pa.DataFrameModel):
    """Secondary-school graduates and how many of them started teacher training the next academic
    year (sender: school_code, region_code or DUO)."""

    school_code: str = column("A vo school location.", required=True, example="12AB00", str_matches=c.SCHOOL)
    exam_year: int = column("Year of the exam (end year of the school year).", required=True, example="2023",
                            **YEAR)
    track: str = column("havo or vwo.", required=True, example="havo", isin=c.TRACKS)
    graduates: int = column("Graduates, >= 0.", required=True, example="84", **PEOPLE)
    entered_teacher_training: int = column("Graduates who started teacher training the next academic year; "
                                           "0 <= value <= graduates.", required=True, example="6", **PEOPLE)

    @pa.dataframe_check(error="entered_teacher_training: must not exceed graduates")
    def entered_within_graduates(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("entered_teacher_training") <= pl.col("graduates")).fill_null(True))

    class Config:
        strict = False
