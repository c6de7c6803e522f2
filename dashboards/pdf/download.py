"""The report's download button on Overzicht: the PDF of the chosen scope and year, offered only
when the viewer sees at least that scope's own view (scope.may_download), and written when the
viewer clicks (the page itself does not wait for it)."""
from __future__ import annotations

import streamlit as st

from dashboards.escape import markdown as md
from dashboards.i18n import t
from dashboards.pdf import scope as subjects
from dashboards.snapshot import Snapshot, home


def button(snap: Snapshot, subject: str | None, year: int | None, language: str, where=None) -> None:
    from dashboards.pdf import write     # the report reads the pages (content.py): imported when used
    where = where or st
    if subject is None or year is None:
        return
    ref = snap.reference()
    if not subjects.may_download(snap.scope, ref, subject):
        if snap.scope.admin and subject in ref.partnerships:
            where.caption(t("report.download_partnership_only"))
        return
    path, identity, key = snap.path, snap.identity, subjects.label_key(home())
    names = snap.names()
    who = f"{names[subject]} ({subject})" if subject in names else subject
    where.download_button(
        t("report.download"), lambda: _pdf(path, identity, key, subject, year, language),
        file_name=write.file_name(subject, year, language), mime="application/pdf", key="overzicht_report",
        on_click="ignore", icon=":material/picture_as_pdf:", help=t("report.download_help", subject=md(who), year=year))


def _pdf(path, identity, key: bytes, subject: str, year: int, language: str) -> bytes:
    """The report on the snapshot the page showed (its identity: a newer file is not mixed in)."""
    from dashboards.pdf import write
    with Snapshot(path, identity, subjects.subject_scope(_reference(path, identity), subject, key)) as snap:
        return write.build(snap, subject, year, language)


def _reference(path, identity):
    with Snapshot(path, identity) as snap:
        return snap.reference()
