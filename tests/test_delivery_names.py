from pathlib import Path

import duckdb
import pytest

from sources.files.naming import Refused, parse_delivery_path
from orchestration.ingest.run import ingest_inbox
from tests.builders import csv_bytes, deliver, row


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


@pytest.mark.parametrize("path", ["enrolments/30HB_2023.csv\n", "enrolments/30HB\n_2023.csv",
                                  "enrolments/30HB_2023.csv\r", "duo_examens/examens.csv\n"])
def test_a_name_with_a_newline_or_other_control_character_is_refused(path):
    with pytest.raises(Refused, match="control character"):
        parse_delivery_path(Path(path))


def test_a_name_ending_in_a_newline_does_not_replace_the_real_delivery(tmp_path):
    """`$` matches before a final newline: `30HB_2023.csv\\n` was taken as the key of `30HB_2023.csv`."""
    inbox = tmp_path / "inbox"
    deliver(inbox, "funding", "SOP-A_2023.csv", csv_bytes([row("funding")]))
    ingest_inbox(inbox, tmp_path / "warehouse.duckdb", b"secret")
    deliver(inbox, "funding", "SOP-A_2023.csv\n", csv_bytes([row("funding", amount_eur="1")]))
    [d] = ingest_inbox(inbox, tmp_path / "warehouse.duckdb", b"secret").deliveries
    assert d.status == "refused" and "control character" in d.message
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select file_name, status from ingest.deliveries where status = 'loaded'").fetchall() \
            == [("SOP-A_2023.csv", "loaded")]
    finally:
        con.close()


def test_a_sender_code_ending_in_a_newline_is_no_senders_code():
    """`$` matches before a trailing newline; the sender's code is matched whole."""
    from validations.feeds.registry import FEEDS
    assert FEEDS["enrolments"].accepts_sender("30HB")
    assert not FEEDS["enrolments"].accepts_sender("30HB\n")
    assert not FEEDS["placements"].accepts_sender("SOP-RM-02\n")
    assert not FEEDS["regions"].accepts_sender("NL\n")
