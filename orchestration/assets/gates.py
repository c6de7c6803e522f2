"""Write-audit-publish: after dbt has written the marts into the private warehouse, the Great
Expectations gates audit them. Blocking gates stop the publish step; warning gates and KPI alerts
only warn. Which gate blocks is chosen at run time: the home's settings (gates.severity in
regiomonitor.yaml, read when the check runs), overridden per run by the check's run config, e.g.
`ops: {mart_gates: {config: {severity: {row_count_band: block}}}}`. Every gate is declared blocking
to Dagster, which stops downstream steps only for a failure of severity ERROR: a `warn` gate fails
with WARN and does not block."""
import datetime as dt
from collections import defaultdict

import dagster as dg
import duckdb

from deployment.home import Home
from orchestration.locking import run_lock
from orchestration.progress import Progress
from orchestration.resources import HomeResource
from deployment.settings import GateSettings, Severity, load_settings
from validations.gates.definitions import MARTS, MartSpec
from validations.gates.run import data_docs_index, run_gates

KPI_KEY = dg.AssetKey(["marts", "kpi_scorecard"])


def gates_of(spec: MartSpec) -> list[str]:
    gates = ["grain_unique"]
    gates += ["rates_in_range"] if spec.rates else []
    gates += ["values_in_range"] if spec.non_negative or spec.bounded else []
    gates += ["suppression_consistent"] if spec.denominator else []
    gates += ["row_count_band"]
    gates += ["national_between_extremes"] if spec.national else []
    return gates


def _specs() -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec(name=f"gate_{gate}", asset=dg.AssetKey(["marts", spec.name]), blocking=True,
                               description=f"Great Expectations gate '{gate}'; blocks publishing when its "
                                           f"severity is block (gates.severity, chosen per run)")
             for spec in MARTS for gate in gates_of(spec)]
    specs.append(dg.AssetCheckSpec(name="kpi_alerts", asset=KPI_KEY, blocking=False,
                                   description="Scorecard rows that went niet_op_koers since the previous snapshot"))
    return specs


SPECS = _specs()


class GateConfig(dg.Config):
    """Per-run choice of which gates block (gate name -> block | warn) over the home's settings."""
    severity: dict[str, str] = {}


def severities(settings: GateSettings, config: GateConfig) -> dict[str, Severity]:
    """The severity of every gate for this run: settings, then run config; an unknown value fails."""
    chosen = {**settings.severity, **config.severity}
    bad = {gate: value for gate, value in chosen.items() if value not in ("block", "warn")}
    if bad:
        raise dg.Failure(description=f"gate severity must be block or warn: {bad}")
    return chosen


@dg.multi_asset_check(specs=SPECS, can_subset=False, name="mart_gates")
def mart_gates(context: dg.AssetCheckExecutionContext, config: GateConfig, home: HomeResource, progress: Progress):
    h = home.home
    settings = load_settings(h).gates
    severity = severities(settings, config)
    report = progress.reporter(context)
    report("quality gates: Great Expectations on every mart")
    blocking = {(s.asset_key.path[-1], s.name.removeprefix("gate_")):
                severity.get(s.name.removeprefix("gate_"), "block") == "block" for s in SPECS}
    with run_lock(h):
        results = run_gates(h.warehouse, h.published, h.root / "gx", settings.row_count_band)
        _store(h, results, blocking)
        alerts = kpi_alerts(h)
    by_gate = defaultdict(list)
    for r in results:
        by_gate[(r.mart, r.gate)].append(r)
    docs = data_docs_index(h.root / "gx")
    failed = 0
    for spec in SPECS:
        if spec.name == "kpi_alerts":
            continue
        mart, gate = spec.asset_key.path[-1], spec.name.removeprefix("gate_")
        rows = by_gate.get((mart, gate), [])
        blocks = blocking[(mart, gate)]
        bad = [r for r in rows if not r.passed]
        failed += bool(bad)
        yield dg.AssetCheckResult(
            asset_key=spec.asset_key, check_name=spec.name, passed=not bad,
            severity=dg.AssetCheckSeverity.ERROR if blocks else dg.AssetCheckSeverity.WARN,
            description="; ".join(r.message for r in bad)[:2000] if bad else
            (f"{len(rows)} expectation(s) met" if rows else "nothing to compare yet (no previous snapshot)"),
            metadata={"expectations": len(rows), "failed": len(bad), "severity": "block" if blocks else "warn",
                      "data_docs": dg.MetadataValue.path(str(docs))})
    report(f"quality gates: {len(results)} expectations, {failed} gate(s) failed; Data Docs: {docs}")
    yield dg.AssetCheckResult(
        asset_key=KPI_KEY, check_name="kpi_alerts", passed=not alerts, severity=dg.AssetCheckSeverity.WARN,
        description=(f"{len(alerts)} KPI(s) went niet_op_koers: " + "; ".join(alerts[:20])) if alerts
        else "no KPI went niet_op_koers since the previous snapshot",
        metadata={"alerts": dg.MetadataValue.json(alerts)})


def _store(home: Home, results, blocking) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    rows = [(r.gate, r.mart, r.expectation, r.column, r.passed, blocking.get((r.mart, r.gate), True),
             r.unexpected, r.message, now) for r in results]
    con = duckdb.connect(str(home.warehouse))
    try:
        con.execute("create schema if not exists gates")
        con.execute("create or replace table gates.results (gate varchar, mart varchar, expectation varchar, "
                    "column_name varchar, passed boolean, blocking boolean, unexpected bigint, message varchar, "
                    "evaluated_at timestamp)")
        if rows:
            con.executemany("insert into gates.results values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    finally:
        con.close()


def kpi_alerts(home: Home) -> list[str]:
    """Scorecard rows that are niet_op_koers now and were not in the previous snapshot."""
    if not home.published.exists():
        return []
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        con.execute(f"attach '{home.published}' as previous (read_only)")
        rows = con.execute("""
            select n.scope_code, n.kpi, n.academic_year, n.value, n.target_value
            from marts.kpi_scorecard as n
            left join previous.marts.kpi_scorecard as p using (scope_code, kpi, academic_year)
            where n.status = 'niet_op_koers' and p.status is distinct from 'niet_op_koers'
            order by all""").fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()
    return [f"{scope} {kpi} {year}: {value:.4g} vs target {target:.4g}" for scope, kpi, year, value, target in rows]
