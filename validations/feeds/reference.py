"""Reference feeds (sender: region_code, or NL for national lists). A delivered reference row takes
precedence over the project's shipped default for the same code (or norm and year)."""
from __future__ import annotations

import pandera.polars as pa
import polars as pl

from validations.feeds import codes as c
from validations.feeds.fields import column, not_a_fixed_value
from validations.feeds.institute import YEAR


class Regions(pa.DataFrameModel):
    """The Onderwijsregio's."""

    region_code: str = column("Region code.", required=True, example="OR-RIJNMOND", str_matches=c.CODE)
    region_name: str = column("Name shown in the dashboards.", required=True, example="Onderwijsregio Rijnmond")

    _region_name_not_fixed = not_a_fixed_value("region_name")

    class Config:
        strict = False


class Partnerships(pa.DataFrameModel):
    """Samen Opleiden & Professionaliseren partnerships and their region."""

    partnership_code: str = column("Partnership code.", required=True, example="SOP-RM-02", str_matches=c.CODE)
    partnership_name: str = column("Name shown in the dashboards.", required=True, example="Opleiden in de Stad")
    region_code: str = column("Region the partnership belongs to.", required=True, example="OR-RIJNMOND",
                              str_matches=c.CODE)

    _partnership_name_not_fixed = not_a_fixed_value("partnership_name")

    class Config:
        strict = False


class Schools(pa.DataFrameModel):
    """School locations (po, vo, mbo), with their partnership and region."""

    school_code: str = column("BRIN + location number.", required=True, example="12AB00", str_matches=c.SCHOOL)
    school_name: str = column("Name of the school location.", required=True, example="OBS De Regenboog")
    municipality: str = column("Municipality.", example="Rotterdam")
    sector: str = column("po, vo or mbo.", required=True, example="po", isin=c.SECTORS)
    partnership_code: str = column("Partnership of the school; empty for vo schools outside any partnership.",
                                   example="SOP-RM-02", str_matches=c.CODE)
    region_code: str = column("Region of the school.", required=True, example="OR-RIJNMOND", str_matches=c.CODE)
    school_role: str = column("kern (core), schil (satellite) or regulier.", example="kern", isin=c.SCHOOL_ROLES)
    denomination: str = column("Denomination.", example="openbaar")
    urbanisation: int = column("1 = very strongly urban .. 5 = not urban.", example="1",
                               in_range={"min_value": 1, "max_value": 5})

    _school_name_not_fixed = not_a_fixed_value("school_name")

    class Config:
        strict = False


class Institutions(pa.DataFrameModel):
    """Teacher-training institutes."""

    institution_code: str = column("BRIN.", required=True, example="21PB", str_matches=c.BRIN)
    institution_name: str = column("Name.", required=True, example="Hogeschool Rotterdam")
    institution_type: str = column("hbo or wo.", required=True, example="hbo", isin=c.INSTITUTION_TYPES)

    _institution_name_not_fixed = not_a_fixed_value("institution_name")

    class Config:
        strict = False


class Subjects(pa.DataFrameModel):
    """School subjects, with shortage (tekortvak) and surplus (overschotvak) flags."""

    subject: str = column("Subject name as used in the feeds.", required=True, example="wiskunde", lower=True)
    shortage_subject: bool = column("true when a shortage subject (tekortvak).", required=True, example="true")
    surplus_subject: bool = column("true when a surplus subject (overschotvak).", required=True, example="false")

    class Config:
        strict = False


class Norms(pa.DataFrameModel):
    """Norms per academic year (subsidy, fte per student, hourly costs, small-cell threshold)."""

    norm: str = column("Name of the norm.", required=True, example="small_cell_threshold", isin=c.NORMS)
    academic_year: int = column("Academic year the value applies to.", required=True, example="2023", **YEAR)
    value: float = column("Value of the norm, >= 0.", required=True, example="10",
                          in_range={"min_value": 0, "max_value": c.MAX_NORM})

    class Config:
        strict = False


class KpiTargets(pa.DataFrameModel):
    """Targets of the quality cycle per region or partnership."""

    scope_code: str = column("Region or partnership code.", required=True, example="OR-RIJNMOND",
                             str_matches=c.CODE)
    kpi: str = column("The KPI.", required=True, example="dropout_rate_h1", isin=c.KPIS)
    academic_year: int = column("Academic year of the target.", required=True, example="2024", **YEAR)
    target_value: float = column("Target value (rates as fractions, amounts in euros), >= 0.", required=True,
                                 example="0,18", in_range={"min_value": 0, "max_value": c.MAX_EUR})
    direction: str = column("lower_is_better or higher_is_better.", required=True, example="lower_is_better",
                            isin=c.DIRECTIONS)

    @pa.dataframe_check(error="target_value: a rate's target (dropout_rate_h1, inflow_rate_havo) must be between 0 and 1")
    def rate_targets_are_fractions(cls, data: pa.PolarsData) -> pl.LazyFrame:
        rate = pl.col("kpi").is_in(c.RATE_KPIS)
        return data.lazyframe.select((~rate | (pl.col("target_value") <= 1)).fill_null(True))

    class Config:
        strict = False
