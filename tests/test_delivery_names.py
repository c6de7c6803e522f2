from pathlib import Path

import pytest

from orchestration.ingest.naming import Refused, parse_delivery_path


@pytest.mark.parametrize("path, key", [
    ("enrolments/30HB_2023.csv", "enrolments/30HB/2023"),
    ("enrolments/30HB_2023_correctie.csv", "enrolments/30HB/2023"),
    ("placements/SOP-RM-02_2024.xlsx", "placements/SOP-RM-02/2024"),
    ("capacity/12AB00_2022.CSV", "capacity/12AB00/2022"),
    ("vo_outflow/DUO_2021.csv", "vo_outflow/DUO/2021"),
    ("regions/NL_2024.csv", "regions/NL/2024"),
])
def test_contract_names_are_accepted(path, key):
    assert parse_delivery_path(Path(path)).key == key


@pytest.mark.parametrize("path, message", [
    ("30HB_2023.csv", "not in a feed folder"),
    ("inschrijvingen/30HB_2023.csv", "unknown feed folder 'inschrijvingen'"),
    ("enrolments/30HB-2023.csv", "does not match"),
    ("enrolments/30HB_23.csv", "does not match"),
    ("enrolments/30HB_2023.txt", "does not match"),
    ("enrolments/30HB_1999.csv", "outside 2000-2100"),
    ("enrolments/hogeschool_2023.csv", "not a valid sender"),
    ("enrolments/sub/30HB_2023.csv", "not in a feed folder"),
    ("regions/OR RIJNMOND_2023.csv", "not a valid sender"),
])
def test_other_names_are_refused_with_the_reason(path, message):
    with pytest.raises(Refused, match=message):
        parse_delivery_path(Path(path))
