"""The quality-cycle report: one printable PDF per region or partnership and year
(`regiomonitor report`, the download on Overzicht). It says what the pages say - the same headline
sentences, charts, tables, formatter and labels, in the same viewer scope - on a few pages that a
board member reads without the dashboard (docs/report.md).

content.py   what the report says, from the snapshot in the subject's scope (a plain model, model.py)
pages.py     each theme's page functions with the subject's filters
scope.py     whose report it is: the subject's own viewer scope; who may download it
svg.py       the pages' Altair charts as SVG, without a browser (vl-convert)
typeset.py   the model typeset to PDF by Typst (template.typ); sender text stays data, never markup
write.py     report files: one, or one per region and partnership (`report --all`)
download.py  the button on Overzicht
fonts.py     the one typeface, DejaVu Sans
"""
