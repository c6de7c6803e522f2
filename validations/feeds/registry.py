"""The feed registry: every feed of the contract with its Pandera model, who may send it and its
row key. Ingest, the generator, the sender documentation and the warehouse tables all read this."""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import cached_property

import pandera.polars as pa
import polars as pl

from validations.feeds import codes as c
from validations.feeds.duo import Croho, Duo1cho, DuoExamens, DuoIntake
from validations.feeds.dutch import DUTCH
from validations.feeds.institute import Enrolments
from validations.feeds.names import FEED_NAMES
from validations.feeds.reference import Institutions, KpiTargets, Norms, Partnerships, Regions, Schools, Subjects
from validations.feeds.schools import Capacity, Costs, Funding, Placements, VoOutflow


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    required: bool
    doc: str
    example: str
    pseudonymise: bool
    lower: bool
    checks: tuple
    dutch: tuple[str, ...] = ()       # Dutch header names a file may use instead (validations/feeds/dutch.py)

    @property
    def kind(self) -> str:
        """One of: string, int, decimal, date, bool — how ingest parses the delivered text."""
        if self.dtype == pl.Int64:
            return "int"
        if self.dtype == pl.Float64:
            return "decimal"
        if self.dtype == pl.Date:
            return "date"
        if self.dtype == pl.Boolean:
            return "bool"
        return "string"

    @property
    def sql_type(self) -> str:
        return {"int": "BIGINT", "decimal": "DOUBLE", "date": "DATE", "bool": "BOOLEAN"}.get(self.kind, "VARCHAR")


@dataclass(frozen=True)
class Feed:
    name: str
    model: type[pa.DataFrameModel]
    senders: tuple[str, ...]          # sender kinds: institution, school, partnership, region, NL, DUO
    key: tuple[str, ...] = ()         # row key; later copies within a delivery are rejected
    reference: bool = False
    own_layout: bool = False          # a file in its publisher's own layout: its adapter (sources.duo.READERS)
                                      # turns the bytes into a TextTable of this model's columns
    free_names: bool = False          # any file name; the delivery key is the feed and the file name

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        out = []
        for name, col in self.schema.columns.items():
            meta = col.metadata or {}
            out.append(Column(name=name, dtype=col.dtype.type, required=meta.get("required", False),
                              doc=col.description or "", example=meta.get("example", ""),
                              pseudonymise=meta.get("pseudonymise", False), lower=meta.get("lower", False),
                              checks=tuple(col.checks), dutch=() if self.own_layout else DUTCH.get(name, ())))
        return tuple(out)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {col.name: col.dtype for col in self.columns}

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.model.__doc__ or "")

    def accepts_sender(self, sender: str) -> bool:
        return any(re.fullmatch(SENDER_PATTERNS[kind], sender) for kind in self.senders)   # no "$" before a newline


SENDER_PATTERNS = {
    "institution": c.BRIN, "school": c.SCHOOL, "partnership": c.CODE, "region": c.CODE,
    "NL": r"^NL$", "DUO": r"^DUO$",
}
REFERENCE_SENDERS = ("region", "NL")

FEEDS: dict[str, Feed] = {f.name: f for f in [
    Feed("enrolments", Enrolments, ("institution",), key=("student_key", "programme_code", "academic_year")),
    Feed("placements", Placements, ("partnership",), key=("request_id",)),
    Feed("capacity", Capacity, ("school", "partnership"), key=("school_code", "academic_year", "sector", "subject")),
    Feed("costs", Costs, ("school", "partnership")),
    Feed("funding", Funding, ("partnership", "region")),
    Feed("vo_outflow", VoOutflow, ("school", "region", "DUO"), key=("school_code", "exam_year", "track")),
    Feed("regions", Regions, REFERENCE_SENDERS, key=("region_code",), reference=True),
    Feed("partnerships", Partnerships, REFERENCE_SENDERS, key=("partnership_code",), reference=True),
    Feed("schools", Schools, REFERENCE_SENDERS, key=("school_code",), reference=True),
    Feed("institutions", Institutions, REFERENCE_SENDERS, key=("institution_code",), reference=True),
    Feed("subjects", Subjects, REFERENCE_SENDERS, key=("subject",), reference=True),
    Feed("norms", Norms, REFERENCE_SENDERS, key=("norm", "academic_year"), reference=True),
    Feed("kpi_targets", KpiTargets, REFERENCE_SENDERS, key=("scope_code", "kpi", "academic_year"), reference=True),
    # DUO's own files, as DUO publishes them (sources/duo reads their layouts)
    Feed("duo_examens", DuoExamens, ("DUO",), own_layout=True, free_names=True),
    Feed("duo_intake", DuoIntake, ("DUO",), own_layout=True, free_names=True),
    Feed("duo_1cho", Duo1cho, ("DUO",), own_layout=True, free_names=True),
    Feed("croho", Croho, ("DUO",), key=("institution_code", "programme_code"), reference=True,
         own_layout=True, free_names=True),
]}
if tuple(FEEDS) != FEED_NAMES:                     # names.py is read without this module: keep them one
    raise ImportError(f"validations/feeds/names.py lists {FEED_NAMES}, the registry {tuple(FEEDS)}")
