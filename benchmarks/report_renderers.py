"""Typst against HTML + WeasyPrint on the same quality reports (docs/report.md, BENCHMARKS.md).

Both typeset the same report model (dashboards/pdf/model.py: cover, KPI table with trend SVGs, four
theme sections with their charts and tables, data quality, suppression), built once per subject;
only the typesetting is timed, in one run, alternating the two per report. The HTML side is a
Jinja2 template (autoescaped) with the same layout: A4, running header and page numbers, tables
whose header repeats, charts as inline SVG. Fonts: DejaVu Sans for both.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/report_renderers.py --home HOME --year 2023 [--limit 20] [--out DIR]
"""
from __future__ import annotations

import argparse
import base64
import platform
import statistics
import subprocess
import time
from pathlib import Path

import jinja2

HTML = jinja2.Template("""<!doctype html><html lang="{{ r.lang }}"><head><meta charset="utf-8">
<title>{{ r.cover.title }} · {{ r.cover.subject }}</title><style>
@page { size: A4; margin: 2cm 1.8cm 1.8cm 1.8cm;
  @top-left { content: "{{ r.cover.subject|e }} · {{ r.cover.title|e }}"; font-size: 7.5pt; color: #666 }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #666 } }
body { font-family: "DejaVu Sans"; font-size: 8.6pt; }
h1 { color: #1f4e79; font-size: 15pt; page-break-before: always; }
.headline { border-left: 3px solid #1f4e79; padding: 4px 8px; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.4pt; }
thead { display: table-header-group; } th { text-align: left; border-bottom: 0.6pt solid #777; }
td { border-bottom: 0.3pt solid #e1e1e1; padding: 3px 4px; } td.n { text-align: right; }
tr.own { background: #eaf1f8; } .charts { display: flex; gap: 1em; } .charts figure { flex: 1; margin: 0; }
img { width: 100%; } .cover { page-break-after: always; } .notice { background: #fff4e5; padding: 10px; }
</style></head><body>
<section class="cover"><p>{{ r.cover.kind }}</p><h2>{{ r.cover.subject }}</h2><p>{{ r.cover.title }}</p>
<table>{% for k, v in r.cover.facts %}<tr><td>{{ k }}</td><td>{{ v }}</td></tr>{% endfor %}</table>
{% for p in r.cover.paragraphs %}<p>{{ runs(p) }}</p>{% endfor %}
{% if r.cover.notice %}<p class="notice">{{ r.cover.notice }}</p>{% endif %}</section>
<h1>{{ r.labels.kpi_title }}</h1>{% for p in r.kpi_notes %}<p>{{ runs(p) }}</p>{% endfor %}
<table><thead><tr>{% for h in ["kpi","value","change","target","region","national","status","trend"] %}
<th>{{ r.labels[h] }}</th>{% endfor %}</tr></thead><tbody>{% for k in r.kpis %}<tr>
<td>{{ k.name }}</td><td class="n">{{ k.value }}</td><td class="n">{{ k.change }}</td><td class="n">{{ k.target }}</td>
<td class="n">{{ k.region }}</td><td class="n">{{ k.national }}</td><td>{{ k.status }}</td>
<td>{% if k.trend %}<img src="{{ uri(k.trend) }}">{% endif %}</td></tr>{% endfor %}</tbody></table>
{% for s in r.sections %}<h1>{{ s.title }}</h1>{% if s.headline %}<p class="headline">{{ runs(s.headline) }}</p>{% endif %}
{% for p in s.paragraphs %}<p>{{ runs(p) }}</p>{% endfor %}
<div class="charts">{% for c in s.charts %}<figure><b>{{ c.title }}</b><img src="{{ uri(c.svg) }}"></figure>{% endfor %}</div>
{% for t in s.tables %}{% if t.title %}<p><b>{{ t.title }}</b></p>{% endif %}<table><thead><tr>
{% for c in t.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>{% for row in t.rows %}
<tr{% if t.own and t.own[loop.index0] %} class="own"{% endif %}>{% for cell in row %}
<td{% if t.numeric[loop.index0] %} class="n"{% endif %}>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>{% endfor %}
{% if s.definitions %}<h3>{{ r.labels.definitions }}</h3><dl>{% for term, text in s.definitions %}
<dt><b>{{ term }}</b></dt><dd>{{ text }}</dd>{% endfor %}</dl>{% endif %}{% endfor %}
</body></html>""", autoescape=True)


def html(report) -> str:
    from markupsafe import Markup, escape

    def runs(rs) -> Markup:
        return Markup("").join(Markup("<b>{}</b>").format(r.text) if r.strong else escape(r.text) for r in rs)

    def uri(svg: str) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    return HTML.render(r=report, runs=runs, uri=uri)


def main() -> None:
    import logging

    import streamlit.logger
    streamlit.logger.set_log_level("error")
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    import weasyprint

    from dashboards.pdf import content, typeset, write
    from dashboards.pdf import scope as subjects
    from dashboards.snapshot import Snapshot
    from deployment.home import Home

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--limit", type=int, default=20, help="reports to time (regions and partnerships in order)")
    ap.add_argument("--out", type=Path, default=None, help="keep the PDFs of both renderers here")
    args = ap.parse_args()
    home = Home(args.home)
    key = subjects.label_key(home)
    with write.open_snapshot(home.published) as first:
        todo = write.every_subject(first)[: args.limit]
    typst_s, weasy_s, sizes, pages = [], [], {"typst": [], "weasyprint": []}, {"typst": [], "weasyprint": []}
    build_s = []
    for subject in todo:
        with Snapshot(first.path, first.identity) as snap:
            snap.scope = subjects.subject_scope(snap.reference(), subject, key)
            started = time.perf_counter()
            report = content.build(snap, subject, args.year, "nl")
            build_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        a = typeset.pdf(report)
        typst_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        b = weasyprint.HTML(string=html(report)).write_pdf()
        weasy_s.append(time.perf_counter() - started)
        for name, data in (("typst", a), ("weasyprint", b)):
            sizes[name].append(len(data))
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{subject}_{name}.pdf").write_bytes(data)
            info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True).stdout.decode()
            pages[name].append(int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))))
    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"{len(todo)} reports of {home.root}, year {args.year}")
    print(f"content (queries + charts as SVG), median {statistics.median(build_s):.3f} s")
    for name, s in (("typst", typst_s), ("weasyprint", weasy_s)):
        print(f"{name:>10}: median {statistics.median(s):.3f} s, max {max(s):.3f} s, total {sum(s):.2f} s; "
              f"median {statistics.median(sizes[name]) / 1024:.0f} KiB, pages {min(pages[name])}-{max(pages[name])}")
    ratio = statistics.median(w / t for w, t in zip(weasy_s, typst_s))
    print(f"weasyprint / typst, median per report: {ratio:.1f}x")


if __name__ == "__main__":
    main()
