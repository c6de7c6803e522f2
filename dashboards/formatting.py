"""Numbers as the reader expects them: Dutch notation by default (1.234,5; 24,3%; € 3.185), English
on request, and a suppressed figure as one neutral word, "afgeschermd" / "shielded", never as zero or
blank. Not "< 10": contract 2 also suppresses rows of any size to protect a small one, and a reader
would take "< 10" for a count (docs/disclosure.md)."""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

MISSING = "–"


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


SHIELDED = {"nl": "afgeschermd", "en": "shielded"}


def suppressed(lang: str = "nl") -> str:
    """The label of a suppressed people figure."""
    return SHIELDED.get(lang, SHIELDED["nl"])


def _decimal(value) -> Decimal:
    """The value as the reader thinks of it: 0.2435 is 0.2435 (not 0.24349999...), so it rounds half up."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def number(value, lang: str = "nl", digits: int = 0) -> str:
    if is_missing(value):
        return MISSING
    if not isinstance(value, Decimal) and math.isinf(float(value)):
        return MISSING
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{digits}f}"
    if text.startswith("-") and not any(ch not in "-0.," for ch in text):
        text = text[1:]  # no "-0"
    if lang == "nl":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def integer(value, lang: str = "nl") -> str:
    return number(value, lang, 0)


def pct(value, lang: str = "nl", digits: int = 1) -> str:
    """A rate (a fraction in [0, 1]) as a percentage."""
    if is_missing(value):
        return MISSING
    return f"{number(_decimal(value) * 100, lang, digits)}%"


def pp(value, lang: str = "nl", digits: int = 1) -> str:
    """A difference of two rates in percentage points, signed."""
    if is_missing(value):
        return MISSING
    text = number(abs(_decimal(value)) * 100, lang, digits)
    if not text.strip("0,."):
        return f"{text} pp"
    return f"{'+' if float(value) > 0 else '-'}{text} pp"


def eur(value, lang: str = "nl", digits: int = 0) -> str:
    if is_missing(value):
        return MISSING
    text = number(abs(_decimal(value)), lang, digits)
    negative = float(value) < 0 and bool(text.strip("0,."))
    if lang == "nl":
        return f"€ -{text}" if negative else f"€ {text}"
    return f"-€{text}" if negative else f"€{text}"


def fte(value, lang: str = "nl", digits: int = 2) -> str:
    return number(value, lang, digits)


def ratio(value, lang: str = "nl", digits: int = 2) -> str:
    return number(value, lang, digits)


def timestamp(value, lang: str = "nl", seconds: bool = False) -> str:
    if is_missing(value):
        return MISSING
    value = pd.Timestamp(value).to_pydatetime()
    time = "%H:%M:%S" if seconds else "%H:%M"
    return value.strftime(f"%d-%m-%Y {time}" if lang == "nl" else f"%Y-%m-%d {time}")


def age(delta: dt.timedelta, lang: str = "nl") -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} {'uur' if lang == 'nl' else ('hour' if hours == 1 else 'hours')}"
    days = hours // 24
    return f"{days} {('dag' if days == 1 else 'dagen') if lang == 'nl' else ('day' if days == 1 else 'days')}"


FORMATTERS = {
    "int": integer, "pct": pct, "eur": eur, "fte": fte, "ratio": ratio, "ts": timestamp,
    "num1": lambda v, lang="nl": number(v, lang, 1),
    "eur2": lambda v, lang="nl": eur(v, lang, 2),
    "fte4": lambda v, lang="nl": fte(v, lang, 4),
}


def cell(value, kind: str, lang: str = "nl", *, is_suppressed: bool = False) -> str:
    """One table cell. In a suppressed row an empty people count, rate or per-student amount is
    shown as "afgeschermd"."""
    if is_suppressed and is_missing(value):
        return suppressed(lang)
    if kind in FORMATTERS:
        return FORMATTERS[kind](value, lang)
    if kind == "bool":
        if is_missing(value):
            return MISSING
        return ("ja" if value else "nee") if lang == "nl" else ("yes" if value else "no")
    return MISSING if is_missing(value) else str(value)
