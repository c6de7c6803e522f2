"""After publishing: a receipt per new delivery in HOME/outbox (orchestration/senders/receipts.py),
and the run's notifications to senders with rejections and to the owners of KPIs that went off
target (orchestration/notify.py). Downstream of the snapshot, so a run that did not publish sends
neither; its failure reaches the data engineers through the run-failure sensor."""

import dagster as dg

from orchestration.notify import kpi_notices, receipt_notices, send
from orchestration.progress import Progress
from orchestration.resources import HomeResource
from orchestration.senders.receipts import write_receipts
from deployment.settings import load_settings

SNAPSHOT_KEY = dg.AssetKey(["published", "snapshot"])


@dg.asset(key=["senders", "receipts"], deps=[SNAPSHOT_KEY], group_name="publish", kinds={"xlsx"},
          description="HOME/outbox/<sender>/<file>.ontvangst.xlsx per new delivery, and the run's notifications.")
def outbox(context: dg.AssetExecutionContext, home: HomeResource, progress: Progress) -> dg.MaterializeResult:
    h = home.home
    settings = load_settings(h)
    receipts = write_receipts(h, settings)
    notices = receipt_notices(settings, receipts) + kpi_notices(settings.notify, run_kpi_alerts(context))
    errors = send(settings.notify, notices) if settings.notify.smtp or settings.notify.webhook else []
    progress.reporter(context)(f"receipts: {len(receipts)} written to {h.root / 'outbox'}; notifications: {len(notices)}"
                      + (f", {len(errors)} failed" if errors else ""))
    return dg.MaterializeResult(metadata={"receipts": len(receipts), "notifications": len(notices),
                                          "notification_errors": dg.MetadataValue.json(errors)})


def run_kpi_alerts(context) -> list[str]:
    """The KPI alerts this run's `kpi_alerts` check found (orchestration.assets.gates)."""
    records = context.instance.get_records_for_run(
        run_id=context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if evaluation.check_name == "kpi_alerts" and "alerts" in evaluation.metadata:
            return list(evaluation.metadata["alerts"].value or [])
    return []
