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
- Columns not listed below are ignored and named in the delivery report. A missing required
  column refuses the whole file. A row that breaks a rule is set aside with the column and the
  rule it broke (see `regiomonitor status` and `ops.rejected_rows`); the other rows load.
- Codes are trimmed; values from a fixed list are matched case-insensitively (`Voltijd` = `voltijd`).
- Person keys (`student_key`, `supervisor_key`) are replaced by a keyed hash on arrival; the
  platform never stores them as delivered. Use the same key for the same person in every file.
- A row naming a school, partnership, institution, subject or region that the reference feeds do
  not know is kept but left out of the figures, listed as `unknown <thing> <code>`, and counts
  again as soon as the reference row is delivered.
"""


def render_feed(feed: Feed) -> str:
    senders = ", ".join(SENDER[s] for s in feed.senders)
    out = [f"## `{feed.name}`", "", feed.doc, "", f"Sender: {senders}.  "]
    if feed.key:
        out.append(f"Row key: ({', '.join(feed.key)}); a later row with the same key in one file is set aside.")
    out += ["", "| column | type | required | rules | example | description |", "|---|---|---|---|---|---|"]
    for col in feed.columns:
        rules = "; ".join(describe_check(c) for c in col.checks)
        if col.pseudonymise:
            rules = (rules + "; " if rules else "") + "pseudonymised at ingest"
        out.append(f"| `{col.name}` | {KIND[col.kind]} | {'yes' if col.required else 'no'} | {rules} | "
                   f"`{col.example}` | {col.doc} |")
    checks = [c.error for c in feed.schema.checks]
    if checks:
        out += ["", "Rules across columns:"] + [f"- {c}" for c in checks]
    example = ";".join(c.name for c in feed.columns) + "\n" + ";".join(c.example for c in feed.columns)
    out += ["", "Example (CSV with `;`):", "", "```csv", example, "```", ""]
    return "\n".join(out)


def render() -> str:
    sections = [INTRO, "# Institute, school and partnership feeds\n"]
    sections += [render_feed(f) for f in FEEDS.values() if not f.reference]
    sections += ["# Reference feeds\n", "A delivered reference row takes precedence over the project's shipped "
                 "default for the same code (norms: the same norm and year); a region's own list takes "
                 "precedence over a national (`NL`) one, a later delivery over an earlier one.\n"]
    sections += [render_feed(f) for f in FEEDS.values() if f.reference]
    return "\n".join(sections)


if __name__ == "__main__":
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render())
    print(f"wrote {DOC_PATH}")
