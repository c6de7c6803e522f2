"""The quality report's typesetting on its own (no home): sender-chosen text prints as the characters it
is - never as Typst markup, a command, a link or reordered by bidi controls - and the pages' Markdown
sentences come through with their escapes undone. The PDF is read back with poppler's pdftotext."""
from __future__ import annotations

import re
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.escape import markdown, plain
from dashboards.pdf import typeset
from dashboards.pdf.model import Chart, Kpi, Report, Run, Section, Svg, Table, runs

HOSTILE = [
    '#panic("typst ran this")', "*vet* _schuin_ `code`", "$x^2$ en \\$5", "<label> @ref [link](https://x.nl)",
    '#import "/etc/passwd": *', "] ) } #let x = 1", "= Kop\n- lijst", "#read(\"/etc/hostname\")",
    "Scho\u202eol gpj.exe", "=HYPERLINK(\"http://x\")", "//comment /* open", "~nbsp -- --- ...",
]
SVG = Svg('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="2" y="20">'
          '&lt;b&gt; #panic()</text></svg>')


def _report(texts: list[str]) -> Report:
    return Report(
        lang="nl", labels={k: k for k in ["kpi", "value", "change", "target", "region", "national", "status", "trend",
                                          "definitions", "contents", "kpi_title"]},
        cover={"title": texts[0], "subject": texts[1], "kind": texts[2], "facts": [[t, t] for t in texts],
               "paragraphs": [[Run(t) for t in texts]], "notice": texts[3], "snapshot_line": texts[4],
               "footer": texts[5], "contents": texts},
        kpis=[Kpi(name=t, value=t, change="", target="", national="", region=t, status=t, status_code=t, trend={"value": [0.1, None, 0.3], "national": [0.2, 0.2, None]},
                  own=True) for t in texts[:3]],
        kpi_notes=[[Run(t, strong=True)] for t in texts],
        sections=[Section(title=texts[6], headline=[Run(t) for t in texts], charts=[Chart(texts[7], SVG)],
                          tables=[Table(columns=["a", "b"], numeric=[False, True], rows=[[t, t] for t in texts],
                                        own=[True] * len(texts), title=texts[8], note=texts[9])],
                          paragraphs=[[Run(t)] for t in texts], definitions=[[t, t] for t in texts])])


def pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode())


def test_sender_text_prints_as_its_characters_never_as_markup():
    text = pdftotext(typeset.pdf(_report(HOSTILE)))
    for hostile in HOSTILE:
        expected = re.sub(r"\s+", " ", plain(hostile))     # bidi controls removed, line breaks as spaces
        assert expected in text, f"{hostile!r} did not print as text"
    assert "typst ran this" in text and "root:" not in text
    assert "\u202e" not in text


def test_a_broken_template_input_is_an_error_not_a_partial_pdf():
    """Typst checks the whole document; a string where the template needs a list fails loudly."""
    report = _report(HOSTILE)
    report.cover["facts"] = "not a list"
    try:
        typeset.pdf(report)
    except Exception as e:          # typst.TypstError
        assert "facts" in str(e) or "array" in str(e) or "string" in str(e)
    else:
        raise AssertionError("a malformed report was typeset")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_page_markdown_comes_back_as_the_same_text(value):
    """A sender's text that a page put into its headline with escape.markdown reads the same in the
    report: the Markdown escapes are undone, nothing becomes formatting."""
    got = runs(f"**{markdown(value)}**" if markdown(value) else "")
    assert "".join(r.text for r in got) == plain(value).strip()
    assert all(r.strong for r in got)


def test_the_reused_compiler_prints_each_report_alone():
    """typeset keeps one Typst compiler per process: a report shows its own input and nothing of the
    report before it, also after a report that failed."""
    first, second = ["Eerste-alpha"] * 12, ["Tweede-beta"] * 12
    broken = _report(first)
    broken.cover["facts"] = "not a list"
    text_first = pdftotext(typeset.pdf(_report(first)))
    try:
        typeset.pdf(broken)
    except Exception:
        pass
    text_second = pdftotext(typeset.pdf(_report(second)))
    assert "Eerste-alpha" in text_first and "Tweede-beta" not in text_first
    assert "Tweede-beta" in text_second and "Eerste-alpha" not in text_second
