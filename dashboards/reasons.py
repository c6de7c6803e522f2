"""The platform's messages in the reader's language. Ingest reasons, delivery messages and the gates'
check messages are written in English where they arise (validations/, orchestration/ingest/,
validations/gates/); Datakwaliteit shows them in Dutch by their known shapes. A reason is one or more
parts joined by "; "; each part is translated on its own, and a part of an unknown shape stays as it
is (the values in it, which senders chose, are never changed)."""
from __future__ import annotations

import re

from dashboards.i18n import code

THINGS = {"partnership": "partnerschap", "school": "school", "institution": "instelling", "subject": "vak"}
_COL = r"(?P<c>[\w/ ]+)"
PATTERNS: list[tuple[re.Pattern, str]] = [(re.compile(p), nl) for p, nl in [
    (rf"^{_COL}: is required$", "{c}: is verplicht"),
    (rf"^{_COL}: must be between (?P<a>\S+) and (?P<b>\S+)$", "{c}: moet tussen {a} en {b} liggen"),
    (rf"^{_COL}: must be >= (?P<a>\S+)$", "{c}: moet minstens {a} zijn"),
    (rf"^{_COL}: must be <= (?P<a>\S+)$", "{c}: mag hoogstens {a} zijn"),
    (rf"^{_COL}: must be one of (?P<v>.+)$", "{c}: moet een van deze waarden zijn: {v}"),
    (rf"^{_COL}: must be (?P<a>\S+) to (?P<b>\S+) characters long$", "{c}: moet {a} tot {b} tekens lang zijn"),
    (rf"^{_COL}: not a date \((?P<f>.+)\)$", "{c}: geen datum ({f})"),
    (rf"^{_COL}: must not exceed (?P<o>.+)$", "{c}: mag niet groter zijn dan {o}"),
    (rf"^{_COL}: must not be after (?P<o>.+)$", "{c}: mag niet later zijn dan {o}"),
    (rf"^{_COL}: must not be before (?P<o>.+)$", "{c}: mag niet eerder zijn dan {o}"),
    (rf"^{_COL}: required when (?P<w>.+), and only then$", "{c}: verplicht als {w}, en alleen dan"),
    (rf"^{_COL}: one of the two is required$", "{c}: een van beide is verplicht"),
    (r"^duplicate key \((?P<k>.+)\): first given in row (?P<n>\d+)$", "dubbele sleutel ({k}): al gegeven in rij {n}"),
    (r"^missing required column '(?P<c>.+)'$", "verplichte kolom '{c}' ontbreekt"),
    (r"^empty file \(0 bytes\)$", "leeg bestand (0 bytes)"),
    (r"^replaces (?P<f>.+) \(delivery (?P<n>\d+)\)$", "vervangt {f} (levering {n})"),
    (r"^same bytes as (?P<f>.+) \(delivery (?P<n>\d+)\), which is in force; nothing to do$",
     "dezelfde inhoud als {f} (levering {n}), dat al geldt; er verandert niets"),
    (r"^unknown feed folder '(?P<f>.+)'; feeds are: (?P<l>.+)$", "onbekende feedmap '{f}'; de feeds zijn: {l}"),
    (r"^file name '(?P<f>.+)' does not match (?P<p>.+)$", "bestandsnaam '{f}' volgt het patroon {p} niet"),
    (r"^binary content \(NUL bytes\): not a CSV text file$", "binaire inhoud (NUL-bytes): geen CSV-tekstbestand"),
    (r"^not a readable XLSX workbook: (?P<e>.+)$", "geen leesbaar XLSX-werkboek: {e}"),
]]
_UNKNOWN = re.compile(r"^unknown (?P<t>partnership|school|institution|subject) (?P<c>.+)$")
_REFUSED = re.compile(r"^file refused: (?P<m>.+)$")
_GATE = re.compile(r"^(?P<m>\w+): (?P<g>\w+) \((?P<e>.+)\) (?P<r>passed|failed)$")


def translate(message, language: str) -> str | None:
    """The message in this language (English is the original)."""
    if message is None or not isinstance(message, str) or language != "nl":
        return message
    return "; ".join(_part(p) for p in message.split("; "))


def _part(part: str) -> str:
    if m := _REFUSED.match(part):
        return "bestand geweigerd: " + translate(m["m"], "nl")
    if m := _UNKNOWN.match(part):
        return f"onbekend(e) {THINGS[m['t']]} {m['c']}"
    if m := _GATE.match(part):
        return f"{m['m']}: {code('gate', m['g'], 'nl')} ({m['e']}) {'geslaagd' if m['r'] == 'passed' else 'gefaald'}"
    for pattern, nl in PATTERNS:
        if m := pattern.match(part):
            return nl.format(**m.groupdict())
    return part
