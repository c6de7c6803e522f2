"""regiomonitor dashboards: `regiomonitor dashboard --home H` runs this with REGIOMONITOR_HOME=H.

Six pages, each a short report on the published snapshot H/published.duckdb: a headline sentence
with the current numbers, charts, and the table with CSV and XLSX downloads; and Aanleveren, where senders deliver files.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboards/app.py` from a checkout that is not installed
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboards import frame, i18n  # noqa: E402

PAGES = [  # (file, name, icon); the first is the default page
    ("reports/overzicht.py", "overzicht", ":material/dashboard:"),
    ("reports/uitval.py", "uitval", ":material/trending_down:"),
    ("reports/kosten.py", "kosten", ":material/euro:"),
    ("reports/capaciteit.py", "capaciteit", ":material/school:"),
    ("reports/doorstroom.py", "doorstroom", ":material/move_down:"),
    ("reports/datakwaliteit.py", "datakwaliteit", ":material/fact_check:"),
    ("reports/aanleveren.py", "aanleveren", ":material/upload_file:"),
]

st.set_page_config(page_title="regiomonitor", page_icon=":material/monitoring:", layout="wide")
st.markdown(frame.STYLE, unsafe_allow_html=True)
i18n.switch(on_change=frame.keep_choices)
pages = {name: st.Page(path, title=i18n.t(f"page.{name}"), icon=icon, url_path=name) for path, name, icon in PAGES}
# the root URL shows the first page, which also has its own URL (/overzicht, with its filters)
start = st.Page(PAGES[0][0], title=i18n.t(f"page.{PAGES[0][1]}"), icon=PAGES[0][2], url_path="start", default=True,
                visibility="hidden")
frame.PAGE_LINKS.update(pages)
page = st.navigation([start, *pages.values()])
frame.run_app(page)
