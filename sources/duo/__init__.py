"""Adapters for DUO's own files, so a region can drop them into the inbox exactly as DUO publishes
them: exam results and first-year intake (open data, wide CSV), the CROHO programme table and an
institution's 1cHO extract (fixed width). Each adapter is registered here (READERS) for its feed,
which the registry marks `own_layout` (validations.feeds): it turns the file's bytes into a TextTable
in the feed model's columns, and ingest does the rest (typing, validation, pseudonymisation, row
accounting) as for every other feed."""

from sources.duo.croho import read_croho
from sources.duo.examens import read_examens
from sources.duo.intake import read_intake
from sources.duo.onecho import read_onecho
from sources.files.readers import Reader

READERS: dict[str, Reader] = {
    "duo_examens": read_examens,
    "duo_intake": read_intake,
    "duo_1cho": read_onecho,
    "croho": read_croho,
}
