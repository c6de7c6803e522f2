"""Ingest: from files in the inbox to typed, pseudonymised rows in the warehouse's `raw` schema,
with every file recorded in `ingest.deliveries` and every refused row in `ingest.rejections`."""
