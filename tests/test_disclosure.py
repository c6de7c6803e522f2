"""Disclosure review (docs/disclosure.md) as an attack on a generated home: every differencing route
a reader of the published snapshot has is written down as equations "total = sum of parts" (or "rate
= sum of numerators / sum of denominators"), and every equation with exactly one unknown is solved.
The same attacks run against what the marts would publish with small-cell suppression alone, built
from the private detail: there they recover suppressed cells, which proves they work; against the
published snapshot (contract 2 of marts.md: rows suppressed to protect others, totals' rates at 3
decimals, subsidy euros with the row's people) they must recover nothing. The exact attack over all
equations at once is tests/test_disclosure_audit.py."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest


# contract 2 publishes the rates of totals rounded to 3 decimals: a guess fits within half a thousandth
RATE_TOLERANCE = 0.0005


@pytest.fixture(scope="module")
def home(region_home) -> Path:
    """Three regions, so that national totals are more than one region's (shared with the audit)."""
    return region_home(3)


@pytest.fixture(scope="module")
def con(home):
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    con.execute(f"attach '{home / 'published.duckdb'}' as published (read_only)")
    yield con
    con.close()


@pytest.fixture(scope="module")
def threshold(con) -> int:
    return int(con.execute("select small_cell_threshold from published.ops.snapshot").fetchone()[0])


# --- what a reader sees ------------------------------------------------------------------------------

COLUMNS = {
    "dc": "region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years, "
          "cohort_size, dropped_out, national_dropout_rate",
    "dg": "region_code, cohort_year, dimension, dimension_value, cohort_size, dropped_out, national_dropout_rate",
    "cost": "region_code, partnership_code, academic_year, supervised_students, supervision_cost_eur, subsidy_eur, "
            "subsidy_norm_per_student_eur",
    "fs": "school_code, exam_year, track, region_code, graduates, entered_teacher_training, national_inflow_rate",
}
MARTS = {"dc": "dropout_cohort", "dg": "dropout_by_group", "cost": "cost_per_supervised_student",
         "fs": "feeder_schools"}
DETAIL = {"dc": ("dropout_cohort_detail", "cohort_size", "cohort_year"),
          "dg": ("dropout_by_group_detail", "cohort_size", "cohort_year"),
          "cost": ("cost_per_supervised_student_detail", "supervised_students", "academic_year"),
          "fs": ("feeder_schools_detail", "graduates", "exam_year")}
PEOPLE = {"dc": ("cohort_size", "dropped_out"), "dg": ("cohort_size", "dropped_out"), "cost": ("supervised_students",),
          "fs": ("graduates", "entered_teacher_training")}

# KPI values and their people per scope, computed as marts/kpi_scorecard.sql does, from the private detail
KPI_BASES = """
with dc as (select * from private.dropout_cohort_detail where horizon_years = 1),
requests as (
    select region_code, partnership_code, academic_year, student_key, bool_or(status = 'geplaatst') as placed
    from intermediate.int_placements where status <> 'geannuleerd' group by all
),
havo as (select * from private.feeder_schools_detail where track = 'havo')
"""
KPI_SCOPE = """
select {scope} as scope_code, '{scope_type}' as scope_type, 'dropout_rate_h1' as kpi, cohort_year as academic_year,
       sum(dropped_out) / sum(cohort_size) as value, sum(cohort_size) as people from dc group by all
union all
select {scope}, '{scope_type}', 'cost_per_supervised_student', academic_year,
       sum(supervision_cost_eur) / sum(supervised_students), sum(supervised_students)
from private.cost_per_supervised_student_detail group by all
union all
select {scope}, '{scope_type}', 'students_unplaced', academic_year,
       count(distinct student_key) - count(distinct student_key) filter (where placed), count(distinct student_key)
from requests group by all
union all
select {scope}, '{scope_type}', 'inflow_rate_havo', exam_year, sum(entered_teacher_training) / sum(graduates),
       sum(graduates) from havo group by all
"""


def _kpi_sql() -> str:
    scopes = [("region_code", "region"), ("partnership_code", "partnership"), ("'NL'", "national")]
    union = " union all ".join(f"({KPI_SCOPE.format(scope=s, scope_type=t)})" for s, t in scopes)
    return f"{KPI_BASES} select * from ({union}) where scope_code is not null and scope_code <> 'onbekend'"


def primary_only(con, threshold: int) -> dict[str, pd.DataFrame]:
    """What the marts published with small-cell suppression alone (before complementary suppression
    and withheld totals): every cell below the threshold hidden, every total shown."""
    view = {}
    for name, (detail, size, year) in DETAIL.items():
        cols = [c.strip() for c in COLUMNS[name].split(",")]
        shown = [f"case when d.{size} < n.small_cell_threshold then null else d.{c} end as {c}"
                 if c in PEOPLE[name] else f"d.{c}" for c in cols]
        view[name] = con.execute(
            f"select {', '.join(shown)}, d.{size} >= n.small_cell_threshold as visible from private.{detail} as d "
            f"join intermediate.int_norms_by_year as n on n.academic_year = d.{year}").df()
    kpi = con.execute(_kpi_sql()).df()
    kpi["value"] = kpi["value"].where(kpi["people"] >= threshold)
    view["kpi"] = kpi.drop(columns="people")
    return view


def published(con) -> dict[str, pd.DataFrame]:
    """The published snapshot, with the KPIs' national values as rows of their own."""
    view = {name: con.execute(f"select {COLUMNS[name]}, not suppressed as visible "
                              f"from published.marts.{MARTS[name]}").df() for name in COLUMNS}
    kpi = con.execute("select scope_code, scope_type, kpi, academic_year, value, national_value "
                      "from published.marts.kpi_scorecard where scope_type in ('region', 'partnership')").df()
    national = (kpi.groupby(["kpi", "academic_year"], as_index=False)["national_value"].first()
                .rename(columns={"national_value": "value"}).assign(scope_code="NL", scope_type="national"))
    view["kpi"] = pd.concat([kpi.drop(columns="national_value"), national], ignore_index=True)
    return view


def truth(con) -> tuple[dict[tuple, dict], dict[tuple, int]]:
    """The unsuppressed values of every cell, and its people (the denominator that decides
    suppression), by the keys the attacks use."""
    values, sizes = {}, {}
    for name, (detail, size, _year) in DETAIL.items():
        for r in con.execute(f"select * from private.{detail}").df().itertuples(index=False):
            values[cell_key(name, r)] = {c: getattr(r, c) for c in PEOPLE[name]}
            sizes[cell_key(name, r)] = getattr(r, size)
    for r in con.execute(_kpi_sql()).df().itertuples(index=False):
        if r.kpi == "students_unplaced" and r.scope_type == "partnership":
            values[("ku", r.scope_code, r.academic_year)] = {"value": r.value}
            sizes[("ku", r.scope_code, r.academic_year)] = r.people
    return values, sizes


def cell_key(name: str, r) -> tuple:
    if name == "dc":
        return ("dc", r.region_code, r.partnership_code, r.programme_type, r.study_mode, r.cohort_year, r.horizon_years)
    if name == "dg":
        return ("dg", r.region_code, r.cohort_year, r.dimension, r.dimension_value)
    if name == "cost":
        return ("cost", r.partnership_code, r.academic_year)
    return ("fs", r.school_code, r.exam_year, r.track)


# --- equations a reader can write -----------------------------------------------------------------------

@dataclass
class Part:
    key: tuple
    values: dict | None          # None: suppressed


@dataclass
class Equation:
    route: str
    parts: list[Part]
    total: Part | None = None     # a published (or suppressed) total: total = sum of parts
    rate: float | None = None     # or a published rate: sum of numerators / sum of denominators
    columns: tuple[str, ...] = ()  # (denominator, numerator) for a rate

    def unknowns(self) -> list[Part]:
        parts = [p for p in self.parts if p.values is None]
        return parts + ([self.total] if self.total is not None and self.total.values is None else [])


def _parts(name: str, frame: pd.DataFrame) -> list[Part]:
    return [Part(cell_key(name, r), {c: getattr(r, c) for c in PEOPLE[name]} if r.visible else None)
            for r in frame.itertuples(index=False)]


def equations(view: dict[str, pd.DataFrame], partnership_of_school: dict) -> list[Equation]:
    """Every differencing route of docs/disclosure.md, as equations on the view's rows."""
    dc, dg, cost, fs, kpi = view["dc"], view["dg"], view["cost"], view["fs"], view["kpi"]
    out: list[Equation] = []
    dc1 = dc[dc.horizon_years == 1]
    region_totals = {}
    # 1. dropout_by_group: a region's cohort is the sum over the values of every dimension; a fully
    #    visible dimension gives it, the other dimensions are then differenced against it
    for (region, cohort), rows in dg.groupby(["region_code", "cohort_year"]):
        full = [g for _, g in rows.groupby("dimension") if g.visible.all()]
        if not full:
            continue
        total = {c: full[0][c].sum() for c in PEOPLE["dg"]}
        region_totals[(region, cohort)] = total
        for _, g in rows.groupby("dimension"):
            out.append(Equation("dropout_by_group: region total - other values of a dimension", _parts("dg", g),
                                Part(("dg-total", region, cohort), total)))
    # 2. dropout_by_group programme_type / study_mode rows = sum of dropout_cohort's horizon-1 cells
    for dim in ("programme_type", "study_mode"):
        for r in dg[dg.dimension == dim].itertuples(index=False):
            parts = dc1[(dc1.region_code == r.region_code) & (dc1.cohort_year == r.cohort_year)
                        & (dc1[dim] == r.dimension_value)]
            out.append(Equation(f"dropout_by_group {dim} row - dropout_cohort cells", _parts("dc", parts),
                                _parts("dg", pd.DataFrame([r]))[0]))
    # 3. a region's cohort (from 1) = sum of its dropout_cohort cells at horizon 1
    for (region, cohort), parts in dc1.groupby(["region_code", "cohort_year"]):
        if (region, cohort) in region_totals:
            out.append(Equation("region total - dropout_cohort cells", _parts("dc", parts),
                                Part(("dg-total", region, cohort), region_totals[(region, cohort)])))
    # 4. across horizons: a cell's cohort_size is the same at every horizon
    for key, rows in dc.groupby(["region_code", "partnership_code", "programme_type", "study_mode", "cohort_year"]):
        if rows.visible.any() and not rows.visible.all():
            shown = rows[rows.visible].iloc[0]
            for r in rows[~rows.visible].itertuples(index=False):
                out.append(Equation("dropout_cohort across horizons", [Part(cell_key("dc", r), None)],
                                    Part(("dc-any-horizon", *key), {"cohort_size": shown.cohort_size}),
                                    columns=("cohort_size",)))
    # 5. rates over groups of cells: national rates and KPI values
    for key, rows in dc.groupby(["programme_type", "study_mode", "cohort_year", "horizon_years"]):
        out.append(Equation("dropout_cohort national_dropout_rate", _parts("dc", rows),
                            rate=rows.national_dropout_rate.iloc[0], columns=("cohort_size", "dropped_out")))
    for key, rows in dg.groupby(["cohort_year", "dimension", "dimension_value"]):
        out.append(Equation("dropout_by_group national_dropout_rate", _parts("dg", rows),
                            rate=rows.national_dropout_rate.iloc[0], columns=("cohort_size", "dropped_out")))
    for key, rows in fs.groupby(["exam_year", "track"]):
        out.append(Equation("feeder_schools national_inflow_rate", _parts("fs", rows),
                            rate=rows.national_inflow_rate.iloc[0], columns=("graduates", "entered_teacher_training")))
    fs = fs.assign(partnership_code=fs.school_code.map(partnership_of_school))
    for k in kpi.itertuples(index=False):
        col = {"region": "region_code", "partnership": "partnership_code"}.get(k.scope_type)
        if k.kpi == "dropout_rate_h1":
            rows = dc1[dc1.cohort_year == k.academic_year]
            if col:
                rows = rows[rows[col] == k.scope_code]
            out.append(Equation(f"kpi_scorecard dropout_rate_h1 ({k.scope_type})", _parts("dc", rows),
                                rate=k.value, columns=("cohort_size", "dropped_out")))
        elif k.kpi == "inflow_rate_havo":
            rows = fs[(fs.track == "havo") & (fs.exam_year == k.academic_year)]
            if col:
                rows = rows[rows[col] == k.scope_code]
            out.append(Equation(f"kpi_scorecard inflow_rate_havo ({k.scope_type})", _parts("fs", rows),
                                rate=k.value, columns=("graduates", "entered_teacher_training")))
        elif k.kpi == "cost_per_supervised_student" and not pd.isna(k.value) and k.value > 0:
            # 6. euros stay visible, so a cost KPI gives its number of students: euros / value
            rows = cost[cost.academic_year == k.academic_year]
            if col:
                rows = rows[rows[col] == k.scope_code]
            students = round(rows.supervision_cost_eur.sum() / k.value)
            out.append(Equation(f"kpi_scorecard cost_per_supervised_student ({k.scope_type}) x euros",
                                _parts("cost", rows), Part(("kpi-cost", k.scope_code, k.academic_year),
                                                            {"supervised_students": students})))
    # 7. students_unplaced: a region's count = the sum of its partnerships' counts
    unplaced = kpi[kpi.kpi == "students_unplaced"]
    region_of = dict(zip(cost.partnership_code, cost.region_code))
    for r in unplaced[unplaced.scope_type == "region"].itertuples(index=False):
        parts = unplaced[(unplaced.scope_type == "partnership") & (unplaced.academic_year == r.academic_year)
                         & (unplaced.scope_code.map(region_of) == r.scope_code)]
        out.append(Equation("kpi_scorecard students_unplaced region - partnerships",
                            [Part(("ku", p.scope_code, p.academic_year), None if pd.isna(p.value) else {"value": p.value})
                             for p in parts.itertuples(index=False)],
                            Part(("ku-region", r.scope_code, r.academic_year),
                                 None if pd.isna(r.value) else {"value": r.value})))
    return out


def solve(eq: Equation, threshold: int) -> list[tuple[tuple, dict]]:
    """The cells an equation gives away: its only unknown."""
    unknown = eq.unknowns()
    if len(unknown) != 1:
        return []
    if eq.rate is None:
        known = [p.values for p in eq.parts if p.values is not None]
        shown = eq.total.values if eq.total.values is not None else (known[0] if known else None)
        if shown is None:
            return []
        columns = eq.columns or tuple(shown)
        if eq.total.values is None:
            return [(eq.total.key, {c: sum(v[c] for v in known) for c in columns})]
        return [(unknown[0].key, {c: eq.total.values[c] - sum(v[c] for v in known) for c in columns})]
    if pd.isna(eq.rate):
        return []
    # a rate with one unknown cell: try every size below the threshold and every count within it
    denominator, numerator = eq.columns
    n_known = sum(p.values[denominator] for p in eq.parts if p.values is not None)
    d_known = sum(p.values[numerator] for p in eq.parts if p.values is not None)
    fits = [(n, d) for n in range(1, threshold) for d in range(n + 1)
            if math.isclose((d_known + d) / (n_known + n), eq.rate, rel_tol=0, abs_tol=RATE_TOLERANCE + 1e-12)]
    return [(unknown[0].key, {denominator: fits[0][0], numerator: fits[0][1]})] if len(fits) == 1 else []


def attack(view, partnership_of_school, threshold, values) -> dict[str, list]:
    """Per route: the suppressed values recovered correctly."""
    recovered = defaultdict(list)
    for eq in equations(view, partnership_of_school):
        for key, guess in solve(eq, threshold):
            real = values.get(key)
            if real is not None and all(_same(guess[c], real[c]) for c in guess):
                recovered[eq.route].append((key, guess))
    return recovered


def _same(a, b) -> bool:
    return not pd.isna(a) and not pd.isna(b) and abs(float(a) - float(b)) < 1e-6


# --- the tests -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def school_partnerships(con) -> dict:
    return dict(con.execute("select school_code, partnership_code from private.feeder_schools_detail").fetchall())


def test_the_attacks_recover_suppressed_cells_when_only_small_cells_are_suppressed(con, threshold, school_partnerships):
    """Proof that the attacks work: with small-cell suppression alone, the routes of the known
    findings and more give away suppressed cells exactly."""
    recovered = attack(primary_only(con, threshold), school_partnerships, threshold, truth(con)[0])
    routes = set(recovered)
    assert {"dropout_by_group: region total - other values of a dimension",
            "dropout_by_group programme_type row - dropout_cohort cells",
            "kpi_scorecard cost_per_supervised_student (region) x euros",
            "dropout_cohort national_dropout_rate"} <= routes, routes
    assert sum(len(v) for v in recovered.values()) >= 20


def test_no_route_recovers_a_suppressed_cell_from_the_published_snapshot(con, threshold, school_partnerships):
    recovered = attack(published(con), school_partnerships, threshold, truth(con)[0])
    assert not recovered, {route: cells[:3] for route, cells in recovered.items()}


def test_the_national_rates_do_not_give_away_a_suppressed_cell(con, threshold, school_partnerships):
    """Routes 5 and 7 of docs/disclosure.md, open under contract 1 (40 cells and 3 schools here)."""
    recovered = attack(published(con), school_partnerships, threshold, truth(con)[0])
    assert not {"dropout_cohort national_dropout_rate", "feeder_schools national_inflow_rate"} & set(recovered)


def test_every_published_equation_has_no_unknown_or_at_least_two(con, threshold, school_partnerships):
    """Stronger than the attacks: no published total leaves exactly one unknown, whatever a reader
    would try for it, and the unknown parts of a total together count at least the threshold."""
    sizes = truth(con)[1]
    single, small = [], []
    for eq in equations(published(con), school_partnerships):
        unknown = eq.unknowns()
        total_shown = not pd.isna(eq.rate) if eq.rate is not None else eq.total.values is not None
        if len(unknown) == 1 and (eq.rate is None or total_shown):
            single.append((eq.route, unknown[0].key))
        if total_shown and unknown and sum(sizes.get(p.key, threshold) for p in unknown) < threshold:
            small.append((eq.route, [p.key for p in unknown]))
    assert not single, single[:5]
    assert not small, small[:5]


def test_suppression_is_the_same_at_every_horizon_and_never_below_the_threshold_visible(con, threshold):
    rows = con.execute("""
        select count(*) filter (where n_states > 1), count(*) filter (where shown_small)
        from (select region_code, partnership_code, programme_type, study_mode, cohort_year,
                     count(distinct suppressed) as n_states, bool_or(not suppressed and cohort_size < ?) as shown_small
              from published.marts.dropout_cohort group by all)""", [threshold]).fetchone()
    assert rows == (0, 0)
    complementary = con.execute("select count(*) from private.disclosure_suppressed_cells where complementary").fetchone()[0]
    assert complementary > 0


def test_subsidy_euros_do_not_give_away_the_number_of_supervised_students(con):
    rows = con.execute("""
        select count(*) from published.marts.cost_per_supervised_student as m
        join private.cost_per_supervised_student_detail as d using (partnership_code, academic_year)
        where m.suppressed and d.supervised_students > 0
          and m.subsidy_eur / m.subsidy_norm_per_student_eur = d.supervised_students""").fetchone()[0]
    assert rows == 0


# --- a partnership's own rows (marts.md: its own viewers may see them unsuppressed) -------------------

OWN = {"dropout_cohort": ("dropout_cohort_detail", "cohort_size",
                          "region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years"),
       "cost_per_supervised_student": ("cost_per_supervised_student_detail", "supervised_students",
                                       "region_code, partnership_code, academic_year"),
       "feeder_schools": ("feeder_schools_detail", "graduates", "school_code, exam_year, track")}


def test_the_shared_snapshot_holds_no_unsuppressed_small_row_and_no_own_detail(con, threshold):
    schemas = {r[0] for r in con.execute("select distinct table_schema from information_schema.tables "
                                         "where table_catalog = 'published'").fetchall()}
    assert schemas == {"marts", "ops"}
    for mart, (_detail, size, _grain) in OWN.items():
        shown_small = con.execute(f"select count(*) from published.marts.{mart} "
                                  f"where not suppressed and {size} < ?", [threshold]).fetchone()[0]
        assert shown_small == 0, mart


def test_each_partnership_reads_its_own_rows_unsuppressed_from_its_own_extract(home, con, threshold):
    from deployment import own_detail
    extract = con.execute("select own_detail from published.ops.snapshot").fetchone()[0]
    partnerships = [r[0] for r in con.execute("select partnership_code from published.marts.partnerships").fetchall()]
    shielded_seen = 0
    for mart, (detail, size, grain) in OWN.items():
        for code in partnerships:
            folder = own_detail.partition(home, extract, mart, code)
            if folder is None:
                continue
            rows = con.execute(f"select * from read_parquet('{folder}/*.parquet')").df()
            assert set(rows.own_partnership_code) == {code}           # from the folder's name
            assert set(rows.partnership_code if mart != "feeder_schools" else [code]) == {code}
            truth = con.execute(f"select {size} from private.{detail} where partnership_code = ?", [code]).df()
            assert sorted(rows[size].tolist()) == sorted(truth[size].tolist()), (mart, code)
            assert not rows.suppressed.any()
            shown = con.execute(f"select {grain}, suppressed from published.marts.{mart}").df()
            merged = rows.merge(shown, on=[c.strip() for c in grain.split(",")], suffixes=("", "_shared"))
            assert len(merged) == len(rows)
            assert (merged.shielded_in_snapshot == merged.suppressed_shared).all()
            shielded_seen += int(((rows[size] < threshold) & rows.shielded_in_snapshot).sum())
    assert shielded_seen > 0, "no partnership has a small row of its own to see: the test proves nothing"
    assert own_detail.partition(home, extract, "dropout_cohort", "../x") is None
    assert own_detail.partition(home, "../../etc", "dropout_cohort", partnerships[0]) is None


def test_publishing_keeps_the_current_and_previous_extract_and_discards_a_failed_one(home, tmp_path, monkeypatch):
    from deployment import own_detail
    from orchestration import publish
    target = tmp_path / "published.duckdb"
    ids = []
    for _ in range(3):
        publish.publish(home / "warehouse.duckdb", target)
        c = duckdb.connect(str(target), read_only=True)
        ids.append(c.execute("select own_detail from ops.snapshot").fetchone()[0])
        c.close()
    assert sorted(p.name for p in (tmp_path / own_detail.FOLDER).iterdir()) == sorted(ids[1:])
    before = target.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(publish, "_keep_previous_scorecard", broken)
    with pytest.raises(RuntimeError):
        publish.publish(home / "warehouse.duckdb", target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / own_detail.FOLDER).iterdir()) == sorted(ids[1:])
