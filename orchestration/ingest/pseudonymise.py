"""Person keys (student_key, supervisor_key) become HMAC-SHA256 pseudonyms at ingest, so the raw
value never reaches the warehouse. The same key and secret always give the same pseudonym, which
keeps students linkable across years, institutes and feeds."""
from __future__ import annotations

import hashlib
import hmac

import polars as pl


def pseudonym(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise(frame: pl.DataFrame, columns: list[str], secret: bytes) -> pl.DataFrame:
    """Replace every value of `columns` by its pseudonym (NULL stays NULL). Hashes each distinct
    value once and joins the pseudonyms back, keeping the row order."""
    for name in columns:
        distinct = frame.get_column(name).drop_nulls().unique().to_list()
        lookup = pl.DataFrame({name: distinct, "_pseudonym": [pseudonym(secret, v) for v in distinct]},
                              schema={name: pl.Utf8, "_pseudonym": pl.Utf8})
        frame = (frame.join(lookup, on=name, how="left", maintain_order="left")
                 .with_columns(pl.col("_pseudonym").alias(name)).drop("_pseudonym"))
    return frame
