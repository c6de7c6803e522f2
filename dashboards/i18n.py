"""Every string the reader sees, in Dutch (default) and English. Pages call t("key", **values) with
values already formatted (dashboards.formatting), and code(kind, value) for the marts' codes."""
from __future__ import annotations

import contextlib
from contextvars import ContextVar

import streamlit as st

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"
KEY = "lang"

STRINGS: dict[str, tuple[str, str]] = {
    # -- app ----------------------------------------------------------------------------------
    "app.snapshot": ("Snapshot van {published_at}", "Snapshot of {published_at}"),
    "app.snapshot_age": ("{age} geleden gepubliceerd", "published {age} ago"),
    "page.overzicht": ("Overzicht", "Overview"),
    "page.uitval": ("Uitval", "Dropout"),
    "page.kosten": ("Kosten", "Costs"),
    "page.capaciteit": ("Capaciteit", "Capacity"),
    "page.doorstroom": ("Doorstroom", "Inflow"),
    "page.datakwaliteit": ("Datakwaliteit", "Data quality"),
    "empty.no_snapshot": (
        "Er is nog geen gepubliceerde snapshot in `{path}`. Draai eerst de pijplijn, bijvoorbeeld "
        "`regiomonitor run --home {home}` (of `regiomonitor demo` voor voorbeeldgegevens); daarna "
        "verschijnen de rapporten hier vanzelf.",
        "There is no published snapshot in `{path}` yet. Run the pipeline first, for example "
        "`regiomonitor run --home {home}` (or `regiomonitor demo` for sample data); the reports then "
        "appear here by themselves."),
    "empty.missing_table": (
        "Deze snapshot bevat de tabel `{table}` niet. Hij is gemaakt door een oudere versie van de "
        "pijplijn; draai `regiomonitor run` opnieuw.",
        "This snapshot has no table `{table}`. It was built by an older version of the pipeline; run "
        "`regiomonitor run` again."),
    "empty.unreadable": (
        "De snapshot `{path}` is niet te lezen ({error}). Draai `regiomonitor run` opnieuw.",
        "The snapshot `{path}` cannot be read ({error}). Run `regiomonitor run` again."),
    "empty.changing": (
        "De snapshot werd tijdens het lezen steeds vervangen. Ververs de pagina over een paar seconden.",
        "The snapshot kept being replaced while it was read. Refresh the page in a few seconds."),
    "empty.no_rows": (
        "Geen gegevens voor deze selectie: {what}. Kies een andere selectie hierboven.",
        "No data for this selection: {what}. Choose another selection above."),
    "empty.no_mart_rows": (
        "De mart `{table}` is leeg in deze snapshot: er zijn (nog) geen aanleveringen die hierin tellen.",
        "The mart `{table}` is empty in this snapshot: no deliveries count towards it (yet)."),
    # -- access (dashboards.signin) -----------------------------------------------------------------
    "access.not_configured": (
        "Toegang is nog niet ingericht, dus deze pagina toont geen gegevens. Zet de gebruikers met hun "
        "rol (admin, regio of partnerschap) in `{path}` en stel het inloggen in met een `[auth]`-sectie "
        "in `.streamlit/secrets.toml` (OpenID Connect); zie docs/dashboards.md, 'Access'. Een demo-home "
        "(`regiomonitor demo`) werkt zonder.",
        "Access has not been set up, so this page shows no data. List the users with their role (admin, "
        "region or partnership) in `{path}` and set up sign-in with an `[auth]` section in "
        "`.streamlit/secrets.toml` (OpenID Connect); see docs/dashboards.md, 'Access'. A demo home "
        "(`regiomonitor demo`) works without."),
    "access.sign_in_needed": ("Log in om de rapporten te zien.", "Sign in to see the reports."),
    "access.sign_in": ("Inloggen", "Sign in"),
    "access.sign_in_with": ("Inloggen met {provider}", "Sign in with {provider}"),
    "access.sign_out": ("Uitloggen", "Sign out"),
    "access.signed_in_as": ("Ingelogd als {email}", "Signed in as {email}"),
    "access.no_email": ("Je inlogaccount geeft geen e-mailadres door; vraag de beheerder om hulp.",
                        "Your sign-in account passes no e-mail address; ask the administrator for help."),
    "access.unknown_user": (
        "{email} heeft geen toegang: dit adres staat niet in `{path}`. Vraag de beheerder om je toe te voegen.",
        "{email} has no access: this address is not in `{path}`. Ask the administrator to add you."),
    "access.no_file": (
        "{email} heeft geen toegang: er is nog geen toegangsbestand `{path}`. Vraag de beheerder het aan te maken.",
        "{email} has no access: there is no access file `{path}` yet. Ask the administrator to create it."),
    "access.bad_file": ("Het toegangsbestand is niet te lezen, dus niemand ziet gegevens: {error}",
                        "The access file cannot be read, so nobody sees any data: {error}"),
    "access.unknown_names": (
        "`{path}` geeft {email} toegang tot {names}, maar deze snapshot kent die naam niet.",
        "`{path}` gives {email} access to {names}, but this snapshot does not know that name."),
    "access.refused_names": (
        "`{path}` geeft {email} toegang tot {names}, maar die naam staat in deze snapshot niet voor precies "
        "één code ({why}); deze toegang geldt daarom niet. Geef de code (region_code of partnership_code) op.",
        "`{path}` gives {email} access to {names}, but in this snapshot that name does not stand for exactly "
        "one code ({why}), so this access does not apply. Give the code (region_code or partnership_code)."),
    "access.why_code": ("de naam is ook een code", "the name is also a code"),
    "access.why_shared": ("meer dan één regio of partnerschap heeft die naam",
                          "more than one region or partnership has that name"),
    "access.why_fixed": ("de naam is een vaste waarde of een getal", "the name is a fixed value or a number"),
    "access.no_reference": (
        "Deze snapshot heeft nog geen namen van regio's en partnerschappen (`marts.partnerships`), dus "
        "toegang per regio of partnerschap kan niet; draai `regiomonitor run` opnieuw.",
        "This snapshot has no region and partnership names yet (`marts.partnerships`), so access per "
        "region or partnership is not possible; run `regiomonitor run` again."),
    "access.demo_banner": (
        "**Demo** — voorbeeldgegevens. Kies links onder 'Bekijken als' wie er kijkt; in een echte "
        "installatie log je in en bepaalt het toegangsbestand wat je ziet.",
        "**Demo** — sample data. Choose on the left under 'View as' who is looking; in a real "
        "installation you sign in and the access file decides what you see."),
    "access.demo_viewer": ("Bekijken als (demo)", "View as (demo)"),
    "access.demo_admin": ("Beheerder: alles ({email})", "Administrator: everything ({email})"),
    "access.demo_region": ("Regio: {what} ({email})", "Region: {what} ({email})"),
    "access.demo_partnership": ("Partnerschap: {what} ({email})", "Partnership: {what} ({email})"),
    "access.demo_sender": ("Aanleveraar: {what} ({email})", "Sender: {what} ({email})"),

    "download.csv": ("CSV", "CSV"),
    "download.xlsx": ("Excel", "Excel"),
    "download.help": ("De {n} rijen van de tabel zoals hij ze toont, voor Excel (CSV met ; en decimale komma).",
                      "The table's {n} rows as it shows them, for Excel (CSV with ; and decimal comma)."),
    "download.about_sheet": ("Over deze gegevens", "About this data"),
    "about.title": ("regiomonitor", "regiomonitor"),
    "about.intro": ("Gegevens uit de gepubliceerde snapshot van regiomonitor.",
                    "Data from regiomonitor's published snapshot."),
    "about.snapshot": ("Snapshot van", "Snapshot of"),
    "about.scope": ("Bekeken als", "Viewed as"),
    "about.selection": ("Selectie", "Selection"),
    "about.suppression": ("Afscherming", "Shielding"),
    "about.notation": ("Notatie", "Notation"),
    "about.notation_text": (
        "Getallen afgerond zoals de pagina ze toont; percentages als fractie met procentnotatie (in de CSV als "
        "percentage, kolom \"(%)\"); bedragen in euro. Een afgeschermde cel is leeg; de laatste kolom zegt welke "
        "rijen zijn afgeschermd.",
        "Numbers rounded as the page shows them; percentages as fractions in percent format (in the CSV as the "
        "percentage, column \"(%)\"); amounts in euro. A shielded cell is empty; the last column says which rows "
        "are shielded."),
    "about.source": ("Bestand", "File"),
    "table.rows": ("{n} rijen · {what}", "{n} rows · {what}"),
    "table.total": ("Totaal", "Total"),
    "print.first_rows": ("Afgedrukt: de eerste {n} van {total} rijen; de download bevat ze allemaal.",
                         "Printed: the first {n} of {total} rows; the download holds them all."),
    "table.total_hidden": (
        "Een leeg totaal: een van de rijen is afgeschermd en de snapshot publiceert geen totaal van deze rijen "
        "(de som van de andere rijen zou de afgeschermde rij verraden).",
        "An empty total: one of the rows is shielded and the snapshot publishes no total of these rows (the sum "
        "of the other rows would give the shielded row away)."),
    "table.suppressed_note": (
        "\"afgeschermd\": een groep van minder dan {threshold} personen, of een grotere groep die is "
        "afgeschermd om een kleine groep te beschermen (welke van de twee staat nergens); in de downloads is "
        "zo'n cel leeg en staat in de kolom \"afgeschermd\" ja.",
        "\"shielded\": a group of fewer than {threshold} people, or a larger group shielded to protect a small "
        "one (which of the two is not said anywhere); in the downloads such a cell is empty and the column "
        "\"shielded\" says yes."),
    "own.column": ("zichtbaar voor", "visible to"),
    "own.only_you": ("alleen voor u", "only you"),
    "own.everyone": ("iedereen", "everyone"),
    "own.note": (
        "Rijen \"alleen voor u\" zijn de eigen cijfers van uw partnerschap: u ziet ze volledig, iedereen "
        "anders ziet ze afgeschermd. De downloads bevatten ze zoals anderen ze zien.",
        "Rows \"only you\" are your partnership's own figures: you see them in full, everyone else sees "
        "them shielded. The downloads hold them as others see them."),
    "table.suppressed_help": (
        "Afgeschermd: minder dan {threshold} personen, of afgeschermd om een kleine groep te beschermen.",
        "Shielded: fewer than {threshold} people, or shielded to protect a small group."),
    "filter.region": ("Regio", "Region"),
    "filter.partnership": ("Partnerschap", "Partnership"),
    "filter.all_partnerships": ("Alle partnerschappen", "All partnerships"),
    "filter.year": ("Studiejaar", "Academic year"),
    "filter.cohort": ("Cohort (instroomjaar)", "Cohort (entry year)"),
    "filter.horizon": ("Na jaren", "After years"),
    "filter.programme": ("Opleiding", "Programme"),
    "filter.mode": ("Vorm", "Mode"),
    "filter.sector": ("Sector", "Sector"),
    "filter.all_sectors": ("Alle sectoren", "All sectors"),
    "filter.track": ("Schoolsoort", "Track"),
    "filter.exam_year": ("Examenjaar", "Exam year"),
    "filter.scope": ("Regio of partnerschap", "Region or partnership"),
    "filter.feed": ("Feed", "Feed"),
    "filter.all_feeds": ("Alle feeds", "All feeds"),
    "filter.status": ("Status", "Status"),
    "filter.all_statuses": ("Alle statussen", "All statuses"),
    "scope.region": ("regio", "region"),
    "scope.partnership": ("partnerschap", "partnership"),
    "chart.year": ("Jaar", "Year"),
    "chart.national": ("landelijk", "national"),
    "chart.target": ("doel", "target"),
    "chart.norm": ("norm", "norm"),
    "peers.section": ("Vergeleken met alle regio's", "Compared with every region"),
    "peers.title": ("{kpi} in {year}: plaats {rank} van {n} regio's (laag naar hoog)",
                    "{kpi} in {year}: rank {rank} of {n} regions (low to high)"),
    "peers.own": ("deze regio", "this region"),
    "peers.other": ("andere regio's", "other regions"),
    "peers.axis_unplaced": ("zonder leerwerkplek per 100 aanvragen", "without a place per 100 requests"),
    "peers.note": (
        "Elke stip is het regiocijfer van één onderwijsregio; de andere regio's blijven naamloos. Aantallen "
        "staan hier als verhouding: studenten zonder leerwerkplek per 100 aanvragen.",
        "Each dot is one education region's figure; the other regions stay anonymous. Counts appear as rates "
        "here: students without a place per 100 requests."),

    # -- Overzicht ------------------------------------------------------------------------------
    "overzicht.intro": (
        "De KPI's van de kwaliteitscyclus per regio en partnerschap: waarde, doel, landelijke waarde en "
        "status, de ontwikkeling over de jaren en wat deze snapshot nieuw binnenbracht.",
        "The quality cycle's KPIs per region and partnership: value, target, national value and status, "
        "the trend over the years and what this snapshot brought in."),
    "overzicht.headline": (
        "In {year} is {scope} op koers voor {on} van de {targets} KPI's met een doel.",
        "In {year}, {scope} is on track for {on} of the {targets} KPIs that have a target."),
    "overzicht.headline_off": (" Niet op koers: {items}.", " Off track: {items}."),
    "overzicht.headline_none": (
        "In {year} heeft {scope} geen KPI's met een doel en een waarde.",
        "In {year}, {scope} has no KPIs with both a target and a value."),
    "overzicht.off_item": ("{kpi} {value} (doel {target})", "{kpi} {value} (target {target})"),
    "overzicht.metric_help": ("Doel {target} · landelijk {national} · {status}",
                              "Target {target} · national {national} · {status}"),
    "overzicht.metric_help_count": (
        "Doel {target} · {own} per 100 aanvragen in de regio, landelijk {national} per 100 · {status}",
        "Target {target} · {own} per 100 requests in the region, {national} per 100 nationally · {status}"),
    "overzicht.details": ("Naar {page}", "To {page}"),
    "overzicht.delta": ("{delta} t.o.v. {year}", "{delta} vs {year}"),
    "overzicht.trend": ("Ontwikkeling over de jaren", "Trend over the years"),
    "overzicht.changes": ("Wat is er veranderd sinds de vorige snapshot", "What changed since the previous snapshot"),
    "overzicht.changes_kpi": (
        "{n} KPI-waarden van {scope} verschillen van de vorige snapshot ({previous}).",
        "{n} KPI values of {scope} differ from the previous snapshot ({previous})."),
    "overzicht.changes_none": ("Geen KPI-waarde van {scope} is veranderd sinds de vorige snapshot ({previous}).",
                               "No KPI value of {scope} changed since the previous snapshot ({previous})."),
    "overzicht.changes_files": (
        "Deze snapshot is gebouwd na de inlezing van {received}: {n} bestand(en), waarvan {loaded} in gebruik "
        "genomen, {replaced} vervangen, {duplicate} dubbel en {refused} geweigerd.",
        "This snapshot was built after the ingest of {received}: {n} file(s), of which {loaded} taken into "
        "use, {replaced} replaced, {duplicate} duplicate and {refused} refused."),
    "overzicht.changes_no_previous": (
        "De vorige KPI-waarden staan niet in de snapshot; hieronder de bestanden die deze snapshot nieuw "
        "binnenbracht.",
        "The previous KPI values are not in the snapshot; below are the files this snapshot brought in."),
    "overzicht.files": ("De {n} bestanden van die inlezing", "The {n} files of that ingest"),
    "overzicht.table": ("Scorecard van {scope}", "Scorecard of {scope}"),
    "col.before": ("vorige", "previous"),
    "col.after": ("nu", "now"),

    # -- Uitval ---------------------------------------------------------------------------------
    "uitval.intro": (
        "**Definitie: uitval uit de lerarenopleiding.** Wie naar een opleiding buiten het lerarenonderwijs "
        "vertrekt of stopt, telt als uitvaller; wie overstapt naar een andere lerarenopleiding (bijvoorbeeld "
        "van pabo naar tweedegraads) telt apart als *overstapper* en blijft behouden voor het onderwijs. Dit "
        "is dus niet de uitval uit het hoger onderwijs van de Inspectie en niet de uitval per opleiding van "
        "het CBS.",
        "**Definition: dropout from teacher training.** A student who leaves for a programme outside teacher "
        "training, or stops, counts as dropped out; one who moves to another teacher-training programme (say "
        "from pabo to tweedegraads) counts apart as *switched* and stays in the sector. This is neither the "
        "Inspectorate's dropout from higher education nor CBS's per-programme dropout."),
    "uitval.headline": (
        "In cohort {cohort} viel {rate} van de {mode} {programme}-studenten van {partnership} {when} uit de "
        "lerarenopleiding, tegen {national} landelijk.",
        "In cohort {cohort}, {rate} of the {mode} {programme} students of {partnership} dropped out of teacher "
        "training {when}, against {national} nationally."),
    "uitval.headline_switch": (
        " Daarnaast stapte {switch} over naar een andere lerarenopleiding; {graduated} haalde een diploma.",
        " Another {switch} switched to another teacher-training programme; {graduated} graduated."),
    "uitval.headline_suppressed": (
        "In cohort {cohort} zijn de {mode} {programme}-studenten van {partnership} afgeschermd (minder dan "
        "{threshold} studenten, of afgeschermd om een kleine groep te beschermen); de uitval wordt daarom niet "
        "getoond (landelijk {national} {when}).",
        "In cohort {cohort}, the {mode} {programme} students of {partnership} are shielded (fewer than "
        "{threshold} students, or shielded to protect a small group), so the dropout is not shown "
        "({national} nationally {when})."),
    "uitval.when1": ("in het eerste jaar", "in the first year"),
    "uitval.whenN": ("binnen {h} jaar", "within {h} years"),
    "uitval.curves": ("Uitval, overstap en diploma per jaar na instroom (cohort {cohort}, {partnership})",
                      "Dropout, switch and graduation by year after entry (cohort {cohort}, {partnership})"),
    "uitval.side_by_side": ("Partnerschappen in {region} naast elkaar en tegen het land ({when})",
                            "Partnerships in {region} side by side and against the country ({when})"),
    "uitval.trend": ("Uitval {when} over de cohorten", "Dropout {when} over the cohorts"),
    "uitval.groups": ("De zeven studentgroepen in {region}, cohort {cohort} (na één jaar)",
                      "The seven student groups in {region}, cohort {cohort} (after one year)"),
    "uitval.groups_note": (
        "Per groep de uitval na één jaar over alle partnerschappen van de regio; de streep is het landelijke "
        "cijfer van dezelfde groep.",
        "Per group the dropout after one year over all partnerships of the region; the tick is the national "
        "figure of the same group."),
    "uitval.table": ("Alle partnerschappen in {region}: {programme}, {mode}, cohort {cohort}",
                     "All partnerships in {region}: {programme}, {mode}, cohort {cohort}"),
    "uitval.groups_table": ("Studentgroepen in {region}, cohort {cohort}", "Student groups in {region}, cohort {cohort}"),
    "uitval.intake": ("Instroom in {region} tegen het land (DUO)", "Intake in {region} against the country (DUO)"),
    "uitval.intake_headline": (
        "In {cohort} begonnen landelijk {national} eerstejaars {mode} aan een {programme}-opleiding (DUO); de "
        "getoonde partnerschappen van {region} telden er {region_intake} ({share} van het land).",
        "In {cohort}, {national} first-year {mode} students started a {programme} programme in the whole country "
        "(DUO); the partnerships of {region} shown counted {region_intake} of them ({share} of the country)."),
    "uitval.intake_hidden": (
        " {n} afgeschermde partnerschap(pen) tellen niet mee.",
        " {n} shielded partnership(s) are not counted."),
    "uitval.intake_none": (
        "Geen landelijke instroom voor {programme} ({mode}) in deze snapshot. Lever DUO's open-databestand "
        "'eerstejaars ingeschrevenen hbo/wo' ongewijzigd aan in `inbox/duo_intake/` om de regio tegen het land "
        "te zetten.",
        "No national intake for {programme} ({mode}) in this snapshot. Deliver DUO's open data file "
        "'eerstejaars ingeschrevenen hbo/wo' unchanged into `inbox/duo_intake/` to set the region against the "
        "country."),
    "measure.dropout_rate": ("uitval", "dropout"),
    "measure.switch_rate": ("overstap", "switch"),
    "measure.graduation_rate": ("diploma", "graduation"),
    "measure.national_dropout_rate": ("uitval landelijk", "dropout nationally"),

    # -- Kosten ---------------------------------------------------------------------------------
    "kosten.intro": (
        "Kosten van de begeleiding per begeleide student (werkplekbegeleiding, schoolopleiders, "
        "instituutsopleiders en overige kosten) tegen de subsidie van de onderwijsregio; de stagevergoeding "
        "staat er los van. Daarnaast de begeleidings-fte per student tegen de norm.",
        "Cost of supervision per supervised student (mentors, school-based and institute-based teacher "
        "educators and other costs) against the region's subsidy; the internship allowance is shown apart. "
        "Also the supervision fte per student against the norm."),
    "kosten.headline": (
        "In {year} kostte de begeleiding bij {partnership} {cost} per begeleide student ({students} studenten), "
        "tegen {subsidy} subsidie per student: een tekort van {gap} per student. De stagevergoeding van "
        "{allowance} in totaal komt daar nog bij. Begeleiding: {fte} fte per student, tegen een norm van {norm}.",
        "In {year}, supervision at {partnership} cost {cost} per supervised student ({students} students), "
        "against {subsidy} subsidy per student: a gap of {gap} per student. The internship allowance of "
        "{allowance} in total comes on top. Supervision: {fte} fte per student, against a norm of {norm}."),
    "kosten.headline_suppressed": (
        "In {year} zijn de begeleide studenten van {partnership} afgeschermd (minder dan {threshold}, of "
        "afgeschermd om een kleine groep te beschermen); bedragen per student en de subsidie (die per student "
        "wordt betaald) worden niet getoond. In totaal: {cost} begeleidingskosten en {allowance} stagevergoeding.",
        "In {year}, the supervised students of {partnership} are shielded (fewer than {threshold}, or shielded "
        "to protect a small group); amounts per student and the subsidy (paid per student) are not shown. In "
        "total: {cost} supervision cost and {allowance} internship allowance."),
    "kosten.headline_region": (
        "In {year} kostte de begeleiding in {region} {cost} per begeleide student, tegen {subsidy} subsidie per "
        "student (landelijk {national}): een tekort van {gap} per student. {over} van de {n} getoonde "
        "partnerschappen zitten boven de subsidie. De stagevergoeding van {allowance} komt "
        "daar nog bij.",
        "In {year}, supervision in {region} cost {cost} per supervised student, against {subsidy} subsidy per "
        "student ({national} nationally): a gap of {gap} per student. {over} of the {n} partnerships shown are "
        "above the subsidy. The internship allowance of {allowance} comes on top."),
    "kosten.cost_chart": ("Kosten per begeleide student tegen de subsidie ({subsidy})",
                          "Cost per supervised student against the subsidy ({subsidy})"),
    "kosten.gap_chart": ("Financieringstekort per student, per partnerschap en jaar",
                         "Funding gap per student, per partnership and year"),
    "kosten.allowance_chart": ("Stagevergoeding (apart van de begeleidingskosten)",
                               "Internship allowance (apart from the supervision cost)"),
    "kosten.fte_chart": ("Begeleidings-fte per student tegen de norm ({norm})",
                         "Supervision fte per student against the norm ({norm})"),
    "kosten.table": ("Kosten per begeleide student: {what}", "Cost per supervised student: {what}"),

    # -- Capaciteit -----------------------------------------------------------------------------
    "capaciteit.intro": (
        "Leerwerkplekken en begeleiders per regio, sector en vak: aangeboden plaatsen tegen aanvragen, "
        "geplaatste en niet-geplaatste studenten, begeleidings-fte beschikbaar tegen nodig, en het soort "
        "schaarste: te weinig **leerwerkplekken**, te weinig **begeleiders**, **beide** of **geen**.",
        "Workplace-learning places and supervisors per region, sector and subject: places offered against "
        "requests, placed and unplaced students, supervisor fte available against required, and the kind of "
        "scarcity: too few **places** (leerwerkplekken), too few **supervisors** (begeleiders), **both** "
        "(beide) or **none** (geen)."),
    "capaciteit.headline": (
        "In {year} vroegen {requests} studenten in {region} ({sector}) een leerwerkplek aan bij {places} "
        "aangeboden plaatsen; {unplaced} bleven zonder plek. Begeleiding: {available} fte beschikbaar tegen "
        "{required} fte nodig.",
        "In {year}, {requests} students in {region} ({sector}) requested a workplace-learning place against "
        "{places} places offered; {unplaced} stayed unplaced. Supervision: {available} fte available against "
        "{required} fte required."),
    "capaciteit.headline_scarcity": (" Schaarste: {items}.", " Scarcity: {items}."),
    "capaciteit.places_chart": ("Plaatsen, aanvragen en geplaatste studenten per sector ({year})",
                                "Places, requests and placed students per sector ({year})"),
    "capaciteit.fte_chart": ("Begeleidings-fte beschikbaar en nodig per sector ({year})",
                             "Supervisor fte available and required per sector ({year})"),
    "capaciteit.trend_chart": ("Niet-geplaatste studenten over de jaren", "Unplaced students over the years"),
    "capaciteit.subject_chart": ("Vraag per aangeboden plaats per vak ({year}, vo en mbo)",
                                 "Requests per place offered by subject ({year}, vo and mbo)"),
    "capaciteit.whatif": ("Wat als: maatregelen doorrekenen", "What if: try the remedies"),
    "capaciteit.whatif_intro": (
        "Reken de maatregelen uit de praktijk door op {region}, {year}. **Duoplaatsingen**: twee studenten bij "
        "één begeleider, dat halveert de benodigde begeleiding voor dat deel. **Gedeelde begeleiders**: een "
        "deel van het overschot aan begeleidings-fte in de ene sector dekt tekorten in een andere sector van "
        "de regio (ambulante schoolopleiders). **Extra plaatsen**: per sector; elke extra plaats gaat naar een "
        "student die nog geen plek had, en die student heeft ook begeleiding nodig.",
        "Apply the remedies named in practice to {region}, {year}. **Duo placements**: two students with one "
        "supervisor, which halves the supervision required for that share. **Shared supervisors**: part of the "
        "surplus supervisor fte in one sector covers gaps in another sector of the region (ambulant school-based "
        "educators). **Extra places**: per sector; each extra place goes to a student who had none, and that "
        "student needs supervision too."),
    "capaciteit.duo": ("Aandeel duoplaatsingen (%)", "Share of duo placements (%)"),
    "capaciteit.pool": ("Gedeeld overschot aan begeleiders (%)", "Shared surplus of supervisors (%)"),
    "capaciteit.extra": ("Extra leerwerkplekken per sector", "Extra places per sector"),
    "capaciteit.whatif_headline": (
        "Met {duo} duoplaatsingen, {pool} gedeeld overschot en {extra} extra plaatsen per sector: {items}.",
        "With {duo} duo placements, {pool} shared surplus and {extra} extra places per sector: {items}."),
    "capaciteit.whatif_item": ("{sector} {before} → {after}", "{sector} {before} → {after}"),
    "capaciteit.whatif_chart": ("Tekort aan begeleidings-fte per sector: nu en met de maatregelen",
                                "Supervisor fte gap per sector: now and with the remedies"),
    "capaciteit.no_places": ("geen plaatsen", "no places"),
    "capaciteit.now": ("nu", "now"),
    "capaciteit.with": ("met maatregelen", "with remedies"),
    "capaciteit.table": ("Capaciteit in {region}: {sector}, alle jaren", "Capacity in {region}: {sector}, all years"),
    "capaciteit.subject_table": ("Capaciteit per vak in {region}, {year}", "Capacity by subject in {region}, {year}"),
    "capaciteit.whatif_table": ("Doorrekening per sector", "Result per sector"),

    # -- Doorstroom -----------------------------------------------------------------------------
    "doorstroom.intro": (
        "Welk deel van de gediplomeerden van elke middelbare school kiest een lerarenopleiding? Scholen in de "
        "onderste 15% van het land heten *laag*, in de bovenste 15% *hoog*; een school is *blijvend laag* als "
        "ze in minstens drie van de laatste vier examenjaren laag was. Scholen met minder dan {threshold} "
        "gediplomeerden zijn afgeschermd (en soms een school om zo'n kleine school te beschermen): ze krijgen "
        "geen percentage en tellen niet mee in het regiocijfer.",
        "Which share of each secondary school's graduates chooses teacher training? Schools in the country's "
        "bottom 15% are *low*, in the top 15% *high*; a school is *persistently low* when it was low in at least "
        "three of the last four exam years. Schools with fewer than {threshold} graduates are shielded (and "
        "sometimes a school to protect such a small school): they get no rate and do not count in the regional "
        "figure."),
    "doorstroom.headline": (
        "In {year} koos {rate} van de {track}-gediplomeerden van {schools} scholen in {region} voor een "
        "lerarenopleiding, tegen {national} landelijk. {low} scholen horen bij de onderste 15% en {high} bij "
        "de bovenste 15%; blijvend laag: {persistent}.",
        "In {year}, {rate} of the {track} graduates of {schools} schools in {region} chose teacher training, "
        "against {national} nationally. {low} schools are in the bottom 15% and {high} in the top 15%; "
        "persistently low: {persistent}."),
    "doorstroom.headline_suppressed": (
        " {n} afgeschermde scholen tellen niet mee.",
        " {n} shielded schools are not counted."),
    "doorstroom.schools_chart": ("Doorstroom per school ({track}, {year})", "Inflow per school ({track}, {year})"),
    "doorstroom.trend_chart": ("Regio en land over de examenjaren ({track})",
                               "Region and country over the exam years ({track})"),
    "doorstroom.persistent": ("Blijvend lage scholen in {year}", "Persistently low schools in {year}"),
    "doorstroom.persistent_none": ("Geen blijvend lage scholen in {year}.", "No persistently low schools in {year}."),
    "doorstroom.region_series": ("regio", "region"),
    "doorstroom.table": ("Scholen in {region}: {track}, {year}", "Schools in {region}: {track}, {year}"),
    "doorstroom.national_intake": (
        "Landelijk begonnen in {year} volgens DUO {national} eerstejaars aan een lerarenopleiding; de getoonde "
        "scholen van {region} leverden daarvan {entered} {track}-gediplomeerden ({share}).",
        "In {year}, {national} first-year students started teacher training in the whole country according to "
        "DUO; the schools of {region} shown supplied {entered} {track} graduates of them ({share})."),

    # -- Datakwaliteit --------------------------------------------------------------------------
    "dq.intro": (
        "Wat de aanleveraars stuurden en wat daarvan in de marts telt: bestanden per feed en aanleveraar, "
        "afgekeurde rijen per reden, geweigerde bestanden, kwaliteitspoorten en hoe vers elke feed is.",
        "What the senders delivered and what of it counts in the marts: files per feed and sender, rejected "
        "rows by reason, refused files, quality gates and how fresh each feed is."),
    "dq.headline": (
        "Snapshot van {published_at} ({age} geleden). {feed}: {files} bestanden van {senders} aanleveraars, "
        "waarvan {loaded} in gebruik en {refused} geweigerd; {rejected} rijen afgekeurd.",
        "Snapshot of {published_at} ({age} ago). {feed}: {files} files from {senders} senders, of which "
        "{loaded} in use and {refused} refused; {rejected} rows rejected."),
    "dq.deliveries_chart": ("Bestanden per feed en status", "Files per feed and status"),
    "dq.reasons_chart": ("Afgekeurde rijen per reden", "Rejected rows by reason"),
    "dq.freshness": ("Versheid per feed", "Freshness per feed"),
    "dq.freshness_refused": ("Versheid en geweigerde bestanden", "Freshness and refused files"),
    "dq.refused": ("Geweigerde bestanden", "Refused files"),
    "dq.refused_none": ("Geen geweigerde bestanden.", "No refused files."),
    "dq.gates": ("Kwaliteitspoorten", "Quality gates"),
    "dq.gates_none": (
        "Nog geen kwaliteitspoorten: deze snapshot bevat geen uitslagen van kwaliteitspoorten (ops.gate_results). "
        "Zodra de pijplijn ze publiceert, staan ze hier.",
        "No quality gates yet: this snapshot carries no gate results (ops.gate_results). They show here once "
        "the pipeline publishes them."),
    "dq.gates_summary": (
        "{passed} van de {n} controles van de kwaliteitspoorten geslaagd; {blocking} blokkerende controle(s) "
        "gefaald. Per mart en poort:",
        "{passed} of the {n} checks of the quality gates passed; {blocking} blocking check(s) failed. Per mart "
        "and gate:"),
    "dq.headline_gates": (" Kwaliteitspoorten: {passed} van de {n} controles geslaagd, {blocking} blokkerend gefaald.",
                          " Quality gates: {passed} of the {n} checks passed, {blocking} blocking failed."),
    "dq.gates_table": ("Alle controles van de kwaliteitspoorten", "Every check of the quality gates"),
    "dq.docs": ("Data Docs", "Data Docs"),
    "dq.docs_link": ("De Data Docs van de laatste run: [{path}]({url})",
                     "The Data Docs of the last run: [{path}]({url})"),
    "dq.docs_none": ("Er zijn nog geen Data Docs in `{path}`: ze verschijnen na de eerste run met kwaliteitspoorten.",
                     "There are no Data Docs in `{path}` yet: they appear after the first run with quality gates."),
    "dq.deliveries_table": ("Bestanden: {what}", "Files: {what}"),
    "dq.rejected_table": ("Afgekeurde rijen: {what}", "Rejected rows: {what}"),
    "dq.duo": ("Vergelijking met DUO", "Comparison with DUO"),
    "dq.duo_outflow": (
        "**Gediplomeerden tegen DUO.** Van {n} aangeleverde vo-uitstroomrijen met DUO-examencijfers wijken er "
        "{flagged} meer dan {margin} af van DUO's aantal geslaagden.",
        "**Graduates against DUO.** Of {n} delivered vo_outflow rows with DUO exam results, {flagged} differ by "
        "more than {margin} from DUO's number of graduates."),
    "dq.duo_outflow_none": (
        "Geen vergelijking van gediplomeerden met DUO: deze snapshot heeft geen aangeleverde vo-uitstroom van "
        "scholen waarvoor DUO's examenbestand (inbox/duo_examens/) cijfers geeft.",
        "No comparison of graduates with DUO: this snapshot has no delivered vo_outflow for schools that DUO's "
        "exam file (inbox/duo_examens/) covers."),
    "dq.duo_outflow_table": ("Gediplomeerden per school tegen DUO", "Graduates per school against DUO"),
    "dq.duo_croho": (
        "**Opleidingssoort tegen CROHO.** {n} combinaties van instelling, opleidingscode en soort in "
        "`enrolments`; {differs} wijken af van de CROHO-tabel.",
        "**Programme type against CROHO.** {n} combinations of institution, programme code and type in "
        "`enrolments`; {differs} differ from the CROHO table."),
    "dq.duo_croho_table": ("Opleidingssoorten die afwijken van CROHO", "Programme types that differ from CROHO"),
    # -- aanleveren (dashboards/reports/aanleveren.py) -------------------------------------------------
    "page.aanleveren": ("Aanleveren", "Deliver"),
    "upload.intro": (
        "Lever hier een bestand aan voor een van je eigen codes. Het wordt meteen gecontroleerd zoals de "
        "pijplijn het controleert; pas na je bevestiging komt het in de inbox, onder de naam die het contract "
        "vraagt. Een correctie krijgt een eigen naam en vervangt de vorige aanlevering van dezelfde feed en "
        "hetzelfde schooljaar.",
        "Deliver a file for one of your own codes here. It is checked at once as the pipeline checks it; only "
        "after you confirm does it go into the inbox, under the name the contract asks for. A correction gets "
        "its own name and replaces the earlier delivery of the same feed and academic year."),
    "upload.no_codes": (
        "Je account mag niets aanleveren. Vraag de beheerder om je codes als `senders: [...]` in `{path}` te zetten.",
        "Your account may not deliver anything. Ask the administrator to list your codes as `senders: [...]` in "
        "`{path}`."),
    "upload.sign_in": ("Log in om aan te leveren.", "Sign in to deliver."),
    "upload.sender": ("Afzender (je code)", "Sender (your code)"),
    "upload.feed": ("Soort aanlevering", "Feed"),
    "upload.year": ("Schooljaar (beginjaar)", "Academic year (start year)"),
    "upload.file": ("Bestand (CSV of XLSX)", "File (CSV or XLSX)"),
    "upload.template": ("Sjabloon voor {feed} (XLSX)", "Template for {feed} (XLSX)"),
    "upload.not_allowed": ("Dit bestand kan niet worden aangeleverd: {why}", "This file cannot be delivered: {why}"),
    "upload.as_name": ("Wordt aangeleverd als **{name}** in de feed **{feed}**.",
                       "Will be delivered as **{name}** in the feed **{feed}**."),
    "upload.refused": ("Het bestand zou worden geweigerd: {why}", "The file would be refused: {why}"),
    "upload.clean": ("In orde: alle {n} rijen zouden laden.", "Fine: all {n} rows would load."),
    "upload.rejected": ("{rejected} van de {n} rijen zouden worden afgekeurd; de andere {loaded} laden wel.",
                        "{rejected} of the {n} rows would be rejected; the other {loaded} would load."),
    "upload.confirm": ("Aanleveren", "Deliver"),
    "upload.done": ("Aangeleverd als **{name}**. De pijplijn verwerkt het bij de volgende ronde; de ontvangstbevestiging "
                    "verschijnt daarna hieronder.",
                    "Delivered as **{name}**. The pipeline processes it in its next round; the receipt then appears "
                    "below."),
    "upload.receipts": ("Ontvangstbevestigingen", "Receipts"),
    "upload.no_receipts": ("Nog geen ontvangstbevestigingen voor je codes.", "No receipts for your codes yet."),
    # -- the PDF report (dashboards/pdf) -------------------------------------------------------------
    "report.title": ("Kwaliteitsrapport {year}", "Quality report {year}"),
    "report.kind_region": ("Onderwijsregio", "Education region"),
    "report.kind_partnership": ("Partnerschap Samen Opleiden & Professionaliseren",
                                "Samen Opleiden & Professionaliseren partnership"),
    "report.fact_for": ("Voor", "For"),
    "report.fact_year": ("Jaar", "Year"),
    "report.year_value": ("{year}: cohort, studiejaar en examenjaar {year}", "{year}: cohort, academic year and exam year {year}"),
    "report.fact_snapshot": ("Gegevens", "Data"),
    "report.snapshot_value": ("snapshot van {published_at}", "snapshot of {published_at}"),
    "report.fact_made": ("Gemaakt", "Made"),
    "report.fact_audience": ("Bestemd voor", "Intended for"),
    "report.audience_region": (
        "het bestuur en de kwaliteitscyclus van de regio; de verantwoording aan regio, ministerie (subsidie) "
        "en accreditatie",
        "the region's board and quality cycle; accounting to the region, the ministry (subsidy) and accreditation"),
    "report.audience_partnership": (
        "het bestuur en de kwaliteitscyclus van het partnerschap (intern)",
        "the partnership's board and quality cycle (internal)"),
    "report.fact_small": ("Kleine aantallen", "Small numbers"),
    "report.small_value": ("afgeschermd onder {threshold} personen (\"afgeschermd\")",
                           "shielded below {threshold} people (\"shielded\")"),
    "report.intro": (
        "Dit rapport zet de cijfers van **{subject}** over {year} op een rij zoals de dashboards van regiomonitor "
        "ze tonen: de KPI's tegen doel, regio en land; per thema de kernzin, de belangrijkste grafiek en tabel en "
        "wat de begrippen betekenen; de kwaliteit van de aanleveringen; en wat de afscherming van kleine aantallen "
        "verbergt.",
        "This report sets out the figures of **{subject}** for {year} as regiomonitor's dashboards show them: the "
        "KPIs against target, region and country; per theme the headline, the main chart and table and what the "
        "terms mean; the quality of the deliveries; and what the shielding of small numbers hides."),
    "report.notice_partnership": (
        "Vertrouwelijk: dit rapport bevat eigen cijfers van {subject} die iedereen buiten het partnerschap "
        "afgeschermd ziet (gemarkeerd met †). Geef het niet door buiten het partnerschap. De andere "
        "partnerschappen van de regio staan er onder een vaste letter in (\"Partnerschap A\").",
        "Confidential: this report holds figures of {subject} that everyone outside the partnership sees "
        "shielded (marked †). Do not pass it on outside the partnership. The region's other partnerships appear "
        "under a fixed letter (\"Partnerschap A\")."),
    "report.notice_region": (
        "De partnerschappen van de regio staan er met naam in; cijfers over kleine groepen zijn afgeschermd, "
        "zoals in alles wat de regio deelt.",
        "The region's partnerships appear by name; figures about small groups are shielded, as in everything "
        "the region shares."),
    "report.footer": ("regiomonitor · {title}", "regiomonitor · {title}"),
    "report.contents": ("Inhoud", "Contents"),
    "report.kpi_title": ("KPI's", "KPIs"),
    "report.kpi_legend": (
        "Verandering: tegen {previous}. Regio en landelijk: dezelfde KPI over de regio en over het land. "
        "Trend: {subject} (doorgetrokken) en het land (gestreept), {first}–{last}.",
        "Change: against {previous}. Region and national: the same KPI over the region and over the country. "
        "Trend: {subject} (solid) and the country (dashed), {first}–{last}."),
    "report.own_note": (
        "† Eigen cijfer van het partnerschap: u ziet het volledig, iedereen anders ziet het afgeschermd.",
        "† The partnership's own figure: you see it in full, everyone else sees it shielded."),
    "report.label.kpi": ("KPI", "KPI"), "report.label.value": ("waarde", "value"),
    "report.label.change": ("verandering", "change"), "report.label.target": ("doel", "target"),
    "report.label.region": ("regio", "region"), "report.label.national": ("landelijk", "national"),
    "report.label.status": ("status", "status"), "report.label.trend": ("trend", "trend"),
    "report.label.definitions": ("Wat de begrippen betekenen", "What the terms mean"),
    "report.trend_value": ("waarde", "value"),
    "report.no_data": ("Geen gegevens voor {what} in deze snapshot.", "No data for {what} in this snapshot."),
    "report.quality_files": ("Aanleveringen per feed", "Deliveries per feed"),
    "report.quality_reasons": ("Afgekeurde rijen: de meest voorkomende redenen", "Rejected rows: the most common reasons"),
    "report.quality_gates": ("Kwaliteitspoorten per mart", "Quality gates per mart"),
    "report.quality_none": ("Geen aanleveringen in dit rapport.", "No deliveries in this report."),
    "report.quality_scope": (
        "Alleen de aanleveringen die bij {subject} horen of die iedereen ziet (instellingen, DUO, landelijke "
        "lijsten); aanleveringen van andere regio's en partnerschappen staan er niet in.",
        "Only the deliveries that belong to {subject} or that everyone sees (institutions, DUO, national lists); "
        "deliveries of other regions and partnerships are left out."),
    "report.col.files": ("bestanden", "files"), "report.col.in_use": ("in gebruik", "in use"),
    "report.col.refused": ("geweigerd", "refused"), "report.col.rows": ("rijen", "rows"),
    "report.col.what": ("gegevens", "data"), "report.col.shielded": ("afgeschermd", "shielded"),
    "report.col.own": ("daarvan alleen voor u", "of which only you"),
    "report.suppression_title": ("Afscherming van kleine aantallen", "Shielding of small numbers"),
    "report.suppression_headline": (
        "In dit rapport zijn **{shielded}** van de **{rows}** rijen met cijfers over personen in {year} "
        "afgeschermd.",
        "In this report **{shielded}** of the **{rows}** rows with figures about people in {year} are shielded."),
    "report.suppression_own": (
        " Daarvan ziet u er **{own}** volledig: het zijn de eigen cijfers van uw partnerschap.",
        " Of these you see **{own}** in full: they are your partnership's own figures."),
    "report.suppression_rule1": (
        "**Waarom.** Een groep van minder dan {threshold} personen (studenten, begeleide studenten, "
        "gediplomeerden) wordt niet getoond: het aantal, de percentages en de bedragen per student heten dan "
        "\"afgeschermd\". Daarnaast worden grotere groepen afgeschermd als een gepubliceerd totaal (het land, "
        "de regio, een KPI) anders een kleine groep zou verraden; dan altijd de kleinste groepen die volstaan, "
        "nooit het totaal zelf.",
        "**Why.** A group of fewer than {threshold} people (students, supervised students, graduates) is not "
        "shown: its count, rates and amounts per student read \"shielded\". Larger groups are shielded too where a "
        "published total (the country, the region, a KPI) would otherwise give a small group away; always the "
        "smallest groups that suffice, never the total itself."),
    "report.suppression_rule2": (
        "**Wat niet gezegd wordt.** Welke van de twee redenen voor een rij geldt, staat nergens: dat zou "
        "verraden welke afgeschermde groepen klein zijn. Bedragen, plaatsen en fte die niet per student zijn, "
        "blijven zichtbaar; de cijfers van het land, de regio en het partnerschap zelf worden altijd getoond "
        "zodra ze minstens {threshold} personen tellen.",
        "**What is not said.** Which of the two reasons applies to a row is said nowhere: that would tell which "
        "shielded groups are small. Amounts, places and fte that are not per student stay visible; the "
        "country's, the region's and the partnership's own figures are always shown once they count at least "
        "{threshold} people."),
    "report.suppression_where": (
        "Rijen over personen in dit rapport, per soort gegevens:",
        "Rows about people in this report, per kind of data:"),
    "report.what.dropout_cohort": ("Uitval per partnerschap, opleiding en vorm (cohort {year})",
                                   "Dropout per partnership, programme and mode (cohort {year})"),
    "report.what.dropout_by_group": ("Uitval per studentgroep (cohort {year})", "Dropout per student group (cohort {year})"),
    "report.what.cost_per_supervised_student": ("Kosten per partnerschap ({year})", "Costs per partnership ({year})"),
    "report.what.feeder_schools": ("Doorstroom per school (examenjaar {year})", "Inflow per school (exam year {year})"),
    "report.what.kpi_scorecard": ("KPI-waarden ({year})", "KPI values ({year})"),
    "report.download": ("Kwaliteitsrapport (PDF)", "Quality report (PDF)"),
    "report.download_help": (
        "Het kwaliteitsrapport van {subject} over {year}: KPI's, de vier thema's, datakwaliteit en afscherming, "
        "op een paar pagina's om door te geven.",
        "The quality report of {subject} for {year}: KPIs, the four themes, data quality and shielding, on a "
        "few pages to pass on."),
    "report.download_partnership_only": (
        "Het kwaliteitsrapport van een partnerschap bevat zijn eigen, niet-afgeschermde cijfers en is alleen "
        "te downloaden door dat partnerschap zelf.",
        "A partnership's quality report holds its own unshielded figures and can only be downloaded by that "
        "partnership itself."),
}

# Labels of the marts' codes, per kind; a code without a label shows as itself.
CODES: dict[str, dict[str, tuple[str, str]]] = {
    "kpi": {
        "dropout_rate_h1": ("uitval na één jaar", "dropout after one year"),
        "cost_per_supervised_student": ("kosten per begeleide student", "cost per supervised student"),
        "students_unplaced": ("studenten zonder leerwerkplek", "students without a place"),
        "inflow_rate_havo": ("doorstroom havo naar lerarenopleiding", "havo inflow into teacher training"),
    },
    "status": {
        "op_koers": ("op koers", "on track"),
        "niet_op_koers": ("niet op koers", "off track"),
        "geen_doel": ("geen doel", "no target"),
    },
    "feed": {   # the contract's feed names are its folder names; readers get a name first
        "enrolments": ("inschrijvingen", "enrolments"), "placements": ("plaatsingsaanvragen", "placement requests"),
        "capacity": ("leerwerkplekken", "workplace capacity"), "costs": ("kosten", "costs"),
        "funding": ("subsidie", "funding"), "vo_outflow": ("uitstroom vo", "secondary-school outflow"),
        "regions": ("regio's", "regions"), "partnerships": ("partnerschappen", "partnerships"),
        "schools": ("scholen", "schools"), "institutions": ("instellingen", "institutions"),
        "subjects": ("vakken", "subjects"), "norms": ("normen", "norms"), "kpi_targets": ("KPI-doelen", "KPI targets"),
        "duo_examens": ("DUO-examens", "DUO exams"), "duo_intake": ("DUO-instroom", "DUO intake"),
        "duo_1cho": ("DUO 1cHO", "DUO 1cHO"), "croho": ("CROHO-register", "CROHO register"),
    },
    "mart": {   # the published tables by what they hold; the table's name beside for the data engineers
        "capacity_region": ("capaciteit per regio", "capacity per region"),
        "capacity_subject": ("capaciteit per vak", "capacity per subject"),
        "cost_per_supervised_student": ("kosten per begeleide student", "cost per supervised student"),
        "dropout_by_group": ("uitval per groep", "dropout by group"),
        "dropout_cohort": ("uitval per cohort", "dropout by cohort"),
        "feeder_schools": ("toeleverende scholen", "feeder schools"),
        "kpi_scorecard": ("KPI-scorekaart", "KPI scorecard"),
        "national_intake": ("landelijke instroom", "national intake"),
        "partnerships": ("partnerschappen", "partnerships"), "regions": ("regio's", "regions"),
        "schools": ("scholen", "schools"), "vo_exam_results": ("vo-examenresultaten", "secondary exam results"),
    },
    "direction": {
        "lower_is_better": ("lager is beter", "lower is better"),
        "higher_is_better": ("hoger is beter", "higher is better"),
    },
    "scarcity": {
        "leerwerkplekken": ("te weinig leerwerkplekken", "too few places"),
        "begeleiders": ("te weinig begeleiders", "too few supervisors"),
        "beide": ("te weinig plekken én begeleiders", "too few places and supervisors"),
        "geen": ("geen schaarste", "no scarcity"),
    },
    "sector": {"po": ("po", "primary"), "vo": ("vo", "secondary"), "mbo": ("mbo", "vocational")},
    "study_mode": {"voltijd": ("voltijd", "full-time"), "deeltijd": ("deeltijd", "part-time"),
                   "duaal": ("duaal", "dual")},
    "programme_type": {"pabo": ("pabo", "pabo"), "alpo": ("alpo", "alpo"),
                       "tweedegraads": ("tweedegraads", "second-degree"),
                       "eerstegraads": ("eerstegraads", "first-degree"),
                       "educatieve_minor": ("educatieve minor", "educational minor"),
                       "ad_pep": ("Ad-PEP", "Ad-PEP")},
    "dimension": {
        "programme_type": ("opleiding", "programme"),
        "institution_type": ("soort instelling", "type of institution"),
        "degree_level": ("niveau", "degree level"),
        "study_mode": ("vorm", "mode"),
        "route": ("route", "route"),
        "prior_education": ("vooropleiding", "prior education"),
        "shortage_subject": ("tekortvak", "shortage subject"),
    },
    "band": {"laag": ("laag", "low"), "midden": ("midden", "middle"), "hoog": ("hoog", "high")},
    "delivery_status": {"loaded": ("in gebruik", "in use"), "replaced": ("vervangen", "replaced"),
                        "duplicate": ("dubbel", "duplicate"), "refused": ("geweigerd", "refused")},
    "track": {"havo": ("havo", "havo"), "vwo": ("vwo", "vwo"), "vmbo": ("vmbo", "vmbo")},
    "route": {"regulier": ("regulier", "regular"), "verkort": ("verkort", "shortened"),
              "maatwerk": ("maatwerk", "tailored"), "zij_instroom": ("zij-instroom", "lateral entry")},
    "prior_education": {"mbo": ("mbo", "mbo"), "havo": ("havo", "havo"), "vwo": ("vwo", "vwo"), "hbo": ("hbo", "hbo"),
                        "wo": ("wo", "university"), "buitenland": ("buitenland", "abroad"),
                        "overig": ("overig", "other"), "onbekend": ("onbekend", "unknown")},
    "degree_level": {"ad": ("Ad", "associate degree"), "bachelor": ("bachelor", "bachelor"),
                     "master": ("master", "master"), "geen": ("geen graad", "no degree")},
    "institution_type": {"hbo": ("hbo", "university of applied sciences"), "wo": ("wo", "research university")},
    "gate": {"grain_unique": ("unieke sleutel", "unique grain"),
             "rates_in_range": ("fracties tussen 0 en 1", "rates in [0, 1]"),
             "suppression_consistent": ("afscherming volgens de drempel", "suppression consistent with the threshold"),
             "values_in_range": ("waarden binnen bereik", "values in range"),
             "national_between_extremes": ("landelijk tussen de uitersten", "national between the extremes"),
             "row_count_band": ("aantal rijen stabiel", "row count stable")},
    "stage": {"ingest": ("inlezen", "ingest"), "build": ("bouwen", "build")},
    "shortage_subject": {"true": ("tekortvak", "shortage subject"), "false": ("geen tekortvak", "no shortage subject"),
                         "geen_vak": ("zonder vak", "no subject")},
}

# Column headers of the tables (the downloads keep the marts' own column names).
COLUMNS: dict[str, tuple[str, str]] = {
    "region_intake": ("instroom regio", "region intake"), "national_intake": ("instroom land", "national intake"),
    "share": ("aandeel", "share"), "hidden_partnerships": ("verborgen partnerschappen", "hidden partnerships"),
    "delivered_graduates": ("aangeleverd", "delivered"), "duo_graduates": ("DUO", "DUO"),
    "duo_suppressed_cells": ("DUO-cellen < 5", "DUO cells < 5"), "difference": ("verschil", "difference"),
    "relative_difference": ("relatief verschil", "relative difference"), "exceeds_margin": ("buiten marge", "outside margin"),
    "croho_programme_type": ("soort volgens CROHO", "type by CROHO"), "verdict": ("oordeel", "verdict"),
    "enrolment_rows": ("rijen", "rows"), "institution_code": ("instelling", "institution"),
    "programme_code": ("opleidingscode", "programme code"), "margin": ("marge", "margin"),
    "scope_code": ("code", "code"), "scope_type": ("soort", "type"), "kpi": ("KPI", "KPI"),
    "academic_year": ("jaar", "year"), "value": ("waarde", "value"), "target_value": ("doel", "target"),
    "direction": ("richting", "direction"), "national_value": ("landelijk", "national"), "status": ("status", "status"),
    "region_code": ("regio", "region"), "partnership_code": ("partnerschap", "partnership"),
    "programme_type": ("opleiding", "programme"), "study_mode": ("vorm", "mode"), "cohort_year": ("cohort", "cohort"),
    "horizon_years": ("na jaren", "after years"), "cohort_size": ("cohortgrootte", "cohort size"),
    "graduated": ("diploma", "graduated"), "enrolled_same": ("nog ingeschreven", "still enrolled"),
    "switched": ("overgestapt", "switched"), "dropped_out": ("uitgevallen", "dropped out"),
    "dropout_rate": ("uitval", "dropout"), "switch_rate": ("overstap", "switch"),
    "graduation_rate": ("diploma %", "graduation"), "retention_rate": ("behouden", "retained"),
    "national_dropout_rate": ("uitval landelijk", "dropout national"), "dimension": ("groep", "group"),
    "dimension_value": ("waarde", "value"), "supervised_students": ("begeleide studenten", "supervised students"),
    "supervision_cost_eur": ("begeleidingskosten", "supervision cost"),
    "internship_allowance_eur": ("stagevergoeding", "internship allowance"),
    "cost_per_supervised_student": ("kosten per student", "cost per student"),
    "subsidy_eur": ("subsidie", "subsidy"), "subsidy_per_supervised_student": ("subsidie per student", "subsidy per student"),
    "funding_gap_per_student": ("tekort per student", "gap per student"), "supervision_fte": ("begeleidings-fte", "supervision fte"),
    "fte_per_supervised_student": ("fte per student", "fte per student"), "fte_norm_per_student": ("fte-norm", "fte norm"),
    "sector": ("sector", "sector"), "places_offered": ("plaatsen", "places"),
    "placement_requests": ("aanvragen", "requests"), "students_placed": ("geplaatst", "placed"),
    "students_unplaced": ("niet geplaatst", "unplaced"), "place_utilisation": ("bezetting", "utilisation"),
    "demand_ratio": ("vraag per plaats", "requests per place"),
    "supervision_fte_available": ("fte beschikbaar", "fte available"),
    "supervision_fte_required": ("fte nodig", "fte required"), "supervisor_fte_gap": ("fte-tekort", "fte gap"),
    "scarcity_type": ("schaarste", "scarcity"), "subject": ("vak", "subject"),
    "shortage_subject": ("tekortvak", "shortage subject"), "surplus_subject": ("overschotvak", "surplus subject"),
    "school_code": ("school", "school"), "exam_year": ("examenjaar", "exam year"), "track": ("schoolsoort", "track"),
    "graduates": ("gediplomeerden", "graduates"), "entered_teacher_training": ("naar lerarenopleiding", "entered teacher training"),
    "inflow_rate": ("doorstroom", "inflow"), "national_inflow_rate": ("landelijk", "national"),
    "percentile": ("percentiel", "percentile"), "band": ("band", "band"), "persistently_low": ("blijvend laag", "persistently low"),
    "feed": ("feed", "feed"), "sender": ("aanleveraar", "sender"), "file_name": ("bestand", "file"),
    "rows_received": ("rijen ontvangen", "rows received"), "rows_loaded": ("rijen geladen", "rows loaded"),
    "rows_rejected": ("rijen afgekeurd", "rows rejected"), "received_at": ("ontvangen", "received"),
    "message": ("melding", "message"), "row_number": ("rij", "row"), "reason": ("reden", "reason"),
    "stage": ("fase", "stage"), "last_received": ("laatst ontvangen", "last received"),
    "files_in_use": ("bestanden in gebruik", "files in use"), "latest_year": ("laatste jaar", "latest year"),
    "senders": ("aanleveraars", "senders"), "gate": ("poort", "gate"), "mart": ("mart", "mart"),
    "passed": ("geslaagd", "passed"), "blocking": ("blokkerend", "blocking"), "evaluated_at": ("beoordeeld", "evaluated"),
    "checks": ("controles", "checks"), "failed": ("gefaald", "failed"),
    "scarcity_before": ("schaarste nu", "scarcity now"), "scarcity_after": ("schaarste daarna", "scarcity after"),
    "places_after": ("plaatsen daarna", "places after"), "placed_after": ("geplaatst daarna", "placed after"),
    "unplaced_after": ("niet geplaatst daarna", "unplaced after"),
    "fte_required_after": ("fte nodig daarna", "fte required after"),
    "fte_available_after": ("fte beschikbaar daarna", "fte available after"),
    "fte_gap_after": ("fte-tekort daarna", "fte gap after"), "count": ("aantal", "count"),
    "suppressed": ("afgeschermd", "shielded"),
}


_SPEAKING: ContextVar[str | None] = ContextVar("regiomonitor_language", default=None)


@contextlib.contextmanager
def speaking(language: str):
    """Build text in this language, whatever the session chose: the pages' plain functions (headline,
    charts, table) run under it, so the report can render them in its own language outside Streamlit."""
    token = _SPEAKING.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def lang() -> str:
    forced = _SPEAKING.get()
    if forced is not None:
        return forced
    value = st.session_state.get(KEY, DEFAULT)
    return value if value in LANGUAGES else DEFAULT


def _pick(pair: tuple[str, str], language: str | None = None) -> str:
    return pair[1] if (language or lang()) == "en" else pair[0]


def t(key: str, **values) -> str:
    text = _pick(STRINGS[key])
    return text.format(**values) if values else text


# Kinds whose code a reader also needs beside the name: a feed's code is the inbox folder a sender
# drops its files into and the name in the delivery reports ("subsidie (funding)"), a mart's the table
# a data engineer queries.
WITH_CODE = {"feed", "mart"}


def code(kind: str, value, language: str | None = None) -> str:
    """A code of the marts by its label in the reader's language (itself when it has none)."""
    if value is None:
        return "–"
    pair = CODES.get(kind, {}).get(str(value))
    if not pair:
        return str(value)
    label = _pick(pair, language)
    return f"{label} ({value})" if kind in WITH_CODE and label != str(value) else label


def column(name: str) -> str:
    pair = COLUMNS.get(name)
    return _pick(pair) if pair else name


def switch(on_change=None) -> str:
    """The language switch in the sidebar; returns the chosen language."""
    if st.session_state.get(KEY) not in LANGUAGES:
        st.session_state[KEY] = DEFAULT
    st.sidebar.radio("Taal / Language", list(LANGUAGES), key=KEY, format_func=LANGUAGES.get, horizontal=True,
                     on_change=on_change)
    return lang()
