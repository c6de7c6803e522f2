"""Adapters for DUO's own files, so a region can drop them into the inbox exactly as DUO publishes
them: exam results and first-year intake (open data, wide CSV), the CROHO programme table and an
institution's 1cHO extract (fixed width). Each adapter is a feed `reader` (validations.feeds): it
turns the file's bytes into a TextTable in the feed model's columns, and ingest does the rest
(typing, validation, pseudonymisation, row accounting) as for every other feed."""
