"""Institute feeds: `enrolments` (sender: institution_code)."""
from __future__ import annotations

import pandera.polars as pa
import polars as pl

from validations.feeds import codes as c
from validations.feeds.fields import column

YEAR = {"in_range": {"min_value": c.YEAR_MIN, "max_value": c.YEAR_MAX}}


class Enrolments(pa.DataFrameModel):
    """One row per student, programme and academic year in which the student is enrolled on
    1 October. Key: (student_key, programme_code, academic_year); later copies of a key within a
    delivery are rejected."""

    student_key: str = column("The student's person number; the same person has the same key in every year and at "
                              "every institute of the region. Pseudonymised at ingest.", required=True,
                              example="S0012345", pseudonymise=True,
                              str_length={"min_value": 1, "max_value": c.KEY_MAX_LENGTH})
    institution_code: str = column("BRIN of the institute.", required=True, example="21PB", str_matches=c.BRIN)
    programme_code: str = column("CROHO code of the programme.", required=True, example="34808", str_matches=c.CROHO)
    programme_type: str = column("Kind of teacher training.", required=True, example="pabo", isin=c.PROGRAMME_TYPES)
    degree_level: str = column("Degree the programme leads to.", required=True, example="bachelor", isin=c.DEGREE_LEVELS)
    study_mode: str = column("Full-time, part-time or dual.", required=True, example="voltijd", isin=c.STUDY_MODES)
    route: str = column("Route into the programme.", required=True, example="regulier", isin=c.ROUTES)
    prior_education: str = column("Highest prior education.", required=True, example="havo", isin=c.PRIOR_EDUCATION)
    subject: str = column("School subject for secondary programmes (see the subjects reference); empty for "
                          "pabo/alpo.", example="wiskunde", lower=True)
    academic_year: int = column("Start year of the academic year (2023 = 2023-2024).", required=True,
                                example="2023", **YEAR)
    year_of_study: int = column("1-10; 1 means the student entered this programme this academic year.",
                                required=True, example="1", in_range={"min_value": 1, "max_value": 10})
    partnership_code: str = column("Partnership where the student does workplace learning this year.",
                                   example="SOP-RM-02", str_matches=c.CODE)
    enrolled_on: pl.Date = column("Date of enrolment; not after 1 October of academic_year + 1.", required=True,
                                  example="2023-09-01")
    exit_date: pl.Date = column("When this enrolment ended, if it ended in this academic year.",
                                example="2024-06-28")
    exit_type: str = column("How the enrolment ended; required when exit_date is given.", example="diploma",
                            isin=c.EXIT_TYPES)

    @pa.dataframe_check(error="enrolled_on: must not be after 1 October of academic_year + 1")
    def enrolled_before_next_peildatum(cls, data: pa.PolarsData) -> pl.LazyFrame:
        limit = pl.date(pl.col("academic_year") + 1, 10, 1)
        return data.lazyframe.select(pl.col("enrolled_on").is_null() | (pl.col("enrolled_on") <= limit))

    @pa.dataframe_check(error="exit_type: required when exit_date is given, and only then")
    def exit_type_with_exit_date(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("exit_date").is_null() == pl.col("exit_type").is_null())

    class Config:
        strict = False

