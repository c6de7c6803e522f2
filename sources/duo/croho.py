"""DUO's CROHO table `Croho.asc` (shipped with 1cHO; layout in Bestandsbeschrijving_Croho.txt) as
the `croho` reference feed: per institution and programme code, the current programme it counts
as, its croho-onderdeel and -subonderdeel, hbo/wo and ad/ba/ma. dbt derives from these which codes
are teacher training and of which type (stg_croho_programmes).

    python -m sources.duo.croho Croho.asc > dbt_project/seeds/default_croho.csv

writes the shipped default (the seed) from DUO's file, through this same reader."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from sources.files.naming import Refused
from sources.files.readers import TextTable
from sources.duo import fixed_width

LAYOUT = fixed_width.parse_layout("""
Instellingscode                                    1              4
Opleidingscode                                     5              5
Actuele instelling (incl. besturenfusies)         10              4
Actuele instelling (excl. besturenfusies) (**)    14              4
Opleiding actueel equivalent                      18              5
Opleiding historisch equivalent                   23              5
Onderdeel actuele opleiding                       28              1
Subonderdeel actuele opleiding                    29              2
Soort hoger onderwijs                             31              3
Type hoger onderwijs actuele opleiding            34              2
Opleidingsnaam actuele opleiding (*)              36            120
Indicatie soort opleiding (***)                  156              2
Joint degree code (****)                         158              5
""")

COLUMNS = {  # feed column: DUO field
    "institution_code": "Instellingscode",
    "programme_code": "Opleidingscode",
    "current_institution_code": "Actuele instelling (incl. besturenfusies)",
    "current_programme_code": "Opleiding actueel equivalent",
    "historical_programme_code": "Opleiding historisch equivalent",
    "croho_onderdeel": "Onderdeel actuele opleiding",
    "croho_subonderdeel": "Subonderdeel actuele opleiding",
    "ho_kind": "Soort hoger onderwijs",
    "ho_type": "Type hoger onderwijs actuele opleiding",
    "programme_name": "Opleidingsnaam actuele opleiding (*)",
    "programme_kind": "Indicatie soort opleiding (***)",
    "joint_degree_code": "Joint degree code (****)",
}
LENGTH = fixed_width.record_length(LAYOUT)
SHORTEST = fixed_width.record_length(LAYOUT[:10])      # a record reaches at least the type of ho


def read_croho(data: bytes, file_format: str = "") -> TextTable:
    """Croho.asc as text rows in the `croho` feed's columns; DUO cuts trailing spaces, so records
    may be shorter than the layout, never longer."""
    records = fixed_width.records(data)
    if not records or max(len(r) for _, r in records) < SHORTEST:
        raise Refused(f"not DUO's Croho.asc layout: records must be {SHORTEST}-{LENGTH} characters "
                      "(Bestandsbeschrijving_Croho.txt)")
    rows, numbers, broken = [], [], []
    for n, record in records:
        if len(record) > LENGTH:
            broken.append((n, f"record has {len(record)} characters, Croho.asc records have at most {LENGTH}"))
            continue
        fields = fixed_width.cut(record, LAYOUT)
        rows.append([fields[duo] for duo in COLUMNS.values()])
        numbers.append(n)
    return TextTable(list(COLUMNS), rows, numbers, broken, description="DUO Croho.asc, fixed width, ISO-8859-1")


def write_seed(asc_path: str, out=sys.stdout) -> None:
    table = read_croho(Path(asc_path).read_bytes())
    if table.broken:
        raise SystemExit(f"{asc_path}: unreadable records {table.broken[:5]}")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)


if __name__ == "__main__":
    write_seed(sys.argv[1])
