"""The dashboards on a real published snapshot: `regiomonitor run` builds it once per session from a
generated inbox, Streamlit's AppTest renders every page, and each test computes the numbers it
expects from published.duckdb with its own SQL."""
from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from deployment.home import Home
from tests.dashboard_support import (APP, KPI_LABELS, PAGES, TITLES, clean, eur, expected_doorstroom,
                                     expected_overzicht, headline, kpi_text, num, open_page, pct, published_home,
                                     scalar, shown, sql)
from tests.support import read_csv_download, table_texts



# -- the published home -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def home_dir(tmp_path_factory) -> Path:
    return published_home(tmp_path_factory)


def copy_home(home_dir: Path, tmp_path: Path) -> Path:
    """A home holding a copy of the session's snapshot, for tests that change it."""
    root = tmp_path / "home"
    root.mkdir()
    shutil.copy(home_dir / "published.duckdb", root / "published.duckdb")
    Home(root).mark_demo()
    return root


def alter(home: Path, *statements: str) -> None:
    con = duckdb.connect(str(home / "published.duckdb"))
    try:
        for s in statements:
            con.execute(s)
    finally:
        con.close()


# -- the app --------------------------------------------------------------------------------------
@pytest.fixture
def app(home_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home_dir))
    return AppTest.from_file(str(APP), default_timeout=120)


def app_on(home: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    return AppTest.from_file(str(APP), default_timeout=120)


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """The bytes behind every download button AppTest renders, by the button's URL."""
    captured: dict[str, tuple[str, bytes]] = {}
    original = MediaFileManager.add

    def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        url = original(self, path_or_data, mimetype, coordinates, file_name=file_name,
                       is_for_static_download=is_for_static_download)
        captured[url] = (file_name, path_or_data)
        return url

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        """A download written on click (the XLSX): the test clicks at once and keeps the bytes."""
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name,
                                    element_id=element_id)
        if mimetype != "application/pdf":       # the quality report: tests/test_report.py reads it
            captured[file_id] = (file_name, data_callable())
        return file_id

    original_deferred = MediaFileManager.add_deferred
    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def choose(at: AppTest, key: str, value) -> AppTest:
    box = at.selectbox(key=key)
    assert str(box.format_func(value)) in box.options, f"{value!r} is not an option of {key}: {box.options}"
    box.set_value(value).run()
    clean(at)
    assert at.selectbox(key=key).value == value
    return at


def shown_table(at: AppTest, key: str) -> pd.DataFrame:
    """The table as the reader sees it (each cell's text)."""
    return table_texts(at.get_by_key(f"{key}_block").dataframe[0])


def table_values(at: AppTest, key: str) -> pd.DataFrame:
    """The values the table sorts by (an empty or shielded figure, which sorts below every value,
    as NaN)."""
    values = at.get_by_key(f"{key}_block").dataframe[0].value
    return values.replace(float("-inf"), float("nan"))


def download(at: AppTest, downloads: dict, key: str) -> tuple[str, bytes]:
    proto = at.get_by_key(key).proto
    url = proto.url or proto.deferred_file_id                # an XLSX is written on click
    assert url in downloads, f"no bytes for the download button {key}"
    return downloads[url]


def assert_download_is(at: AppTest, downloads: dict, key: str, expected: pd.DataFrame,
                       mart: dict[str, str] | None = None) -> pd.DataFrame:
    """The CSV and the XLSX behind the table `key` hold exactly `expected`'s rows, for Dutch Excel:
    the page's column names, its numbers rounded as shown (percentages as percent numbers), an
    empty cell and "ja" in the last column "afgeschermd" for a suppressed row. `mart` maps page
    columns to the mart's columns whose values the download must hold (rounded as shown)."""
    name, data = download(at, downloads, f"{key}_csv")
    assert name.endswith(".csv")
    got = read_csv_download(data)
    values = table_values(at, key)
    shown = list(values.columns)
    assert [c.removesuffix(" (%)") for c in got.columns[:len(shown)]] == shown
    assert len(got) == len(expected) == len(values) > 0
    if "suppressed" in expected.columns:
        assert got.columns[-1] == "afgeschermd"
        assert (got["afgeschermd"] == "ja").sum() == expected["suppressed"].fillna(False).astype(bool).sum()
    for c, page in zip(got.columns, shown):                 # every number as the table has it, rounded
        if pd.api.types.is_numeric_dtype(values[page].dtype) and not pd.api.types.is_bool_dtype(values[page].dtype):
            want = values[page].astype(float) * (100 if c.endswith(" (%)") else 1)
            tolerance = 0.05 if c.endswith(" (%)") else 0.5
            assert (got[c].isna() == want.isna()).all(), c
            assert ((got[c] - want).abs()[want.notna()] <= tolerance + 1e-9).all(), c
    for page, column in (mart or {}).items():                # and the mart's own values
        c = next(c for c in got.columns if c.removesuffix(" (%)") == page)
        scale = 100 if c.endswith(" (%)") else 1
        a = sorted(got[c].dropna().tolist())
        b = sorted((expected[column].dropna().astype(float) * scale).tolist())
        assert len(a) == len(b) and all(abs(x - y) <= 0.5 + 1e-9 for x, y in zip(a, b)), page
    name, data = download(at, downloads, f"{key}_xlsx")
    assert name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:len(shown)] == shown
    assert sheet.max_row == len(expected) + 1
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert "Over deze gegevens" in book.sheetnames
    return got


# -- the test's own notation (independent of dashboards.formatting) ---------------------------------


# == every page ==================================================================================
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_a_headline_charts_and_downloads(app, page):
    open_page(app, page)
    assert headline(app).strip()
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart"), "no chart on the page"
    assert len(app.download_button) >= 2
    assert app.sidebar.caption[0].value.startswith("Snapshot van ")


@pytest.mark.parametrize("page", PAGES)
def test_without_a_snapshot_every_page_explains_what_to_do(tmp_path, monkeypatch, page):
    at = open_page(app_on(tmp_path / "empty-home", monkeypatch), page)
    assert [i.value for i in at.info if "nog geen gepubliceerde snapshot" in i.value
            and "regiomonitor run --home" in i.value]
    assert not at.download_button and not at.dataframe
    at.radio(key="lang").set_value("en").run()
    assert [i.value for i in clean(at).info if "no published snapshot" in i.value]


def test_an_unreadable_snapshot_is_explained_not_a_crash(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "published.duckdb").write_bytes(b"this is not a DuckDB file" * 100)
    at = open_page(app_on(home, monkeypatch), "kosten")
    assert [w.value for w in at.warning if "niet te lezen" in w.value]


def test_an_older_snapshot_without_a_mart_says_which_table_is_missing(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    alter(home, "drop table marts.feeder_schools")
    at = open_page(app_on(home, monkeypatch), "doorstroom")
    assert [w.value for w in at.warning if "marts.feeder_schools" in w.value]
    open_page(at, "kosten")
    assert headline(at)


def test_overzicht_headline_and_metrics_are_the_scorecards_values(app, home_dir):
    open_page(app, "overzicht")
    scope = sql(home_dir, "select scope_code from marts.kpi_scorecard where scope_type = 'region' "
                          "order by scope_code limit 1").iloc[0, 0]
    year = scalar(home_dir, "select max(academic_year) from marts.kpi_scorecard where scope_code = ? "
                            "and value is not null", [scope])
    assert (app.selectbox(key="overzicht_scope").value, app.selectbox(key="overzicht_year").value) == (scope, year)
    sentence, off = expected_overzicht(home_dir, scope, year)
    assert headline(app).startswith(sentence)
    assert all(item in headline(app) for item in off)
    rows = sql(home_dir, "select kpi, value, suppressed from marts.kpi_scorecard where scope_code = ? "
                         "and academic_year = ?", [scope, year])
    metrics = {m.label: m.value for m in app.metric}
    for r in rows.itertuples():
        assert metrics[KPI_LABELS[r.kpi]] == kpi_text(r.kpi, r.value, r.suppressed), r.kpi


def test_overzicht_scope_and_year_change_the_report_and_the_download(app, home_dir, downloads):
    open_page(app, "overzicht")
    region = app.selectbox(key="overzicht_scope").value
    region_rows = sql(home_dir, "select * from marts.kpi_scorecard where scope_code = ? order by kpi, academic_year",
                      [region])
    assert_download_is(app, downloads, "overzicht", region_rows)

    hidden = sql(home_dir, "select scope_code, academic_year, kpi from marts.kpi_scorecard where suppressed "
                           "and scope_type = 'partnership' and value is null order by scope_code, academic_year desc")
    assert len(hidden), "the generated home has no suppressed partnership KPI"
    scope, year, kpi = hidden.iloc[0]
    choose(app, "overzicht_scope", scope)
    choose(app, "overzicht_year", int(year))
    sentence, off = expected_overzicht(home_dir, scope, int(year))
    assert headline(app).startswith(sentence) or headline(app).startswith(f"In {year} heeft {shown(home_dir, scope)} geen KPI's")
    assert {m.label: m.value for m in app.metric}[KPI_LABELS[kpi]] == "afgeschermd"
    table = shown_table(app, "overzicht")
    cell = table[(table["KPI"] == KPI_LABELS[kpi]) & (table["jaar"] == str(year))]["waarde"]
    assert cell.tolist() == ["afgeschermd"]
    rows = sql(home_dir, "select * from marts.kpi_scorecard where scope_code = ?", [scope])
    got = assert_download_is(app, downloads, "overzicht", rows, mart={"waarde": "value", "doel": "target_value"})
    assert got.loc[got["afgeschermd"] == "ja", "waarde"].isna().all()   # suppressed: empty in the download, never 0


def test_overzicht_shows_what_the_snapshot_brought_in(app, home_dir):
    open_page(app, "overzicht")
    counts = sql(home_dir, "select status, count(*) as n from ops.deliveries "
                           "where received_at = (select max(received_at) from ops.deliveries) group by status")
    n = dict(zip(counts["status"], counts["n"]))
    text = " ".join(m.value for m in app.markdown)
    assert f"{sum(n.values())} bestand(en), waarvan {n.get('loaded', 0)} in gebruik genomen, " \
           f"{n.get('replaced', 0)} vervangen, {n.get('duplicate', 0)} dubbel en {n.get('refused', 0)} geweigerd" in text


def test_overzicht_lists_the_kpis_that_changed_when_the_previous_values_are_published(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    scope = scalar(home, "select min(scope_code) from marts.kpi_scorecard where scope_type = 'region'")
    alter(home, "create table ops.kpi_scorecard_previous as select k.*, timestamp '2025-01-02 03:04:05' as "
                "published_at from marts.kpi_scorecard k",
          f"update ops.kpi_scorecard_previous set value = value + 1 where scope_code = '{scope}' "
          "and kpi = 'students_unplaced' and value is not null")
    changed = scalar(home, "select count(*) from ops.kpi_scorecard_previous where scope_code = ? "
                           "and kpi = 'students_unplaced' and value is not null", [scope])
    at = open_page(app_on(home, monkeypatch), "overzicht")
    text = " ".join(m.value for m in at.markdown)
    assert f"{changed} KPI-waarden van {shown(home, scope)} verschillen van de vorige snapshot (02-01-2025 03:04)" in text
    assert len(at.get_by_key("overzicht_changes").dataframe[0].value) == changed


def test_the_language_switch_turns_every_page_english(app, home_dir):
    open_page(app, "overzicht")
    app.radio(key="lang").set_value("en").run()
    clean(app)
    assert app.title[0].value == "Overview"
    assert " is on track for " in headline(app)
    assert "uitval na één jaar" not in {m.label for m in app.metric}
    assert "dropout after one year" in {m.label for m in app.metric}
    for page, title in zip(PAGES, TITLES["en"]):
        open_page(app, page)
        assert app.title[0].value == title
        assert app.sidebar.caption[0].value.startswith("Snapshot of ")
    open_page(app, "uitval")
    assert "dropped out of teacher training" in headline(app) or "so the dropout is not shown" in headline(app)
    assert "Definition: dropout from teacher training" in " ".join(m.value for m in app.markdown)
    app.radio(key="lang").set_value("nl").run()
    assert clean(app).title[0].value == "Uitval"
    open_page(app, "kosten")                       # a choice survives the switch, under its new label
    partnership = sorted(scalar(home_dir, "select list(distinct partnership_code) "
                                          "from marts.cost_per_supervised_student"))[0]
    choose(app, "kosten_partnership", partnership)
    app.radio(key="lang").set_value("en").run()
    assert clean(app).selectbox(key="kosten_partnership").value == partnership
    name = shown(home_dir, partnership)
    assert f"supervision at {name} cost" in headline(app) or f"{name} supervised fewer" in headline(app)
    assert "All partnerships" in app.selectbox(key="kosten_partnership").options


# == Uitval ======================================================================================
def uitval_selection(at: AppTest) -> list:
    return [at.selectbox(key=f"uitval_{k}").value for k in
            ("region", "partnership", "programme", "mode", "cohort", "horizon")]


def uitval_row(home: Path, selection: list) -> pd.Series:
    rows = sql(home, "select * from marts.dropout_cohort where region_code = ? and partnership_code = ? and "
                     "programme_type = ? and study_mode = ? and cohort_year = ? and horizon_years = ?", selection)
    assert len(rows) == 1
    return rows.iloc[0]


def test_uitval_states_its_definition_and_its_headline_is_the_marts_row(app, home_dir):
    open_page(app, "uitval")
    text = " ".join(m.value for m in app.markdown)
    assert "Definitie: uitval uit de lerarenopleiding" in text and "overstapper" in text
    selection = uitval_selection(app)
    assert selection[5] == 1
    r = uitval_row(home_dir, selection)
    assert not r.suppressed
    assert f"In cohort {selection[4]} viel {pct(r.dropout_rate)} van de " in headline(app)
    assert f"in het eerste jaar uit de lerarenopleiding, tegen {pct(r.national_dropout_rate)} landelijk" in headline(app)
    assert f"stapte {pct(r.switch_rate)} over naar een andere lerarenopleiding" in headline(app)


def test_uitval_filters_change_the_headline_tables_and_downloads(app, home_dir, downloads):
    open_page(app, "uitval")
    before = headline(app)
    current = uitval_selection(app)
    target = sql(home_dir, """
        select region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years, dropout_rate
        from marts.dropout_cohort where not suppressed and horizon_years = 2 and region_code <> 'onbekend'
        and (partnership_code, programme_type, study_mode, cohort_year) <> (?, ?, ?, ?)
        order by cohort_size desc limit 1""", current[1:5])
    assert len(target), "no visible horizon-2 cohort but the one shown"
    selection = [v.item() if hasattr(v, "item") else v for v in target.iloc[0, :6]]
    for key, value in zip(("region", "partnership", "programme", "mode", "cohort", "horizon"), selection):
        choose(app, f"uitval_{key}", value)
    assert headline(app) != before
    r = uitval_row(home_dir, selection)
    assert f"viel {pct(r.dropout_rate)} van de " in headline(app) and "binnen 2 jaar uit" in headline(app)
    region, _, programme, mode, cohort, _ = selection
    assert_download_is(app, downloads, "uitval", sql(home_dir, """
        select * from marts.dropout_cohort where region_code = ? and programme_type = ? and study_mode = ?
        and cohort_year = ?""", [region, programme, mode, cohort]), mart={"cohortgrootte": "cohort_size",
                                                                          "uitval": "dropout_rate"})
    assert_download_is(app, downloads, "uitval_groups", sql(home_dir, """
        select * from marts.dropout_by_group where region_code = ? and cohort_year = ? and horizon_years = 1""",
                                                             [region, cohort]))


def test_uitval_shows_suppressed_cells_as_below_the_threshold(app, home_dir, downloads):
    open_page(app, "uitval")
    hidden = sql(home_dir, """
        select region_code, partnership_code, programme_type, study_mode, cohort_year
        from marts.dropout_cohort where suppressed and horizon_years = 1 and region_code <> 'onbekend'
        order by cohort_year desc, partnership_code, programme_type, study_mode limit 1""")
    assert len(hidden), "the generated home has no suppressed cohort"
    selection = [v.item() if hasattr(v, "item") else v for v in hidden.iloc[0]] + [1]
    for key, value in zip(("region", "partnership", "programme", "mode", "cohort", "horizon"), selection):
        choose(app, f"uitval_{key}", value)
    assert f"studenten van {shown(home_dir, selection[1])} afgeschermd (minder dan 10 studenten, of afgeschermd om " \
        in headline(app) and "niet getoond" in headline(app)
    table = shown_table(app, "uitval")
    row = table[(table["partnerschap"] == shown(home_dir, selection[1])) & (table["na jaren"] == "1")].iloc[0]
    assert (row["cohortgrootte"], row["uitgevallen"], row["uitval"]) == ("afgeschermd",) * 3
    groups = shown_table(app, "uitval_groups")
    expected = sql(home_dir, "select count(*) filter (where suppressed) as n from marts.dropout_by_group "
                             "where region_code = ? and cohort_year = ? and horizon_years = 1", selection[:1] + [selection[4]])
    assert (groups["uitval"] == "afgeschermd").sum() == expected.iloc[0, 0] > 0
    assert not (groups["cohortgrootte"] == "0").any()


# == Kosten ======================================================================================
def test_kosten_region_headline_is_the_scorecards_cost_against_the_subsidy(app, home_dir, downloads):
    open_page(app, "kosten")
    region, year = app.selectbox(key="kosten_region").value, app.selectbox(key="kosten_year").value
    assert year == scalar(home_dir, "select max(academic_year) from marts.cost_per_supervised_student "
                                    "where region_code = ?", [region])
    cost = scalar(home_dir, "select value from marts.kpi_scorecard where scope_code = ? and academic_year = ? "
                            "and kpi = 'cost_per_supervised_student'", [region, year])
    allowance = scalar(home_dir, "select sum(internship_allowance_eur) from marts.cost_per_supervised_student "
                                 "where region_code = ? and academic_year = ?", [region, year])
    text = headline(app)
    assert f"In {year} kostte de begeleiding in {shown(home_dir, region)} {eur(cost)} per begeleide student, tegen € 1.250" in text
    assert f"een tekort van {eur(cost - 1250)} per student" in text
    assert f"De stagevergoeding van {eur(allowance)} komt daar nog bij" in text
    assert_download_is(app, downloads, "kosten", sql(
        home_dir, "select * from marts.cost_per_supervised_student where region_code = ?", [region]),
        mart={"begeleidingskosten": "supervision_cost_eur", "begeleide studenten": "supervised_students"})


def test_kosten_partnership_filter_gives_its_own_figures_and_rows(app, home_dir, downloads):
    open_page(app, "kosten")
    r = sql(home_dir, "select * from marts.cost_per_supervised_student where not suppressed "
                      "order by academic_year, partnership_code limit 1").iloc[0]
    choose(app, "kosten_partnership", r.partnership_code)
    choose(app, "kosten_year", int(r.academic_year))
    text = headline(app)
    assert f"In {r.academic_year} kostte de begeleiding bij {shown(home_dir, r.partnership_code)} " \
           f"{eur(r.cost_per_supervised_student)} per begeleide student ({num(r.supervised_students)} studenten)" in text
    assert f"tegen {eur(r.subsidy_per_supervised_student)} subsidie per student: een tekort van " \
           f"{eur(r.funding_gap_per_student)} per student" in text
    assert f"{num(r.fte_per_supervised_student, 3)} fte per student, tegen een norm van 0,05" in text
    got = assert_download_is(app, downloads, "kosten", sql(
        home_dir, "select * from marts.cost_per_supervised_student where region_code = ? and partnership_code = ?",
        [r.region_code, r.partnership_code]))
    assert set(got["partnerschap"]) == {shown(home_dir, r.partnership_code)}


def test_kosten_suppressed_partnership_hides_amounts_per_student_but_not_totals(app, home_dir, downloads):
    open_page(app, "kosten")
    r = sql(home_dir, "select * from marts.cost_per_supervised_student where suppressed "
                      "order by academic_year desc limit 1")
    assert len(r), "the generated home has no suppressed partnership cost row"
    r = r.iloc[0]
    choose(app, "kosten_partnership", r.partnership_code)
    choose(app, "kosten_year", int(r.academic_year))
    assert f"begeleide studenten van {shown(home_dir, r.partnership_code)} afgeschermd (minder dan 10," in headline(app)
    assert f"In totaal: {eur(r.supervision_cost_eur)} begeleidingskosten" in headline(app)
    table = shown_table(app, "kosten")
    row = table[table["jaar"] == str(r.academic_year)].iloc[0]
    assert (row["begeleide studenten"], row["kosten per student"], row["tekort per student"]) == ("afgeschermd",) * 3
    assert row["begeleidingskosten"] == eur(r.supervision_cost_eur)


def totals_row(at: AppTest, key: str) -> tuple[pd.Series, pd.Series]:
    """The totals beneath a table: (each cell's text, each cell's value) by column name."""
    total = at.get_by_key(f"{key}_block").dataframe[1]
    return table_texts(total).iloc[0], total.value.replace(float("-inf"), float("nan")).iloc[0]


def test_kosten_totals_add_the_shown_rows_of_what_adds_up_and_nothing_else(app, home_dir):
    open_page(app, "kosten")
    region = app.selectbox(key="kosten_region").value
    rows = sql(home_dir, "select * from marts.cost_per_supervised_student where region_code = ?", [region])
    texts, values = totals_row(app, "kosten")
    assert texts["partnerschap"] == "Totaal"
    assert values["begeleidingskosten"] == pytest.approx(rows["supervision_cost_eur"].sum())
    assert texts["stagevergoeding"] == eur(rows["internship_allowance_eur"].sum())
    assert not {"kosten per student", "tekort per student", "jaar"} & set(texts.index), "rates and years do not add up"
    assert len(shown_table(app, "kosten")) == len(rows), "the totals are no row of the table (they would sort)"
    if rows["suppressed"].any():        # a sum beside the hidden row would give it away: no published total here
        assert texts["begeleide studenten"] == "–" and pd.isna(values["begeleide studenten"])
        assert any("leeg totaal" in c.value for c in app.get_by_key("kosten_block").caption)
    else:
        assert values["begeleide studenten"] == rows["supervised_students"].sum()


def test_a_suppressed_row_empties_its_columns_total_unless_the_snapshot_publishes_it():
    from dashboards.frame import Col
    from dashboards.totals import totals
    rows = pd.DataFrame({"partnership_code": ["A", "B", "C"], "supervised_students": [12, None, 30],
                         "supervision_cost_eur": [100.0, 50.0, 25.5], "cost_per_supervised_student": [8.3, None, 0.9],
                         "suppressed": [False, True, False]})
    cols = [Col("partnership_code"), Col("supervised_students"), Col("supervision_cost_eur"),
            Col("cost_per_supervised_student")]
    assert totals(rows, cols).iloc[0].to_dict() == {"supervised_students": None, "supervision_cost_eur": 175.5}
    assert totals(rows, cols, {"supervised_students": 47}).iloc[0]["supervised_students"] == 47
    assert totals(rows.assign(suppressed=False), cols).iloc[0]["supervised_students"] == 42
    assert totals(rows.head(1), cols) is None, "one row is its own total"


# == Capaciteit ==================================================================================
SCARCITY = {"leerwerkplekken": "te weinig leerwerkplekken", "begeleiders": "te weinig begeleiders",
            "beide": "te weinig plekken én begeleiders", "geen": "geen schaarste"}


def test_capaciteit_headline_sums_the_regions_sectors(app, home_dir):
    open_page(app, "capaciteit")
    region, year = app.selectbox(key="capaciteit_region").value, app.selectbox(key="capaciteit_year").value
    assert app.selectbox(key="capaciteit_sector").value == "__alle__"
    s = sql(home_dir, """select sum(placement_requests) r, sum(places_offered) p, sum(students_unplaced) u,
        sum(supervision_fte_available) a, sum(supervision_fte_required) q from marts.capacity_region
        where region_code = ? and academic_year = ?""", [region, year]).iloc[0]
    assert headline(app).startswith(
        f"In {year} vroegen {num(s.r)} studenten in {shown(home_dir, region)} (alle sectoren) een leerwerkplek aan bij {num(s.p)} "
        f"aangeboden plaatsen; {num(s.u)} bleven zonder plek. Begeleiding: {num(s.a, 1)} fte beschikbaar tegen "
        f"{num(s.q, 1)} fte nodig.")
    for r in sql(home_dir, "select sector, scarcity_type from marts.capacity_region where region_code = ? "
                           "and academic_year = ?", [region, year]).itertuples():
        assert f"{r.sector}: {SCARCITY[r.scarcity_type]}" in headline(app)


def test_capaciteit_sector_filter_changes_the_headline_and_the_downloads(app, home_dir, downloads):
    open_page(app, "capaciteit")
    region, year = app.selectbox(key="capaciteit_region").value, app.selectbox(key="capaciteit_year").value
    before = headline(app)
    choose(app, "capaciteit_sector", "vo")
    r = sql(home_dir, "select * from marts.capacity_region where region_code = ? and academic_year = ? "
                      "and sector = 'vo'", [region, year]).iloc[0]
    assert headline(app) != before
    assert headline(app).startswith(f"In {year} vroegen {num(r.placement_requests)} studenten in {shown(home_dir, region)} (vo) "
                                    f"een leerwerkplek aan bij {num(r.places_offered)} aangeboden plaatsen; "
                                    f"{num(r.students_unplaced)} bleven zonder plek.")
    got = assert_download_is(app, downloads, "capaciteit", sql(
        home_dir, "select * from marts.capacity_region where region_code = ? and sector = 'vo'", [region]))
    assert set(got["sector"]) == {"vo"}
    choose(app, "capaciteit_year", year - 1)
    assert_download_is(app, downloads, "capaciteit_vakken", sql(
        home_dir, "select * from marts.capacity_subject where region_code = ? and academic_year = ?",
        [region, year - 1]))


def test_the_what_if_without_remedies_reproduces_every_rows_scarcity_type(home_dir):
    from dashboards.whatif import apply
    rows = sql(home_dir, "select * from marts.capacity_region")
    out = apply(rows)
    assert len(out) == len(rows) > 0
    assert (out["scarcity_after"] == rows["scarcity_type"]).all()
    assert (out["scarcity_before"] == rows["scarcity_type"]).all()
    assert (out["fte_gap_after"] - rows["supervisor_fte_gap"]).abs().max() < 1e-9


def test_capaciteit_what_if_sliders_recompute_the_scarcity_live(app, home_dir):
    open_page(app, "capaciteit")
    region, year = app.selectbox(key="capaciteit_region").value, app.selectbox(key="capaciteit_year").value
    rows = sql(home_dir, "select * from marts.capacity_region where region_code = ? and academic_year = ? "
                         "order by sector", [region, year])
    assert "0% duoplaatsingen" in headline(app, "whatif_headline")
    for r in rows.itertuples():
        assert f"{r.sector} {SCARCITY[r.scarcity_type]} → {SCARCITY[r.scarcity_type]}" in headline(app, "whatif_headline")
    short = rows[rows["scarcity_type"].isin(["begeleiders", "beide"])]
    assert len(short), "no sector with too few supervisors in the default year"
    app.slider(key="whatif_duo").set_value(100).run()
    clean(app)
    for r in rows.itertuples():   # all placements in pairs: half the supervision (the test's own arithmetic)
        places_short = r.placement_requests > r.places_offered
        supervisors_short = r.supervision_fte_required / 2 > r.supervision_fte_available
        after = {(True, True): "beide", (True, False): "leerwerkplekken", (False, True): "begeleiders",
                 (False, False): "geen"}[(places_short, supervisors_short)]
        assert f"{r.sector} {SCARCITY[r.scarcity_type]} → {SCARCITY[after]}" in headline(app, "whatif_headline")
    table = table_texts(app.get_by_key("whatif_table").dataframe[0])
    for r in rows.itertuples():
        line = table[table["sector"] == r.sector].iloc[0]
        assert line["fte nodig daarna"] == num(r.supervision_fte_required / 2, 2)
    places = rows[rows["scarcity_type"].isin(["leerwerkplekken", "beide"])]
    assert len(places), "no sector with too few places in the default year"
    extra = min(200, -(-int((places["placement_requests"] - places["places_offered"]).max()) // 5) * 5)
    app.slider(key="whatif_duo").set_value(0).run()
    app.slider(key="whatif_extra").set_value(extra).run()
    clean(app)
    for r in rows.itertuples():   # extra places go to unplaced students, who then need supervision too
        placed = r.students_placed + min(extra, r.placement_requests - r.students_placed)
        required = r.supervision_fte_required * placed / r.students_placed
        after = {(True, True): "beide", (True, False): "leerwerkplekken", (False, True): "begeleiders",
                 (False, False): "geen"}[(r.placement_requests > r.places_offered + extra,
                                          required > r.supervision_fte_available)]
        assert f"{r.sector} {SCARCITY[r.scarcity_type]} → {SCARCITY[after]}" in headline(app, "whatif_headline")
    assert f"en {extra} extra plaatsen per sector" in headline(app, "whatif_headline")


def test_doorstroom_headline_is_the_regions_rate_against_the_country(app, home_dir, downloads):
    open_page(app, "doorstroom")
    region, track, year = (app.selectbox(key=f"doorstroom_{k}").value for k in ("region", "track", "year"))
    assert track == "havo"
    assert year == scalar(home_dir, "select max(exam_year) from marts.feeder_schools where region_code = ? "
                                    "and track = 'havo'", [region])
    e = expected_doorstroom(home_dir, region, track, year)
    assert headline(app).startswith(
        f"In {year} koos {pct(e.rate)} van de havo-gediplomeerden van {e.schools} scholen in {shown(home_dir, region)} voor een "
        f"lerarenopleiding, tegen {pct(e.national)} landelijk. {e.low} scholen horen bij de onderste 15% en "
        f"{e.high} bij de bovenste 15%; blijvend laag: {e.persistent}.")
    got = assert_download_is(app, downloads, "doorstroom", sql(
        home_dir, "select * from marts.feeder_schools where region_code = ? and track = ? and exam_year = ?",
        [region, track, year]), mart={"gediplomeerden": "graduates", "doorstroom": "inflow_rate"})
    names = sql(home_dir, "select school_code, school_name from marts.schools")
    assert set(got["school"]) <= {f"{n} ({c})" for c, n in zip(names["school_code"], names["school_name"])}


def test_doorstroom_track_and_year_filters_change_it(app, home_dir, downloads):
    open_page(app, "doorstroom")
    region = app.selectbox(key="doorstroom_region").value
    before = headline(app)
    choose(app, "doorstroom_track", "vwo")
    year = int(scalar(home_dir, "select min(exam_year) from marts.feeder_schools where track = 'vwo'"))
    choose(app, "doorstroom_year", year)
    e = expected_doorstroom(home_dir, region, "vwo", year)
    assert headline(app) != before
    assert headline(app).startswith(f"In {year} koos {pct(e.rate)} van de vwo-gediplomeerden van {e.schools} scholen")
    got = assert_download_is(app, downloads, "doorstroom", sql(
        home_dir, "select * from marts.feeder_schools where region_code = ? and track = 'vwo' and exam_year = ?",
        [region, year]))
    assert set(got["examenjaar"]) == {year}


def test_doorstroom_suppressed_schools_show_below_the_threshold_and_do_not_count(home_dir, tmp_path, monkeypatch,
                                                                               downloads):
    home = copy_home(home_dir, tmp_path)
    region, year = sql(home, "select region_code, max(exam_year) from marts.feeder_schools "
                             "where track = 'havo' and region_code is not null group by 1 order by 1 limit 1").iloc[0]
    school = scalar(home, "select min(school_code) from marts.feeder_schools where region_code = ? and "
                          "track = 'havo' and exam_year = ?", [region, year])
    alter(home, f"update marts.feeder_schools set graduates = null, entered_teacher_training = null, "
                f"inflow_rate = null, percentile = null, band = null, suppressed = true "
                f"where school_code = '{school}' and track = 'havo' and exam_year = {year}")
    at = open_page(app_on(home, monkeypatch), "doorstroom")
    e = expected_doorstroom(home, region, "havo", int(year))
    assert f"koos {pct(e.rate)} van de havo-gediplomeerden van {e.schools} scholen" in headline(at)
    assert "1 afgeschermde scholen tellen niet mee." in headline(at)
    table = shown_table(at, "doorstroom")
    row = table[table["school"].str.endswith(f"({school})")].iloc[0]
    assert (row["gediplomeerden"], row["naar lerarenopleiding"], row["doorstroom"]) == ("afgeschermd",) * 3
    got = assert_download_is(at, downloads, "doorstroom", sql(
        home, "select * from marts.feeder_schools where region_code = ? and track = 'havo' and exam_year = ?",
        [region, year]))
    assert got[got["school"].str.endswith(f"({school})")][["gediplomeerden", "doorstroom (%)"]].isna().all().all()


# == Datakwaliteit ===============================================================================
def test_datakwaliteit_headline_counts_files_senders_and_rejections(app, home_dir, downloads):
    open_page(app, "datakwaliteit")
    d = sql(home_dir, "select count(*) n, count(distinct sender) s, count(*) filter (where status = 'loaded') l, "
                      "count(*) filter (where status = 'refused') r from ops.deliveries").iloc[0]
    rejected = scalar(home_dir, "select count(*) from ops.rejected_rows")
    published = pd.Timestamp(scalar(home_dir, "select published_at from ops.snapshot"))
    text = headline(app)
    assert text.startswith(f"Snapshot van {published:%d-%m-%Y %H:%M} (")
    assert f"Alle feeds: {num(d.n)} bestanden van {d.s} aanleveraars, waarvan {num(d.l)} in gebruik en {d.r} " \
           f"geweigerd; {rejected} rijen afgekeurd." in text
    g = sql(home_dir, "select count(*) n, count(*) filter (where passed) p, "
                      "count(*) filter (where not passed and blocking) b from ops.gate_results").iloc[0]
    assert g.n > 0, "the pipeline publishes its gate results with the snapshot"
    assert text.endswith(f" Kwaliteitspoorten: {num(g.p)} van de {num(g.n)} controles geslaagd, {g.b} blokkerend gefaald.")
    markdown = " ".join(m.value for m in app.markdown)
    assert f"{num(g.p)} van de {num(g.n)} controles van de kwaliteitspoorten geslaagd" in markdown
    per_gate = app.get_by_key("dq_gates_summary").dataframe[0].value
    assert len(per_gate) == scalar(home_dir, "select count(distinct (mart, gate)) from ops.gate_results")
    assert_download_is(app, downloads, "dq_gates", sql(home_dir, "select * from ops.gate_results"))
    from validations.gates.run import data_docs_index
    docs = data_docs_index(home_dir / "gx")
    assert docs.exists() and docs.as_uri() in markdown
    refused = app.get_by_key("dq_refused").dataframe[0].value
    assert len(refused) == d.r > 0
    assert_download_is(app, downloads, "dq_deliveries", sql(home_dir, "select * from ops.deliveries"))
    assert_download_is(app, downloads, "dq_rejected", sql(home_dir, "select * from ops.rejected_rows"))


def test_datakwaliteit_feed_and_status_filters(app, home_dir, downloads):
    open_page(app, "datakwaliteit")
    feed = sql(home_dir, "select feed from ops.rejected_rows group by feed order by count(*) desc, feed limit 1").iloc[0, 0]
    choose(app, "dq_feed", feed)
    d = sql(home_dir, "select count(*) n, count(distinct sender) s from ops.deliveries where feed = ?", [feed]).iloc[0]
    rejected = scalar(home_dir, "select count(*) from ops.rejected_rows where feed = ?", [feed])
    assert re.search(rf"\w[\w' -]* \({feed}\): {num(d.n)} bestanden van {d.s} aanleveraars", headline(app)), \
        "the feed by its Dutch name, its folder beside"
    assert f"; {rejected} rijen afgekeurd." in headline(app)
    assert_download_is(app, downloads, "dq_rejected", sql(home_dir, "select * from ops.rejected_rows where feed = ?",
                                                          [feed]))
    choose(app, "dq_feed", "__alle__")
    choose(app, "dq_status", "refused")
    got = assert_download_is(app, downloads, "dq_deliveries",
                             sql(home_dir, "select * from ops.deliveries where status = 'refused'"))
    assert set(got["status"]) == {"geweigerd"}
    quiet = sql(home_dir, "select feed from ops.deliveries group by feed having count(*) filter "
                          "(where status = 'refused') = 0 order by feed limit 1").iloc[0, 0]
    choose(app, "dq_feed", quiet)          # a feed without refused files: the table explains it is empty
    assert not app.get_by_key("dq_deliveries_block").dataframe
    assert [i.value for i in app.info if i.value.startswith("Geen gegevens voor deze selectie")]
    assert not [b for b in app.download_button if b.key.startswith("dq_deliveries")]


def test_datakwaliteit_shows_gate_results_and_links_the_data_docs_when_they_exist(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    alter(home, "create or replace table ops.gate_results (gate varchar, mart varchar, passed boolean, blocking boolean, "
                "message varchar, evaluated_at timestamp)",
          "insert into ops.gate_results values ('rates_in_range', 'dropout_cohort', true, true, 'ok', now()), "
          "('row_count_stable', 'capacity_region', false, true, '40% fewer rows', now()), "
          "('no_orphans', 'feeder_schools', false, false, '3 orphans', now())")
    (home / "data_docs").mkdir()
    (home / "data_docs" / "index.html").write_text("<html>docs</html>")
    at = open_page(app_on(home, monkeypatch), "datakwaliteit")
    assert not [i for i in at.info if "Nog geen kwaliteitspoorten" in i.value]
    text = " ".join(m.value for m in at.markdown)
    assert "1 van de 3 controles van de kwaliteitspoorten geslaagd; 1 blokkerende controle(s) gefaald." in text
    assert (home / "data_docs" / "index.html").as_uri() in text
    gates = at.get_by_key("dq_gates_summary").dataframe[0].value
    assert gates["poort"].tolist()[:2] == ["row_count_stable", "no_orphans"]   # failures first
    assert gates["mart"].tolist() == ["capaciteit per regio (capacity_region)", "toeleverende scholen (feeder_schools)",
                                      "uitval per cohort (dropout_cohort)"]     # what it holds, the table beside


def test_without_gate_results_or_data_docs_the_page_says_so(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    alter(home, "drop table if exists ops.gate_results")
    at = open_page(app_on(home, monkeypatch), "datakwaliteit")
    assert [i.value for i in at.info if i.value.startswith("Nog geen kwaliteitspoorten")]
    assert any("nog geen Data Docs" in c.value for c in at.caption)
    assert "Kwaliteitspoorten:" not in headline(at)


def test_an_empty_mart_is_explained(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    alter(home, "delete from marts.capacity_region")
    at = open_page(app_on(home, monkeypatch), "capaciteit")
    assert [i.value for i in at.info if "marts.capacity_region" in i.value and "leeg" in i.value]
    assert not at.download_button


def test_the_snapshot_carries_the_names_of_regions_partnerships_and_schools(home_dir):
    """The names marts hold the reference in force: every code the marts use has a name."""
    assert scalar(home_dir, "select count(*) from marts.regions where region_name is null") == 0
    assert scalar(home_dir, "select count(*) from marts.dropout_cohort c where partnership_code <> 'onbekend' and "
                            "not exists (select 1 from marts.partnerships p where p.partnership_code = c.partnership_code "
                            "and p.region_code = c.region_code)") == 0
    assert scalar(home_dir, "select count(*) from marts.capacity_region c where not exists "
                            "(select 1 from marts.regions r where r.region_code = c.region_code)") == 0
    assert scalar(home_dir, "select count(*) from marts.feeder_schools f where region_code is not null and not exists "
                            "(select 1 from marts.schools s where s.school_code = f.school_code)") == 0


def test_names_are_shown_when_the_snapshot_carries_them(home_dir, tmp_path, monkeypatch):
    home = copy_home(home_dir, tmp_path)
    region = scalar(home, "select min(region_code) from marts.capacity_region")
    alter(home, f"update marts.regions set region_name = 'Onderwijsregio Testland' where region_code = '{region}'")
    at = open_page(app_on(home, monkeypatch), "capaciteit")
    assert f"studenten in Onderwijsregio Testland ({region})" in headline(at)
    alter(home, "drop table marts.regions", "drop table marts.partnerships")   # an older snapshot: codes
    at = open_page(app_on(home, monkeypatch), "capaciteit")
    assert f"studenten in {region} (alle sectoren)" in headline(at)


# == reading the snapshot ========================================================================
def test_a_snapshot_replaced_during_a_run_is_never_mixed_with_the_new_one(home_dir, tmp_path):
    from dashboards import access
    from dashboards.snapshot import Snapshot, SnapshotChanged, identity
    home = copy_home(home_dir, tmp_path)
    newer = tmp_path / "newer"
    newer.mkdir()
    shutil.copy(home / "published.duckdb", newer / "published.duckdb")
    alter(newer, "update ops.snapshot set published_at = timestamp '2031-01-01 00:00:00'",
          "delete from marts.capacity_region where sector = 'po'")
    path = home / "published.duckdb"
    old_count = scalar(home, "select count(*) from marts.capacity_region")
    old_identity = identity(path)

    snap = Snapshot.current(path, scope=access.EVERYTHING)
    published = snap.published_at()                      # this run opened the file
    os.replace(newer / "published.duckdb", path)         # ... and the pipeline publishes a new one
    assert snap.query("select count(*) as n from marts.capacity_region")["n"].iloc[0] == old_count
    assert snap.published_at() == published
    snap.close()

    stale = Snapshot(path, old_identity, access.EVERYTHING)  # took the identity before the swap, opens after it
    with pytest.raises(SnapshotChanged):
        stale.query("select 'not cached yet' as x")
    fresh = Snapshot.current(path, scope=access.EVERYTHING)  # the next run: the new snapshot, no restart
    assert fresh.published_at().year == 2031
    assert fresh.query("select count(*) as n from marts.capacity_region")["n"].iloc[0] < old_count
    fresh.close()


def test_filter_values_travel_as_parameters(home_dir):
    from dashboards import access
    from dashboards.snapshot import Snapshot
    with Snapshot.current(home_dir / "published.duckdb", scope=access.EVERYTHING) as snap:
        sneaky = "x' or '1'='1"
        assert snap.query("select * from marts.kpi_scorecard where scope_code = ?", [sneaky]).empty
        assert len(snap.query("select * from marts.kpi_scorecard where scope_code = ?", [
            scalar(home_dir, "select min(scope_code) from marts.kpi_scorecard")])) > 0


# == the pages' plain parts (what the report renders) =============================================
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_pages_headline_charts_and_table_are_plain_functions_of_snapshot_filters_and_language(
        app, home_dir, page, language):
    """The report (PDF) calls the same functions outside Streamlit: with the page's default filters
    they give the headline the page shows, finished Altair charts and the table's rows."""
    import importlib

    from dashboards import access
    from dashboards.snapshot import Snapshot
    module = importlib.import_module(f"dashboards.reports.{page}")
    open_page(app, page)
    if language == "en":
        app.radio(key="lang").set_value("en").run()
        clean(app)
    with Snapshot.current(home_dir / "published.duckdb", scope=access.EVERYTHING) as snap:
        f = module.defaults(snap)
        ages = lambda text: re.sub(r"\(\d+ \w+( geleden| ago)?\)", "(age)", text)   # minutes pass
        assert ages(headline(app)) == ages(module.headline_text(snap, f, language))
        figures = module.main_charts(snap, f, language)
        assert figures and all(fig.chart.to_dict()["config"]["locale"]["number"]["decimal"]
                               == ("," if language == "nl" else ".") for fig in figures)
        table = module.main_table(snap, f, language)
        assert len(shown_table(app, table.key)) == len(table.rows) > 0


# == tables, names and downloads as their readers use them ===========================================
def test_tables_keep_numbers_numeric_so_they_sort_by_value_and_show_dutch_notation(app, home_dir):
    open_page(app, "kosten")
    values, texts = table_values(app, "kosten"), shown_table(app, "kosten")
    column = "begeleidingskosten"
    assert pd.api.types.is_numeric_dtype(values[column].dtype), values.dtypes
    by_value = values.sort_values(column, ascending=False)[column].dropna().tolist()
    assert by_value == sorted(by_value, reverse=True)
    as_text = sorted(texts[column].tolist(), reverse=True)
    assert [texts[column][i] for i in values.sort_values(column, ascending=False).index] != as_text or \
        len(set(len(t) for t in as_text)) == 1       # text order differs from value order once the widths differ
    assert all(t == eur(v) for t, v in zip(texts[column], values[column]))
    rows = sql(home_dir, "select partnership_code, p.partnership_name from marts.cost_per_supervised_student c "
                         "join marts.partnerships p using (partnership_code) where c.region_code = ?",
               [app.selectbox(key="kosten_region").value])
    assert set(texts["partnerschap"]) == {f"{n} ({c})" for c, n in zip(rows["partnership_code"], rows["partnership_name"])}


def test_the_xlsx_download_has_number_formats_a_frozen_header_a_filter_and_says_what_it_holds(app, home_dir,
                                                                                              downloads):
    open_page(app, "uitval")
    name, data = download(app, downloads, "uitval_xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    formats = {h: sheet.cell(row=2, column=i + 1).number_format for i, h in enumerate(header)}
    assert formats["uitval landelijk"] == "0.0%" and formats["cohortgrootte"] == "#,##0"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    about = dict((r[0].value, r[1].value) for r in book["Over deze gegevens"].iter_rows())
    published = pd.Timestamp(scalar(home_dir, "select published_at from ops.snapshot"))
    assert about["Snapshot van"] == f"{published:%d-%m-%Y %H:%M:%S}"
    assert "afgeschermd" in about["Afscherming"] and about["Selectie"].startswith(shown(home_dir, uitval_selection(app)[0]))
    name, data = download(app, downloads, "uitval_csv")
    assert data.startswith(b"\xef\xbb\xbf") and data.splitlines()[0].count(b";") == len(header) - 1


def test_uitval_opens_on_the_newest_cohort_followed_for_several_years(app, home_dir):
    open_page(app, "uitval")
    region, partnership, programme, mode, cohort, horizon = uitval_selection(app)
    cohorts = sql(home_dir, """
        select cohort_year, count(distinct horizon_years) as horizons,
               bool_or(horizon_years = 1 and not suppressed) as shown
        from marts.dropout_cohort where region_code = ? and partnership_code = ? and programme_type = ?
        and study_mode = ? group by cohort_year order by cohort_year desc""", [region, partnership, programme, mode])
    shown_cohorts = cohorts[cohorts["shown"]]
    enough = min(3, shown_cohorts["horizons"].max())
    assert cohort == shown_cohorts[shown_cohorts["horizons"] >= enough]["cohort_year"].iloc[0]
    assert cohorts.set_index("cohort_year").loc[cohort, "horizons"] >= 2 or cohorts["horizons"].max() < 2


def test_kpi_cards_link_to_the_page_that_explains_them_with_its_filters(app, home_dir):
    from urllib.parse import parse_qs
    open_page(app, "overzicht")
    scope, year = app.selectbox(key="overzicht_scope").value, app.selectbox(key="overzicht_year").value
    links = {link.proto.page: parse_qs(link.proto.query_string) for link in app.get("page_link")}
    assert set(links) == {"uitval", "kosten", "capaciteit", "doorstroom"}
    assert links["kosten"] == {"kosten_region": [shown(home_dir, scope)], "kosten_partnership": ["Alle partnerschappen"],
                               "kosten_year": [str(year)]}
    for page, params in links.items():                  # each link opens its page on these filters
        at = AppTest.from_file(str(APP), default_timeout=120)
        for key, [value] in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(f"reports/{page}.py").run()
        clean(at)
        for key, [value] in params.items():
            box = at.selectbox(key=key)
            assert box.format_func(box.value) == value, (page, key)


def test_a_chosen_region_partnership_and_year_follow_the_reader_across_pages(app, home_dir):
    open_page(app, "kosten")
    years = sorted(scalar(home_dir, "select list(distinct academic_year) from marts.cost_per_supervised_student"))
    choose(app, "kosten_year", years[-2])
    open_page(app, "capaciteit")
    assert app.selectbox(key="capaciteit_year").value == years[-2]
    open_page(app, "uitval")
    partnerships = sorted(app.selectbox(key="uitval_partnership").options)
    other = [p for p in app.selectbox(key="uitval_partnership").options
             if p != app.selectbox(key="uitval_partnership").format_func(app.selectbox(key="uitval_partnership").value)]
    assert other, partnerships
    code = other[0].rsplit("(", 1)[1].rstrip(")")
    choose(app, "uitval_partnership", code)
    open_page(app, "kosten")
    assert app.selectbox(key="kosten_partnership").value == code
    assert app.selectbox(key="kosten_year").value == years[-2]


def test_datakwaliteit_speaks_the_readers_language(app, home_dir):
    open_page(app, "datakwaliteit")
    english = re.compile(r"must be|is required|duplicate key|file refused|unknown (partnership|school)| passed$")
    reasons = shown_table(app, "dq_rejected")["reden"].tolist()
    assert reasons and not [r for r in reasons if english.search(r)], reasons
    assert [e for e in app.expander], "its sections fold"
    feeds = table_texts(app.get_by_key("dq_freshness").dataframe[0])["feed"].tolist()
    assert {"inschrijvingen (enrolments)", "subsidie (funding)", "leerwerkplekken (capacity)"} <= set(feeds), feeds
    assert feeds == sorted(feeds, key=str.lower), "in the order of the names shown"
    assert set(shown_table(app, "dq_rejected")["feed"]) <= set(feeds)
    app.radio(key="lang").set_value("en").run()
    feeds = table_texts(clean(app).get_by_key("dq_freshness").dataframe[0])["feed"].tolist()
    assert {"enrolments", "funding", "workplace capacity (capacity)"} <= set(feeds), feeds
    reasons = shown_table(app, "dq_rejected")["reason"].tolist()
    raw = sql(home_dir, "select reason from ops.rejected_rows")["reason"].tolist()
    assert sorted(reasons) == sorted(raw)
