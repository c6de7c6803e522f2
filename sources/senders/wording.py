"""What the platform says about deliveries (ingest's reasons and refusals, delivery messages, the
build's reference checks, the senders' own way in), in the reader's language: one translator for the
senders' side (`regiomonitor check`, receipts, templates, the upload page) and for Datakwaliteit
(dashboards/reasons.py adds the gates' messages).

The messages are written in English where they arise (validations/, orchestration/ingest/, sources/,
dbt's *_checked models) and are kept so in ops.deliveries and ops.rejected_rows. A message is one or
more parts joined by "; "; each part is translated by its known shape, and a part of an unknown
shape stays as it is rather than being guessed at. The values in a part (codes, names and file names
senders chose, column names) are never changed; a library's own error text (an XLSX reader's, the
operating system's) stays as it is, as the words to search for."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from validations.feeds import codes

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
THINGS = {"partnership": "partnerschap", "school": "school", "institution": "instelling", "subject": "vak",
          "region": "regio"}
KINDS = {"symbolic link": "symbolische link", "FIFO (named pipe)": "FIFO (named pipe)", "socket": "socket",
         "character device": "tekenapparaat", "block device": "blokapparaat", "directory": "map",
         "special file": "speciaal bestand"}
SHAPES = {codes.BRIN: "een BRIN-code (2 cijfers + 2 hoofdletters/cijfers, bijv. 21PB)",
          codes.SCHOOL: "een schoolcode (BRIN + 2-cijferige vestiging, bijv. 12AB00)",
          codes.CODE: "een code van hoofdletters, cijfers en '-' (2-30 tekens, bijv. SOP-RM-02)",
          codes.CROHO: "een CROHO-code van 5 cijfers (bijv. 34808)"}
SHAPE = {f"must be {en}": f"moet {SHAPES[p]} zijn" for p, en in codes.PATTERN_NAMES.items() if p in SHAPES}
NAME_PATTERN = "<afzender>_<studiejaar>[_<tekst>].csv|xlsx"
_COL = r"(?P<c>[\w/ ]+)"
_THING = "(?P<t>" + "|".join(THINGS) + ")"
Rule = tuple[str, str | Callable[[re.Match], str]]


def _thing(m: re.Match, group: str = "t") -> str:
    return THINGS[m[group]]


def _dutch_number(text: str) -> str:
    """1,000,000 (as the English messages write a count) -> 1.000.000."""
    return re.sub(r"\d{1,3}(?:,\d{3})+", lambda m: m[0].replace(",", "."), text)


def _limit(m: re.Match) -> str:
    return f"{part(m['f'])}: boven de grens ingest.limits.{m['n']} = {_dutch_number(m['v'])} (regiomonitor.yaml)"


def _when(m: re.Match) -> str:
    w = m["w"]
    w = re.sub(r"^(\w+) is given$", r"\1 ingevuld is", w)
    w = re.sub(r"^(\w+) is (\w+)$", r"\1 \2 is", w)
    return f"{m['c']}: verplicht als {w}, en alleen dan"


def _unknowns(m: re.Match) -> str:
    return ", ".join(part(u) for u in m["u"].split(", ")) + f" (van partnerschap {m['p']})"


def _may_not_deliver(m: re.Match) -> str:
    where = (f" in partnerschap {m['ip']}" if m["ip"] else "") + (f" van {_thing(m, 'ot')} {m['o']}" if m["o"] else "")
    return f"afzender {m['s']} mag {_thing(m)} {m['k']}{where} niet aanleveren"


RULES: list[Rule] = [
    # row rules (validations/feeds, validations/rows.py, orchestration/ingest/coerce.py)
    (rf"^{_COL}: is required$", "{c}: is verplicht"),
    (rf"^{_COL}: must be between (?P<a>\S+) and (?P<b>\S+)$", "{c}: moet tussen {a} en {b} liggen"),
    (rf"^{_COL}: must be >= (?P<a>\S+)$", "{c}: moet minstens {a} zijn"),
    (rf"^{_COL}: must be <= (?P<a>\S+)$", "{c}: mag hoogstens {a} zijn"),
    (rf"^{_COL}: must be one of (?P<v>.+)$", "{c}: moet een van deze waarden zijn: {v}"),
    (rf"^{_COL}: must be (?P<a>\S+) to (?P<b>\S+) characters long$", "{c}: moet {a} tot {b} tekens lang zijn"),
    (rf"^{_COL}: (?P<s>must be (?:a|an) .+)$", lambda m: f"{m['c']}: {SHAPE.get(m['s'], m['s'])}"),
    (rf"^{_COL}: must be like (?P<p>.+)$", "{c}: moet de vorm {p} hebben"),
    (rf"^{_COL}: not a whole number$", "{c}: geen geheel getal"),
    (rf"^{_COL}: not a number \(a finite value with a decimal point or comma, no thousands separator\)$",
     "{c}: geen getal (een eindige waarde met een decimale punt of komma, zonder scheiding van duizendtallen)"),
    (rf"^{_COL}: not a date \(YYYY-MM-DD or DD-MM-YYYY\)$", "{c}: geen datum (JJJJ-MM-DD of DD-MM-JJJJ)"),
    (rf"^{_COL}: not true or false$", "{c}: niet waar of onwaar"),
    (rf"^{_COL}: must not be a fixed value of the contract \(such as (?P<v>.+)\)$",
     "{c}: mag geen vaste waarde van het contract zijn (zoals {v})"),
    (rf"^{_COL}: must not be after 1 October of (?P<o>\w+) \+ 1$", "{c}: mag niet later zijn dan 1 oktober van {o} + 1"),
    (rf"^{_COL}: must not exceed (?P<o>.+)$", "{c}: mag niet groter zijn dan {o}"),
    (rf"^{_COL}: must not be after (?P<o>.+)$", "{c}: mag niet later zijn dan {o}"),
    (rf"^{_COL}: must not be before (?P<o>.+)$", "{c}: mag niet eerder zijn dan {o}"),
    (rf"^{_COL}: required when (?P<w>.+), and only then$", _when),
    (rf"^{_COL}: one of the two is required$", "{c}: een van beide is verplicht"),
    (rf"^{_COL}: a rate's target \((?P<k>.+)\) must be between (?P<a>\S+) and (?P<b>\S+)$",
     "{c}: het doel van een percentage ({k}) moet tussen {a} en {b} liggen"),
    (r"^duplicate key \((?P<k>.+)\): first given in row (?P<n>\d+)$", "dubbele sleutel ({k}): al gegeven in rij {n}"),
    # a sender's authority (validations/authority.py; dbt's *_checked and stg_reference_rejected)
    (r"^(?P<u>unknown .+) \(of partnership (?P<p>[^()]+)\)$", _unknowns),
    (r"^unknown " + _THING + r" (?P<k>.+)$", lambda m: f"onbekend(e) {_thing(m)} {m['k']}"),
    (r"^sender (?P<s>\S+) may not deliver " + _THING + r" (?P<k>\S+)(?: in partnership (?P<ip>\S+))?"
     r"(?: of (?P<ot>region|partnership) (?P<o>\S+))?$", _may_not_deliver),
    (r"^sender (?P<s>\S+) may not deliver costs of partnership (?P<p>\S+)$",
     "afzender {s} mag geen kosten van partnerschap {p} aanleveren"),
    (r"^sender (?P<s>\S+) may not deliver kpi_targets for (?P<k>\S+) of region (?P<r>\S+)$",
     "afzender {s} mag geen kpi_targets voor {k} van regio {r} aanleveren"),
    (r"^sender (?P<s>\S+) may not deliver kpi_targets for (?P<k>\S+)$",
     "afzender {s} mag geen kpi_targets voor {k} aanleveren"),
    (r"^sender (?P<s>\S+) may not deliver (?P<f>\w+): it is a national list, delivered by (?P<n>\S+)$",
     "afzender {s} mag {f} niet aanleveren: dat is een landelijke lijst, aangeleverd door {n}"),
    (r"^sender (?P<s>\S+) may not name " + _THING + r" (?P<k>\S+) '(?P<n>.*)': it is the (?P<w>code|name) of "
     r"(?P<ot>\w+) (?P<o>.+)$",
     lambda m: f"afzender {m['s']} mag {_thing(m)} {m['k']} niet '{m['n']}' noemen: dat is de "
               f"{'code' if m['w'] == 'code' else 'naam'} van {THINGS.get(m['ot'], m['ot'])} {m['o']}"),
    # files (sources/files, sources/duo, orchestration/ingest)
    (r"^file refused: (?P<m>.+)$", lambda m: "bestand geweigerd: " + in_language(m["m"])),
    (r"^missing required column '(?P<c>.+)'$", "verplichte kolom '{c}' ontbreekt"),
    (r"^missing required columns (?P<c>.+)$", "verplichte kolommen {c} ontbreken"),
    (r"^column '(?P<c>.+)' appears twice in the header, as '(?P<a>.+)' and '(?P<b>.+)'$",
     "kolom '{c}' staat twee keer in de kopregel, als '{a}' en '{b}'"),
    (r"^column '(?P<c>.+)' appears twice in the header$", "kolom '{c}' staat twee keer in de kopregel"),
    (r"^Dutch column names recognised: (?P<l>.+)$", "Nederlandse kolomnamen herkend: {l}"),
    (r"^ignored columns not in the contract: (?P<l>.+)$", "genegeerde kolommen die niet in het contract staan: {l}"),
    (r"^empty file \(0 bytes\)$", "leeg bestand (0 bytes)"),
    (r"^empty file: no header row$", "leeg bestand: geen kopregel"),
    (r"^empty workbook: no header row in the first sheet$", "leeg werkboek: geen kopregel in het eerste blad"),
    (r"^empty file: no 1cHO records$", "leeg bestand: geen 1cHO-records"),
    (r"^replaces (?P<f>.+) \(delivery (?P<n>\d+)\)$", "vervangt {f} (levering {n})"),
    (r"^same bytes as (?P<f>.+) \(delivery (?P<n>\d+)\), which is in force$",
     "dezelfde inhoud als {f} (levering {n}), dat al geldt"),
    (r"^nothing to do$", "er verandert niets"),
    (r"^unknown feed folder '(?P<f>.+)'$", "onbekende feedmap '{f}'"),
    (r"^feeds are: (?P<l>.+)$", "de feeds zijn: {l}"),
    (r"^file name '(?P<f>.+)' does not match <sender>_<academic_year>\[_<text>\]\.csv\|xlsx$",
     "bestandsnaam '{f}' volgt het patroon " + NAME_PATTERN + " niet"),
    (r"^file name (?P<f>.+) contains a control character \(e\.g\. a newline\)$",
     "bestandsnaam {f} bevat een stuurteken (bijv. een regeleinde)"),
    (r"^file is not in a feed folder: expected <inbox>/<feed>/<sender>_<academic_year>\.csv$",
     "bestand staat niet in een feedmap: verwacht <inbox>/<feed>/<afzender>_<studiejaar>.csv"),
    (r"^academic year (?P<y>\d+) in the file name is outside (?P<r>\S+)$",
     "studiejaar {y} in de bestandsnaam ligt buiten {r}"),
    (r"^sender '(?P<s>.+)' is not a valid sender for feed '(?P<f>.+)' \(expected a code of: (?P<l>.+)\)$",
     lambda m: f"afzender '{m['s']}' is geen geldige afzender voor feed '{m['f']}' (verwacht een code van: "
               + ", ".join(THINGS.get(k, k) for k in m["l"].split(", ")) + ")"),
    (r"^binary content \(NUL bytes\): not a CSV text file$", "binaire inhoud (NUL-bytes): geen CSV-tekstbestand"),
    (r"^binary content \(NUL bytes\): not a fixed-width text file$",
     "binaire inhoud (NUL-bytes): geen tekstbestand met vaste kolombreedte"),
    (r"^starts with a UTF-8 BOM but is not valid UTF-8 \(byte (?P<n>\d+)\)$",
     "begint met een UTF-8-BOM maar is geen geldige UTF-8 (byte {n})"),
    (r"^neither UTF-8 nor Windows-1252 text \(byte (?P<n>\d+)\)$", "geen UTF-8- of Windows-1252-tekst (byte {n})"),
    (r"^not readable as CSV: (?P<e>.+)$", "niet leesbaar als CSV: {e}"),
    (r"^not a readable XLSX workbook: (?P<e>.+)$", "geen leesbaar XLSX-werkboek: {e}"),
    (r"^row has (?P<n>\d+) fields, the header has (?P<w>\d+)$", "rij heeft {n} velden, de kopregel {w}"),
    (r"^record has (?P<n>\d+) characters, Croho\.asc records have at most (?P<l>\d+)$",
     "record heeft {n} tekens, records van Croho.asc hebben er hoogstens {l}"),
    (r"^record has (?P<n>\d+) characters$", "record heeft {n} tekens"),
    (r"^the (?P<y>\d+) layout has (?P<l>\d+)$", "de indeling van {y} heeft er {l}"),
    (r"^not DUO's Croho\.asc layout: records must be (?P<r>\S+) characters \((?P<d>.+)\)$",
     "niet de indeling van DUO's Croho.asc: records moeten {r} tekens lang zijn ({d})"),
    (r"^not a 1cHO file: no record of (?P<r>\S+) characters$", "geen 1cHO-bestand: geen record van {r} tekens"),
    (r"^DUO's layouts have (?P<a>\d+) \((?P<ya>\d+)\) or (?P<b>\d+) \((?P<yb>\d+)\)$",
     "DUO's indelingen hebben er {a} ({ya}) of {b} ({yb})"),
    (r"^missing DUO column (?P<c>.+)$", lambda m: f"DUO-kolom {m['c'].replace(' or ', ' of ')} ontbreekt"),
    (r"^no year columns found: expected (?P<w>.+)$",
     lambda m: "geen jaarkolommen gevonden: verwacht " + m["w"].replace("one column per year, e.g.",
                                                                       "één kolom per jaar, bijv.")
     .replace("' and '", "' en '")),
    (r"^year (?P<y>\d+): missing the (?P<c>.+) column$", "jaar {y}: de kolom {c} ontbreekt"),
    (r"^(?P<f>.+): over the limit ingest\.limits\.(?P<n>\w+) = (?P<v>\S+) \(regiomonitor\.yaml\)$", _limit),
    (r"^file is (?P<n>[\d,]+) bytes$", lambda m: f"bestand is {_dutch_number(m['n'])} bytes"),
    (r"^more than (?P<n>[\d,]+) rows$", lambda m: f"meer dan {_dutch_number(m['n'])} rijen"),
    (r"^XLSX unpacks to (?P<n>[\d,]+) bytes \(its zip directory\)$",
     lambda m: f"XLSX pakt uit tot {_dutch_number(m['n'])} bytes (volgens de zip-inhoudsopgave)"),
    (r"^XLSX unpacks to more than (?P<n>[\d,]+) bytes$",
     lambda m: f"XLSX pakt uit tot meer dan {_dutch_number(m['n'])} bytes"),
    (r"^XLSX member (?P<f>.+) unpacks to (?P<n>[\d,]+) times its packed size \(a zip bomb\)$",
     lambda m: f"XLSX-onderdeel {m['f']} pakt uit tot {_dutch_number(m['n'])} keer zijn ingepakte grootte (een zipbom)"),
    (r"^(?P<k>" + "|".join(map(re.escape, KINDS)) + r"): only regular files are read \(deliver the file itself\)$",
     lambda m: f"{KINDS[m['k']]}: alleen gewone bestanden worden gelezen (lever het bestand zelf aan)"),
    (r"^file disappeared while the inbox was read$", "bestand verdween terwijl de inbox werd gelezen"),
    (r"^cannot be read: (?P<e>.+)$", "niet te lezen: {e}"),
    # the senders' own way in (sources/senders/upload.py, `regiomonitor check`)
    # (a message's parts are split at "; " before they are matched)
    (r"^which feed\? '(?P<f>.+)' is not a feed$", "welke feed? '{f}' is geen feed"),
    (r"^give --feed \(one of (?P<l>.+)\) or put the file in a folder named after its feed$",
     "geef --feed (een van {l}) of zet het bestand in een map met de naam van de feed"),
    (r"^you may not deliver for sender (?P<s>.+): your codes are (?P<l>.+)$",
     "je mag niet aanleveren voor afzender {s}: je codes zijn {l}"),
    (r"^sender (?P<s>\S+) does not deliver the feed (?P<f>\S+)$", "afzender {s} levert de feed {f} niet aan"),
    (r"^only \.csv and \.xlsx files are delivered, not '(?P<e>.+)'$",
     "alleen .csv- en .xlsx-bestanden worden aangeleverd, niet '{e}'"),
    (r"^the file name names sender (?P<s>\S+), not (?P<o>\S+)$", "de bestandsnaam noemt afzender {s}, niet {o}"),
    (r"^name it (?P<n>.+)$", "noem het bestand {n}"),
]
Patterns = Sequence[tuple[re.Pattern, str | Callable[[re.Match], str]]]
PATTERNS: Patterns = [(re.compile(p), nl) for p, nl in RULES]


def in_language(text: str | None, lang: str = DEFAULT, extra: Patterns = ()) -> str:
    """`text` (a reason or message) in `lang`; English is the original, and None reads as "".
    `extra`: shapes a reader knows besides these (Datakwaliteit's gate messages), tried first."""
    if not text or lang != "nl":
        return text or ""
    return "; ".join(part(p, extra) for p in text.split("; "))


def rule_in_language(rule: str, lang: str = DEFAULT) -> str:
    """A column's rule (validations.feeds.fields.describe_check) in `lang`."""
    return "; ".join(in_language(f"x: {r}", lang)[3:] for r in rule.split("; ")) if rule else ""


def part(text: str, extra: Patterns = ()) -> str:
    """One part of a message in Dutch, or as it is when its shape is unknown."""
    for pattern, nl in (*extra, *PATTERNS):
        if m := pattern.match(text):
            return nl(m) if callable(nl) else nl.format(**m.groupdict())
    return text
