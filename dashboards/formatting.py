"""Numbers, money, percentages, dates and ages as the reader expects them, from Babel (CLDR) per
language: Dutch by default (1.234,5; 24,3%; € 3.185), English on request. Values round half up
(0.2435 is 24,4%, as a reader rounds), never "-0". The same functions serve the pages, the
downloads' "Over deze gegevens" sheet and the report.

A suppressed figure is one neutral word, "afgeschermd" / "shielded", never zero or blank. Not
"< 10": contract 2 also suppresses rows of any size to protect a small one, and a reader would take
"< 10" for a count (docs/disclosure.md)."""
from __future__ import annotations

import datetime as dt
import decimal
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

MISSING = "–"
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
SHIELDED = {"nl": "afgeschermd", "en": "shielded"}
DATE_TIME = {"nl": "dd-MM-yyyy HH:mm", "en": "yyyy-MM-dd HH:mm"}


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def suppressed(lang: str = "nl") -> str:
    """The label of a suppressed people figure."""
    return SHIELDED.get(lang, SHIELDED["nl"])


def locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nl"])


def _decimal(value) -> Decimal:
    """The value as the reader thinks of it: 0.2435 is 0.2435 (not 0.24349999...), so it rounds half up."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def _usable(value) -> bool:
    return not is_missing(value) and (isinstance(value, Decimal) or not math.isinf(float(value)))


def _fraction(digits: int) -> str:
    return "." + "0" * digits if digits > 0 else ""


def _babel(format_fn, value: Decimal, *args, **kwargs) -> str:
    """Babel's text, rounded half up, with CLDR's no-break space as a plain one (so a copied figure
    or a search on the page finds "€ 1.250")."""
    with decimal.localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        return format_fn(value, *args, **kwargs).replace("\xa0", " ").replace("\u202f", " ")


def _no_negative_zero(value: Decimal, digits: int) -> Decimal:
    """0 instead of a negative value that rounds to zero ("-0")."""
    rounded = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(value) if rounded == 0 else value


def number(value, lang: str = "nl", digits: int = 0) -> str:
    if not _usable(value):
        return MISSING
    d = _no_negative_zero(_decimal(value), digits)
    return _babel(babel_numbers.format_decimal, d, f"#,##0{_fraction(digits)}", locale=locale(lang))


def integer(value, lang: str = "nl") -> str:
    return number(value, lang, 0)


def pct(value, lang: str = "nl", digits: int = 1) -> str:
    """A rate (a fraction in [0, 1]) as a percentage."""
    if not _usable(value):
        return MISSING
    d = _no_negative_zero(_decimal(value), digits + 2)
    return _babel(babel_numbers.format_percent, d, f"#,##0{_fraction(digits)}%", locale=locale(lang))


def pp(value, lang: str = "nl", digits: int = 1) -> str:
    """A difference of two rates in percentage points, signed."""
    if not _usable(value):
        return MISSING
    text = number(abs(_decimal(value)) * 100, lang, digits)
    if not text.strip("0,."):
        return f"{text} pp"
    return f"{'+' if float(value) > 0 else '-'}{text} pp"


def _currency_pattern(lang: str, digits: int) -> str:
    """The locale's own currency pattern (nl: "¤ #,##0.00;¤ -#,##0.00") with these decimals."""
    pattern = Locale.parse(locale(lang)).currency_formats["standard"].pattern
    return pattern.replace(".00", _fraction(digits))


def eur(value, lang: str = "nl", digits: int = 0) -> str:
    if not _usable(value):
        return MISSING
    d = _no_negative_zero(_decimal(value), digits)
    return _babel(babel_numbers.format_currency, d, "EUR", format=_currency_pattern(lang, digits),
                  locale=locale(lang), currency_digits=False)


def fte(value, lang: str = "nl", digits: int = 2) -> str:
    return number(value, lang, digits)


def ratio(value, lang: str = "nl", digits: int = 2) -> str:
    return number(value, lang, digits)


def timestamp(value, lang: str = "nl", seconds: bool = False) -> str:
    if is_missing(value):
        return MISSING
    value = pd.Timestamp(value).to_pydatetime()
    return babel_dates.format_datetime(value, DATE_TIME.get(lang, DATE_TIME["nl"]) + (":ss" if seconds else ""),
                                       locale=locale(lang))


def age(delta: dt.timedelta, lang: str = "nl") -> str:
    """How long ago, in whole minutes, hours (from two hours) or days (from two days)."""
    minutes = dt.timedelta(minutes=max(0, int(delta.total_seconds() // 60)))
    return babel_dates.format_timedelta(minutes, granularity="minute", threshold=2, format="short",
                                        locale=locale(lang))


FORMATTERS = {
    "int": integer, "pct": pct, "eur": eur, "fte": fte, "ratio": ratio, "ts": timestamp,
    "num1": lambda v, lang="nl": number(v, lang, 1),
    "eur2": lambda v, lang="nl": eur(v, lang, 2),
    "fte4": lambda v, lang="nl": fte(v, lang, 4),
}
DIGITS = {"int": 0, "pct": 3, "eur": 0, "fte": 2, "ratio": 2, "num1": 1, "eur2": 2, "fte4": 4}  # as shown (pct: of the fraction)


def boolean(value, lang: str = "nl") -> str:
    if is_missing(value):
        return MISSING
    return ("ja" if value else "nee") if lang == "nl" else ("yes" if value else "no")


def cell(value, kind: str, lang: str = "nl", *, is_suppressed: bool = False) -> str:
    """One table cell. In a suppressed row an empty people count, rate or per-student amount is
    shown as "afgeschermd"."""
    if is_suppressed and is_missing(value):
        return suppressed(lang)
    if kind in FORMATTERS:
        return FORMATTERS[kind](value, lang)
    if kind == "bool":
        return boolean(value, lang)
    return MISSING if is_missing(value) else str(value)
