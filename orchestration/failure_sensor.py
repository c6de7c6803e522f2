"""The data engineers hear of a failed run, however it was started (`regiomonitor run`, the inbox
sensor, the nightly schedule): a run-failure sensor, evaluated by the Dagster daemon, sends one
summary per run (orchestration/notify.py) with the failure and the blocking checks that failed."""
import dagster as dg

from orchestration.jobs import pipeline_job
from orchestration.notify import notify_failure_once
from orchestration.resources import HomeResource
from deployment.settings import load_settings


def blocking_failures(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """'<asset>:<check>: <description>' of every blocking check that failed in the run."""
    records = instance.get_records_for_run(run_id=run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    out = []
    for record in records:
        ev = record.event_log_entry.dagster_event.event_specific_data
        if not ev.passed and ev.severity == dg.AssetCheckSeverity.ERROR:
            out.append(f"{ev.asset_key.to_user_string()}:{ev.check_name}: {ev.description or ''}")
    return out


@dg.run_failure_sensor(monitored_jobs=[pipeline_job], default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Tells the data engineers (notify in regiomonitor.yaml) of a failed pipeline run.")
def run_failure_notice(context: dg.RunFailureSensorContext, home: HomeResource):
    h = home.home
    run_id = context.dagster_run.run_id
    notify_failure_once(load_settings(h).notify, h.logs / "notified", run_id, context.failure_event.message or "",
                        blocking_failures(context.instance, run_id))
