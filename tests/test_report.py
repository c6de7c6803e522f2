"""The quality report (`regiomonitor report`, the download on Overzicht) on a real published home of
three regions: the PDFs are read back with poppler (pdftotext, pdfinfo, pdftoppm) and set against the
snapshot, read with the test's own SQL and written in the test's own Dutch notation."""
from __future__ import annotations

import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboards import access
from deployment.home import Home
from tests.support import REGIOMONITOR, SECRET, cli_env

APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
KIND = {"dropout_rate_h1": "pct", "cost_per_supervised_student": "eur", "students_unplaced": "int",
        "inflow_rate_havo": "pct"}


# -- the home, the reports -----------------------------------------------------------------------------
def sql(home: Path, query: str, params=()) -> list[tuple]:
    with duckdb.connect(str(home / "published.duckdb"), read_only=True) as con:
        return con.execute(query, list(params)).fetchall()


def report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([REGIOMONITOR, "report", *args], capture_output=True, text=True, env=cli_env(), timeout=900)


def text_of(pdf: Path | bytes) -> str:
    """The PDF's text with every run of white space (non-breaking too) as one space."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode("utf-8"))


def lines_of(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return [re.sub(r"\s+", " ", line).strip() for line in out.splitlines()]


def dutch(value, kind: str) -> str:
    """The test's own Dutch notation: 27,6%; € 3.594; 1.071."""
    d = Decimal(repr(float(value)))
    if kind == "pct":
        return f"{(d * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}".replace(".", ",") + "%"
    whole = f"{int(d.quantize(Decimal(1), ROUND_HALF_UP)):,}".replace(",", ".")
    return f"€ {whole}" if kind == "eur" else whole


class World:
    def __init__(self, home: Path):
        self.home = home
        self.regions = dict(sql(home, "select region_code, region_name from marts.regions"))
        self.partnerships = {c: (n, r) for c, n, r in sql(
            home, "select partnership_code, partnership_name, region_code from marts.partnerships")}
        self.schools = dict(sql(home, "select school_code, region_code from marts.schools"))
        self.year = sql(home, "select academic_year from marts.kpi_scorecard group by 1 "
                              "order by count(value) desc, 1 desc limit 1")[0][0]

    def partners(self, region: str) -> list[str]:
        return sorted(c for c, (_, r) in self.partnerships.items() if r == region)

    def region_of(self, code: str) -> str:
        return code if code in self.regions else self.partnerships[code][1]

    def name(self, code: str) -> str:
        return self.regions[code] if code in self.regions else self.partnerships[code][0]

    def elsewhere(self, region: str) -> set[str]:
        """Codes and names of every other region, its partnerships and its schools."""
        out = {x for c, n in self.regions.items() if c != region for x in (c, n)}
        out |= {x for c, (n, r) in self.partnerships.items() if r != region for x in (c, n)}
        return out | {c for c, r in self.schools.items() if r != region}

    def file(self, out: Path, code: str, lang: str = "nl") -> Path:
        return out / f"kwaliteitsrapport_{code}_{self.year}_{lang}.pdf"


@pytest.fixture(scope="module")
def world(access_region_home) -> World:
    return World(access_region_home)


@pytest.fixture(scope="module")
def every(world, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`report --all` once: one PDF per region and partnership."""
    out = tmp_path_factory.mktemp("reports")
    result = report("--home", str(world.home), "--all", "--year", str(world.year), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result


def shielded_own(world: World, code: str, table: str, where: str) -> list[tuple]:
    """Rows of a partnership's own-detail extract that everyone else sees shielded (the test reads
    the parquet files beside the snapshot itself)."""
    extract = sql(world.home, "select own_detail from ops.snapshot")[0][0]
    files = str(world.home / "own-detail" / extract / table / f"own_partnership_code={code}" / "*.parquet")
    with duckdb.connect() as con:
        return con.execute(f"select * from read_parquet(?) where shielded_in_snapshot and {where}", [files]).fetchall()


# -- tests ---------------------------------------------------------------------------------------------
def test_all_writes_one_report_per_region_and_partnership_with_a_progress_line(world, every):
    out, result = every
    subjects = list(world.regions) + list(world.partnerships)
    progress = [line for line in result.stdout.splitlines() if re.match(r"\[\s*\d+/\d+\] ", line)]
    assert len(progress) == len(subjects)
    assert all(f"/{len(subjects)}]" in line for line in progress)
    for code in subjects:
        assert world.file(out, code).stat().st_size > 10_000, code
        assert any(f"] {code}: " in line for line in progress), code
    assert sorted(p.name for p in out.iterdir()) == sorted(world.file(out, c).name for c in subjects)


def test_a_region_report_holds_its_kpis_in_dutch_notation(world, every):
    out, _ = every
    for region in world.regions:
        text = text_of(world.file(out, region))
        assert f"Kwaliteitsrapport {world.year}" in text and f"{world.name(region)} ({region})" in text
        rows = sql(world.home, "select kpi, value, target_value, national_value, suppressed from marts.kpi_scorecard "
                               "where scope_code = ? and academic_year = ?", [region, world.year])
        assert len(rows) == 4
        for kpi, value, target, national, suppressed in rows:
            for v in (value, target, national):
                if v is not None:
                    assert dutch(v, KIND[kpi]) in text, (region, kpi, v, dutch(v, KIND[kpi]))
            if suppressed:
                assert "afgeschermd" in text
        flat = " ".join(text.split())        # the data quality section names feeds and marts, the code beside
        assert "kosten (costs)" in flat and "uitval per cohort (dropout_cohort)" in flat, flat[-3000:]


def test_no_report_names_anything_of_another_region(world, every):
    out, _ = every
    for code in list(world.regions) + list(world.partnerships):
        text = text_of(world.file(out, code))
        region = world.region_of(code)
        leaked = sorted(x for x in world.elsewhere(region) if re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", text))
        assert not leaked, f"the report of {code} names {leaked}"


def test_suppressed_rows_read_afgeschermd_and_the_count_is_the_snapshots(world, every):
    out, _ = every
    y = world.year
    for region in world.regions:
        lines = lines_of(world.file(out, region))
        # every suppressed cost row of the region: its euros visible, its per-student figures shielded
        costs = sql(world.home, "select partnership_code, academic_year, supervision_cost_eur from "
                                "marts.cost_per_supervised_student where region_code = ? and suppressed", [region])
        for partnership, year, euros in costs:
            row = [line for line in lines if re.search(rf"(?<![\w-]){partnership}\)? {year} ", line)]
            assert row and "afgeschermd" in row[0] and dutch(euros, "eur") in row[0], (partnership, year, row)
        # the suppression section counts what the snapshot suppresses in the region and year
        counts = sql(world.home, f"""
            select count(*), count(*) filter (where suppressed) from (
              select suppressed from marts.dropout_cohort where region_code = $1 and cohort_year = {y} and horizon_years = 1
              union all select suppressed from marts.dropout_by_group where region_code = $1 and cohort_year = {y}
                                                                     and horizon_years = 1
              union all select suppressed from marts.cost_per_supervised_student where region_code = $1
                                                                                 and academic_year = {y}
              union all select suppressed from marts.feeder_schools where region_code = $1 and exam_year = {y}
              union all select suppressed from marts.kpi_scorecard where academic_year = {y} and scope_code in (
                  select $1 union all select partnership_code from marts.partnerships where region_code = $1))""",
                     [region])[0]
        text = text_of(world.file(out, region))
        assert f"In dit rapport zijn {dutch(counts[1], 'int')} van de {dutch(counts[0], 'int')} rijen" in text
    assert any(sql(world.home, "select count(*) from marts.cost_per_supervised_student where suppressed")[0]), \
        "the region home should suppress some cost rows"


def test_a_partnership_report_shows_the_others_as_labels_and_its_own_rows_only_to_itself(world, every):
    out, _ = every
    ref = access.Reference(regions=world.regions, partnerships=world.partnerships, schools=world.schools)
    labels = access.labels(ref, access.label_key(SECRET.encode()))
    checked = 0
    for code, (name, region) in world.partnerships.items():
        others = [c for c in world.partners(region) if c != code]
        text = text_of(world.file(out, code))
        assert f"{name} ({code})" in text
        for other in others:
            assert not re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", text), (code, other)
            assert world.partnerships[other][0] not in text, (code, other)
        costs = {c for (c,) in sql(world.home, "select distinct partnership_code from marts.cost_per_supervised_student "
                                               "where region_code = ? and partnership_code <> ?", [region, code])}
        for other in costs:
            assert labels[other] in text, (code, other, labels[other])
        # its own cost rows that everyone else sees shielded: in full, marked, only in its own report
        own = shielded_own(world, code, "cost_per_supervised_student", "true")
        if own:
            lines = lines_of(world.file(out, code))
            for row in own:
                year = dict(zip(["region_code", "partnership_code", "academic_year"], row))["academic_year"]
                line = [x for x in lines if x.startswith("alleen voor u") and re.search(rf"{code}\)? {year} ", x)]
                assert line and "afgeschermd" not in line[0], (code, year, line)
            assert "†" in text
            assert "alleen voor u" not in text_of(world.file(out, region))     # the region's report: shielded
            for other in others:                                               # others' reports: theirs only
                marked = [x for x in lines_of(world.file(out, other)) if x.startswith("alleen voor u")]
                assert not [x for x in marked if re.search(rf"(?<![\w-]){code}(?![\w-])", x)], (other, code)
            checked += 1
    assert checked, "some partnership of the region home should have own rows shielded for others"


def test_pdftoppm_renders_every_page(world, every, tmp_path_factory):
    """Every page of a region's and a partnership's report renders; the PNGs stay as artefacts."""
    out, _ = every
    pngs = tmp_path_factory.mktemp("report-pages")
    region = sorted(world.regions)[0]
    for code in (region, world.partners(region)[0]):
        pdf = world.file(out, code)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert pages >= 7                      # cover, KPIs, four themes, data quality, suppression
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(pngs / code)], check=True)
        rendered = sorted(pngs.glob(f"{code}-*.png"))
        assert len(rendered) == pages
        assert all(p.stat().st_size > 3_000 for p in rendered)   # not blank
    fonts = subprocess.run(["pdffonts", str(world.file(out, region))], capture_output=True, text=True).stdout
    assert re.search(r"DejaVuSans\s+CID TrueType\s+Identity-H\s+yes", fonts), fonts   # embedded


def test_english_report(world, tmp_path):
    region = sorted(world.regions)[0]
    pdf = tmp_path / "en.pdf"
    result = report("--home", str(world.home), "--scope", region, "--year", str(world.year), "--lang", "en",
                    "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    text = text_of(pdf)
    assert f"Quality report {world.year}" in text and "Data quality" in text and "Kwaliteitsrapport" not in text
    assert "dropout by cohort (dropout_cohort)" in " ".join(text.split())
    value = sql(world.home, "select value from marts.kpi_scorecard where scope_code = ? and academic_year = ? "
                            "and kpi = 'cost_per_supervised_student'", [region, world.year])[0][0]
    assert f"€{int(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)):,}" in text


def test_mistakes_are_refused_in_dutch_and_english(world, tmp_path):
    pdf = tmp_path / "x.pdf"
    unknown = report("--home", str(world.home), "--scope", "OR-NERGENS", "--year", str(world.year), "--out", str(pdf))
    assert unknown.returncode == 2 and "geen regio of partnerschap" in unknown.stderr
    assert "no region or partnership" in unknown.stderr
    no_year = report("--home", str(world.home), "--scope", sorted(world.regions)[0], "--year", "1999", "--out", str(pdf))
    assert no_year.returncode == 2 and "1999" in no_year.stderr and "years:" in no_year.stderr
    both = report("--home", str(world.home), "--year", str(world.year), "--out", str(pdf))
    assert both.returncode == 2 and "--scope" in both.stderr
    assert not pdf.exists()


# -- the download on Overzicht ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_home(world, tmp_path_factory) -> Path:
    """A copy of the snapshot (and its own-detail extracts) as a demo home: the "view as" selector."""
    root = tmp_path_factory.mktemp("report-demo") / "home"
    root.mkdir()
    shutil.copy2(world.home / "published.duckdb", root / "published.duckdb")
    shutil.copytree(world.home / "own-detail", root / "own-detail")
    Home(root).mark_demo()
    return root


@pytest.fixture
def pdfs(monkeypatch) -> list:
    """The PDFs behind every deferred download button rendered (built as if clicked)."""
    captured = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        if mimetype == "application/pdf":
            captured.append((file_name, data_callable()))
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def overzicht(home: Path, monkeypatch, pdfs: list, viewer: str, scope: str, year: int) -> AppTest:
    """Overzicht as `viewer` on `scope` and `year`; `pdfs` holds what the last run offered."""
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["demo_viewer"] = viewer
    at.run()
    at.selectbox(key="overzicht_scope").set_value(scope).run()
    pdfs.clear()
    at.selectbox(key="overzicht_year").set_value(year).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overzicht_offers_the_viewers_own_report(world, demo_home, monkeypatch, pdfs):
    region = sorted(world.regions)[0]
    code = world.partners(region)[0]
    overzicht(demo_home, monkeypatch, pdfs, f"{code.lower()}@demo.regiomonitor.nl", code, world.year)
    assert [name for name, _ in pdfs] == [f"kwaliteitsrapport_{code}_{world.year}_nl.pdf"]
    text = text_of(pdfs[0][1])
    assert f"{world.name(code)} ({code})" in text and f"Kwaliteitsrapport {world.year}" in text
    for other in world.partners(region):
        if other != code:
            assert world.partnerships[other][0] not in text


def test_overzicht_offers_no_report_of_a_view_the_viewer_does_not_have(world, demo_home, monkeypatch, pdfs):
    region = sorted(world.regions)[0]
    code = world.partners(region)[0]
    overzicht(demo_home, monkeypatch, pdfs, f"{code.lower()}@demo.regiomonitor.nl", region, world.year)
    assert pdfs == []                     # a partnership viewer gets no region report (it names the others)
    at = overzicht(demo_home, monkeypatch, pdfs, f"regio.{region.lower()}@demo.regiomonitor.nl", region, world.year)
    assert [name for name, _ in pdfs] == [f"kwaliteitsrapport_{region}_{world.year}_nl.pdf"]
    pdfs.clear()
    at.selectbox(key="overzicht_scope").set_value(code).run()
    assert pdfs == []                     # a region viewer gets no partnership report (it holds own rows)


def test_a_scope_set_after_the_snapshot_was_opened_still_reads_the_viewers_own_rows(world):
    """Snapshot: frame.page sets the viewer's scope after the sidebar opened the file."""
    from dashboards.pdf import scope as subjects
    from dashboards.snapshot import Snapshot
    code = next(c for c in world.partnerships
                if shielded_own(world, c, "cost_per_supervised_student", "true"))
    snap = Snapshot.current(world.home / "published.duckdb")
    snap.tables()                                        # opens the connection without a scope
    snap.scope = subjects.subject_scope(snap.reference(), code, access.label_key(SECRET.encode()))
    rows = snap.query("select * from marts.cost_per_supervised_student where partnership_code = ?", [code])
    assert rows["shielded_in_snapshot"].any() and rows["cost_per_supervised_student"].notna().all()
    snap.close()
