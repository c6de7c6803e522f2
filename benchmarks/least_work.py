"""The least-work script of issue 15: the marts from the same inbox with as little work as one can
do and still get them right, as the floor `regiomonitor run` is measured against.

    .venv/bin/python benchmarks/least_work.py INBOX --out OUT.duckdb [--json SUMMARY.json]

One `read_csv` per feed folder and file dialect (delimiter, encoding, header: the inbox mixes
`,` `;` and tab, UTF-8 and Windows-1252, and DuckDB reads one dialect per call), workbooks by
fastexcel, the newest file of each delivery key in force, the values typed, then the marts in plain
SQL (the port of the dbt models in plain_duckdb.py). What it leaves out, and the platform and
plain_duckdb.py do: hashing files (so no duplicate detection: a same-bytes file replaces, with the
same rows), validating rows against the contract, pseudonyms, row accounting, rejections, audits.
On the generated national inbox, which has no bad row, its marts equal the platform's
(benchmarks/compare.py; pseudonyms aside, which no mart shows).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb
import fastexcel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plain_duckdb import FEEDS, SEEDS, Steps, list_inbox, marts_sql, name_file, peek_header, q, typed_expr  # noqa: E402


def run(inbox: Path, out: Path, quiet: bool = False, seeds: Path = SEEDS) -> dict:
    step = Steps(quiet)
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    for schema in ("raw", "private", "marts", "ops"):
        con.execute(f"create schema {schema}")
    files = [f for f in list_inbox(inbox) if (name_file(f), f)[1]["refused"] is None]
    groups: dict[tuple, list[dict]] = {}
    for f in files:
        if f["ext"] == "csv":
            peek_header(f)
            with open(f["path"], "rb") as fh:          # the encoding: the bytes decode as UTF-8 or they do not
                try:
                    fh.read().decode("utf-8")
                    f["encoding"] = "utf-8"
                except UnicodeDecodeError:
                    f["encoding"] = "latin-1"
            groups.setdefault((f["feed"], f["delim"], f["encoding"], tuple(f["names"])), []).append(f)
    step("list, name, dialect", f"({len(files)} files, {len(groups)} CSV groups)")

    for name, spec in FEEDS.items():
        cols = ", ".join(f"\"{c['name']}\" varchar" for c in spec["cols"])
        con.execute(f"create temp table text_{name} ({cols}, _path varchar)")
    con.execute("set threads = 1")       # thousands of small files: one thread reads them faster (plain_duckdb.py)
    for (feed, delim, encoding, names), group in groups.items():
        contract = {c["name"] for c in FEEDS[feed]["cols"]}
        unique = [n if n and n not in names[:i] else f"_extra_{i}" for i, n in enumerate(names)]
        columns = ", ".join(f"{q(n)}: 'VARCHAR'" for n in unique)
        con.execute(f"""insert into text_{feed} by name
            select {', '.join(f'"{n}"' for n in unique if n in contract)}, filename as _path
            from read_csv(?, delim = {q(delim)}, quote = '"', escape = '"', header = true, encoding = {q(encoding)},
                          filename = true, auto_detect = false, columns = {{{columns}}})""", [[f["path"] for f in group]])
    for f in (f for f in files if f["ext"] == "xlsx"):
        batch = fastexcel.read_excel(f["path"]).load_sheet(0, dtypes="string", eager=True)
        names = [n.strip().lower() for n in batch.schema.names]
        batch = batch.rename_columns(names)
        chosen = [n for n in names if n in {c["name"] for c in FEEDS[f["feed"]]["cols"]}]
        blank = " and ".join(f"coalesce(trim(\"{n}\"), '') = ''" for n in names)        # empty lines of a sheet
        quoted = ", ".join(f'"{n}"' for n in chosen)
        con.execute(f"insert into text_{f['feed']} by name select {quoted}, ? as _path from batch where not ({blank})",
                    [f["path"]])
    con.execute("reset threads")
    step("read every file (read_csv per folder and dialect, fastexcel)")

    # the newest file of each delivery key is in force (arrival order: mtime, then path)
    rows = [(f["delivery_id"], f["feed"], f["sender"], f"{f['feed']}/{f['sender']}/{f['year']}",
             Path(f["rel"]).name, f["path"]) for f in files]
    con.execute("create temp table listed (delivery_id bigint, feed varchar, sender varchar, delivery_key varchar, "
                "file_name varchar, path varchar)")
    con.executemany("insert into listed values (?, ?, ?, ?, ?, ?)", rows)
    con.execute("""create temp table files as
        select *, case when delivery_id = max(delivery_id) over (partition by delivery_key) then 'loaded'
                       else 'replaced' end as status
        from listed""")
    for name, spec in FEEDS.items():
        typed = ", ".join(f"{typed_expr(c)} as \"{c['name']}\"" for c in spec["cols"])
        con.execute(f"""create table raw.{name} as
            select {typed}, d.delivery_id as _delivery_id, d.file_name as _file_name,
                   row_number() over (partition by d.delivery_id) as _row_number,
                   null::varchar as _file_sha256, localtimestamp::timestamp(0) as _loaded_at
            from text_{name} as t join files as d on d.path = t._path where d.status = 'loaded'""")
    step("files in force, typed")

    con.execute("create temp table rejections (delivery_id bigint, feed varchar, file_name varchar, "
                "row_number bigint, reason varchar)")
    con.execute("create temp table files_out as select * from files")
    con.execute("create temp table default_norms as select norm, value::double as value from "
                f"read_csv({q(str(seeds / 'default_norms.csv'))}, header = true, all_varchar = true)")
    con.execute("create temp table default_subjects as select subject, shortage_subject::boolean as shortage_subject, "
                "surplus_subject::boolean as surplus_subject from "
                f"read_csv({q(str(seeds / 'default_subjects.csv'))}, header = true, all_varchar = true)")
    con.execute(marts_sql())
    step("marts (plain SQL)")
    con.close()
    step("close")
    return {"seconds": round(time.monotonic() - step.t0, 3), "steps": {k: round(v, 3) for k, v in step.steps.items()},
            "files": len(files), "read_csv_calls": len(groups)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inbox", type=Path)
    p.add_argument("--out", type=Path, required=True, help="DuckDB file to write (replaced)")
    p.add_argument("--json", type=Path, default=None, help="write the summary as JSON here")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--seeds", type=Path, default=SEEDS, help="the dbt project's seeds")
    args = p.parse_args(argv)
    result = run(args.inbox, args.out, args.quiet, args.seeds)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
