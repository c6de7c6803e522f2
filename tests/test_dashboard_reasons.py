"""Every reason the platform gives reads in Dutch without English words left (issue 13), and the
senders' side (sources/senders/wording.py: check, receipts, templates, the upload page) says it in the
same words as Datakwaliteit (dashboards/reasons.py, which adds the gates' messages).

The reasons come from their producers where these are plain functions (the feeds' rules, the
parsers, the file readers and namers, the limits, the gates, the upload's and check's refusals); the
few that only arise mid-run or in dbt's SQL are written out here in the producers' words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboards import reasons
from deployment.settings import FileLimits
from orchestration.ingest import coerce, safe_read
from orchestration.ingest.check import check_file
from sources.files import naming, readers
from sources.senders import upload, wording
from validations.feeds import FEEDS
from validations.gates.run import GateResult
from validations.rows import _rule_text

ENGLISH = set("""a an and as at be but by cannot characters column columns date delivery deliver directory does
disappeared do duplicate each empty exceed expected false feeds fields file first for found given has have header
is it itself key limit may missing more must name names neither no nor not nothing number of one only or over
partnership institution passed failed packed read recognised region required replaces row rows same sender should such
than the then times to true two unexpected unknown unpacks valid value which while whole with year""".split()) \
    - {"is", "feeds", "of", "over"}      # Dutch too ("of" = or, "over" = about; "feed" is the platform's word)
VALUES = re.compile(r"'[^']*'|\S*[-_\d<>]\S*|\b(?:" + "|".join(
    sorted({c.name for f in FEEDS.values() for c in f.columns} | set(FEEDS), key=len, reverse=True)) + r")\b")


def english_left(text: str) -> set[str]:
    """The English words in a translated reason, once the values in it (codes, column names,
    quoted names, numbers) are set aside."""
    return {w for w in re.findall(r"[A-Za-z]+", VALUES.sub(" ", text)) if w.lower() in ENGLISH}


def refused(call) -> str:
    with pytest.raises(naming.Refused) as e:
        call()
    return str(e.value)


def produced() -> list[str]:
    out = [r for f in FEEDS.values() for r in _rule_text(f).values()]
    out += [f"{c.name}: is required" for f in FEEDS.values() for c in f.columns if c.required][:3]
    out += [ch.error for f in FEEDS.values() for ch in f.schema.checks if ch.error]
    out += [f"{c.name}: {why}" for f in FEEDS.values() for c in f.columns if (why := coerce._parse(c)[1])]
    out += [safe_read.refusal(k) for k in wording.KINDS]
    limits = FileLimits()
    out += [limits.exceeded("max_file_bytes", "file is 123,456,789 bytes"),
            limits.exceeded("max_rows", f"more than {limits.max_rows:,} rows"),
            limits.exceeded("max_unpacked_bytes", "XLSX unpacks to 9,999,999,999 bytes (its zip directory)"),
            limits.exceeded("max_unpacked_bytes", "XLSX unpacks to more than 1,000 bytes"),
            limits.exceeded("max_compression_ratio", "XLSX member 'xl/a.xml' unpacks to 900 times its packed "
                                                     "size (a zip bomb)")]
    for path in ["x.csv", "nofeed/SOP-A_2024.csv", "placements/SOP-A.csv", "placements/SOP-A_1900.csv",
                 "placements/bad!_2024.csv", "placements/SOP-A_2024\n.csv"]:
        out.append(refused(lambda: naming.parse_delivery_path(Path(path))))
    for data in [b"", b"a\x00b", b"\xef\xbb\xbf\xff", b"\x81\x8d\x8f\x90\x9d"]:
        out.append(refused(lambda: readers.read_table(data, "csv")))
    out.append(refused(lambda: readers.read_table(b"not a zip", "xlsx")).split(": ")[0] + ": Fout")
    out.append(readers.read_csv(b"a,b\n1,2,3\n").broken[0][1])
    for args in [("a.pdf", "funding", "SOP-A", 2024, ("SOP-A",)), ("SOP-B_2024.csv", "funding", "SOP-A", 2024, ("SOP-A",)),
                 ("x.csv", "enrolments", "SOP-A", 2024, ("SOP-A",))]:
        with pytest.raises(upload.NotAllowed) as e:
            upload.plan(*args)
        out.append(str(e.value))
    out += [check_file(Path("nofeed/x.csv"), None, None, limits).message,
            check_file(Path("funding/SOP-B_2024.csv"), None, "SOP-A", limits).message]
    out += [GateResult("m", "row_count_band", "ExpectTableRowCountToBeBetween", "", True, 0, "").message,
            GateResult("m", "suppression_consistent", "ExpectColumnValuesToBeNull", "n", False, 3,
                       "3 unexpected value(s)").message,
            GateResult("m", "row_count_band", "ExpectTableRowCountToBeBetween", "", False, 0, "observed 12").message]
    return out


WRITTEN = [
    "duplicate key (school_code, academic_year): first given in row 3",
    "unknown partnership SOP-X", "unknown school 99ZZ00", "unknown institution 99ZZ", "unknown subject sterrenkunde",
    "unknown region OR-X (of partnership SOP-X)",
    "sender SOP-A may not deliver partnership SOP-B", "sender 12AB00 may not deliver school 13AB00",
    "sender OR-A may not deliver school 10CC00 of region OR-B",
    "sender OR-A may not deliver school 10CC00 in partnership SOP-B of region OR-B",
    "sender SOP-A may not deliver partnership SOP-B of region OR-B",
    "sender 12AB00 may not deliver costs of partnership SOP-A",
    "sender OR-A may not deliver institutions: it is a national list, delivered by NL",
    "sender OR-A may not deliver kpi_targets for SOP-B of region OR-B", "sender OR-A may not deliver kpi_targets for NL",
    "sender OR-A may not name school 10CC00 'SOP-B': it is the code of partnership SOP-B",
    "sender OR-A may not name partnership SOP-C 'Samen Sterk': it is the name of partnership SOP-B",
    "file refused: missing required column 'school_code'",
    "file refused: missing required columns 'school_code', 'academic_year'",
    "column 'school_code' appears twice in the header",
    "column 'school_code' appears twice in the header, as 'school_code' and 'Schoolcode'",
    "Dutch column names recognised: Schoolcode = school_code; ignored columns not in the contract: opmerking",
    "replaces SOP-A_2024.csv (delivery 3)",
    "same bytes as SOP-A_2024.csv (delivery 3), which is in force; nothing to do",
    "empty workbook: no header row in the first sheet", "empty file: no 1cHO records",
    "binary content (NUL bytes): not a fixed-width text file",
    "not readable as CSV: Fout", "file disappeared while the inbox was read", "cannot be read: Fout",
    "record has 80 characters, Croho.asc records have at most 400",
    "record has 80 characters; the 2025 layout has 1234",
    "not DUO's Croho.asc layout: records must be 300-400 characters (Bestandsbeschrijving_Croho.txt)",
    "not a 1cHO file: no record of 1000-1234 characters; DUO's layouts have 1100 (2023) or 1234 (2025)",
    "missing DUO column 'BRIN NUMMER' or 'INSTELLINGSCODE'",
    "no year columns found: expected one column per year, e.g. '2019'",
    "no year columns found: expected 'EXAMENKANDIDATEN 2023' and 'GESLAAGDEN 2023'",
    "year 2023: missing the graduates column",
]


@pytest.mark.parametrize("reason", produced() + WRITTEN)
def test_every_known_reason_reads_in_dutch_without_english(reason):
    dutch = reasons.translate(reason, "nl")
    assert not english_left(dutch), (reason, dutch)
    assert english_left(reason), f"the sample has no English to translate: {reason}"
    assert reasons.translate(reason, "en") == reason
    if not reasons.GATE.match(reason):                       # one translator for senders and Datakwaliteit
        assert wording.in_language(reason, "nl") == dutch and wording.in_language(reason, "en") == reason


def test_values_in_a_reason_are_kept_and_an_unknown_shape_stays_as_it_is():
    assert reasons.translate("sender OR-A may not name school 10CC00 '<b>x</b>': it is the name of school 11", "nl") \
        == "afzender OR-A mag school 10CC00 niet '<b>x</b>' noemen: dat is de naam van school 11"
    assert reasons.translate("something new; nothing to do", "nl") == "something new; er verandert niets"
    assert reasons.translate(None, "nl") is None
