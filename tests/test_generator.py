"""The synthetic-world generator (`regiomonitor generate`): deterministic, every file follows the
feed contract (validations.feeds), the world is calibrated on the seed papers' figures, and
`--faults` plants exactly the bad rows and files its summary reports.

Files are read back here with a small reader of our own (not the ingest), so these tests check the
generator against the contract, not against another implementation of it.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from sources.generator import generate
from sources.generator.programmes import catalogue
from validations.feeds import FEEDS
from validations.feeds.codes import YEAR_MAX, YEAR_MIN

NAME = re.compile(r"^(?P<sender>[^_]+)_(?P<year>[0-9]{4})(?:_(?P<free>.+))?\.(?P<ext>csv|xlsx)$")
CROHO = Path(__file__).resolve().parent / "data" / "duo" / "1cho" / "Croho.asc"


# ---------------------------------------------------------------------------------------- reading
class File:
    """One delivered file read back as text: header, rows, and how it was written."""

    def __init__(self, root: Path, path: Path):
        self.path, self.rel = path, path.relative_to(root)
        self.feed = self.rel.parts[0]
        self.raw = path.read_bytes()
        self.encoding = self.delimiter = self.typed = None
        if path.suffix == ".xlsx":
            frame = pl.read_excel(io.BytesIO(self.raw), sheet_id=1, infer_schema_length=0)
            self.header = list(frame.columns)
            self.rows = [["" if v is None else v for v in r] for r in frame.iter_rows()]
            return
        try:
            text, self.encoding = self.raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, self.encoding = self.raw.decode("cp1252"), "cp1252"
        first = text.split("\n", 1)[0]
        self.delimiter = max(",;\t", key=first.count)
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)) or [[]]
        self.header, self.rows = records[0], records[1:]

    @property
    def columns(self) -> list[str]:
        return [h.strip().lower() for h in self.header]


def _parse(text: str, kind: str):
    """Contract value from delivered text; raises ValueError when it does not parse."""
    t = text.strip()
    if t == "":
        return None
    if kind == "int":
        f = float(t.replace(",", "."))
        if f != int(f):
            raise ValueError(t)
        return int(f)
    if kind == "decimal":
        return float(t.replace(",", "."))
    if kind == "date":
        t = t.removesuffix(" 00:00:00")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return dt.date.fromisoformat(t)
        if re.fullmatch(r"\d{2}-\d{2}-\d{4}", t):
            return dt.datetime.strptime(t, "%d-%m-%Y").date()
        raise ValueError(t)
    if kind == "bool":
        return {"true": True, "false": False}[t.lower()]
    return t


def typed(file: File) -> tuple[pl.DataFrame, set[int]]:
    """The file as a frame of contract types, and the rows (0-based) whose values did not parse."""
    if file.typed is None:
        file.typed = _typed(file)
    return file.typed


def _typed(file: File) -> tuple[pl.DataFrame, set[int]]:
    feed = FEEDS[file.feed]
    at = {name: i for i, name in enumerate(file.columns)}
    data = {c.name: [] for c in feed.columns}
    unparsed = set()
    for n, row in enumerate(file.rows):
        for c in feed.columns:
            value = None
            if c.name in at:
                try:
                    value = _parse(row[at[c.name]], c.kind)
                except ValueError:
                    unparsed.add(n)
                if c.lower and isinstance(value, str):
                    value = value.lower()
            data[c.name].append(value)
    return pl.DataFrame(data, schema=feed.polars_schema), unparsed


def broken_rows(files: list[File]) -> dict[File, set[int]]:
    """Per file, the rows the contract rejects: unparseable values, Pandera checks (validated per
    feed in one go, for speed), later copies of a key within the file."""
    out: dict[File, set[int]] = {}
    by_feed = defaultdict(list)
    for f in files:
        by_feed[f.feed].append(f)
    for feed, group in by_feed.items():
        frames, offsets, start = [], [], 0
        for f in group:
            frame, bad = typed(f)
            out[f] = set(bad)
            frames.append(frame)
            offsets.append(start)
            start += frame.height
            key = FEEDS[feed].key
            if key:
                seen = set()
                for n, k in enumerate(frame.select(key).iter_rows()):
                    if k in seen:
                        out[f].add(n)
                    seen.add(k)
        try:
            FEEDS[feed].schema.validate(pl.concat(frames), lazy=True)
        except pa.errors.SchemaErrors as e:
            for i in {int(i) for i in e.failure_cases["index"].to_list() if i is not None}:
                k = bisect.bisect_right(offsets, i) - 1
                out[group[k]].add(i - offsets[k])
    return out


def read_inbox(root: Path) -> list[File]:
    return [File(root, p) for p in sorted(root.rglob("*")) if p.is_file()]


def frame_of(files: list[File], feed: str) -> pl.DataFrame:
    return pl.concat([typed(f)[0] for f in files if f.feed == feed and NAME.match(f.path.name)])


# ---------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    summary = generate(root, scale="region", seed=7)
    return root, summary, read_inbox(root)


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    root = tmp_path_factory.mktemp("faulty")
    lines = []
    summary = generate(root, scale="demo", seed=3, faults=True, progress=lines.append)
    return root, summary, read_inbox(root), lines


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------- determinism
def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path):
    a = generate(tmp_path / "a", scale="demo", seed=11, faults=True)
    b = generate(tmp_path / "b", scale="demo", seed=11, faults=True)
    generate(tmp_path / "c", scale="demo", seed=12, faults=True)
    ta, tb, tc = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert a == b
    assert ta == tb
    assert any(name.endswith(".xlsx") for name in ta)          # workbooks are reproducible too
    assert ta != tc
    assert sum(1 for name in ta if tc.get(name) != ta[name]) > len(ta) // 2


# ---------------------------------------------------------------------------------------- the contract
def test_every_feed_is_delivered_under_a_contract_name(region):
    root, summary, files = region
    assert {f.feed for f in files} == {name for name, feed in FEEDS.items() if not feed.own_layout}   # not DUO's own files
    assert summary["files"] == len(files)
    for f in files:
        assert len(f.rel.parts) == 2, f.rel
        m = NAME.match(f.path.name)
        assert m, f.rel
        assert FEEDS[f.feed].accepts_sender(m["sender"]), f.rel
        assert YEAR_MIN <= int(m["year"]) <= YEAR_MAX


def test_headers_carry_the_required_columns_in_contract_order(region):
    _, _, files = region
    for f in files:
        feed = FEEDS[f.feed]
        names = f.columns
        assert {c.name for c in feed.columns if c.required} <= set(names), f.rel
        known = [n for n in names if n in feed.column_names]
        assert known == [n for n in feed.column_names if n in known], f.rel     # contract order
        assert set(names) - set(feed.column_names) <= {"opmerking"}, f.rel


def test_clean_world_breaks_no_rule_and_names_no_unknown_code(region):
    root, summary, files = region
    assert summary["bad_rows"] == summary["unknown_code_rows"] == summary["bad_files"] == 0
    assert not {f.rel: bad for f, bad in broken_rows(files).items() if bad}
    refs = {feed: frame_of(files, feed) for feed in ("regions", "partnerships", "schools", "institutions",
                                                     "subjects")}
    known = {
        "school_code": set(refs["schools"]["school_code"]),
        "partnership_code": set(refs["partnerships"]["partnership_code"]),
        "institution_code": set(refs["institutions"]["institution_code"]),
        "region_code": set(refs["regions"]["region_code"]),
        "subject": set(refs["subjects"]["subject"]),
    }
    for feed in ("enrolments", "placements", "capacity", "costs", "funding", "vo_outflow", "schools",
                 "partnerships"):
        frame = frame_of(files, feed)
        for column, codes in known.items():
            if column in frame.columns and not (feed == "partnerships" and column == "partnership_code") \
                    and not (feed == "schools" and column == "school_code"):
                assert set(frame[column].drop_nulls()) <= codes, (feed, column)
    total = {feed: sum(len(f.rows) for f in files if f.feed == feed) for feed in FEEDS}
    assert summary["rows"] == total == summary["rows_written"]


def test_dutch_style_files_are_windows_1252_semicolon_decimal_comma(region):
    _, _, files = region
    dutch = [f for f in files if f.delimiter == ";"]
    assert dutch and any(f.feed == "placements" for f in dutch) and any(f.feed == "schools" for f in dutch)
    accented = 0
    for f in dutch:
        assert b"\r\n" in f.raw and b"\n" not in f.raw.replace(b"\r\n", b"")
        f.raw.decode("cp1252")
        if any(b > 127 for b in f.raw):
            accented += 1
            with pytest.raises(UnicodeDecodeError):
                f.raw.decode("utf-8")            # really Windows-1252, not UTF-8
        feed = FEEDS[f.feed]
        at = {name: i for i, name in enumerate(f.columns)}
        for c in feed.columns:
            values = [r[at[c.name]] for r in f.rows if c.name in at and r[at[c.name]]]
            if c.kind == "date":
                assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4}", v) for v in values), (f.rel, c.name)
            if c.kind == "decimal":
                assert not any("." in v for v in values), (f.rel, c.name)
    assert accented
    decimals = [r[i] for f in dutch for i, name in enumerate(f.columns)
                if name in FEEDS[f.feed].column_names and FEEDS[f.feed].columns[
                    FEEDS[f.feed].column_names.index(name)].kind == "decimal" for r in f.rows]
    assert any("," in v for v in decimals)
    others = [f for f in files if f.delimiter == ","]
    assert others and all(f.encoding == "utf-8" for f in others)
    assert any(f.delimiter == "\t" for f in files) or any(f.path.suffix == ".xlsx" for f in files)


def test_other_styles_occur_and_read_back(tmp_path):
    generate(tmp_path, scale="demo", seed=5)
    files = read_inbox(tmp_path)
    assert any(f.raw.startswith(b"\xef\xbb\xbf") for f in files)
    assert any(f.delimiter == "\t" for f in files)
    xlsx = [f for f in files if f.path.suffix == ".xlsx"]
    assert xlsx
    for f in xlsx:
        assert {c.name for c in FEEDS[f.feed].columns if c.required} <= set(f.columns)
    assert not any(broken_rows(xlsx).values())


def test_teacher_training_programmes_carry_real_croho_codes():
    codes = {p.code for p in catalogue()}
    assert {"34808", "59329", "80142", "35221", "60248"} <= codes
    table = {line[4:9] for line in CROHO.read_text(encoding="latin-1").splitlines()}
    assert codes <= table


# ---------------------------------------------------------------------------------------- calibration
def _enrolments(files):
    frame = frame_of(files, "enrolments")
    by_student = defaultdict(list)
    for r in frame.iter_rows(named=True):
        by_student[r["student_key"]].append(r)
    return frame, by_student


def _status(member, mine, horizon):
    """marts.md dropout_cohort status at a horizon, computed here independently."""
    c = member["academic_year"]
    y, peil = c + horizon, dt.date(c + horizon, 10, 1)
    if any(r["exit_type"] == "diploma" and r["academic_year"] >= c and r["exit_date"] < peil for r in mine):
        return "graduated"
    if any(r["academic_year"] == y and r["programme_code"] == member["programme_code"] for r in mine):
        return "enrolled_same"
    if any(r["academic_year"] == y for r in mine):
        return "switched"
    return "dropped_out"


def test_dropout_is_calibrated_on_the_seeds(region):
    _, _, files = region
    frame, by_student = _enrolments(files)
    last = frame["academic_year"].max()
    outcome = defaultdict(Counter)
    for m in frame.filter(pl.col("year_of_study") == 1).iter_rows(named=True):
        for h in (1, 4):
            if m["academic_year"] + h <= last:
                status = _status(m, by_student[m["student_key"]], h)
                outcome[(m["programme_type"], m["study_mode"], h)][status] += 1

    def rate(ptype, mode, h, status="dropped_out"):
        cell = outcome[(ptype, mode, h)]
        return cell[status] / sum(cell.values())

    assert 0.47 <= rate("tweedegraads", "voltijd", 4) <= 0.63          # seeds: 55%
    assert 0.32 <= rate("tweedegraads", "deeltijd", 4) <= 0.48         # seeds: 40%
    assert rate("pabo", "voltijd", 4) < rate("tweedegraads", "voltijd", 4) - 0.08
    switched = sum(c["switched"] for (_, _, h), c in outcome.items() if h == 1)
    cohort = sum(sum(c.values()) for (_, _, h), c in outcome.items() if h == 1)
    assert 0.01 <= switched / cohort <= 0.06                           # a few percent switch


def test_enrolments_follow_the_delivery_rules(region):
    _, _, files = region
    frame, by_student = _enrolments(files)
    assert frame["academic_year"].n_unique() == 8
    assert frame.filter(pl.col("subject").is_not_null())["programme_type"].unique().sort().to_list() == \
        ["educatieve_minor", "eerstegraads", "tweedegraads"]
    assert frame.filter(pl.col("programme_type").is_in(["tweedegraads", "eerstegraads"])
                        & pl.col("subject").is_null()).height == 0
    diploma_days, silent, deregistered = Counter(), 0, 0
    for rows in by_student.values():
        per_programme = defaultdict(list)
        for r in rows:
            per_programme[r["programme_code"]].append(r)
        episodes = []                    # a programme entered twice (e.g. pabo, Ad-PEP, pabo again)
        for prog_rows in per_programme.values():
            prog_rows.sort(key=lambda r: r["academic_year"])
            for r in prog_rows:
                if r["year_of_study"] == 1 or not episodes or episodes[-1][0] is not prog_rows:
                    episodes.append((prog_rows, []))
                episodes[-1][1].append(r)
        for _, episode in episodes:
            years = [r["academic_year"] for r in episode]
            assert years == list(range(years[0], years[0] + len(years)))        # no gaps
            yos = [r["year_of_study"] for r in episode]
            assert yos == list(range(yos[0], yos[0] + len(yos)))
            assert all(r["exit_date"] is None for r in episode[:-1])            # exit on the final row only
            assert all(r["enrolled_on"] <= dt.date(r["academic_year"] + 1, 10, 1) for r in episode)
            final = episode[-1]
            if final["exit_type"] == "diploma":
                d = final["exit_date"]
                diploma_days[(d.month, d.day) if (d.month, d.day) == (9, 30) else d.month] += 1
            elif final["exit_type"] == "uitschrijving":
                deregistered += 1
            elif final["academic_year"] < frame["academic_year"].max() and final["year_of_study"] > 1:
                silent += 1
    assert diploma_days[6] and diploma_days[7] and diploma_days[(9, 30)]
    assert deregistered and silent
    no_partnership = frame.filter(pl.col("partnership_code").is_null()).height / frame.height
    assert 0.05 < no_partnership < 0.4


def test_havo_inflow_is_persistent_per_school_around_7_6_percent(region):
    _, _, files = region
    outflow = frame_of(files, "vo_outflow").filter(pl.col("track") == "havo")
    per_school = outflow.group_by("school_code").agg(pl.col("entered_teacher_training").sum() /
                                                     pl.col("graduates").sum())
    rates = sorted(per_school.to_series(1).to_list())
    k = max(1, round(0.15 * len(rates)))
    assert 0.06 <= statistics.mean(rates) <= 0.095                 # seeds: 7.6%
    assert min(rates) >= 0 and max(rates) <= 0.23                  # seeds: 0-23%
    assert statistics.mean(rates[:k]) < 0.055                      # seeds: bottom 15% 3.6%
    assert statistics.mean(rates[-k:]) > 0.105                     # seeds: top 15% 13.1%
    year_rates = {(r["school_code"], r["exam_year"]): r["entered_teacher_training"] / r["graduates"]
                  for r in outflow.iter_rows(named=True) if r["graduates"] >= 30}
    pairs = [(v, year_rates[(s, y + 1)]) for (s, y), v in year_rates.items() if (s, y + 1) in year_rates]
    assert statistics.correlation(*zip(*pairs)) > 0.3             # differences persist over years


def test_havo_entrants_in_enrolments_match_vo_outflow(region):
    _, _, files = region
    outflow = frame_of(files, "vo_outflow")
    frame, by_student = _enrolments(files)
    first = {}
    for key, rows in by_student.items():
        r = min(rows, key=lambda r: (r["academic_year"], r["year_of_study"]))
        if r["year_of_study"] == 1:
            first[key] = r
    for track in ("havo", "vwo"):
        entered = outflow.filter(pl.col("track") == track).group_by("exam_year").agg(
            pl.col("entered_teacher_training").sum()).sort("exam_year").rows()
        for year, count in entered[1:]:      # the first year also holds switchers whose start is unseen
            assert count == sum(1 for r in first.values()     # minor students are bachelor students
                                if r["prior_education"] == track and r["academic_year"] == year
                                and r["programme_type"] != "educatieve_minor")


def test_costs_and_funding_are_calibrated(region):
    _, _, files = region
    schools = {r["school_code"]: r for r in frame_of(files, "schools").iter_rows(named=True)}
    norms = {r["norm"]: r["value"] for r in frame_of(files, "norms").iter_rows(named=True)}
    placements = frame_of(files, "placements").filter(pl.col("status") == "geplaatst")
    supervised = {(p, y): n for p, y, n in placements.group_by("partnership_code", "academic_year").agg(
        pl.col("student_key").n_unique()).rows()}
    cost, hours, forms, categories = defaultdict(float), defaultdict(float), Counter(), Counter()
    for r in frame_of(files, "costs").iter_rows(named=True):
        if r["school_code"]:
            school = schools[r["school_code"]]
            key, rate = (school["partnership_code"], r["academic_year"]), norms[f"hourly_cost_eur_{school['sector']}"]
        else:
            key, rate = (r["partnership_code"], r["academic_year"]), norms["hourly_cost_eur_partnership"]
        forms[(r["hours"] is not None, r["amount_eur"] is not None)] += 1
        categories[r["cost_category"]] += 1
        if r["cost_category"] != "stagevergoeding":
            cost[key] += r["amount_eur"] if r["amount_eur"] is not None else r["hours"] * rate
            if r["cost_category"] in ("werkplekbegeleiding", "schoolopleider", "instituutsopleider") \
                    and r["hours"] is not None:
                hours[key] += r["hours"]
    assert set(forms) == {(True, False), (False, True), (True, True)}   # hours only, amount only, both
    assert categories["stagevergoeding"]
    per_student = [cost[k] / n for k, n in supervised.items() if n >= 10]
    assert per_student and all(2790 <= c <= 4410 for c in per_student)  # seeds: EUR 2,800-4,400
    fte = sum(hours[k] for k in supervised) / norms["annual_hours_per_fte"] / sum(supervised.values())
    assert 0.04 <= fte <= 0.06                                           # seeds: ~0.05 fte
    assert any(n < 10 for n in supervised.values())                     # small cells get suppressed
    subsidy = {(r["partnership_code"], r["academic_year"]): r["amount_eur"]
               for r in frame_of(files, "funding").iter_rows(named=True)
               if r["funding_source"] == "onderwijsregio_subsidie"}
    assert subsidy == {k: 1250.0 * n for k, n in supervised.items()}


def test_some_regions_lack_places_and_some_lack_supervisors(region):
    _, _, files = region
    schools = {r["school_code"]: r for r in frame_of(files, "schools").iter_rows(named=True)}
    region_of = {r["partnership_code"]: r["region_code"] for r in frame_of(files, "partnerships").iter_rows(named=True)}
    supply = defaultdict(lambda: [0, 0.0])
    for r in frame_of(files, "capacity").iter_rows(named=True):
        cell = supply[(schools[r["school_code"]]["region_code"], r["academic_year"], r["sector"])]
        cell[0] += r["places_offered"]
        cell[1] += r["supervision_fte_available"]
    requests, placed = defaultdict(set), defaultdict(set)
    for r in frame_of(files, "placements").filter(pl.col("status") != "geannuleerd").iter_rows(named=True):
        key = (region_of[r["partnership_code"]], r["academic_year"], r["sector"])
        requests[key].add(r["student_key"])
        if r["status"] == "geplaatst":
            placed[key].add(r["student_key"])
    short_places = {k for k in requests if len(requests[k]) > supply[k][0]}
    short_supervisors = {k for k in requests if len(placed[k]) * 0.05 > supply[k][1]}
    assert short_places and short_supervisors and set(requests) - short_places - short_supervisors
    assert len({k[0] for k in short_places | short_supervisors}) >= 2


# ---------------------------------------------------------------------------------------- faults
def test_faults_plant_the_bad_rows_the_summary_reports(faulty):
    root, summary, files, lines = faulty
    rules = summary["bad_rows_by_rule"]
    assert set(rules) == {"enum_value", "year_of_study_0", "placed_without_school", "cost_without_hours_or_amount",
                          "negative_places", "entered_above_graduates", "unparseable_date", "duplicate_key"}
    assert all(n > 0 for n in rules.values()) and summary["bad_rows"] == sum(rules.values())
    refused = {p for kind in ("bad_name", "unknown_feed", "missing_column", "empty_file")
               for p in summary["bad_files_by_kind"][kind]}
    replaced = set()
    for p in summary["bad_files_by_kind"]["correction"]:
        replaced.add(p.replace("_correctie", ""))
    duplicates = set(summary["bad_files_by_kind"]["duplicate"])
    loaded = [f for f in files if f.rel.as_posix() not in refused | replaced | duplicates]
    broken = sum(len(bad) for bad in broken_rows(loaded).values())
    assert broken == summary["bad_rows"]
    assert any(line.startswith("done") for line in lines)


def test_faults_name_unknown_codes(faulty):
    _, summary, files, _ = faulty
    schools = set(frame_of(files, "schools")["school_code"])
    partnerships = set(frame_of(files, "partnerships")["partnership_code"])
    unknown = 0
    for f in files:
        if f.feed in ("enrolments", "placements", "capacity", "costs", "funding", "vo_outflow") \
                and NAME.match(f.path.name) and "_kopie" not in f.path.name:
            frame = typed(f)[0]
            for column, known in (("school_code", schools), ("partnership_code", partnerships)):
                if column in frame.columns:
                    unknown += sum(1 for v in frame[column].drop_nulls() if v not in known)
    assert unknown == summary["unknown_code_rows"] > 0


def test_faults_plant_the_bad_files(faulty):
    root, summary, files, _ = faulty
    kinds = summary["bad_files_by_kind"]
    assert summary["bad_files"] == sum(len(v) for v in kinds.values()) == 6
    assert summary["refused_files"] == 4
    (bad_name,) = kinds["bad_name"]
    assert not NAME.match(Path(bad_name).name)
    (unknown,) = kinds["unknown_feed"]
    assert Path(unknown).parts[0] not in FEEDS
    (missing,) = kinds["missing_column"]
    assert "places_offered" not in File(root, root / missing).columns
    (empty,) = kinds["empty_file"]
    assert (root / empty).stat().st_size == 0
    (correction,) = kinds["correction"]
    original = root / correction.replace("_correctie", "")
    assert original.exists() and "_correctie" in correction
    assert File(root, original).rows != File(root, root / correction).rows
    assert (root / correction).stat().st_mtime > original.stat().st_mtime
    (duplicate,) = kinds["duplicate"]
    source = root / duplicate.replace("_kopie", "")
    assert source.read_bytes() == (root / duplicate).read_bytes() and source != root / duplicate


def test_scales_and_progress(tmp_path):
    lines = []
    summary = generate(tmp_path, scale="demo", progress=lines.append)
    assert summary["world"]["regions"] == 1 and 2 <= summary["world"]["partnerships"] <= 3
    assert lines and lines[-1].startswith("done")
    with pytest.raises(ValueError):
        generate(tmp_path / "x", scale="planet")
