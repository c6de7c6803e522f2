"""Compare the baseline's marts with the platform's published snapshot, row by row.

    .venv/bin/python benchmarks/compare.py HOME/published.duckdb OUT.duckdb

For every mart: row counts on both sides, rows only on one side (by the mart's grain), and per
column the number of rows whose values differ (numbers compared with a relative tolerance of 1e-9,
since sums may add up in another order). Pseudonyms are compared too: raw student keys of the
baseline must be the platform's HMAC-SHA256 pseudonyms (same secret).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

GRAINS = {
    "dropout_cohort": ["region_code", "partnership_code", "programme_type", "study_mode", "cohort_year", "horizon_years"],
    "dropout_by_group": ["region_code", "cohort_year", "dimension", "dimension_value"],
    "cost_per_supervised_student": ["region_code", "partnership_code", "academic_year"],
    "capacity_region": ["region_code", "academic_year", "sector"],
    "capacity_subject": ["region_code", "academic_year", "subject"],
    "feeder_schools": ["school_code", "exam_year", "track"],
    "kpi_scorecard": ["scope_code", "kpi", "academic_year"],
}
NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT")


def compare(published: Path, baseline: Path, warehouse: Path | None = None, accounting: bool = True) -> dict:
    """Marts row by row; with `accounting`, the row accounting per feed and status too (the
    least-work script keeps none)."""
    con = duckdb.connect()
    con.execute(f"attach '{published}' as p (read_only)")
    con.execute(f"attach '{baseline}' as b (read_only)")
    out = {}
    published_marts = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'p' and table_schema = 'marts' "
        "order by table_name").fetchall()]
    for mart in published_marts:
        grain = GRAINS.get(mart)
        pcols = dict(con.execute("select column_name, data_type from information_schema.columns "
                                 "where table_catalog = 'p' and table_schema = 'marts' and table_name = ?", [mart]).fetchall())
        bcols = dict(con.execute("select column_name, data_type from information_schema.columns "
                                 "where table_catalog = 'b' and table_schema = 'marts' and table_name = ?", [mart]).fetchall())
        if not (grain and bcols):       # e.g. the marts of DUO's own files, which the generated inbox does not hold
            out[mart] = {"platform_rows": con.execute(f"select count(*) from p.marts.{mart}").fetchone()[0],
                         "equal": None, "note": "not computed by the baseline"}
            continue
        common = [c for c in pcols if c in bcols and c not in grain]
        on = " and ".join(f"x.{g} is not distinct from y.{g}" for g in grain)
        n_p = con.execute(f"select count(*) from p.marts.{mart}").fetchone()[0]
        n_b = con.execute(f"select count(*) from b.marts.{mart}").fetchone()[0]
        only_p = con.execute(f"select count(*) from p.marts.{mart} as x anti join b.marts.{mart} as y on {on}").fetchone()[0]
        only_b = con.execute(f"select count(*) from b.marts.{mart} as y anti join p.marts.{mart} as x on {on}").fetchone()[0]
        diffs = {}
        for c in common:
            if pcols[c].split("(")[0] in NUMERIC and bcols[c].split("(")[0] in NUMERIC:
                cond = (f"(x.{c} is null) <> (y.{c} is null) or "
                        f"abs(x.{c}::double - y.{c}::double) > 1e-9 * greatest(1, abs(x.{c}::double))")
            else:
                cond = f"x.{c}::varchar is distinct from y.{c}::varchar"
            n = con.execute(f"select count(*) from p.marts.{mart} as x join b.marts.{mart} as y on {on} where {cond}").fetchone()[0]
            if n:
                diffs[c] = n
        sample = con.execute(f"select * from p.marts.{mart} order by all limit 1 offset {max(0, n_p // 2)}").fetchone() \
            if n_p else None
        out[mart] = {"platform_rows": n_p, "baseline_rows": n_b, "only_platform": only_p, "only_baseline": only_b,
                     "columns_compared": len(common), "columns_differing": diffs,
                     "missing_in_baseline": [c for c in pcols if c not in bcols],
                     "equal": n_p == n_b and not only_p and not only_b and not diffs,
                     "sample_row": [str(v) for v in sample] if sample else None}
    if accounting:
        sql = ("select feed, status, count(*), sum(rows_received), sum(rows_loaded), sum(rows_rejected) "
               "from {}.ops.deliveries group by all order by all")
        p_acc, b_acc = (con.execute(sql.format(db)).fetchall() for db in ("p", "b"))
        out["_row_accounting"] = {"equal": p_acc == b_acc, "feeds_and_statuses": len(p_acc),
                                  "files": sum(r[2] for r in p_acc), "rows_received": sum(r[3] for r in p_acc)}
    if warehouse and warehouse.exists():
        con.execute(f"attach '{warehouse}' as w (read_only)")
        missing = con.execute("""
            select count(*) from (select distinct student_key from b.raw.enrolments)
            where student_key not in (select student_key from w.raw.enrolments)""").fetchone()[0]
        out["_pseudonyms"] = {"baseline_student_keys_not_in_platform": missing,
                              "distinct": con.execute("select count(distinct student_key) from b.raw.enrolments").fetchone()[0]}
    con.close()
    return out


def summary_lines(result: dict) -> list[str]:
    lines = []
    for mart, r in result.items():
        if mart.startswith("_"):
            lines.append(f"{mart}: {r}")
            continue
        if r["equal"] is None:
            lines.append(f"{mart}: platform {r['platform_rows']} rows, {r['note']}")
            continue
        state = "equal" if r["equal"] else "DIFFERENT"
        lines.append(f"{mart}: platform {r['platform_rows']} rows, baseline {r['baseline_rows']} rows, "
                     f"{r['columns_compared']} columns compared: {state}"
                     + (f" (only in platform {r['only_platform']}, only in baseline {r['only_baseline']}, "
                        f"differing {r['columns_differing']})" if not r["equal"] else ""))
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("published", type=Path)
    p.add_argument("baseline", type=Path)
    p.add_argument("--warehouse", type=Path, default=None, help="the platform's warehouse.duckdb (compares pseudonyms)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    result = compare(args.published, args.baseline, args.warehouse)
    print(json.dumps(result, indent=2) if args.json else "\n".join(summary_lines(result)))
    return 0 if all(r.get("equal", True) is not False for r in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
