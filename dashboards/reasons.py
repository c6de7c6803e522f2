"""The platform's messages in Datakwaliteit's language: the senders' translator
(sources/senders/wording.py) for everything about deliveries, and here the gates' check messages,
which name the gates as the dashboards do (dashboards.i18n)."""
from __future__ import annotations

import re

import pandas as pd

from dashboards.i18n import code
from sources.senders import wording

GATE = re.compile(r"^(?P<m>\w+): (?P<g>\w+) \((?P<e>\w+)(?: on (?P<col>\w+))?\) (?:passed|failed: (?P<o>.+))$")


def _gate(m: re.Match) -> str:
    on = f" op {m['col']}" if m["col"] else ""
    head = f"{m['m']}: {code('gate', m['g'], 'nl')} ({m['e']}{on})"
    if m["o"] is None:
        return head + " geslaagd"
    observed = re.sub(r"^(\d+) unexpected value\(s\)$", r"\1 onverwachte waarde(n)", m["o"])
    return f"{head} gefaald: {re.sub(r'^observed ', 'gemeten ', observed)}"


GATES = [(GATE, _gate)]


def translate(message, language: str) -> str | None:
    """The message in this language (English is the original); anything but text as it is."""
    if not isinstance(message, str):
        return message
    return wording.in_language(message, language, extra=GATES)


def in_language(df: pd.DataFrame, language: str) -> pd.DataFrame:
    """A table's `message` and `reason` columns in this language."""
    out = df.copy()
    for c in ("message", "reason"):
        if c in out.columns:
            out[c] = out[c].map(lambda m: translate(m, language))
    return out
