"""The ingest asset: one pass over the inbox materialises every `raw.<feed>` table and the
`ingest` bookkeeping at once (thousands of files in one run, never one run per file)."""

import dagster as dg
import duckdb

from orchestration.ingest.freshness import freshness_message, stale_senders
from orchestration.ingest.inbox import refused_in_inbox
from orchestration.ingest.run import ingest_inbox
from orchestration.locking import run_lock
from orchestration.progress import Progress
from orchestration.resources import HomeResource
from deployment.settings import load_settings
from validations.feeds import FEEDS

RAW_KEYS = {name: dg.AssetKey(["raw", name]) for name in FEEDS}
DELIVERIES_KEY = dg.AssetKey(["ingest", "deliveries"])
REJECTIONS_KEY = dg.AssetKey(["ingest", "rejections"])


@dg.multi_asset(
    specs=[dg.AssetSpec(key, group_name="ingest", kinds={"duckdb", "pandera"},
                        description=f"Loaded, validated and pseudonymised rows of the `{name}` feed.")
           for name, key in RAW_KEYS.items()]
    + [dg.AssetSpec(DELIVERIES_KEY, group_name="ingest", kinds={"duckdb"},
                    description="Every file the inbox has shown: loaded, replaced, duplicate or refused."),
       dg.AssetSpec(REJECTIONS_KEY, group_name="ingest", kinds={"duckdb"},
                    description="Every row refused at ingest, with the column and rule it broke.")],
    check_specs=[spec for name, key in RAW_KEYS.items() for spec in (
        dg.AssetCheckSpec("rejection_rate", asset=key, description="share of rows rejected in this run's new files"),
        dg.AssetCheckSpec("refused_files", asset=key,
                          description="files of this feed refused and still in the inbox (until replaced or removed)"),
        dg.AssetCheckSpec("freshness", asset=key,
                          description="age of each sender's newest delivery against the expected cadence"))],
    can_subset=False,
)
def ingest(context: dg.AssetExecutionContext, home: HomeResource, progress: Progress):
    """Read every new or changed file in the inbox into the private warehouse."""
    h = home.home
    secret, origin = h.secret()
    report = progress.reporter(context)
    report(f"pseudonymisation secret from {origin}")
    with run_lock(h):
        result = ingest_inbox(h.inbox, h.warehouse, secret, progress=report, limits=load_settings(h).ingest.limits,
                              quick_check=h.inbox_hashes)
        totals = _totals(h.warehouse, h.inbox)
        stale = stale_senders(h.warehouse, load_settings(h).ingest.freshness_days)
    per_feed = result.per_feed()
    for name, key in RAW_KEYS.items():
        now = per_feed.get(name, {})
        yield dg.MaterializeResult(asset_key=key, metadata={
            "new_files": now.get("files", 0), "rows_loaded": now.get("rows_loaded", 0),
            "rows_rejected": now.get("rows_rejected", 0), "files_refused": now.get("refused", 0),
            "rows_in_force": totals["rows"].get(name, 0), "files_in_force": totals["files"].get(name, 0)})
    settings = load_settings(h).ingest
    for name, key in RAW_KEYS.items():
        now = per_feed.get(name, {})
        received, rejected = now.get("rows_received", 0), now.get("rows_rejected", 0)
        rate = rejected / received if received else 0.0
        yield dg.AssetCheckResult(
            asset_key=key, check_name="rejection_rate", passed=rate <= settings.rejection_rate_warn,
            severity=dg.AssetCheckSeverity.WARN, metadata={"rejection_rate": rate, "rows_received": received},
            description=f"{rejected} of {received} new rows rejected ({rate:.1%}; warns above "
                        f"{settings.rejection_rate_warn:.0%})")
        refused = totals["refused"].get(name, [])
        new = sum(d.feed == name and d.status == "refused" for d in result.deliveries)
        yield dg.AssetCheckResult(
            asset_key=key, check_name="refused_files", passed=not refused, severity=dg.AssetCheckSeverity.WARN,
            description=(f"{len(refused)} refused file(s) in the inbox ({new} new in this run): "
                         + ", ".join(refused[:10])) if refused else "no refused file in the inbox",
            metadata={"refused": len(refused), "refused_this_run": new})
        late = stale.get(name, [])
        yield dg.AssetCheckResult(
            asset_key=key, check_name="freshness", passed=not late, severity=dg.AssetCheckSeverity.WARN,
            description=freshness_message(late, settings.freshness_days.get(name)),
            metadata={"stale_senders": len(late)})
    yield dg.MaterializeResult(asset_key=DELIVERIES_KEY, metadata={
        "new_files": len(result.deliveries), "loaded": result.count("loaded"), "replaced": result.count("replaced"),
        "duplicate": result.count("duplicate"), "refused": result.count("refused"),
        "changed": result.changed,
        "summary": dg.MetadataValue.json(per_feed)})
    yield dg.MaterializeResult(asset_key=REJECTIONS_KEY, metadata={
        "rows_rejected": sum(d.rows_rejected for d in result.deliveries)})


def _totals(warehouse, inbox) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        files = dict(con.execute("select feed, count(*) from ingest.deliveries where status = 'loaded' "
                                 "group by feed").fetchall())
        rows = {name: con.execute(f"select count(*) from raw.{name}").fetchone()[0] for name in FEEDS}
        refused = refused_in_inbox(con, inbox)
    finally:
        con.close()
    return {"files": files, "rows": rows, "refused": refused}
