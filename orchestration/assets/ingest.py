"""The ingest asset: one pass over the inbox materialises every `raw.<feed>` table and the
`ingest` bookkeeping at once (thousands of files in one run, never one run per file)."""

import dagster as dg
import duckdb

from orchestration.ingest.run import ingest_inbox
from orchestration.progress import reporter
from orchestration.resources import HomeResource
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
    can_subset=False,
)
def ingest(context: dg.AssetExecutionContext, home: HomeResource):
    """Read every new or changed file in the inbox into the private warehouse."""
    h = home.home
    secret, origin = h.secret()
    progress = reporter(context)
    progress(f"pseudonymisation secret from {origin}")
    result = ingest_inbox(h.inbox, h.warehouse, secret, progress=progress)
    per_feed = result.per_feed()
    totals = _totals(h.warehouse)
    for name, key in RAW_KEYS.items():
        now = per_feed.get(name, {})
        yield dg.MaterializeResult(asset_key=key, metadata={
            "new_files": now.get("files", 0), "rows_loaded": now.get("rows_loaded", 0),
            "rows_rejected": now.get("rows_rejected", 0), "files_refused": now.get("refused", 0),
            "rows_in_force": totals["rows"].get(name, 0), "files_in_force": totals["files"].get(name, 0)})
    yield dg.MaterializeResult(asset_key=DELIVERIES_KEY, metadata={
        "new_files": len(result.deliveries), "loaded": result.count("loaded"), "replaced": result.count("replaced"),
        "duplicate": result.count("duplicate"), "refused": result.count("refused"),
        "changed": result.changed,
        "summary": dg.MetadataValue.json(per_feed)})
    yield dg.MaterializeResult(asset_key=REJECTIONS_KEY, metadata={
        "rows_rejected": sum(d.rows_rejected for d in result.deliveries)})


def _totals(warehouse) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        files = dict(con.execute("select feed, count(*) from ingest.deliveries where status = 'loaded' "
                                 "group by feed").fetchall())
        rows = {name: con.execute(f"select count(*) from raw.{name}").fetchone()[0] for name in FEEDS}
    finally:
        con.close()
    return {"files": files, "rows": rows}
