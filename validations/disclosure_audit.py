"""Exact integer-programming disclosure audit (marts.md "Small cells", contract 2; issue 12).

A reader of the published snapshot knows every visible count, every published rate and total, and
how the marts relate (cells add up to rows, rows to regions, rates are numerator / denominator).
This module writes all of that down as linear relations over integer unknowns - one per suppressed
denominator and count - and asks HiGHS for the smallest and largest value each unknown can take.
A value whose minimum equals its maximum is given away (pinned). A value pinned to 0 because it is
a part of a total published as zero (a count of 0, a rate of 0.000) is reported apart (`by_zero`):
the published figure says it of its whole group, and contract 2 never withholds the total
(docs/disclosure.md, "Published zeros").

The model must be sound: every relation family is checked against the private detail before it is
used (a family that does not hold on every instance is left out and reported), and the truth of
every unknown must lie inside its interval. What a reader does not know is not used: a suppressed
row only says its denominator is at least 1 (rows exist only with people), never which rule
suppressed it.

Solving: unknowns linked by relations form components (roughly one per cohort or academic year);
per component, LP bounds (linprog) first; an unknown whose LP interval is wide is proved unpinned by
two integer solutions found on the way, and only narrow ones get an exact MILP minimum and maximum.
"""
from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack

OUTCOMES = ("graduated", "enrolled_same", "switched", "dropped_out")
GRAINS = {
    "dropout_cohort": ("region_code", "partnership_code", "programme_type", "study_mode", "cohort_year",
                       "horizon_years"),
    "dropout_by_group": ("region_code", "cohort_year", "dimension", "dimension_value"),
    "cost_per_supervised_student": ("region_code", "partnership_code", "academic_year"),
    "feeder_schools": ("school_code", "exam_year", "track"),
}
DETAIL = {"dropout_cohort": "dropout_cohort_detail", "dropout_by_group": "dropout_by_group_detail",
          "cost_per_supervised_student": "cost_per_supervised_student_detail",
          "feeder_schools": "feeder_schools_detail"}
INF = math.inf
INTEGRAL = 1e-6          # how far from an integer an LP bound may be and still count as that integer


# --- linear expressions and the model ------------------------------------------------------------

@dataclass
class Lin:
    """sum(coef * unknown) + const; a visible count is a Lin with only a constant."""
    coefs: dict = field(default_factory=dict)
    const: float = 0.0

    def __add__(self, other: Lin) -> Lin:
        coefs = dict(self.coefs)
        for k, v in other.coefs.items():
            coefs[k] = coefs.get(k, 0.0) + v
        return Lin(coefs, self.const + other.const)

    def __sub__(self, other: Lin) -> Lin:
        return self + other.scale(-1.0)

    def scale(self, factor: float) -> Lin:
        return Lin({k: v * factor for k, v in self.coefs.items()}, self.const * factor)


def total(terms) -> Lin:
    out = Lin()
    for t in terms:
        out = out + t
    return out


@dataclass
class Relation:
    """lo <= expr <= hi, one instance of a relation family."""
    family: str
    expr: Lin
    lo: float
    hi: float


@dataclass
class Model:
    keys: list = field(default_factory=list)          # (mart, row key, column) per unknown
    lower: list = field(default_factory=list)
    index: dict = field(default_factory=dict)
    relations: list = field(default_factory=list)
    zero_parts: set = field(default_factory=set)      # unknowns a published zero bounds by 0 (see relate)

    def unknown(self, key: tuple, lower: float = 0.0) -> Lin:
        if key not in self.index:
            self.index[key] = len(self.keys)
            self.keys.append(key)
            self.lower.append(lower)
        return Lin({self.index[key]: 1.0})

    def relate(self, family: str, expr: Lin, lo: float = 0.0, hi: float | None = None) -> None:
        """lo <= expr <= hi; with whole coefficients the sides are rounded inwards to whole numbers
        (counts are integers), which also keeps HiGHS away from slivers of width 1e-9."""
        hi = lo if hi is None else hi
        coefs = {k: v for k, v in expr.coefs.items() if abs(v) > 1e-12}
        lo, hi = lo - expr.const, hi - expr.const
        if all(float(v).is_integer() for v in coefs.values()) and float(expr.const).is_integer():
            lo = math.ceil(lo - 1e-7) if lo > -INF else lo
            hi = math.floor(hi + 1e-7) if hi < INF else hi
        self.relations.append(Relation(family, Lin(coefs), lo, hi))
        if coefs and ((hi <= 0 and min(coefs.values()) > 0) or (lo >= 0 and max(coefs.values()) < 0)):
            self.zero_parts |= set(coefs)        # non-negative parts of a sum published as zero

    def equal(self, family: str, a: Lin, b: Lin) -> None:
        self.relate(family, a - b, 0.0)

    def rate(self, family: str, numerator: Lin, denominator: Lin, value: float) -> None:
        """A published rate: (value - tol) * den <= num <= (value + tol) * den, tol from its digits."""
        if value is None or pd.isna(value):
            return
        tol = rounding(value)
        if value == 0:                   # a rate published as 0: its numerator's parts are bounded by it
            self.zero_parts |= {k for k, v in numerator.coefs.items() if v > 0}
        exact = fraction(value) if tol < 1e-6 else None
        if exact is not None:          # full precision: num * q = den * p, in whole numbers
            self.relate(family, numerator.scale(exact.denominator) - denominator.scale(exact.numerator), 0.0)
            return
        self.relate(family, numerator - denominator.scale(value - tol), 0.0, INF)
        self.relate(family, numerator - denominator.scale(value + tol), -INF, 0.0)


def fraction(value: float, largest: int = 10**6) -> Fraction | None:
    """The fraction p/q (q <= largest) a full-precision double is: any other such fraction lies
    at least 1e-12 away from it, a double's own error is below 1e-15."""
    exact = Fraction(value).limit_denominator(largest)
    return exact if abs(float(exact) - value) <= 1e-13 * max(1.0, abs(value)) else None


def rounding(value: float) -> float:
    """Half a unit of the last decimal the value shows (3 decimals: 0.0005); a value at full
    double precision is known to 1e-9 of itself."""
    for digits in range(10):
        if abs(value - round(value, digits)) <= 1e-9 * max(1.0, abs(value)):
            return 0.5 * 10.0 ** -digits
    return 1e-9 * max(1.0, abs(value))


# --- what a reader sees ------------------------------------------------------------------------------

def _connect(published, warehouse) -> duckdb.DuckDBPyConnection:
    """One connection with the private warehouse as main and the snapshot attached as `pub`."""
    if isinstance(warehouse, duckdb.DuckDBPyConnection):
        con = warehouse
    else:
        con = duckdb.connect(str(warehouse), read_only=True)
    attached = {r[0] for r in con.execute("select database_name from duckdb_databases()").fetchall()}
    if "pub" not in attached:
        con.execute(f"attach '{Path(published)}' as pub (read_only)")
    return con


@dataclass
class Snapshot:
    marts: dict                 # mart -> DataFrame as published
    threshold: int
    schools: pd.DataFrame       # school_code -> partnership_code, region_code (marts.schools)
    partnerships: pd.DataFrame  # partnership_code -> region_code
    deliveries: pd.DataFrame    # placements files: sender, academic_year, rows_loaded


def read_snapshot(con) -> Snapshot:
    marts = {m: con.execute(f"select * from pub.marts.{m}").df()
             for m in (*GRAINS, "kpi_scorecard", "capacity_region")}
    threshold = int(con.execute("select small_cell_threshold from pub.ops.snapshot").fetchone()[0])
    schools = con.execute("select school_code, partnership_code, region_code from pub.marts.schools").df()
    partnerships = con.execute("select partnership_code, region_code from pub.marts.partnerships").df()
    deliveries = con.execute("""select sender, academic_year, sum(rows_loaded) as rows_loaded
                                from pub.ops.deliveries where feed = 'placements' and status = 'loaded'
                                group by all""").df()
    return Snapshot(marts, threshold, schools, partnerships, deliveries)


# --- the people columns: a constant where visible, an unknown where suppressed ----------------------

PEOPLE = {"dropout_cohort": ("cohort_size", *OUTCOMES), "dropout_by_group": ("cohort_size", *OUTCOMES),
          "cost_per_supervised_student": ("supervised_students",),
          "feeder_schools": ("graduates", "entered_teacher_training")}
DENOMINATOR = {"dropout_cohort": "cohort_size", "dropout_by_group": "cohort_size",
               "cost_per_supervised_student": "supervised_students", "feeder_schools": "graduates"}


def cell_key(mart: str, key: tuple, column: str) -> tuple:
    """The unknown's key: a cohort's size is one unknown over every horizon."""
    if mart == "dropout_cohort" and column == "cohort_size":
        return mart, key[:-1], column
    return mart, key, column


def people_terms(model: Model, snap: Snapshot) -> dict:
    """(mart, row key, column) -> Lin for every people column of every published row; bounds
    0 <= count <= denominator and denominator >= 1 for the unknowns."""
    terms = {}
    sizes = _visible_cohort_sizes(snap.marts["dropout_cohort"])
    for mart, grain in GRAINS.items():
        for row in snap.marts[mart].itertuples(index=False):
            key = tuple(getattr(row, g) for g in grain)
            if not row.suppressed:
                for col in PEOPLE[mart]:
                    terms[mart, key, col] = Lin(const=float(getattr(row, col)))
                continue
            den_col = DENOMINATOR[mart]
            if mart == "dropout_cohort" and key[:-1] in sizes:     # visible at another horizon
                den = Lin(const=sizes[key[:-1]])
            else:
                den = model.unknown(cell_key(mart, key, den_col), lower=1.0)
            terms[mart, key, den_col] = den
            for col in PEOPLE[mart]:
                if col != den_col:
                    terms[mart, key, col] = count = model.unknown(cell_key(mart, key, col))
                    model.relate("bounds: count <= denominator", count - den, -INF, 0.0)
    return terms


def _visible_cohort_sizes(dc: pd.DataFrame) -> dict:
    shown = dc[~dc.suppressed]
    return {tuple(r[:5]): float(r[5]) for r in shown[[*GRAINS["dropout_cohort"][:5], "cohort_size"]]
            .itertuples(index=False)}


def get(terms: dict, mart: str, key: tuple, column: str) -> Lin:
    """A missing row holds nobody."""
    return terms.get((mart, key, column), Lin())


# --- relation families ---------------------------------------------------------------------------------

def outcome_relations(model: Model, snap: Snapshot, terms: dict) -> None:
    """Every member has exactly one status; a graduate stays a graduate at later horizons."""
    for mart in ("dropout_cohort", "dropout_by_group"):
        for row in snap.marts[mart][snap.marts[mart].suppressed].itertuples(index=False):
            key = tuple(getattr(row, g) for g in GRAINS[mart])
            parts = total(get(terms, mart, key, c) for c in OUTCOMES)
            model.equal(f"{mart}: outcomes add up to cohort_size", parts, get(terms, mart, key, "cohort_size"))
    dc = snap.marts["dropout_cohort"]
    for row in dc[dc.suppressed].itertuples(index=False):
        key = tuple(getattr(row, g) for g in GRAINS["dropout_cohort"])
        later = key[:-1] + (key[-1] + 1,)
        if ("dropout_cohort", later, "graduated") in terms:
            model.relate("dropout_cohort: graduated never decreases over horizons",
                         get(terms, "dropout_cohort", key, "graduated")
                         - get(terms, "dropout_cohort", later, "graduated"), -INF, 0.0)


def _groups(frame: pd.DataFrame, by: list, grain: tuple) -> dict:
    """group value -> list of row keys."""
    out = defaultdict(list)
    for row in frame.itertuples(index=False):
        out[tuple(getattr(row, b) for b in by)].append(tuple(getattr(row, g) for g in grain))
    return out


def _sum(terms: dict, mart: str, keys, column: str) -> Lin:
    return total(get(terms, mart, k, column) for k in keys)


def group_relations(model: Model, snap: Snapshot, terms: dict, fds: dict) -> None:
    """dropout_by_group: every dimension adds up to the region's cohort; a programme_type or
    study_mode row is the sum of the region's horizon-1 dropout_cohort cells; a dimension that a
    programme type determines (degree_level) is a sum of programme_type rows."""
    dg, dc = snap.marts["dropout_by_group"], snap.marts["dropout_cohort"]
    rows = _groups(dg, ["region_code", "cohort_year", "dimension"], GRAINS["dropout_by_group"])
    cells = _groups(dc[dc.horizon_years == 1], ["region_code", "cohort_year"], GRAINS["dropout_cohort"])
    for (region, year) in {(r, y) for r, y, _ in rows}:
        dims = sorted(d for r, y, d in rows if (r, y) == (region, year))
        for col in ("cohort_size", *OUTCOMES):
            first = _sum(terms, "dropout_by_group", rows[region, year, dims[0]], col)
            for dim in dims[1:]:
                model.equal("dropout_by_group: every dimension adds up to the region cohort",
                            _sum(terms, "dropout_by_group", rows[region, year, dim], col), first)
            for dim, position in (("programme_type", 2), ("study_mode", 3)):
                by_value = defaultdict(list)
                for k in cells.get((region, year), []):
                    by_value[k[position]].append(k)
                values = set(by_value) | {k[3] for k in rows.get((region, year, dim), [])}
                for value in values:
                    model.equal(f"dropout_by_group {dim} row = its dropout_cohort cells (horizon 1)",
                                get(terms, "dropout_by_group", (region, year, dim, value), col),
                                _sum(terms, "dropout_cohort", by_value[value], col))
            for (dim_a, dim_b), mapping in fds.items():
                for value_b in set(mapping.values()):
                    parts = [(region, year, dim_a, a) for a, b in mapping.items() if b == value_b]
                    model.equal(f"dropout_by_group {dim_b} row = sum of its {dim_a} rows",
                                get(terms, "dropout_by_group", (region, year, dim_b, value_b), col),
                                _sum(terms, "dropout_by_group", parts, col))


def national_rate_relations(model: Model, snap: Snapshot, terms: dict) -> None:
    """National rates over every region (onbekend included) of the unsuppressed detail."""
    specs = [("dropout_cohort", ["programme_type", "study_mode", "cohort_year", "horizon_years"],
              "national_dropout_rate", "dropped_out", "cohort_size"),
             ("dropout_by_group", ["cohort_year", "dimension", "dimension_value"], "national_dropout_rate",
              "dropped_out", "cohort_size"),
             ("feeder_schools", ["exam_year", "track"], "national_inflow_rate", "entered_teacher_training",
              "graduates")]
    for mart, by, rate_col, num, den in specs:
        frame = snap.marts[mart]
        rates = frame.groupby(by)[rate_col].first()
        for group, keys in _groups(frame, by, GRAINS[mart]).items():
            model.rate(f"{mart} {rate_col}", _sum(terms, mart, keys, num), _sum(terms, mart, keys, den),
                       rates.get(group))


def kpi_relations(model: Model, snap: Snapshot, terms: dict) -> None:
    """kpi_scorecard values of regions and partnerships and the national values."""
    kpi = snap.marts["kpi_scorecard"]
    dc = snap.marts["dropout_cohort"]
    dc1 = dc[dc.horizon_years == 1]
    fs = snap.marts["feeder_schools"].merge(snap.schools[["school_code", "partnership_code"]], how="left")
    havo = fs[fs.track == "havo"]
    cost = snap.marts["cost_per_supervised_student"]
    sources = {"dropout_rate_h1": ("dropout_cohort", dc1, "cohort_year", "dropped_out", "cohort_size"),
               "inflow_rate_havo": ("feeder_schools", havo, "exam_year", "entered_teacher_training", "graduates")}
    for row in kpi.itertuples(index=False):
        scope = {"region": "region_code", "partnership": "partnership_code"}.get(row.scope_type)
        if row.kpi in sources:
            mart, frame, year_col, num, den = sources[row.kpi]
            scoped = frame[frame[year_col] == row.academic_year]
            keys_all = [tuple(r) for r in scoped[list(GRAINS[mart])].itertuples(index=False)]
            keys = [tuple(r) for r in scoped[scoped[scope] == row.scope_code][list(GRAINS[mart])]
                    .itertuples(index=False)]
            model.rate(f"kpi_scorecard {row.kpi} ({row.scope_type})", _sum(terms, mart, keys, num),
                       _sum(terms, mart, keys, den), row.value)
            model.rate(f"kpi_scorecard {row.kpi} national_value", _sum(terms, mart, keys_all, num),
                       _sum(terms, mart, keys_all, den), row.national_value)
        elif row.kpi == "cost_per_supervised_student":
            scoped = cost[cost.academic_year == row.academic_year]
            for value, rows, family in ((row.value, scoped[scoped[scope] == row.scope_code], row.scope_type),
                                        (row.national_value, scoped, "national_value")):
                _cost_rate(model, terms, rows, value, f"kpi_scorecard cost_per_supervised_student ({family})")


def _cost_rate(model: Model, terms: dict, rows: pd.DataFrame, value: float, family: str) -> None:
    """Euros stay visible, so a cost per student bounds the students: euros / (value +- tol)."""
    if value is None or pd.isna(value) or value <= 0:
        return
    tol = rounding(value)
    euros = float(rows.supervision_cost_eur.sum())
    keys = [tuple(r) for r in rows[list(GRAINS["cost_per_supervised_student"])].itertuples(index=False)]
    students = _sum(terms, "cost_per_supervised_student", keys, "supervised_students")
    hi = euros / (value - tol) if value > tol else INF
    model.relate(family, students, euros / (value + tol), hi)


def subsidy_relations(model: Model, snap: Snapshot, terms: dict) -> None:
    """The subsidy is paid per supervised student: subsidy_eur = norm x students, to the cent."""
    cost = snap.marts["cost_per_supervised_student"]
    for row in cost[cost.suppressed & cost.subsidy_eur.notna()].itertuples(index=False):
        key = tuple(getattr(row, g) for g in GRAINS["cost_per_supervised_student"])
        students = get(terms, "cost_per_supervised_student", key, "supervised_students")
        norm = row.subsidy_norm_per_student_eur
        if norm and not pd.isna(norm):
            model.relate("cost_per_supervised_student subsidy_eur = norm x students",
                         students.scale(norm), row.subsidy_eur - 0.01, row.subsidy_eur + 0.01)


def placement_relations(model: Model, snap: Snapshot, terms: dict) -> None:
    """students_unplaced of a region = its partnerships' (and capacity_region's over sectors);
    capacity_region's students_placed over sectors = the region's supervised students; a
    partnership's placements file has at least one row per requesting student."""
    kpi = snap.marts["kpi_scorecard"]
    unplaced = kpi[kpi.kpi == "students_unplaced"]
    region_of = dict(zip(snap.partnerships.partnership_code, snap.partnerships.region_code))
    values = {}
    for row in unplaced.itertuples(index=False):
        known = not pd.isna(row.value)
        values[row.scope_code, row.academic_year] = (
            Lin(const=float(row.value)) if known
            else model.unknown(("kpi_scorecard", (row.scope_code, row.academic_year), "students_unplaced")))
    cap = snap.marts["capacity_region"].groupby(["region_code", "academic_year"])[
        ["students_placed", "students_unplaced"]].sum()
    cost = snap.marts["cost_per_supervised_student"]
    regions = set(snap.partnerships.region_code)
    for year in sorted(set(unplaced.academic_year)):
        region_totals = []
        for region in regions:
            partnerships = [p for p, r in region_of.items() if r == region]
            part_sum = total(values.get((p, year), Lin()) for p in partnerships)
            region_value = values.get((region, year), Lin())
            region_totals.append(region_value)
            model.equal("kpi_scorecard students_unplaced: region = its partnerships", region_value, part_sum)
            if (region, year) in cap.index:
                model.equal("capacity_region students_unplaced over sectors = kpi region value",
                            region_value, Lin(const=float(cap.loc[(region, year), "students_unplaced"])))
                keys = [tuple(r) for r in cost[(cost.region_code == region) & (cost.academic_year == year)]
                        [list(GRAINS["cost_per_supervised_student"])].itertuples(index=False)]
                model.equal("capacity_region students_placed over sectors = region's supervised students",
                            _sum(terms, "cost_per_supervised_student", keys, "supervised_students"),
                            Lin(const=float(cap.loc[(region, year), "students_placed"])))
        national = unplaced[unplaced.academic_year == year].national_value.dropna()
        if len(national):
            model.equal("kpi_scorecard students_unplaced national_value = sum of regions",
                        total(region_totals), Lin(const=float(national.iloc[0])))
    for row in snap.deliveries.itertuples(index=False):
        rows = cost[(cost.partnership_code == row.sender) & (cost.academic_year == row.academic_year)]
        keys = [tuple(r) for r in rows[list(GRAINS["cost_per_supervised_student"])].itertuples(index=False)]
        requests = (_sum(terms, "cost_per_supervised_student", keys, "supervised_students")
                    + values.get((row.sender, row.academic_year), Lin()))
        model.relate("ops.deliveries placements rows >= requesting students", requests, -INF,
                     float(row.rows_loaded))


# --- truth from the private detail ----------------------------------------------------------------

def truth(con, model: Model) -> np.ndarray:
    """The private value of every unknown (NaN where the detail has no row)."""
    known = {}
    for mart, grain in GRAINS.items():
        frame = con.execute(f"select * from private.{DETAIL[mart]}").df()
        for row in frame.itertuples(index=False):
            key = tuple(getattr(row, g) for g in grain)
            for col in PEOPLE[mart]:
                known[cell_key(mart, key, col)] = float(getattr(row, col))
    for scope in ("region_code", "partnership_code"):
        for code, year, value in con.execute(f"""
                select {scope}, academic_year,
                       count(distinct student_key) - count(distinct student_key) filter (where placed)
                from (select {scope}, academic_year, student_key, bool_or(status = 'geplaatst') as placed
                      from intermediate.int_placements where status <> 'geannuleerd' group by all)
                group by all""").fetchall():
            known["kpi_scorecard", (code, year), "students_unplaced"] = float(value)
    # a scope without a placement request that year has a scorecard row (its target) with no value: 0 unplaced
    return np.array([known.get(k, 0.0 if k[2] == "students_unplaced" else np.nan) for k in model.keys])


def functional_dependencies(con) -> dict:
    """(dim_a, dim_b) -> {a: b} where every cohort member's dim_a value fixes its dim_b value (the
    programme taxonomy a reader knows, e.g. programme_type -> degree_level)."""
    dims = ["programme_type", "institution_type", "degree_level", "study_mode", "route", "prior_education"]
    out = {}
    for a in dims:
        for b in dims:
            if a == b:
                continue
            pairs = con.execute(f"select distinct {a}, {b} from intermediate.int_cohort_members").fetchall()
            mapping = dict(pairs)
            if len(mapping) == len(pairs):
                out[a, b] = {str(k): str(v) for k, v in mapping.items()}
    return out


def verify(model: Model, values: np.ndarray, tol: float = 1e-6) -> dict:
    """family -> number of instances the private detail breaks."""
    broken = defaultdict(int)
    for rel in model.relations:
        x = sum(c * values[i] for i, c in rel.expr.coefs.items())
        if not (rel.lo - tol * max(1, abs(rel.lo)) <= x <= rel.hi + tol * max(1, abs(rel.hi))) or np.isnan(x):
            broken[rel.family] += 1
    return dict(broken)


def build(con) -> tuple[Model, Snapshot]:
    snap = read_snapshot(con)
    model = Model()
    terms = people_terms(model, snap)
    outcome_relations(model, snap, terms)
    group_relations(model, snap, terms, functional_dependencies(con))
    national_rate_relations(model, snap, terms)
    kpi_relations(model, snap, terms)
    subsidy_relations(model, snap, terms)
    placement_relations(model, snap, terms)
    model.relations = _unique(model.relations)
    return model, snap


def _unique(relations: list) -> list:
    """The same relation once (a national value is repeated on every scope's row)."""
    seen, out = set(), []
    for rel in relations:
        key = (rel.family, tuple(sorted(rel.expr.coefs.items())), rel.lo, rel.hi)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out


# --- solving ---------------------------------------------------------------------------------------

@dataclass
class Component:
    """Unknowns linked by relations, as local matrices lo <= A x <= hi, x >= lower, integral."""
    unknowns: list
    A: csr_matrix
    lo: np.ndarray
    hi: np.ndarray
    lower: np.ndarray
    families: list              # family of every row of A

    def __post_init__(self):
        """linprog's form, built once: equalities apart, ranges as two inequalities."""
        eq = self.lo == self.hi
        up, down = ~eq & np.isfinite(self.hi), ~eq & np.isfinite(self.lo)
        self.A_eq, self.b_eq = (self.A[eq], self.lo[eq]) if eq.any() else (None, None)
        self.A_ub = vstack([self.A[up], -self.A[down]]).tocsr() if (up | down).any() else None
        self.b_ub = np.concatenate([self.hi[up], -self.lo[down]]) if (up | down).any() else None
        self.bounds = [(lb, None) for lb in self.lower]

    def feasible(self, x: np.ndarray) -> bool:
        """Whether a whole-number point meets every relation (an integer witness)."""
        ax = self.A @ x
        return bool((x >= self.lower).all() and (ax >= self.lo - 1e-6).all() and (ax <= self.hi + 1e-6).all())


def components(model: Model) -> list[Component]:
    """Split the unknowns into independent groups (union-find over shared relations)."""
    parent = list(range(len(model.keys)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    relations = [r for r in model.relations if r.expr.coefs]
    for rel in relations:
        first, *rest = rel.expr.coefs
        for other in rest:
            parent[find(other)] = find(first)
    members = defaultdict(list)
    for i in range(len(model.keys)):
        members[find(i)].append(i)
    rels = defaultdict(list)
    for rel in relations:
        rels[find(next(iter(rel.expr.coefs)))].append(rel)
    return [_matrices(model, unknowns, rels[root]) for root, unknowns in members.items()]


def _matrices(model: Model, unknowns: list, relations: list) -> Component:
    local = {g: i for i, g in enumerate(unknowns)}
    rows, cols, data = [], [], []
    for r, rel in enumerate(relations):
        for g, c in rel.expr.coefs.items():
            rows.append(r), cols.append(local[g]), data.append(c)
    A = csr_matrix((data, (rows, cols)), shape=(len(relations), len(unknowns)))
    return Component(unknowns, A, np.array([r.lo for r in relations], dtype=float),
                     np.array([r.hi for r in relations], dtype=float),
                     np.array([model.lower[g] for g in unknowns], dtype=float), [r.family for r in relations])


def _lp(comp: Component, i: int, sense: float) -> tuple[float, np.ndarray | None]:
    """LP relaxation bound of unknown i (sense +1: min, -1: max; +-inf when unbounded) and the
    optimal point."""
    c = np.zeros(len(comp.unknowns))
    c[i] = sense
    res = linprog(c, A_ub=comp.A_ub, b_ub=comp.b_ub, A_eq=comp.A_eq, b_eq=comp.b_eq, bounds=comp.bounds,
                  method="highs")
    if res.status == 3:
        return -sense * INF, None
    if res.status != 0:
        raise RuntimeError(f"LP failed ({res.message}): the model contradicts itself")
    return sense * res.fun, res.x


def _milp(comp: Component, c: np.ndarray, time_limit: float) -> tuple[np.ndarray | None, float]:
    """Best integer solution for objective c and a proven bound on c @ x (-inf when unbounded);
    out of time, the bound is HiGHS's dual bound, so it stays valid but may not be attained. Which
    MILPs run out of time depends on the machine's speed and load: a test that must give the same
    answer everywhere sets a limit far above what its MILPs need. (HiGHS's node limit is no
    deterministic alternative: scipy returns neither solution nor bound when it is reached.)"""
    res = milp(c, integrality=np.ones(len(c)), bounds=Bounds(comp.lower, np.inf),
               constraints=LinearConstraint(comp.A, comp.lo, comp.hi), options={"time_limit": time_limit})
    if res.status == 2:
        raise RuntimeError("MILP infeasible: the model contradicts itself")
    if res.status == 3:
        return None, -INF
    x = None if res.x is None else np.round(res.x)
    bound = getattr(res, "mip_dual_bound", None)
    if res.status == 0 and x is not None:
        bound = float(c @ x)
    return x, (-INF if bound is None or np.isnan(bound) else bound)


@dataclass
class Bound:
    lo: float
    hi: float
    exact_lo: bool = False
    exact_hi: bool = False
    method: str = "lp"
    seconds: float = 0.0


class Witnesses:
    """The smallest and largest value of every unknown over the integer solutions met so far: a
    value reached by one is attainable, so an LP bound it reaches is exact, and two distinct
    values prove an unknown unpinned."""

    def __init__(self, comp: Component):
        self.comp = comp
        self.lo = np.full(len(comp.unknowns), np.inf)
        self.hi = np.full(len(comp.unknowns), -np.inf)

    def add(self, x: np.ndarray | None) -> None:
        if x is None:
            return
        x = np.round(x)
        if self.comp.feasible(x):
            np.minimum(self.lo, x, out=self.lo)
            np.maximum(self.hi, x, out=self.hi)


def solve(comp: Component, wide: int, time_limit: float = 5.0, spread: int = 6) -> tuple[list[Bound], Witnesses]:
    """Bounds of every unknown. An LP interval cannot prove an unknown unpinned (the integer
    solutions may be fewer), integer witnesses can: a few MILPs with spread-out objectives come
    first, and an unknown whose witnesses lie `wide` or more apart is left there (its interval is
    at least that wide). The others get LP bounds, exact where a witness reaches them, and a MILP
    for each end that is not."""
    n = len(comp.unknowns)
    seen = Witnesses(comp)
    rng = np.random.default_rng(0)
    for c in [np.zeros(n), np.ones(n), -np.ones(n)] + [rng.choice([-1.0, 1.0], n) for _ in range(spread - 3)]:
        seen.add(_milp(comp, c, time_limit)[0])
    bounds = []
    for i in range(n):
        start = time.perf_counter()
        if seen.hi[i] - seen.lo[i] >= wide:
            b = Bound(comp.lower[i], INF, method="witness")
        else:
            b = _exact(comp, i, seen, time_limit)
        b.seconds = time.perf_counter() - start
        bounds.append(b)
    return bounds, seen


def _exact(comp: Component, i: int, seen: Witnesses, time_limit: float) -> Bound:
    """Exact minimum and maximum of unknown i: an LP bound a witness reaches, else a MILP."""
    b = Bound(comp.lower[i], INF, method="lp")
    if seen.lo[i] == comp.lower[i]:
        b.lo, b.exact_lo = comp.lower[i], True
    for sense in (1.0, -1.0):
        if sense > 0 and b.exact_lo:
            continue
        bound, x = _lp(comp, i, sense)
        seen.add(x)
        if sense > 0:
            b.lo = math.ceil(bound - INTEGRAL)
            b.exact_lo = seen.lo[i] == b.lo
        else:
            b.hi = math.floor(bound + INTEGRAL) if bound < INF else INF
            b.exact_hi = seen.hi[i] == b.hi or b.lo == b.hi or b.hi == INF    # rational data: unbounded too
    b.exact_lo = b.exact_lo or b.lo == b.hi
    for sense, exact in ((1.0, b.exact_lo), (-1.0, b.exact_hi)):
        if exact:
            continue
        c = np.zeros(len(comp.unknowns))
        c[i] = sense
        x, bound = _milp(comp, c, time_limit)
        seen.add(x)
        b.method = "milp"
        if sense > 0:
            b.lo = max(b.lo, math.ceil(bound - INTEGRAL)) if bound > -INF else b.lo
            b.exact_lo = seen.lo[i] == b.lo
        else:
            b.hi = min(b.hi, math.floor(-bound + INTEGRAL)) if bound > -INF else b.hi
            b.exact_hi = seen.hi[i] == b.hi
    return b


# --- the audit -------------------------------------------------------------------------------------

@dataclass
class Audit:
    values: pd.DataFrame        # one row per suppressed value
    dropped: dict               # relation family -> instances the private detail breaks (left out)
    families: dict              # relation family -> instances used
    threshold: int
    seconds: float
    model: Model = None


YEAR = {"dropout_cohort": 4, "dropout_by_group": 1, "cost_per_supervised_student": 2, "feeder_schools": 1,
        "kpi_scorecard": 1}


def year_of(key: tuple) -> int:
    """The cohort, academic or exam year of an unknown's row."""
    mart, row, _ = key
    return int(row[YEAR[mart]])


def audit(published, warehouse, wide: int | None = None, time_limit: float = 5.0,
          years: set | None = None) -> Audit:
    """Min and max of every suppressed value under every published relation that holds.
    `published`: path of published.duckdb; `warehouse`: path of warehouse.duckdb or a connection;
    `years`: audit only the components holding a value of these years (components are
    independent, so their results are the same as in a full audit; a smaller run for CI)."""
    start = time.perf_counter()
    con = _connect(published, warehouse)
    model, snap = build(con)
    values = truth(con, model)
    dropped = verify(model, values)
    model.relations = [r for r in model.relations if r.family not in dropped]
    families = defaultdict(int)
    for rel in model.relations:
        families[rel.family] += 1
    wide = snap.threshold if wide is None else wide
    rows = []
    for number, comp in enumerate(components(model)):
        if years is not None and not any(year_of(model.keys[g]) in years for g in comp.unknowns):
            continue
        bounds, seen = solve(comp, wide, time_limit)
        for i, (g, b) in enumerate(zip(comp.unknowns, bounds)):
            mart, key, column = model.keys[g]
            rows.append({"mart": mart, "key": key, "column": column, "lo": b.lo, "hi": b.hi,
                         "exact": b.exact_lo and b.exact_hi, "pinned": b.lo == b.hi, "method": b.method,
                         "by_zero": b.lo == b.hi == 0 and g in model.zero_parts,
                         "unpinned": seen.hi[i] > seen.lo[i] or (b.exact_lo and b.exact_hi and b.lo < b.hi),
                         "truth": values[g], "seen_lo": seen.lo[i], "seen_hi": seen.hi[i],
                         "component": number, "component_size": len(comp.unknowns), "seconds": b.seconds})
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["inside"] = (frame.truth >= frame.lo) & (frame.truth <= frame.hi)
        frame["lower_ok"] = frame.truth >= [model.lower[model.index[(m, k, c)]]
                                            for m, k, c in zip(frame.mart, frame.key, frame.column)]
    return Audit(frame, dropped, dict(families), snap.threshold, time.perf_counter() - start, model)


def _without(comp: Component, families) -> Component:
    keep = np.array([f not in families for f in comp.families])
    return Component(comp.unknowns, comp.A[keep], comp.lo[keep], comp.hi[keep], comp.lower,
                     [f for f in comp.families if f not in families])


def _component_of(model: Model, key: tuple) -> tuple[Component, int]:
    target = model.index[key]
    comp = next(c for c in components(model) if target in c.unknowns)
    return comp, comp.unknowns.index(target)


def pinning_families(result: Audit, key: tuple) -> list[str]:
    """The relation families a pinned value needs: those whose removal opens its LP interval
    (an indication, not a proof: the LP relaxation of the model without the family)."""
    comp, i = _component_of(result.model, key)
    needed = []
    for family in sorted(set(comp.families)):
        reduced = _without(comp, {family})
        lo, _ = _lp(reduced, i, 1.0)
        hi, _ = _lp(reduced, i, -1.0)
        if math.floor(hi + INTEGRAL) > math.ceil(lo - INTEGRAL):
            needed.append(family)
    return needed


def national(family: str) -> bool:
    """A relation of a national figure (a national rate or KPI value, the national unplaced sum)."""
    return "national" in family


def integer_interval(result: Audit, key: tuple, leave_out=lambda family: False,
                     time_limit: float = 5.0) -> tuple[float, float]:
    """Min and max of one value over the integer solutions of the model without the families
    `leave_out` names: whether a value is pinned by those families alone or by the others too.
    Proven bounds (a limit reached leaves the dual bound, so the interval is an outer one)."""
    comp, i = _component_of(result.model, key)
    reduced = _without(comp, {f for f in comp.families if leave_out(f)})
    ends = []
    for sense in (1.0, -1.0):
        c = np.zeros(len(comp.unknowns))
        c[i] = sense
        _, bound = _milp(reduced, c, time_limit)
        ends.append(sense * bound if bound > -INF else None)
    lo, hi = ends
    return (comp.lower[i] if lo is None else max(math.ceil(lo - INTEGRAL), comp.lower[i]),
            INF if hi is None else math.floor(hi + INTEGRAL))
