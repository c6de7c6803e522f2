"""The baseline of the performance benchmark (issue 5): the platform's marts computed by one plain
DuckDB SQL script, with no framework around it (no Dagster, dbt, Pandera, polars or Great
Expectations). Python only lists the inbox, peeks at each CSV file's header line (delimiter and
column names, to group files that DuckDB can read in one `read_csv` call) and sends SQL to DuckDB.

    .venv/bin/python benchmarks/plain_duckdb.py INBOX --out OUT.duckdb [--json SUMMARY.json]

What it does, in the platform's terms (README, ../shared/spec/feeds.md and marts.md):

- names every file (`<feed>/<sender>_<year>[_<free>].csv|xlsx`), refuses bad names, unknown feeds,
  invalid senders, empty files and files missing a required column; the same delivery key
  delivered again replaces the earlier file (order: file mtime, then path, as the platform), the
  same bytes again are a duplicate;
- reads CSV with `,` `;` or tab, UTF-8 (with or without BOM) or Windows-1252, any header case, extra
  columns ignored and optional columns absent; types the text with the contract's rules (decimal
  point or comma, ISO or Dutch dates, codes trimmed, lists matched in lower case) and validates
  every row against the same rules as the Pandera models (required, patterns, value lists, ranges,
  lengths, the cross-column rules, duplicate keys within a delivery); rows that break a rule or
  whose field count does not match the header are rejected with a reason, never dropped, and every
  file gets rows_received = rows_loaded + rows_rejected;
- replaces student_key and supervisor_key by HMAC-SHA256 under the secret ($REGIOMONITOR_PSEUDONYM_KEY),
  computed in SQL with DuckDB's sha256() (HMAC = sha256((K^opad) || sha256((K^ipad) || m)); Python
  only pads the secret), so the pseudonyms equal the platform's;
- computes, with the dbt project's rules (the SQL below is a port of dbt_project/models), the
  private detail and the seven marts: dropout_cohort, dropout_by_group, cost_per_supervised_student,
  capacity_region, capacity_subject, feeder_schools, kpi_scorecard; plus ops.deliveries and
  ops.rejected_rows;
- audits the marts with the same kinds of checks as the platform's quality gates (unique grain,
  rates in [0, 1], values in range, suppression consistent with the threshold, national rate
  between the extremes) in plain SQL, and fails when one does not hold;
- writes raw rows, private detail, marts and ops into OUT (one DuckDB file).

XLSX: DuckDB reads workbooks only through its `excel` extension, which cannot be downloaded
offline; workbooks are read with fastexcel (calamine, the reader the platform's polars uses too)
into Arrow, every cell as text, and inserted into the same text tables as the CSV rows.

Known simplifications (none matters for the generated national data, which has no bad rows):
Windows-1252 files are read as Latin-1 (the two differ only in bytes 0x80-0x9F; the script counts
such bytes and warns); a row number after a row with the wrong field count is its position among
the readable rows; rows of a refused file are not counted.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import duckdb
import fastexcel

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "dbt_project" / "seeds"

# --- the feed contract (feeds.md): its code formats and value lists are plain constants, taken from
# the project rather than written out twice; the reading, typing and validation below are the baseline's own
sys.path.insert(0, str(HERE.parent))
from validations.feeds.codes import (BRIN, CODE, COST_CATEGORIES, CROHO, DEGREE_LEVELS, DIRECTIONS,  # noqa: E402
                                     EXIT_TYPES, FUNDING_SOURCES, INSTITUTION_TYPES, KPIS, NORMS,
                                     PLACEMENT_STATUSES, PRIOR_EDUCATION, PROGRAMME_TYPES, ROUTES, SCHOOL,
                                     SCHOOL_ROLES, SECTORS, STUDY_MODES, SUPERVISION_MODELS, TRACKS)

YEAR = (2000, 2100)
KEYLEN = (1, 64)


def C(name, kind="str", required=False, **rules):
    """A contract column: kind str|int|dec|date|bool; rules re, isin, range (lo, hi), ge, len (lo, hi),
    lower, pseudo."""
    return {"name": name, "kind": kind, "required": required, **rules}


FEEDS = {
    "enrolments": dict(senders=("institution",), key=("student_key", "programme_code", "academic_year"), cols=[
        C("student_key", required=True, len=KEYLEN, pseudo=True), C("institution_code", required=True, re=BRIN),
        C("programme_code", required=True, re=CROHO), C("programme_type", required=True, isin=PROGRAMME_TYPES),
        C("degree_level", required=True, isin=DEGREE_LEVELS), C("study_mode", required=True, isin=STUDY_MODES),
        C("route", required=True, isin=ROUTES), C("prior_education", required=True, isin=PRIOR_EDUCATION),
        C("subject", lower=True), C("academic_year", "int", True, range=YEAR),
        C("year_of_study", "int", True, range=(1, 10)), C("partnership_code", re=CODE),
        C("enrolled_on", "date", True), C("exit_date", "date"), C("exit_type", isin=EXIT_TYPES)],
        checks=[("enrolled_on: must not be after 1 October of academic_year + 1",
                 "enrolled_on is null or enrolled_on <= make_date(academic_year + 1, 10, 1)"),
                ("exit_type: required when exit_date is given, and only then",
                 "(exit_date is null) = (exit_type is null)")]),
    "placements": dict(senders=("partnership",), key=("request_id",), cols=[
        C("request_id", required=True, len=(1, 64)), C("student_key", required=True, len=KEYLEN, pseudo=True),
        C("institution_code", required=True, re=BRIN), C("partnership_code", required=True, re=CODE),
        C("academic_year", "int", True, range=YEAR), C("sector", required=True, isin=SECTORS),
        C("subject", lower=True), C("status", required=True, isin=PLACEMENT_STATUSES), C("school_code", re=SCHOOL),
        C("supervisor_key", len=KEYLEN, pseudo=True), C("supervision_model", isin=SUPERVISION_MODELS),
        C("start_date", "date"), C("end_date", "date"), C("hours_per_week", "dec", range=(0, 40))],
        checks=[("school_code: required when status is geplaatst, and only then",
                 "status is null or ((status = 'geplaatst') = (school_code is not null))"),
                ("end_date: must not be before start_date", "coalesce(end_date >= start_date, true)")]),
    "capacity": dict(senders=("school", "partnership"), key=("school_code", "academic_year", "sector", "subject"), cols=[
        C("school_code", required=True, re=SCHOOL), C("academic_year", "int", True, range=YEAR),
        C("sector", required=True, isin=SECTORS), C("subject", lower=True),
        C("places_offered", "int", True, ge=0), C("supervisors", "int", True, ge=0),
        C("supervision_fte_available", "dec", True, ge=0), C("schoolopleider_fte", "dec", ge=0)]),
    "costs": dict(senders=("school", "partnership"), key=(), cols=[
        C("school_code", re=SCHOOL), C("partnership_code", re=CODE), C("academic_year", "int", True, range=YEAR),
        C("cost_category", required=True, isin=COST_CATEGORIES), C("hours", "dec", ge=0), C("amount_eur", "dec", ge=0)],
        checks=[("school_code/partnership_code: one of the two is required",
                 "school_code is not null or partnership_code is not null"),
                ("hours/amount_eur: one of the two is required", "hours is not null or amount_eur is not null")]),
    "funding": dict(senders=("partnership", "region"), key=(), cols=[
        C("partnership_code", required=True, re=CODE), C("academic_year", "int", True, range=YEAR),
        C("funding_source", required=True, isin=FUNDING_SOURCES), C("amount_eur", "dec", True, ge=0)]),
    "vo_outflow": dict(senders=("school", "region", "DUO"), key=("school_code", "exam_year", "track"), cols=[
        C("school_code", required=True, re=SCHOOL), C("exam_year", "int", True, range=YEAR),
        C("track", required=True, isin=TRACKS), C("graduates", "int", True, ge=0),
        C("entered_teacher_training", "int", True, ge=0)],
        checks=[("entered_teacher_training: must not exceed graduates",
                 "coalesce(entered_teacher_training <= graduates, true)")]),
    "regions": dict(senders=("region", "NL"), key=("region_code",), reference=True, cols=[
        C("region_code", required=True, re=CODE), C("region_name", required=True)]),
    "partnerships": dict(senders=("region", "NL"), key=("partnership_code",), reference=True, cols=[
        C("partnership_code", required=True, re=CODE), C("partnership_name", required=True),
        C("region_code", required=True, re=CODE)]),
    "schools": dict(senders=("region", "NL"), key=("school_code",), reference=True, cols=[
        C("school_code", required=True, re=SCHOOL), C("school_name", required=True), C("municipality"),
        C("sector", required=True, isin=SECTORS), C("partnership_code", re=CODE),
        C("region_code", required=True, re=CODE), C("school_role", isin=SCHOOL_ROLES), C("denomination"),
        C("urbanisation", "int", range=(1, 5))]),
    "institutions": dict(senders=("region", "NL"), key=("institution_code",), reference=True, cols=[
        C("institution_code", required=True, re=BRIN), C("institution_name", required=True),
        C("institution_type", required=True, isin=INSTITUTION_TYPES)]),
    "subjects": dict(senders=("region", "NL"), key=("subject",), reference=True, cols=[
        C("subject", required=True, lower=True), C("shortage_subject", "bool", True),
        C("surplus_subject", "bool", True)]),
    "norms": dict(senders=("region", "NL"), key=("norm", "academic_year"), reference=True, cols=[
        C("norm", required=True, isin=NORMS), C("academic_year", "int", True, range=YEAR),
        C("value", "dec", True, ge=0)]),
    "kpi_targets": dict(senders=("region", "NL"), key=("scope_code", "kpi", "academic_year"), reference=True, cols=[
        C("scope_code", required=True, re=CODE), C("kpi", required=True, isin=KPIS),
        C("academic_year", "int", True, range=YEAR), C("target_value", "dec", True),
        C("direction", required=True, isin=DIRECTIONS)]),
}
SENDER_PATTERNS = {"institution": BRIN, "school": SCHOOL, "partnership": CODE, "region": CODE,
                   "NL": r"^NL$", "DUO": r"^DUO$"}
SQL_TYPE = {"str": "VARCHAR", "int": "BIGINT", "dec": "DOUBLE", "date": "DATE", "bool": "BOOLEAN"}
INT = r"^[+-]?[0-9]+([.,]0*)?$"
DECIMAL = r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00(\.0+)?)?$"
DUTCH_DATE = r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}$"
TRUE = ["true", "1", "ja", "yes", "j", "y", "waar"]
FALSE = ["false", "0", "nee", "no", "n", "onwaar"]
NAME = re.compile(r"^([^_]+)_([0-9]{4})(?:_(.+))?\.(csv|xlsx)$", re.IGNORECASE)


def q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# --- step 1: list the inbox (Python: names, sizes, mtimes, header lines) ------------------------------
def list_inbox(inbox: Path) -> list[dict]:
    found = []
    for folder, dirs, files in os.walk(inbox):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            st = path.lstat()
            found.append({"path": str(path), "rel": str(path.relative_to(inbox)), "size": st.st_size,
                          "mtime_ns": st.st_mtime_ns})
    found.sort(key=lambda f: (f["mtime_ns"], f["rel"]))
    for i, f in enumerate(found, start=1):
        f["delivery_id"] = i
    return found


def name_file(f: dict) -> None:
    """Feed, sender, year and what is wrong with the name (None when it is a valid delivery name)."""
    parts = Path(f["rel"]).parts
    f.update(feed=None, sender=None, year=None, ext=None, refused=None)
    if len(parts) != 2:
        f["refused"] = "file is not in a feed folder"
        return
    feed, name = parts
    f["feed"] = feed
    if feed not in FEEDS:
        f["refused"] = f"unknown feed folder '{feed}'"
        return
    m = NAME.match(name)
    if not m:
        f["refused"] = f"file name '{name}' does not match <sender>_<academic_year>[_<text>].csv|xlsx"
        return
    f["sender"], f["year"], f["ext"] = m[1], int(m[2]), m[4].lower()
    if not YEAR[0] <= f["year"] <= YEAR[1]:
        f["refused"] = f"academic year {f['year']} in the file name is outside {YEAR[0]}-{YEAR[1]}"
    elif not any(re.match(SENDER_PATTERNS[k], f["sender"]) for k in FEEDS[feed]["senders"]):
        f["refused"] = f"sender '{f['sender']}' is not a valid sender for feed '{feed}'"
    elif f["size"] == 0:
        f["refused"] = "empty file (0 bytes)"


def peek_header(f: dict) -> None:
    """The header line of a CSV file: delimiter (the most frequent of , ; tab) and column names."""
    with open(f["path"], "rb") as fh:
        line = fh.readline(65536)
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    text = line.decode("latin-1").rstrip("\r\n")
    counts = {d: text.count(d) for d in ",;\t"}
    delim = max(counts, key=counts.get) if max(counts.values()) else ","
    names = [n.strip().strip('"').strip().lower() for n in text.split(delim)]
    if not any(names):
        f["refused"] = "empty file: no header row"
    f["delim"], f["names"] = delim, names


def check_columns(f: dict) -> None:
    feed = FEEDS[f["feed"]]
    missing = [c["name"] for c in feed["cols"] if c["required"] and c["name"] not in f["names"]]
    if missing:
        f["refused"] = "missing required column" + ("s " if len(missing) > 1 else " ") + \
            ", ".join(f"'{m}'" for m in missing)


# --- the SQL ------------------------------------------------------------------------------------------
def typed_expr(col: dict) -> str:
    t = f"nullif(trim(t.\"{col['name']}\"), '')"
    kind = col["kind"]
    if kind == "int":
        return (f"case when regexp_full_match({t}, {q(INT)}) then "
                f"try_cast(try_cast(replace({t}, ',', '.') as double) as bigint) end")
    if kind == "dec":
        return f"case when regexp_full_match({t}, {q(DECIMAL)}) then try_cast(replace({t}, ',', '.') as double) end"
    if kind == "date":
        return (f"coalesce(case when regexp_full_match({t}, {q(ISO_DATE)}) then try_strptime(left({t}, 10), '%Y-%m-%d')::date end, "
                f"case when regexp_full_match({t}, {q(DUTCH_DATE)}) then try_strptime({t}, '%d-%m-%Y')::date end)")
    if kind == "bool":
        return (f"case when lower({t}) in ({', '.join(map(q, TRUE))}) then true "
                f"when lower({t}) in ({', '.join(map(q, FALSE))}) then false end")
    lower = col.get("lower") or "isin" in col
    return f"lower({t})" if lower else t


PARSE_REASON = {"int": "not a whole number", "dec": "not a number (use a decimal point or comma, no thousands separator)",
                "date": "not a date (YYYY-MM-DD or DD-MM-YYYY)", "bool": "not true or false"}


def rule_exprs(col: dict) -> list[tuple[str, str]]:
    """(condition that is true when the rule is broken, reason) for one typed column; `"x"` is the typed
    value, `"_t_x"` the delivered text."""
    n, raw, out = f"\"{col['name']}\"", f"\"_t_{col['name']}\"", []
    if col["kind"] in PARSE_REASON:
        out.append((f"nullif(trim({raw}), '') is not null and {n} is null", f"{col['name']}: {PARSE_REASON[col['kind']]}"))
    if col["required"]:
        out.append((f"{n} is null", f"{col['name']}: is required"))
    if "re" in col:
        out.append((f"not regexp_full_match({n}, {q(col['re'])})", f"{col['name']}: must match {col['re']}"))
    if "isin" in col:
        out.append((f"{n} not in ({', '.join(map(q, col['isin']))})",
                    f"{col['name']}: must be one of {', '.join(col['isin'])}"))
    if "range" in col:
        lo, hi = col["range"]
        out.append((f"{n} not between {lo} and {hi}", f"{col['name']}: must be between {lo} and {hi}"))
    if "ge" in col:
        out.append((f"{n} < {col['ge']}", f"{col['name']}: must be >= {col['ge']}"))
    if "len" in col:
        lo, hi = col["len"]
        out.append((f"length({n}) not between {lo} and {hi}", f"{col['name']}: must be {lo} to {hi} characters long"))
    return out


def hmac_sql(expr: str) -> str:
    return (f"case when {expr} is not null then "
            f"sha256(getvariable('opad') || unhex(sha256(getvariable('ipad') || ({expr})::blob))) end")


def feed_sql(name: str, spec: dict) -> str:
    """From text_<feed> to typed, validated, pseudonymised rows: checked_<feed> (every row, with the
    reasons it was rejected) and raw.<feed> (the loaded rows of deliveries in force)."""
    cols = spec["cols"]
    typed = ",\n           ".join(f"{typed_expr(c)} as \"{c['name']}\", t.\"{c['name']}\" as \"_t_{c['name']}\""
                                   for c in cols)
    rules = [r for c in cols for r in rule_exprs(c)]
    rules += [(f"not coalesce(({cond}), false)", reason) for reason, cond in spec.get("checks", [])]
    reasons = ",\n               ".join(f"case when {cond} then {q(reason)} end" for cond, reason in rules)
    names = ", ".join(f"\"{c['name']}\"" for c in cols)
    if spec["key"]:
        k = ", ".join(f"\"{c}\"" for c in spec["key"])
        first = f"min(_row_number) filter (where len(_reasons) = 0) over (partition by _delivery_id, {k})"
        final = (f"case when len(_reasons) = 0 and _row_number <> {first} "
                 f"then ['duplicate key ({', '.join(spec['key'])}): first given in row ' || {first}] else _reasons end")
    else:
        final = "_reasons"
    pseudo = {c["name"] for c in cols if c.get("pseudo")}
    select_raw = ", ".join(f"{hmac_sql('c.' + chr(34) + c + chr(34))} as \"{c}\"" if c in pseudo else f"c.\"{c}\""
                           for c in (c["name"] for c in cols))
    return f"""
create or replace temp table checked_{name} as
with v as (
    select t._delivery_id, t._row_number,
           {typed}
    from text_{name} as t
), r as (
    select _delivery_id, _row_number, {names},
           list_filter([
               {reasons}
           ], lambda x: x is not null) as _reasons
    from v
)
select * exclude (_reasons), {final} as reasons from r;
create or replace table raw.{name} as
select {select_raw}, c._delivery_id, d.file_name as _file_name, c._row_number, d.sha256 as _file_sha256,
       getvariable('now') as _loaded_at
from checked_{name} as c join files as d on d.delivery_id = c._delivery_id
where len(c.reasons) = 0 and d.status = 'loaded';
insert into rejections
select c._delivery_id, {q(name)}, d.file_name, c._row_number, array_to_string(c.reasons, '; ')
from checked_{name} as c join files as d on d.delivery_id = c._delivery_id
where len(c.reasons) > 0;
"""


def reference_in_force(feed: str, keys: list[str]) -> str:
    part = ", ".join(f"r.\"{k}\"" for k in keys)
    return f"""(select * exclude (_rank) from (
        select r.*, row_number() over (partition by {part}
               order by case when d.sender = 'NL' then 1 else 0 end, r._loaded_at desc, r._delivery_id desc,
                        r._row_number desc) as _rank
        from raw.{feed} as r join files as d on d.delivery_id = r._delivery_id) where _rank = 1)"""


def ratio(num: str, den: str) -> str:
    return f"(({num})::double / nullif({den}, 0))"


def suppress(expr: str, den: str, thr: str) -> str:
    return f"case when {den} < {thr} then null else {expr} end"


def is_suppressed(den: str, thr: str) -> str:
    return f"coalesce({den}, 0) < {thr}"


OUTCOME_COUNTS = """count(*) as cohort_size,
    count(*) filter (where status = 'graduated') as graduated,
    count(*) filter (where status = 'enrolled_same') as enrolled_same,
    count(*) filter (where status = 'switched') as switched,
    count(*) filter (where status = 'dropped_out') as dropped_out"""
OUTCOME_RATES = (f"{ratio('dropped_out', 'cohort_size')} as dropout_rate, {ratio('switched', 'cohort_size')} as switch_rate, "
                 f"{ratio('graduated', 'cohort_size')} as graduation_rate, "
                 f"{ratio('graduated + enrolled_same + switched', 'cohort_size')} as retention_rate")


def suppressed_outcomes(thr: str) -> str:
    cols = ["cohort_size", "graduated", "enrolled_same", "switched", "dropped_out", "dropout_rate", "switch_rate",
            "graduation_rate", "retention_rate"]
    return ", ".join(f"{suppress(c, 'cohort_size', thr)} as {c}" for c in cols) + \
        f", {is_suppressed('cohort_size', thr)} as suppressed"


def marts_sql() -> str:
    """A port of dbt_project/models (staging -> intermediate -> private -> marts, ops)."""
    thr = "n.small_cell_threshold"
    kpis = [("dropout_rate_h1", "k_dropout", "sum(dropped_out)::double", "sum(cohort_size)"),
            ("cost_per_supervised_student", "k_costs", "sum(supervision_cost_eur)", "sum(supervised_students)"),
            ("students_unplaced", "k_requests",
             "(count(distinct student_key) - count(distinct student_key) filter (where placed))::double",
             "count(distinct student_key)"),
            ("inflow_rate_havo", "k_havo", "sum(entered_teacher_training)::double", "sum(graduates)")]
    scoped = "\n    union all\n    ".join(
        f"select {scope} as scope_code, '{scope[:-5]}' as scope_type, '{kpi}' as kpi, academic_year, "
        f"{num} as numerator, {den} as people from {base} where {scope} is not null and {scope} <> 'onbekend' group by all"
        for kpi, base, num, den in kpis for scope in ("region_code", "partnership_code"))
    national = "\n    union all\n    ".join(
        f"select '{kpi}' as kpi, academic_year, {num} as numerator, {den} as people from {base} group by all"
        for kpi, base, num, den in kpis)
    return f"""
-- staging: reference data in force, with the shipped defaults
create or replace temp table stg_regions as {reference_in_force('regions', ['region_code'])};
create or replace temp table stg_partnerships as {reference_in_force('partnerships', ['partnership_code'])};
create or replace temp table stg_schools as {reference_in_force('schools', ['school_code'])};
create or replace temp table stg_institutions as {reference_in_force('institutions', ['institution_code'])};
create or replace temp table stg_kpi_targets as {reference_in_force('kpi_targets', ['scope_code', 'kpi', 'academic_year'])};
create or replace temp table delivered_subjects as {reference_in_force('subjects', ['subject'])};
create or replace temp table stg_subjects as
select subject, shortage_subject, surplus_subject from delivered_subjects
union all
select subject, shortage_subject, surplus_subject from default_subjects
where subject not in (select subject from delivered_subjects);
create or replace temp table delivered_norms as {reference_in_force('norms', ['norm', 'academic_year'])};
create or replace temp table stg_norms as
select d.norm, y.academic_year, coalesce(n.value, d.value) as value
from default_norms as d cross join (select unnest(range(2000, 2101)) as academic_year) as y
left join delivered_norms as n on n.norm = d.norm and n.academic_year = y.academic_year;
create or replace temp table int_norms_by_year as
select academic_year,
    {', '.join(f"max(value) filter (where norm = '{n}') as {n}" for n in NORMS)}
from stg_norms group by academic_year;

-- intermediate: codes resolved; rows naming an unknown code stay out of the marts
create or replace temp table int_partnerships as
select p.partnership_code, p.partnership_name, p.region_code, r.region_name, p._delivery_id, p._file_name, p._row_number,
       list_filter([case when r.region_code is null then 'unknown region ' || p.region_code end], lambda x: x is not null) as unknown_codes
from stg_partnerships as p left join stg_regions as r on r.region_code = p.region_code;
create or replace temp table int_schools as
select s.* exclude (_loaded_at, _file_sha256),
       list_filter([case when s.partnership_code is not null and p.partnership_code is null then 'unknown partnership ' || s.partnership_code end,
                    case when r.region_code is null then 'unknown region ' || s.region_code end], lambda x: x is not null) as unknown_codes
from stg_schools as s left join stg_partnerships as p on p.partnership_code = s.partnership_code
left join stg_regions as r on r.region_code = s.region_code;
create or replace temp table int_enrolments_checked as
select e.*, p.region_code, i.institution_type, sub.shortage_subject,
       list_filter([
           case when len(p.unknown_codes) > 0 then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           case when i.institution_code is null then 'unknown institution ' || e.institution_code end,
           case when e.partnership_code is not null and p.partnership_code is null then 'unknown partnership ' || e.partnership_code end,
           case when e.subject is not null and sub.subject is null then 'unknown subject ' || e.subject end
       ], lambda x: x is not null) as unknown_codes
from raw.enrolments as e
left join stg_institutions as i on i.institution_code = e.institution_code
left join int_partnerships as p on p.partnership_code = e.partnership_code
left join stg_subjects as sub on sub.subject = e.subject;
create or replace temp view int_enrolments as select * exclude (unknown_codes) from int_enrolments_checked where len(unknown_codes) = 0;
create or replace temp table int_placements_checked as
select pl.* replace (coalesce(pl.supervision_model, 'individueel') as supervision_model), p.region_code,
       list_filter([
           case when len(p.unknown_codes) > 0 then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
           case when i.institution_code is null then 'unknown institution ' || pl.institution_code end,
           case when p.partnership_code is null then 'unknown partnership ' || pl.partnership_code end,
           case when pl.school_code is not null and s.school_code is null then 'unknown school ' || pl.school_code end,
           case when pl.subject is not null and sub.subject is null then 'unknown subject ' || pl.subject end
       ], lambda x: x is not null) as unknown_codes
from raw.placements as pl
left join stg_institutions as i on i.institution_code = pl.institution_code
left join int_partnerships as p on p.partnership_code = pl.partnership_code
left join stg_schools as s on s.school_code = pl.school_code
left join stg_subjects as sub on sub.subject = pl.subject;
create or replace temp view int_placements as select * exclude (unknown_codes) from int_placements_checked where len(unknown_codes) = 0;
create or replace temp table int_capacity_checked as
select c.*, s.region_code, s.partnership_code,
       list_filter([case when s.school_code is null then 'unknown school ' || c.school_code end,
                    case when c.subject is not null and sub.subject is null then 'unknown subject ' || c.subject end],
                   lambda x: x is not null) as unknown_codes
from raw.capacity as c left join stg_schools as s on s.school_code = c.school_code
left join stg_subjects as sub on sub.subject = c.subject;
create or replace temp view int_capacity as select * exclude (unknown_codes) from int_capacity_checked where len(unknown_codes) = 0;
create or replace temp table int_costs_checked as
select c.*,
       coalesce(s.partnership_code, case when c.school_code is null then c.partnership_code end) as cost_partnership_code,
       p.region_code,
       coalesce(c.amount_eur, c.hours * case when c.school_code is null then n.hourly_cost_eur_partnership
           when s.sector = 'po' then n.hourly_cost_eur_po when s.sector = 'vo' then n.hourly_cost_eur_vo
           when s.sector = 'mbo' then n.hourly_cost_eur_mbo end) as cost_eur,
       list_filter([
           case when c.school_code is not null and s.school_code is null then 'unknown school ' || c.school_code end,
           case when c.school_code is null and p.partnership_code is null then 'unknown partnership ' || c.partnership_code end,
           case when s.school_code is not null and s.partnership_code is null then 'school ' || c.school_code || ' belongs to no partnership' end,
           case when s.partnership_code is not null and p.partnership_code is null then 'unknown partnership ' || s.partnership_code || ' (of school ' || c.school_code || ')' end,
           case when len(p.unknown_codes) > 0 then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end
       ], lambda x: x is not null) as unknown_codes
from raw.costs as c
left join stg_schools as s on s.school_code = c.school_code
left join int_partnerships as p on p.partnership_code = coalesce(s.partnership_code, case when c.school_code is null then c.partnership_code end)
left join int_norms_by_year as n on n.academic_year = c.academic_year;
create or replace temp view int_costs as select * exclude (unknown_codes) from int_costs_checked where len(unknown_codes) = 0;
create or replace temp table int_funding_checked as
select f.*, p.region_code,
       list_filter([case when len(p.unknown_codes) > 0 then array_to_string(p.unknown_codes, ', ') || ' (of partnership ' || p.partnership_code || ')' end,
                    case when p.partnership_code is null then 'unknown partnership ' || f.partnership_code end], lambda x: x is not null) as unknown_codes
from raw.funding as f left join int_partnerships as p on p.partnership_code = f.partnership_code;
create or replace temp view int_funding as select * exclude (unknown_codes) from int_funding_checked where len(unknown_codes) = 0;
create or replace temp table int_vo_outflow_checked as
with ranked as (
    select o.*, d.sender,
           row_number() over (partition by o.school_code, o.exam_year, o.track
               order by case when d.sender = o.school_code then 0 when d.sender = 'DUO' then 2 else 1 end,
                        o._loaded_at desc, o._delivery_id desc, o._row_number desc) as _rank
    from raw.vo_outflow as o join files as d on d.delivery_id = o._delivery_id
)
select r.* exclude (_rank), s.region_code, s.partnership_code,
       list_filter([case when s.school_code is null then 'unknown school ' || r.school_code end,
                    case when r._rank > 1 then 'superseded by another delivery for the same school, exam year and track' end],
                   lambda x: x is not null) as unknown_codes
from ranked as r left join stg_schools as s on s.school_code = r.school_code;
create or replace temp view int_vo_outflow as select * exclude (unknown_codes) from int_vo_outflow_checked where len(unknown_codes) = 0;

-- cohorts and their status at every observed horizon
create or replace temp table int_cohort_members as
select student_key, programme_code, academic_year as cohort_year, programme_type, study_mode,
       coalesce(partnership_code, 'onbekend') as partnership_code, coalesce(region_code, 'onbekend') as region_code,
       institution_code, institution_type, degree_level, route, prior_education,
       case when subject is null then 'geen_vak' else cast(coalesce(shortage_subject, false) as varchar) end as shortage_subject
from int_enrolments where year_of_study = 1;
create or replace temp table int_cohort_outcomes as
with enrolments as (select student_key, programme_code, academic_year, exit_type, exit_date from int_enrolments),
last_observed as (select max(academic_year) as academic_year from enrolments),
member_horizons as (
    select m.student_key, m.programme_code, m.cohort_year, h.horizon_years,
           make_date(m.cohort_year + h.horizon_years, 10, 1) as peildatum
    from int_cohort_members as m cross join (select unnest(range(1, 7)) as horizon_years) as h
    cross join last_observed as l where m.cohort_year + h.horizon_years <= l.academic_year
),
evidence as (
    select mh.student_key, mh.programme_code, mh.cohort_year, mh.horizon_years,
           bool_or(e.exit_type = 'diploma' and e.academic_year >= mh.cohort_year and e.exit_date < mh.peildatum) as has_diploma,
           bool_or(e.academic_year = mh.cohort_year + mh.horizon_years and e.programme_code = mh.programme_code) as in_same_programme,
           bool_or(e.academic_year = mh.cohort_year + mh.horizon_years) as in_any_programme
    from member_horizons as mh join enrolments as e on e.student_key = mh.student_key
    group by all
)
select m.*, ev.horizon_years,
       case when ev.has_diploma then 'graduated' when ev.in_same_programme then 'enrolled_same'
            when ev.in_any_programme then 'switched' else 'dropped_out' end as status
from evidence as ev join int_cohort_members as m
  on m.student_key = ev.student_key and m.programme_code = ev.programme_code and m.cohort_year = ev.cohort_year;
create or replace temp table int_placement_demand as
select region_code, academic_year, sector, subject, student_key, bool_or(status = 'geplaatst') as placed
from int_placements where status <> 'geannuleerd' group by all;

-- private: the unsuppressed detail
create or replace table private.dropout_cohort_detail as
with cells as (
    select region_code, partnership_code, programme_type, study_mode, cohort_year, horizon_years, {OUTCOME_COUNTS}
    from int_cohort_outcomes group by all
),
national as (
    select programme_type, study_mode, cohort_year, horizon_years,
           {ratio("count(*) filter (where status = 'dropped_out')", 'count(*)')} as national_dropout_rate
    from int_cohort_outcomes group by all
)
select c.*, {OUTCOME_RATES}, n.national_dropout_rate
from cells as c join national as n using (programme_type, study_mode, cohort_year, horizon_years);
create or replace table private.dropout_by_group_detail as
with members as (
    select region_code, cohort_year, student_key, status, programme_type, institution_type, degree_level, study_mode,
           route, prior_education, shortage_subject
    from int_cohort_outcomes where horizon_years = 1
),
long as (
    unpivot members on programme_type, institution_type, degree_level, study_mode, route, prior_education, shortage_subject
    into name dimension value dimension_value
),
cells as (select region_code, cohort_year, dimension, dimension_value, {OUTCOME_COUNTS} from long group by all),
national as (
    select cohort_year, dimension, dimension_value,
           {ratio("count(*) filter (where status = 'dropped_out')", 'count(*)')} as national_dropout_rate
    from long group by all
)
select c.*, 1 as horizon_years, {OUTCOME_RATES}, n.national_dropout_rate
from cells as c join national as n using (cohort_year, dimension, dimension_value);
create or replace table private.cost_per_supervised_student_detail as
with supervised as (
    select partnership_code, academic_year, count(distinct student_key) as supervised_students
    from int_placements where status = 'geplaatst' group by all
),
costs as (
    select cost_partnership_code as partnership_code, academic_year,
           sum(cost_eur) filter (where cost_category <> 'stagevergoeding') as supervision_cost_eur,
           sum(cost_eur) filter (where cost_category = 'stagevergoeding') as internship_allowance_eur,
           sum(hours) filter (where cost_category in ('werkplekbegeleiding', 'schoolopleider', 'instituutsopleider')) as supervision_hours
    from int_costs group by all
),
subsidy as (
    select partnership_code, academic_year, sum(amount_eur) as subsidy_eur
    from int_funding where funding_source = 'onderwijsregio_subsidie' group by all
),
grain as (
    select partnership_code, academic_year from supervised
    union select partnership_code, academic_year from costs
    union select partnership_code, academic_year from subsidy
),
amounts as (
    select p.region_code, g.partnership_code, g.academic_year,
           coalesce(s.supervised_students, 0) as supervised_students,
           coalesce(c.supervision_cost_eur, 0) as supervision_cost_eur,
           coalesce(c.internship_allowance_eur, 0) as internship_allowance_eur,
           coalesce(sub.subsidy_eur, 0) as subsidy_eur,
           coalesce(c.supervision_hours, 0) / n.annual_hours_per_fte as supervision_fte,
           n.supervision_fte_per_student as fte_norm_per_student,
           n.subsidy_per_supervised_student_eur as subsidy_norm_per_student_eur,
           n.small_cell_threshold
    from grain as g
    join int_partnerships as p on p.partnership_code = g.partnership_code
    join int_norms_by_year as n on n.academic_year = g.academic_year
    left join supervised as s on s.partnership_code = g.partnership_code and s.academic_year = g.academic_year
    left join costs as c on c.partnership_code = g.partnership_code and c.academic_year = g.academic_year
    left join subsidy as sub on sub.partnership_code = g.partnership_code and sub.academic_year = g.academic_year
)
select *, {ratio('supervision_cost_eur', 'supervised_students')} as cost_per_supervised_student,
       {ratio('subsidy_eur', 'supervised_students')} as subsidy_per_supervised_student,
       {ratio('supervision_cost_eur - subsidy_eur', 'supervised_students')} as funding_gap_per_student,
       {ratio('supervision_fte', 'supervised_students')} as fte_per_supervised_student
from amounts;
create or replace table private.feeder_schools_detail as
with outflow as (
    select o.school_code, o.exam_year, o.track, o.region_code, o.partnership_code, o.graduates, o.entered_teacher_training,
           {ratio('o.entered_teacher_training', 'o.graduates')} as inflow_rate, n.small_cell_threshold,
           o.graduates >= n.small_cell_threshold as ranked
    from int_vo_outflow as o join int_norms_by_year as n on n.academic_year = o.exam_year
),
national as (
    select exam_year, track, {ratio('sum(entered_teacher_training)', 'sum(graduates)')} as national_inflow_rate
    from outflow group by all
),
percentiles as (
    select school_code, exam_year, track,
           100.0 * percent_rank() over (partition by exam_year, track order by inflow_rate) as percentile
    from outflow where ranked
),
banded as (
    select o.*, n.national_inflow_rate, p.percentile,
           case when p.percentile is null then null when p.percentile < 15 then 'laag'
                when p.percentile > 85 then 'hoog' else 'midden' end as band
    from outflow as o join national as n using (exam_year, track)
    left join percentiles as p using (school_code, exam_year, track)
)
select b.*,
       (select count(*) from banded as e where e.school_code = b.school_code and e.track = b.track
          and e.exam_year between b.exam_year - 3 and b.exam_year and e.band = 'laag') >= 3 as persistently_low
from banded as b;

-- marts: small cells suppressed
create or replace table marts.dropout_cohort as
select d.region_code, d.partnership_code, d.programme_type, d.study_mode, d.cohort_year, d.horizon_years,
       {suppressed_outcomes(thr)}, d.national_dropout_rate
from private.dropout_cohort_detail as d join int_norms_by_year as n on n.academic_year = d.cohort_year;
create or replace table marts.dropout_by_group as
select d.region_code, d.cohort_year, d.dimension, d.dimension_value, d.horizon_years,
       {suppressed_outcomes(thr)}, d.national_dropout_rate
from private.dropout_by_group_detail as d join int_norms_by_year as n on n.academic_year = d.cohort_year;
create or replace table marts.cost_per_supervised_student as
select region_code, partnership_code, academic_year,
       {suppress('supervised_students', 'supervised_students', 'small_cell_threshold')} as supervised_students,
       supervision_cost_eur, internship_allowance_eur,
       {suppress('cost_per_supervised_student', 'supervised_students', 'small_cell_threshold')} as cost_per_supervised_student,
       subsidy_eur,
       {suppress('subsidy_per_supervised_student', 'supervised_students', 'small_cell_threshold')} as subsidy_per_supervised_student,
       {suppress('funding_gap_per_student', 'supervised_students', 'small_cell_threshold')} as funding_gap_per_student,
       supervision_fte,
       {suppress('fte_per_supervised_student', 'supervised_students', 'small_cell_threshold')} as fte_per_supervised_student,
       fte_norm_per_student, subsidy_norm_per_student_eur,
       {is_suppressed('supervised_students', 'small_cell_threshold')} as suppressed
from private.cost_per_supervised_student_detail;
create or replace table marts.capacity_region as
with supply as (
    select region_code, academic_year, sector, sum(places_offered) as places_offered,
           sum(supervision_fte_available) as supervision_fte_available
    from int_capacity group by all
),
demand as (
    select region_code, academic_year, sector, count(distinct student_key) as placement_requests,
           count(distinct student_key) filter (where placed) as students_placed
    from int_placement_demand group by all
),
joined as (
    select region_code, academic_year, sector, coalesce(s.places_offered, 0) as places_offered,
           coalesce(d.placement_requests, 0) as placement_requests, coalesce(d.students_placed, 0) as students_placed,
           coalesce(s.supervision_fte_available, 0) as supervision_fte_available,
           coalesce(d.students_placed, 0) * n.supervision_fte_per_student as supervision_fte_required
    from supply as s full outer join demand as d using (region_code, academic_year, sector)
    join int_norms_by_year as n using (academic_year)
)
select region_code, academic_year, sector, places_offered, placement_requests, students_placed,
       placement_requests - students_placed as students_unplaced,
       {ratio('students_placed', 'places_offered')} as place_utilisation,
       {ratio('placement_requests', 'places_offered')} as demand_ratio,
       supervision_fte_available, supervision_fte_required,
       supervision_fte_required - supervision_fte_available as supervisor_fte_gap,
       case when placement_requests > places_offered and supervision_fte_required > supervision_fte_available then 'beide'
            when placement_requests > places_offered then 'leerwerkplekken'
            when supervision_fte_required > supervision_fte_available then 'begeleiders' else 'geen' end as scarcity_type
from joined;
create or replace table marts.capacity_subject as
with supply as (
    select region_code, academic_year, subject, sum(places_offered) as places_offered
    from int_capacity where sector in ('vo', 'mbo') and subject is not null group by all
),
demand as (
    select region_code, academic_year, subject, count(distinct student_key) as placement_requests,
           count(distinct student_key) filter (where placed) as students_placed
    from int_placement_demand where sector in ('vo', 'mbo') and subject is not null group by all
)
select region_code, academic_year, subject, coalesce(s.places_offered, 0) as places_offered,
       coalesce(d.placement_requests, 0) as placement_requests, coalesce(d.students_placed, 0) as students_placed,
       coalesce(d.placement_requests, 0) - coalesce(d.students_placed, 0) as students_unplaced,
       {ratio('coalesce(d.placement_requests, 0)', 's.places_offered')} as demand_ratio,
       sub.shortage_subject, sub.surplus_subject
from supply as s full outer join demand as d using (region_code, academic_year, subject)
left join stg_subjects as sub using (subject);
create or replace table marts.feeder_schools as
select school_code, exam_year, track, region_code,
       {suppress('graduates', 'graduates', 'small_cell_threshold')} as graduates,
       {suppress('entered_teacher_training', 'graduates', 'small_cell_threshold')} as entered_teacher_training,
       {suppress('inflow_rate', 'graduates', 'small_cell_threshold')} as inflow_rate,
       national_inflow_rate,
       {suppress('percentile', 'graduates', 'small_cell_threshold')} as percentile,
       {suppress('band', 'graduates', 'small_cell_threshold')} as band,
       persistently_low,
       {is_suppressed('graduates', 'small_cell_threshold')} as suppressed
from private.feeder_schools_detail;
create or replace temp view k_dropout as
select region_code, partnership_code, cohort_year as academic_year, dropped_out, cohort_size
from private.dropout_cohort_detail where horizon_years = 1;
create or replace temp view k_costs as
select region_code, partnership_code, academic_year, supervision_cost_eur, supervised_students
from private.cost_per_supervised_student_detail;
create or replace temp view k_requests as
select region_code, partnership_code, academic_year, student_key, bool_or(status = 'geplaatst') as placed
from int_placements where status <> 'geannuleerd' group by all;
create or replace temp view k_havo as
select region_code, partnership_code, exam_year as academic_year, entered_teacher_training, graduates
from private.feeder_schools_detail where track = 'havo';
create or replace table marts.kpi_scorecard as
with scoped as (
    {scoped}
),
national as (
    {national}
),
valued as (
    select s.scope_code, s.scope_type, s.kpi, s.academic_year, s.people,
           case when s.kpi = 'students_unplaced' then s.numerator else {ratio('s.numerator', 's.people')} end as value,
           case when n.kpi = 'students_unplaced' then n.numerator else {ratio('n.numerator', 'n.people')} end as national_value
    from scoped as s left join national as n using (kpi, academic_year)
),
targets as (select scope_code, kpi, academic_year, target_value, direction from stg_kpi_targets),
joined as (
    select scope_code, kpi, academic_year,
           coalesce(v.scope_type, case when r.region_code is not null then 'region' else 'partnership' end) as scope_type,
           v.people, v.value, v.national_value, t.target_value, t.direction
    from valued as v full outer join targets as t using (scope_code, kpi, academic_year)
    left join stg_regions as r on r.region_code = scope_code
)
select j.scope_code, j.scope_type, j.kpi, j.academic_year,
       {suppress('j.value', 'j.people', thr)} as value,
       j.target_value, j.direction, j.national_value,
       case when j.people < {thr} or j.value is null then null
            when j.target_value is null then 'geen_doel'
            when j.direction = 'lower_is_better' and j.value <= j.target_value then 'op_koers'
            when j.direction = 'higher_is_better' and j.value >= j.target_value then 'op_koers'
            else 'niet_op_koers' end as status,
       coalesce(j.people < {thr}, false) as suppressed   -- no observations yet: nothing to hide
from joined as j join int_norms_by_year as n on n.academic_year = j.academic_year;

-- ops: every file and every row that does not count
create or replace table ops.deliveries as select * from files_out;
create or replace table ops.rejected_rows as
select r.feed, r.file_name, r.row_number, r.reason, r.delivery_id, 'ingest' as stage
from rejections as r join files as d on d.delivery_id = r.delivery_id where d.status <> 'replaced'
{''.join(f'''union all
select '{feed}', _file_name, _row_number, array_to_string(unknown_codes, '; '), _delivery_id, 'build'
from int_{feed}_checked where len(unknown_codes) > 0
''' for feed in ('enrolments', 'placements', 'capacity', 'costs', 'funding', 'vo_outflow'))}union all
select 'partnerships', _file_name, _row_number, array_to_string(unknown_codes, '; '), _delivery_id, 'build'
from int_partnerships where len(unknown_codes) > 0 and _delivery_id is not null
union all
select 'schools', _file_name, _row_number, array_to_string(unknown_codes, '; '), _delivery_id, 'build'
from int_schools where len(unknown_codes) > 0;
"""


# --- audits: the platform's gates as plain SQL -----------------------------------------------------------
OUTCOMES = ["cohort_size", "graduated", "enrolled_same", "switched", "dropped_out"]
RATES = ["dropout_rate", "switch_rate", "graduation_rate", "retention_rate"]
AUDITS = {
    "dropout_cohort": dict(grain=["region_code", "partnership_code", "programme_type", "study_mode", "cohort_year", "horizon_years"],
                           rates=RATES + ["national_dropout_rate"], nonneg=OUTCOMES, bounded={"horizon_years": (1, 6)},
                           den="cohort_size", people=OUTCOMES + RATES,
                           national=("national_dropout_rate", "dropout_rate", ["programme_type", "study_mode", "cohort_year", "horizon_years"], "dropout_cohort_detail")),
    "dropout_by_group": dict(grain=["region_code", "cohort_year", "dimension", "dimension_value"], rates=RATES + ["national_dropout_rate"],
                             nonneg=OUTCOMES, den="cohort_size", people=OUTCOMES + RATES,
                             national=("national_dropout_rate", "dropout_rate", ["cohort_year", "dimension", "dimension_value"], "dropout_by_group_detail")),
    "cost_per_supervised_student": dict(grain=["region_code", "partnership_code", "academic_year"],
                                        nonneg=["supervised_students", "supervision_cost_eur", "internship_allowance_eur", "subsidy_eur",
                                                "supervision_fte", "cost_per_supervised_student", "subsidy_per_supervised_student",
                                                "fte_per_supervised_student"],
                                        den="supervised_students",
                                        people=["supervised_students", "cost_per_supervised_student", "subsidy_per_supervised_student",
                                                "funding_gap_per_student", "fte_per_supervised_student"]),
    "capacity_region": dict(grain=["region_code", "academic_year", "sector"],
                            nonneg=["places_offered", "placement_requests", "students_placed", "students_unplaced", "place_utilisation",
                                    "demand_ratio", "supervision_fte_available", "supervision_fte_required"]),
    "capacity_subject": dict(grain=["region_code", "academic_year", "subject"],
                             nonneg=["places_offered", "placement_requests", "students_placed", "students_unplaced", "demand_ratio"]),
    "feeder_schools": dict(grain=["school_code", "exam_year", "track"], rates=["inflow_rate", "national_inflow_rate"],
                           nonneg=["graduates", "entered_teacher_training"], bounded={"percentile": (0, 100)}, den="graduates",
                           people=["graduates", "entered_teacher_training", "inflow_rate", "percentile", "band"],
                           national=("national_inflow_rate", "inflow_rate", ["exam_year", "track"], "feeder_schools_detail")),
    "kpi_scorecard": dict(grain=["scope_code", "kpi", "academic_year"]),
}


def audit_queries() -> list[tuple[str, str]]:
    """(name, query returning the number of offending rows)."""
    out = [("rows_balance", "select count(*) from ops.deliveries where rows_received <> rows_loaded + rows_rejected")]
    for mart, a in AUDITS.items():
        g = ", ".join(a["grain"])
        out.append((f"{mart}: grain_unique", f"select count(*) from (select {g} from marts.{mart} group by all having count(*) > 1)"))
        out.append((f"{mart}: grain not null", f"select count(*) from marts.{mart} where " + " or ".join(f"{c} is null" for c in a["grain"])))
        for c in a.get("rates", []):
            out.append((f"{mart}: {c} in [0, 1]", f"select count(*) from marts.{mart} where {c} not between 0 and 1"))
        for c in a.get("nonneg", []):
            out.append((f"{mart}: {c} >= 0", f"select count(*) from marts.{mart} where {c} < 0"))
        for c, (lo, hi) in a.get("bounded", {}).items():
            out.append((f"{mart}: {c} in [{lo}, {hi}]", f"select count(*) from marts.{mart} where {c} not between {lo} and {hi}"))
        if a.get("den"):
            d = a["den"]
            out.append((f"{mart}: suppression_consistent", f"""
                select count(*) from marts.{mart}
                where (suppressed and not ({' and '.join(f'{c} is null' for c in a['people'])}))
                   or (not suppressed and ({d} is null or {d} < (select min(small_cell_threshold) from int_norms_by_year)))"""))
        if a.get("national"):
            nat, rate, group, detail = a["national"]
            gg = ", ".join(group)
            out.append((f"{mart}: national_between_extremes", f"""
                with e as (select {gg}, min({rate}) - 1e-9 as lo, max({rate}) + 1e-9 as hi
                           from private.{detail} where {rate} is not null group by all)
                select count(*) from (select distinct {', '.join('m.' + x for x in group)}, m.{nat} as national, e.lo, e.hi
                                      from marts.{mart} as m join e using ({gg}))
                where national < lo or national > hi"""))
    return out


# --- the run ----------------------------------------------------------------------------------------------
class Steps:
    """Wall-clock time per step, printed as it goes."""

    def __init__(self, quiet: bool = False):
        self.t0 = self.last = time.monotonic()
        self.steps: dict[str, float] = {}
        self.quiet = quiet

    def __call__(self, name: str, note: str = "") -> None:
        now = time.monotonic()
        took = now - self.last
        self.steps[name] = self.steps.get(name, 0.0) + took
        self.last = now
        if not self.quiet:
            print(f"  [{now - self.t0:6.2f}s] {name}: {took:.2f}s {note}", file=sys.stderr, flush=True)


SMALL_FILE_BYTES = 16_384     # below this average size, splitting in SQL beats read_csv's per-file set-up
FIELD = {",": r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', ";": r'(?:^|;)("(?:[^"]|"")*"|[^;]*)',
         "\t": '(?:^|\t)("(?:[^"]|"")*"|[^\t]*)'}


def read_as_text(con, feed: str, delim: str, names: list[str], contract: set[str], paths: list[str]) -> list[str]:
    """Read UTF-8 CSV files of one header as text and split them in SQL: lines (CRLF or LF; blank
    lines are not rows), fields (quoted fields with the delimiter or doubled quotes inside), trailing
    empty fields tolerated, any other field count rejected. Returns the files that must go through
    read_csv instead: those with a quoted field spanning lines (an odd number of quotes on a line)."""
    width = len(names)
    con.execute(r"""
        create or replace temp table text_lines as
        with f as (select filename, string_split(content, chr(10)) as lines from read_text(?)),
        l as (select filename, unnest(lines) as line, generate_subscripts(lines, 1) as n from f)
        select filename, rtrim(line, chr(13)) as line,
               row_number() over (partition by filename order by n) as _row
        from l where n > 1 and trim(rtrim(line, chr(13))) <> ''""", [paths])
    multiline = [r[0] for r in con.execute(
        """select distinct filename from text_lines
           where contains(line, '"') and (length(line) - length(replace(line, '"', ''))) % 2 = 1""").fetchall()]
    unquote = """list_transform(f, lambda x: case when x like '"%"' and length(x) >= 2
                                                then replace(x[2:-2], '""', '"') else x end)"""
    con.execute(f"""
        create or replace temp table text_split as
        with s as (
            select filename, _row,
                   case when contains(line, '"') then {unquote.replace('(f,', f'(regexp_extract_all(line, {q(FIELD[delim])}, 1),')}
                        else string_split(line, {q(delim)}) end as fields
            from text_lines where filename not in (select unnest(?::varchar[]))
        )
        select filename, _row,
               case when len(fields) > {width} and trim(array_to_string(fields[{width + 1}:], '')) = ''
                    then fields[1:{width}] else fields end as fields
        from s""", [multiline])
    picks = ", ".join(f'fields[{i + 1}] as "{n}"' for i, n in enumerate(names) if n in contract)
    con.execute(f"""insert into text_{feed} by name
                    select {picks}, filename as _read_path, _row from text_split where len(fields) = {width}""")
    con.execute(f"""
        insert into rejections
        select p.delivery_id, d.feed, d.file_name, t._row,
               'row has ' || len(t.fields) || ' fields, the header has {width}'
        from text_split as t join path_ids as p on p.read_path = t.filename join files as d on d.delivery_id = p.delivery_id
        where len(t.fields) <> {width}""")
    con.execute("drop table text_lines; drop table text_split")
    return multiline


def hmac_pads(secret: bytes) -> tuple[bytes, bytes]:
    key = hashlib.sha256(secret).digest() if len(secret) > 64 else secret
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x5C for b in key), bytes(b ^ 0x36 for b in key)


def run(inbox: Path, out: Path, secret: bytes, quiet: bool = False, seeds: Path = SEEDS) -> dict:
    step = Steps(quiet)
    out.unlink(missing_ok=True)
    Path(str(out) + ".wal").unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    opad, ipad = hmac_pads(secret)
    con.execute("set variable opad = ?::blob", [opad])
    con.execute("set variable ipad = ?::blob", [ipad])
    con.execute("set variable now = localtimestamp::timestamp(0)")
    for schema in ("raw", "private", "marts", "ops"):
        con.execute(f"create schema if not exists {schema}")

    # 1. list, name, peek at headers
    files = list_inbox(inbox)
    for f in files:
        name_file(f)
        f["encoding"], f["read_path"] = None, f["path"]
    csvs = [f for f in files if not f["refused"] and f["ext"] == "csv"]
    for f in csvs:
        peek_header(f)
    step("list inbox, names, header lines", f"({len(files)} files)")

    # 2. bytes: SHA-256 of every file and whether a CSV is valid UTF-8 (DuckDB reads each file once)
    con.execute("create or replace temp table listing (delivery_id bigint, path varchar)")
    con.execute("insert into listing select * from (select unnest(?::bigint[]), unnest(?::varchar[]))",
                    [[f["delivery_id"] for f in files], [f["path"] for f in files]])
    blobs = con.execute("""
        select l.delivery_id, sha256(b.content), try(decode(b.content)) is not null,
        from read_blob(?) as b join listing as l on l.path = b.filename""", [[f["path"] for f in files]]).fetchall()
    info = {i: (sha, utf8) for i, sha, utf8 in blobs}
    c1_files = 0
    for f in files:
        f["sha256"], utf8 = info[f["delivery_id"]]
        if f["ext"] == "csv" and not f["refused"]:
            f["encoding"] = "utf-8" if utf8 else "latin-1"
    latin1 = [f["path"] for f in csvs if f["encoding"] == "latin-1"]
    if latin1:      # Windows-1252 and Latin-1 differ only in bytes 0x80-0x9F: count files that hold any
        c1_files = con.execute(r"""select count(*) from read_blob(?)
                                  where regexp_matches(content::varchar, '\\x[89][0-9A-Fa-f]')""", [latin1]).fetchone()[0]
    step("hash files, detect encodings", f"({len(latin1)} not UTF-8)")

    # 3. XLSX
    xlsx = [f for f in files if not f["refused"] and f["ext"] == "xlsx"]
    for f in xlsx:      # fastexcel (calamine): one Arrow batch per workbook, every cell as text
        batch = fastexcel.read_excel(f["path"]).load_sheet(0, dtypes="string", eager=True)
        f["names"] = [n.strip().lower() for n in batch.schema.names]
        f["arrow"], f["delim"], f["encoding"] = batch, "xlsx", "arrow"
    step("read XLSX workbooks (fastexcel)", f"({len(xlsx)} workbooks)")

    for f in files:
        if not f["refused"]:
            check_columns(f)

    # 4. deliveries: which file of each key is in force (later replaces earlier; same bytes: duplicate)
    con.execute("""create or replace temp table files (delivery_id bigint, feed varchar, sender varchar, academic_year integer,
        delivery_key varchar, file_name varchar, path varchar, sha256 varchar, size_bytes bigint, refused varchar,
        file_modified_at timestamp)""")
    rows = [(f["delivery_id"], f["feed"], f["sender"], f["year"],
             f"{f['feed']}/{f['sender']}/{f['year']}" if f["sender"] else None,
             Path(f["rel"]).name if f["sender"] else f["rel"], f["rel"], f["sha256"], f["size"], f["refused"],
             f["mtime_ns"] / 1e9) for f in files]
    cols = list(zip(*rows)) if rows else [[] for _ in range(11)]
    con.execute("""insert into files select delivery_id, feed, sender, academic_year, delivery_key, file_name, path, sha256,
                          size_bytes, refused, to_timestamp(mtime)::timestamp from
                   (select unnest(?::bigint[]) as delivery_id, unnest(?::varchar[]) as feed, unnest(?::varchar[]) as sender,
                           unnest(?::integer[]) as academic_year, unnest(?::varchar[]) as delivery_key,
                           unnest(?::varchar[]) as file_name, unnest(?::varchar[]) as path, unnest(?::varchar[]) as sha256,
                           unnest(?::bigint[]) as size_bytes, unnest(?::varchar[]) as refused, unnest(?::double[]) as mtime)""",
                [list(c) for c in cols])
    con.execute("""
        create or replace temp table files as
        with ordered as (
            select *, lag(sha256) over (partition by delivery_key order by delivery_id) as previous_sha
            from files where refused is null
        ), settled as (
            select *, case when sha256 = previous_sha then 'duplicate' else 'loaded' end as status0 from ordered
        ), final as (
            select *, case when status0 = 'duplicate' then 'duplicate'
                           when delivery_id <> max(delivery_id) filter (where status0 = 'loaded') over (partition by delivery_key)
                           then 'replaced' else 'loaded' end as status
            from settled
        )
        select * exclude (previous_sha, status0) from final
        union all by name
        select *, 'refused' as status from files where refused is not null""")
    step("deliveries in force")

    # 5. read every CSV of each feed: one read_csv per (feed, delimiter, encoding, header)
    status = dict(con.execute("select delivery_id, status from files").fetchall())
    groups: dict[tuple, list[dict]] = {}
    for f in files:
        if f["refused"] or status[f["delivery_id"]] == "duplicate":
            continue
        groups.setdefault((f["feed"], f["delim"], f["encoding"], tuple(f["names"])), []).append(f)
    con.execute("create or replace temp table rejections (delivery_id bigint, feed varchar, file_name varchar, "
                "row_number bigint, reason varchar)")
    con.execute("create or replace temp table path_ids (read_path varchar, delivery_id bigint)")
    con.execute("insert into path_ids select unnest(?::varchar[]), unnest(?::bigint[])",
                [[f["read_path"] for f in files], [f["delivery_id"] for f in files]])
    for name, spec in FEEDS.items():
        cols = ", ".join(f"\"{c['name']}\" varchar" for c in spec["cols"])
        con.execute(f"create or replace temp table text_{name} ({cols}, _read_path varchar, _row bigint)")
    # thousands of small files: DuckDB's CSV reader costs ~0.4 ms of set-up per file, and its parallel
    # reader more than it gains on small files (one thread is 1.5-2x faster here). Groups of small
    # UTF-8 files are read as text (read_text) and split in SQL (10x faster for them); large files,
    # files that are not UTF-8 and files with a quoted field spanning lines go through read_csv.
    threads_before = con.execute("select current_setting('threads')").fetchone()[0]
    con.execute("set threads = 1")
    csv_calls = sql_groups = 0
    for (feed, delim, encoding, names), group in sorted(groups.items(), key=lambda kv: kv[0][0]):
        contract = {c["name"] for c in FEEDS[feed]["cols"]}
        if encoding == "arrow":     # workbooks read by fastexcel: one Arrow batch each, all cells as text
            for f in group:
                unique = [n if n and n not in f["names"][:i] else f"_extra_{i}" for i, n in enumerate(f["names"])]
                batch = f["arrow"].rename_columns(unique)
                chosen = [n for n in unique if n in contract]
                blank = " and ".join(f"coalesce(trim(\"{n}\"), '') = ''" for n in unique) or "false"
                con.execute(f"""insert into text_{feed} by name
                                select {', '.join(f'"{n}"' for n in chosen)}, ? as _read_path
                                from batch where not ({blank})""", [f["read_path"]])
                f["arrow"] = None
            continue
        unique = [n if n and n not in names[:i] else f"_extra_{i}" for i, n in enumerate(names)]
        chosen = ", ".join(f"\"{n}\"" for n in unique if n in contract)
        paths = [f["read_path"] for f in group]
        small = sum(f["size"] for f in group) / len(group) < SMALL_FILE_BYTES
        if encoding == "utf-8" and small:
            paths = read_as_text(con, feed, delim, unique, contract, paths)
            sql_groups += 1
            if not paths:
                continue
        csv_calls += 1
        con.execute(f"""
            insert into text_{feed} by name
            select {chosen}, filename as _read_path
            from read_csv(?, delim = {q(delim)}, quote = '"', escape = '"', header = true, all_varchar = true,
                          encoding = {q(encoding)}, filename = true, store_rejects = true,
                          auto_detect = false, columns = {{{', '.join(f'{q(n)}: {q("VARCHAR")}' for n in unique)}}})""",
                    [paths])
    con.execute(f"set threads = {int(threads_before)}")
    # field-count mismatches DuckDB set aside: rejected rows with the reason
    con.execute("""
        insert into rejections
        select p.delivery_id, d.feed, d.file_name, e.line - 1,
               'row has the wrong number of fields (' || e.error_type || ')'
        from reject_errors as e join reject_scans as s on s.scan_id = e.scan_id and s.file_id = e.file_id
        join path_ids as p on p.read_path = s.file_path join files as d on d.delivery_id = p.delivery_id""")
    step("read CSV files", f"({sql_groups} groups split in SQL, {csv_calls} read_csv calls)")
    for name in FEEDS:
        con.execute(f"""
            create or replace temp table text_{name} as
            select t.* exclude (_read_path, _row), p.delivery_id as _delivery_id,
                   coalesce(t._row, row_number() over (partition by p.delivery_id order by t.rowid)) as _row_number
            from text_{name} as t join path_ids as p on p.read_path = t._read_path""")
    n_text = sum(con.execute(f"select count(*) from text_{n}").fetchone()[0] for n in FEEDS)
    step("number rows within files", f"({n_text:,} rows)")

    # 6. type, validate, pseudonymise, keep
    for name, spec in FEEDS.items():
        con.execute(feed_sql(name, spec))
    step("type, validate, pseudonymise (HMAC-SHA256 in SQL), load raw")

    # 7. row accounting per file: rows_received = rows_loaded + rows_rejected; a duplicate repeats the
    #    figures of the delivery it duplicates
    counts = " union all ".join(f"select _delivery_id as delivery_id, count(*) as n, count(*) filter (where len(reasons) = 0) "
                                f"as ok from checked_{n} group by all" for n in FEEDS)
    con.execute(f"""
        create or replace temp table file_counts as
        with c as ({counts}),
        broken as (select delivery_id, count(*) as n from rejections
                   where reason like 'row has %' group by all)
        select f.delivery_id, coalesce(c.n, 0) + coalesce(b.n, 0) as rows_received, coalesce(c.ok, 0) as rows_loaded,
               coalesce(c.n, 0) - coalesce(c.ok, 0) + coalesce(b.n, 0) as rows_rejected
        from files as f left join c using (delivery_id) left join broken as b using (delivery_id)""")
    con.execute("""
        create or replace temp table files_out as
        with source as (   -- the delivery whose rows a file's figures are: itself, or the one it duplicates
            select f.delivery_id,
                   case when f.status = 'duplicate' then max(g.delivery_id) filter (where g.delivery_id < f.delivery_id)
                        else f.delivery_id end as counted_as
            from files as f left join files as g
              on f.status = 'duplicate' and g.delivery_key = f.delivery_key and g.sha256 = f.sha256 and g.status <> 'duplicate'
            group by f.delivery_id, f.status
        )
        select f.delivery_id, f.feed, f.sender, f.academic_year, f.delivery_key, f.file_name, f.path, f.sha256, f.size_bytes,
               f.status, c.rows_received, c.rows_loaded, c.rows_rejected, getvariable('now') as received_at,
               f.file_modified_at, coalesce(f.refused, case when f.status = 'duplicate' then 'same bytes as delivery '
                                                             || s.counted_as end) as message
        from files as f join source as s using (delivery_id) join file_counts as c on c.delivery_id = s.counted_as""")
    step("row accounting")

    # 8. the marts
    con.execute("create or replace temp table default_norms as select norm, value::double as value from "
                f"read_csv({q(str(seeds / 'default_norms.csv'))}, header = true, all_varchar = true)")
    con.execute("create or replace temp table default_subjects as select subject, shortage_subject::boolean as shortage_subject, "
                f"surplus_subject::boolean as surplus_subject from read_csv({q(str(seeds / 'default_subjects.csv'))}, header = true, all_varchar = true)")
    con.execute(marts_sql())
    step("marts (port of the dbt models)")

    # 9. audits
    failed = []
    for label, sql in audit_queries():
        n = con.execute(sql).fetchone()[0]
        if n:
            failed.append(f"{label}: {n} row(s)")
    step("audits (gates as SQL)", f"({len(audit_queries())} checks, {len(failed)} failed)")

    con.execute("checkpoint")
    con.close()
    step("checkpoint")
    con = duckdb.connect(str(out), read_only=True)
    counts = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in AUDITS}
    totals = con.execute("select count(*), sum(rows_received), sum(rows_loaded), sum(rows_rejected), "
                         "count(*) filter (where status = 'refused') from ops.deliveries").fetchone()
    con.close()
    result = {"seconds": round(time.monotonic() - step.t0, 3), "steps": {k: round(v, 3) for k, v in step.steps.items()},
              "files": len(files), "xlsx_files": len(xlsx),
              "latin1_files_with_c1_bytes": c1_files, "read_csv_calls": csv_calls, "csv_groups_split_in_sql": sql_groups,
              "rows_received": int(totals[1] or 0), "rows_loaded": int(totals[2] or 0), "rows_rejected": int(totals[3] or 0),
              "files_refused": int(totals[4] or 0), "marts": counts, "audits_failed": failed}
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inbox", type=Path)
    p.add_argument("--out", type=Path, required=True, help="DuckDB file to write (replaced)")
    p.add_argument("--json", type=Path, default=None, help="write the summary as JSON here")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--seeds", type=Path, default=SEEDS, help="the dbt project's seeds (shipped default norms and subjects)")
    args = p.parse_args(argv)
    secret = os.environ.get("REGIOMONITOR_PSEUDONYM_KEY")
    if not secret:
        print("error: set REGIOMONITOR_PSEUDONYM_KEY (the same secret as the platform's, so pseudonyms compare)",
              file=sys.stderr)
        return 2
    result = run(args.inbox, args.out, secret.encode("utf-8"), args.quiet, args.seeds)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if result["latin1_files_with_c1_bytes"]:
        print(f"warning: {result['latin1_files_with_c1_bytes']} Windows-1252 file(s) hold bytes 0x80-0x9F, read as Latin-1",
              file=sys.stderr)
    return 1 if result["audits_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
