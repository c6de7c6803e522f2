"""DUO's vooropleiding codes (the uniform aggregation codes of 1cHO, decoded by DUO's own table
Dec_vopl.asc, shipped unchanged in sources/duo/data) in the contract's prior_education terms.

The category is the first word of DUO's description: mbo, havo, vwo, hbo(-p/-ad/-ba/...), wo(-...);
vbo/vmbo and other Dutch certificates are `overig`, a foreign diploma is `buitenland`, code 00000
is `onbekend`. A havo or vwo *certificaat* (single subjects, no diploma) is `overig`."""
from __future__ import annotations

import functools
from pathlib import Path

from sources.duo import fixed_width

TABLE = Path(__file__).resolve().parent / "data" / "Dec_vopl.asc"
LAYOUT = fixed_width.parse_layout("""
Code vooropleiding                                  1             5
Omschrijving vooropleiding                          6            72
""")
UNKNOWN_CODE = "00000"
CATEGORIES = ("mbo", "havo", "vwo", "hbo", "wo")


@functools.cache
def descriptions() -> dict[str, str]:
    """Code -> DUO's description, from Dec_vopl.asc."""
    out = {}
    for _, record in fixed_width.records(TABLE.read_bytes()):
        fields = fixed_width.cut(record, LAYOUT)
        out[fields["Code vooropleiding"]] = fields["Omschrijving vooropleiding"]
    return out


def category(description: str) -> str:
    """The contract's prior_education value for one of DUO's descriptions."""
    text = description.lower()
    if text.startswith("vooropleiding onbekend"):
        return "onbekend"
    if "buitenlands" in text:
        return "buitenland"
    if "certificaat" in text:
        return "overig"
    head = text.split()[0].split("-")[0] if text.split() else ""
    return head if head in CATEGORIES else "overig"


@functools.cache
def prior_education(code: str) -> str:
    """The category of a DUO vooropleiding code; a code DUO's table does not know is returned as it
    is, so that validation rejects the row naming the code instead of guessing a category."""
    if code == "":
        return ""
    text = descriptions().get(code)
    return category(text) if text is not None else code
