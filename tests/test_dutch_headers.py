"""Dutch column names (validations/feeds/dutch.py): a file headed in Dutch loads exactly like the
same file headed in English, the delivery report names what it recognised, and a column given under
both names refuses the file."""
from __future__ import annotations

import duckdb
import pytest

from orchestration.ingest.run import ingest_inbox
from tests.builders import VALID, csv_bytes, deliver, row, xlsx_bytes
from validations.feeds import FEEDS
from validations.feeds.dutch import header_key

SENDERS = {"enrolments": "30HB", "placements": "SOP-A", "capacity": "10AA00", "costs": "10AA00",
           "funding": "SOP-A", "vo_outflow": "10AB00"}


def _dutch(r: dict, feed: str, pick: int = 0) -> dict:
    columns = {c.name: c for c in FEEDS[feed].columns}
    return {columns[k].dutch[min(pick, len(columns[k].dutch) - 1)]: v for k, v in r.items()}


def _raw(warehouse, feed) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cols = ", ".join(f'"{c}"' for c in FEEDS[feed].column_names)
        return con.execute(f"select {cols} from raw.{feed} order by all").fetchall()
    finally:
        con.close()


def test_every_contract_column_has_dutch_names_that_are_unambiguous_within_its_feed():
    for feed in FEEDS.values():
        if feed.own_layout:
            assert all(not c.dutch for c in feed.columns)
            continue
        keys = [header_key(n) for c in feed.columns for n in (c.name, *c.dutch)]
        assert all(c.dutch for c in feed.columns), feed.name
        assert len(keys) == len(set(keys)), f"{feed.name}: a Dutch name is also another column's name"


@pytest.mark.parametrize("feed", sorted(SENDERS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_dutch_headers_loads_like_the_english_one(tmp_path, feed, fmt):
    write = csv_bytes if fmt == "csv" else xlsx_bytes
    english = [row(feed), row(feed, academic_year="2022") if "academic_year" in VALID[feed] else row(feed)]
    if feed == "placements":
        english[1]["request_id"] = "R2"
    if feed == "vo_outflow":
        english[1]["track"] = "vwo"
    variants = [("en", english)] + [(f"nl{pick}", [_dutch(r, feed, pick) for r in english]) for pick in (0, 1)]
    for lang, rows in variants:
        inbox = tmp_path / lang / "inbox"
        deliver(inbox, feed, f"{SENDERS[feed]}_2023.{fmt}", write(rows))
        [d] = ingest_inbox(inbox, tmp_path / lang / "warehouse.duckdb", b"secret").deliveries
        assert (d.status, d.rows_loaded, d.rows_rejected) == ("loaded", 2, 0), d.message
        if lang == "en":
            assert "Dutch" not in d.message
        else:
            pick = int(lang[-1])
            dutch = {c.dutch[min(pick, len(c.dutch) - 1)]: c.name for c in FEEDS[feed].columns
                     if c.name in english[0]}
            assert d.message.startswith("Dutch column names recognised: ")
            assert all(f"{nl} = {en}" in d.message for nl, en in dutch.items())
        assert _raw(tmp_path / lang / "warehouse.duckdb", feed) == _raw(tmp_path / "en" / "warehouse.duckdb", feed)


def test_headers_match_whatever_the_case_spaces_and_separators(tmp_path):
    r = row("funding")
    header = ["  Partnerschapscode ", "SCHOOLJAAR", "FinancieringsBron", "Bedrag - EUR"]
    data = csv_bytes([dict(zip(header, r.values()))], header=header, delimiter=";")
    deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", data)
    [d] = ingest_inbox(tmp_path / "inbox", tmp_path / "warehouse.duckdb", b"secret").deliveries
    assert (d.status, d.rows_loaded) == ("loaded", 1), d.message
    assert "Bedrag - EUR = amount_eur" in d.message and not d.ignored_columns


def test_a_column_given_in_english_and_in_dutch_refuses_the_file(tmp_path):
    r = {**row("funding"), "bedrag": "100"}
    deliver(tmp_path / "inbox", "funding", "SOP-A_2023.csv", csv_bytes([r]))
    [d] = ingest_inbox(tmp_path / "inbox", tmp_path / "warehouse.duckdb", b"secret").deliveries
    assert d.status == "refused"
    assert d.message == "column 'amount_eur' appears twice in the header, as 'amount_eur' and 'bedrag'"
