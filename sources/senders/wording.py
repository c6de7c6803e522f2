"""What ingest says to a sender (reasons, refusals, delivery messages), in the sender's language.

Ingest writes its reasons in English, and ops.deliveries and ops.rejected_rows keep them so; the
senders' side (`regiomonitor check`, receipts, the upload page) shows them in Dutch by default. Each
reason is translated part by part ("; " separates the rules a row broke); a part no pattern knows
stays in English rather than being guessed at. Column names and values stay as the contract has them.
"""
from __future__ import annotations

import re

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

THINGS = {"institution": "instelling", "partnership": "partnerschap", "school": "school", "region": "regio",
          "subject": "vak", "costs": "kosten", "of region": "van regio"}

# a rule after "<column>: " (validations.feeds.fields.describe_check, coerce, the models' checks)
RULES = [
    (r"is required", "is verplicht"),
    (r"must be one of (.+)", r"moet een van deze waarden zijn: \1"),
    (r"must be between (\S+) and (\S+)", r"moet tussen \1 en \2 liggen"),
    (r"must be >= (\S+)", r"moet minstens \1 zijn"),
    (r"must be <= (\S+)", r"mag hoogstens \1 zijn"),
    (r"must be (\d+) to (\d+) characters long", r"moet \1 tot \2 tekens lang zijn"),
    (r"must be a BRIN code \(2 digits \+ 2 upper-case letters/digits, e\.g\. (\w+)\)",
     r"moet een BRIN-code zijn (2 cijfers + 2 hoofdletters/cijfers, bv. \1)"),
    (r"must be a school code \(BRIN \+ 2-digit location, e\.g\. (\w+)\)",
     r"moet een schoolcode zijn (BRIN + vestigingsnummer van 2 cijfers, bv. \1)"),
    (r"must be a code of upper-case letters, digits and '-' \(2-30 characters, e\.g\. (\S+)\)",
     r"moet een code van hoofdletters, cijfers en '-' zijn (2-30 tekens, bv. \1)"),
    (r"must be a 5-digit CROHO code \(e\.g\. (\d+)\)", r"moet een CROHO-code van 5 cijfers zijn (bv. \1)"),
    (r"not a whole number", "is geen geheel getal"),
    (r"not a number \(a finite value with a decimal point or comma, no thousands separator\)",
     "is geen getal (een eindige waarde met decimale punt of komma, zonder scheidingsteken voor duizendtallen)"),
    (r"not a date \(YYYY-MM-DD or DD-MM-YYYY\)", "is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)"),
    (r"not true or false", "is niet waar of onwaar (ook ja/nee, 1/0)"),
    (r"must not be after 1 October of academic_year \+ 1", "mag niet na 1 oktober van academic_year + 1 liggen"),
    (r"required when (\w+) is given, and only then", r"verplicht als \1 is ingevuld, en alleen dan"),
    (r"required when status is geplaatst, and only then", "verplicht als status geplaatst is, en alleen dan"),
    (r"must not be before (\w+)", r"mag niet voor \1 liggen"),
    (r"one of the two is required", "een van beide is verplicht"),
    (r"must not exceed (\w+)", r"mag niet groter zijn dan \1"),
    (r"a rate's target \((.+)\) must be between 0 and 1", r"het doel van een fractie (\1) moet tussen 0 en 1 liggen"),
    (r"must not be a fixed value of the contract \(such as voltijd\)",
     "mag geen vaste waarde van het contract zijn (zoals voltijd)"),
]

# a whole part of a reason or message
WHOLE = [
    (r"file refused: (.+)", "bestand geweigerd: {0}"),
    (r"sender (\S+) may not deliver (.+)", "afzender {0} mag dit niet aanleveren: {1}"),
    (r"duplicate key \((.+)\): first given in row (\d+)", "dubbele sleutel ({0}): eerder gegeven in rij {1}"),
    (r"row has (\d+) fields, the header has (\d+)", "de rij heeft {0} velden, de kopregel {1}"),
    (r"unknown (\w+) (.+)", "onbekende {0} {1}"),
    (r"empty file \(0 bytes\)", "leeg bestand (0 bytes)"),
    (r"empty file: no header row", "leeg bestand: geen kopregel"),
    (r"empty workbook: no header row in the first sheet", "lege werkmap: geen kopregel op het eerste blad"),
    (r"missing required columns? (.+)", "verplichte kolom ontbreekt: {0}"),
    (r"column '([^']+)' appears twice in the header, as '(.+)' and '(.+)'",
     "kolom '{0}' staat twee keer in de kopregel, als '{1}' en '{2}'"),
    (r"column '([^']+)' appears twice in the header", "kolom '{0}' staat twee keer in de kopregel"),
    (r"file name '(.+)' does not match (.+)", "bestandsnaam '{0}' volgt niet het patroon {1}"),
    (r"file name (.+) contains a control character \(e\.g\. a newline\)",
     "bestandsnaam {0} bevat een stuurteken (bv. een regeleinde)"),
    (r"unknown feed folder '(.+)'; feeds are: (.+)", "onbekende feedmap '{0}'; de feeds zijn: {1}"),
    (r"file is not in a feed folder: expected (.+)", "het bestand staat niet in een feedmap: verwacht {0}"),
    (r"academic year (\d+) in the file name is outside (.+)", "schooljaar {0} in de bestandsnaam ligt buiten {1}"),
    (r"sender '(.+)' is not a valid sender for feed '(.+)' \(expected a code of: (.+)\)",
     "'{0}' is geen geldige afzender voor feed '{1}' (verwacht een code van: {2})"),
    (r"binary content \(NUL bytes\): not a CSV text file", "binaire inhoud (NUL-bytes): geen CSV-tekstbestand"),
    (r"starts with a UTF-8 BOM but is not valid UTF-8 \(byte (\d+)\)",
     "begint met een UTF-8-BOM maar is geen geldige UTF-8 (byte {0})"),
    (r"neither UTF-8 nor Windows-1252 text \(byte (\d+)\)", "geen UTF-8- of Windows-1252-tekst (byte {0})"),
    (r"not readable as CSV: (.+)", "niet leesbaar als CSV: {0}"),
    (r"not a readable XLSX workbook: (.+)", "geen leesbare XLSX-werkmap: {0}"),
    (r"file is ([\d,]+) bytes: over the limit (\S+ = \S+) \(regiomonitor\.yaml\)",
     "het bestand is {0} bytes: boven de grens {1} (regiomonitor.yaml)"),
    (r"more than ([\d,]+) rows: over the limit (\S+ = \S+) \(regiomonitor\.yaml\)",
     "meer dan {0} rijen: boven de grens {1} (regiomonitor.yaml)"),
    (r"(.+): over the limit (\S+ = \S+) \(regiomonitor\.yaml\)", "{0}: boven de grens {1} (regiomonitor.yaml)"),
    (r"(.+): only regular files are read \(deliver the file itself\)",
     "{0}: alleen gewone bestanden worden gelezen (lever het bestand zelf aan)"),
    (r"Dutch column names recognised: (.+)", "Nederlandse kolomnamen herkend: {0}"),
    (r"ignored columns not in the contract: (.+)", "genegeerde kolommen (niet in het contract): {0}"),
    (r"replaces (.+) \(delivery (\d+)\)", "vervangt {0} (levering {1})"),
    (r"same bytes as (.+) \(delivery (\d+)\), which is in force; nothing to do",
     "dezelfde bytes als {0} (levering {1}), die al geldt; er verandert niets"),
    (r"which feed\? '(.+)' is not a feed; give --feed \(one of (.+)\) or put the file in a folder named after its "
     r"feed", "welke feed? '{0}' is geen feed; geef --feed (een van {1}) of zet het bestand in een map met de "
             "naam van de feed"),
    (r"you may not deliver for sender (.+): your codes are (.+)", "je mag niet aanleveren voor afzender {0}: je "
                                                                  "codes zijn {1}"),
    (r"sender (\S+) does not deliver the feed (\S+)", "afzender {0} levert de feed {1} niet aan"),
    (r"only \.csv and \.xlsx files are delivered, not '(.+)'", "alleen .csv- en .xlsx-bestanden worden aangeleverd, "
                                                              "niet '{0}'"),
    (r"the file name names sender (\S+), not (\S+); name it (.+)",
     "de bestandsnaam noemt afzender {0}, niet {1}; noem het bestand {2}"),
]
_RULES = [(re.compile(p), r) for p, r in RULES]
_WHOLE = [(re.compile(p, re.DOTALL), r) for p, r in WHOLE]
_COLUMN = re.compile(r"(?P<column>[a-z_/]+): (?P<rule>.+)", re.DOTALL)


def in_language(text: str | None, lang: str = DEFAULT) -> str:
    """`text` (a reason or message of ingest) in `lang`; English text is returned as it is."""
    if not text or lang != "nl":
        return text or ""
    return "; ".join(_part(p) for p in text.split("; "))


def rule_in_language(rule: str, lang: str = DEFAULT) -> str:
    """A column's rule (validations.feeds.fields.describe_check) in `lang`."""
    return "; ".join(in_language(f"x: {r}", lang)[3:] for r in rule.split("; ")) if rule else ""


def _part(part: str) -> str:
    for pattern, template in _WHOLE:
        if m := pattern.fullmatch(part):
            groups = [_things(g) if pattern.pattern.startswith(("sender", "unknown")) else g for g in m.groups()]
            if pattern.pattern.startswith("file refused"):
                groups = [in_language(groups[0])]
            return template.format(*groups)
    if (m := _COLUMN.fullmatch(part)) is not None:
        for pattern, replacement in _RULES:
            if pattern.fullmatch(m["rule"]):
                return f"{m['column']}: {pattern.sub(replacement, m['rule'])}"
    return part


def _things(text: str) -> str:
    """The English words for kinds of code in an authority or unknown-code reason, in Dutch."""
    return re.sub(r"\b(" + "|".join(sorted(THINGS, key=len, reverse=True)) + r")\b", lambda m: THINGS[m[1]], text)
