"""Sender documentation of every feed, rendered from the Pandera models so it cannot drift from
what ingest enforces. `python -m validations.feeds.docs` rewrites docs/feeds.md; a test checks
that the committed file is current."""
from __future__ import annotations

from pathlib import Path

from validations.feeds import FEEDS, Feed
from validations.feeds.fields import describe_check

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "feeds.md"
KIND = {"string": "text", "int": "whole number", "decimal": "number (decimal point or comma)",
        "date": "date (YYYY-MM-DD or DD-MM-YYYY)", "bool": "true/false (also ja/nee, 1/0)"}
KIND_READ = {"string": "text", "int": "whole number", "decimal": "number", "date": "date", "bool": "true/false"}
SENDER = {"institution": "institution code (BRIN, e.g. 21PB)", "school": "school code (e.g. 12AB00)",
          "partnership": "partnership code (e.g. SOP-RM-02)", "region": "region code (e.g. OR-RIJNMOND)",
          "NL": "`NL` (national list)", "DUO": "`DUO`"}

INTRO = """\
# Feeds: what to deliver, and how

*Generated from the Pandera models in `validations/feeds/` by `python -m validations.feeds.docs`;
do not edit by hand.*

## Delivering a file
- Put one file per delivery in the inbox: `inbox/<feed>/<sender>_<academic_year>[_<text>].csv` (or
  `.xlsx`). `<academic_year>` is the start year: `2023` means 2023-2024. Example:
  `inbox/enrolments/21PB_2023.csv`, a correction: `inbox/enrolments/21PB_2023_correctie.csv`.
- A delivery replaces the earlier delivery with the same feed, sender and year **entirely**: send
  the whole corrected file, not only the changed rows. Sending the same bytes again does nothing.
  When two new files of one key arrive together, the one written last wins.
- CSV: separated by `,` `;` or tab; UTF-8 (with or without BOM) or Windows-1252; decimal point or
  decimal comma, without thousands separators; dates `YYYY-MM-DD` or `DD-MM-YYYY`. XLSX: the first
  sheet, header in row 1. Column names are matched without regard to case or surrounding spaces.
- **Dutch column names.** Every column may also be headed by one of its Dutch names (the tables'
  second column; `studentnummer` for `student_key`), with spaces, `-` or `_` between the words as
  you like (`Datum inschrijving` = `datum_inschrijving`). The delivery report names the Dutch names
  it recognised. A column given twice, under its English and a Dutch name, refuses the file.
- **Before you deliver**: `regiomonitor check FILE` checks a file exactly as the platform will,
  without delivering it, and `regiomonitor template FEED --out FEED.xlsx` writes a workbook to fill
  in, with Dutch headers, drop-down lists and input rules. Or upload the file on the dashboards'
  page **Aanleveren**, which checks it at once and delivers it under the right name. After each run
  a receipt per delivery waits in the outbox and on that page (README, "The senders' way in").
- Columns not listed below are ignored and named in the delivery report. A missing required
  column refuses the whole file. A row that breaks a rule is set aside with the column and the
  rule it broke (see `regiomonitor status` and `ops.rejected_rows`); the other rows load.
- Codes are trimmed; values from a fixed list are matched case-insensitively (`Voltijd` = `voltijd`).
- Person keys (`student_key`, `supervisor_key`) are replaced by a keyed hash on arrival; the
  platform never stores them as delivered. Use the same key for the same person in every file.
- A row naming a school, partnership, institution, subject or region that the reference feeds do
  not know is kept but left out of the figures, listed as `unknown <thing> <code>`, and counts
  again as soon as the reference row is delivered.

## Who may deliver what
You deliver rows about yourself and what falls under you; any other row is set aside with a reason
naming you and the code (`sender OR-B may not deliver partnership SOP-RM-02 of region OR-RIJNMOND`)
and changes nothing.
- An institute: rows with its own `institution_code`. A school: rows with its own `school_code`.
- A partnership: its own `partnership_code`, and schools that the schools reference places in it.
- A region: its own region row, partnerships and schools, the funding of its partnerships, the
  vo_outflow of its schools and the KPI targets of itself and its partnerships. A partnership or
  school that another region, or the national list, delivered first stays theirs: ask the platform
  to move it in the national list.
- `NL` (the platform's national lists) delivers any reference row, and alone delivers
  `institutions`, `subjects` and `norms`; `DUO` delivers DUO's files.
- Names (`region_name`, `partnership_name`, `school_name`, `institution_name`) are names only: one
  that is a value of the contract (`voltijd`), another entity's code, or the name of another
  region or partnership is set aside. Schools may share a name.
- Numbers are finite and within the bounds below; a value that is not (`1` followed by 400 zeros
  is infinity) is set aside with its column.
"""


DUO_INTRO = """\
# DUO's own files

Four feeds take DUO's files exactly as DUO publishes or delivers them: do not convert, re-save or
rename their columns. Put the file in the feed's folder under any file name, e.g.
`inbox/duo_examens/examenkandidaten-en-geslaagden-2019-2024.csv` or `inbox/duo_1cho/1cyferho_2025.asc`.
A file with the same name and new bytes replaces the earlier one (a correction); a file with another
name is another delivery, and where two deliveries hold the same year, the later one counts.

- `duo_examens` and `duo_intake`: DUO's open-data CSV files (`;`, quoted, `<5` for counts under 5),
  with whatever years their header holds. Each line is read as one row per year: a line with five
  years counts as five rows in the delivery report, each with the line's row number.
- `croho`: DUO's CROHO table `Croho.asc` (fixed width), which comes with the 1cHO extract. The
  platform ships the table of 1cHO 2025; deliver a newer one when DUO publishes it.
- `duo_1cho`: the institution's 1cHO extract (fixed width, ISO-8859-1, DUO's 2023 or 2025 layout).
  It yields `enrolments` rows, so an institution delivers either its 1cHO extract or `enrolments`
  files; per institution and academic year the later delivery counts. 1cHO does not know the route
  (zij-instroom, verkort): its rows have route `regulier`. Person numbers are pseudonymised at ingest
  with the same key as `student_key` elsewhere, so placements link to the same students when they
  use DUO's person number.

The tables below show what the platform reads from each file (after its adapter in `sources/duo/`)
and the rules it checks; DUO's column or field names are in the descriptions.
"""


def render_feed(feed: Feed) -> str:
    out = [f"## `{feed.name}`", "", feed.doc, ""]
    if feed.own_layout:          # DUO's own file: its adapter, not the sender, writes these columns
        out.append(f"Deliver DUO's file unchanged in `inbox/{feed.name}/` (any file name).  ")
    else:
        out.append(f"Sender: {', '.join(SENDER[s] for s in feed.senders)}.  ")
    if feed.key:
        out.append(f"Row key: ({', '.join(feed.key)}); a later row with the same key in one file is set aside.")
    example_column = "" if feed.own_layout else " example |"
    dutch_column = "" if feed.own_layout else " Dutch names |"
    out += ["", f"| column |{dutch_column} type | required | rules |{example_column} description |",
            "|---|---|---|---|" + ("" if feed.own_layout else "---|---|") + "---|"]
    for col in feed.columns:
        rules = "; ".join(describe_check(c) for c in col.checks)
        if col.pseudonymise:
            rules = (rules + "; " if rules else "") + "pseudonymised at ingest"
        example = "" if feed.own_layout else f" `{col.example}` |"
        kind = (KIND_READ if feed.own_layout else KIND)[col.kind]      # a reader's columns are no CSV text
        dutch = "" if feed.own_layout else " " + ", ".join(f"`{d}`" for d in col.dutch) + " |"
        out.append(f"| `{col.name}` |{dutch} {kind} | {'yes' if col.required else 'no'} | {rules} |"
                   f"{example} {col.doc} |")
    checks = [c.error for c in feed.schema.checks]
    if checks:
        out += ["", "Rules across columns:"] + [f"- {c}" for c in checks]
    if not feed.own_layout:
        example = ";".join(c.name for c in feed.columns) + "\n" + ";".join(c.example for c in feed.columns)
        out += ["", "Example (CSV with `;`):", "", "```csv", example, "```"]
    return "\n".join(out + [""])


def render() -> str:
    contract = [f for f in FEEDS.values() if not f.own_layout]
    sections = [INTRO, "# Institute, school and partnership feeds\n"]
    sections += [render_feed(f) for f in contract if not f.reference]
    sections += ["# Reference feeds\n", "A delivered reference row takes precedence over the project's shipped "
                 "default for the same code (norms: the same norm and year); a region's own list takes "
                 "precedence over a national (`NL`) one, a later delivery over an earlier one.\n"]
    sections += [render_feed(f) for f in contract if f.reference]
    sections += [DUO_INTRO] + [render_feed(f) for f in FEEDS.values() if f.own_layout]
    return "\n".join(sections)


if __name__ == "__main__":
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render())
    print(f"wrote {DOC_PATH}")
