"""Assets in the order data flows: ingest -> dbt (staging, intermediate, private, marts, ops) -> publish."""
