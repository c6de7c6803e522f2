"""The dashboards' building blocks without a browser: number notation, suppressed cells, the
translations, and that no query is ever built from text."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboards import formatting as fmt
from dashboards import i18n
from dashboards.frame import Col, display_frame

DASHBOARDS = Path(__file__).resolve().parents[1] / "dashboards"
SOURCES = sorted(DASHBOARDS.rglob("*.py"))


@pytest.mark.parametrize("fn, value, nl, en", [
    (fmt.pct, 0.2435, "24,4%", "24.4%"),
    (fmt.pct, 0.0, "0,0%", "0.0%"),
    (fmt.pct, 1, "100,0%", "100.0%"),
    (fmt.eur, 1250, "€ 1.250", "€1,250"),
    (fmt.eur, 3184.96, "€ 3.185", "€3,185"),
    (fmt.eur, -1934.5, "€ -1.935", "-€1,935"),
    (fmt.eur, 1234567.891, "€ 1.234.568", "€1,234,568"),
    (fmt.integer, 12345, "12.345", "12,345"),
    (fmt.fte, 16.6666, "16,67", "16.67"),
    (fmt.pp, 0.0123, "+1,2 pp", "+1.2 pp"),
    (fmt.pp, -0.05, "-5,0 pp", "-5.0 pp"),
    (fmt.pp, 0.0, "0,0 pp", "0.0 pp"),
])
def test_numbers_in_dutch_and_english_notation(fn, value, nl, en):
    assert fn(value, "nl") == nl
    assert fn(value, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_a_missing_value_is_a_dash_never_zero(missing):
    for fn in (fmt.pct, fmt.eur, fmt.integer, fmt.fte, fmt.pp):
        assert fn(missing) == "–"


def test_rounding_never_shows_minus_zero():
    assert fmt.number(-0.0004, "nl", 2) == "0,00"
    assert fmt.eur(-0.2) == "€ 0"


def test_suppressed_people_cells_show_one_neutral_label_and_other_cells_their_value():
    df = pd.DataFrame({"partnership_code": ["A", "B"], "cohort_size": [25, None], "dropout_rate": [0.2, None],
                       "supervision_cost_eur": [1000.0, 3489.29], "national_dropout_rate": [0.25, 0.25],
                       "suppressed": [False, True]})
    cols = [Col("partnership_code"), Col("cohort_size", "int", people=True), Col("dropout_rate", "pct", people=True),
            Col("supervision_cost_eur", "eur"), Col("national_dropout_rate", "pct")]
    shown = display_frame(df, cols, "nl")
    assert list(shown.columns) == ["partnerschap", "cohortgrootte", "uitval", "begeleidingskosten", "uitval landelijk"]
    assert shown.iloc[1].tolist() == ["B", "afgeschermd", "afgeschermd", "€ 3.489", "25,0%"]
    assert shown.iloc[0].tolist() == ["A", "25", "20,0%", "€ 1.000", "25,0%"]
    assert display_frame(df, cols, "en").iloc[1].tolist() == ["B", "shielded", "shielded", "€3,489", "25.0%"]
    # a missing value in a row that is not suppressed is a dash, not "afgeschermd"
    df.loc[0, "dropout_rate"] = None
    assert display_frame(df, cols, "nl").iloc[0, 2] == "–"


def test_a_value_whose_kind_depends_on_its_row():
    df = pd.DataFrame({"kpi": ["dropout_rate_h1", "cost_per_supervised_student", "students_unplaced"],
                       "value": [0.2583, 3431.16, 49.0], "suppressed": [False, False, False]})
    kinds = {"dropout_rate_h1": "pct", "cost_per_supervised_student": "eur", "students_unplaced": "int"}
    shown = display_frame(df, [Col("kpi", code="kpi"), Col("value", people=True, kind_by=("kpi", kinds))], "nl")
    assert shown["waarde"].tolist() == ["25,8%", "€ 3.431", "49"]
    assert shown["KPI"].tolist() == ["uitval na één jaar", "kosten per begeleide student", "studenten zonder leerwerkplek"]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, (nl, en) in i18n.STRINGS.items():
        assert nl.strip() and en.strip(), key
        assert _fields(nl) == _fields(en), key
    for kind, codes in i18n.CODES.items():
        for value, (nl, en) in codes.items():
            assert nl.strip() and en.strip(), (kind, value)


def test_every_string_key_the_pages_use_exists():
    used = set()
    for path in SOURCES:
        if path.name == "i18n.py":
            continue
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.0-9]+)["']""", path.read_text()))
        used |= {f"page.{name}" for name in re.findall(r"""page\(render, ["'](\w+)["']\)""", path.read_text())}
    assert used, "no t(...) calls found: the scan is broken"
    used = {u for u in used if not u.endswith(".")}  # t("scope." + scope_type): the kinds are checked below
    assert not used - set(i18n.STRINGS), sorted(used - set(i18n.STRINGS))
    assert {"scope.region", "scope.partnership"} <= set(i18n.STRINGS)


def _sql_arguments():
    """The first argument of every .query(...) and .execute(...) call in the dashboards."""
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("query", "execute") and node.args:
                yield path.name, node.lineno, node.args[0]


def _module_constant(module: str, node: ast.AST) -> ast.AST:
    """An upper-case name is looked up as the module-level constant it is bound to."""
    if isinstance(node, ast.Name) and node.id.isupper():
        tree = ast.parse(next(p for p in SOURCES if p.name == module).read_text())
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets):
                return stmt.value
    return node


def _constant_text(node: ast.AST) -> bool:
    """A string literal, or literals and upper-case module constants joined with +."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_text(node.left) and _constant_text(node.right)
    return isinstance(node, ast.Constant) or (isinstance(node, ast.Name) and node.id.isupper() or
                                              isinstance(node, ast.Name) and node.id.startswith("_") and
                                              node.id[1:].isupper())


def test_no_query_is_built_from_text():
    """Every SQL text is a constant (a string literal or a module-level constant, or one picked
    from a dict of constants); filter values travel as parameters."""
    found = list(_sql_arguments())
    assert len(found) > 20, "the scan found too few queries to be trusted"
    for name, line, arg in found:
        if isinstance(arg, ast.Subscript):  # {"a": "select ...", "b": "select ..."}[table], or CONSTANTS[table]
            arg = _module_constant(name, arg.value)
            assert isinstance(arg, ast.Dict) and all(_constant_text(v) for v in arg.values), (name, line)
            continue
        assert isinstance(arg, (ast.Constant, ast.Name)), f"{name}:{line}: SQL built at run time"
        if isinstance(arg, ast.Name):
            assert arg.id.isupper() or arg.id == "sql", f"{name}:{line}: {arg.id} is not a constant"


@pytest.mark.parametrize("L, decimal", [("nl", ","), ("en", ".")])
def test_a_finished_chart_carries_the_style_in_one_config(L, decimal):
    """charts.finish: the reader's notation, the palette without red, the legend below in full and
    horizontal year labels, on a layered chart too (the page and the report draw this spec)."""
    import altair as alt

    from dashboards import charts
    df = pd.DataFrame({"p": ["a", "b"], "v": [0.1, None]})
    layered = charts.bars_with_suppressed(df, "p", "v", kind="pct", category_title="t", suppressed_label="x") \
        + charts.rule(0.1, "landelijk", "pct", vertical=True)
    for chart in (alt.Chart(df).mark_bar(), layered):
        config = charts.finish(chart, L).to_dict()["config"]
        assert config["locale"]["number"]["decimal"] == decimal
        assert config["range"] == {"category": charts.PALETTE} and charts.RED not in charts.PALETTE
        assert config["legend"] == {"orient": "bottom", "title": None, "labelLimit": 0, "columns": 2, "symbolLimit": 0}
        assert config["axisX"] == {"labelAngle": 0}


def test_a_printed_table_escapes_every_text_and_says_where_it_stops():
    from dashboards import printed
    from dashboards.shown import shown
    rows = pd.DataFrame({"file_name": ['<img src=x onerror="alert(1)">.csv', "a&b\u202e.csv", "c.csv"],
                         "rows_received": [1200, None, 3]})
    html = printed.html_table(shown(rows, [Col("file_name"), Col("rows_received", "int")], "nl"), "nl", rows=2)
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.csv" in html
    assert "a&amp;b.csv" in html and "\u202e" not in html
    assert '<td class="n">1.200</td>' in html and "c.csv" not in html
    assert "de eerste 2 van 3 rijen" in html
