"""What the quality report says, read from the snapshot in its subject's own scope (scope.py): the
cover, the KPI summary, one section per theme with the page's own headline, main chart and table
(the pages' plain functions, so one definition serves page and report), data quality and what
suppression hid. Every query goes through Snapshot.query, so the report shows exactly what the
subject's viewers see on the pages: its region's partnerships by name or as labels, its own rows
unsuppressed only in its own report, nothing of other regions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboards import formatting as fmt
from dashboards.escape import markdown as md
from dashboards.frame import display_frame, label, own_rows
from dashboards.i18n import code, column, speaking, t
from dashboards.pdf import pages, svg
from dashboards.pdf import scope as subjects
from dashboards.pdf.model import Chart, Kpi, Report, Run, Section, Svg, Table, runs
from dashboards.reports import datakwaliteit, overzicht
from dashboards.snapshot import Snapshot

THEMES = ["uitval", "kosten", "capaciteit", "doorstroom"]
SUPPRESSION = {     # the people marts of the subject's region in the year, row by row (the scope applies)
    "dropout_cohort": "select * from marts.dropout_cohort where region_code = ? and cohort_year = ? and horizon_years = 1",
    "dropout_by_group": "select * from marts.dropout_by_group where region_code = ? and cohort_year = ? "
                        "and horizon_years = 1",
    "cost_per_supervised_student": "select * from marts.cost_per_supervised_student where region_code = ? "
                                   "and academic_year = ?",
    "feeder_schools": "select * from marts.feeder_schools where region_code = ? and exam_year = ?",
    "kpi_scorecard": "select * from marts.kpi_scorecard where academic_year = ? and scope_code in "
                     "(select region_code from marts.regions where region_code = ? union all "
                     "select partnership_code from marts.partnerships where region_code = ?)",
}
# Data quality: the rows of another region's senders are left out in SQL already (the scope would
# drop them, but at national scale it would first read every file of the country), the rest pass the scope
ELSEWHERE = """(select region_code as code from marts.regions where region_code <> $1
    union all select partnership_code from marts.partnerships where region_code <> $1
    union all select school_code from marts.schools where region_code is distinct from $1) as elsewhere"""
DELIVERIES = ("select d.* from ops.deliveries as d anti join " + ELSEWHERE + " on d.sender = elsewhere.code "
              "order by d.feed, d.sender, d.academic_year, d.delivery_id")
REJECTED = ("select r.* from (ops.rejected_rows as r left join ops.deliveries as d using (delivery_id)) anti join "
            + ELSEWHERE + " on d.sender = elsewhere.code order by r.feed, r.file_name, r.row_number")
REFERENCE = ("marts.regions", "marts.partnerships", "marts.schools")
GATE_RESULTS = "select mart, gate, passed, blocking, message from ops.gate_results"
DEFINITIONS = {     # per theme: (term, meaning in plain words), Dutch and English
    "uitval": [
        (("Uitval", "Dropout"),
         ("Een student die in het cohortjaar aan een lerarenopleiding begon en een jaar later bij geen enkele "
          "lerarenopleiding meer staat ingeschreven en geen diploma heeft. Het is uitval uit de lerarenopleiding, "
          "niet uit het hoger onderwijs.",
          "A student who started teacher training in the cohort year and a year later is enrolled in no teacher "
          "training at all and has no diploma. It is dropout from teacher training, not from higher education.")),
        (("Overstap", "Switch"),
         ("Na een jaar ingeschreven bij een andere lerarenopleiding: behouden voor het onderwijs, dus geen uitval.",
          "After a year enrolled in another teacher-training programme: kept for teaching, so no dropout.")),
        (("Cohort", "Cohort"),
         ("De studenten in hun eerste studiejaar van een lerarenopleiding in dat jaar (peildatum 1 oktober).",
          "The students in their first year of a teacher-training programme in that year (as of 1 October).")),
        (("Landelijk", "National"),
         ("Hetzelfde cijfer over alle studenten in Nederland met dezelfde opleiding, vorm en cohort.",
          "The same figure over every student in the country with the same programme, mode and cohort.")),
    ],
    "kosten": [
        (("Begeleide student", "Supervised student"),
         ("Een student met minstens één plaatsing met de status geplaatst bij het partnerschap in dat jaar.",
          "A student with at least one placement with status placed at the partnership in that year.")),
        (("Kosten per begeleide student", "Cost per supervised student"),
         ("Alle begeleidingskosten (werkplekbegeleiding, schoolopleider, instituutsopleider, overig) gedeeld door "
          "het aantal begeleide studenten. De stagevergoeding telt apart.",
          "All supervision costs (workplace mentors, school-based and institute-based teacher educators, other) "
          "divided by the number of supervised students. The internship allowance counts apart.")),
        (("Subsidie en tekort", "Subsidy and gap"),
         ("De regio ontvangt € 1.250 per begeleide student; het tekort per student is de kosten min de subsidie "
          "per student.",
          "The region receives €1,250 per supervised student; the gap per student is the cost minus the subsidy "
          "per student.")),
        (("fte per student", "fte per student"),
         ("De uren begeleiding omgerekend naar voltijdbanen, per begeleide student; de norm is 0,05 fte.",
          "The hours of supervision as full-time jobs, per supervised student; the norm is 0.05 fte.")),
    ],
    "capaciteit": [
        (("Leerwerkplek", "Workplace-learning place"),
         ("Een plaats in een school waar een student het werkplekleren doet (ongeveer 40% van de opleiding).",
          "A place in a school where a student does the workplace learning (about 40% of the training).")),
        (("Aanvragen en geplaatst", "Requests and placed"),
         ("Studenten die een plaats vroegen (niet geannuleerd) en studenten die er een kregen; het verschil is "
          "niet geplaatst.",
          "Students who requested a place (not cancelled) and students who got one; the difference is unplaced.")),
        (("fte nodig", "fte required"),
         ("Geplaatste studenten maal de norm van 0,05 fte begeleiding per student, tegen de fte die de scholen "
          "beschikbaar stellen.",
          "Placed students times the norm of 0.05 fte of supervision per student, against the fte the schools "
          "make available.")),
        (("Schaarste", "Scarcity"),
         ("Te weinig leerwerkplekken als er meer aanvragen dan plaatsen zijn; te weinig begeleiders als er meer fte "
          "nodig is dan beschikbaar; of beide, of geen.",
          "Too few places when there are more requests than places; too few supervisors when more fte is needed "
          "than available; or both, or neither.")),
    ],
    "doorstroom": [
        (("Doorstroom", "Inflow"),
         ("Het deel van de gediplomeerden van een school dat in hetzelfde jaar aan een lerarenopleiding begint.",
          "The share of a school's graduates who start teacher training in the same year.")),
        (("Laag en hoog", "Low and high"),
         ("De 15% scholen met de laagste doorstroom van het land en de 15% met de hoogste; alleen scholen met "
          "genoeg gediplomeerden tellen mee.",
          "The 15% of schools with the country's lowest inflow and the 15% with the highest; only schools with "
          "enough graduates count.")),
        (("Blijvend laag", "Persistently low"),
         ("In minstens drie van de laatste vier examenjaren bij de laagste 15%.",
          "Among the lowest 15% in at least three of the last four exam years.")),
    ],
    "datakwaliteit": [
        (("Aanlevering", "Delivery"),
         ("Een bestand dat een instelling, school, partnerschap of DUO in de inbox zet; een nieuwer bestand voor "
          "hetzelfde jaar vervangt het vorige.",
          "A file an institution, school, partnership or DUO puts in the inbox; a newer file for the same year "
          "replaces the previous one.")),
        (("Afgekeurde rij", "Rejected row"),
         ("Een rij die niet aan de afspraken voldoet of buiten de bevoegdheid van de aanleveraar valt; ze telt "
          "nergens mee en de reden wordt bewaard.",
          "A row that breaks the agreed format or lies outside the sender's authority; it counts nowhere and "
          "its reason is kept.")),
        (("Kwaliteitspoort", "Quality gate"),
         ("Een controle op de cijfers vóór publicatie; faalt een blokkerende poort, dan blijft de vorige "
          "snapshot staan.",
          "A check on the figures before they are published; when a blocking gate fails, the previous snapshot "
          "stays.")),
    ],
}


def build(snap: Snapshot, subject: str, year: int, language: str, *, made: dt.datetime | None = None) -> Report:
    """The report of `subject` (a region or partnership code) for `year`, in `language`, from the
    snapshot as `snap.scope` sees it (the subject's own scope, scope.subject_scope). Altair's debug
    mode (each chart object validated against the schema when it is made, for early error messages)
    is off while the pages build their charts here: svg.py draws them unvalidated, and the pages
    validate the same charts when they show them (about 50 ms of each report)."""
    with speaking(language), alt.utils.schemapi.debug_mode(False):
        ref = snap.reference()
        names, threshold = snap.names(), snap.threshold()
        region = subjects.region_of(ref, subject)
        ctx = _Context(snap, subject, region, year, language, names, threshold,
                       subjects.kind(ref, subject) == "partnership")
        sections = [_theme(ctx, theme) for theme in THEMES] + [_quality(ctx), _suppression(ctx)]
        kpis, kpi_notes = _kpis(ctx)
        return Report(lang=language, labels=_labels(), cover=_cover(ctx, sections, made), kpis=kpis,
                      kpi_notes=kpi_notes, sections=sections)


@dataclass(frozen=True)
class _Context:
    snap: Snapshot
    subject: str
    region: str
    year: int
    L: str
    names: dict[str, str]
    threshold: int
    partnership: bool

    @property
    def who(self) -> str:
        return label(self.subject, self.names)


def _labels() -> dict[str, str]:
    keys = ["kpi", "value", "change", "target", "region", "national", "status", "trend", "definitions"]
    return {k: t(f"report.label.{k}") for k in keys} | {"contents": t("report.contents"),
                                                        "kpi_title": t("report.kpi_title")}


# -- cover ------------------------------------------------------------------------------------------
def _cover(ctx: _Context, sections: list[Section], made: dt.datetime | None) -> dict:
    title = t("report.title", year=ctx.year)
    published = fmt.timestamp(ctx.snap.published_at(), ctx.L)
    made = made or dt.datetime.now()
    kind = "partnership" if ctx.partnership else "region"
    facts = [(t("report.fact_for"), ctx.who)]
    if ctx.partnership:
        facts.append((t("report.kind_region"), label(ctx.region, ctx.names)))
    facts += [(t("report.fact_year"), t("report.year_value", year=ctx.year)),
              (t("report.fact_snapshot"), t("report.snapshot_value", published_at=published)),
              (t("report.fact_made"), fmt.timestamp(made, ctx.L)),
              (t("report.fact_audience"), t(f"report.audience_{kind}")),
              (t("report.fact_small"), t("report.small_value", threshold=ctx.threshold))]
    return {
        "title": title, "subject": ctx.who, "kind": t(f"report.kind_{kind}"), "facts": facts,
        "paragraphs": [runs(t("report.intro", subject=md(ctx.who), year=ctx.year))],
        "notice": t(f"report.notice_{kind}", subject=ctx.who),
        "snapshot_line": t("report.snapshot_value", published_at=published),
        "footer": t("report.footer", title=title),
        "contents": [t("report.kpi_title")] + [s.title for s in sections],
    }


# -- KPI summary ------------------------------------------------------------------------------------
def _kpis(ctx: _Context) -> tuple[list[Kpi], list[list[Run]]]:
    snap, L, year = ctx.snap, ctx.L, ctx.year
    card = overzicht.scorecard(snap, overzicht.Filters(ctx.subject, year))
    region_card = overzicht.scorecard(snap, overzicht.Filters(ctx.region, year)) if ctx.partnership \
        else card.iloc[0:0]
    mine = own_rows(card)
    out = []
    for kpi in overzicht.KPIS:
        rows = card[card["kpi"] == kpi]
        now = rows[rows["academic_year"] == year]
        if now.empty:
            continue
        r = now.iloc[0]
        before = rows[rows["academic_year"] == year - 1]["value"]
        change = fmt.MISSING
        if len(before) and not fmt.is_missing(before.iloc[0]) and not fmt.is_missing(r.value):
            change = overzicht.delta_text(kpi, r.value - before.iloc[0], L)
        reg = region_card[(region_card["kpi"] == kpi) & (region_card["academic_year"] == year)]
        out.append(Kpi(
            name=code("kpi", kpi), value=overzicht.kpi_text(kpi, r.value, L, suppressed=bool(r.suppressed)),
            change=change, target=overzicht.kpi_text(kpi, r.target_value, L),
            national=overzicht.kpi_text(kpi, r.national_value, L),
            region="" if reg.empty else overzicht.kpi_text(kpi, reg.iloc[0].value, L,
                                                           suppressed=bool(reg.iloc[0].suppressed)),
            status=code("status", r.status) if not fmt.is_missing(r.status) else fmt.MISSING,
            status_code="" if fmt.is_missing(r.status) else str(r.status),
            trend=_trend(rows), own=bool(mine.loc[now.index[0]])))
    notes = [runs(overzicht_headline(ctx))]
    if len(card):
        years = sorted(int(y) for y in card["academic_year"])
        notes.append(runs(t("report.kpi_legend", previous=year - 1, subject=md(ctx.who), first=years[0],
                            last=years[-1])))
    if mine.any():
        notes.append([Run(t("report.own_note"))])
    return out, notes


def overzicht_headline(ctx: _Context) -> str:
    """Overzicht's headline sentence for the subject and year."""
    return overzicht.headline_text(ctx.snap, overzicht.Filters(ctx.subject, ctx.year), ctx.L)


def _trend(rows: pd.DataFrame) -> dict[str, list[float | None]]:
    """The KPI's value and the national value over the years, oldest first, for the small trend the
    template draws (a line of a few points needs no chart library; the pages' own trend charts are
    the Overzicht's)."""
    ordered = rows.sort_values("academic_year")

    def numbers(col: str) -> list[float | None]:
        return [None if fmt.is_missing(v) else float(v) for v in pd.to_numeric(ordered[col], errors="coerce")]

    return {"value": numbers("value"), "national": numbers("national_value")}


# -- themes -----------------------------------------------------------------------------------------
def _theme(ctx: _Context, theme: str) -> Section:
    """A theme's section: the page's headline, main charts and table for the subject and year."""
    section = Section(title=t(f"page.{theme}"), definitions=_definitions(theme, ctx.L))
    found = pages.parts(theme, ctx.snap, ctx.subject, ctx.region, ctx.year, ctx.L, ctx.partnership) \
        if ctx.snap.has(pages.MARTS[theme]) else None
    if found is None:
        section.paragraphs.append([Run(t("report.no_data", what=t(f"page.{theme}")))])
        return section
    section.headline = runs(found.headline)
    if found.figure is not None:
        section.charts = [Chart(_plain_md(found.figure.title), Svg(svg.svg(found.figure.chart)))]
    if found.table is not None:
        section.tables.append(table_block(found.table.rows, found.table.cols, ctx.L, title=found.table.what))
    return section


def _plain_md(text: str | None) -> str:
    return "".join(r.text for r in runs(text)) if text else ""


def _definitions(theme: str, L: str) -> list[list[str]]:
    i = 1 if L == "en" else 0
    return [[term[i], meaning[i]] for term, meaning in DEFINITIONS.get(theme, [])]


def table_block(df: pd.DataFrame, cols, L: str, title: str = "") -> Table:
    """A page's table as the report prints it: display_frame's cells (the page's formatter, labels
    and "afgeschermd"), numbers right-aligned, the viewer's own rows marked."""
    shown = display_frame(df, cols, L)
    numeric_names = {column(c.name) for c in cols if c.kind not in ("text", "bool") and not c.code}
    return Table(columns=list(shown.columns), numeric=[c in numeric_names for c in shown.columns],
                 rows=shown.astype(str).values.tolist(), own=[bool(x) for x in own_rows(df)], title=title)


# -- data quality -----------------------------------------------------------------------------------
def _quality(ctx: _Context) -> Section:
    """The deliveries this report's viewer sees, rejected rows by reason, the gates: counted from
    row-level queries after the scope, so nothing of another region is counted either."""
    snap, L = ctx.snap, ctx.L
    section = Section(title=t("page.datakwaliteit"), definitions=_definitions("datakwaliteit", L))
    if not snap.has("ops.deliveries"):
        section.paragraphs.append([Run(t("report.quality_none"))])
        return section
    by_region = all(snap.has(t) for t in REFERENCE)
    every = datakwaliteit.Filters()
    files = snap.query(DELIVERIES, [ctx.region]) if by_region else datakwaliteit.files(snap, every)
    if not snap.has("ops.rejected_rows"):
        rejected = pd.DataFrame(columns=["feed", "reason"])
    elif by_region and "delivery_id" in snap.columns("ops.rejected_rows"):
        rejected = snap.query(REJECTED, [ctx.region])
    else:
        rejected = datakwaliteit.rejected(snap, every)
    gates = snap.query(GATE_RESULTS) if snap.has("ops.gate_results") else None
    published_at = snap.published_at()
    passed = None if gates is None else int(gates["passed"].sum())
    text = t("dq.headline", published_at=fmt.timestamp(published_at, L),
             age=fmt.age(dt.datetime.now() - published_at, L) if published_at else fmt.MISSING,
             feed=t("filter.all_feeds"), files=fmt.integer(len(files), L),
             senders=fmt.integer(files["sender"].nunique(), L),
             loaded=fmt.integer((files["status"] == "loaded").sum(), L),
             refused=fmt.integer((files["status"] == "refused").sum(), L), rejected=fmt.integer(len(rejected), L))
    if gates is not None:
        text += t("dq.headline_gates", passed=fmt.integer(passed, L), n=fmt.integer(len(gates), L),
                  blocking=fmt.integer(int((~gates["passed"] & gates["blocking"]).sum()), L))
    section.headline = runs(text)
    section.paragraphs.append([Run(t("report.quality_scope", subject=ctx.who))])
    if len(files):
        per_feed = files.groupby("feed", dropna=False).agg(
            files=("status", "size"), in_use=("status", lambda s: int((s == "loaded").sum())),
            refused=("status", lambda s: int((s == "refused").sum())), senders=("sender", "nunique"),
            rows_received=("rows_received", "sum"), rows_loaded=("rows_loaded", "sum"),
            rows_rejected=("rows_rejected", "sum"), last_received=("received_at", "max")).reset_index()
        per_feed["feed"] = _named(per_feed["feed"], "feed", L)
        section.tables.append(_table(per_feed, [
            ("feed", column("feed"), "text"), ("files", t("report.col.files"), "int"),
            ("in_use", t("report.col.in_use"), "int"), ("refused", t("report.col.refused"), "int"),
            ("senders", column("senders"), "int"), ("rows_received", column("rows_received"), "int"),
            ("rows_loaded", column("rows_loaded"), "int"), ("rows_rejected", column("rows_rejected"), "int"),
            ("last_received", column("last_received"), "ts")], L, t("report.quality_files")))
    if len(rejected):
        reasons = (rejected.assign(reason=rejected["reason"].astype(str).str.slice(0, 90))
                   .groupby(["feed", "reason"], dropna=False).size().reset_index(name="rows")
                   .sort_values(["rows", "feed", "reason"], ascending=[False, True, True]).head(10))
        reasons["feed"] = _named(reasons["feed"], "feed", L)
        section.tables.append(_table(reasons, [("feed", column("feed"), "text"), ("reason", column("reason"), "text"),
                                               ("rows", t("report.col.rows"), "int")], L,
                                     t("report.quality_reasons")))
    if gates is not None and len(gates):
        per_mart = gates.groupby("mart").agg(checks=("passed", "size"), failed=("passed", lambda s: int((~s).sum())),
                                             blocking=("blocking", "any")).reset_index()
        per_mart["mart"] = _named(per_mart["mart"], "mart", L)
        section.tables.append(_table(per_mart, [("mart", column("mart"), "text"), ("checks", column("checks"), "int"),
                                                ("failed", column("failed"), "int"),
                                                ("blocking", column("blocking"), "bool")], L,
                                     t("report.quality_gates")))
    return section


def _named(values: pd.Series, kind: str, L: str) -> pd.Series:
    """Codes by their names in the report's language, the code beside (i18n.code), as on the pages."""
    return values.map(lambda v: fmt.MISSING if fmt.is_missing(v) else code(kind, v, L))


def _table(df: pd.DataFrame, spec: list[tuple[str, str, str]], L: str, title: str) -> Table:
    """A table the report makes itself (counts over the scoped rows), in the pages' notation."""
    return Table(columns=[title for _, title, _ in spec], numeric=[kind in ("int", "pct", "eur") for *_, kind in spec],
                 rows=[[fmt.cell(getattr(r, name), kind, L) for name, _, kind in spec] for r in df.itertuples()],
                 title=title)


# -- suppression ------------------------------------------------------------------------------------
def _suppression(ctx: _Context) -> Section:
    """What suppression hid in this report and why (contract 2 of marts.md, docs/disclosure.md)."""
    snap, L, year = ctx.snap, ctx.L, ctx.year
    lines = []
    for mart in SUPPRESSION:
        if not snap.has(f"marts.{mart}"):
            continue
        params = [year, ctx.region, ctx.region] if mart == "kpi_scorecard" else [ctx.region, year]
        rows = snap.query(SUPPRESSION[mart], params)
        hidden = rows["suppressed"].fillna(False).astype(bool) if "suppressed" in rows else pd.Series(False, rows.index)
        mine = own_rows(rows)
        lines.append({"what": t(f"report.what.{mart}", year=year), "rows": len(rows),
                      "shielded": int((hidden | mine).sum()), "own": int(mine.sum())})
    total = sum(x["rows"] for x in lines)
    shielded = sum(x["shielded"] for x in lines)
    own = sum(x["own"] for x in lines)
    headline = t("report.suppression_headline", shielded=fmt.integer(shielded, L), rows=fmt.integer(total, L),
                 year=year)
    if ctx.partnership and own:
        headline += t("report.suppression_own", own=fmt.integer(own, L))
    spec = [("what", t("report.col.what"), "text"), ("rows", t("report.col.rows"), "int"),
            ("shielded", t("report.col.shielded"), "int")]
    if ctx.partnership:
        spec.append(("own", t("report.col.own"), "int"))
    return Section(title=t("report.suppression_title"), headline=runs(headline),
                   paragraphs=[runs(t("report.suppression_rule1", threshold=ctx.threshold)),
                               runs(t("report.suppression_rule2", threshold=ctx.threshold)),
                               [Run(t("report.suppression_where"))]],
                   tables=[_table(pd.DataFrame(lines, columns=["what", "rows", "shielded", "own"]), spec, L, "")])
