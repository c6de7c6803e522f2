"""Orchestration: the Dagster definitions (ingest, dbt, publish), their triggers, and the
`regiomonitor` command that fronts them."""
