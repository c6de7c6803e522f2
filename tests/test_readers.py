"""Every encoding and delimiter the contract allows reads to the same rows."""
import pytest

from sources.files.naming import Refused
from sources.files.readers import read_table
from deployment.settings import FileLimits
from tests.builders import csv_bytes, row, xlsx_bytes

ROWS = [row("costs", hours="12.5"), row("costs", school_code="10AB00", hours="", amount_eur="1250.75")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_delimiters_and_encodings_give_the_same_table(delimiter, encoding, bom):
    table = read_table(csv_bytes(ROWS, delimiter=delimiter, encoding=encoding, bom=bom), "csv")
    assert table.header == list(ROWS[0])
    assert table.rows == [list(r.values()) for r in ROWS]
    assert table.row_numbers == [1, 2]


def test_windows_1252_text_keeps_its_accents():
    data = "school_name;municipality\nCSG Fryslân;Súdwest-Fryslân\n".encode("cp1252")
    table = read_table(data, "csv")
    assert table.rows == [["CSG Fryslân", "Súdwest-Fryslân"]]
    assert "Windows-1252" in table.description and "';'" in table.description


def test_a_row_with_the_wrong_field_count_is_reported_not_guessed():
    data = b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n"
    table = read_table(data, "csv")
    assert table.rows == [["1", "2", "3"], ["10", "11", "12"]]
    assert table.broken == [(2, "row has 2 fields, the header has 3"), (3, "row has 4 fields, the header has 3")]
    assert table.rows_received == 4


def test_blank_lines_are_not_rows():
    table = read_table(b"a,b\n\n1,2\n\n", "csv")
    assert table.rows == [["1", "2"]] and table.rows_received == 1


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"\n\n", "empty file"),
    (b"a,b\x00c\n", "binary"),
    (b"\xef\xbb\xbfa,b\n\xff\xfe\n", "not valid UTF-8"),
    (b"a,b\n\x81\x8d\n", "neither UTF-8 nor Windows-1252"),
])
def test_unreadable_files_are_refused(data, message):
    with pytest.raises(Refused, match=message):
        read_table(data, "csv")


def test_xlsx_first_sheet_header_in_row_1():
    table = read_table(xlsx_bytes(ROWS), "xlsx")
    assert table.header == list(ROWS[0])
    assert table.rows[0][table.header.index("hours")] == "12.5"
    assert table.rows[1][table.header.index("amount_eur")] == "1250.75"


def test_a_corrupt_xlsx_is_refused():
    with pytest.raises(Refused, match="not a readable XLSX"):
        read_table(b"PK\x03\x04 this is no workbook", "xlsx")


def test_the_csv_reader_stops_at_the_row_limit():
    """Refused as soon as row max_rows + 1 is read, before the rest (here a field past the csv
    module's limit, which would refuse the file for another reason) is split into rows."""
    data = b"a,b\n" + b"1,2\n" * 11 + b"x" * 1_100_000 + b",y\n"
    with pytest.raises(Refused, match=r"more than 10 rows: over the limit ingest.limits.max_rows = 10"):
        read_table(data, "csv", limits=FileLimits(max_rows=10))
