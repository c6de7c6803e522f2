"""Validations: the feed contract checked row by row at ingest (Pandera) and, later, the quality
gates on the marts before publishing."""
