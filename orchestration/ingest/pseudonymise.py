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
    value once."""
    out = []
    for name in columns:
        distinct = frame.get_column(name).drop_nulls().unique().to_list()
        mapping = {v: pseudonym(secret, v) for v in distinct}
        out.append(pl.col(name).replace_strict(mapping, default=None, return_dtype=pl.Utf8))
    return frame.with_columns(out) if out else frame
