"""Report files: one subject's PDF, or one per region and partnership of the snapshot for the yearly
round (`regiomonitor report --all`). A file is written beside its final name and renamed into
place, so a failed report never leaves half a PDF."""
from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboards.pdf import content, typeset
from dashboards.pdf import scope as subjects
from dashboards.snapshot import Snapshot


class ReportError(Exception):
    """Why no report can be made, in Dutch and in English (the command prints both)."""

    def __init__(self, nl: str, en: str):
        super().__init__(f"{nl}\n{en}")
        self.nl, self.en = nl, en


@dataclass(frozen=True)
class Written:
    subject: str
    path: Path
    pages: int
    seconds: float


def open_snapshot(published: Path) -> Snapshot:
    snap = Snapshot.current(published)
    if snap is None:
        raise ReportError(f"er is nog geen gepubliceerde snapshot in {published}; draai eerst `regiomonitor run`",
                          f"there is no published snapshot in {published} yet; run `regiomonitor run` first")
    return snap


def check(snap: Snapshot, subject: str | None, year: int) -> None:
    """The subject must be a region or partnership of the snapshot and the year one it has figures for."""
    ref = snap.reference()
    if subject is not None and subject not in ref.regions and subject not in ref.partnerships:
        known = ", ".join(sorted(ref.regions)[:5]) + (" ..." if len(ref.regions) > 5 else "")
        raise ReportError(f"{subject} is geen regio of partnerschap van deze snapshot (codes, bijv. {known})",
                          f"{subject} is no region or partnership of this snapshot (codes, e.g. {known})")
    years = years_of(snap)
    if year not in years:
        span = f"{min(years)}-{max(years)}" if years else "-"
        raise ReportError(f"deze snapshot heeft geen KPI's over {year} (jaren: {span})",
                          f"this snapshot has no KPIs for {year} (years: {span})")


def years_of(snap: Snapshot) -> list[int]:
    if not snap.has("marts.kpi_scorecard"):
        return []
    return sorted(int(y) for y in snap._all("select distinct academic_year from marts.kpi_scorecard")["academic_year"])


def every_subject(snap: Snapshot) -> list[str]:
    """Each region, then its partnerships, by code."""
    ref = snap.reference()
    out = []
    for region in sorted(ref.regions):
        out.append(region)
        out += sorted(c for c, (_, r) in ref.partnerships.items() if r == region)
    return out


def pdf(published: Path, key: bytes, subject: str, year: int, language: str) -> bytes:
    """The subject's report as PDF bytes, read in the subject's own scope."""
    with open_snapshot(published) as snap:
        check(snap, subject, year)
        return _pdf(snap, key, subject, year, language)


def _pdf(snap: Snapshot, key: bytes, subject: str, year: int, language: str) -> bytes:
    snap.scope = subjects.subject_scope(snap.reference(), subject, key)
    return build(snap, subject, year, language)


def build(snap: Snapshot, subject: str, year: int, language: str) -> bytes:
    """The PDF of the subject from a snapshot already in the subject's scope."""
    return typeset.pdf(content.build(snap, subject, year, language))


def write(data: bytes, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def page_count(data: bytes) -> int:
    """Pages of a PDF that Typst wrote (its page objects are not in compressed streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def file_name(subject: str, year: int, language: str) -> str:
    return f"kwaliteitsrapport_{subject}_{year}_{language}.pdf"


def write_all(published: Path, key: bytes, year: int, language: str, out_dir: Path,
              progress: Callable[[int, int, Written], None] = lambda i, n, w: None) -> list[Written]:
    """One report per region and partnership, each in its own scope, on one snapshot (the cached
    queries are shared between them)."""
    with open_snapshot(published) as first:
        check(first, None, year)
        todo = every_subject(first)
    written = []
    # one Snapshot for the round: the structure and reference are read once, and the regions' reports
    # share a connection (a partnership's scope opens one with its own rows: Snapshot.__setattr__)
    with Snapshot(first.path, first.identity) as snap:
        for i, subject in enumerate(todo, start=1):
            started = time.perf_counter()
            data = _pdf(snap, key, subject, year, language)
            out = out_dir / file_name(subject, year, language)
            write(data, out)
            w = Written(subject, out, page_count(data), time.perf_counter() - started)
            written.append(w)
            progress(i, len(todo), w)
    return written
