"""Run the gates: each mart is taken from the private warehouse as a pandas frame (GX 1.x's SQL
datasources return empty metrics on DuckDB, upstream #10738 and #11579) and validated with a Great
Expectations suite per mart; results go to the GX project in the home, whose Data Docs show them.

The gates check what a dbt test of one model cannot: the suppression rule against the year's
threshold, the row count against the previous snapshot, and national rates against the private
detail. Grain, not-null and ranges are dbt tests (dbt_project/tests/generic); both read the mart
contract (validations/contract.py). Which gate blocks is configuration (deployment/settings.py, or per run)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from validations.contract import Mart, marts

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")      # no network calls from the gates


GATES = ("suppression_consistent", "row_count_band", "national_between_extremes")
# The Data Docs index lists the newest validation results (20 runs of 10 validations). It reads every
# result it lists, and a home gains ~10 a run: unlimited, the gates slowed down with every run (0.3 s
# more at 590 results, BENCHMARKS.md "Stop 21"). Older results stay on disk and every gate's history
# stays in Dagster's asset checks.
DATA_DOCS_RESULTS = 200


def gates_of(mart: Mart) -> list[str]:
    """The gates that apply to a mart: suppression where it counts people, national where it compares."""
    return [g for g, applies in (("suppression_consistent", bool(mart.people)), ("row_count_band", True),
                                 ("national_between_extremes", mart.national is not None)) if applies]


@dataclass(frozen=True)
class GateResult:
    mart: str
    gate: str
    expectation: str
    column: str
    passed: bool
    unexpected: int
    observed: str

    @property
    def message(self) -> str:
        where = f" on {self.column}" if self.column else ""
        return f"{self.mart}: {self.gate} ({self.expectation}{where}) " + \
            ("passed" if self.passed else f"failed: {self.observed}")


def _expectations(mart: Mart, threshold: float, previous_rows: int | None, band: float):
    import great_expectations as gx
    E = gx.expectations
    out = []
    if mart.people:          # people hidden in a suppressed row; a published one reaches the threshold
        out += [E.ExpectColumnValuesToBeNull(column=c, row_condition="suppressed==True", condition_parser="pandas",
                                             meta={"gate": "suppression_consistent"}) for c in mart.people]
    if mart.denominator:
        out.append(E.ExpectColumnValuesToBeBetween(
            column=mart.denominator, min_value=threshold, row_condition="suppressed==False",
            condition_parser="pandas", meta={"gate": "suppression_consistent"}))
        out.append(E.ExpectColumnValuesToNotBeNull(
            column=mart.denominator, row_condition="suppressed==False", condition_parser="pandas",
            meta={"gate": "suppression_consistent"}))
    if previous_rows:
        out.append(E.ExpectTableRowCountToBeBetween(
            min_value=int(previous_rows * (1 - band)), max_value=int(previous_rows * (1 + band)) + 1,
            meta={"gate": "row_count_band"}))
    return out


def _national_expectations():
    import great_expectations as gx
    E = gx.expectations
    return [E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="national", column_B="lowest", or_equal=True,
                                                      meta={"gate": "national_between_extremes"}),
            E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="highest", column_B="national", or_equal=True,
                                                      meta={"gate": "national_between_extremes"})]


NATIONAL_SQL = """
with extremes as (
    select {group}, min({rate}) - 0.0005 as lowest, max({rate}) + 0.0005 as highest
    from private.{detail} where {rate} is not null group by all
)
select distinct {group_m}, m.{national} as national, e.lowest, e.highest
from marts.{mart} as m join extremes as e using ({group})
where m.{national} is not null          -- a national group below the threshold: nothing to compare
"""
# The published national rate is rounded to 3 decimals (marts.md, contract 2): it may lie up to half
# a thousandth outside the extremes of the unrounded partnership rates.


def _frames(warehouse: Path, previous: Path | None, only: set[str] | None = None):
    """(name, mart-or-None, frame, previous row count) for every mart (of `only`, if given) and
    its national-rate check."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        threshold = con.execute("select min(small_cell_threshold) from intermediate.int_norms_by_year").fetchone()[0]
        prev_counts = _row_counts(previous) if previous else {}
        out = []
        for mart in marts().values():
            if only is not None and mart.name not in only:
                continue
            out.append((mart.name, mart, con.execute(f"select * from marts.{mart.name}").df(),
                        prev_counts.get(mart.name)))
            if n := mart.national:
                sql = NATIONAL_SQL.format(group=", ".join(n.by), group_m=", ".join(f"m.{g}" for g in n.by),
                                          rate=n.rate, detail=n.detail, national=n.column, mart=mart.name)
                out.append((f"{mart.name}__national", None, con.execute(sql).df(), None))
    finally:
        con.close()
    return threshold, out


def _row_counts(published: Path) -> dict[str, int]:
    if not published.exists():
        return {}
    con = duckdb.connect(str(published), read_only=True)
    try:
        return {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in marts()}
    except duckdb.Error:
        return {}
    finally:
        con.close()


def run_gates(warehouse: Path, previous: Path | None, gx_root: Path, row_count_band: float = 0.5,
              only: set[str] | None = None) -> list[GateResult]:
    """The gates of every mart, or of the marts in `only` (those a run rebuilt)."""
    threshold, frames = _frames(warehouse, previous, only)
    if not frames:
        return []
    import great_expectations as gx
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = {"globally": False}
    _limit_index(context, DATA_DOCS_RESULTS)
    source = context.data_sources.add_or_update_pandas("warehouse")
    results: list[GateResult] = []
    rendered = []       # this run's validation results and suites: their Data Docs pages are built once, below
    for name, declared, frame, prev in frames:
        expectations = _expectations(declared, threshold, prev, row_count_band) if declared else _national_expectations()
        if not expectations:            # e.g. a mart without people before there is a previous snapshot
            continue
        asset = next((a for a in source.assets if a.name == name), None) or source.add_dataframe_asset(name)
        batch = next(iter(asset.batch_definitions), None) or asset.add_batch_definition_whole_dataframe("all")
        suite = gx.ExpectationSuite(name=name, expectations=expectations)
        suite = context.suites.add_or_update(suite)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(name=name, validation_definitions=[definition]))
        outcome = checkpoint.run(batch_parameters={"dataframe": frame})
        rendered += [*outcome.run_results, ExpectationSuiteIdentifier(name=name)]
        mart = declared.name if declared else name.split("__")[0]
        for run in outcome.run_results.values():
            for r in run.results:
                cfg = r.expectation_config
                kwargs = cfg.kwargs
                column = kwargs.get("column") or ",".join(kwargs.get("column_list") or []) or \
                    ",".join(x for x in (kwargs.get("column_A"), kwargs.get("column_B")) if x)
                observed = r.result.get("observed_value")
                unexpected = int(r.result.get("unexpected_count") or 0)
                results.append(GateResult(
                    mart=mart, gate=(cfg.meta or {}).get("gate", "other"), expectation=cfg.type, column=column,
                    passed=bool(r.success), unexpected=unexpected,
                    observed=f"{unexpected} unexpected value(s)" if unexpected else f"observed {observed}"))
    # one Data Docs build per run (a docs action per checkpoint re-renders the index every time)
    context.build_data_docs(resource_identifiers=rendered)
    return results


def _limit_index(context, newest: int) -> None:
    """The Data Docs index lists the `newest` validation results: set in the project's configuration
    (not in `context.variables`, whose values come back with ${VARS} filled in), saved to the home's
    great_expectations.yml once."""
    site = (context.config.data_docs_sites or {}).get("local_site")
    if site is None:
        return
    builder = site.setdefault("site_index_builder", {"class_name": "DefaultSiteIndexBuilder"})
    if builder.get("validation_results_limit") != newest:
        builder["validation_results_limit"] = newest
        context.variables.save()


def data_docs_index(gx_root: Path) -> Path:
    return gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
