"""Aanleveren: a signed-in sender (access file: `senders: [codes]`) delivers a file for one of its own
codes. The file is checked at once by ingest's own code path (`regiomonitor check --json`, run as a
command: the dashboards do not import the pipeline, pyproject.toml [tool.importlinter]), written
into the inbox under the contract's name only when the sender confirms, and never over another file
(sources.senders.upload); the inbox sensor picks it up. Templates and the sender's receipts
(HOME/outbox) are offered for download. Nothing here reads the published marts."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from dashboards import access, frame
from dashboards.escape import markdown as md
from dashboards.escape import plain
from dashboards.i18n import code, lang, t
from dashboards.snapshot import home
from sources.senders.template import template_bytes
from sources.senders.upload import RECEIPT_SUFFIX, NotAllowed, deliver, feeds_for, plan
from sources.senders.wording import in_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_codes() -> tuple[str, ...] | None:
    """The sender codes of the viewer; None when nobody is signed in."""
    who = frame.viewer()
    if who is None or (who.how == "oidc" and not who.email) or who.how == "none":
        return None
    return who.grant.senders if who.grant else ()


def render() -> None:
    st.title(t("page.aanleveren"))
    h = home()
    if frame.current() is None:          # who is looking is known from a snapshot's reference (signin)
        st.info(t("empty.no_snapshot", path=h.published, home=h.root))
        return
    codes = own_codes()
    if codes is None:
        st.info(t("upload.sign_in"))
        return
    if not codes:
        st.info(t("upload.no_codes", path=h.root / access.ACCESS_FILE))
        return
    st.write(t("upload.intro"))
    language = lang()
    sender = st.selectbox(t("upload.sender"), codes, key="upload_sender", format_func=plain)
    feed = st.selectbox(t("upload.feed"), feeds_for(sender), key="upload_feed",
                        format_func=lambda f: code("feed", f))    # the name, the folder beside
    this_year = dt.date.today().year - (dt.date.today().month < 8)
    year = st.number_input(t("upload.year"), min_value=2000, max_value=2100, value=this_year, step=1,
                           key="upload_year")
    st.download_button(t("upload.template", feed=feed), template_bytes(feed), file_name=f"{feed}.xlsx", mime=XLSX,
                       key="upload_template", icon=":material/download:")
    uploaded = st.file_uploader(t("upload.file"), type=["csv", "xlsx"], key="upload_file")
    if uploaded is not None:
        _check_and_deliver(h, uploaded, feed, sender, int(year), codes, language)
    _receipts(h, codes)


def _check_and_deliver(h, uploaded, feed: str, sender: str, year: int, codes, language: str) -> None:
    try:
        upload = plan(uploaded.name, feed, sender, year, codes)
    except NotAllowed as e:
        st.error(t("upload.not_allowed", why=md(in_language(str(e), language))))
        return
    data = uploaded.getvalue()
    result = SimpleNamespace(**checked(str(h.root), upload.feed, upload.name, data))
    st.markdown(t("upload.as_name", name=md(upload.name), feed=upload.feed))
    if result.status == "refused":
        st.error(t("upload.refused", why=md(in_language(result.message, language))))
        return
    if result.rows_rejected:
        st.warning(t("upload.rejected", rejected=result.rows_rejected, n=result.rows_received, loaded=result.rows_loaded))
    else:
        st.success(t("upload.clean", n=result.rows_received))
    if result.message:
        st.caption(md(in_language(result.message, language)))
    if result.rejections:
        rows = pd.DataFrame([(n, plain(in_language(r, language))) for n, r in result.rejections],
                            columns=["rij", "reden"] if language == "nl" else ["row", "reason"])
        st.dataframe(rows, hide_index=True, key="upload_rejections")
    if st.button(t("upload.confirm"), key="upload_confirm", type="primary", icon=":material/send:"):
        written = deliver(h.inbox, upload, data)
        st.success(t("upload.done", name=md(written.name)))


@st.cache_data(max_entries=32, show_spinner=False)
def checked(home_root: str, feed: str, name: str, data: bytes) -> dict:
    """What `regiomonitor check` says of the bytes under `<feed>/<name>`, with the home's file limits
    (cached: Streamlit reruns the page on every click)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / feed / name
        path.parent.mkdir()
        path.write_bytes(data)
        command = [str(Path(sys.executable).with_name("regiomonitor")), "check", str(path), "--json",
                   "--home", home_root]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode not in (0, 1, 2):
        raise RuntimeError(f"regiomonitor check failed: {result.stderr.strip()[-500:]}")
    return json.loads(result.stdout)[0]


def _receipts(h, codes) -> None:
    st.subheader(t("upload.receipts"))
    found = [(sender, p) for sender in codes for p in sorted((h.root / "outbox" / sender).glob(f"*{RECEIPT_SUFFIX}"))
             if (h.root / "outbox" / sender).is_dir()]
    if not found:
        st.caption(t("upload.no_receipts"))
        return
    for i, (sender, path) in enumerate(sorted(found, key=lambda cp: cp[1].stat().st_mtime, reverse=True)[:50]):
        st.download_button(f"{plain(sender)}: {plain(path.name)}", path.read_bytes(), file_name=path.name, mime=XLSX,
                           key=f"receipt_{i}", icon=":material/receipt_long:")


render()
